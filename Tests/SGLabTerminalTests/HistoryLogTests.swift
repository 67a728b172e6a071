import Foundation
import Testing

@testable import SGLabTerminal

#if canImport(Glibc)
    import Glibc
#endif

/// The history file: appended under a lock by every session, never through a symbolic link,
/// never left with half an entry.
@Suite("History file", .serialized)
struct HistoryLogTests {
    let folder: String

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("sglab-history-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    @Test("entries with spaces, backslashes, control characters and non-ASCII read back as written")
    func roundTrip() throws {
        let log = HistoryLog(path: folder + "/history")
        let entries = ["vpc create lab 10.0.0.0/16", #"say "a \ b""#, "sg describe web \"café ☕\"", "tab\there", "esc\u{1B}[2J"]
        for entry in entries { try log.append(entry) }
        #expect(try log.load() == entries)
        let text = try String(contentsOfFile: log.path, encoding: .utf8)
        #expect(text.hasPrefix("_HiStOrY_V2_\nvpc\\040create\\040lab\\04010.0.0.0/16\n"))
        #expect(!text.contains("\u{1B}"))
    }

    @Test("a history written by libedit reads back")
    func libeditFormat() {
        let bytes = Array("_HiStOrY_V2_\nvpc\\040create\\040lab\\04010.0.0.0/16\r\nsay\\s\\\"hi\\\"\n\n".utf8)
        #expect(HistoryLog.decode(bytes) == ["vpc create lab 10.0.0.0/16", "say \"hi\""])
    }

    @Test("a symbolic link at the history path is never followed: its target is untouched")
    func symbolicLink() throws {
        let target = folder + "/precious"
        try "keep me\n".write(toFile: target, atomically: false, encoding: .utf8)
        #expect(chmod(target, 0o644) == 0)
        let path = folder + "/history"
        #expect(symlink(target, path) == 0)
        let log = HistoryLog(path: path)
        #expect(throws: HistoryLog.Failure.self) { try log.load() }
        #expect(throws: HistoryLog.Failure.self) { try log.append("vpc create lab 10.0.0.0/16") }
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "keep me\n")
        var info = stat()
        #expect(stat(target, &info) == 0 && info.st_mode & 0o777 == 0o644)
    }

    @Test("a FIFO at the history path is refused, not written into")
    func fifo() throws {
        let path = folder + "/history"
        #expect(mkfifo(path, 0o600) == 0)
        // O_NONBLOCK is not needed: a FIFO opened for writing with no reader fails (ENXIO) or
        // is refused after fstat; either way nothing is written and nothing blocks.
        let log = HistoryLog(path: path)
        #expect(throws: HistoryLog.Failure.self) { try log.load() }
    }

    /// Writers with their own open file, as separate sessions have.
    static func writeConcurrently(_ path: String, writers: Int, each: Int) {
        DispatchQueue.concurrentPerform(iterations: writers) { writer in
            let log = HistoryLog(path: path)
            for n in 0..<each { try? log.append("say \"writer \(writer) line \(n)\"") }
        }
    }

    @Test("sessions writing at once lose no line and leave a readable file")
    func concurrentWriters() throws {
        for round in 0..<5 {
            let path = folder + "/history-\(round)"
            Self.writeConcurrently(path, writers: 4, each: 40)
            let entries = try HistoryLog(path: path).load()
            #expect(entries.count == 160)
            #expect(Set(entries).count == 160)
            for writer in 0..<4 {
                // Each writer's lines are in its own order.
                let own = entries.filter { $0.hasPrefix("say \"writer \(writer) ") }
                #expect(own == (0..<40).map { "say \"writer \(writer) line \($0)\"" })
            }
        }
    }

    @Test("a history of more than twice the limit is cut to the newest entries")
    func compaction() throws {
        var log = HistoryLog(path: folder + "/history")
        log.limit = 10
        for n in 0..<25 { try log.append("say \"\(n)\"") }
        #expect(try log.load() == (15..<25).map { "say \"\($0)\"" })
        #expect(try log.load().count == 10)
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []) == ["history"])
    }

    @Test("a write the file system cannot take whole leaves no half entry")
    func partialWrite() async {
        await #expect(processExitsWith: .success) {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sglab-full-\(getpid())").path
            try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let log = HistoryLog(path: folder + "/history")
            try? log.append("vpc create lab 10.0.0.0/16")
            // The file may not grow past 1 KiB: the next entry is cut short by the kernel.
            signal(SIGXFSZ, SIG_IGN)
            var limit = rlimit(rlim_cur: 1024, rlim_max: 1024)
            setrlimit(Int32(RLIMIT_FSIZE.rawValue), &limit)
            var failed = false
            do throws(HistoryLog.Failure) {
                try log.append("say \"" + String(repeating: "x", count: 4000) + "\"")
            } catch {
                failed = error.message.contains("the last entry was not saved")
            }
            let entries = (try? log.load()) ?? []
            try? FileManager.default.removeItem(atPath: folder)
            exit(failed && entries == ["vpc create lab 10.0.0.0/16"] ? 0 : 1)
        }
    }
}
