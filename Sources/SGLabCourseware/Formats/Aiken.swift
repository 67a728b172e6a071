/// The Aiken format: single-answer multiple choice and nothing else, following Moodle's
/// `question/format/aiken/format.php` (guide/learning-tools.md §3.2):
///
/// ```
/// Which component is stateless?
/// A) Security group
/// B) Network ACL
/// ANSWER: B
/// ```
///
/// The question text is one line; each option is a line starting with a capital letter and `)`
/// or `.` (then an optional space or tab); `ANSWER: X` ends the question. There are no ids,
/// categories, feedback or formats.
public enum Aiken {
    /// An Aiken file of the single-answer questions (a presented scenario is one), and the ids of
    /// those it cannot hold: every other kind, and single questions Moodle could not read back —
    /// fewer than 2 or more than 26 options (Moodle's exporter's limit), not exactly one right
    /// answer, or a text that would be misread (shorter than 2 characters, or starting like an
    /// option `A) `/`B. ` or with `ANSWER:`).
    ///
    /// Texts are made one line as Moodle's exporter does, but lines are joined with a space
    /// (Moodle glues them together) and consecutive indented lines — a scenario's world — with
    /// `; `. Options are written `A) text`, as Moodle writes them; the explanation is lost.
    public static func export(_ questions: [PresentedQuestion]) -> (text: String, skipped: [String]) {
        var text = ""
        var skipped: [String] = []
        for q in questions {
            let stem = Interchange.oneLine(q.text)
            let right = q.choices.indices.filter { q.choices[$0].correct }
            guard q.kind == .single, (2...26).contains(q.choices.count), right.count == 1, stem.utf8.count >= 2,
                !looksLikeOption(stem), !stem.hasPrefix("ANSWER:")
            else {
                skipped.append(q.id)
                continue
            }
            text += stem + "\n"
            for (i, choice) in q.choices.enumerated() {
                text += "\(letter(i))) " + Interchange.oneLine(choice.text) + "\n"
            }
            text += "ANSWER: \(letter(right[0]))\n\n"
        }
        return (text, skipped)
    }

    static func letter(_ index: Int) -> Character {
        Character(Unicode.Scalar(UInt8(ascii: "A") + UInt8(index)))
    }

    /// Moodle's option test, `^[A-Z][).][ \t]?`.
    static func looksLikeOption(_ line: String) -> Bool {
        let s = Array(line.unicodeScalars.prefix(2))
        return s.count == 2 && ("A"..."Z").contains(s[0]) && (s[1] == ")" || s[1] == ".")
    }

    /// The questions of an Aiken file, read by Moodle's rules: lines are trimmed and those
    /// shorter than 2 characters skipped (so blank lines separate nothing and may stand
    /// anywhere); an option line adds an option, whatever its letter (options count in order);
    /// `ANSWER:` (upper case) ends the question, its first letter naming the right option
    /// (A = first); any other line starts a new question. Line ends may be `\n`, `\r\n` or `\r`.
    ///
    /// Every question becomes a single-choice `Question` with id `aiken-N` (the N-th question of
    /// the file) and `ImportDefaults`' topic, seed and difficulty, and no explanation (Aiken has
    /// none). Errors, collected with FILE:LINE: an option or `ANSWER:` outside a question; a
    /// question left without `ANSWER:` when the next one starts (Aiken text is one line) or
    /// at the end of the file (Moodle drops that one silently); fewer than two options; an
    /// answer letter naming no option.
    public static func parse(_ text: String, file: String) throws(ContentErrors) -> [Question] {
        var errors: [ContentError] = []
        var questions: [Question] = []
        var open: Question?
        func fail(_ line: Int, _ message: String) {
            errors.append(ContentError(location: SourceLocation(file: file, line: line), message: message))
        }
        for (raw, number) in Interchange.lines(text) {
            let line = Interchange.trim(raw)
            if line.utf8.count < 2 { continue }
            if looksLikeOption(line) {
                guard open != nil else {
                    fail(number, "an option line before any question text")
                    continue
                }
                open!.choices.append(Choice(text: Interchange.trim(Substring(line.unicodeScalars.dropFirst(2))), correct: false))
            } else if line.hasPrefix("ANSWER:") {
                guard var q = open else {
                    fail(number, "ANSWER: without a question before it")
                    continue
                }
                open = nil
                guard q.choices.count >= 2 else {
                    fail(number, "a question needs at least two options before its ANSWER: line")
                    continue
                }
                let answer = Interchange.trim(line.dropFirst("ANSWER:".count)).unicodeScalars.first
                guard let answer, ("A"..."Z").contains(answer),
                    case let index = Int(answer.value - Unicode.Scalar("A").value), index < q.choices.count
                else {
                    let last = letter(q.choices.count - 1)
                    fail(number, "ANSWER: must name one of the options, A to \(last)")
                    continue
                }
                q.choices[index] = Choice(text: q.choices[index].text, correct: true)
                q.id = "aiken-\(questions.count + 1)"
                questions.append(q)
            } else {
                if let unfinished = open {
                    fail(unfinished.location.line,
                         "this question has no ANSWER: line before the next question starts at line \(number) (Aiken question text is one line)")
                }
                let (stem, body) = Interchange.stemAndBody(line)
                open = Question(
                    id: "", kind: .single, stem: stem, body: body, seed: ImportDefaults.seed, topic: ImportDefaults.topic,
                    difficulty: ImportDefaults.difficulty, location: SourceLocation(file: file, line: number))
            }
        }
        if let unfinished = open {
            fail(unfinished.location.line, "this question has no ANSWER: line")
        }
        if !errors.isEmpty { throw ContentErrors(errors: errors) }
        return questions
    }
}
