import SGLabAccounts
import SGLabCore
import SGLabCourseware
import SGLabLanguage

/// Runs a lesson inside the lab: the prepared world, one step at a time, goals checked by the
/// evaluator, a ladder of hints ending in the worked solution, then the recap quiz.
public final class LessonController {
    public let lesson: Lesson
    let style: Style
    public private(set) var stepIndex = 0
    var hintsShown = 0
    var solved = false
    var usedSolution = false
    /// The world as the current step began, for `restart`.
    var stepStart = Session()
    public private(set) var finished = false
    /// The lesson after this one, to point the learner on.
    public var nextLesson: String?
    var finishedText: String {
        style.passed("Lesson complete.")
            + (nextLesson.map { " Type next for the next lesson (\($0)), lessons for the list." }
                ?? " That was the last lesson: exam and review keep it fresh.")
    }
    /// Told about progress: (item, correct, quality 0–5, kind) — the shell writes it to the log.
    public var record: (_ item: String, _ correct: Bool, _ quality: Int, _ kind: String) -> Void = { _, _, _, _ in }

    public enum Action {
        case text(String)
        case quiz([Question], String)
    }

    /// A packet of the step's `run` block waiting for the learner's prediction, and the run
    /// lines after it.
    public struct Prediction {
        public let packet: String
        public let question: PresentedQuestion
        let rest: [ScriptLine]
    }
    /// Set when the step fires a packet: the shell asks for a prediction, then calls `predict`.
    public private(set) var pendingPrediction: Prediction?

    /// Traces show their exact `fix:` command only once the step's hints are spent (or the
    /// solution was asked for): the learner works the fix out first, helped by the hints.
    public var showsFix: Bool { finished || usedSolution || hintsShown >= step.hints.count }

    public init(lesson: Lesson, style: Style) {
        self.lesson = lesson
        self.style = style
    }

    var step: Step { lesson.steps[stepIndex] }
    var itemID: String { "\(lesson.id)/step-\(stepIndex + 1)" }

    /// Sets up the prepared world and opens the first step.
    public func start(_ session: inout Session) -> String {
        for line in lesson.setup { _ = try? session.execute(line.text) }
        var lines = [style.bold("Lesson: \(lesson.title)"), ""]
        if !lesson.introduction.isEmpty { lines += [Prose.render(lesson.introduction, style), ""] }
        lines.append(openStep(&session))
        return lines.joined(separator: "\n")
    }

    func openStep(_ session: inout Session) -> String {
        stepStart = session
        pendingPrediction = nil
        hintsShown = 0
        solved = false
        usedSolution = false
        return ([describeStep()] + runLines(step.run[...], &session)).joined(separator: "\n")
    }

    /// Runs a step's `run` lines and shows them, stopping before a packet to ask what the
    /// learner expects (predict, then check).
    func runLines(_ lines: ArraySlice<ScriptLine>, _ session: inout Session) -> [String] {
        var out: [String] = []
        for (offset, line) in zip(lines.indices, lines) {
            if let prediction = prediction(for: line, after: Array(lines[(offset + 1)...]), session) {
                pendingPrediction = prediction
                out.append(style.bold("Predict first: ") + "what happens to " + style.bold(prediction.packet) + "?")
                for (i, c) in prediction.question.choices.enumerated() { out.append("  \(Grader.letter(i)). \(c.text)") }
                return out
            }
            out.append(style.dim("sglab> ") + line.text)
            if let outcome = try? session.execute(line.text) {
                out.append(OutcomeRenderer.render(outcome, line: line.text, world: session.world, style: style, showFix: showsFix))
            }
        }
        return out
    }

    /// A prediction question for a `packet` line: "allowed" or "blocked at" a check, the right
    /// one computed by the evaluator on a copy of the world.
    func prediction(for line: ScriptLine, after rest: [ScriptLine], _ session: Session) -> Prediction? {
        let words = line.text.split(separator: " ")
        guard words.first == "packet", words.count > 1 else { return nil }
        var copy = session
        guard case .trace(let trace)? = try? copy.execute(line.text) else { return nil }
        let id = "\(itemID)/\(line.line)"
        let question = Presenter.prediction(id: id, stem: line.text, trace: trace)
        return Prediction(packet: line.text, question: question, rest: rest)
    }

