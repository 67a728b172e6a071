/// Moodle's GIFT format: `sglab quiz export --format gift` writes a bank Moodle imports, and
/// `sglab quiz import` reads what sglab or Moodle (or a person) wrote. The rules are those of
/// Moodle's own reader and writer, `question/format/gift/format.php` (guide/learning-tools.md
/// §3.1); where this reader is stricter than Moodle's it says so.
///
/// How sglab's kinds are written:
///
/// - **single** → multiple choice, `=right` and `~wrong`, one answer per tab-indented line.
/// - **multiple** → multiple choice without `=`, which Moodle imports as "multiple answers
///   allowed": each right answer `~%w%` with w = 100 / (number of right answers), each wrong
///   answer `~%-100%`. sglab gives no partial credit and GIFT cannot say "all or nothing", so
///   this is the closest Moodle grading: all the right answers and nothing else score 100 %;
///   any wrong pick takes the total to 0 or below, which Moodle floors at 0, so ticking every box
///   scores 0; only picking some of the right answers and no wrong one earns a part. The shares
///   are rounded to 5 decimals (33.33333), the precision of Moodle's grade list, which import
///   matches weights against (within 0.001 %, storing the list's value: 0.3333333). Six right
///   answers would sum to 100.00002 %, a wrong pick then leaving 0.00002 %; sglab's multiple
///   has at most five (4–6 choices, some wrong).
/// - **truefalse** → `{TRUE}` or `{FALSE}`, as Moodle writes them.
/// - **ordering** → GIFT has no ordering type. It becomes a matching question whose left side
///   is the position and whose right side is the item, `=Step 1 -> first item`, so the learner
///   picks the item for each step; Moodle grades each pair (partial credit, the one concession).
///   Ordering has 3–7 items and Moodle's matching needs at least 2 pairs (3 answers in its
///   editor), so every ordering question fits. The reader turns this exact form back into an
///   ordering question; any other matching question is an error.
/// - **scenario** arrives here already presented as **single**; **fixit** has no answerable form.
///   Anything else is written as a `// sglab skipped …` comment line, which Moodle ignores.
///
/// Every question is `::id::[markdown]text{…}`: the name is sglab's id, the text is Markdown
/// (as banks are; a scenario's world is an indented code block), and answers and feedback
/// inherit that format. The explanation is the general feedback `####…`. A comment line before
/// each question carries Moodle's ID number and tags (read by Moodle 4.x), which is where
/// sglab keeps what GIFT has no field for: `// [id:sg-stateful-reply] [tag:sglab]
/// [tag:topic-stateful] [tag:seed-5] [tag:trap-4] [tag:difficulty-1]`.
public enum GIFT {
    // MARK: Export

    /// A GIFT file of `questions`. Each topic's questions follow a `$CATEGORY: sglab/<topic>`
    /// line (topics in order of first appearance), or all of them follow `$CATEGORY: category`
    /// when one is given (its line breaks become spaces; Moodle writes categories unescaped).
    public static func export(_ questions: [PresentedQuestion], category: String? = nil) -> String {
        var groups: [(category: String, questions: [PresentedQuestion])] = []
        if let category {
            groups = [(Interchange.oneLine(category), questions)]
        } else {
            var index: [String: Int] = [:]
            for q in questions {
                let name = q.topic.isEmpty ? "sglab" : "sglab/\(Interchange.oneLine(q.topic))"
                if let i = index[name] {
                    groups[i].questions.append(q)
                } else {
                    index[name] = groups.count
                    groups.append((name, [q]))
                }
            }
        }
        var out = "// sglab questions in Moodle's GIFT format (Question bank > Import > GIFT format).\n"
        out += "// The [tag:…] comments carry sglab's topic, seed sections, exam traps and difficulty.\n\n"
        for group in groups where !group.questions.isEmpty {
            out += "$CATEGORY: \(group.category)\n\n"
            for q in group.questions { out += write(q) + "\n" }
        }
        return out
    }

