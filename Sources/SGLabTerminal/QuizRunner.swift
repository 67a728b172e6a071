import SGLabCore
import SGLabCourseware
import SGLabLanguage

/// Where answers come from: the terminal, or an answers file (`--answers FILE`).
public protocol AnswerInput {
    mutating func read(_ prompt: String) -> String?
}

/// Lines of an answers file, one answer (or one fix-it command) per line; `#` comments skipped.
public struct FileAnswers: AnswerInput {
    var lines: [String]
    public init(_ text: String) {
        lines = TextLines.split(text)
            .filter { !$0.trimmed().isEmpty && !$0.trimmed().hasPrefix("#") }
    }
    public mutating func read(_ prompt: String) -> String? { lines.isEmpty ? nil : lines.removeFirst() }
}

/// The terminal: libedit's line editing (arrows, Ctrl-A/E, Ctrl-R is not needed here) when
/// standard input and output are terminals, plain lines otherwise. nil at Ctrl-D or the end of
/// input; Ctrl-C abandons the line and asks again.
public final class TerminalAnswers: AnswerInput {
    let editor: (any LineEditor)?

    public init(interactive: Bool) {
        editor = interactive ? LibEditLineEditor(historyPath: nil, world: { World() }) : nil
    }

    /// Answers typed at an editor that is already reading lines (the lab's).
    public init(editor: any LineEditor) {
        self.editor = editor
    }

    public func read(_ prompt: String) -> String? {
        guard var editor else { return Swift.readLine() }
        fflushAll()
        while true {
            switch editor.readAnswer(prompt: prompt) {
            case .line(let text): return text
            case .interrupted: continue
            case .endOfInput: return nil
            }
        }
    }
}

/// What the runner tells progress about each answer.
public struct AnswerRecord: Sendable {
    public let question: Question
    public let correct: Bool
    public let given: String
    public let tries: Int
}

/// Practice quizzes: a question, an answer, then at once whether it was right and why. Scenario
/// answers and explanations come from the evaluator; fix-its are solved in a small lab.
public struct QuizRunner {
    public var input: any AnswerInput
    public var style: Style
    public var json: Bool
    /// Orders every question's options, with the question's id (`Presenter.generator`).
    public var seed: UInt64
    public var write: (String) -> Void
    public var record: (AnswerRecord) -> Void = { _ in }
    /// How often an unreadable answer may be retyped (1 for answers files: a line is an answer).
    public var tries = 3

    public init(input: any AnswerInput, style: Style, json: Bool, seed: UInt64, write: @escaping (String) -> Void) {
        self.input = input
        self.style = style
        self.json = json
        self.seed = seed
        self.write = write
    }

    /// How one question ended: answered (right or not), or the input ended before an answer.
    enum Outcome { case right, wrong, stopped }

