import Foundation

/// The one table layout every tabular view uses: headers, rows, columns sized by display width
/// (what a terminal shows, not bytes or characters: `→` and `✓` are one column each, colour
/// codes none), and a rule under the header. A table wider than `maxWidth` wraps the columns
/// marked `wraps` onto more lines instead of running off the edge of the terminal (the widest
/// first, within the highest `priority`; words break only when nothing else can give).
struct Table {
    enum Alignment { case left, right }

    /// `box` draws a frame around the table with a rule under the header, so every line has
    /// the same width; `plain` has no frame (key–value lists, rows inside a diagram).
    enum Frame { case box, plain }

    struct Column {
        var header: String
        var alignment: Alignment = .left
        /// Whether this column may wrap onto more lines when the table is too wide.
        var wraps = false
        /// Among wrapping columns, higher priorities give up width first (a description before
        /// the address it describes).
        var priority = 0

        init(_ header: String, alignment: Alignment = .left, wraps: Bool = false, priority: Int = 0) {
            self.header = header
            self.alignment = alignment
            self.wraps = wraps || priority > 0
            self.priority = priority
        }
    }

    var columns: [Column]
    var rows: [[String]] = []
    var frame: Frame = .box
    var maxWidth = Terminal.layoutWidth
    /// Spaces between columns.
    static let gap = 2

    init(_ columns: [Column], rows: [[String]] = [], frame: Frame = .box, maxWidth: Int = Terminal.layoutWidth) {
        self.columns = columns
        self.rows = rows
        self.frame = frame
        self.maxWidth = maxWidth
    }

    /// A headerless two-column list: `key  value`, values wrapping.
    static func keyValue(_ pairs: [(String, String)], maxWidth: Int = Terminal.layoutWidth) -> Table {
        Table([Column(""), Column("", wraps: true)], rows: pairs.map { [$0.0, $0.1] }, frame: .plain, maxWidth: maxWidth)
    }

    var hasHeader: Bool { columns.contains { !$0.header.isEmpty } }

    // MARK: Rendering

    func render(style: Style) -> String { lines(style: style).joined(separator: "\n") }

    /// Every line of the table: frame, header, rule, rows.
    func lines(style: Style) -> [String] {
        if isNarrow, hasHeader, columns.count > 2 { return records(style: style) }
        let widths = columnWidths()
        let inner = widths.reduce(0, +) + Table.gap * max(0, widths.count - 1)
        var out: [String] = []
        let rule = { (left: String, right: String) in style.dim(left + String(repeating: "─", count: inner + 2) + right) }
        let wall = style.dim("│")
        let frameLine = { (text: String) in
            self.frame == .box ? "\(wall) \(text) \(wall)" : Table.trimmingTrailingSpaces(text)
        }
        if frame == .box { out.append(rule("┌", "┐")) }
        if hasHeader {
            let headerCells = columns.enumerated().map { i, column in
                column.wraps ? wrap(column.header, width: widths[i]) : [column.header]
            }
            for text in layout(headerCells, widths: widths, paint: style.bold) { out.append(frameLine(text)) }
            if frame == .box {
                out.append(rule("├", "┤"))
            } else {
                out.append(style.dim(widths.map { String(repeating: "─", count: $0) }.joined(separator: spaces(Table.gap))))
            }
        }
        for row in rowLines(widths: widths) { out += row.map(frameLine) }
        if frame == .box { out.append(rule("└", "┘")) }
        return out
    }

    /// The lines of each row separately (no frame, no header), each padded to the table's
    /// width: for callers that place rows themselves, such as the boxes of a VPC diagram.
    func renderedRows() -> [[String]] {
        guard isNarrow else { return rowLines(widths: columnWidths()) }
        // Too narrow for columns: each row becomes its cells in a line, wrapped between words.
        let width = max(10, maxWidth)
        return rows.map { row in
            let text = row.map { Table.plain($0).replacingOccurrences(of: "\n", with: " ") }.filter { !$0.isEmpty }
                .joined(separator: "  ")
            return wrap(text, width: width).enumerated().map { Table.pad(($0.offset == 0 ? "" : "  ") + $0.element, to: width) }
        }
    }

