import CEditLine
import SGLabCore
import SGLabLanguage

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What reading one line gave.
public enum LineResult: Equatable, Sendable {
    /// A line, without its newline.
    case line(String)
    /// Ctrl-C: the line being typed was abandoned.
    case interrupted
    /// Ctrl-D on an empty line, or the end of standard input.
    case endOfInput
}

/// Where the lab reads its lines from: libedit on a terminal, plain `readLine` otherwise.
public protocol LineEditor {
    mutating func readLine(prompt: String) -> LineResult
    /// Reads an answer that is not a command (the Enter that ends a `pause`): kept out of the
    /// history, with no completion.
    mutating func readAnswer(prompt: String) -> LineResult
}

extension LineEditor {
    public mutating func readAnswer(prompt: String) -> LineResult { readLine(prompt: prompt) }
}

/// Standard input read plainly, no prompt written: for when standard input or output is not a
/// terminal, so that the output is a clean transcript.
public struct PlainLineEditor: LineEditor {
    public init() {}

    public mutating func readLine(prompt: String) -> LineResult {
        guard var line = Swift.readLine(strippingNewline: true) else { return .endOfInput }
        if line.hasSuffix("\r") { line.removeLast() }
        return .line(line)
    }
}

// MARK: - What Tab does

/// The decision a Tab press makes from a completion result: pure, so it is tested without a
/// terminal.
public enum TabAction: Equatable, Sendable {
    /// Delete `delete` characters before the cursor (the partial word, when its spelling differs
    /// from the completion's), then insert `insert`.
    case edit(delete: Int, insert: String)
    /// Show these choices under the line, then redraw it.
    case list([String])
    /// Nothing to add: ring the bell.
    case beep

    /// One match: the rest of it and a space. Several sharing a prefix longer than the word: that
    /// prefix. Otherwise the second Tab lists what may come next (names and keywords that fit
    /// the word, and placeholders such as CIDR); the first only beeps.
    public static func decide(result: CompletionResult, secondPress: Bool) -> TabAction {
        let word = result.word
        if result.matches.count == 1 {
            return replacing(word, with: result.matches[0] + " ")
        }
        if result.matches.count > 1 {
            let prefix = result.commonPrefix
            if prefix.count > word.count { return replacing(word, with: prefix) }
        }
        guard secondPress else { return .beep }
        let lowered = word.lowercased()
        var seen = Set<String>()
        let choices = result.choices.filter { candidate in
            (candidate.isPlaceholder || candidate.text.lowercased().hasPrefix(lowered))
                && seen.insert(candidate.text).inserted
        }.map(\.text)
        return choices.isEmpty ? .beep : .list(choices)
    }

    /// Keeps what was typed when it is already the start of the completion (the usual case);
    /// otherwise (`WEB` for `web`) replaces the word with the completion's spelling.
    static func replacing(_ word: String, with completion: String) -> TabAction {
        if completion.hasPrefix(word) {
            return .edit(delete: 0, insert: String(completion.dropFirst(word.count)))
        }
        return .edit(delete: word.unicodeScalars.count, insert: completion)
    }
}

/// Words laid out in columns, down then across, as `ls` does.
public enum Columns {
    public static func layout(_ items: [String], width: Int) -> [String] {
        guard !items.isEmpty else { return [] }
        let cell = (items.map(\.count).max() ?? 0) + 2
        let columns = max(1, min(items.count, max(1, width) / cell))
        let rows = (items.count + columns - 1) / columns
        return (0..<rows).map { row in
            var line = ""
            for column in 0..<columns {
                let index = column * rows + row
                guard index < items.count else { break }
                let item = items[index]
                let last = column == columns - 1 || index + rows >= items.count
                line += last ? item : item + String(repeating: " ", count: cell - item.count)
            }
            return line
        }
    }
}

