import Foundation
import SGLabCore
import SGLabCourseware
import SGLabLanguage

/// `sglab check|lessons|lesson|quiz|exam|review|progress`: the courseware commands.
public struct CoursewareCommands {
    public let environment: [String: String]
    public let executable: String
    public let style: Style
    public var now: () -> Int = { Int(Date().timeIntervalSince1970) }
    /// Where answers come from when no answers file is given (the lab's editor, inside the lab).
    public var answerInput: (any AnswerInput)?
    /// Run from the lab's prompt: hints name the lab's words (`lesson 2`), not `sglab lesson 2`.
    public var insideLab = false

    public init(environment: [String: String], executable: String, style: Style) {
        self.environment = environment
        self.executable = executable
        self.style = style
    }

    /// Prints a line whose control characters from outside (lesson titles, file names) show
    /// visibly.
    func show(_ text: String) { print(style.visible(text)) }

    public static let names: Set<String> = ["check", "lessons", "lesson", "quiz", "exam", "review", "progress"]

    /// What a courseware command was given: the `sglab` command line (argument-parser) and the
    /// lab's own `quiz`, `exam`, … words both fill it in.
    public struct Options: Sendable {
        public var positional: [String] = []
        public var count: Int?
        public var seed: UInt64?
        public var answers: String?
        public var minutes: Int?
        public var format: String?
        public var output: String?
        public var json = false
        public var generated = false

        public init() {}

        func count(default value: Int) throws(UsageError) -> Int {
            guard let count else { return value }
            guard (1...500).contains(count) else { throw UsageError("--count takes a number from 1 to 500, not \(count)") }
            return count
        }
    }

    struct UsageError: Error, CustomStringConvertible {
        let description: String
        init(_ text: String) { description = text }
    }

    func library() throws(UsageError) -> ContentLibrary {
        guard var lib = ContentLibrary.locate(
            environment: environment, executable: executable, workingDirectory: FileManager.default.currentDirectoryPath)
        else {
            throw UsageError("cannot find the lessons/ and quizzes/ folders: run sglab from its folder or set SGLAB_CONTENT")
        }
        lib.extraBankFolders = userBanks.map { [$0] }?.filter { $0 != lib.root + "/quizzes" } ?? []
        return lib
    }

    /// The learner's own banks (imported ones): `$XDG_DATA_HOME/sglab/my-quizzes`, beside the
    /// progress log, never inside the program's content (which `make install` puts in
    /// `…/sglab/quizzes` and replaces on every install).
    var userBanks: String? {
        ProgressLog.defaultDirectory(environment: environment).map { $0 + "/my-quizzes" }
    }

    /// Runs a courseware command; returns the exit status.
    public func run(_ command: String, _ options: Options) -> Int32 {
        do {
            switch command {
            case "check": return try check(options)
            case "quiz": return try quiz(options)
            case "exam": return try exam(options)
            default: return try more(command, options)
            }
        } catch {
            standardError("sglab \(command): \(error)\n")
            return 2
        }
    }

    // MARK: check

    func check(_ options: Options) throws(UsageError) -> Int32 {
        var paths = options.positional
        if paths.isEmpty {
            let lib = try library()
            paths = [lib.root + "/lessons", lib.root + "/quizzes"]
        }
        var lessons: [(String, String)] = []
        var banks: [(String, String)] = []
        var unreadable: [String] = []
        for path in paths {
            do {
                for file in try ContentLibrary.markdownFiles(path) {
                    let text = try ContentLibrary.read(file)
                    if ContentLibrary.isLesson(text) { lessons.append((file, text)) } else { banks.append((file, text)) }
                }
            } catch {
                unreadable.append("\(path): error: no such file or folder")
            }
        }
        let report = Checker.check(lessons: lessons, banks: banks)
        for line in unreadable { show(line) }
        for e in report.errors { show("\(e.location): error: \(e.message)") }
        for w in report.warnings { show("\(w.location): warning: \(w.message)") }
        let errors = report.errors.count + unreadable.count
        if let figures = report.bankStatistics, figures.singles + figures.trueFalse > 0 { show("banks: " + figures.summary) }
        show("checked \(report.lessons) lessons and \(report.questions) questions: \(errors) errors, \(report.warnings.count) warnings")
        return errors == 0 ? 0 : 1
    }