    /// The learner's prediction for the pending packet: graded, then the packet is fired and its
    /// trace shown. Nil answer (end of input) skips the prediction. Returns what to print and
    /// whether to ask again (an unreadable answer).
    public func predict(_ answer: String?, _ session: inout Session) -> (text: String, again: Bool) {
        guard let pending = pendingPrediction else { return ("", false) }
        var lines: [String] = []
        if let answer {
            switch Grader.grade(pending.question, answer: answer) {
            case .correct:
                lines.append(style.passed("✓ as you predicted"))
            case .wrong(let expected):
                let text = pending.question.choices.first(where: \.correct)?.text ?? ""
                lines.append(style.failed("✗ not what happens") + " — it is \(expected) (\(text)); the trace shows why")
            case .unreadable(let why):
                return (style.warning(why), true)
            }
        }
        pendingPrediction = nil
        lines.append(style.dim("sglab> ") + pending.packet)
        if let outcome = try? session.execute(pending.packet) {
            lines.append(OutcomeRenderer.render(outcome, line: pending.packet, world: session.world, style: style, showFix: showsFix))
        }
        lines += runLines(pending.rest[...], &session)
        return (lines.joined(separator: "\n"), false)
    }

    func describeStep() -> String {
        var lines = [style.bold("Step \(stepIndex + 1) of \(lesson.steps.count): \(step.title)")]
        if !step.text.isEmpty { lines.append(Prose.render(step.text, style)) }
        lines.append(style.dim("Goals (check tests them; hint helps):"))
        lines += step.goal.map { "  " + $0.text }
        return lines.joined(separator: "\n")
    }

    /// Which goals hold, one line each, and whether the hidden checks pass too.
    func evaluate(_ session: Session) -> (report: [String], visible: Bool, hidden: Bool) {
        var copy = session
        var report: [String] = []
        var visible = true
        for goal in step.goal {
            let (ok, why) = Self.holds(goal.text, in: &copy)
            visible = visible && ok
            report.append((ok ? style.passed("  ✓ ") : style.failed("  ✗ ")) + goal.text + (ok ? "" : style.dim(" — \(why)")))
        }
        var hidden = true
        for goal in step.hidden where !Self.holds(goal.text, in: &copy).0 {
            hidden = false
            if visible { report.append(style.failed("  ✗ ") + Self.describeHidden(goal.text, in: session)) }
        }
        return (report, visible, hidden)
    }

    /// A failing hidden check in words: its `# comment` when the author wrote one, otherwise
    /// what the packet does and should do ("tcp from internet to web:22 is allowed; it should be
    /// blocked at security-group-inbound"). It names the check, never the command that fixes it.
    static func describeHidden(_ line: String, in session: Session) -> String {
        if let hash = line.firstIndex(of: "#") {
            let comment = String(String(line[line.index(after: hash)...]).trimmed())
            if !comment.isEmpty { return comment }
        }
        var copy = session
        let words = line.split(separator: " ").map(String.init)
        switch try? copy.execute(line) {
        case .expectation(let e)?:
            // expect allowed PACKET / expect blocked [at COMPONENT] PACKET
            var packet = Array(words.dropFirst(2))
            if words.count > 3, words[2] == "at" { packet = Array(words.dropFirst(4)) }
            let actual = e.actual.split(separator: " (").first.map(String.init) ?? e.actual
            return "\(packet.joined(separator: " ")) is \(actual); it should be \(e.expected)"
        case .assertion(let a)?:
            return "\(a.statement) does not hold: \(a.actual)"
        default:
            return line
        }
    }

    static func holds(_ line: String, in session: inout Session) -> (Bool, String) {
        do {
            switch try session.execute(line) {
            case .expectation(let e)?: return (e.passed, "got \(e.actual)")
            case .assertion(let a)?: return (a.passed, a.actual)
            default: return (true, "")
            }
        } catch {
            return (false, "\(error)")
        }
    }