/// `?`: each thing that may come next and its meaning, aligned, as on a Cisco console.
public enum ChoiceHelp {
    /// More than this many lines and the rest is summed up in one.
    static let limit = 40
    /// More than this many names of one kind (a world with 1,000 groups) become one line.
    static let namesPerKind = 8

    /// - Parameter all: no limit (a second `?` on the same line asks for everything).
    public static func lines(_ candidates: [Candidate], complete: Bool, all: Bool = false) -> [String] {
        var perMeaning: [String: [String]] = [:]
        for candidate in candidates where !candidate.isPlaceholder {
            perMeaning[candidate.meaning, default: []].append(candidate.text)
        }
        var entries: [(String, String)] = []
        var summed = Set<String>()
        for candidate in candidates {
            let same = candidate.isPlaceholder ? [] : perMeaning[candidate.meaning] ?? []
            if same.count <= namesPerKind {
                entries.append((candidate.text, candidate.meaning))
            } else if summed.insert(candidate.meaning).inserted {
                entries.append((
                    same.prefix(3).joined(separator: ", ") + ", …",
                    "\(candidate.meaning): \(same.count) of them; Tab twice lists those that fit what you typed"))
            }
        }
        if complete { entries.append(("<Enter>", "run the command as it stands")) }
        guard !entries.isEmpty else { return ["  nothing can come next here"] }
        let width = min(24, entries.map(\.0.count).max() ?? 0)
        var lines = entries.prefix(all ? entries.count : limit).map { text, meaning in
            "  " + (text.count >= width ? text : text + String(repeating: " ", count: width - text.count)) + "  " + meaning
        }
        if !all && entries.count > limit {
            lines.append("  … and \(entries.count - limit) more: press ? again to see them all")
        }
        return lines
    }
}

// MARK: - History file

/// Where the history lives: `$XDG_STATE_HOME/sglab/history`, by default
/// `~/.local/state/sglab/history` (XDG Base Directory Specification: state data "that should
/// persist between (application) restarts"; a relative `XDG_STATE_HOME` is invalid and ignored).
public enum HistoryFile {
    public static func path(environment: (String) -> String?) -> String? {
        if let state = environment("XDG_STATE_HOME"), state.hasPrefix("/") {
            return state + "/sglab/history"
        }
        guard let home = environment("HOME"), home.hasPrefix("/") else { return nil }
        return home + "/.local/state/sglab/history"
    }

    static func environment(_ name: String) -> String? { getenv(name).map { String(cString: $0) } }

    /// Creates the folder of `path` (and missing parents) with mode 0700, and makes sure the
    /// folder itself is 0700: a history can hold addresses and names worth keeping private.
    /// Returns why it could not, or nil.
    static func prepareFolder(of path: String) -> String? {
        let folder = String(path[..<(path.lastIndex(of: "/") ?? path.startIndex)])
        guard !folder.isEmpty else { return nil }
        var prefix = ""
        for component in folder.split(separator: "/") {
            prefix += "/" + component
            if mkdir(prefix, 0o700) != 0 && errno != EEXIST {
                return "cannot create \(prefix): \(String(cString: strerror(errno)))"
            }
        }
        var status = stat()
        guard stat(folder, &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR else {
            return "\(folder) is not a folder"
        }
        if status.st_mode & 0o777 != 0o700 && chmod(folder, 0o700) != 0 {
            return "cannot make \(folder) private: \(String(cString: strerror(errno)))"
        }
        guard access(folder, W_OK | X_OK) == 0 else { return "cannot write in \(folder)" }
        return nil
    }
}

// MARK: - libedit

/// Line editing through libedit's native API: Emacs keys and arrows, Ctrl-R search, history
/// kept across runs, Tab completion and `?` help read from the grammar table.
///
/// One instance, used from one thread (the lab loop). libedit's C callbacks find it again
/// through `EL_CLIENTDATA` (an unretained pointer; the instance owns the `EditLine` and ends it
/// in `deinit`, so the pointer cannot outlive it): no globals.
public final class LibEditLineEditor: LineEditor {
    private let editLine: OpaquePointer
    private let history: OpaquePointer
    private var historyPath: String?
    /// The world that completion reads names from, asked for at each Tab or `?`.
    private let world: () -> World
    /// The prompt libedit draws: kept alive here because libedit keeps the pointer.
    private var prompt: UnsafeMutablePointer<CChar>
    private var interrupted = false
    /// Reading a `pause` answer: no completion, no history.
    private var answering = false
    /// The line and cursor as the last Tab left them: a Tab on the very same state is a second
    /// press.
    private var afterLastTab: (line: String, cursor: Int)?
    /// The same for `?`: a second one on the same line shows the whole list.
    private var afterLastHelp: (line: String, cursor: Int)?
    private var historyWarned = false

