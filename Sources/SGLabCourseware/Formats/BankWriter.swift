/// Writes questions in sglab's own bank format (quizzes/README.md), e.g. after importing a
/// Moodle bank, so imported questions join the pool and `sglab check` can read them.
public enum BankWriter {
    public static func write(_ questions: [Question], title: String) -> String {
        var out = ["<!-- \(title) -->", ""]
        for q in questions {
            out.append("## " + q.stem)
            out.append("id: \(q.id)")
            out.append("kind: \(q.kind.rawValue)")
            out.append("seed: \(q.seed.map(String.init).joined(separator: ", "))")
            out.append("topic: \(q.topic)")
            out.append("traps: \(q.traps.map(String.init).joined(separator: ", "))")
            out.append("difficulty: \(q.difficulty)")
            if let answer = q.answer { out.append("answer: \(answer)") }
            out.append("")
            if !q.body.isEmpty { out += [q.body, ""] }
            for c in q.choices { out.append("- [\(c.correct ? "x" : " ")] \(c.text)") }
            for (i, item) in q.order.enumerated() { out.append("\(i + 1). \(item)") }
            if !q.choices.isEmpty || !q.order.isEmpty { out.append("") }
            out.append("Explanation: " + (q.explanation.isEmpty ? "(imported without feedback)" : q.explanation))
            out.append("")
        }
        return out.joined(separator: "\n")
    }
}
