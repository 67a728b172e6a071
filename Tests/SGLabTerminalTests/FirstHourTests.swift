import Foundation
import SGLabCore
import SGLabLanguage
import Testing

@testable import SGLabCourseware
@testable import SGLabTerminal

/// What a new user ran into in the first hour, each pinned by a test that failed before its fix.
@Suite("The first hour: wording, undo, trail, rendering")
struct FirstHourTests {
    func message(_ outcome: Outcome?) -> String {
        guard case .message(let text)? = outcome else { return "" }
        return text
    }

    func help(_ topic: String?) throws -> String {
        var s = Session()
        guard case .help(let text)? = try s.execute("help" + (topic.map { " " + $0 } ?? "")) else { return "" }
        return text
    }

    func error(_ session: inout Session, _ line: String) -> LanguageError? {
        do {
            _ = try session.execute(line)
            return nil
        } catch {
            return error
        }
    }

    // MARK: Undo, redo, reset, trail

    @Test("undo and redo name the change they took back; reset, undo, redo says the world is empty again")
    func undoNamesTheChange() throws {
        var s = Session()
        _ = try s.execute("vpc create lab 10.0.0.0/16")
        _ = try s.execute("sg create web in lab")
        #expect(message(try s.execute("undo")) == "undone: sg create web in lab (redo makes it again)")
        #expect(message(try s.execute("redo")) == "redone: sg create web in lab")
        let full = s.world
        _ = try s.execute("reset")
        #expect(s.world.vpcs.isEmpty)
        #expect(message(try s.execute("undo")).hasPrefix("undone: reset"))
        #expect(s.world == full)
        // redo makes the reset again, and says so: the world is empty on purpose.
        let redone = message(try s.execute("redo"))
        #expect(redone.hasPrefix("redone: reset") && redone.contains("empty again"), "\(redone)")
        #expect(s.world.vpcs.isEmpty)
        _ = try s.execute("undo")
        #expect(s.world == full)
    }

    @Test("trail marks the calls of an undone change, and unmarks them at redo")
    func trailMarksUndone() throws {
        var s = Session()
        _ = try s.execute("vpc create lab 10.0.0.0/16")
        _ = try s.execute("sg create web in lab")
        _ = try s.execute("undo")
        guard case .trail(let events, _)? = try s.execute("trail") else { Issue.record("no trail"); return }
        #expect(events.map(\.eventName) == ["CreateVpc", "CreateSecurityGroup"])
        #expect(events.map(\.undone) == [false, true])
        let text = OutcomeRenderer.render(.trail(events, dropped: 0), line: "trail", world: s.world, style: .plain)
        #expect(text.split(separator: "\n").last?.hasSuffix("sg create web in lab  (undone)") == true, "\(text)")
        _ = try s.execute("redo")
        guard case .trail(let again, _)? = try s.execute("trail") else { return }
        #expect(again.map(\.undone) == [false, false])
    }

    // MARK: Wording

    @Test("articles: an EC2 instance, an RDS DB instance, an ElastiCache cluster, a Lambda function, a NAT gateway")
    func articles() {
        #expect(withArticle("EC2 instance") == "an EC2 instance")
        #expect(withArticle("RDS DB instance") == "an RDS DB instance")
        #expect(withArticle("ElastiCache cluster") == "an ElastiCache cluster")
        #expect(withArticle("Elastic IP") == "an Elastic IP")
        #expect(withArticle("internet gateway") == "an internet gateway")
        #expect(withArticle("Lambda function") == "a Lambda function")
        #expect(withArticle("NAT gateway") == "a NAT gateway")
        #expect(withArticle("VPC") == "a VPC")
        let summaries = Grammar.forms.map(\.summary)
        #expect(summaries.contains("terminate an EC2 instance; its network interface goes with it"))
        #expect(!summaries.contains { $0.contains("a EC2") || $0.contains("a RDS") || $0.contains("a ElastiCache") })
    }

    @Test("a name with a non-ASCII letter says ASCII letters")
    func asciiNames() throws {
        var s = Session()
        _ = try s.execute("vpc create lab 10.0.0.0/16")
        let e = try #require(error(&s, "sg create café in lab"))
        #expect(e.message.contains("ASCII letters"), "\(e.message)")
    }

    @Test("attach-sg and detach-sg with the arguments swapped say which is which")
    func swappedArguments() throws {
        var s = Session()
        for line in ["vpc create lab 10.0.0.0/16", "subnet create pub in lab 10.0.1.0/24", "sg create w1-web in lab", "launch ec2 w1 in pub"] {
            _ = try s.execute(line)
        }
        for verb in ["attach-sg", "detach-sg"] {
            let e = try #require(error(&s, "\(verb) w1-web w1"))
            #expect(e.message.contains("takes the resource first, then the security group"), "\(e.message)")
            #expect(e.fix == "\(verb) w1 w1-web")
            #expect(e.column == verb.count + 1)
        }
    }

    @Test("help launch and help eni show that sg takes a list")
    func helpShowsGroupLists() throws {
        let launch = try help("launch")
        #expect(launch.contains("[sg SG[,SG…]]"), "\(launch)")
        #expect(try help("eni").contains("[sg SG[,SG…]]"))
    }

    @Test("help lists quit and exit, and the learning commands")
    func helpListsQuit() throws {
        let help = try help(nil)
        #expect(help.contains("quit") && help.contains("exit"))
        #expect(help.contains("lessons, lesson, quiz, exam, review, progress"))
        var s = Session()
        // In a script these belong to the lab, and say so.
        #expect(error(&s, "quiz")?.message.contains("works at the lab's prompt") == true)
        #expect(error(&s, "quit")?.message.contains("leave the lab") == true)
    }

