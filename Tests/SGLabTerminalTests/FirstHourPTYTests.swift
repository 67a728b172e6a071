import Foundation
import SGLabCourseware
import Testing

/// A learner's first hour, typed at a real terminal (a pseudo-terminal, real libedit): the answer
/// prompt of quizzes and exams, lessons inside the lab, output fitted to the terminal's width.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct FirstHourPTYTests {
    /// The repository's lessons and banks, and a progress log of the session's own.
    static func environment(_ home: URL) -> [String: String] {
        ["SGLAB_CONTENT": LessonTranscriptTests.repository.path, "XDG_DATA_HOME": home.appendingPathComponent("data").path]
    }

    static func progressLog(_ home: URL) -> [String] {
        let path = home.appendingPathComponent("data/sglab/progress.log").path
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").map(String.init)
    }

    /// Lines as a terminal shows them: no escape sequences, no carriage returns.
    static func screenLines(_ text: String) -> [String] {
        var plain = String.UnicodeScalarView()
        var escape = 0  // 0 none, 1 after ESC, 2 in a control sequence
        for scalar in text.unicodeScalars {
            switch escape {
            case 1: escape = scalar == "[" ? 2 : 0
            case 2: if (0x40...0x7E).contains(scalar.value) { escape = 0 }
            default:
                if scalar == "\u{1B}" { escape = 1 } else if scalar == "\n" || scalar.value >= 0x20 { plain.append(scalar) }
            }
        }
        return String(plain).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    static func collapsed(_ lines: [String]) -> String {
        lines.joined(separator: " ").split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    // MARK: The answer prompt

    @Test("each letter typed at a quiz prompt is an answer: a, B, c. and D) are all graded")
    func quizLetters() throws {
        let home = try PTYSession.temporaryHome()
        defer { try? FileManager.default.removeItem(at: home) }
        // A seed whose four questions all take a letter A-D.
        let seed = try #require(BankSeeds.seed(answers: Array(repeating: .letter(options: 4), count: 4)))
        let quiz = try PTYSession(home: home, arguments: ["quiz", "--count", "4", "--seed", "\(seed)"], environment: Self.environment(home))
        defer { quiz.finish() }
        for answer in ["a", "B", "c.", "D)"] {
            try quiz.expect("answer> ")
            try quiz.send(answer + "\r")
        }
        try quiz.expect("of 4 right")
        #expect(quiz.waitForExit() != nil)
        #expect(!quiz.transcript.contains("answer with"), "a letter was refused:\n\(quiz.transcript)")
        let verdicts = quiz.transcript.components(separatedBy: "✓ right").count - 1
            + quiz.transcript.components(separatedBy: "✗ not quite").count - 1
        #expect(verdicts == 4)
        let log = Self.progressLog(home)
        #expect(log.count == 5, "\(log)")
        for answer in ["a", "B", "c.", "D)"] { #expect(log.contains { $0.contains(#""detail":"\#(answer)""#) }, "\(log)") }
    }

    @Test("at an exam prompt B answers B (it does not go back); moving around is spelled out")
    func examLetters() throws {
        let home = try PTYSession.temporaryHome()
        defer { try? FileManager.default.removeItem(at: home) }
        // A seed whose four questions all take a letter A-D.
        let seed = try #require(BankSeeds.seed(exam: true, answers: Array(repeating: .letter(options: 4), count: 4)))
        let exam = try PTYSession(home: home, arguments: ["exam", "--count", "4", "--seed", "\(seed)"], environment: Self.environment(home))
        defer { exam.finish() }
        try exam.expect("Practice exam: 4 questions, 8 minutes.")
        try exam.expect("exam> ")
        try exam.send("B\r")
        try exam.expect("Question 2 of 4")
        for (answer, next) in [("a", "Question 3 of 4"), ("c.", "Question 4 of 4"), ("D)", "Every question is answered")] {
            try exam.expect("exam> ")
            try exam.send(answer + "\r")
            try exam.expect(next)
        }
        try exam.expect("exam> ")
        try exam.send("goto 1\r")
        try exam.expect("Question 1 of 4")
        try exam.expect("[answered: B]")
        try exam.expect("exam> ")
        try exam.send("back\r")
        try exam.expect("Question 4 of 4")
        try exam.expect("[answered: D)]")
        try exam.expect("exam> ")
        try exam.send("submit\r")
        try exam.expect("Result: ")
        #expect(exam.waitForExit() != nil)
        // Four answers are logged, one event each.
        #expect(Self.progressLog(home).count == 5)
    }

    @Test("Ctrl-D at a quiz prompt stops: nothing more is graded or logged")
    func quizEndOfInput() throws {
        let home = try PTYSession.temporaryHome()
        defer { try? FileManager.default.removeItem(at: home) }
        // A seed whose first question takes the letter B and whose next ones take typed answers.
        let seed = try #require(BankSeeds.seed(answers: [.letter(options: 2), .notFixit, .notFixit]))
        let quiz = try PTYSession(home: home, arguments: ["quiz", "--count", "3", "--seed", "\(seed)"], environment: Self.environment(home))
        defer { quiz.finish() }
        try quiz.expect("answer> ")
        try quiz.send("B\r")
        try quiz.expect("answer> ")
        let before = Self.progressLog(home)
        #expect(before.count == 2, "\(before)")
        try quiz.send("\u{4}")
        try quiz.expect("Stopped: ")
        try quiz.expect("2 not asked, nothing graded or logged for them")
        #expect(quiz.waitForExit() == 1)
        #expect(Self.progressLog(home) == before)
        #expect(!quiz.transcript.contains("\"correct\":false"))

        // The same at an exam: stopped, nothing graded, nothing logged.
        let exam = try PTYSession(home: home, arguments: ["exam", "--count", "3", "--seed", "3"], environment: Self.environment(home))
        defer { exam.finish() }
        try exam.expect("exam> ")
        try exam.send("A\r")
        try exam.expect("exam> ")
        try exam.send("\u{4}")
        try exam.expect("Exam stopped")
        try exam.expect("1 of 3 answered; nothing was graded or logged")
        #expect(exam.waitForExit() != nil)
        #expect(Self.progressLog(home) == before)
    }

    @Test("the answer prompt has libedit's line editing: Left and Backspace edit the answer")
    func answerLineEditing() throws {
        let home = try PTYSession.temporaryHome()
        defer { try? FileManager.default.removeItem(at: home) }
        // A seed whose question takes the letter A.
        let seed = try #require(BankSeeds.seed(answers: [.letter(options: 2)]))
        let quiz = try PTYSession(home: home, arguments: ["quiz", "--count", "1", "--seed", "\(seed)"], environment: Self.environment(home))
        defer { quiz.finish() }
        try quiz.expect("answer> ")
        // "BA", Left, Backspace: the B before the cursor goes and the answer is A.
        try quiz.send("BA")
        try quiz.send("\u{1B}[D")
        try quiz.send("\u{7F}")
        try quiz.send("\r")
        try quiz.expect("of 1 right")
        #expect(quiz.waitForExit() != nil)
        #expect(!quiz.transcript.contains("^[[D"))
        #expect(!quiz.transcript.contains("answer with"))
        let log = Self.progressLog(home)
        #expect(log.count == 2 && log[1].contains(#""detail":"A""#), "\(log)")
    }

    // MARK: One place to learn

    @Test("lesson 1 opens inside the lab, and next at its end opens lesson 2")
    func lessonAndNextInTheLab() throws {
        let lessons = try ContentLibrary(root: LessonTranscriptTests.repository.path).lessons()
        let home = try PTYSession.temporaryHome()
        defer { try? FileManager.default.removeItem(at: home) }
        let lab = try PTYSession(home: home, environment: Self.environment(home))
        defer { lab.finish() }
        try lab.expect("sglab> ")
        try lab.send("lessons\r")
        try lab.expect(lessons[0].title)
        try lab.expect("sglab> ")
        try lab.send("lesson 1\r")
        try lab.expect("Lesson: \(lessons[0].title)")
        // A step that opens with a packet asks for a prediction first (answered here, at the same
        // answer prompt); then the lab's prompt.
        func toPrompt() throws {
            while try lab.expectFirst(of: ["sglab> ", "your prediction (letter)> "]) != "sglab> " { try lab.send("a\r") }
        }
        for _ in lessons[0].steps {
            try toPrompt()
            try lab.send("skip\r")
            try lab.expect("Skipped")
        }
        try lab.expect("Recap quiz")
        try lab.expect("answer> ")
        try lab.send("\u{4}")
        try lab.expect("Lesson complete.")
        try lab.expect("sglab> ")
        try lab.send("next\r")
        try lab.expect("Lesson: \(lessons[1].title)")
        try lab.expect("Step 1 of")
        // A lab command still works in the lesson's world.
        try toPrompt()
        try lab.send("help\r")
        try lab.expect("learning")
    }

    @Test("next in a fresh lab opens the first lesson not done; quiz runs at the lab's prompt")
    func nextAndQuizFromTheLab() throws {
        let lessons = try ContentLibrary(root: LessonTranscriptTests.repository.path).lessons()
        let home = try PTYSession.temporaryHome()
        defer { try? FileManager.default.removeItem(at: home) }
        let lab = try PTYSession(home: home, environment: Self.environment(home))
        defer { lab.finish() }
        try lab.expect("sglab> ")
        try lab.send("quiz nacl\r")
        try lab.expect("Quiz")
        // The questions are drawn afresh each time: a fix-it question asks at its own prompt.
        _ = try lab.expectFirst(of: ["answer> ", "fix> "])
        try lab.send("\u{4}")
        try lab.expect("Stopped")
        try lab.expect("sglab> ")
        try lab.send("next\r")
        try lab.expect("Lesson: \(lessons[0].title)")
    }

    @Test("unsaved work is not dropped silently: lesson and quit ask once, then go ahead")
    func unsavedWork() throws {
        let lessons = try ContentLibrary(root: LessonTranscriptTests.repository.path).lessons()
        let home = try PTYSession.temporaryHome()
        defer { try? FileManager.default.removeItem(at: home) }
        let lab = try PTYSession(home: home, environment: Self.environment(home))
        defer { lab.finish() }
        try lab.expect("sglab> ")
        try lab.send("vpc create mine 10.9.0.0/16\r")
        try lab.expect("created VPC mine")
        try lab.expect("sglab> ")
        try lab.send("lesson 1\r")
        try lab.expect("1 change that is not saved")
        try lab.expect("lesson 1 again opens the lesson anyway")
        try lab.expect("sglab> ")
        try lab.send("lesson 1\r")
        try lab.expect("Lesson: \(lessons[0].title)")

        let other = try PTYSession(home: home, environment: Self.environment(home))
        defer { other.finish() }
        try other.expect("sglab> ")
        try other.send("vpc create mine 10.9.0.0/16\r")
        try other.expect("sglab> ")
        let path = home.appendingPathComponent("mine.json").path
        try other.send("quit\r")
        try other.expect("save FILE keeps the world")
        try other.expect("sglab> ")
        // Saving counts: quit then leaves at once.
        try other.send("save \(path)\r")
        try other.expect("saved the world")
        try other.expect("sglab> ")
        try other.send("quit\r")
        #expect(other.waitForExit() == 0)
    }

    @Test("? cut short says how to see the rest, and a second ? shows it all (quit and exit among them)")
    func questionMarkAgain() throws {
        let lab = try PTYSession()
        defer { lab.finish() }
        try lab.expect("sglab> ")
        try lab.send("?")
        let first = try lab.expect("press ? again to see them all")
        #expect(!first.contains("quit"))
        try lab.expect("sglab> ")
        try lab.send("?")
        let all = try lab.expect("exit ") + lab.expect("sglab> ")
        #expect(all.contains("quit") && !all.contains("more: press"))
    }

    // MARK: Width

    static let world = [
        ("vpc create lab 10.0.0.0/16", "created VPC lab"),
        ("subnet create pub in lab 10.0.1.0/24", "created subnet pub"),
        ("igw create gw in lab", "created internet gateway gw"),
        ("rt create public in lab", "created route table public"),
        ("route add public 0.0.0.0/0 via gw", "route table public"),
        ("rt associate public pub", "now uses route table public"),
        ("sg create web-sg in lab \"web servers behind the public load balancer\"", "created security group web-sg"),
        ("sg create admin in lab", "created security group admin"),
        ("sg allow web-sg in https from 0.0.0.0/0 \"public site for every client\"", "security group web-sg inbound"),
        ("launch ec2 web in pub sg web-sg,admin public-ip", "launched EC2 instance web"),
    ]

    /// Runs `command` in a lab `columns` wide and returns the screen lines of its output.
    static func output(of commands: [String], columns: Int) throws -> [[String]] {
        let lab = try PTYSession(columns: columns)
        defer { lab.finish() }
        try lab.expect("sglab> ")
        for (line, reply) in world {
            try lab.send(line + "\r")
            try lab.expect(reply)
            try lab.expect("sglab> ")
        }
        return try commands.map { command in
            lab.discardOutput()
            try lab.send(command + "\r")
            let text = try lab.expect("sglab> ")
            // The echo of the command and the next prompt are not the command's output.
            return Array(screenLines(text).dropFirst().dropLast())
        }
    }

    static func width(_ line: String) -> Int { line.unicodeScalars.count }

    @Test("at 60 and 120 columns traces, diagrams and rule tables fit, words whole", arguments: [60, 120])
    func fitsTheWidth(columns: Int) throws {
        let outputs = try Self.output(of: ["packet tcp from internet to web:22", "show vpc lab", "show web-sg"], columns: columns)
        for (lines, command) in zip(outputs, ["packet", "show vpc", "show web-sg"]) {
            #expect(!lines.isEmpty)
            let widest = lines.map(Self.width).max() ?? 0
            #expect(widest <= columns, "\(command) at \(columns) columns:\n\(lines.joined(separator: "\n"))")
        }
        let trace = outputs[0]
        // Words are never cut: the sentence reads whole once the lines are joined.
        #expect(Self.collapsed(trace).contains("a security group denies whatever no rule allows [ENI_SG_RULES_MISMATCH]"))
        // Every group of the interface is named on the path line.
        #expect(Self.collapsed(trace).contains("sg web-sg,admin ✗"))
        // The whole width is used: the blocked hop's line runs past 100 columns at 120.
        let hop = try #require(trace.first { $0.contains("✗ security-group-inbound") })
        #expect(Self.width(hop) > columns - 20, "\(hop)")
        // The rule table keeps every cell, in columns when they fit and row by row when not.
        let table = Self.collapsed(outputs[2])
        #expect(table.contains("public site for every client"))
        #expect(table.contains("0.0.0.0/0"))
    }

    @Test("sglab run on a terminal fits the trace to its width too; --json is left whole")
    func scriptAtTheTerminal() throws {
        let home = try PTYSession.temporaryHome()
        defer { try? FileManager.default.removeItem(at: home) }
        let script = home.appendingPathComponent("lab.sglab")
        try (Self.world.map(\.0) + ["packet tcp from internet to web:22"]).joined(separator: "\n")
            .write(to: script, atomically: true, encoding: .utf8)
        let run = try PTYSession(home: home, arguments: ["run", script.path], columns: 60)
        defer { run.finish() }
        try run.expect("verdict: BLOCKED")
        #expect(run.waitForExit() == 0)
        let lines = Self.screenLines(run.transcript)
        #expect(lines.allSatisfy { Self.width($0) <= 60 }, "\(run.transcript)")
        #expect(Self.collapsed(lines).contains("a security group denies whatever no rule allows"))
        let json = try PTYSession(home: home, arguments: ["run", "--json", script.path], columns: 60)
        defer { json.finish() }
        #expect(json.waitForExit() == 0)
        let object = try #require(Self.screenLines(json.transcript).first { $0.hasPrefix("{") })
        #expect(Self.width(object) > 60)
        #expect((try? JSONSerialization.jsonObject(with: Data(object.utf8))) != nil)
    }
}
