import SGLabCore
import SGLabLanguage

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where a run writes: standard output and standard error, or a buffer in tests.
public protocol OutputSink {
    mutating func out(_ text: String)
    mutating func err(_ text: String)
}

/// Collects both streams in order, for golden transcripts.
public struct BufferSink: OutputSink {
    public var text = ""
    public init() {}
    public mutating func out(_ s: String) { text += s + "\n" }
    public mutating func err(_ s: String) { text += s + "\n" }
}

/// Renders what a command produced, for scripts and the REPL alike.
public enum OutcomeRenderer {
    /// `showFix: false` keeps traces' exact fix commands back (a lesson before its hints are spent).
    public static func render(_ outcome: Outcome, line: String, world: World, style: Style = .plain, showFix: Bool = true) -> String {
        switch outcome {
        case .message(let text): return text
        case .help(let text): return text
        case .trace(let trace): return TraceRenderer.render(trace, style: style, showFix: showFix)
        case .expectation:
            return "✓ \(line.trimmed())"
        case .connected(let trace, let connection):
            var lines = [TraceRenderer.render(trace, title: "connect", style: style, showFix: showFix)]
            if let connection {
                lines.append("opened connection #\(connection.number)")
                lines += TraceRenderer.tracking(connection.tracking, world: world)
            } else {
                lines.append("no connection opened: the packet is blocked")
            }
            return lines.joined(separator: "\n")
        case .show(let kind, let id, let world):
            return WorldRenderer.render(kind: kind, id: id, world: world, style: style)
        case .health(let id, let results, let world):
            return WorldRenderer.health(id, results, world: world, style: style)
        case .stale(let vpc, let world):
            return WorldRenderer.stale(vpc, world: world, style: style)
        case .flowLogs(_, let records, let dropped):
            guard !records.isEmpty else { return "no flow log records yet: fire a packet first" }
            return (["version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status"]
                + records.map(\.description) + droppedNote(dropped, "flow log records")).joined(separator: "\n")
        case .trail(let events, let dropped):
            guard !events.isEmpty else { return "no changes yet" }
            // An undone change keeps its calls, marked: CloudTrail never forgets a call.
            return (events.map { "\(iso8601($0.time))  \($0.eventName.padded(to: 32)) \($0.command)" + ($0.undone ? "  (undone)" : "") }
                + droppedNote(dropped, "events")).joined(separator: "\n")
        case .history(let lines, let dropped):
            return (lines.enumerated().map { "\(String(dropped + $0.offset + 1).leftPadded(to: 4))  \($0.element)" }
                + droppedNote(dropped, "lines")).joined(separator: "\n")
        case .say(let text):
            return text
        case .pause:
            return ""
        case .assertion(let a):
            return a.passed ? "✓ \(line.trimmed())" : "✗ expected \(a.statement), but \(a.actual)"
        case .connections(let list, let world):
            guard !list.isEmpty else { return "no open connections" }
            return list.map { c in
                let states = c.tracking.map { t in
                    "\((world.interfaces[t.interfaceID]?.attachedResourceID.flatMap { world.name(of: $0) } ?? world.name(of: t.interfaceID)) ?? t.interfaceID.rawValue) \(t.tracked ? "tracked" : "untracked")"
                }.joined(separator: ", ")
                return "#\(c.number) \(c.summary)\(states.isEmpty ? "" : " — \(states)")"
            }.joined(separator: "\n")
        }
    }
}

/// Says that a session log let its oldest entries go (Session.logCapacity).
func droppedNote(_ dropped: Int, _ what: String) -> [String] {
    guard dropped > 0 else { return [] }
    return ["(\(dropped) older \(what) were dropped: the session keeps only the most recent)"]
}

/// Runs a script (commands.md, Running): stops at the first failing command with
/// `FILE:LINE: error: …` and exit 2; reports failed expectations as
/// `FILE:LINE: expectation failed: …` and goes on; ends with `N passed, M failed`, exit 1 when
/// any failed.
public struct ScriptRunner {
    public var json = false
    public var echo = false
    /// Colour when the output is a terminal (and NO_COLOR is unset).
    public var style = Style.plain
    public var session = Session(store: FileStore())
    /// Step mode (`sglab run --step`): called with each command before it runs, as if typed;
    /// returns false when the instructor ends the run. Also what `pause` waits on.
    public var step: ((String) -> Bool)?
    public var waitForEnter: (() -> Bool)?

