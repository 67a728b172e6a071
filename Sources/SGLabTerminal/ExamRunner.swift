import SGLabCore
import SGLabCourseware

/// A timed practice exam like the real one: no feedback until the end, flag and return, a
/// score per topic and pass or fail at 72 %, then a review of what was missed or flagged.
public struct ExamRunner {
    public var input: any AnswerInput
    public var style: Style
    public var json: Bool
    public var minutes: Int
    public var now: () -> Int
    public var write: (String) -> Void
    public var record: (AnswerRecord) -> Void = { _ in }
    var seed: UInt64

    public init(input: any AnswerInput, style: Style, json: Bool, minutes: Int, seed: UInt64, now: @escaping () -> Int,
                write: @escaping (String) -> Void) {
        self.input = input
        self.style = style
        self.json = json
        self.minutes = minutes
        self.now = now
        self.write = write
        self.seed = seed
    }

    struct Item {
        let question: Question
        let presented: PresentedQuestion
        let displayed: [Int]
        var answer: String?
        var flagged = false
    }

    /// Runs the exam; returns the result, or nil when the input ended before `submit` (Ctrl-D:
    /// nothing is graded or logged).
    @discardableResult
    public mutating func run(_ questions: [Question]) -> ExamResult? {
        var items: [Item] = []
        for q in questions where q.kind != .fixit {
            guard let p = try? Presenter.present(q, seed: seed) else { continue }
            let displayed = Presenter.displayOrder(p, seed: seed)
            items.append(Item(question: q, presented: p, displayed: displayed))
        }
        let deadline = now() + minutes * 60
        if !json {
            write(style.bold("Practice exam: \(items.count) questions, \(minutes) minutes."))
            write(style.dim("Answer with letters (or true/false, or item numbers). Also the words flag, next, back, goto N, review, submit; Ctrl-D stops without grading."))
        }
        var index = 0
        var submitConfirmed = false
        loop: while !items.isEmpty {
            let left = deadline - now()
            if left <= 0 {
                if !json { write(style.warning("Time is up: the exam is submitted.")) }
                break
            }
            if !json {
                let item = items[index]
                write(style.bold("\nQuestion \(index + 1) of \(items.count)") + style.dim("  · \(left / 60) min left")
                      + (item.flagged ? style.warning("  [flagged]") : "") + (item.answer.map { style.dim("  [answered: \($0)]") } ?? ""))
                QuizRunner.show(items[index].presented, displayed: items[index].displayed, style: style, write: write)
            }
            guard let line = input.read("exam> ") else {
                let answered = items.filter { $0.answer != nil }.count
                if !json {
                    write(style.bold("\nExam stopped") + ": \(answered) of \(items.count) answered; nothing was graded or logged.")
                }
                return nil
            }
            let command = line.trimmed().lowercased()
            switch command {
            case "flag":
                items[index].flagged.toggle()
                continue loop
            // Navigation is spelled out: a letter is always an answer (B is choice B, not back).
            case "next", "":
                index = (index + 1) % items.count
                continue loop
            case "back", "prev", "previous":
                index = (index + items.count - 1) % items.count
                continue loop
            case "review":
                for (i, item) in items.enumerated() {
                    write("  \(i + 1). " + (item.answer == nil ? "unanswered" : "answered") + (item.flagged ? " · flagged" : ""))
                }
                continue loop
            case "submit":
                let open = items.filter { $0.answer == nil }.count
                if open > 0 && !submitConfirmed && !json {
                    write(style.warning("\(open) unanswered (they count as wrong). Type submit again to finish."))
                    submitConfirmed = true
                    continue loop
                }
                break loop
            default:
                if command.hasPrefix("goto ") || command.hasPrefix("go ") {
                    if let n = Int(command.split(separator: " ").last ?? ""), (1...items.count).contains(n) {
                        index = n - 1
                    } else if !json {
                        write(style.warning("goto takes a question number from 1 to \(items.count)"))
                    }
                    continue loop
                }
                let result = Grader.grade(items[index].presented, answer: line, displayed: items[index].displayed)
                if case .unreadable(let why) = result {
                    if !json { write(style.warning(why)) }
                    continue loop
                }
                items[index].answer = String(line.trimmed())
                // Go on to the next unanswered question, as exam software does.
                if let next = (1...items.count).lazy.map({ (index + $0) % items.count }).first(where: { items[$0].answer == nil }) {
                    index = next
                } else if !json {
                    write(style.dim("Every question is answered: review, or submit."))
                    index = (index + 1) % items.count
                }
            }
        }
        var answers: [(question: PresentedQuestion, correct: Bool)] = []
        for item in items {
            let correct = item.answer.map { Grader.grade(item.presented, answer: $0, displayed: item.displayed).isCorrect } ?? false
            answers.append((item.presented, correct))
            record(AnswerRecord(question: item.question, correct: correct, given: item.answer ?? "", tries: 1))
        }
        let result = ExamResult(answers: answers)
        report(result, items: items, answers: answers)
        return result
    }

