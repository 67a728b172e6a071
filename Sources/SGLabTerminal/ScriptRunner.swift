import SGLabCore
import SGLabLanguage

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

    public mutating func run(_ text: String, file: String, into sink: inout some OutputSink) -> Int32 {
        var passed = 0
        var failed = 0
        var number = 0
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last == "" { lines.removeLast() }
        for raw in lines {
            number += 1
            let line = raw.hasSuffix("\r") ? String(raw.dropLast()) : String(raw)
            let blank = line.trimmed().isEmpty || line.trimmed().hasPrefix("#")
            if let step, !blank {
                guard step(line) else {
                    sink.out("stopped at line \(number)")
                    return 0
                }
            } else if echo && !json && !line.trimmed().isEmpty {
                sink.out("> \(line)")
            }
            let outcome: Outcome?
            do {
                outcome = try session.execute(line)
            } catch {
                sink.err("\(file):\(number): error: \(error)")
                if !json { sink.out("\(passed) passed, \(failed) failed") } else { sink.err("\(passed) passed, \(failed) failed") }
                return 2
            }
            guard let outcome else { continue }
            switch outcome {
            case .expectation(let e):
                if e.passed { passed += 1 } else { failed += 1 }
                if json {
                    sink.out(JSON.trace(e.trace, line: number, expectation: e))
                    if !e.passed { sink.err("\(file):\(number): expectation failed: expected \(e.expected), got \(e.actual)") }
                } else if e.passed {
                    sink.out(OutcomeRenderer.render(outcome, line: line, world: session.world, style: style))
                } else {
                    sink.err("\(file):\(number): expectation failed: expected \(e.expected), got \(e.actual)")
                    sink.out(TraceRenderer.render(e.trace, title: "  packet", style: style))
                }
            case .trace(let trace):
                sink.out(json ? JSON.trace(trace, line: number) : TraceRenderer.render(trace, style: style))
            case .connected(let trace, _):
                sink.out(json ? JSON.trace(trace, line: number) : OutcomeRenderer.render(outcome, line: line, world: session.world, style: style))
            case .assertion(let a):
                if a.passed { passed += 1 } else { failed += 1 }
                if !a.passed {
                    sink.err("\(file):\(number): expectation failed: expected \(a.statement), but \(a.actual)")
                } else if !json {
                    sink.out("✓ \(line.trimmed())")
                }
            case .pause:
                // Skipped in plain runs; in step mode it waits like any other line.
                if let waitForEnter, !json {
                    sink.out("(paused — press Enter)")
                    if !waitForEnter() { return 0 }
                }
            default:
                if !json { sink.out(OutcomeRenderer.render(outcome, line: line, world: session.world, style: style)) }
            }
        }
        let summary = "\(passed) passed, \(failed) failed"
        if json { sink.err(summary) } else { sink.out(summary) }
        return failed > 0 ? 1 : 0
    }
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
