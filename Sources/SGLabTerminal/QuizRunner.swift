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

/// Standard input, with a prompt when it is a terminal.
public struct TerminalAnswers: AnswerInput {
    let interactive: Bool
    public init(interactive: Bool) { self.interactive = interactive }
    public mutating func read(_ prompt: String) -> String? {
        if interactive {
            print(prompt, terminator: "")
            fflushAll()
        }
        return Swift.readLine()
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
    public var rng: SeededGenerator
    public var write: (String) -> Void
    public var record: (AnswerRecord) -> Void = { _ in }
    /// How often an unreadable answer may be retyped (1 for answers files: a line is an answer).
    public var tries = 3

    public init(input: any AnswerInput, style: Style, json: Bool, seed: UInt64, write: @escaping (String) -> Void) {
        self.input = input
        self.style = style
        self.json = json
        self.rng = SeededGenerator(seed: seed)
        self.write = write
    }

    /// Runs the quiz; returns the number answered right.
    public mutating func run(_ questions: [Question]) -> Int {
        var right = 0
        for (index, question) in questions.enumerated() {
            if !json { write(style.bold("\nQuestion \(index + 1) of \(questions.count)") + style.dim("  · \(question.topic) · seed §\(question.seed.map(String.init).joined(separator: ", §"))")) }
            let correct = question.kind == .fixit ? fixIt(question) : ask(question)
            if correct { right += 1 }
        }
        if json {
            write(#"{"score": \#(right), "total": \#(questions.count)}"#)
        } else {
            write(style.bold("\n\(right) of \(questions.count) right") + " (\(questions.isEmpty ? 0 : right * 100 / questions.count) %)")
        }
        return right
    }

    func show(_ p: PresentedQuestion, displayed: [Int]) {
        QuizRunner.show(p, displayed: displayed, style: style, write: write)
    }

    mutating func ask(_ question: Question) -> Bool {
        let presented: PresentedQuestion
        do {
            presented = try Presenter.present(question, using: &rng)
        } catch {
            write("skipped \(question.id): \(error)")
            return false
        }
        let displayed = presented.kind == .ordering ? Array(presented.order.indices).shuffled(using: &rng) : []
        if !json { show(presented, displayed: displayed) }
        var tries = 0
        var result = Grader.Result.unreadable("")
        var given = ""
        while tries < self.tries {
            tries += 1
            guard let line = input.read("answer> ") else {
                given = ""
                result = .wrong(expected: expectedText(presented, displayed))
                break
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
            return result.isCorrect
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
        return result.isCorrect
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
    mutating func fixIt(_ question: Question) -> Bool {
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
            guard let line = input.read("fix> ") else { break }
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
            return solved
        }
        if solved {
            write(style.passed("✓ every goal holds"))
        } else {
            write(style.failed("✗ not solved") + " — one solution:")
            for s in question.solution { write("  \(s.text)") }
        }
        write(Prose.render(question.explanation, style))
        return solved
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
