import SGLabCore

/// What an imported question gets when its file cannot say. GIFT files sglab wrote carry the
/// real values in `[tag:…]` comments; other GIFT files and every Aiken file fall back to these.
public enum ImportDefaults {
    /// The topic of a question whose category (or tag) names no known topic: a question
    /// written for an exam bank is an exam question.
    public static let topic = "exam-traps"
    /// Seed section 19, "Exam traps", for the same reason.
    public static let seed = [19]
    /// Recall: the model's default, and nothing in GIFT or Aiken says otherwise.
    public static let difficulty = 1
}

/// Text helpers shared by the GIFT and Aiken readers and writers.
enum Interchange {
    /// Lines numbered from 1, as `TextLines` reads them (`\n`, `\r\n` or a lone `\r`; no
    /// leading byte order mark, which Moodle drops too).
    static func lines(_ text: String) -> [(text: String, number: Int)] {
        TextLines.split(text).enumerated().map { ($0.element, $0.offset + 1) }
    }

    /// The characters PHP's `trim` removes, which is what Moodle trims fields with.
    static func isTrimmable(_ s: Unicode.Scalar) -> Bool {
        s == " " || s == "\t" || s == "\n" || s == "\r" || s == "\0" || s == "\u{0B}"
    }

    static func trim(_ text: some StringProtocol) -> String {
        let scalars = Array(text.unicodeScalars)
        guard let first = scalars.firstIndex(where: { !isTrimmable($0) }),
            let last = scalars.lastIndex(where: { !isTrimmable($0) })
        else { return "" }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[first...last])
        return String(view)
    }

    /// sglab's id rule (quizzes/README.md): lowercase letters, digits and `-`.
    static func isIdentifier(_ s: String) -> Bool {
        !s.isEmpty && s.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }

    /// A name made into an id: already-valid ids are kept as they are; otherwise lowercase
    /// ASCII letters and digits stay and every other run of characters becomes one `-`
    /// ("Jesus' hometown" → `jesus-hometown`). Empty when nothing usable is left.
    static func identifier(_ name: String) -> String {
        if isIdentifier(name) { return name }
        var out = String.UnicodeScalarView()
        var gap = false
        for s in name.lowercased().unicodeScalars {
            if ("a"..."z").contains(s) || ("0"..."9").contains(s) {
                if gap && !out.isEmpty { out.append("-") }
                gap = false
                out.append(s)
            } else {
                gap = true
            }
        }
        return String(out)
    }

    /// `base`, or `base-2`, `base-3`… when an earlier question of the file took it.
    static func unique(_ base: String, _ used: inout Set<String>) -> String {
        var id = base
        var n = 2
        while used.contains(id) {
            id = "\(base)-\(n)"
            n += 1
        }
        used.insert(id)
        return id
    }

    /// A question text split the way a bank stores it: the first paragraph is the stem (its
    /// line breaks become spaces, since a stem is one heading line), the rest is the body.
    /// `Presenter` joins them back with a blank line, so sglab's own exports come back intact.
    static func stemAndBody(_ text: String) -> (stem: String, body: String) {
        let lines = Interchange.lines(text).map(\.text)
        guard let blank = lines.firstIndex(where: { trim($0).isEmpty }) else {
            return (lines.map { trim($0) }.joined(separator: " "), "")
        }
        let stem = lines[..<blank].map { trim($0) }.joined(separator: " ")
        let body = lines[(blank + 1)...].joined(separator: "\n")
        return (stem, trimNewlines(body))
    }

    /// Leading and trailing blank lines removed; the indentation of the first kept line stays
    /// (an indented code block may open the body).
    static func trimNewlines(_ text: String) -> String {
        var lines = Interchange.lines(text).map(\.text)
        while let first = lines.first, trim(first).isEmpty { lines.removeFirst() }
        while let last = lines.last, trim(last).isEmpty { lines.removeLast() }
        return lines.joined(separator: "\n")
    }

    /// Text on one line, for formats without line breaks (Aiken). Lines are joined with a space;
    /// consecutive indented lines (a code block: a scenario's world) with `; `, so that
    /// commands stay apart.
    static func oneLine(_ text: String) -> String {
        var out = ""
        var previousWasCode = false
        for (raw, _) in lines(text) {
            let line = trim(raw)
            if line.isEmpty { continue }
            let code = raw.hasPrefix("    ") || raw.hasPrefix("\t")
            if !out.isEmpty { out += previousWasCode && code ? "; " : " " }
            out += line
            previousWasCode = code
        }
        return out
    }
}