    @Test("load of a script says it is a script and points to sglab run")
    func loadScript() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("sglab-\(UUID().uuidString).sglab").path
        try "# a lab\nvpc create lab 10.0.0.0/16\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        var s = Session(store: FileStore())
        let e = try #require(error(&s, "load \(path)"))
        #expect(e.message.contains("is an sglab script, not a saved world"), "\(e.message)")
        #expect(e.fix?.contains("sglab run \(path)") == true)
        #expect(!e.message.contains("truncated"))
    }

    @Test("the caret under a word after a wide character lines up by display columns")
    func caretWidth() throws {
        var s = Session()
        _ = try s.execute("vpc create lab 10.0.0.0/16")
        let line = "sg create 网页 in lab"
        let error = try #require(self.error(&s, line))
        #expect(error.column == 10)
        let lines = ErrorRenderer.render(error, line: line, prompt: "sglab> ").split(separator: "\n")
        // "sglab> sg create " is 17 columns; the two characters take four.
        #expect(lines[0] == String(repeating: " ", count: 17) + "^^^^")
    }

    // MARK: Answers and scores

    @Test("scores round: 2 of 3 is 67 %")
    func rounding() {
        #expect(QuizRunner.percent(2, of: 3) == 67)
        #expect(QuizRunner.percent(1, of: 3) == 33)
        #expect(QuizRunner.percent(0, of: 0) == 0)
    }

    @Test("B. and B) are the answer B")
    func letterMarks() throws {
        let q = PresentedQuestion(
            id: "q", kind: .single, text: "?", choices: [Choice(text: "a", correct: false), Choice(text: "b", correct: true)],
            explanation: "", topic: "rules", seed: [6], traps: [], difficulty: 1)
        for answer in ["B", "b", "B.", "b)", " B. "] { #expect(Grader.grade(q, answer: answer) == .correct, "\(answer)") }
        #expect(Grader.grade(q, answer: "A.") == .wrong(expected: "B"))
    }

    // MARK: Rendering

    @Test("a Markdown table becomes a drawn table; emphasis and code lose their marks")
    func markdown() {
        let text = "Rules have parts:\n\n| part | meaning |\n|---|---|\n| type | a *common* name |\n| port | `22` |\n\nThe * deny is last."
        let out = Prose.render(text, .plain, width: 60)
        #expect(!out.contains("|---|"))
        #expect(out.contains("┌"))
        #expect(out.contains("│ type  a common name"), "\(out)")
        #expect(out.contains("│ port  22"))
        #expect(out.contains("The * deny is last."))
        let coloured = Prose.render("a *b* and **c** and `d`", Style(colour: true), width: 60)
        #expect(coloured.contains("\u{1B}[3mb") && coloured.contains("\u{1B}[1mc") && coloured.contains("\u{1B}[36md"))
    }

    @Test("prose reflows to the width between words")
    func reflow() {
        let text = "one two three four five six seven eight nine ten eleven twelve\nthirteen fourteen"
        let lines = Prose.render(text, .plain, width: 30).split(separator: "\n")
        #expect(lines.allSatisfy { $0.count <= 30 })
        #expect(lines.joined(separator: " ") == text.replacingOccurrences(of: "\n", with: " "))
    }

    @Test("a long trace line wraps under its text, never inside a word")
    func wrapHanging() {
        let line = "    ✗ security-group-inbound     security group web has no inbound rule that allows tcp 22 from 198.51.100.10; a security group denies whatever no rule allows"
        let lines = Wrap.line(line, width: 100)
        #expect(lines.count == 2)
        #expect(lines.allSatisfy { Table.width($0) <= 100 })
        #expect(lines.joined(separator: " ").split(separator: " ") == line.split(separator: " "))
        #expect(lines[1].hasPrefix(String(repeating: " ", count: 33)) && !lines[1].hasPrefix(String(repeating: " ", count: 34)))
        #expect(Wrap.text(line, width: nil) == line)
        // On a narrow terminal the label column would leave too little room: a small indent.
        #expect(Wrap.line(line, width: 60).dropFirst().allSatisfy { $0.hasPrefix("        ") && !$0.hasPrefix("         ") })
    }

    @Test("a table too narrow for its columns shows one block per row")
    func narrowTable() {
        let table = Table(
            [.init("Type"), .init("Protocol"), .init("Port range"), .init("Source"), .init("Description", wraps: true)],
            rows: [["HTTPS", "TCP", "443", "0.0.0.0/0", "public site for every client"]], maxWidth: 40)
        let lines = table.lines(style: .plain)
        #expect(lines.allSatisfy { Table.width($0) <= 40 }, "\(lines.joined(separator: "\n"))")
        #expect(lines.contains { $0.contains("Port range") && $0.contains("443") })
        #expect(lines.contains { $0.contains("Description") && $0.contains("public site") })
        let wide = Table(table.columns, rows: table.rows, maxWidth: 100).lines(style: .plain)
        #expect(wide.count == 5)
    }

    @Test("topic titles replace seed sections in what learners read")
    func topicTitles() {
        for topic in Taxonomy.topics { #expect(Taxonomy.topicTitles[topic] != nil, "\(topic)") }
        #expect(Selection.describeFilter("nacl") == "network ACLs")
    }
}