    static func write(_ q: PresentedQuestion) -> String {
        let skipped = "// sglab skipped \(Interchange.oneLine(q.id)): a \(q.kind.rawValue) question has no GIFT form\n"
        var s = "// " + metadata(q) + "\n"
        s += "::" + escape(q.id) + "::" + (q.text.isEmpty ? "" : "[markdown]" + escape(q.text))
        let general = q.explanation.isEmpty ? nil : "####" + field(q.explanation)
        switch q.kind {
        case .single:
            s += "{\n"
            for c in q.choices {
                // Moodle reads a weight after `~`, so a wrong answer whose text starts with `%`
                // (`%10% of flows`) gets its 0 % written out; after `=` no weight is read.
                let mark = c.correct ? "=" : Interchange.trim(c.text).hasPrefix("%") ? "~%0%" : "~"
                s += "\t" + mark + field(c.text) + "\n"
            }
        case .multiple:
            // See the type's documentation: equal shares for the right answers, -100 % each for
            // the wrong ones.
            let share = GIFT.share(max(1, q.choices.filter(\.correct).count))
            s += "{\n"
            for c in q.choices { s += "\t~%" + (c.correct ? share : "-100") + "%" + field(c.text) + "\n" }
        case .truefalse:
            guard let answer = q.answer else { return skipped }
            return s + "{" + (answer ? "TRUE" : "FALSE") + (general ?? "") + "}\n"
        case .ordering:
            s += "{\n"
            // The right side of a pair is plain text to Moodle (no format marker is read there).
            for (i, item) in q.order.enumerated() { s += "\t=Step \(i + 1) -> " + escape(item) + "\n" }
        case .scenario, .fixit:
            return skipped
        }
        if let general { s += "\t" + general + "\n" }
        return s + "}\n"
    }

    /// 100 / n percent with at most 5 decimals: 50, 33.33333, 25, 16.66667.
    static func share(_ n: Int) -> String {
        let scaled = (10_000_000 + n / 2) / n  // hundred-thousandths of a percent
        let whole = scaled / 100_000
        var fraction = String(scaled % 100_000)
        if fraction == "0" { return String(whole) }
        fraction = String(repeating: "0", count: 5 - fraction.count) + fraction
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return "\(whole).\(fraction)"
    }

    /// Moodle's ID number and tags comment (`write_idnumber_and_tags`): `]` is escaped as `\]`.
    static func metadata(_ q: PresentedQuestion) -> String {
        func bracket(_ key: String, _ value: String) -> String {
            var v = ""
            for ch in Interchange.oneLine(value) { v += ch == "]" ? "\\]" : String(ch) }
            return "[\(key):\(v)]"
        }
        var bits = [bracket("id", q.id), bracket("tag", "sglab")]
        if !q.topic.isEmpty { bits.append(bracket("tag", "topic-\(q.topic)")) }
        bits += q.seed.map { bracket("tag", "seed-\($0)") }
        bits += q.traps.map { bracket("tag", "trap-\($0)") }
        bits.append(bracket("tag", "difficulty-\(q.difficulty)"))
        return bits.joined(separator: " ")
    }

    /// Moodle's `repchar`: a backslash before `\ # = ~ { } :`, a line break as `\n`, and `\r`
    /// dropped. Nothing else is escaped (Moodle has no escape for `%`, `[`, `-` or `>`).
    static func escape(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for s in text.unicodeScalars {
            switch s {
            case "\\", "#", "=", "~", "{", "}", ":":
                out.append("\\")
                out.append(s)
            case "\n":
                out.append("\\")
                out.append("n")
            case "\r":
                break
            default:
                out.append(s)
            }
        }
        return String(out)
    }

    /// An answer or feedback text. They inherit the question's `[markdown]`, so no marker is
    /// written, unless the text itself starts with something Moodle would take for one
    /// (`[plain] …`): then `[markdown]` goes first and Moodle strips only that.
    static func field(_ text: String) -> String {
        (formatMarker(Interchange.trim(text)) != nil ? "[markdown]" : "") + escape(text)
    }

    /// The text format markers Moodle reads at the start of a text.
    enum TextFormat: String {
        case moodle, html, plain, markdown
    }

    /// The format a text starts with, and the text after it: Moodle's `parse_text_with_format`
    /// (a `[` first, up to the first `]`, naming a known format).
    static func formatMarker(_ text: String) -> (TextFormat, Substring)? {
        guard text.hasPrefix("["), let close = text.firstIndex(of: "]"),
            let format = TextFormat(rawValue: String(text[text.index(after: text.startIndex)..<close]))
        else { return nil }
        return (format, text[text.index(after: close)...])
    }

