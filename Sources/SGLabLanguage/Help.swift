import SGLabCore

/// `help` and `help COMMAND`, read from the grammar table.
enum Help {
    static func text(_ topic: String?, token: Token?) throws(LanguageError) -> String {
        guard let topic = topic?.lowercased() else {
            var lines = ["Commands (help COMMAND for its forms):"]
            var topics: [String] = []
            for form in Grammar.forms where !topics.contains(form.topic) { topics.append(form.topic) }
            for t in topics {
                var words: [String] = []
                for form in Grammar.forms where form.topic == t {
                    if case .word(let w) = form.elements.first, !words.contains(w) { words.append(w) }
                }
                lines.append("  \(t + String(repeating: " ", count: max(1, 16 - t.count)))\(words.joined(separator: ", "))")
            }
            return lines.joined(separator: "\n")
        }
        let forms = Grammar.forms.filter { form in
            if case .word(let w) = form.elements.first { return w == topic }
            return false
        }
        guard !forms.isEmpty else {
            throw LanguageError(
                "no command named \(topic)", at: token,
                fix: nearest(topic, among: Grammar.commandWords).map { "did you mean \($0)?" })
        }
        return forms.map { "  \($0.synopsis)\n      \($0.summary)\n      e.g. \($0.example)" }.joined(separator: "\n")
    }
}

