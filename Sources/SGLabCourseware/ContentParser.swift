import SGLabCore

/// Reads lessons and question banks: Markdown with `key: value` fields and fenced `sglab`
/// blocks (lessons/README.md, quizzes/README.md). Errors carry FILE:LINE.
public enum ContentParser {
    struct Line {
        let text: String
        let number: Int
    }

    /// A fenced block: its info word after `sglab` ("" for a bare ```sglab) and its lines.
    struct Block {
        let kind: String
        let lines: [ScriptLine]
        let start: Int
    }

    static func lines(_ text: String) -> [Line] {
        TextLines.split(text).enumerated().map { Line(text: $0.element, number: $0.offset + 1) }
    }

    static func numbers(_ text: String) -> [Int]? {
        let parts = text.split(separator: ",").map { $0.trimmingSpaces }
        if parts.isEmpty || (parts.count == 1 && parts[0].isEmpty) { return [] }
        var out: [Int] = []
        for p in parts {
            guard let n = Int(p) else { return nil }
            out.append(n)
        }
        return out
    }

    // MARK: Lessons

    public static func lesson(_ text: String, file: String) throws(ContentErrors) -> Lesson {
        var errors: [ContentError] = []
        func fail(_ line: Int, _ message: String) { errors.append(ContentError(location: SourceLocation(file: file, line: line), message: message)) }
        let all = lines(text)
        var index = 0
        var fields: [String: (String, Int)] = [:]
        if all.first?.text == "---" {
            index = 1
            while index < all.count, all[index].text != "---" {
                let l = all[index]
                if let colon = l.text.firstIndex(of: ":") {
                    fields[String(l.text[..<colon]).trimmingSpaces] = (String(l.text[l.text.index(after: colon)...]).trimmingSpaces, l.number)
                } else if !l.text.trimmingSpaces.isEmpty {
                    fail(l.number, "front matter lines are `key: value`")
                }
                index += 1
            }
            if index >= all.count { fail(1, "the front matter has no closing ---") }
            index += 1
        } else {
            fail(1, "a lesson starts with front matter between --- lines (id, title, seed, topics, traps)")
        }
        let id = fields["id"]?.0 ?? ""
        if id.isEmpty { fail(1, "the front matter has no id") } else if !isIdentifier(id) {
            fail(fields["id"]!.1, "id \(id) must be lowercase letters, digits and -")
        }
        let title = fields["title"]?.0 ?? ""
        if title.isEmpty { fail(1, "the front matter has no title") }
        let seed = numbers(fields["seed"]?.0 ?? "")
        if seed == nil { fail(fields["seed"]?.1 ?? 1, "seed is a list of section numbers, like 5, 7") }
        let traps = numbers(fields["traps"]?.0 ?? "")
        if traps == nil { fail(fields["traps"]?.1 ?? 1, "traps is a list of trap numbers, like 3, 26") }
        let topics = (fields["topics"]?.0 ?? "").split(separator: ",").map { $0.trimmingSpaces }.filter { !$0.isEmpty }

        // Split the body into the introduction, the steps and the quiz.
        var introduction: [String] = []
        var setup: [ScriptLine] = []
        var steps: [Step] = []
        var quizLines: [Line] = []
        var current: (title: String, line: Int, body: [Line])?
        var inQuiz = false
        var section: [Line] = []
        func closeStep() {
            guard let c = current else { return }
            let (step, stepErrors) = parseStep(c.title, c.line, c.body, file: file)
            steps.append(step)
            errors += stepErrors
            current = nil
        }
        var fence = false
        while index < all.count {
            let l = all[index]
            index += 1
            if l.text.hasPrefix("```") { fence.toggle() }
            if !fence && l.text.hasPrefix("## Step:") {
                if current == nil && !inQuiz {
                    let (prose, blocks) = splitBlocks(section, file: file, errors: &errors)
                    introduction = prose
                    for b in blocks {
                        if b.kind == "setup" { setup += b.lines } else {
                            fail(b.start, "before the first step only `sglab setup` blocks may stand")
                        }
                    }
                }
                closeStep()
                current = (String(l.text.dropFirst("## Step:".count)).trimmingSpaces, l.number, [])
                continue
            }
            if !fence && l.text.trimmingSpaces == "## Quiz" {
                if current == nil {
                    let (prose, blocks) = splitBlocks(section, file: file, errors: &errors)
                    introduction = prose
                    setup += blocks.filter { $0.kind == "setup" }.flatMap(\.lines)
                }
                closeStep()
                inQuiz = true
                continue
            }
            if inQuiz { quizLines.append(l) } else if current != nil { current!.body.append(l) } else { section.append(l) }
        }
        if current == nil && !inQuiz {
            let (prose, blocks) = splitBlocks(section, file: file, errors: &errors)
            introduction = prose
            setup += blocks.filter { $0.kind == "setup" }.flatMap(\.lines)
        }
        closeStep()
        if steps.isEmpty { fail(1, "a lesson needs at least one `## Step:`") }
        var quiz: [Question] = []
        if inQuiz {
            do {
                quiz = try questions(quizLines, file: file, headingPrefix: "### ", idPrefix: id.isEmpty ? "lesson" : id)
            } catch {
                errors += error.errors
            }
        }
        if !errors.isEmpty { throw ContentErrors(errors: errors) }
        return Lesson(
            id: id, title: title, seed: seed ?? [], topics: topics, traps: traps ?? [],
            introduction: introduction.joined(separator: "\n").trimmingNewlines, setup: setup, steps: steps, quiz: quiz,
            location: SourceLocation(file: file, line: 1))
    }

