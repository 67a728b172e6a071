import SGLabCore
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Colour for terminals: on when output is a terminal, off when `NO_COLOR` is set
/// (no-color.org), when `TERM` is `dumb`, or when output goes to a file or pipe.
public struct Style: Sendable {
    public let colour: Bool

    public init(colour: Bool) { self.colour = colour }

    public static let plain = Style(colour: false)

    /// The style for standard output of this process.
    public static func forStandardOutput() -> Style {
        let environment = { (name: String) in getenv(name).map { String(cString: $0) } }
        if let noColor = environment("NO_COLOR"), !noColor.isEmpty { return .plain }
        if environment("TERM") == "dumb" { return .plain }
        return Style(colour: isatty(STDOUT_FILENO) == 1)
    }

    func paint(_ text: String, _ code: String) -> String { colour ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }

    /// Every code `paint` writes.
    static let codes = ["32", "1;31", "2", "1", "3", "36", "33", "0"]
    static let ownSequences = codes.map { "\u{1B}[\($0)m" }

    /// Text about to be printed, with every control character that came from outside shown
    /// visibly (`\x1b`): only this style's own colour sequences, and only when it colours,
    /// reach the terminal as escapes.
    public func visible(_ text: String) -> String {
        VisibleText.escape(text, keeping: colour ? Style.ownSequences : [])
    }

    public func passed(_ text: String) -> String { paint(text, "32") }
    public func failed(_ text: String) -> String { paint(text, "1;31") }
    public func dim(_ text: String) -> String { paint(text, "2") }
    public func bold(_ text: String) -> String { paint(text, "1") }
    public func italic(_ text: String) -> String { paint(text, "3") }
    public func accent(_ text: String) -> String { paint(text, "36") }
    public func warning(_ text: String) -> String { paint(text, "33") }
}