    /// Whether the columns cannot fit side by side without breaking words (or at all): then
    /// the table takes its narrow layout.
    var isNarrow: Bool {
        let (widths, floors) = measure()
        let overhead = Table.gap * max(0, columns.count - 1) + (frame == .box ? 4 : 0)
        if widths.reduce(0, +) + overhead > maxWidth { return true }
        return columns.indices.contains { columns[$0].wraps && widths[$0] < floors[$0] && floors[$0] > 3 }
    }

    /// The narrow layout of a table with a header: one block per row, each cell on its own
    /// line after its column's name, rows divided by rules.
    func records(style: Style) -> [String] {
        let box = frame == .box
        let names = columns.map { Table.plain($0.header).replacingOccurrences(of: "\n", with: " ") }
        let blocks = rows.map { row -> [String] in
            let pairs = names.indices.compactMap { i -> (String, String)? in
                let value = i < row.count ? row[i].replacingOccurrences(of: "\n", with: " ") : ""
                return value.isEmpty ? nil : (style.dim(names[i]), value)
            }
            return Table.keyValue(pairs, maxWidth: maxWidth - (box ? 4 : 0)).lines(style: style)
        }
        guard box else { return Array(blocks.joined(separator: [""])) }
        let inner = max(1, blocks.flatMap { $0 }.map { Table.width($0) }.max() ?? 1)
        let rule = { (left: String, right: String) in style.dim(left + String(repeating: "─", count: inner + 2) + right) }
        let wall = style.dim("│")
        var out = [rule("┌", "┐")]
        for (n, block) in blocks.enumerated() {
            if n > 0 { out.append(rule("├", "┤")) }
            out += block.map { "\(wall) \(Table.pad($0, to: inner)) \(wall)" }
        }
        out.append(rule("└", "┘"))
        return out
    }

    private func rowLines(widths: [Int]) -> [[String]] {
        rows.map { row in
            let cells = widths.indices.map { i in
                let text = i < row.count ? row[i] : ""
                if columns[i].wraps { return wrap(text, width: widths[i]) }
                return text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            }
            return layout(cells, widths: widths, paint: { $0 })
        }
    }

    /// Places cells (each already split into lines) side by side, padding every cell to its
    /// column's width; a row is as tall as its tallest cell.
    private func layout(_ cells: [[String]], widths: [Int], paint: (String) -> String) -> [String] {
        let height = cells.map(\.count).max() ?? 0
        return (0..<height).map { line in
            widths.indices.map { i in
                let text = line < cells[i].count ? cells[i][line] : ""
                let padding = spaces(max(0, widths[i] - Table.width(text)))
                let painted = text.isEmpty ? text : paint(text)
                return columns[i].alignment == .left ? painted + padding : padding + painted
            }.joined(separator: spaces(Table.gap))
        }
    }

    /// Natural widths, then the widest wrapping column narrowed one step at a time until the
    /// table fits `maxWidth` (or nothing more can wrap).
    func columnWidths() -> [Int] { measure().widths }

    /// The widths `columnWidths` settles on, and each column's floor (its longest word).
    func measure() -> (widths: [Int], floors: [Int]) {
        var widths = columns.map { Table.width($0.header) }
        for row in rows {
            for (i, cell) in row.enumerated() where i < widths.count {
                for line in cell.split(separator: "\n", omittingEmptySubsequences: false) {
                    widths[i] = max(widths[i], Table.width(line))
                }
            }
        }
        let overhead = Table.gap * max(0, columns.count - 1) + (frame == .box ? 4 : 0)
        // A wrapping column keeps room for its longest word (up to 24 columns), so words break
        // only when nothing else can give.
        let floors = columns.indices.map { i in
            let texts = [columns[i].header] + rows.map { i < $0.count ? $0[i] : "" }
            let longest = texts.flatMap { $0.split(whereSeparator: { $0 == " " || $0 == "\n" }) }.map { Table.width($0) }.max()
            return min(24, max(1, longest ?? 1))
        }
        while widths.reduce(0, +) + overhead > maxWidth {
            var candidates = columns.indices.filter { columns[$0].wraps && widths[$0] > floors[$0] }
            if candidates.isEmpty { candidates = columns.indices.filter { columns[$0].wraps && widths[$0] > 1 } }
            guard let widest = candidates.max(by: { (columns[$0].priority, widths[$0]) < (columns[$1].priority, widths[$1]) })
            else { break }
            widths[widest] -= 1
        }
        return (widths, floors)
    }