    /// - Parameters:
    ///   - historyPath: the history file, or nil to keep history in memory only.
    ///   - world: the world completion reads from, asked for at each key that needs it.
    public init?(historyPath: String?, world: @escaping () -> World) {
        LibEditLineEditor.prepareProcess()
        guard let editLine = el_init("sglab", cel_stdin(), cel_stdout(), cel_stderr()) else { return nil }
        guard let history = history_init() else {
            el_end(editLine)
            return nil
        }
        self.editLine = editLine
        self.history = history
        self.world = world
        self.prompt = strdup("sglab> ")!

        var path = historyPath
        if let file = path, let problem = HistoryFile.prepareFolder(of: file) {
            LibEditLineEditor.warn("\(problem); history is kept for this session only")
            historyWarned = true
            path = nil
        }
        self.historyPath = path

        cel_history_setsize(history, 1000)
        cel_history_setunique(history, 1)
        if let path {
            do {
                for entry in try HistoryLog(path: path).load() { cel_history_enter(history, entry) }
            } catch .notRegular(let why) {
                LibEditLineEditor.warn("\(why); history is kept for this session only")
                historyWarned = true
                self.historyPath = nil
            } catch {
                LibEditLineEditor.warn("\(error.message); starting a new one")
            }
        }
        configure()
    }

    deinit {
        el_end(editLine)
        history_end(history)
        free(prompt)
    }

    /// Locale and signals, before `el_init`.
    private static func prepareProcess() {
        // libedit decodes input with mbrtowc: in the "C" locale Swift programs start in, it
        // silently drops every non-ASCII character. Use the user's locale when it is UTF-8,
        // else C.UTF-8.
        let chosen = setlocale(LC_CTYPE, "").map { String(cString: $0).lowercased() } ?? ""
        if !chosen.contains("utf-8") && !chosen.contains("utf8") {
            setlocale(LC_CTYPE, "C.UTF-8")
        }
        // A process started from a thread that blocks signals (a test runner's, say) inherits
        // the mask; unblock the ones the lab must react to.
        var unblock = sigset_t()
        sigemptyset(&unblock)
        for signal in [SIGINT, SIGTERM, SIGTSTP, SIGCONT, SIGWINCH] { sigaddset(&unblock, signal) }
        pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
        // While editing, ^C is a key (setty -isig below). Between two lines the terminal is
        // cooked again and a ^C would be a SIGINT: it must not end the lab, so it does nothing.
        var action = sigaction()
        action.sa_flags = SA_RESTART
        sigemptyset(&action.sa_mask)
        #if canImport(Glibc)
            action.__sigaction_handler.sa_handler = { _ in }
        #else
            action.__sigaction_u.__sa_handler = { _ in }
        #endif
        sigaction(SIGINT, &action, nil)
    }