    /// Runs the quiz; returns the number answered right. Ctrl-D (the end of input) stops it: the
    /// open question is neither graded nor logged, and the summary counts what was answered.
    public mutating func run(_ questions: [Question]) -> Int {
        var right = 0
        var answered = 0
        for (index, question) in questions.enumerated() {
            if !json { write(style.bold("\nQuestion \(index + 1) of \(questions.count)") + style.dim("  · \(Taxonomy.title(of: question.topic))")) }
            let outcome = question.kind == .fixit ? fixIt(question) : ask(question)
            if outcome == .stopped { break }
            answered += 1
            if outcome == .right { right += 1 }
        }
        if json {
            write(#"{"score": \#(right), "total": \#(questions.count), "answered": \#(answered)}"#)
        } else if answered < questions.count {
            write(style.bold("\nStopped: \(right) of \(answered) answered right") + (answered == 0 ? "" : " (\(Self.percent(right, of: answered)) %)")
                  + style.dim(" — \(questions.count - answered) not asked, nothing graded or logged for them"))
        } else {
            write(style.bold("\n\(right) of \(questions.count) right") + " (\(Self.percent(right, of: questions.count)) %)")
        }
        return right
    }

    /// A rounded percentage: 2 of 3 is 67 %, not 66.
    public static func percent(_ part: Int, of whole: Int) -> Int {
        whole == 0 ? 0 : Int((Double(part) * 100 / Double(whole)).rounded())
    }

    func show(_ p: PresentedQuestion, displayed: [Int]) {
        QuizRunner.show(p, displayed: displayed, style: style, write: write)
    }

    mutating func ask(_ question: Question) -> Outcome {
        let presented: PresentedQuestion
        do {
            presented = try Presenter.present(question, seed: seed)
        } catch {
            write("skipped \(question.id): \(error)")
            return .wrong
        }
        let displayed = Presenter.displayOrder(presented, seed: seed)
        if !json { show(presented, displayed: displayed) }
        var tries = 0
        var result = Grader.Result.unreadable("")
        var given = ""
        while tries < self.tries {
            tries += 1
            guard let line = input.read("answer> ") else {
                if !json { write("") }
                return .stopped
            }
            given = line
            result = Grader.grade(presented, answer: line, displayed: displayed)
            if case .unreadable(let why) = result {
                if !json { write(style.warning(why)) }
                continue
            }
            break
        }
        if case .unreadable = result { result = .wrong(expected: expectedText(presented, displayed)) }
        record(AnswerRecord(question: question, correct: result.isCorrect, given: given, tries: tries))
        if json {
            write(JSON.object([
                ("id", JSON.string(question.id)), ("kind", JSON.string(question.kind.rawValue)),
                ("topic", JSON.string(question.topic)), ("answer", JSON.string(given)),
                ("correct", result.isCorrect ? "true" : "false"),
                ("expected", JSON.string(expectedAnswer(presented, displayed))),
                ("expectedText", JSON.string(expectedText(presented, displayed))),
                ("explanation", JSON.string(question.explanation)),
            ]))
            return result.isCorrect ? .right : .wrong
        }
        switch result {
        case .correct: write(style.passed("✓ right"))
        case .wrong(let expected): write(style.failed("✗ not quite") + " — the answer is \(style.bold(expected))")
        case .unreadable: break
        }
        write(Prose.render(question.explanation, style))
        if question.kind == .scenario, let (_, trace) = try? Presenter.verdict(of: question) {
            write(style.dim("What the evaluator saw:"))
            write(TraceRenderer.render(trace, style: style))
        }
        return result.isCorrect ? .right : .wrong
    }

    /// What to type: `B E`, `false`, `2 1 3`.
    func expectedAnswer(_ p: PresentedQuestion, _ displayed: [Int]) -> String {
        switch p.kind {
        case .single, .multiple: return p.choices.indices.filter { p.choices[$0].correct }.map(Grader.letter).joined(separator: " ")
        default: return expectedText(p, displayed)
        }
    }

    func expectedText(_ p: PresentedQuestion, _ displayed: [Int]) -> String {
        switch p.kind {
        case .single, .multiple:
            return p.choices.indices.filter { p.choices[$0].correct }.map {
                "\(Grader.letter($0)) (\(p.choices[$0].text))"
            }.joined(separator: ", ")
        case .truefalse: return (p.answer ?? true) ? "true" : "false"
        case .ordering:
            return (0..<p.order.count).map { i in String((displayed.firstIndex(of: i) ?? i) + 1) }.joined(separator: " ")
        default: return ""
        }
    }

    /// A fix-it: the broken world in a small lab; commands until every goal holds. `give up`
    /// shows the solution.
    mutating func fixIt(_ question: Question) -> Outcome {
        var session = Session()
        for line in question.script { _ = try? session.execute(line.text) }
        if !json {
            write(question.stem)
            if !question.body.isEmpty { write(question.body) }
            write(style.dim("Goals (type lab commands until they all hold; `goals` shows them, `give up` shows a solution):"))
            for g in question.goal { write("  \(g.text)") }
        }
        var commands: [String] = []
        var solved = Self.goalsHold(question, session)
        while !solved {
            guard let line = input.read("fix> ") else {
                if !json { write("") }
                return .stopped
            }
            let trimmed = String(line.trimmed())
            if trimmed == "give up" || trimmed == "solution" { break }
            if trimmed == "goals" {
                for g in question.goal { write("  \(g.text)") }
                continue
            }
            commands.append(trimmed)
            do {
                if let outcome = try session.execute(trimmed), !json {
                    write(OutcomeRenderer.render(outcome, line: trimmed, world: session.world, style: style))
                }
            } catch {
                if !json { write(ErrorRenderer.render(error, line: trimmed, prompt: "fix> ")) }
            }
            solved = Self.goalsHold(question, session)
        }
        record(AnswerRecord(question: question, correct: solved, given: commands.joined(separator: "; "), tries: commands.count))
        if json {
            write(JSON.object([
                ("id", JSON.string(question.id)), ("kind", JSON.string("fixit")), ("topic", JSON.string(question.topic)),
                ("answer", JSON.string(commands.joined(separator: "; "))), ("correct", solved ? "true" : "false"),
                ("expected", JSON.string(question.solution.map(\.text).joined(separator: "; "))),
                ("explanation", JSON.string(question.explanation)),
            ]))
            return solved ? .right : .wrong
        }
        if solved {
            write(style.passed("✓ every goal holds"))
        } else {
            write(style.failed("✗ not solved") + " — one solution:")
            for s in question.solution { write("  \(s.text)") }
        }
        write(Prose.render(question.explanation, style))
        return solved ? .right : .wrong
    }

    static func goalsHold(_ question: Question, _ session: Session) -> Bool {
        var copy = session
        for g in question.goal {
            switch try? copy.execute(g.text) {
            case .expectation(let e)?: if !e.passed { return false }
            case .assertion(let a)?: if !a.passed { return false }
            case nil: return false
            default: break
            }
        }
        return true
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

func fflushAll() { fflush(nil) }
