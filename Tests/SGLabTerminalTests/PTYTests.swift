import Foundation
import Testing

@testable import SGLabTerminal

#if canImport(Glibc)
    import Glibc
#endif

/// The lab under a pseudo-terminal, as a person types at it: libedit, Tab, `?`, history, ^C.
/// Every key is sent only once the terminal has left canonical mode (libedit is reading), every
/// wait consumes what it matched, and nothing asserts on escape sequences.
@Suite(.serialized, .timeLimit(.minutes(1)))
struct PTYTests {
    @Test("Tab completes a command word after a command has run")
    func tabCompletesCommandWord() throws {
        let lab = try PTYSession()
        defer { lab.finish() }
        try lab.expect("sglab> ")
        try lab.send("vpc create lab 10.0.0.0/16\r")
        try lab.expect("created VPC lab")
        try lab.expect("sglab> ")
        try lab.send("sub\t")
        try lab.expect("subnet ")
        // The line really holds `subnet `: the rest of the command runs.
        try lab.send("create pub in lab 10.0.1.0/24\r")
        try lab.expect("created subnet pub")
    }

    @Test("a second Tab lists the security groups, and only them")
    func secondTabListsGroups() throws {
        let lab = try PTYSession()
        defer { lab.finish() }
        try lab.expect("sglab> ")
        for (line, reply) in [
            ("vpc create lab 10.0.0.0/16", "created VPC lab"),
            ("subnet create pub in lab 10.0.1.0/24", "created subnet pub"),
            ("sg create web in lab", "created security group web"),
            ("sg create db in lab", "created security group db"),
        ] {
            try lab.send(line + "\r")
            try lab.expect(reply)
            try lab.expect("sglab> ")
        }
        try lab.send("sg allow ")
        try lab.send("\t")
        try lab.send("\t")
        // The first Tab only beeps (and may redraw the line); the second lists.
        let listing = try lab.expect("default") + lab.expect("sglab> ")
        let words = Set(listing.split(whereSeparator: \.isWhitespace).map(String.init))
        #expect(words.isSuperset(of: ["db", "default", "web"]), "\(listing)")
        #expect(!words.contains("pub") && !words.contains("lab"), "\(listing)")
        // The line is redrawn as it was, and goes on.
        try lab.send("w\t")
        try lab.expect("web ")
        try lab.send("in https from 0.0.0.0/0\r")
        try lab.expect("security group web inbound")
    }

    @Test("? shows what may come next with a meaning each, and ? in quotes is a character")
    func questionMark() throws {
        let lab = try PTYSession()
        defer { lab.finish() }
        try lab.expect("sglab> ")
        for (line, reply) in [("vpc create lab 10.0.0.0/16", "created VPC lab"), ("sg create web in lab", "created security group web")] {
            try lab.send(line + "\r")
            try lab.expect(reply)
            try lab.expect("sglab> ")
        }
        try lab.send("sg allow web ")
        try lab.send("?")
        let help = try lab.expect("sglab> ")
        let lines = help.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(lines.contains { $0.hasPrefix("in ") && $0.contains("inbound") }, "\(help)")
        #expect(lines.contains { $0.hasPrefix("out ") && $0.contains("outbound") }, "\(help)")
        // The line is redisplayed after the help and can be finished.
        try lab.expect("sg allow web")
        try lab.send("in ssh from 10.0.0.0/16\r")
        try lab.expect("security group web inbound")
        try lab.expect("sglab> ")
        try lab.send("say \"ready? go\"\r")
        try lab.expect("ready? go")
    }

    @Test("two labs at once both keep their history: each line is appended, none rewrites the other's")
    func historyOfTwoSessions() throws {
        let home = try PTYSession.temporaryHome()
        defer { try? FileManager.default.removeItem(at: home) }
        let first = try PTYSession(home: home)
        let second = try PTYSession(home: home)
        defer {
            first.finish()
            second.finish()
        }
        try first.expect("sglab> ")
        try second.expect("sglab> ")
        // Interleaved: each session writes after the other has written.
        for n in 0..<10 {
            for (name, session) in [("a", first), ("b", second)] {
                try session.send("say \(name)\(n)\r")
                try session.expect("\(name)\(n)")
                try session.expect("sglab> ")
            }
        }
        let file = home.appendingPathComponent("state/sglab/history")
        let entries = try HistoryLog(path: file.path).load()
        for name in ["a", "b"] {
            #expect(entries.filter { $0.hasPrefix("say \(name)") } == (0..<10).map { "say \(name)\($0)" }, "\(entries)")
        }
    }