    private func configure() {
        let el = editLine
        cel_set_client_data(el, Unmanaged.passUnretained(self).toOpaque())
        cel_set_prompt_esc(el, { el in LibEditLineEditor.instance(el)?.prompt }, 1)
        cel_set_editor(el, "emacs")
        // libedit restores the terminal on SIGTSTP/SIGCONT and redraws on SIGWINCH.
        cel_set_signal(el, 1)
        cel_set_history(el, history)
        cel_edit_mode_without_isig(el)
        // ~/.editrc is not read: it could rebind the keys below.

        cel_add_function(el, "sglab-complete", "Complete the word, or list what may come next") { el, _ in
            guard let editor = LibEditLineEditor.instance(el) else { return UInt8(CC_ERROR) }
            return editor.complete()
        }
        cel_add_function(el, "sglab-help", "Show what may come next, with meanings") { el, _ in
            guard let editor = LibEditLineEditor.instance(el) else { return UInt8(CC_ERROR) }
            return editor.help()
        }
        cel_add_function(el, "sglab-interrupt", "Abandon the line") { el, _ in
            guard let editor = LibEditLineEditor.instance(el) else { return UInt8(CC_ERROR) }
            return editor.interrupt()
        }
        cel_add_function(el, "sglab-suspend", "Suspend the lab (fg resumes it)") { _, _ in
            // ISIG is off while editing, so ^Z is a key: stop as the terminal would have.
            kill(getpid(), SIGTSTP)
            return UInt8(CC_REDISPLAY)
        }
        cel_bind(el, "^I", "sglab-complete")
        cel_bind(el, "?", "sglab-help")
        cel_bind(el, "^C", "sglab-interrupt")
        cel_bind(el, "^Z", "sglab-suspend")
        cel_bind(el, "^R", "em-inc-search-prev")
    }

    private static func instance(_ el: OpaquePointer) -> LibEditLineEditor? {
        guard let raw = cel_get_client_data(el) else { return nil }
        return Unmanaged<LibEditLineEditor>.fromOpaque(raw).takeUnretainedValue()
    }

    // MARK: Reading

    public func readLine(prompt text: String) -> LineResult {
        read(prompt: text, answering: false)
    }

    public func readAnswer(prompt text: String) -> LineResult {
        read(prompt: text, answering: true)
    }

    private func read(prompt text: String, answering: Bool) -> LineResult {
        free(prompt)
        prompt = strdup(LibEditLineEditor.markInvisible(text))!
        interrupted = false
        afterLastTab = nil
        afterLastHelp = nil
        self.answering = answering
        var count: Int32 = 0
        let raw = el_gets(editLine, &count)
        if interrupted {
            // The line was submitted with ^C shown at its end; it is dropped, not run.
            return .interrupted
        }
        guard let raw, count > 0 else { return .endOfInput }
        var line = String(cString: raw)
        while line.hasSuffix("\n") || line.hasSuffix("\r") { line.removeLast() }
        if !answering && !line.allSatisfy(\.isWhitespace) {
            cel_history_enter(history, line)
            saveHistory(line)
        }
        return .line(line)
    }

    /// Written after every line: a process ending by Ctrl-D, `quit` or a closed terminal never
    /// runs a deinit.
    /// Appends the line, under a lock: another session's lines are kept, not overwritten.
    private func saveHistory(_ line: String) {
        guard let historyPath else { return }
        do {
            try HistoryLog(path: historyPath).append(line)
        } catch {
            if !historyWarned {
                LibEditLineEditor.warn("\(error.message); history is kept for this session only")
                historyWarned = true
            }
        }
    }

    /// Text between two `\u{1}` is drawn but not counted in the prompt's width (EL_PROMPT_ESC):
    /// wrap each ANSI escape sequence so that a coloured prompt does not shift the cursor.
    static func markInvisible(_ prompt: String) -> String {
        var out = String.UnicodeScalarView()
        var inEscape = false
        for scalar in prompt.unicodeScalars {
            if scalar == "\u{1B}" && !inEscape {
                inEscape = true
                // Adjacent sequences share one literal run: libedit 3.1-20221030 mis-draws a
                // prompt whose runs touch (`\1…\1\1…\1`).
                if out.last == "\u{1}" { out.removeLast() } else { out.append("\u{1}") }
            }
            out.append(scalar)
            if inEscape && scalar != "\u{1B}" && scalar.properties.isAlphabetic {
                inEscape = false
                out.append("\u{1}")
            }
        }
        return String(out)
    }