    // MARK: Import

    /// The questions of a GIFT file. Moodle's reading rules: questions are separated by blank
    /// lines; `//` lines are comments (Moodle 4.x reads `[id:…]` and `[tag:…]` in them);
    /// `$CATEGORY:` switches the category; `::name::`, `[format]` markers, the escapes
    /// `\\ \~ \= \# \{ \} \: \n`, per-answer feedback `#`, general feedback `####`, answer
    /// weights `%n%`, missing-word questions (`_____` where the block stood).
    ///
    /// sglab keeps multiple choice (one right answer → single, several → multiple), true/false,
    /// and its own `=Step N -> item` matching form (→ ordering); every other GIFT type (short
    /// answer, numerical, other matching, essay, description) is an error. Values GIFT does not
    /// carry come from sglab's tags when present, else:
    /// - id: the `::name::` made into an id (`Jesus' hometown` → `jesus-hometown`), else the
    ///   `[id:…]`, else `gift-N` (the N-th question of the file); repeats get `-2`, `-3`…
    /// - topic: a `[tag:topic-…]`, else the last part of the `$CATEGORY:` path when it is a known
    ///   topic (`sglab/nacl`, `$course$/top/sglab/nacl`), else `ImportDefaults.topic`.
    /// - seed, traps, difficulty: `[tag:seed-N]`, `[tag:trap-N]`, `[tag:difficulty-N]`, else
    ///   `ImportDefaults`.
    /// - explanation: the general feedback; without one, the right answers' feedback (true/false:
    ///   the right-answer feedback, then the wrong-answer one). Other per-answer feedback is
    ///   dropped: sglab has none.
    /// - A partial-credit answer (`~%50%`) beside an `=` is a wrong choice: sglab's single choice
    ///   has one right answer. Without `=`, every positively weighted answer is right.
    /// - `[html]` texts become plain text (tags dropped, `<br>` and paragraphs as line breaks,
    ///   entities decoded); other formats are kept as written.
    ///
    /// Stricter than Moodle: a `{` or `}` after the answer block's opening (an unescaped brace in
    /// the text) and an empty answer are errors. Every error carries FILE:LINE; all are collected
    /// and thrown together.
    public static func parse(_ text: String, file: String) throws(ContentErrors) -> [Question] {
        var reader = Reader(file: file)
        var block: [(text: String, number: Int)] = []
        for (raw, number) in Interchange.lines(text) {
            let line = Interchange.trim(raw)
            if line.isEmpty {
                if !block.isEmpty { reader.read(block) }
                block = []
            } else {
                block.append((line, number))
            }
        }
        if !block.isEmpty { reader.read(block) }
        if !reader.errors.isEmpty { throw ContentErrors(errors: reader.errors) }
        return reader.questions
    }

    /// One character of a question after the escapes are resolved: `escaped` characters are
    /// never syntax.
    struct Token {
        let scalar: Unicode.Scalar
        let escaped: Bool
        let line: Int

        func marks(_ s: Unicode.Scalar) -> Bool { !escaped && scalar == s }
    }

    /// A line's characters with Moodle's escapes resolved (`escapedchar_pre`): `\\` first, then
    /// `\: \# \= \{ \} \~`, and `\n` a line break. Any other backslash is a plain character.
    static func tokens(_ line: String, number: Int) -> [Token] {
        let scalars = Array(line.unicodeScalars)
        var out: [Token] = []
        var i = 0
        while i < scalars.count {
            if scalars[i] == "\\", i + 1 < scalars.count {
                switch scalars[i + 1] {
                case "\\", ":", "#", "=", "{", "}", "~":
                    out.append(Token(scalar: scalars[i + 1], escaped: true, line: number))
                    i += 2
                    continue
                case "n":
                    out.append(Token(scalar: "\n", escaped: true, line: number))
                    i += 2
                    continue
                default:
                    break
                }
            }
            out.append(Token(scalar: scalars[i], escaped: false, line: number))
            i += 1
        }
        return out
    }

