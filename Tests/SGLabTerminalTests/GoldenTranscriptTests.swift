import Foundation
import Testing

@testable import SGLabTerminal

/// Golden transcripts: a script in, the exact output beside it. `UPDATE_GOLDEN=1 swift test`
/// rewrites the `.out` files from the current output.
@Suite("Golden transcripts")
struct GoldenTranscriptTests {
    static let sourceFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Transcripts")
    // Read from the source tree so a rewrite with UPDATE_GOLDEN=1 is seen without a rebuild.
    static let folder = sourceFolder

    static var scripts: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".sglab") }.sorted()
    }

    static func transcript(of name: String) throws -> (String, Int32) {
        let script = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
        var runner = ScriptRunner(json: name.contains(".json."), echo: !name.contains(".json."))
        var sink = BufferSink()
        let code = runner.run(script, file: name, into: &sink)
        return (sink.text + "exit \(code)\n", code)
    }

    @Test("there are golden transcripts")
    func present() { #expect(Self.scripts.count >= 5) }

    @Test("the transcript matches its golden file", arguments: scripts)
    func golden(_ name: String) throws {
        let (actual, _) = try Self.transcript(of: name)
        let goldenName = name.replacingOccurrences(of: ".sglab", with: ".out")
        if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
            try actual.write(to: Self.sourceFolder.appendingPathComponent(goldenName), atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: Self.folder.appendingPathComponent(goldenName), encoding: .utf8)
        if actual != expected {
            let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
            let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let first = zip(a, e).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(a.count, e.count)
            Issue.record(
                """
                \(name) differs from \(goldenName) at line \(first + 1):
                  expected: \(first < e.count ? String(e[first]) : "<end>")
                  actual:   \(first < a.count ? String(a[first]) : "<end>")
                (UPDATE_GOLDEN=1 swift test rewrites the golden files)
                """)
        }
    }
}
