/// The one reading of line structure for every text sglab takes in: scripts, piped standard
/// input, lessons, question banks, imports. A line ends at `\n`, `\r\n` or a lone `\r` (files
/// from Windows editors and learning-management systems use the last two), and a leading
/// UTF-8 byte order mark is not part of the first line.
///
/// Works on Unicode scalars: `"\r\n"` is a single `Character`, so splitting Characters at
/// `"\n"` would leave a CRLF file as one long line.
public enum TextLines {
    /// The lines of `text`, without their line ends. A text that ends with a line end has no
    /// empty last line; an empty text has no lines.
    public static func split(_ text: String) -> [String] {
        var out: [String] = []
        var current = String.UnicodeScalarView()
        var afterCR = false
        var pending = false
        let scalars = text.unicodeScalars
        for s in scalars.first == "\u{FEFF}" ? scalars.dropFirst() : scalars[...] {
            if s == "\n" && afterCR {
                afterCR = false
                continue
            }
            afterCR = s == "\r"
            if s == "\n" || s == "\r" {
                out.append(String(current))
                current = String.UnicodeScalarView()
                pending = false
            } else {
                current.append(s)
                pending = true
            }
        }
        if pending { out.append(String(current)) }
        return out
    }

    /// `text` without a leading byte order mark.
    public static func strippingByteOrderMark(_ text: String) -> String {
        text.unicodeScalars.first == "\u{FEFF}" ? String(text.unicodeScalars.dropFirst()) : text
    }
}

/// Splits bytes into lines as they arrive (a pipe, a file read in chunks), with the same line
/// structure as `TextLines.split`, in bounded memory: a line longer than `limit` bytes is not
/// kept whole; it is reported as `.tooLong` with its first bytes, and the rest of it is skipped.
public struct LineSplitter {
    public enum Piece: Equatable, Sendable {
        /// A complete line, decoded as UTF-8 (invalid bytes become U+FFFD).
        case line(String)
        /// A line longer than the limit: its first `prefixLength` bytes, decoded.
        case tooLong(prefix: String)
    }

    public let limit: Int
    private var buffer: [UInt8] = []
    private var overflowing = false
    private var afterCR = false
    private var atStart = true
    private var bomCandidate: [UInt8] = []
    public static let prefixLength = 40

    public init(limit: Int) { self.limit = limit }

    /// Feeds bytes; returns the pieces they complete.
    public mutating func feed(_ bytes: some Sequence<UInt8>) -> [Piece] {
        var out: [Piece] = []
        for byte in bytes {
            if atStart {
                // A byte order mark (EF BB BF) before anything else is not text.
                bomCandidate.append(byte)
                let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
                if bom.starts(with: bomCandidate) {
                    if bomCandidate.count == 3 {
                        atStart = false
                        bomCandidate = []
                    }
                    continue
                }
                atStart = false
                let held = bomCandidate
                bomCandidate = []
                for b in held { take(b, into: &out) }
                continue
            }
            take(byte, into: &out)
        }
        return out
    }

    /// The end of input: the last line when it had no line end.
    public mutating func finish() -> [Piece] {
        var out: [Piece] = []
        if atStart, !bomCandidate.isEmpty {
            atStart = false
            let held = bomCandidate
            bomCandidate = []
            for b in held { take(b, into: &out) }
        }
        if !buffer.isEmpty || overflowing { endLine(into: &out) }
        return out
    }

    private mutating func take(_ byte: UInt8, into out: inout [Piece]) {
        if byte == 0x0A && afterCR {
            afterCR = false
            return
        }
        afterCR = byte == 0x0D
        if byte == 0x0A || byte == 0x0D {
            endLine(into: &out)
            return
        }
        if overflowing { return }
        if buffer.count >= limit {
            // Reported at once: input with no line end at all (/dev/zero) must not be read on.
            overflowing = true
            out.append(.tooLong(prefix: String(decoding: buffer.prefix(LineSplitter.prefixLength), as: UTF8.self)))
            return
        }
        buffer.append(byte)
    }

    private mutating func endLine(into out: inout [Piece]) {
        if !overflowing { out.append(.line(String(decoding: buffer, as: UTF8.self))) }
        buffer.removeAll(keepingCapacity: buffer.count <= 65_536)
        overflowing = false
    }
}