    static func trim(_ tokens: some Collection<Token>) -> [Token] {
        let t = Array(tokens)
        guard let first = t.firstIndex(where: { $0.escaped || !Interchange.isTrimmable($0.scalar) }),
            let last = t.lastIndex(where: { $0.escaped || !Interchange.isTrimmable($0.scalar) })
        else { return [] }
        return Array(t[first...last])
    }

    static func decode(_ tokens: some Collection<Token>) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: tokens.map(\.scalar))
        return String(view)
    }

    /// A text field: optional `[format]`, escapes resolved, trimmed (Moodle's
    /// `parse_text_with_format`); `[html]` made plain.
    static func text(_ tokens: some Collection<Token>, format inherited: TextFormat) -> (text: String, format: TextFormat) {
        var text = decode(trim(tokens))
        var format = inherited
        if let (marked, rest) = formatMarker(text) {
            format = marked
            text = String(rest)
        }
        text = Interchange.trim(text)
        if format == .html { text = plainText(fromHTML: text) }
        return (text, format)
    }

    /// Moodle's answer weight, `^%-*([0-9]{1,2})\.?([0-9]*)%`: the weight in percent and the
    /// tokens after it, or nil when the answer does not start with one.
    static func weight(_ t: [Token]) -> (Double, [Token])? {
        guard t.first?.scalar == "%" else { return nil }
        var i = 1
        var negative = false
        while i < t.count, t[i].scalar == "-" {
            negative = true
            i += 1
        }
        func digits() -> String {
            var d = ""
            while i < t.count, ("0"..."9").contains(t[i].scalar) {
                d.unicodeScalars.append(t[i].scalar)
                i += 1
            }
            return d
        }
        let whole = digits()
        guard !whole.isEmpty else { return nil }
        var fraction = ""
        if i < t.count, t[i].scalar == "." {
            guard whole.count <= 2 else { return nil }
            i += 1
            fraction = digits()
        }
        guard i < t.count, t[i].scalar == "%", let value = Double(whole + "." + (fraction.isEmpty ? "0" : fraction))
        else { return nil }
        return (negative ? -value : value, Array(t[(i + 1)...]))
    }

    /// What sglab keeps from the comments before a question: Moodle's `[id:…]` and `[tag:…]`.
    struct Metadata {
        var idnumber: String?
        var tags: [String] = []

        init(_ comments: String) {
            let s = Array(comments.unicodeScalars)
            func values(_ key: String) -> [String] {
                let open = Array("[\(key):".unicodeScalars)
                var out: [String] = []
                var i = 0
                while i + open.count <= s.count {
                    guard Array(s[i..<(i + open.count)]) == open else {
                        i += 1
                        continue
                    }
                    var j = i + open.count
                    var value = String.UnicodeScalarView()
                    var closed = false
                    while j < s.count {
                        if s[j] == "\\", j + 1 < s.count, s[j + 1] == "]" {
                            value.append("]")
                            j += 2
                        } else if s[j] == "]" {
                            closed = true
                            break
                        } else {
                            value.append(s[j])
                            j += 1
                        }
                    }
                    if closed { out.append(Interchange.trim(String(value))) }
                    i = j
                }
                return out
            }
            idnumber = values("id").first
            tags = values("tag")
        }

        func numbers(_ prefix: String) -> [Int] {
            tags.compactMap { tag in
                let t = tag.lowercased()
                return t.hasPrefix(prefix + "-") ? Int(t.dropFirst(prefix.count + 1)) : nil
            }
        }

        var topic: String? {
            tags.lazy.map { $0.lowercased() }.filter { $0.hasPrefix("topic-") }.map { String($0.dropFirst(6)) }
                .first { Taxonomy.topics.contains($0) }
        }
    }

    struct Reader {
        let file: String
        var errors: [ContentError] = []
        var questions: [Question] = []
        var category: String?
        var count = 0
        var used: Set<String> = []

        init(file: String) { self.file = file }

        mutating func fail(_ line: Int, _ message: String) {
            errors.append(ContentError(location: SourceLocation(file: file, line: line), message: message))
        }

        /// One block of non-blank, trimmed lines: a category switch, a question, or comments.
        mutating func read(_ block: [(text: String, number: Int)]) {
            var comments = ""
            var lines = block
            for i in lines.indices where lines[i].text.hasPrefix("//") {
                comments += lines[i].text + "\n"
                lines[i].text = " "  // as Moodle does: a comment does not end the question
            }
            guard let first = lines.firstIndex(where: { $0.text != " " }) else { return }
            if lines[first].text.hasPrefix("$CATEGORY:") {
                // Moodle takes the whole block as the category name; sglab takes the line and
                // reads what follows it as a question.
                category = Interchange.trim(lines[first].text.dropFirst("$CATEGORY:".count))
                let rest = Array(block[(first + 1)...])
                if !rest.isEmpty { read(rest) }
                return
            }
            count += 1
            var t: [Token] = []
            for (i, line) in lines.enumerated() {
                if i > 0 { t.append(Token(scalar: "\n", escaped: false, line: lines[i - 1].number)) }
                t += GIFT.tokens(line.text, number: line.number)
            }
            t = GIFT.trim(t)
            let start = t.first?.line ?? lines[first].number
            if let question = question(t, start: start, metadata: Metadata(comments)) { questions.append(question) }
        }

        mutating func question(_ all: [Token], start: Int, metadata: Metadata) -> Question? {
            var t = all
            var name: String?
            if t.count >= 2, t[0].marks(":"), t[1].marks(":") {
                t.removeFirst(2)
                if let end = t.indices.dropLast().first(where: { t[$0].marks(":") && t[$0 + 1].marks(":") }) {
                    name = GIFT.decode(t[..<end])
                    t = GIFT.trim(t[(end + 2)...])
                }
            }
            let open = t.firstIndex { $0.marks("{") }
            let close = t.firstIndex { $0.marks("}") }
            guard let open, let close, open < close else {
                switch (open, close) {
                case (nil, nil):
                    fail(start, "no answer block { … }: this is a description, and sglab imports multiple-choice and true/false questions")
                case (let o?, nil):
                    fail(t[o].line, "this { is never closed by a } (write a literal brace as \\{)")
                case (_, let c?):
                    fail(t[c].line, "} without an opening { before it (write a literal brace as \\})")
                }
                return nil
            }
            if let stray = t[(open + 1)...].indices.first(where: { $0 != close && (t[$0].marks("{") || t[$0].marks("}")) }) {
                fail(t[stray].line, "a second \(t[stray].scalar): GIFT has one answer block per question (write a literal brace as \\\(t[stray].scalar))")
                return nil
            }
            let at = t[open].line

            // The text, with `_____` where the block stood if text follows it (missing word).
            let after = Array(t[(close + 1)...])
            var questionTokens = Array(t[..<open])
            if !GIFT.trim(after).isEmpty {
                questionTokens += "_____".unicodeScalars.map { Token(scalar: $0, escaped: true, line: at) } + after
            }
            let (questionText, format) = GIFT.text(questionTokens, format: .moodle)

            var answer = GIFT.trim(t[(open + 1)..<close])
            var general = ""
            if let g = answer.indices.reversed().first(where: { i in i + 3 < answer.count && (i...(i + 3)).allSatisfy { answer[$0].marks("#") } }) {
                general = GIFT.text(answer[(g + 4)...], format: format).text
                answer = GIFT.trim(answer[..<g])
            }

            var question = Question(
                id: "", kind: .single, stem: "", location: SourceLocation(file: file, line: start))
            (question.stem, question.body) = Interchange.stemAndBody(questionText)
            question.explanation = general

            if answer.isEmpty {
                fail(at, "an empty answer block {} makes an essay question, which sglab cannot import")
                return nil
            } else if answer[0].marks("#") {
                fail(at, "{#…} is a numerical question, which sglab cannot import")
                return nil
            } else if answer.contains(where: { $0.marks("~") }) {
                guard multipleChoice(answer, format: format, at: at, into: &question) else { return nil }
            } else if answer.contains(where: { $0.marks("=") })
                && answer.indices.dropLast().contains(where: { answer[$0].scalar == "-" && answer[$0 + 1].scalar == ">" })
            {
                guard matching(answer, format: format, at: at, into: &question) else { return nil }
            } else {
                let parts = split(answer, at: "#", limit: 3)
                let head = GIFT.text(parts[0], format: format).text
                guard ["T", "TRUE", "F", "FALSE"].contains(head) else {
                    fail(at, "{=…} without ~ is a short-answer question, which sglab cannot import (a multiple-choice block marks wrong answers with ~)")
                    return nil
                }
                question.kind = .truefalse
                question.answer = head.hasPrefix("T")
                // Moodle's order: the feedback for a wrong answer, then for the right one.
                let wrong = parts.count > 1 ? GIFT.text(parts[1], format: format).text : ""
                let right = parts.count > 2 ? GIFT.text(parts[2], format: format).text : ""
                if question.explanation.isEmpty { question.explanation = right.isEmpty ? wrong : right }
            }

            question.topic = metadata.topic ?? category.flatMap(topic(ofCategory:)) ?? ImportDefaults.topic
            let seed = metadata.numbers("seed")
            question.seed = seed.isEmpty ? ImportDefaults.seed : seed
            question.traps = metadata.numbers("trap")
            question.difficulty = metadata.numbers("difficulty").first ?? ImportDefaults.difficulty
            var base = Interchange.identifier(name ?? "")
            if base.isEmpty { base = Interchange.identifier(metadata.idnumber ?? "") }
            if base.isEmpty { base = "gift-\(count)" }
            question.id = Interchange.unique(base, &used)
            return question
        }

        /// Splits at unescaped `separator`s, keeping at most `limit` parts (PHP's explode).
        func split(_ t: [Token], at separator: Unicode.Scalar, limit: Int = .max) -> [[Token]] {
            var parts: [[Token]] = [[]]
            for token in t {
                if token.marks(separator) && parts.count < limit { parts.append([]) } else { parts[parts.count - 1].append(token) }
            }
            return parts
        }

        mutating func multipleChoice(_ answer: [Token], format: TextFormat, at: Int, into q: inout Question) -> Bool {
            // Moodle: a block with an `=` is single-answer; each answer starts at `~` or `=`.
            let single = answer.contains { $0.marks("=") }
            var chunks: [(line: Int, tokens: [Token])] = [(at, [])]
            for token in answer {
                if token.marks("~") {
                    chunks.append((token.line, []))
                } else if token.marks("=") {
                    chunks.append((token.line, [token]))
                } else {
                    chunks[chunks.count - 1].tokens.append(token)
                }
            }
            if GIFT.trim(chunks[0].tokens).isEmpty { chunks.removeFirst() }
            guard chunks.count >= 2 else {
                fail(at, "a multiple-choice question needs at least two answers")
                return false
            }
            var answers: [(text: String, weight: Double, feedback: String)] = []
            var ok = true
            for chunk in chunks {
                var t = GIFT.trim(chunk.tokens)
                var weight = 0.0
                if let first = t.first, first.marks("=") {
                    weight = 100
                    t.removeFirst()
                } else if let (w, rest) = GIFT.weight(t) {
                    weight = w
                    t = rest
                }
                let parts = split(t, at: "#", limit: 2)
                let text = GIFT.text(parts[0], format: format).text
                let feedback = parts.count > 1 ? GIFT.text(parts[1], format: format).text : ""
                if text.isEmpty {
                    fail(chunk.line, "an empty answer")
                    ok = false
                }
                answers.append((text, weight, feedback))
            }
            guard ok else { return false }
            let right: [Bool]
            if single {
                right = answers.map { $0.weight >= 99.999 }
                let n = right.filter { $0 }.count
                if n == 0 {
                    fail(at, "no right answer: mark the right one with =")
                    return false
                }
                if n > 1 {
                    fail(at, "\(n) right answers (= or %100%) in a single-answer question: sglab's single choice has exactly one; write a multiple-response question with ~%50% weights and no =")
                    return false
                }
                q.kind = .single
            } else {
                right = answers.map { $0.weight > 0 }
                let n = right.filter { $0 }.count
                if n == 0 {
                    fail(at, "no right answer: mark it with = or give the right answers positive weights such as ~%50%")
                    return false
                }
                q.kind = n == 1 ? .single : .multiple
            }
            q.choices = zip(answers, right).map { Choice(text: $0.0.text, correct: $0.1) }
            if q.explanation.isEmpty {
                q.explanation = zip(answers, right).filter { $0.1 && !$0.0.feedback.isEmpty }.map(\.0.feedback)
                    .joined(separator: "\n\n")
            }
            return true
        }

        mutating func matching(_ answer: [Token], format: TextFormat, at: Int, into q: inout Question) -> Bool {
            var chunks: [(line: Int, tokens: [Token])] = [(at, [])]
            for token in answer {
                if token.marks("=") { chunks.append((token.line, [])) } else { chunks[chunks.count - 1].tokens.append(token) }
            }
            if GIFT.trim(chunks[0].tokens).isEmpty { chunks.removeFirst() }
            guard chunks.count >= 2 else {
                fail(at, "a matching question needs at least two pairs")
                return false
            }
            var pairs: [(left: String, right: String)] = []
            for chunk in chunks {
                let t = GIFT.trim(chunk.tokens)
                guard let arrow = t.indices.dropLast().first(where: { t[$0].scalar == "-" && t[$0 + 1].scalar == ">" }) else {
                    fail(chunk.line, "every answer of a matching question needs -> between its two sides")
                    return false
                }
                pairs.append((GIFT.text(t[..<arrow], format: format).text, Interchange.trim(GIFT.decode(t[(arrow + 2)...]))))
            }
            // Only sglab's own form of an ordering question: `Step 1 -> …` … `Step N -> …`.
            let steps = pairs.map { pair -> Int? in
                let words = pair.left.split(separator: " ")
                guard words.count == 2, words[0].lowercased() == "step" else { return nil }
                return Int(words[1])
            }
            guard steps.allSatisfy({ $0 != nil }), Set(steps.compactMap { $0 }) == Set(1...pairs.count) else {
                fail(at, "a matching question: sglab reads matching only in the `=Step N -> item` form it writes for ordering questions")
                return false
            }
            q.kind = .ordering
            q.order = zip(steps, pairs).sorted { $0.0! < $1.0! }.map(\.1.right)
            return true
        }

        /// The topic a category path names in its last part, if it is one.
        func topic(ofCategory path: String) -> String? {
            guard let last = path.split(separator: "/").last else { return nil }
            let name = Interchange.trim(last).lowercased()
            return Taxonomy.topics.contains(name) ? name : nil
        }
    }

    /// `[html]` text as plain text: tags dropped, `<br>` a line break, the end of a paragraph,
    /// heading, list, div or pre a blank line, a list item `- `, common entities decoded.
    static func plainText(fromHTML html: String) -> String {
        var out = ""
        var i = html.startIndex
        while i < html.endIndex {
            let ch = html[i]
            if ch == "<", let end = html[i...].firstIndex(of: ">") {
                let tag = html[html.index(after: i)..<end].lowercased()
                let name = String(tag.prefix { $0.isLetter || $0.isNumber || $0 == "/" })
                switch name {
                case "br", "br/": out += "\n"
                case "/p", "/div", "/pre", "/ul", "/ol", "/table", "/h1", "/h2", "/h3", "/h4", "/h5", "/h6", "/blockquote":
                    out += "\n\n"
                case "/li", "/tr": out += "\n"
                case "li": out += "- "
                default: break
                }
                i = html.index(after: end)
                continue
            }
            if ch == "&", let semicolon = html[i...].prefix(12).firstIndex(of: ";") {
                let entity = String(html[html.index(after: i)..<semicolon])
                let named = ["amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": " "]
                var decoded = named[entity]
                if decoded == nil, entity.hasPrefix("#") {
                    let digits = entity.dropFirst()
                    let value = digits.lowercased().hasPrefix("x") ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits)
                    decoded = value.flatMap(Unicode.Scalar.init).map { String(Character($0)) }
                }
                if let decoded {
                    out += decoded
                    i = html.index(after: semicolon)
                    continue
                }
            }
            out.append(ch)
            i = html.index(after: i)
        }
        // Trailing spaces off every line, at most one blank line in a row.
        var lines: [String] = []
        for (line, _) in Interchange.lines(out) {
            var l = Substring(line)
            while let last = l.last, last == " " || last == "\t" { l.removeLast() }
            if l.isEmpty, lines.last?.isEmpty ?? true { continue }
            lines.append(String(l))
        }
        return Interchange.trimNewlines(lines.joined(separator: "\n"))
    }
}