    // MARK: Text measurement

    /// Columns a terminal uses to show `text`: escape sequences take none, combining marks and
    /// zero-width characters none, East Asian wide characters and emoji two, the rest one.
    static func width(_ text: some StringProtocol) -> Int {
        var total = 0
        var escape = EscapeState.none
        for scalar in text.unicodeScalars {
            switch escape {
            case .none:
                if scalar == "\u{1B}" {
                    escape = .start
                } else {
                    total += width(of: scalar)
                }
            case .start:
                escape = scalar == "[" ? .parameters : .none
            case .parameters:
                // A control sequence ends with a byte in 0x40–0x7E ("ECMA-48", 5.4).
                if (0x40...0x7E).contains(scalar.value) { escape = .none }
            }
        }
        return total
    }

    private enum EscapeState { case none, start, parameters }

    static func width(of scalar: Unicode.Scalar) -> Int {
        let value = scalar.value
        if value < 0x20 || (0x7F..<0xA0).contains(value) { return 0 }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if scalar.properties.isEmojiPresentation { return 2 }
        let wide: [ClosedRange<UInt32>] = [
            0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
            0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x20000...0x3FFFD,
        ]
        return wide.contains { $0.contains(value) } ? 2 : 1
    }

    /// Text without colour codes.
    static func plain(_ text: String) -> String {
        guard text.contains("\u{1B}") else { return text }
        var result = ""
        var escape = EscapeState.none
        for scalar in text.unicodeScalars {
            switch escape {
            case .none:
                if scalar == "\u{1B}" { escape = .start } else { result.unicodeScalars.append(scalar) }
            case .start:
                escape = scalar == "[" ? .parameters : .none
            case .parameters:
                if (0x40...0x7E).contains(scalar.value) { escape = .none }
            }
        }
        return result
    }

    /// Greedy word wrap to `width` display columns; explicit line breaks are kept, and a word
    /// longer than the width is broken. Colour is dropped from text that has to wrap.
    func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if Table.width(paragraph) <= width {
                lines.append(String(paragraph))
                continue
            }
            var line = ""
            for word in Table.plain(String(paragraph)).split(separator: " ") {
                var word = String(word)
                while Table.width(word) > width {
                    if !line.isEmpty {
                        lines.append(line)
                        line = ""
                    }
                    let (head, rest) = Table.split(word, at: width)
                    lines.append(head)
                    word = rest
                }
                if line.isEmpty {
                    line = word
                } else if Table.width(line) + 1 + Table.width(word) <= width {
                    line += " " + word
                } else {
                    lines.append(line)
                    line = word
                }
            }
            if !line.isEmpty { lines.append(line) }
        }
        return lines
    }

    /// The longest prefix of `word` that fits `width` columns, and the rest.
    static func split(_ word: String, at width: Int) -> (String, String) {
        var head = ""
        var used = 0
        var index = word.startIndex
        while index < word.endIndex {
            let w = Table.width(String(word[index]))
            if used + w > width { break }
            head.append(word[index])
            used += w
            index = word.index(after: index)
        }
        return (head, String(word[index...]))
    }

    /// `text` cut to `width` columns, ending in `…` when something was cut.
    static func truncate(_ text: String, to width: Int) -> String {
        guard Table.width(text) > width else { return text }
        return split(plain(text), at: max(0, width - 1)).0 + "…"
    }

    /// `text` padded with spaces to `width` columns.
    static func pad(_ text: String, to width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - Table.width(text)))
    }

    static func trimmingTrailingSpaces(_ text: String) -> String {
        var text = Substring(text)
        while text.last == " " { text.removeLast() }
        return String(text)
    }
}

private func spaces(_ count: Int) -> String { String(repeating: " ", count: count) }
