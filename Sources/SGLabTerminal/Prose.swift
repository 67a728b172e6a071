/// Lesson and question prose is Markdown; a terminal shows `**bold**` as bold and `code` in
/// the accent colour, and drops the marks (with no colour, the words alone).
enum Prose {
    static func render(_ text: String, _ style: Style) -> String {
        var out = ""
        var bold = false
        var code = false
        var segment = ""
        var chars = Array(text)
        var i = 0
        func flush() {
            if segment.isEmpty { return }
            out += code ? style.accent(segment) : bold ? style.bold(segment) : segment
            segment = ""
        }
        while i < chars.count {
            let c = chars[i]
            if c == "`" {
                flush()
                code.toggle()
            } else if !code && c == "*" && i + 1 < chars.count && chars[i + 1] == "*" {
                flush()
                bold.toggle()
                i += 1
            } else {
                segment.append(c)
            }
            i += 1
        }
        flush()
        chars = []
        return out
    }
}