    private static func warn(_ text: String) {
        fflush(nil)
        fputs("sglab: \(text)\n", cel_stderr())
    }

    // MARK: Keys

    /// The line as libedit holds it: everything, and the text before the cursor.
    private func currentLine() -> (line: String, beforeCursor: String, cursor: Int) {
        guard let info = el_line(editLine)?.pointee else { return ("", "", 0) }
        func text(_ from: UnsafePointer<CChar>, _ to: UnsafePointer<CChar>) -> String {
            let bytes = UnsafeRawBufferPointer(start: from, count: max(0, to - from))
            return String(decoding: bytes, as: UTF8.self)
        }
        return (text(info.buffer, info.lastchar), text(info.buffer, info.cursor), info.cursor - info.buffer)
    }

    private func complete() -> UInt8 {
        guard !answering else { return UInt8(CC_REFRESH_BEEP) }
        let state = currentLine()
        let secondPress = afterLastTab.map { $0.line == state.line && $0.cursor == state.cursor } ?? false
        let result = Completion.complete(state.beforeCursor, world: world())
        var code = UInt8(CC_REFRESH)
        switch TabAction.decide(result: result, secondPress: secondPress) {
        case .edit(let delete, var insert):
            // No second space when one already follows the cursor: step over it instead.
            let utf8 = Array(state.line.utf8)
            let spaceFollows = state.cursor < utf8.count && utf8[state.cursor] == UInt8(ascii: " ")
            let stepOver = spaceFollows && insert.hasSuffix(" ")
            if stepOver { insert.removeLast() }
            if delete > 0 { el_deletestr(editLine, Int32(delete)) }
            if !insert.isEmpty { _ = el_insertstr(editLine, insert) }
            if stepOver { el_cursor(editLine, 1) }
        case .list(let choices):
            print("")
            for line in Columns.layout(choices, width: LibEditLineEditor.terminalWidth()) { print(line) }
            code = UInt8(CC_REDISPLAY)
        case .beep:
            code = UInt8(CC_REFRESH_BEEP)
        }
        let after = currentLine()
        afterLastTab = (after.line, after.cursor)
        return code
    }

    private func help() -> UInt8 {
        let state = currentLine()
        // In a description ("web servers?") and at a pause, ? is just a character.
        if answering || Completion.isInsideQuotes(state.beforeCursor) {
            _ = el_insertstr(editLine, "?")
            return UInt8(CC_REFRESH)
        }
        let again = afterLastHelp.map { $0.line == state.line && $0.cursor == state.cursor } ?? false
        afterLastHelp = (state.line, state.cursor)
        let candidates = Completion.help(state.beforeCursor, world: world())
        // <Enter> is offered after a space that ends a whole command.
        let atWordStart = state.beforeCursor.last == " " || state.beforeCursor.last == "\t"
        let complete = atWordStart && Completion.isComplete(state.beforeCursor)
        print("")
        for line in ChoiceHelp.lines(candidates, complete: complete, all: again) { print(line) }
        return UInt8(CC_REDISPLAY)
    }

    /// ^C: the line is abandoned. It is submitted with `^C` shown at its end (so the screen keeps
    /// what was typed, as a shell does) and then dropped by `read`.
    private func interrupt() -> UInt8 {
        interrupted = true
        let state = currentLine()
        el_cursor(editLine, Int32(state.line.unicodeScalars.count))
        _ = el_insertstr(editLine, "^C")
        el_push(editLine, "\n")
        return UInt8(CC_REFRESH)
    }

    static func terminalWidth() -> Int {
        var size = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        return 80
    }
}
