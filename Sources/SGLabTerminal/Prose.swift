import Foundation

/// Lesson and question prose is Markdown. A terminal shows it as text: paragraphs reflowed to
/// the width, `**bold**` bold, `*emphasis*` in italics, `code` in the accent colour, tables
/// drawn by the one table renderer, lists with hanging indents, code blocks as they are. With
/// no colour (NO_COLOR, not a terminal) the marks are dropped and the words stay.
enum Prose {
    /// The width prose is wrapped to when output has none (a transcript, a pipe).
    static let defaultWidth = 88

    /// - Parameter indent: spaces before every line (the width shrinks to match).
    static func render(_ text: String, _ style: Style, width: Int? = nil, indent: Int = 0) -> String {
        let width = max(30, (width ?? Terminal.columns.map { $0 - 1 } ?? defaultWidth) - indent)
        guard indent == 0 else {
            let pad = String(repeating: " ", count: indent)
            return render(text, style, width: width).split(separator: "\n", omittingEmptySubsequences: false)
                .map { $0.isEmpty ? "" : pad + $0 }.joined(separator: "\n")
        }
        var out: [String] = []
        var paragraph: [String] = []
        var table: [String] = []
        var fenced = false
        func flushParagraph() {
            guard !paragraph.isEmpty else { return }
            out += block(paragraph, style, width: width)
            paragraph = []
        }
        func flushTable() {
            guard !table.isEmpty else { return }
            out += Prose.table(table, style, width: width)
            table = []
        }
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            let trimmed = raw.trimmingSpaces()
            if trimmed.hasPrefix("```") {
                flushParagraph()
                flushTable()
                fenced.toggle()
                continue
            }
            if fenced {
                out.append("    " + raw)
                continue
            }
            if trimmed.hasPrefix("|") {
                flushParagraph()
                table.append(trimmed)
                continue
            }
            flushTable()
            if trimmed.isEmpty {
                flushParagraph()
                out.append("")
            } else if raw.hasPrefix("    ") || raw.hasPrefix("\t") {
                // An indented code block (a scenario's world): as written.
                flushParagraph()
                out.append(raw)
            } else if isListItem(trimmed) || trimmed.hasPrefix("#") {
                flushParagraph()
                paragraph = [raw]
            } else {
                paragraph.append(raw)
            }
        }
        flushParagraph()
        flushTable()
        while out.last == "" { out.removeLast() }
        return out.joined(separator: "\n")
    }

    static func isListItem(_ line: String) -> Bool {
        if line.hasPrefix("- ") || line.hasPrefix("* ") || line.hasPrefix("+ ") { return true }
        let digits = line.prefix { $0.isNumber }
        return !digits.isEmpty && line.dropFirst(digits.count).hasPrefix(". ")
    }

    /// A paragraph, list item or heading: joined, styled, wrapped.
    static func block(_ lines: [String], _ style: Style, width: Int) -> [String] {
        let first = lines[0].trimmingSpaces()
        let joined = lines.map { $0.trimmingSpaces() }.joined(separator: " ")
        if first.hasPrefix("#") {
            return [style.bold(inline(String(joined.drop { $0 == "#" }.drop { $0 == " " }), style))]
        }
        let leading = lines[0].prefix { $0 == " " }.count
        var hanging = leading
        if isListItem(first) {
            let marker = first.prefix { $0 != " " }.count + 1
            hanging = leading + marker
        }
        let text = String(repeating: " ", count: leading) + inline(joined, style)
        return Wrap.line(text, width: width, hanging: hanging)
    }

    /// A Markdown table (`| a | b |`, a `|---|` rule under the header) drawn by `Table`.
    static func table(_ lines: [String], _ style: Style, width: Int) -> [String] {
        func cells(_ line: String) -> [String] {
            var body = Substring(line)
            if body.hasPrefix("|") { body = body.dropFirst() }
            if body.hasSuffix("|") { body = body.dropLast() }
            // `\|` is a bar inside a cell.
            let marked = body.replacingOccurrences(of: "\\|", with: "\u{0}")
            return marked.split(separator: "|", omittingEmptySubsequences: false).map {
                String($0).replacingOccurrences(of: "\u{0}", with: "|").trimmingSpaces()
            }
        }
        func isRule(_ row: [String]) -> Bool {
            row.allSatisfy { cell in !cell.isEmpty && cell.allSatisfy { $0 == "-" || $0 == ":" } }
        }
        var rows = lines.map(cells)
        var header: [String] = []
        if rows.count >= 2, isRule(rows[1]) {
            header = rows[0]
            rows.removeFirst(2)
        }
        rows.removeAll(where: isRule)
        let count = max(header.count, rows.map(\.count).max() ?? 0)
        guard count > 0 else { return [] }
        let columns = (0..<count).map { i in
            Table.Column(i < header.count ? style.bold(inline(header[i], style)) : "", wraps: true, priority: i == 0 ? 0 : 1)
        }
        let body = rows.map { row in (0..<count).map { i in i < row.count ? inline(row[i], style) : "" } }
        return Table(columns, rows: body, maxWidth: width).lines(style: style)
    }

    /// `**bold**`, `*emphasis*` and `_emphasis_`, `` `code` ``. A lone `*` (`the * deny`) is a
    /// character.
    static func inline(_ text: String, _ style: Style) -> String {
        var out = ""
        var segment = ""
        var bold = false
        var emphasis = false
        var code = false
        let chars = Array(text)
        var i = 0
        func flush() {
            if segment.isEmpty { return }
            out += code ? style.accent(segment) : bold ? style.bold(segment) : emphasis ? style.italic(segment) : segment
            segment = ""
        }
        func closes(_ mark: Character, from start: Int) -> Bool {
            // An opening mark is followed by a non-space and closed later before a non-space.
            guard start + 1 < chars.count, chars[start + 1] != " " else { return false }
            var j = start + 1
            while j < chars.count {
                if chars[j] == mark && chars[j - 1] != " " { return true }
                j += 1
            }
            return false
        }
        while i < chars.count {
            let c = chars[i]
            if c == "`" {
                flush()
                code.toggle()
            } else if !code && c == "*" && i + 1 < chars.count && chars[i + 1] == "*" && (bold || closes("*", from: i + 1)) {
                flush()
                bold.toggle()
                i += 1
            } else if !code && (c == "*" || c == "_") && (emphasis ? (i > 0 && chars[i - 1] != " ") : closes(c, from: i))
                && (c == "*" || i == 0 || !(chars[i - 1].isLetter || chars[i - 1].isNumber) || emphasis)
            {
                flush()
                emphasis.toggle()
            } else {
                segment.append(c)
            }
            i += 1
        }
        flush()
        return out
    }
}
