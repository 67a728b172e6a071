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
    public static func render(_ outcome: Outcome, line: String, world: World) -> String {
        switch outcome {
        case .message(let text): return text
        case .help(let text): return text
        case .trace(let trace): return TraceRenderer.render(trace)
        case .expectation(let e):
            return "✓ expect \(e.expected): \(e.trace.summary)"
        case .connected(let trace, let connection):
            var lines = [TraceRenderer.render(trace, title: "connect")]
            if let connection {
                lines.append("opened connection #\(connection.number)")
                lines += TraceRenderer.tracking(connection.tracking, world: world)
            } else {
                lines.append("no connection opened: the packet is blocked")
            }
            return lines.joined(separator: "\n")
        case .connections(let list, let world):
            guard !list.isEmpty else { return "no open connections" }
            return list.map { c in
                let states = c.tracking.map { t in
                    "\(world.name(of: world.interfaces[t.interfaceID]?.attachedResourceID ?? t.interfaceID) ?? t.interfaceID) \(t.tracked ? "tracked" : "untracked")"
                }.joined(separator: ", ")
                return "#\(c.number) \(c.summary)\(states.isEmpty ? "" : " — \(states)")"
            }.joined(separator: "\n")
        }
    }
}

/// Runs a script (commands.md, Running): stops at the first failing command with
/// `FILE:LINE: error: …` and exit 2; reports failed expectations as
/// `FILE:LINE: expectation failed: …` and goes on; ends with `N passed, M failed`, exit 1 when
/// any failed.
public struct ScriptRunner {
    public var json = false
    public var echo = false
    public var session = Session()

    public init(json: Bool = false, echo: Bool = false) {
        self.json = json
        self.echo = echo
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
            if echo && !json && !line.trimmingCharacters(in: " \t").isEmpty { sink.out("> \(line)") }
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
                    sink.out(OutcomeRenderer.render(outcome, line: line, world: session.world))
                } else {
                    sink.err("\(file):\(number): expectation failed: expected \(e.expected), got \(e.actual)")
                    sink.out(TraceRenderer.render(e.trace, title: "  packet"))
                }
            case .trace(let trace):
                sink.out(json ? JSON.trace(trace, line: number) : TraceRenderer.render(trace))
            case .connected(let trace, _):
                sink.out(json ? JSON.trace(trace, line: number) : OutcomeRenderer.render(outcome, line: line, world: session.world))
            default:
                if !json { sink.out(OutcomeRenderer.render(outcome, line: line, world: session.world)) }
            }
        }
        let summary = "\(passed) passed, \(failed) failed"
        if json { sink.err(summary) } else { sink.out(summary) }
        return failed > 0 ? 1 : 0
    }
}

extension StringProtocol {
    func trimmingCharacters(in set: String) -> Substring {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s.removeFirst() }
        while let l = s.last, set.contains(l) { s.removeLast() }
        return s
    }
}
