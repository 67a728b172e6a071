import Foundation
import SGLabCourseware
import Testing

/// Every lesson played through by its worked solutions, in the real binary, as a golden
/// transcript: the steps' text, the goals, each `check`, the step successes and the recap quiz
/// (left unanswered, so its answers and explanations show). `UPDATE_GOLDEN=1` rewrites them.
@Suite("Lesson walkthroughs", .serialized)
struct LessonTranscriptTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let goldenFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("LessonTranscripts")

    static var lessons: [Lesson] {
        (try? ContentLibrary(root: repository.path).lessons()) ?? []
    }

    static var lessonIDs: [String] { lessons.map(\.id) }

    @Test("there is a walkthrough for every lesson")
    func present() { #expect(Self.lessons.count >= 12) }

    @Test("the worked solutions carry a learner through the lesson", arguments: lessonIDs)
    func walkthrough(_ id: String) throws {
        let lesson = try #require(Self.lessons.first { $0.id == id })
        var input: [String] = []
        for step in lesson.steps {
            // Steps that fire a packet ask for a prediction first: the walkthrough always says A.
            input += step.run.filter { $0.text.hasPrefix("packet ") }.map { _ in "A" }
            input += step.solution.map(\.text)
            input += ["check", "next"]
        }
        let process = Process()
        process.executableURL = EndToEndTests.binary
        process.arguments = ["lesson", id]
        process.currentDirectoryURL = Self.repository
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        environment["XDG_DATA_HOME"] = FileManager.default.temporaryDirectory.appendingPathComponent("sglab-walk-\(UUID().uuidString)").path
        process.environment = environment
        let out = Pipe(), inp = Pipe()
        process.standardOutput = out
        process.standardError = out
        process.standardInput = inp
        try process.run()
        inp.fileHandleForWriting.write(Data((input.joined(separator: "\n") + "\n").utf8))
        try inp.fileHandleForWriting.close()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(!text.contains("This step is not solved yet"), "\(id): a worked solution did not solve its step")
        #expect(text.components(separatedBy: "✓ Step solved.").count - 1 >= lesson.steps.count)
        #expect(text.contains("Lesson complete."))
        #expect(!text.contains("unknown command"), "\(id): a line of the walkthrough was not understood")
        // The walkthrough asks for no hint, so no trace may hand over its fix command.
        let fixes = text.split(separator: "\n").filter { $0.hasPrefix("  fix: ") && !$0.hasPrefix("  fix: work it out") }
        #expect(fixes.isEmpty, "\(id): a fix command shown before the hints: \(fixes.first ?? "")")
        let firing = lesson.steps.flatMap(\.run).filter { $0.text.hasPrefix("packet ") }.count
        #expect(text.components(separatedBy: "Predict first:").count - 1 == firing, "\(id): every packet a step fires asks for a prediction")
        let golden = Self.goldenFolder.appendingPathComponent("\(id).out")
        if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
            try text.write(to: golden, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: golden, encoding: .utf8)
        if text != expected {
            let a = text.split(separator: "\n", omittingEmptySubsequences: false)
            let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let first = zip(a, e).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(a.count, e.count)
            Issue.record("\(id) differs at line \(first + 1):\n  expected: \(first < e.count ? String(e[first]) : "<end>")\n  actual:   \(first < a.count ? String(a[first]) : "<end>")")
        }
    }
}
