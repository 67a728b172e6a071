/// A word of a command line, with where it stands (0-based column of its first character).
public struct Token: Hashable, Sendable {
    public let text: String
    public let column: Int
    public let quoted: Bool

    public var width: Int { max(1, text.count + (quoted ? 2 : 0)) }
}

/// A command-language error: a sentence, the AWS error code where AWS has one, the column of
/// the offending word, and a fix or "did you mean".
public struct LanguageError: Error, Equatable, Sendable, CustomStringConvertible {
    public var code: String?
    public var message: String
    public var column: Int?
    public var width: Int
    public var fix: String?

    public init(_ message: String, code: String? = nil, at token: Token? = nil, fix: String? = nil) {
        self.message = message
        self.code = code
        self.column = token?.column
        self.width = token?.width ?? 1
        self.fix = fix
    }

    /// `there is no security group named wbe (InvalidGroup.NotFound) — did you mean web?`
    public var description: String {
        var text = message
        if let code { text += " (\(code))" }
        if let fix { text += " — \(fix)" }
        return text
    }
}

enum Lexer {
    /// Splits a line into words: spaces separate, `"…"` holds spaces, `#` outside quotes starts
    /// a comment (commands.md, lexical rules).
    static func tokens(_ line: String) throws(LanguageError) -> [Token] {
        var tokens: [Token] = []
        var current = ""
        var start = 0
        var inQuotes = false
        var quoteStart = 0
        var column = 0
        var wasQuoted = false
        func flush() {
            if !current.isEmpty || wasQuoted { tokens.append(Token(text: current, column: start, quoted: wasQuoted)) }
            current = ""
            wasQuoted = false
        }
        for character in line {
            defer { column += 1 }
            if inQuotes {
                if character == "\"" {
                    inQuotes = false
                } else {
                    current.append(character)
                }
                continue
            }
            switch character {
            case "\"":
                if current.isEmpty { start = column }
                inQuotes = true
                wasQuoted = true
                quoteStart = column
            case "#":
                flush()
                return tokens
            case " ", "\t", "\r", "\n":
                flush()
            default:
                if current.isEmpty && !wasQuoted { start = column }
                current.append(character)
            }
        }
        if inQuotes {
            throw LanguageError(
                "this quoted text has no closing \"", at: Token(text: "\"", column: quoteStart, quoted: false))
        }
        flush()
        return tokens
    }
}
