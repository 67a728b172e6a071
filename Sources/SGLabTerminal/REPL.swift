import SGLabCore
import SGLabLanguage

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The lab at a terminal: a prompt, line editing, completion and `?`, history across runs.
/// Errors are shown with a caret under the offending word and the session goes on.
public final class REPL {
    public static let prompt = "sglab> "
    public static let banner =
        "sglab — AWS network security lab. help lists the commands, lessons the lessons (lesson 1 starts); Tab completes, ? shows what may come next; quit or Ctrl-D leaves."

    private var session = Session(store: FileStore())
    private let style: Style
    /// Set while the lab runs a lesson (`lesson NAME` here, or `sglab lesson NAME`).
    var lesson: LessonController?
    /// The lessons, quizzes, exam, review and progress, reachable from the prompt.
    var commands: CoursewareCommands?
    /// The world as it was last saved, recorded or loaded (or as the lab began): leaving with
    /// another one asks first.
    var savedWorld = World()
    /// What was refused once because the world has unsaved changes (Ctrl-D, `quit`, `lesson 2`):
    /// the same again goes ahead; anything else forgets it.
    var warnedAbout: String?
    /// The line being run, trimmed.
    var typed = ""

    init(style: Style) {
        self.style = style
    }

    /// Runs a lesson in the lab.
    public static func run(lesson: LessonController, commands: CoursewareCommands?) -> Int32 {
        let interactive = isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1
        let repl = REPL(style: interactive ? Style.forStandardOutput() : .plain)
        repl.commands = commands
        repl.open(lesson)
        return repl.start(interactive: interactive, banner: false)
    }

    /// Runs the lab on this process's terminal; returns the exit status.
    ///
    /// libedit only when both standard input and output are terminals; otherwise lines are
    /// read plainly and no prompt is written. (`sglab` with standard input not a terminal never
    /// gets here: the command line runs it as a script, exactly as `sglab run -`.)
    public static func run(commands: CoursewareCommands? = nil) -> Int32 {
        let interactive = isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1
        let repl = REPL(style: interactive ? Style.forStandardOutput() : .plain)
        repl.commands = commands
        return repl.start(interactive: interactive, banner: true)
    }

    private func start(interactive: Bool, banner: Bool) -> Int32 {
        if interactive,
            let editor = LibEditLineEditor(
                historyPath: HistoryFile.path(environment: HistoryFile.environment),
                world: { [unowned self] in self.session.world })
        {
            if banner { show(style.dim(REPL.banner)) }
            return loop(editor, interactive: true)
        }
        return loop(PlainLineEditor(), interactive: false)
    }

    /// Opens a lesson: its prepared world replaces the lab's.
    func open(_ controller: LessonController) {
        lesson = controller
        session = Session(store: FileStore())
        show(controller.start(&session))
        savedWorld = session.world
    }

    /// Whether leaving the lab's world now (`what`: Ctrl-D, `quit`, opening a lesson) loses
    /// work: the first time it says what was not saved and how to save it, and refuses; the same
    /// again goes ahead.
    func mayDrop(_ interactive: Bool, _ what: String, again: String) -> Bool {
        guard interactive, lesson == nil, session.world != savedWorld, warnedAbout != what else { return true }
        warnedAbout = what
        let n = session.changes.count
        show(style.warning("The world has \(n) change\(n == 1 ? "" : "s") that \(n == 1 ? "is" : "are") not saved.")
              + " save FILE keeps the world, record FILE keeps the commands as a script. \(again).")
        return false
    }

    /// A lesson step that fires a packet first asks what the learner expects (one letter), then
    /// shows the trace. End of input skips the prediction.
    func askPredictions(editor: inout some LineEditor) {
        guard let lesson else { return }
        var tries = 0
        while lesson.pendingPrediction != nil {
            let answer = TerminalAnswers(editor: editor).read(style.dim("your prediction (letter)> "))
            tries += 1
            // After three unreadable answers (or at the end of input) the packet goes without one.
            let (text, again) = lesson.predict(tries > 3 ? nil : answer, &session)
            show(text)
            if !again { tries = 0 }
        }
    }

    func loop(_ editor: some LineEditor, interactive: Bool) -> Int32 {
        var editor = editor
        askPredictions(editor: &editor)
        // The colour ends before the last character: libedit drops a literal run at the very end.
        let shownPrompt = interactive ? style.bold(style.accent(String(REPL.prompt.dropLast()))) + " " : ""
        while true {
            fflush(nil)
            switch editor.readLine(prompt: shownPrompt) {
            case .endOfInput:
                if interactive { print("") }
                if mayDrop(interactive, "^D", again: "Ctrl-D again leaves") { return 0 }
                continue
            case .interrupted:
                continue
            case .line(let line):
                let parsed = try? Parser.parse(line)
                if case .quit? = parsed?.command {
                    let word = String(line.trimmed())
                    if mayDrop(interactive, word, again: "\(word) again leaves") { return 0 }
                    continue
                }
                typed = String(line.trimmed())
                if warnedAbout != typed { warnedAbout = nil }
                if case .learn(let word, let argument)? = parsed?.command {
                    learn(word, argument, editor: editor, interactive: interactive)
                    continue
                }
                if let lesson, lesson.finished, line.trimmed().lowercased() == "next" {
                    learn("next", nil, editor: editor, interactive: interactive)
                    continue
                }
                if let lesson, let action = lesson.handle(line, &session) {
                    switch action {
                    case .text(let text):
                        show(text)
                        askPredictions(editor: &editor)
                    case .quiz(let questions, let heading):
                        show(heading)
                        var runner = QuizRunner(
                            input: TerminalAnswers(editor: editor), style: style, json: false, seed: 1, write: { [unowned self] in self.show($0) })
                        runner.record = commands?.progressRecorder() ?? { _ in }
                        _ = runner.run(questions)
                        show(lesson.finishedText)
                    }
                    continue
                }
                if lesson == nil, line.trimmed().lowercased() == "next" {
                    learn("next", nil, editor: editor, interactive: interactive)
                    continue
                }
                let before = session.world
                let (next, succeeded) = run(line, interactive: interactive)
                if succeeded, let command = parsed?.command {
                    switch command {
                    case .save, .load, .record: savedWorld = session.world
                    default: break
                    }
                }
                if next == .pause {
                    let answer = editor.readAnswer(prompt: style.dim("(paused — press Enter)") + " ")
                    if answer == .endOfInput && interactive { print("") }
                }
                if let lesson, session.world != before, let news = lesson.afterCommand(session) { show(news) }
            }
        }
    }