    static func parseStep(_ title: String, _ line: Int, _ body: [Line], file: String) -> (Step, [ContentError]) {
        var errors: [ContentError] = []
        let (prose, blocks) = splitBlocks(body, file: file, errors: &errors)
        var hints: [String] = []
        var text: [String] = []
        for p in prose {
            if p.hasPrefix("> Hint:") {
                hints.append(String(p.dropFirst("> Hint:".count)).trimmingSpaces)
            } else {
                text.append(p)
            }
        }
        var step = Step(
            title: title, text: text.joined(separator: "\n").trimmingNewlines, goal: [], hidden: [], hints: hints,
            solution: [], run: [], location: SourceLocation(file: file, line: line))
        for b in blocks {
            switch b.kind {
            case "goal": step.goal += b.lines
            case "hidden": step.hidden += b.lines
            case "solution": step.solution += b.lines
            case "run", "": step.run += b.lines
            default:
                errors.append(ContentError(location: SourceLocation(file: file, line: b.start),
                                           message: "unknown block `sglab \(b.kind)` in a step: use goal, hidden, solution or run"))
            }
        }
        let here = SourceLocation(file: file, line: line)
        if title.isEmpty { errors.append(ContentError(location: here, message: "a step needs a title after `## Step:`")) }
        if step.goal.isEmpty { errors.append(ContentError(location: here, message: "step \"\(title)\" has no `sglab goal` block")) }
        if step.solution.isEmpty {
            errors.append(ContentError(location: here, message: "step \"\(title)\" has no `sglab solution` block"))
        }
        if step.hints.isEmpty { errors.append(ContentError(location: here, message: "step \"\(title)\" has no `> Hint:` lines")) }
        return (step, errors)
    }

    /// Prose lines and fenced `sglab` blocks of a section. Command lines keep their line
    /// numbers; comments and blank lines inside blocks are dropped.
    static func splitBlocks(_ lines: [Line], file: String, errors: inout [ContentError]) -> ([String], [Block]) {
        var prose: [String] = []
        var blocks: [Block] = []
        var i = 0
        while i < lines.count {
            let l = lines[i]
            if l.text.hasPrefix("```") {
                let info = l.text.dropFirst(3).trimmingSpaces
                var body: [ScriptLine] = []
                var j = i + 1
                while j < lines.count, !lines[j].text.hasPrefix("```") {
                    let t = lines[j].text.trimmingSpaces
                    if !t.isEmpty && !t.hasPrefix("#") { body.append(ScriptLine(text: lines[j].text, line: lines[j].number)) }
                    j += 1
                }
                if j >= lines.count {
                    errors.append(ContentError(location: SourceLocation(file: file, line: l.number), message: "this ``` block is never closed"))
                }
                if info == "sglab" || info.hasPrefix("sglab ") {
                    blocks.append(Block(kind: info.dropFirst(5).trimmingSpaces, lines: body, start: l.number))
                } else {
                    prose += lines[i...min(j, lines.count - 1)].map(\.text)
                }
                i = j + 1
                continue
            }
            prose.append(l.text)
            i += 1
        }
        return (prose, blocks)
    }

