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
        "sglab — AWS network security lab. help lists the commands; Tab completes, ? shows what may come next; Ctrl-D leaves."

    private var session = Session(store: FileStore())
    private let style: Style
    /// Set when the lab runs a lesson (`sglab lesson NAME`).
    var lesson: LessonController?
    var recordAnswer: (AnswerRecord) -> Void = { _ in }

    init(style: Style) {
        self.style = style
    }

    /// Runs a lesson in the lab.
    public static func run(lesson: LessonController, recordAnswer: @escaping (AnswerRecord) -> Void) -> Int32 {
        let interactive = isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1
        let repl = REPL(style: interactive ? Style.forStandardOutput() : .plain)
        repl.lesson = lesson
        repl.recordAnswer = recordAnswer
        print(repl.style.visible(lesson.start(&repl.session)))
        if interactive,
            let editor = LibEditLineEditor(
                historyPath: HistoryFile.path(environment: HistoryFile.environment),
                world: { [unowned repl] in repl.session.world })
        {
            return repl.loop(editor, interactive: true)
        }
        return repl.loop(PlainLineEditor(), interactive: false)
    }

    /// Runs the lab on this process's terminal; returns the exit status.
    ///
    /// libedit only when both standard input and output are terminals; otherwise lines are
    /// read plainly and no prompt is written. (`sglab` with standard input not a terminal never
    /// gets here: main.swift runs it as a script, exactly as `sglab run -`.)
    public static func run() -> Int32 {
        let interactive = isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1
        let repl = REPL(style: interactive ? Style.forStandardOutput() : .plain)
        if interactive,
            let editor = LibEditLineEditor(
                historyPath: HistoryFile.path(environment: HistoryFile.environment),
                world: { [unowned repl] in repl.session.world })
        {
            print(repl.style.dim(banner))
            return repl.loop(editor, interactive: true)
        }
        return repl.loop(PlainLineEditor(), interactive: false)
    }

    func loop(_ editor: some LineEditor, interactive: Bool) -> Int32 {
        var editor = editor
        // The colour ends before the last character: libedit drops a literal run at the very end.
        let shownPrompt = interactive ? style.bold(style.accent(String(REPL.prompt.dropLast()))) + " " : ""
        while true {
            fflush(nil)
            switch editor.readLine(prompt: shownPrompt) {
            case .endOfInput:
                if interactive { print("") }
                return 0
            case .interrupted:
                continue
            case .line(let line):
                if ["quit", "exit"].contains(line.trimmed().lowercased()) { return 0 }
                if let lesson, let action = lesson.handle(line, &session) {
                    switch action {
                    case .text(let text): print(style.visible(text))
                    case .quiz(let questions, let heading):
                        print(style.visible(heading))
                        var runner = QuizRunner(
                            input: EditorAnswers(editor: editor), style: style, json: false, seed: 1, write: { [style] in print(style.visible($0)) })
                        runner.record = recordAnswer
                        _ = runner.run(questions)
                        print(style.visible(lesson.finishedText))
                    }
                    continue
                }
                let before = session.world
                if run(line, interactive: interactive) == .pause {
                    let answer = editor.readAnswer(prompt: style.dim("(paused — press Enter)") + " ")
                    if answer == .endOfInput && interactive { print("") }
                }
                if let lesson, session.world != before, let news = lesson.afterCommand(session) { print(style.visible(news)) }
            }
        }
    }

    enum Next { case goOn, pause }

    /// Runs one line and prints what it gave; `.pause` when the line was `pause`.
    func run(_ line: String, interactive: Bool) -> Next {
        do {
            guard let outcome = try session.execute(line) else { return .goOn }
            switch outcome {
            case .expectation(let e) where !e.passed:
                print(style.visible(style.failed("✗ expectation failed:") + " expected \(e.expected), got \(e.actual)"))
                print(style.visible(TraceRenderer.render(e.trace, style: style)))
            case .pause:
                return .pause
            default:
                let text = OutcomeRenderer.render(outcome, line: line, world: session.world, style: style)
                if !text.isEmpty { print(style.visible(text)) }
            }
        } catch {
            // The caret lines up under the word as it was typed after the prompt.
            print(ErrorRenderer.render(error, line: line, prompt: interactive ? REPL.prompt : ""))
        }
        return .goOn
    }
}

/// An error with a caret under the offending word.
public enum ErrorRenderer {
    public static func render(_ error: LanguageError, line: String, prompt: String) -> String {
        guard let column = error.column else { return "error: \(message(error))" }
        let caret =
            String(repeating: " ", count: prompt.count + column) + String(repeating: "^", count: min(80, max(1, error.width)))
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

/// Quiz answers typed at the lab's line editor (a lesson's recap quiz).
struct EditorAnswers<Editor: LineEditor>: AnswerInput {
    var editor: Editor
    mutating func read(_ prompt: String) -> String? {
        switch editor.readAnswer(prompt: prompt) {
        case .line(let text): return text
        default: return nil
        }
    }
}