    /// `lessons`, `lesson NAME`, `next`, `quiz`, `exam`, `review`, `progress` at the prompt:
    /// the same commands as `sglab lessons` and the rest, answered at this editor.
    func learn(_ word: String, _ argument: String?, editor: some LineEditor, interactive: Bool) {
        guard var commands else {
            print("error: \(word) needs the lessons and quizzes, which this lab cannot find (set SGLAB_CONTENT)")
            return
        }
        commands.answerInput = TerminalAnswers(editor: editor)
        commands.insideLab = true
        var options = CoursewareCommands.Options()
        switch word {
        case "lesson", "next":
            let name: String
            if word == "lesson" {
                name = argument ?? ""
            } else if let next = lesson?.nextLesson ?? (lesson == nil ? commands.firstLessonNotDone() : nil) {
                name = next
            } else {
                print(lesson == nil ? "Every lesson is done: quiz, review and exam keep it fresh."
                      : "That was the last lesson: quiz, review and exam keep it fresh.")
                return
            }
            do {
                let controller = try commands.lessonController(named: name)
                // The lesson's prepared world replaces the lab's: not without a word about unsaved work.
                guard mayDrop(interactive, typed, again: "\(word == "next" ? "next" : "lesson \(name)") again opens the lesson anyway")
                else { return }
                open(controller)
            } catch {
                print("error: \(ErrorRenderer.message(error))")
            }
            return
        case "exam":
            if let argument {
                guard let n = Int(argument) else {
                    print(style.visible("error: exam takes a number of questions, not \(argument)"))
                    return
                }
                options.count = n
            }
        case "quiz":
            options.positional = argument.map { [$0] } ?? []
        default:
            break
        }
        _ = commands.run(word, options)
    }

    /// Prints text fitted to the terminal: long lines break between words, continuation lines
    /// under the text they continue. Tables and diagrams are already laid out for the width.
    /// Prints prose wrapped to the terminal, with control characters from outside shown visibly.
    func show(_ text: String) {
        print(Wrap.text(style.visible(text), width: Terminal.columns))
    }

    enum Next { case goOn, pause }

    /// Runs one line and prints what it gave; `.pause` when the line was `pause`, and whether
    /// the line ran without an error.
    func run(_ line: String, interactive: Bool) -> (Next, Bool) {
        do {
            guard let outcome = try session.execute(line) else { return (.goOn, true) }
            switch outcome {
            case .expectation(let e) where !e.passed:
                print(style.visible(style.failed("✗ expectation failed:") + " expected \(e.expected), got \(e.actual)"))
                show(TraceRenderer.render(e.trace, style: style, showFix: lesson?.showsFix ?? true))
            case .pause:
                return (.pause, true)
            default:
                let text = OutcomeRenderer.render(outcome, line: line, world: session.world, style: style,
                                                  showFix: lesson?.showsFix ?? true)
                if !text.isEmpty { show(text) }
            }
        } catch {
            // The caret lines up under the word as it was typed after the prompt.
            show(ErrorRenderer.render(error, line: line, prompt: interactive ? REPL.prompt : ""))
            return (.goOn, false)
        }
        return (.goOn, true)
    }
}

/// An error with a caret under the offending word.
public enum ErrorRenderer {
    public static func render(_ error: LanguageError, line: String, prompt: String) -> String {
        guard let column = error.column else { return "error: \(message(error))" }
        // Columns on the screen, not characters: a wide character (CJK, emoji) takes two.
        let before = Table.width(prompt) + Table.width(line.prefix(column))
        let word = Table.width(line.dropFirst(column).prefix(max(1, error.width)))
        let caret = String(repeating: " ", count: before) + String(repeating: "^", count: min(80, max(1, word)))
        return "\(caret)\nerror: \(message(error))"
    }

    /// The error's sentence, with control characters shown visibly and any word of it longer
    /// than 80 characters (a token pasted from a binary, say) cut to its first 40.
    public static func message(_ error: some Error) -> String {
        let text = "\(error)"
        let words = text.split(separator: " ", omittingEmptySubsequences: false)
        let short = words.contains { $0.utf8.count > 80 }
            ? words.map { $0.count > 80 ? VisibleText.shortened($0) : String($0) }.joined(separator: " ") : text
        return VisibleText.escape(short)
    }
}