    // MARK: quiz and exam

    func answers(_ options: Options) throws(UsageError) -> any AnswerInput {
        if let path = options.answers {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw UsageError("cannot read the answers file \(path)")
            }
            return FileAnswers(text)
        }
        if let answerInput { return answerInput }
        return TerminalAnswers(interactive: isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1)
    }

    func seed(_ options: Options) throws(UsageError) -> UInt64 {
        options.seed ?? UInt64(truncatingIfNeeded: now())
    }

    func questionPool(_ options: Options) throws(UsageError) -> [Question] {
        let lib = try library()
        guard let pool = try? lib.questions(), !pool.isEmpty else { throw UsageError("no questions found under \(lib.root)/quizzes") }
        return pool
    }

    func quiz(_ options: Options) throws(UsageError) -> Int32 {
        if options.positional.first == "export" { return try export(options) }
        if options.positional.first == "import" { return try importBank(options) }
        let topic = options.positional.first
        let count = try options.count(default: 10)
        let seed = try seed(options)
        var rng = SeededGenerator(seed: seed)
        let picked: [Question]
        if options.generated {
            // Unlimited practice: scenarios and fix-its made from templates, answered and
            // explained by the evaluator.
            var generator = QuestionGenerator(seed: seed)
            picked = generator.make(count: count, topics: topic.map { [$0] })
        } else {
            picked = Selection.pick(try questionPool(options), topic: topic, count: count, using: &rng)
        }
        guard !picked.isEmpty else {
            throw UsageError("no questions on \(topic.map(Selection.describeFilter) ?? "that") — topics: \(Taxonomy.topics.joined(separator: ", "))")
        }
        let json = options.json
        var runner = QuizRunner(input: try answers(options), style: json ? .plain : style, json: json, seed: seed &+ 1,
                                write: { say($0) })
        runner.record = progressRecorder()
        if options.answers != nil { runner.tries = 1 }
        if !json {
            say(style.bold("Quiz") + ": \(picked.count) question\(picked.count == 1 ? "" : "s")" + (topic.map { " on \(Selection.describeFilter($0))" } ?? "")
                  + (insideLab ? "" : style.dim(" (seed \(seed): sglab quiz\(topic.map { " \($0)" } ?? "")\(options.generated ? " --generated" : "") --count \(count) --seed \(seed) repeats it)")))
        }
        let right = runner.run(picked)
        return right == picked.count ? 0 : 1
    }

    func exam(_ options: Options) throws(UsageError) -> Int32 {
        let count = try options.count(default: 65)
        // The real exam allows 130 minutes for 65 questions: a shorter one gets as long per question.
        let minutes = options.minutes ?? min(600, max(1, (count * 130 + 64) / 65))
        guard (1...600).contains(minutes) else { throw UsageError("--minutes takes a number from 1 to 600, not \(minutes)") }
        let seed = try seed(options)
        var rng = SeededGenerator(seed: seed)
        let pool = try questionPool(options).filter { $0.kind != .fixit }
        let picked = Selection.pick(pool, topic: options.positional.first, count: count, using: &rng)
        let json = options.json
        var runner = ExamRunner(input: try answers(options), style: json ? .plain : style, json: json, minutes: minutes,
                                seed: seed &+ 1, now: now, write: { say($0) })
        runner.record = progressRecorder()
        let result = runner.run(picked)
        return result?.passed == true ? 0 : 1
    }

    // MARK: progress

    /// The progress log, or nil when there is nowhere to keep it (no HOME).
    var log: ProgressLog? { ProgressLog.defaultDirectory(environment: environment).map(ProgressLog.init) }

    func loadProgress() -> SGLabCourseware.Progress {
        guard let log else { return SGLabCourseware.Progress() }
        let (events, warnings) = log.load()
        for w in warnings { standardError("sglab: \(w)\n") }
        return SGLabCourseware.Progress(events: events)
    }

    func append(_ event: ProgressEvent) {
        guard let log else { return }
        do {
            for w in try log.append(event) { standardError("sglab: \(w)\n") }
        } catch {
            standardError("sglab: progress not saved: \(error)\n")
        }
    }

    /// Each answer becomes an event; wrong ones enter spaced repetition.
    func progressRecorder() -> (AnswerRecord) -> Void {
        { record in
            append(ProgressEvent(
                time: now(), kind: .answer, item: record.question.id, topic: record.question.topic, correct: record.correct,
                quality: ProgressEvent.quality(correct: record.correct, attempts: max(1, record.tries)),
                detail: record.given.isEmpty ? nil : record.given))
        }
    }

    func lessonRecorder(_ lesson: Lesson) -> (String, Bool, Int, String) -> Void {
        { item, correct, quality, kind in
            let eventKind: ProgressEvent.Kind = kind == "hint" ? .hint : kind == "lessonDone" ? .lessonDone : .step
            append(ProgressEvent(
                time: now(), kind: eventKind, item: item, topic: lesson.topics.first, correct: eventKind == .hint ? nil : correct,
                quality: eventKind == .step ? quality : nil))
        }
    }

    func completedLessons() -> Set<String> { loadProgress().lessonsCompleted }

    func progressCommand(_ options: Options) throws(UsageError) -> Int32 {
        guard let log else { throw UsageError("there is no place for progress: set HOME or XDG_DATA_HOME") }
        switch options.positional.first {
        case nil:
            let progress = loadProgress()
            say(style.bold("Mastery by topic") + style.dim(" (the share of right answers in each topic's last \(SGLabCourseware.Progress.masteryWindow) attempts)"))
            // The bars give way first on a narrow terminal: names and figures take 51 columns.
            let bars = max(10, min(40, (Terminal.columns ?? 100) - 52))
            print(ProgressChart.render(progress, width: bars, now: now()))
            return 0
        case "export":
            guard options.positional.count == 2 else { throw UsageError("progress export FILE") }
            do {
                let n = try log.export(to: options.positional[1])
                show("exported \(n) events to \(options.positional[1])")
            } catch { throw UsageError("\(error)") }
            return 0
        case "import":
            guard options.positional.count == 2 else { throw UsageError("progress import FILE") }
            do {
                let n = try log.importFile(options.positional[1])
                show("imported \(n) new events from \(options.positional[1])")
            } catch { throw UsageError("\(error)") }
            return 0
        case "reset":
            do {
                let kept = try log.reset()
                show("progress reset" + (kept.map { "; the old log is kept as \($0)" } ?? ""))
            } catch { throw UsageError("\(error)") }
            return 0
        case let other?:
            throw UsageError("progress takes export FILE, import FILE or reset, not \(other)")
        }
    }

    /// Spaced repetition: due questions come back as questions, due lesson steps as labs.
    func review(_ options: Options) throws(UsageError) -> Int32 {
        let progress = loadProgress()
        let due = progress.due(at: now())
        guard !due.isEmpty else {
            let next = progress.nextDue.map { " The next review is due \(iso8601($0))." } ?? ""
            say("Nothing is due for review." + next + " Missed questions and failed lesson steps come back here.")
            return 0
        }
        let count = try options.count(default: 20)
        let pool = (try? library().questions()) ?? []
        let lessons = (try? loadLessons()) ?? []
        var questions: [Question] = []
        var steps: [(Lesson, Int)] = []
        for item in due.prefix(count) {
            if let q = pool.first(where: { $0.id == item }) {
                questions.append(q)
            } else if let (lessonID, step) = ProgressEvent.parseStepItem(item),
                let lesson = lessons.first(where: { $0.id == lessonID }), step >= 1, step <= lesson.steps.count
            {
                steps.append((lesson, step - 1))
            }
        }
        // A failed lesson step comes back as a fix-it lab: its world, its goals, its solution.
        for (lesson, index) in steps {
            var script = lesson.setup
            for s in lesson.steps[..<index] { script += s.solution }
            let step = lesson.steps[index]
            questions.append(Question(
                id: ProgressEvent.stepItem(lesson: lesson.id, step: index + 1), kind: .fixit,
                stem: "\(lesson.title) — \(step.title)", body: step.text, seed: lesson.seed,
                topic: lesson.topics.first ?? "sg-basics", traps: lesson.traps, script: script, goal: step.goal + step.hidden,
                solution: step.solution, explanation: step.hints.joined(separator: " "), location: step.location))
        }
        let json = options.json
        say(style.bold("Review") + ": \(questions.count) items due")
        var runner = QuizRunner(input: try answers(options), style: json ? .plain : style, json: json,
                                seed: UInt64(truncatingIfNeeded: now()), write: { say($0) })
        runner.record = progressRecorder()
        let right = runner.run(questions)
        return right == questions.count ? 0 : 1
    }

    /// `quiz export --format gift|aiken [--output FILE] [--seed N] [TOPIC]`: a Moodle-importable
    /// bank. Scenario answers are computed by the evaluator as the bank is written; options are
    /// shuffled per question id (and seed, 0 unless given), as every presentation shuffles them.
    func export(_ options: Options) throws(UsageError) -> Int32 {
        let format = options.format ?? "gift"
        guard format == "gift" || format == "aiken" else { throw UsageError("--format is gift or aiken, not \(format)") }
        var pool = try questionPool(options)
        if options.positional.count > 1 {
            var rng = SeededGenerator(seed: 0)
            pool = Selection.pick(pool, topic: options.positional[1], count: pool.count, using: &rng)
        }
        // Options are shuffled per question (the right answer is not where the author wrote it);
        // the same --seed (0 unless given) writes the same file.
        let shuffleSeed = options.seed ?? 0
        var presented: [PresentedQuestion] = []
        var skipped: [String] = []
        for q in pool {
            if let p = try? Presenter.present(q, seed: shuffleSeed) { presented.append(p) } else { skipped.append(q.id) }
        }
        let text: String
        if format == "gift" {
            text = GIFT.export(presented)
        } else {
            let (aiken, notSingle) = Aiken.export(presented)
            text = aiken
            skipped += notSingle
        }
        if let output = options.output {
            do { try FileStore().write(text, to: output) } catch { throw UsageError("\(error)") }
            show("wrote \(presented.count - (format == "aiken" ? skipped.count - (pool.count - presented.count) : 0)) questions to \(output) (\(format.uppercased()))")
        } else {
            print(text, terminator: text.hasSuffix("\n") ? "" : "\n")
        }
        if !skipped.isEmpty {
            standardError("sglab quiz export: \(skipped.count) questions have no \(format.uppercased()) form (fix-its are solved in the lab\(format == "aiken" ? "; Aiken holds single-answer questions only" : "")) and were left out\n")
        }
        return 0
    }

    /// `quiz import FILE`: reads GIFT or Aiken and adds the questions to quizzes/ as a bank.
    func importBank(_ options: Options) throws(UsageError) -> Int32 {
        guard options.positional.count == 2 else { throw UsageError("quiz import FILE") }
        let path = options.positional[1]
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw UsageError("cannot read \(path)") }
        let format = options.format ?? (text.contains("{") ? "gift" : "aiken")
        let questions: [Question]
        do {
            questions = format == "gift" ? try GIFT.parse(text, file: path) : try Aiken.parse(text, file: path)
        } catch {
            for e in error.errors { show("\(e.location): error: \(e.message)") }
            return 1
        }
        let lib = try library()
        let name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
            .lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" }
        guard let folder = options.output.map({ URL(fileURLWithPath: $0).deletingLastPathComponent().path }) ?? userBanks else {
            throw UsageError("there is no place for imported banks: set HOME or XDG_DATA_HOME, or give --output FILE")
        }
        let target = options.output ?? folder + "/imported-" + String(name) + ".md"
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch { throw UsageError("cannot make \(folder): \(error.localizedDescription)") }
        // Keep ids unique beside the existing banks.
        let existing = Set(((try? lib.questions()) ?? []).map(\.id))
        let renamed = questions.map { q -> Question in
            var q = q
            if existing.contains(q.id) { q.id = "imported-" + q.id }
            return q
        }
        do {
            try FileStore().write(BankWriter.write(renamed, title: "Imported from \(path) (\(format.uppercased()))"), to: target)
        } catch { throw UsageError("\(error)") }
        show("imported \(renamed.count) questions into \(target); sglab check \(target) validates them")
        return 0
    }

    func more(_ command: String, _ options: Options) throws(UsageError) -> Int32 {
        switch command {
        case "lessons": return try listLessons()
        case "lesson": return try openLesson(options)
        case "progress": return try progressCommand(options)
        case "review": return try review(options)
        default: throw UsageError("\(command) is not available yet")
        }
    }

    /// Prose for a person: wrapped between words to the terminal (files and data are printed as
    /// they are).
    func say(_ text: String) {
        print(Wrap.text(style.visible(text), width: Terminal.columns))
    }

    func loadLessons() throws(UsageError) -> [Lesson] {
        let lib = try library()
        do {
            return try lib.lessons()
        } catch {
            throw UsageError("the lessons do not load:\n\(error)")
        }
    }

    func listLessons() throws(UsageError) -> Int32 {
        let lessons = try loadLessons()
        let done = completedLessons()
        let command = insideLab ? "" : "sglab "
        say(style.bold("Lessons") + style.dim(" (\(command)lesson NAME or NUMBER opens one in the lab)"))
        for (i, lesson) in lessons.enumerated() {
            let mark = done.contains(lesson.id) ? style.passed("✓") : style.dim("·")
            let topics = lesson.topics.prefix(2).map(Taxonomy.title(of:)).joined(separator: ", ")
            print(Wrap.text(style.visible("  \(mark) \(String(i + 1).leftPadded(to: 2))  \(lesson.title)" + style.dim("  \(lesson.steps.count) steps · \(topics)")),
                            width: Terminal.columns, hanging: 8))
        }
        if let next = lessons.firstIndex(where: { !done.contains($0.id) }) {
            say(style.dim("\nNext: \(command)lesson \(next + 1)") + style.dim(" (\(lessons[next].id))"))
        } else if !lessons.isEmpty {
            say(style.passed("\nEvery lesson is done.") + " \(command)review and \(command)exam keep it fresh.")
        }
        return 0
    }

    /// The first lesson not yet done, for `next` at the lab's prompt.
    func firstLessonNotDone() -> String? {
        guard let lessons = try? loadLessons() else { return nil }
        let done = completedLessons()
        return lessons.first { !done.contains($0.id) }?.id
    }

    /// A lesson by name, number or the start of its name, ready to run.
    func lessonController(named name: String) throws(UsageError) -> LessonController {
        let lessons = try loadLessons()
        let lesson = lessons.first { $0.id == name }
            ?? Int(name).flatMap { $0 >= 1 && $0 <= lessons.count ? lessons[$0 - 1] : nil }
            ?? lessons.first { $0.id.hasPrefix(name) }
        guard let lesson else {
            let hint = nearest(name, among: lessons.map(\.id)).map { " — did you mean \($0)?" } ?? ""
            throw UsageError("there is no lesson \(name)\(hint)")
        }
        let controller = LessonController(lesson: lesson, style: style)
        if let index = lessons.firstIndex(where: { $0.id == lesson.id }), index + 1 < lessons.count {
            controller.nextLesson = lessons[index + 1].id
        }
        controller.record = lessonRecorder(lesson)
        return controller
    }

    func openLesson(_ options: Options) throws(UsageError) -> Int32 {
        guard let name = options.positional.first else { throw UsageError("which lesson? sglab lessons lists them") }
        return REPL.run(lesson: try lessonController(named: name), commands: self)
    }
}

func standardError(_ text: String) {
    FileHandle.standardError.write(Data(VisibleText.escape(text).utf8))
}
