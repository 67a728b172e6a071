/// Reads a learner's answer to a presented question and judges it. Multiple-response questions
/// get no partial credit, as on the exam.
public enum Grader {
    public enum Result: Hashable, Sendable {
        case correct
        case wrong(expected: String)
        /// The answer could not be read; the learner should try again.
        case unreadable(String)

        public var isCorrect: Bool { self == .correct }
    }

    static let letters = Array("ABCDEFGHIJ")

    /// The letters a learner types for each choice.
    public static func letter(_ index: Int) -> String { String(letters[index]) }

    /// `B`, `A C`, `true`, `3 1 2 4` — for single, multiple, true/false and ordering (the numbers
    /// are the items as displayed, in `displayed` order).
    public static func grade(_ q: PresentedQuestion, answer raw: String, displayed: [Int] = []) -> Result {
        // "B.", "B)" and "1. 2." are written as choices are shown: the marks are not part of the answer.
        let words = raw.uppercased().split(whereSeparator: { " ,;.)\t".contains($0) }).map(String.init)
        switch q.kind {
        case .single, .multiple:
            let right = Set(q.choices.indices.filter { q.choices[$0].correct })
            let expected = right.sorted().map(letter).joined(separator: " ")
            var picked = Set<Int>()
            for w in words {
                // Accept "AC" as well as "A C".
                for ch in w {
                    guard let i = letters.firstIndex(of: ch), i < q.choices.count else {
                        return .unreadable("answer with the letters of the choices, A to \(letter(q.choices.count - 1))")
                    }
                    picked.insert(i)
                }
            }
            if picked.isEmpty { return .unreadable("answer with a letter") }
            if q.kind == .single && picked.count > 1 { return .unreadable("choose one letter") }
            if q.kind == .multiple && picked.count != right.count {
                return .unreadable("choose \(right.count) letters")
            }
            return picked == right ? .correct : .wrong(expected: expected)
        case .truefalse:
            guard let w = words.first, words.count == 1 else { return .unreadable("answer true or false") }
            let given: Bool
            switch w {
            case "T", "TRUE", "Y", "YES": given = true
            case "F", "FALSE", "N", "NO": given = false
            default: return .unreadable("answer true or false")
            }
            let expected = q.answer ?? true
            return given == expected ? .correct : .wrong(expected: expected ? "true" : "false")
        case .ordering:
            let numbers = words.compactMap { Int($0) }
            let count = q.order.count
            guard numbers.count == count, Set(numbers) == Set(1...count) else {
                return .unreadable("give all \(count) item numbers in order, e.g. \((1...count).map(String.init).joined(separator: " "))")
            }
            // displayed[i] is the index in the right order of the item shown as number i + 1.
            let shown = displayed.isEmpty ? Array(0..<count) : displayed
            let given = numbers.map { shown[$0 - 1] }
            let expected = (0..<count).map { i in String(shown.firstIndex(of: i)! + 1) }.joined(separator: " ")
            return given == Array(0..<count) ? .correct : .wrong(expected: expected)
        case .scenario, .fixit:
            return .unreadable("this question is answered in the lab")
        }
    }
}