    public init(json: Bool = false, echo: Bool = false) {
        self.json = json
        self.echo = echo
        session.explainExpectations = json
    }

    /// The longest line a script may hold, in bytes: far beyond any command, small enough that
    /// input with no line ends (a stray binary, /dev/zero) ends with an error at once.
    public static let lineLimit = 65_536

    /// Runs a script held in memory.
    public mutating func run(_ text: String, file: String, into sink: inout some OutputSink) -> Int32 {
        var run = Run(file: file)
        var splitter = LineSplitter(limit: ScriptRunner.lineLimit)
        let bytes = Array(text.utf8)
        run.sawBytes = !bytes.isEmpty
        for piece in splitter.feed(bytes) + splitter.finish() {
            if let status = handle(piece, &run, into: &sink) { return status }
        }
        return finish(run, into: &sink)
    }

    /// Runs a script read from a file descriptor (a file, a pipe, standard input) line by line
    /// as it arrives, in bounded memory: a slow producer's commands run as they come.
    public mutating func run(reading fd: Int32, file: String, into sink: inout some OutputSink) -> Int32 {
        var run = Run(file: file)
        var splitter = LineSplitter(limit: ScriptRunner.lineLimit)
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            // What the lines so far printed is shown before waiting for more of them.
            fflush(nil)
            let count = buffer.withUnsafeMutableBytes { systemRead(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                emitError("\(file): error: cannot read: \(String(cString: strerror(errno)))", run, into: &sink)
                return 2
            }
            let pieces = count == 0 ? splitter.finish() : splitter.feed(buffer[0..<count])
            if count > 0 { run.sawBytes = true }
            for piece in pieces {
                if let status = handle(piece, &run, into: &sink) { return status }
            }
            if count == 0 { return finish(run, into: &sink) }
        }
    }

