import SGLabLanguage

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A plain line-by-line lab for terminals, until the line editor arrives: errors are shown with
/// a caret under the offending word and the session goes on.
public enum PlainREPL {
    public static func run() -> Int32 {
        var session = Session()
        print("sglab — AWS network security lab. Type help for commands, Ctrl-D to leave.")
        while true {
            print("sglab> ", terminator: "")
            fflush(nil)
            guard let line = readLine() else {
                print("")
                return 0
            }
            if ["quit", "exit"].contains(line.trimmed().lowercased()) { return 0 }
            do {
                guard let outcome = try session.execute(line) else { continue }
                if case .expectation(let e) = outcome, !e.passed {
                    print("✗ expectation failed: expected \(e.expected), got \(e.actual)")
                    print(TraceRenderer.render(e.trace))
                    continue
                }
                print(OutcomeRenderer.render(outcome, line: line, world: session.world))
            } catch {
                print(ErrorRenderer.render(error, line: line, prompt: "sglab> "))
            }
        }
    }
}

/// An error with a caret under the offending word.
public enum ErrorRenderer {
    public static func render(_ error: LanguageError, line: String, prompt: String) -> String {
        guard let column = error.column else { return "error: \(error)" }
        let caret = String(repeating: " ", count: prompt.count + column) + String(repeating: "^", count: max(1, error.width))
        return "\(caret)\nerror: \(error)"
    }
}
