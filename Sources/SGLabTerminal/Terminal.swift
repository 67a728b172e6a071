#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The width output is laid out for.
public enum Terminal {
    /// Columns of the terminal on standard output, asked at each use (a resized window counts at
    /// once); nil when output is not a terminal: a transcript in a file or a pipe has no width,
    /// keeps long lines whole and lays tables out for 100 columns, whatever the environment
    /// says (so transcripts are the same everywhere).
    public static var columns: Int? {
        var size = winsize()
        if isatty(STDOUT_FILENO) == 1, ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 {
            return Int(size.ws_col)
        }
        return nil
    }

    /// Text for a person at this terminal: long lines broken between words to its width (as
    /// they are when output is not a terminal).
    public static func fit(_ text: String) -> String { Wrap.text(text, width: columns) }

    /// The width tables and diagrams fit: the terminal's, or 100 columns for a transcript.
    static var layoutWidth: Int { max(40, columns ?? 100) }
}

/// Wrapping at word boundaries, by display width (colour codes take no room).
enum Wrap {
    /// Each line of `text` longer than `width` is broken between words; continuation lines
    /// are indented under where the line's text starts (`hanging`, or found: after the
    /// leading spaces and a `✓ label   ` or `fix: ` column).
    static func text(_ text: String, width: Int?, hanging: Int? = nil) -> String {
        guard let width else { return text }
        return text.split(separator: "\n", omittingEmptySubsequences: false)
            .flatMap { line(String($0), width: width, hanging: hanging) }.joined(separator: "\n")
    }

    static func line(_ line: String, width: Int, hanging: Int? = nil) -> [String] {
        guard Table.width(line) > width else { return [line] }
        var indent = hanging ?? Wrap.hangingIndent(line)
        // A label column wider than this would leave too little room: indent a little instead.
        if indent > width * 2 / 5 { indent = min(indent, line.prefix { $0 == " " }.count + 4) }
        var out: [String] = []
        var current = ""
        var currentWidth = 0
        // Words keep the spaces before them, so the first line keeps its alignment.
        for word in Wrap.words(line) {
            let w = Table.width(word)
            let trimmed = word.drop { $0 == " " }
            if currentWidth + w > width, !current.trimmingSpaces().isEmpty {
                out.append(current.trimmingTrailingSpaces())
                current = String(repeating: " ", count: indent) + trimmed
                currentWidth = indent + Table.width(trimmed)
            } else {
                current += word
                currentWidth += w
            }
        }
        if !current.trimmingSpaces().isEmpty { out.append(current.trimmingTrailingSpaces()) }
        return out
    }

    /// Runs of spaces followed by a run of non-spaces.
    static func words(_ line: String) -> [String] {
        var words: [String] = []
        var current = ""
        var inWord = false
        for c in line {
            if c == " " && inWord {
                words.append(current)
                current = ""
                inWord = false
            }
            if c != " " { inWord = true }
            current.append(c)
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    /// Where a continuation line starts: under the text after a label column (two or more
    /// spaces after a word, in the first half of the line), after `- ` or `fix: `, else under
    /// the line's own indentation.
    static func hangingIndent(_ line: String) -> Int {
        let plain = Array(Table.plain(line))
        let leading = plain.prefix { $0 == " " }.count
        var i = leading
        var column = leading
        var labelEnd: Int?
        while i < plain.count && column < 44 {
            if plain[i] == " " && i + 1 < plain.count && plain[i + 1] == " " {
                var j = i
                while j < plain.count && plain[j] == " " { j += 1 }
                if j < plain.count { labelEnd = column + (j - i) }
                column += j - i
                i = j
                continue
            }
            column += Table.width(String(plain[i]))
            i += 1
        }
        if let labelEnd { return labelEnd }
        let rest = String(plain[leading...])
        for marker in ["- ", "* ", "· ", "✓ ", "✗ "] where rest.hasPrefix(marker) { return leading + 2 }
        if let colon = rest.firstIndex(of: ":"), rest.distance(from: rest.startIndex, to: colon) < 12,
            rest[rest.index(after: colon)...].hasPrefix(" ")
        {
            return leading + rest.distance(from: rest.startIndex, to: colon) + 2
        }
        return leading
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var s = self
        while s.hasSuffix(" ") { s.removeLast() }
        return s
    }

    func trimmingSpaces() -> String { trimmingTrailingSpaces().drop { $0 == " " }.description }
}
