import SGLabCore

/// The one seedable generator courseware uses (the generator's SplitMix64), so `--seed N`
/// replays a quiz.
public typealias SeededGenerator = SplitMix64

/// Picks questions for a quiz or an exam.
public enum Selection {
    /// `count` questions on `topic` (a topic tag, a seed section number like `12`, or a trap like
    /// `trap-26`), spread over topics when none is given.
    public static func pick(
        _ all: [Question], topic: String?, count: Int, kinds: Set<QuestionKind> = Set(QuestionKind.allCases),
        using rng: inout SeededGenerator
    ) -> [Question] {
        var pool = all.filter { kinds.contains($0.kind) }
        if let topic, !topic.isEmpty {
            if let section = Int(topic) {
                pool = pool.filter { $0.seed.contains(section) }
            } else if topic.hasPrefix("trap-"), let n = Int(topic.dropFirst(5)) {
                pool = pool.filter { $0.traps.contains(n) }
            } else {
                pool = pool.filter { $0.topic == topic }
            }
        }
        pool.shuffle(using: &rng)
        // Round-robin over topics so a short quiz is not all one topic.
        var byTopic: [String: [Question]] = [:]
        var order: [String] = []
        for q in pool {
            if byTopic[q.topic] == nil { order.append(q.topic) }
            byTopic[q.topic, default: []].append(q)
        }
        var out: [Question] = []
        while out.count < count && !byTopic.isEmpty {
            for t in order {
                guard out.count < count, var list = byTopic[t], !list.isEmpty else { continue }
                out.append(list.removeFirst())
                byTopic[t] = list.isEmpty ? nil : list
            }
            order = order.filter { byTopic[$0] != nil }
        }
        return out
    }

    /// Topics a filter may name: tags, seed sections, traps.
    public static func describeFilter(_ topic: String) -> String {
        if let section = Int(topic) { return "seed section \(section) (\(Taxonomy.seedTitles[section] ?? "?"))" }
        if topic.hasPrefix("trap-") { return "exam \(topic)" }
        // Learners read the topic's title, not its slug.
        return Taxonomy.topicTitles[topic].map { "\($0.prefix(1).lowercased())\($0.dropFirst())" } ?? "topic \(topic)"
    }
}

/// An exam's result: score, per-topic breakdown, pass or fail.
public struct ExamResult: Sendable {
    public let total: Int
    public let correct: Int
    public let byTopic: [(topic: String, correct: Int, total: Int)]
    /// The AWS associate exams pass at a scaled score of 720 (of 100–1000), which is not 72 % of
    /// the questions (AWS Certification, "Exam scoring"); sglab uses 72 % raw as a stand-in.
    public static let passMark = 0.72

    public var score: Double { total == 0 ? 0 : Double(correct) / Double(total) }
    public var passed: Bool { score >= ExamResult.passMark }

    public init(answers: [(question: PresentedQuestion, correct: Bool)]) {
        total = answers.count
        correct = answers.filter(\.correct).count
        var topics: [String: (Int, Int)] = [:]
        for a in answers {
            var t = topics[a.question.topic] ?? (0, 0)
            t.1 += 1
            if a.correct { t.0 += 1 }
            topics[a.question.topic] = t
        }
        byTopic = topics.map { (topic: $0.key, correct: $0.value.0, total: $0.value.1) }.sorted { $0.topic < $1.topic }
    }
}