    @Test("history survives a restart, in a private file under XDG_STATE_HOME")
    func historyAcrossRuns() throws {
        let home = try PTYSession.temporaryHome()
        defer { try? FileManager.default.removeItem(at: home) }
        do {
            let first = try PTYSession(home: home)
            defer { first.finish() }
            try first.expect("sglab> ")
            try first.send("vpc create keep 10.1.0.0/16\r")
            try first.expect("created VPC keep")
            try first.expect("sglab> ")
            try first.send("\u{4}")
            // The world was not saved: the first Ctrl-D says so, the second leaves.
            try first.expect("not saved")
            try first.expect("sglab> ")
            try first.send("\u{4}")
            #expect(first.waitForExit() == 0)
        }
        let folder = home.appendingPathComponent("state/sglab")
        let file = folder.appendingPathComponent("history")
        func mode(_ url: URL) throws -> Int {
            try (FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as? NSNumber)?.intValue ?? -1
        }
        #expect(try mode(folder) == 0o700)
        #expect(try mode(file) == 0o600)

        let second = try PTYSession(home: home)
        defer { second.finish() }
        try second.expect("sglab> ")
        second.discardOutput()
        try second.send("\u{1B}[A")
        try second.expect("vpc create keep 10.1.0.0/16")
        try second.send("\r")
        try second.expect("created VPC keep")
    }

    @Test("Ctrl-C abandons a half-typed line and the session goes on")
    func controlC() throws {
        let lab = try PTYSession()
        defer { lab.finish() }
        try lab.expect("sglab> ")
        try lab.send("vpc create half 10.9.0.0/16")
        try lab.send("\u{3}")
        try lab.expect("sglab> ")
        try lab.send("vpc create lab 10.0.0.0/16\r")
        try lab.expect("created VPC lab")
        try lab.expect("sglab> ")
        try lab.send("show vpc half\r")
        try lab.expect("there is nothing named half")
        #expect(!lab.transcript.contains("created VPC half"))
    }

    @Test("when the history folder cannot be made, the lab says so once and keeps history in memory")
    func unwritableHistory() throws {
        let home = try PTYSession.temporaryHome()
        defer { try? FileManager.default.removeItem(at: home) }
        let blocker = home.appendingPathComponent("not-a-folder")
        try Data("x".utf8).write(to: blocker)
        let lab = try PTYSession(home: home, state: blocker.appendingPathComponent("state").path)
        defer { lab.finish() }
        try lab.expect("history is kept for this session only")
        try lab.expect("sglab> ")
        try lab.send("vpc create lab 10.0.0.0/16\r")
        try lab.expect("created VPC lab")
        try lab.expect("sglab> ")
        try lab.send("\u{1B}[A")
        try lab.expect("vpc create lab 10.0.0.0/16")
        #expect(lab.transcript.components(separatedBy: "kept for this session only").count == 2)
    }
}

/// `sglab` started on the slave side of a new pseudo-terminal; the test holds the master.
final class PTYSession {
    struct Timeout: Error, CustomStringConvertible {
        let description: String
    }

    let process = Process()
    let master: Int32
    /// A HOME made for this session alone, removed at the end.
    private let ownHome: URL?
    private var output: [UInt8] = []
    /// Where the next `expect` starts searching: each match is consumed.
    private var consumed = 0

    var transcript: String { String(decoding: output, as: UTF8.self) }