    /// Runs the script at `path`, or standard input for `-`, line by line as it is read.
    public mutating func run(path: String, into sink: inout some OutputSink) -> Int32 {
        if path == "-" { return run(reading: STDIN_FILENO, file: "<stdin>", into: &sink) }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            sink.err("sglab: cannot read \(style.visible(path)): \(String(cString: strerror(errno)))")
            return 2
        }
        defer { close(fd) }
        return run(reading: fd, file: path, into: &sink)
    }

    /// What a run has counted so far.
    struct Run {
        let file: String
        var passed = 0
        var failed = 0
        var number = 0
        var commands = 0
        var sawBytes = false
        var summary: String? {
            passed + failed > 0 ? "\(passed) passed, \(failed) failed" : nil
        }
    }

    /// Output from outside shows its control characters; only this runner's styling is kept.
    private func out(_ text: String, into sink: inout some OutputSink) { sink.out(style.visible(text)) }
    private func err(_ text: String, into sink: inout some OutputSink) { sink.err(Style.plain.visible(text)) }

    /// An error that ends the run, then the summary (last, and only when an expectation ran).
    private func emitError(_ text: String, _ run: Run, into sink: inout some OutputSink) {
        err(text, into: &sink)
        if let summary = run.summary {
            if json { err(summary, into: &sink) } else { out(summary, into: &sink) }
        }
    }

    private func finish(_ run: Run, into sink: inout some OutputSink) -> Int32 {
        if run.commands == 0 && run.sawBytes {
            // A file that holds bytes but ran nothing is never a pass: it is what a script whose
            // line ends were misread would look like.
            emitError("\(run.file): error: nothing ran: every line is blank or a comment", run, into: &sink)
            return 2
        }
        if let summary = run.summary {
            if json { err(summary, into: &sink) } else { out(summary, into: &sink) }
        }
        return run.failed > 0 ? 1 : 0
    }

    /// Runs one line; returns the exit status when the run ends here.
    private mutating func handle(_ piece: LineSplitter.Piece, _ run: inout Run, into sink: inout some OutputSink) -> Int32? {
        run.number += 1
        let number = run.number
        let file = run.file
        let line: String
        switch piece {
        case .tooLong(let prefix):
            emitError(
                "\(file):\(number): error: the line is longer than \(ScriptRunner.lineLimit) bytes (it starts \(prefix)…)", run,
                into: &sink)
            return 2
        case .line(let text): line = text
        }
        let blank = line.trimmed().isEmpty || line.trimmed().hasPrefix("#")
        if !blank { run.commands += 1 }
        if let step, !blank {
            guard step(style.visible(line)) else {
                out("stopped at line \(number)", into: &sink)
                return 0
            }
        } else if echo && !json && !line.trimmed().isEmpty {
            out("> \(line)", into: &sink)
        }
        let outcome: Outcome?
        do {
            outcome = try session.execute(line)
        } catch {
            emitError("\(file):\(number): error: \(ErrorRenderer.message(error))", run, into: &sink)
            return 2
        }
        guard let outcome else { return nil }
        switch outcome {
        case .expectation(let e):
            if e.passed { run.passed += 1 } else { run.failed += 1 }
            if json {
                out(JSON.trace(e.trace, line: number, expectation: e), into: &sink)
                if !e.passed { err("\(file):\(number): expectation failed: expected \(e.expected), got \(e.actual)", into: &sink) }
            } else if e.passed {
                out(OutcomeRenderer.render(outcome, line: line, world: session.world, style: style), into: &sink)
            } else {
                err("\(file):\(number): expectation failed: expected \(e.expected), got \(e.actual)", into: &sink)
                out(TraceRenderer.render(e.trace, title: "  packet", style: style), into: &sink)
            }
        case .trace(let trace):
            out(json ? JSON.trace(trace, line: number) : TraceRenderer.render(trace, style: style), into: &sink)
        case .connected(let trace, _):
            out(
                json ? JSON.trace(trace, line: number) : OutcomeRenderer.render(outcome, line: line, world: session.world, style: style),
                into: &sink)
        case .assertion(let a):
            if a.passed { run.passed += 1 } else { run.failed += 1 }
            if !a.passed {
                err("\(file):\(number): expectation failed: expected \(a.statement), but \(a.actual)", into: &sink)
            } else if !json {
                out("✓ \(line.trimmed())", into: &sink)
            }
        case .pause:
            // Skipped in plain runs; in step mode it waits like any other line.
            if let waitForEnter, !json {
                out("(paused — press Enter)", into: &sink)
                if !waitForEnter() { return 0 }
            }
        default:
            if !json { out(OutcomeRenderer.render(outcome, line: line, world: session.world, style: style), into: &sink) }
        }
        return nil
    }
}

/// POSIX `write`, named apart from any `write` method.
func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int {
    #if canImport(Glibc)
        Glibc.write(fd, buffer, count)
    #else
        Darwin.write(fd, buffer, count)
    #endif
}

/// POSIX `read`, named apart from any `read` method.
func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    #if canImport(Glibc)
        Glibc.read(fd, buffer, count)
    #else
        Darwin.read(fd, buffer, count)
    #endif
}

extension StringProtocol {
    func trimmed(_ set: String = " \t") -> Substring {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s.removeFirst() }
        while let l = s.last, set.contains(l) { s.removeLast() }
        return s
    }
}

extension String {
    func padded(to width: Int) -> String { count >= width ? self : self + String(repeating: " ", count: width - count) }
    func leftPadded(to width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}

/// `2026-01-01T00:01:00Z` for a count of seconds since 1970 (UTC, proleptic Gregorian).
func iso8601(_ seconds: Int) -> String {
    let days = seconds / 86400
    let rest = seconds % 86400
    // Civil-from-days (Howard Hinnant's algorithm).
    let z = days + 719468
    let era = (z >= 0 ? z : z - 146096) / 146097
    let doe = z - era * 146097
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let day = doy - (153 * mp + 2) / 5 + 1
    let month = mp < 10 ? mp + 3 : mp - 9
    let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
    func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
    return "\(year)-\(two(month))-\(two(day))T\(two(rest / 3600)):\(two(rest / 60 % 60)):\(two(rest % 60))Z"
}
