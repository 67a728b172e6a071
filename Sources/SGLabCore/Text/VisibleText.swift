/// Text from outside (input lines, file contents, names, descriptions, imported tags) made safe
/// to print: a control character is shown, never obeyed. `ESC[2J` from a hostile line must not
/// clear the learner's screen, nor `ESC]0;…BEL` retitle the terminal, nor a lone `\r` hide what
/// came before it on the line.
public enum VisibleText {
    /// `text` with every control character written visibly: C0 controls and DEL as `\x1b`,
    /// `\x07`…, C1 controls as `\u{9b}`…; line feeds and tabs stay. Escape sequences listed in
    /// `keeping` (sglab's own styling, exactly as it writes them) pass unchanged.
    public static func escape(_ text: String, keeping: [String] = []) -> String {
        let scalars = Array(text.unicodeScalars)
        guard scalars.contains(where: isControl) else { return text }
        let kept = keeping.map { Array($0.unicodeScalars) }
        var out = String.UnicodeScalarView()
        var i = 0
        while i < scalars.count {
            let s = scalars[i]
            if s == "\u{1B}", let match = kept.first(where: { scalars[i...].starts(with: $0) }) {
                out.append(contentsOf: match)
                i += match.count
                continue
            }
            if isControl(s) {
                let hex = String(s.value, radix: 16)
                let digits = hex.count < 2 ? "0" + hex : hex
                out.append(contentsOf: (s.value < 0x80 ? "\\x\(digits)" : "\\u{\(digits)}").unicodeScalars)
            } else {
                out.append(s)
            }
            i += 1
        }
        return String(out)
    }

    static func isControl(_ s: Unicode.Scalar) -> Bool {
        (s.value < 0x20 && s != "\n" && s != "\t") || (0x7F...0x9F).contains(s.value)
    }

    /// A word from input for an error message: at most `limit` characters, then `…`, so that a
    /// 4 MB token does not come back whole.
    public static func shortened(_ word: some StringProtocol, limit: Int = 40) -> String {
        var count = 0
        var end = word.startIndex
        while end < word.endIndex {
            if count == limit { return String(word[..<end]) + "…" }
            count += 1
            end = word.index(after: end)
        }
        return String(word)
    }
}