    static func temporaryHome() throws -> URL {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("sglab-pty-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        return home
    }

    /// - Parameters:
    ///   - arguments: `sglab`'s arguments (none: the lab).
    ///   - columns: the terminal's width.
    ///   - environment: added to the session's environment (SGLAB_CONTENT, XDG_DATA_HOME…).
    ///   - term: the terminal type libedit is told about.
    init(home: URL? = nil, state: String? = nil, arguments: [String] = [], columns: Int = 100,
         environment: [String: String] = [:], term: String = "dumb") throws {
        ownHome = home == nil ? try PTYSession.temporaryHome() : nil
        let home = home ?? ownHome!
        var master: Int32 = 0, slave: Int32 = 0
        var size = winsize(ws_row: 40, ws_col: UInt16(columns), ws_xpixel: 0, ws_ypixel: 0)
        guard openpty(&master, &slave, nil, nil, &size) == 0 else { throw Timeout(description: "openpty failed") }
        self.master = master
        let terminal = FileHandle(fileDescriptor: slave, closeOnDealloc: false)
        process.executableURL = EndToEndTests.binary
        process.arguments = arguments
        process.environment = [
            "HOME": home.path,
            "XDG_STATE_HOME": state ?? home.appendingPathComponent("state").path,
            "TERM": term,
            "LANG": "C.UTF-8",
            "PATH": "/usr/bin:/bin",
        ].merging(environment) { $1 }
        process.standardInput = terminal
        process.standardOutput = terminal
        process.standardError = terminal
        do {
            try process.run()
        } catch {
            close(slave)
            close(master)
            throw error
        }
        close(slave)
    }

    /// Waits until libedit has the terminal in raw mode: a key sent while it is still cooked is
    /// read by the kernel's line discipline (a ^D or ^C would be lost).
    func waitForRawMode(timeout: Duration = .seconds(10)) throws {
        let deadline = ContinuousClock.now + timeout
        var attributes = termios()
        while ContinuousClock.now < deadline {
            if tcgetattr(master, &attributes) == 0 && attributes.c_lflag & tcflag_t(ICANON) == 0 { return }
            pump(milliseconds: 5)
        }
        throw Timeout(description: "the terminal never left canonical mode; output so far:\n\(transcript)")
    }

    func send(_ text: String) throws {
        try waitForRawMode()
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeMutableBytes { write(master, $0.baseAddress! + offset, $0.count - offset) }
            guard n > 0 else { throw Timeout(description: "cannot write to the terminal") }
            offset += n
        }
    }

    /// Waits for `text` after the previous match; returns the output from there to the end of
    /// the match, and consumes it.
    @discardableResult
    // Generous: the suite runs beside CPU-heavy property tests on a 2-core machine.
    func expect(_ text: String, timeout: Duration = .seconds(30)) throws -> String {
        let needle = Array(text.utf8)
        let deadline = ContinuousClock.now + timeout
        while true {
            if let end = find(needle) {
                let seen = String(decoding: output[consumed..<end], as: UTF8.self)
                consumed = end
                return seen
            }
            guard ContinuousClock.now < deadline else {
                throw Timeout(
                    description: "no \"\(text)\" within \(timeout); unmatched output:\n\(String(decoding: output[consumed...], as: UTF8.self))")
            }
            pump(milliseconds: 20)
        }
    }

    /// Waits for whichever of `texts` comes first; returns it, and consumes up to its end.
    func expectFirst(of texts: [String], timeout: Duration = .seconds(10)) throws -> String {
        let deadline = ContinuousClock.now + timeout
        while true {
            let found = texts.compactMap { text in find(Array(text.utf8)).map { (text, $0) } }.min { $0.1 < $1.1 }
            if let (text, end) = found {
                consumed = end
                return text
            }
            guard ContinuousClock.now < deadline else {
                throw Timeout(description: "none of \(texts) within \(timeout); unmatched output:\n\(String(decoding: output[consumed...], as: UTF8.self))")
            }
            pump(milliseconds: 20)
        }
    }

    /// Forgets output not yet matched (a redraw that still shows older text).
    func discardOutput() {
        pump(milliseconds: 50)
        consumed = output.count
    }

    private func find(_ needle: [UInt8]) -> Int? {
        guard !needle.isEmpty, output.count - consumed >= needle.count else { return nil }
        var i = consumed
        while i + needle.count <= output.count {
            if output[i] == needle[0] && Array(output[i..<(i + needle.count)]) == needle { return i + needle.count }
            i += 1
        }
        return nil
    }

    private func pump(milliseconds: Int32) {
        var descriptor = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
        guard poll(&descriptor, 1, milliseconds) > 0 else { return }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let n = read(master, &buffer, buffer.count)
        if n > 0 { output += buffer[0..<n] }
    }

    func waitForExit(timeout: Duration = .seconds(10)) -> Int32? {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning && ContinuousClock.now < deadline { pump(milliseconds: 10) }
        return process.isRunning ? nil : process.terminationStatus
    }

    /// Ends the child: it should be gone already or leave at ^D; SIGKILL otherwise (SIGTERM may
    /// be blocked in a child of the test runner).
    func finish() {
        if process.isRunning {
            try? send("\u{3}\u{4}")
            // A world with unsaved changes asks at the first ^D; the second leaves.
            if waitForExit(timeout: .seconds(1)) == nil { try? send("\u{4}") }
            if waitForExit(timeout: .seconds(2)) == nil { kill(process.processIdentifier, SIGKILL) }
            _ = waitForExit(timeout: .seconds(2))
        }
        close(master)
        if let ownHome { try? FileManager.default.removeItem(at: ownHome) }
    }
}
