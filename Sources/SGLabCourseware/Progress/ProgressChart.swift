/// `sglab progress`: mastery per topic as a bar chart, plain text (the caller colours it).
///
/// ```
/// sg-basics            ████████████████████████░░░░░░░░░░░░░░░░  60%  12 attempts
/// traffic-flow         ░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░     –  not tried
/// …
/// 2 lessons done · 31 questions answered · 4 reviews due
/// ```
public enum ProgressChart {
    /// One line per topic of `Taxonomy.topics` in its order (then any other topic the log
    /// mentions, by name), then a summary line. `now` lets the summary count reviews due;
    /// without it the summary counts the items in review.
    public static func render(_ p: Progress, width: Int = 40, now: Int? = nil) -> String {
        let known = Set(Taxonomy.topics)
        let names = Taxonomy.topics + p.topics.keys.filter { !known.contains($0) }.sorted()
        // Learners read topic titles; the slugs are for authors and --json.
        let nameWidth = names.map { Taxonomy.title(of: $0).count }.max() ?? 0
        var lines: [String] = []
        for name in names {
            let padded = Taxonomy.title(of: name).padding(toLength: nameWidth, withPad: " ", startingAt: 0)
            if let stats = p.topics[name], stats.attempts > 0 {
                let percent = String(Int((stats.mastery * 100).rounded()))
                let percentColumn = String(repeating: " ", count: max(0, 3 - percent.count)) + percent + "%"
                let noun = stats.attempts == 1 ? "attempt" : "attempts"
                lines.append("\(padded)  \(bar(stats.mastery, width: width))  \(percentColumn)  \(stats.attempts) \(noun)")
            } else {
                lines.append("\(padded)  \(bar(0, width: width))     –  not tried")
            }
        }
        lines.append(summary(p, now: now))
        return lines.joined(separator: "\n")
    }

    /// `fraction` of `width` cells filled, to the eighth of a cell.
    static func bar(_ fraction: Double, width: Int) -> String {
        let cells = max(1, width)
        let clamped = fraction.isFinite ? min(max(fraction, 0), 1) : 0
        let eighths = Int((clamped * Double(cells * 8)).rounded())
        let full = eighths / 8
        let remainder = eighths % 8
        let partial = remainder > 0 ? String(partials[remainder]) : ""
        let empty = cells - full - (remainder > 0 ? 1 : 0)
        return String(repeating: "█", count: full) + partial + String(repeating: "░", count: empty)
    }

    private static let partials: [Character] = [" ", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]

    static func summary(_ p: Progress, now: Int?) -> String {
        func count(_ n: Int, _ one: String, _ many: String) -> String { "\(n) \(n == 1 ? one : many)" }
        let lessons = count(p.lessonsCompleted.count, "lesson done", "lessons done")
        let questions = count(p.counts.questions, "question answered", "questions answered")
        let reviews =
            if let now { count(p.due(at: now).count, "review due", "reviews due") } else {
                count(p.reviewItems.count, "item in review", "items in review")
            }
        return "\(lessons) · \(questions) · \(reviews)"
    }
}