    // MARK: Question banks

    public static func bank(_ text: String, file: String) throws(ContentErrors) -> [Question] {
        try questions(lines(text), file: file, headingPrefix: "## ", idPrefix: nil)
    }

    static func questions(_ all: [Line], file: String, headingPrefix: String, idPrefix: String?) throws(ContentErrors)
        -> [Question]
    {
        var errors: [ContentError] = []
        var chunks: [(Line, [Line])] = []
        var fence = false
        for l in all {
            if l.text.hasPrefix("```") { fence.toggle() }
            if !fence && l.text.hasPrefix(headingPrefix) {
                chunks.append((l, []))
            } else if !chunks.isEmpty {
                chunks[chunks.count - 1].1.append(l)
            } else if !l.text.trimmingSpaces.isEmpty && !l.text.hasPrefix("#") && !l.text.hasPrefix(">") {
                // Text before the first question is a bank's introduction: allowed.
            }
        }
        var out: [Question] = []
        for (index, (heading, body)) in chunks.enumerated() {
            let (question, questionErrors) = parseQuestion(
                heading, body, file: file, prefix: headingPrefix,
                defaultID: idPrefix.map { "\($0)-quiz-\(index + 1)" })
            errors += questionErrors
            if let question { out.append(question) }
        }
        if !errors.isEmpty { throw ContentErrors(errors: errors) }
        return out
    }

    static func parseQuestion(_ heading: Line, _ body: [Line], file: String, prefix: String, defaultID: String?)
        -> (Question?, [ContentError])
    {
        var errors: [ContentError] = []
        let here = SourceLocation(file: file, line: heading.number)
        func fail(_ line: Int, _ message: String) {
            errors.append(ContentError(location: SourceLocation(file: file, line: line), message: message))
        }
        var fields: [String: (String, Int)] = [:]
        var i = 0
        while i < body.count, !body[i].text.trimmingSpaces.isEmpty {
            let t = body[i].text
            if let colon = t.firstIndex(of: ":"), !t.hasPrefix("-"), !t.hasPrefix("```") {
                let key = String(t[..<colon]).trimmingSpaces
                if key.allSatisfy({ $0.isLetter }) {
                    fields[key] = (String(t[t.index(after: colon)...]).trimmingSpaces, body[i].number)
                    i += 1
                    continue
                }
            }
            break
        }
        let rest = Array(body[i...])
        let id = fields["id"]?.0 ?? defaultID ?? ""
        if id.isEmpty { fail(heading.number, "the question has no id") } else if !isIdentifier(id) {
            fail(fields["id"]?.1 ?? heading.number, "id \(id) must be lowercase letters, digits and -")
        }
        guard let kindText = fields["kind"]?.0, let kind = QuestionKind(rawValue: kindText) else {
            fail(fields["kind"]?.1 ?? heading.number,
                 "kind must be one of \(QuestionKind.allCases.map(\.rawValue).joined(separator: ", "))")
            return (nil, errors)
        }
        var question = Question(id: id, kind: kind, stem: String(heading.text.dropFirst(prefix.count)).trimmingSpaces, location: here)
        if let (s, line) = fields["seed"] {
            if let n = numbers(s) { question.seed = n } else { fail(line, "seed is a list of section numbers") }
        }
        if let (s, line) = fields["traps"] {
            if let n = numbers(s) { question.traps = n } else { fail(line, "traps is a list of trap numbers") }
        }
        question.topic = fields["topic"]?.0 ?? ""
        if let (s, line) = fields["difficulty"] {
            if let d = Int(s), (1...3).contains(d) { question.difficulty = d } else { fail(line, "difficulty is 1, 2 or 3") }
        }
        if let (s, line) = fields["answer"] {
            if s == "true" || s == "false" { question.answer = s == "true" } else { fail(line, "answer is true or false") }
        }
        var bodyText: [String] = []
        var explanation: [String] = []
        var inExplanation = false
        var errorsInBlocks: [ContentError] = []
        let (prose, blocks) = splitBlocks(rest, file: file, errors: &errorsInBlocks)
        errors += errorsInBlocks
        for p in prose {
            if inExplanation {
                explanation.append(p)
                continue
            }
            if p.hasPrefix("Explanation:") {
                inExplanation = true
                explanation.append(String(p.dropFirst("Explanation:".count)).trimmingSpaces)
            } else if p.hasPrefix("- [x] ") || p.hasPrefix("- [X] ") {
                question.choices.append(Choice(text: String(p.dropFirst(6)).trimmingSpaces, correct: true))
            } else if p.hasPrefix("- [ ] ") {
                question.choices.append(Choice(text: String(p.dropFirst(6)).trimmingSpaces, correct: false))
            } else if let dot = p.firstIndex(of: "."), p[..<dot].allSatisfy(\.isNumber), !p[..<dot].isEmpty, kind == .ordering {
                question.order.append(String(p[p.index(after: dot)...]).trimmingSpaces)
            } else if p.hasPrefix("packet:") {
                let line = rest.first { $0.text == p }?.number ?? heading.number
                question.packet = ScriptLine(text: String(p.dropFirst("packet:".count)).trimmingSpaces, line: line)
            } else {
                bodyText.append(p)
            }
        }
        question.body = bodyText.joined(separator: "\n").trimmingNewlines
        question.explanation = explanation.joined(separator: "\n").trimmingNewlines
        for b in blocks {
            switch b.kind {
            case "": question.script += b.lines
            case "goal": question.goal += b.lines
            case "solution": question.solution += b.lines
            default: fail(b.start, "unknown block `sglab \(b.kind)`: use a bare sglab block, goal or solution")
            }
        }
        errors += validate(question)
        return (question, errors)
    }

