import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A line holding `ESC[2J ESC]0;title BEL`, typed at the lab and run from a script on a
/// terminal: sglab reports it with `\x1b` shown, and sends the terminal no sequence of its own
/// making beyond its colours.
@Suite(.serialized, .timeLimit(.minutes(1)))
struct HostileTextPTYTests {
    static let hostile = "\u{1B}[2J\u{1B}]0;title\u{07}"

    /// The bytes' escape sequences that are not sglab's colours, and the bells.
    static func foreignControls(_ text: String) -> [String] {
        let own = ["32", "1;31", "2", "1", "36", "33", "0"].map { "\u{1B}[\($0)m" }
        var found: [String] = []
        var rest = Substring(text)
        while let index = rest.unicodeScalars.firstIndex(where: { $0 == "\u{1B}" || $0 == "\u{07}" }) {
            let tail = rest[index...]
            if let match = own.first(where: { tail.hasPrefix($0) }) {
                rest = tail.dropFirst(match.count)
            } else {
                found.append(String(tail.prefix(8)))
                rest = tail.dropFirst()
            }
        }
        return found
    }

    @Test("typed at the lab, the escape line is reported with a visible \\x1b and obeyed nowhere")
    func typed() throws {
        let lab = try PTYSession()
        defer { lab.finish() }
        try lab.expect("sglab> ")
        // ^V makes libedit insert the next key as it is, so the line really holds the ESC bytes.
        try lab.send("foo" + Self.hostile.unicodeScalars.map { $0 == "\u{1B}" || $0 == "\u{07}" ? "\u{16}\($0)" : "\($0)" }.joined())
        try lab.send("\r")
        let report = try lab.expect("error: ") + lab.expect("sglab> ")
        #expect(report.contains(#"unknown command foo\x1b[2J\x1b]0;title\x07"#), "\(report)")
        let afterError = String(report[report.range(of: "error: ")!.lowerBound...])
        #expect(Self.foreignControls(afterError).isEmpty, "\(afterError.debugDescription)")
        // The lab goes on.
        try lab.send("vpc create lab 10.0.0.0/16\r")
        try lab.expect("created VPC lab")
    }

    @Test("run on a colour terminal, a script's escape line shows \\x1b and only sglab's colours are escapes")
    func script() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sglab-hostile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let script = folder.appendingPathComponent("lab.sglab")
        let text = """
            vpc create lab 10.0.0.0/16
            say "look\(Self.hostile)"
            sg create web in lab
            show sg web
            foo\(Self.hostile)

            """
        try text.write(to: script, atomically: true, encoding: .utf8)
        let lab = try PTYSession(arguments: ["run", script.path], term: "xterm")
        defer { lab.finish() }
        #expect(lab.waitForExit() == 2)
        let output = lab.transcript
        #expect(output.contains(#"look\x1b[2J\x1b]0;title\x07"#), "\(output)")
        #expect(output.contains(#"unknown command foo\x1b[2J"#), "\(output)")
        #expect(Self.foreignControls(output).isEmpty, "\(output.debugDescription)")
        #expect(output.contains("\u{1B}[1m"), "colour is on: \(output.debugDescription)")
    }
}
