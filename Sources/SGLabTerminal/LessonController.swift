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
        hintsShown = 0
        solved = false
        usedSolution = false
        var lines = [describeStep()]
        for line in step.run {
            lines.append(style.dim("sglab> ") + line.text)
            if let outcome = try? session.execute(line.text) {
                lines.append(OutcomeRenderer.render(outcome, line: line.text, world: session.world, style: style))
            }
        }
        return lines.joined(separator: "\n")
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
        for goal in step.hidden where !Self.holds(goal.text, in: &copy).0 { hidden = false }
        return (report, visible, hidden)
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
                lines.append(style.warning("The visible goals hold, but a further check fails: your design allows or blocks more than the task asks. Narrow it down."))
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