    /// Structural checks that need no evaluator.
    static func validate(_ q: Question) -> [ContentError] {
        var problems: [String] = []
        if q.stem.isEmpty { problems.append("the question has no text after the heading") }
        if q.explanation.isEmpty { problems.append("every question needs an `Explanation:`") }
        if q.topic.isEmpty { problems.append("topic is missing") } else if !Taxonomy.topics.contains(q.topic) {
            problems.append("unknown topic \(q.topic) (see quizzes/README.md)")
        }
        if q.seed.isEmpty { problems.append("seed is missing") }
        if let bad = q.seed.first(where: { !Taxonomy.seedSections.contains($0) }) { problems.append("seed section \(bad) does not exist (1–24)") }
        if let bad = q.traps.first(where: { !Taxonomy.traps.contains($0) }) { problems.append("trap \(bad) does not exist (1–38)") }
        let right = q.choices.filter(\.correct).count
        switch q.kind {
        case .single:
            if right != 1 { problems.append("a single-choice question has exactly one `- [x]`") }
            if q.choices.count < 3 { problems.append("a single-choice question needs 3 or more choices") }
        case .multiple:
            if right < 2 { problems.append("a multiple-response question has two or more `- [x]`") }
            if q.choices.count < 4 || right >= q.choices.count { problems.append("a multiple-response question needs 4+ choices, some wrong") }
        case .truefalse:
            if q.answer == nil { problems.append("a true/false question needs `answer: true` or `answer: false`") }
        case .ordering:
            if q.order.count < 3 { problems.append("an ordering question needs 3 or more numbered items") }
        case .scenario:
            if q.script.isEmpty { problems.append("a scenario needs a ```sglab block with its world") }
            if q.packet == nil { problems.append("a scenario needs a `packet: …` line") }
        case .fixit:
            if q.script.isEmpty { problems.append("a fix-it needs a ```sglab block with the broken world") }
            if q.goal.isEmpty { problems.append("a fix-it needs a ```sglab goal block") }
            if q.solution.isEmpty { problems.append("a fix-it needs a ```sglab solution block") }
        }
        return problems.map { ContentError(location: q.location, message: "[\(q.id)] \($0)") }
    }

    static func isIdentifier(_ s: String) -> Bool {
        !s.isEmpty && s.allSatisfy { ($0.isLetter && $0.isLowercase && $0.isASCII) || $0.isNumber || $0 == "-" }
    }
}

/// Several content errors at once, so an author sees every problem in one run.
public struct ContentErrors: Error, Sendable, CustomStringConvertible {
    public let errors: [ContentError]
    public var description: String { errors.map(\.description).joined(separator: "\n") }
}

extension StringProtocol {
    var trimmingSpaces: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return String(s)
    }

    var trimmingNewlines: String {
        var s = Substring(self)
        while let f = s.first, f.isNewline || f == " " { s.removeFirst() }
        while let l = s.last, l.isNewline || l == " " { s.removeLast() }
        return String(s)
    }
}
