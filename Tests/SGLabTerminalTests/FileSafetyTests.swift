import Foundation
import SGLabLanguage
import Testing

@testable import SGLabTerminal

#if canImport(Glibc)
    import Glibc
#endif

/// `save` and `record` replace regular files only, keep their permissions, and leave nothing
/// half-written when the process is ended; a crash is one line. Special files are made in a
/// private temporary folder (a FIFO and a symbolic link), never a real device.
@Suite("Files that are not ours", .serialized)
struct FileSafetyTests {
    let folder: String

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("sglab-files-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    func session() throws -> Session {
        var session = Session(store: FileStore())
        _ = try session.execute("vpc create lab 10.0.0.0/16")
        return session
    }

    func contents(of folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
    }

    @Test("save and record refuse a FIFO and leave it a FIFO")
    func fifo() throws {
        let path = folder + "/pipe"
        #expect(mkfifo(path, 0o600) == 0)
        var session = try session()
        for command in ["save \(path)", "record \(path)"] {
            #expect(throws: LanguageError.self) { try session.execute(command) }
            do { _ = try session.execute(command) } catch { #expect(error.message.contains("it is a FIFO, not a regular file")) }
        }
        var info = stat()
        #expect(lstat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFIFO)
        #expect(contents(of: folder) == ["pipe"])
    }

    @Test("save refuses a symbolic link and leaves both the link and its target as they were")
    func symlinkRefused() throws {
        let target = folder + "/target.txt"
        try "precious\n".write(toFile: target, atomically: false, encoding: .utf8)
        let link = folder + "/world.json"
        #expect(symlink(target, link) == 0)
        var session = try session()
        do {
            _ = try session.execute("save \(link)")
            Issue.record("saved through a symbolic link")
        } catch {
            #expect(error.message.contains("it is a symbolic link"))
        }
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "precious\n")
        var info = stat()
        #expect(lstat(link, &info) == 0 && info.st_mode & S_IFMT == S_IFLNK)
    }

    @Test("saving over a file keeps its permissions")
    func keepsPermissions() throws {
        let path = folder + "/world.json"
        try "{}".write(toFile: path, atomically: false, encoding: .utf8)
        #expect(chmod(path, 0o640) == 0)
        var session = try session()
        _ = try session.execute("save \(path)")
        var info = stat()
        #expect(stat(path, &info) == 0)
        #expect(info.st_mode & 0o777 == 0o640)
        #expect(try String(contentsOfFile: path, encoding: .utf8).contains("\"vpcs\""))
        #expect(contents(of: folder) == ["world.json"])
    }

    @Test("a save stopped by the file size limit exits with a message and leaves no temporary file")
    func fileSizeLimit() throws {
        let old = folder + "/world.json"
        try "old".write(toFile: old, atomically: false, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        // 1 block of 512 bytes: the saved world is larger.
        process.arguments = ["-c", "ulimit -f 1; exec \"$0\" run -", EndToEndTests.binary.path]
        let input = Pipe(), error = Pipe()
        process.standardInput = input
        process.standardError = error
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        input.fileHandleForWriting.write(Data("vpc create lab 10.0.0.0/16\nsave \(old)\n".utf8))
        try input.fileHandleForWriting.close()
        let message = String(decoding: error.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 128 + SIGXFSZ)
        #expect(message == "sglab: a file grew past the file size limit (ulimit -f); stopped, and nothing was left half-written\n")
        #expect(contents(of: folder) == ["world.json"])
        #expect(try String(contentsOfFile: old, encoding: .utf8) == "old")
    }

    @Test("a crash prints one line of its own and exits, without a backtrace")
    func crashIsOneLine() async {
        await #expect(processExitsWith: .exitCode(128 + SIGILL), observing: [\.standardErrorContent]) {
            ProcessGuards.install()
            let digits = String(repeating: "x", count: Int(getpid() % 2) + 1)
            _ = Int(digits)!
        }.map { result in
            let text = String(decoding: result.standardErrorContent, as: UTF8.self)
            #expect(text.contains("sglab: internal error"))
            // The Swift backtracer's report (registers, every thread, a wait for a key on a
            // terminal) never runs. (The test runner starts this child with the backtracer
            // off, so the runtime's own short "Current stack trace" may come first here; the
            // sglab binary, run normally, prints only its line: see the end-to-end test.)
            #expect(!text.contains("Registers") && !text.contains("Program crashed") && !text.contains("Press space"))
            #expect(text.split(separator: "\n").last?.hasPrefix("sglab: internal error") == true, "\(text.debugDescription)")
        }
    }
}