    func report(_ result: ExamResult, items: [Item], answers: [(question: PresentedQuestion, correct: Bool)]) {
        let percent = Int((result.score * 100).rounded())
        if json {
            let topics = result.byTopic.map {
                JSON.object([("topic", JSON.string($0.topic)), ("correct", "\($0.correct)"), ("total", "\($0.total)")])
            }
            let questions = zip(items, answers).map { item, answer in
                JSON.object([
                    ("id", JSON.string(item.question.id)), ("answer", JSON.optional(item.answer)),
                    ("correct", answer.correct ? "true" : "false"), ("flagged", item.flagged ? "true" : "false"),
                ])
            }
            write(JSON.object([
                ("score", "\(result.correct)"), ("total", "\(result.total)"), ("percent", "\(percent)"),
                ("passed", result.passed ? "true" : "false"), ("byTopic", "[" + topics.joined(separator: ", ") + "]"),
                ("questions", "[" + questions.joined(separator: ", ") + "]"),
            ]))
            return
        }
        write(style.bold("\nResult: \(result.correct) of \(result.total) (\(percent) %) — ")
              + (result.passed ? style.passed("PASS") : style.failed("FAIL")) + style.dim(" (pass mark 72 %)"))
        // AWS Certification, "Exam scoring": results are scaled scores from 100 to 1000.
        write(style.dim("The real exam reports a scaled score (100-1000, pass at 720), not a share of questions right: 720 is not 72 % raw."))
        let table = Table(
            [.init("Topic"), .init("Right", alignment: .right), .init("Of", alignment: .right), .init("Score", alignment: .right)],
            rows: result.byTopic.map { t in
                [Taxonomy.title(of: t.topic), "\(t.correct)", "\(t.total)", "\(QuizRunner.percent(t.correct, of: t.total)) %"]
            })
        write(table.render(style: style))
        let review = zip(items, answers).enumerated().filter { !$0.element.1.correct || $0.element.0.flagged }
        guard !review.isEmpty else { return }
        write(style.bold("\nReview: wrong and flagged questions"))
        for (i, (item, answer)) in review {
            write(style.bold("\n\(i + 1). ") + Prose.inline(item.presented.text.split(separator: "\n").first.map(String.init) ?? "", style)
                  + (item.flagged ? style.warning(" [flagged]") : ""))
            write("   your answer: \(item.answer ?? "none") · " + (answer.correct ? style.passed("right") : style.failed("wrong")))
            if !answer.correct {
                let runner = QuizRunner(input: FileAnswers(""), style: style, json: true, seed: 0, write: { _ in })
                write("   the answer: \(runner.expectedText(item.presented, item.displayed))")
            }
            write(Prose.render(item.question.explanation, style, indent: 3))
        }
    }
}

extension QuizRunner {
    static func show(_ p: PresentedQuestion, displayed: [Int], style: Style, write: (String) -> Void) {
        write(Prose.render(p.text, style))
        switch p.kind {
        case .single, .multiple:
            if p.kind == .multiple { write(style.dim("(choose \(p.choices.filter(\.correct).count))")) }
            for (i, c) in p.choices.enumerated() {
                write(Wrap.text("  \(Grader.letter(i)). \(Prose.inline(c.text, style))", width: Terminal.columns, hanging: 5))
            }
        case .truefalse:
            write(style.dim("(true or false)"))
        case .ordering:
            write(style.dim("(put these in order: type their numbers, first to last)"))
            for (n, i) in displayed.enumerated() {
                write(Wrap.text("  \(n + 1). \(Prose.inline(p.order[i], style))", width: Terminal.columns, hanging: 5))
            }
        default:
            break
        }
    }
}