    /// Handles a lesson word; nil when the line is an ordinary lab command.
    public func handle(_ line: String, _ session: inout Session) -> Action? {
        let word = String(line.trimmed()).lowercased()
        if let format = solutionFormat(word) {
            if finished { return .text("The lesson is finished: next opens the next one, lessons lists them all.") }
            usedSolution = true
            return .text(solutionText(in: format))
        }
        guard Grammar.lessonWords.contains(where: { $0.0 == word }) else { return nil }
        if finished { return .text("The lesson is finished: next opens the next one, lessons lists them all.") }
        switch word {
        case "goals":
            return .text(describeStep())
        case "check":
            let (report, visible, hidden) = evaluate(session)
            var lines = report
            if visible && hidden {
                lines.append(markSolved())
            } else if visible {
                lines.append(style.warning("The visible goals hold, but the further check above fails: your design allows or blocks more than the task asks. Narrow it down."))
            }
            return .text(lines.joined(separator: "\n"))
        case "hint":
            if hintsShown < step.hints.count {
                hintsShown += 1
                record(itemID, false, 0, "hint")
                return .text(style.accent("Hint \(hintsShown) of \(step.hints.count): ") + Prose.render(step.hints[hintsShown - 1], style))
            }
            usedSolution = true
            return .text(solutionText())
        case "solution":
            usedSolution = true
            return .text(solutionText())
        case "restart":
            session = stepStart
            return .text("The world is back as it was when this step began.\n" + describeStep())
        case "skip":
            session = stepStart
            for line in step.solution { _ = try? session.execute(line.text) }
            record(itemID, false, 1, "step")
            return advance(&session, note: "Skipped: the worked solution was applied so the next step starts from a working world.")
        case "next":
            guard solved else { return .text("This step is not solved yet: check tests it, hint helps, skip moves on.") }
            return advance(&session, note: nil)
        default:
            return nil
        }
    }

    /// `solution aws-cli|cloudformation|terraform`: the format asked for, if the line is that.
    func solutionFormat(_ line: String) -> ExportFormat? {
        let words = line.split(separator: " ", omittingEmptySubsequences: true)
        guard words.count == 2, words[0] == "solution" else { return nil }
        return ExportFormat(rawValue: String(words[1]))
    }

    /// The step's world with the worked solution applied, as AWS would build it: the lab's
    /// commands in real AWS terms.
    func solutionText(in format: ExportFormat) -> String {
        var solved = stepStart
        for line in step.solution { _ = try? solved.execute(line.text) }
        return [
            style.accent("The world after the worked solution, as \(format.rawValue):"),
            style.visible(Exporter.export(solved.world, as: format)).trimmingCharacters(in: .newlines),
            style.dim("Type the solution (or your own version), then check."),
        ].joined(separator: "\n")
    }

    func solutionText() -> String {
        ([style.accent("Worked solution:")] + step.solution.map { "  " + $0.text }
         + [style.dim("Type it (or your own version), then check.")]).joined(separator: "\n")
    }

    func markSolved() -> String {
        if !solved {
            solved = true
            // SM-2 grades: 5 straight away, 4 with a hint, 3 with several, 2 after the solution.
            let quality = usedSolution ? 2 : hintsShown == 0 ? 5 : hintsShown == 1 ? 4 : 3
            record(itemID, !usedSolution, quality, "step")
        }
        return style.passed("✓ Step solved.") + (stepIndex + 1 < lesson.steps.count ? " Type next to go on." : " Type next for the recap quiz.")
    }

    /// After every lab command: a one-line success as soon as the goals hold.
    public func afterCommand(_ session: Session) -> String? {
        guard !solved, !finished else { return nil }
        let (_, visible, hidden) = evaluate(session)
        return visible && hidden ? markSolved() : nil
    }

    func advance(_ session: inout Session, note: String?) -> Action {
        var lines: [String] = note.map { [$0] } ?? []
        if stepIndex + 1 < lesson.steps.count {
            stepIndex += 1
            lines.append(openStep(&session))
            return .text(lines.joined(separator: "\n"))
        }
        finished = true
        record(lesson.id, true, 5, "lessonDone")
        if lesson.quiz.isEmpty {
            lines.append(finishedText)
            return .text(lines.joined(separator: "\n"))
        }
        lines.append(style.bold("Recap quiz"))
        return .quiz(lesson.quiz, lines.joined(separator: "\n"))
    }
}
