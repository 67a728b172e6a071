import SGLabCore
import SGLabLanguage

/// Turns questions into what a learner answers. Scenario answers come from the evaluator,
/// never from the file: the world is built, the packet fired, the verdict read.
public enum Presenter {
    /// The verdict of a scenario as a choice text: `allowed` or `blocked at network-acl-outbound`.
    public static func verdict(of question: Question) throws -> (answer: String, trace: Trace) {
        var session = Session()
        for line in question.script {
            do { _ = try session.execute(line.text) } catch {
                throw ContentError(location: SourceLocation(file: question.location.file, line: line.line), message: "\(error)")
            }
        }
        guard let packet = question.packet else {
            throw ContentError(location: question.location, message: "[\(question.id)] no packet line")
        }
        do {
            guard case .trace(let trace)? = try session.execute("packet " + packet.text) else {
                throw ContentError(location: SourceLocation(file: question.location.file, line: packet.line), message: "packet: gave no trace")
            }
            return (answer(trace), trace)
        } catch let error as ContentError {
            throw error
        } catch {
            throw ContentError(location: SourceLocation(file: question.location.file, line: packet.line), message: "\(error)")
        }
    }

    static func answer(_ trace: Trace) -> String {
        guard let hop = trace.blockedAt else { return "allowed" }
        return "blocked at \(hop.componentName)"
    }

    /// Distractors for a scenario: the checks a learner is likely to blame instead.
    static let verdictPool = [
        "allowed", "blocked at security-group-inbound", "blocked at security-group-outbound",
        "blocked at network-acl-inbound", "blocked at network-acl-outbound", "blocked at route-table-outbound",
        "blocked at internet-gateway-inbound", "blocked at internet-gateway-outbound", "blocked at nat-gateway-inbound",
    ]

    /// The right verdict and three a learner is likely to pick instead, "allowed" always among them.
    static func verdictChoices(right: String, shuffle: Bool, using rng: inout SeededGenerator) -> [Choice] {
        var others = rng.shuffled(verdictPool.filter { $0 != right })
        // Keep "allowed" among the choices: it is the answer people most often assume.
        if right != "allowed", let i = others.firstIndex(of: "allowed") { others.swapAt(0, i) }
        let choices = [Choice(text: right, correct: true)] + others.prefix(3).map { Choice(text: $0, correct: false) }
        return shuffle ? rng.shuffled(choices) : choices
    }

    /// "What happens to this packet?" before a lesson fires it: the evaluator's verdict among
    /// likely wrong ones, ordered by the id (a lesson step and line), so a replay asks the same.
    public static func prediction(id: String, stem: String, trace: Trace) -> PresentedQuestion {
        var rng = generator(for: id, seed: 0)
        return PresentedQuestion(
            id: id, kind: .single, text: stem, choices: verdictChoices(right: answer(trace), shuffle: true, using: &rng),
            explanation: "", topic: "traffic-flow", seed: [], traps: [], difficulty: 2)
    }

    /// The generator that orders one question's options: it depends on the question's id and the
    /// quiz's seed only, so a question shows its options in the same order wherever it appears
    /// (quiz, exam, recap, GIFT or Aiken export) and the letters in `--json` and `--answers` flows
    /// match what is shown. Authors write the right answer where they like; this moves it.
    public static func generator(for id: String, seed: UInt64) -> SeededGenerator {
        // FNV-1a over the id's bytes: stable across runs and platforms, unlike `Hasher`.
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in id.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        return SeededGenerator(seed: hash ^ seed)
    }

    /// A question ready to ask, its options ordered by `generator(for:seed:)`.
    public static func present(_ q: Question, seed: UInt64, shuffle: Bool = true) throws -> PresentedQuestion {
        var rng = generator(for: q.id, seed: seed)
        return try present(q, using: &rng, shuffle: shuffle)
    }

    /// The order an ordering question's items are shown in (indices into the right order), drawn
    /// from the same per-question generator after the options.
    public static func displayOrder(_ p: PresentedQuestion, seed: UInt64) -> [Int] {
        guard p.kind == .ordering else { return [] }
        var rng = generator(for: p.id + "#order", seed: seed)
        var order = rng.shuffled(Array(p.order.indices))
        // Never show the items already in the right order: that would give the answer away.
        if order.count > 1 && order == Array(p.order.indices) { order.swapAt(0, 1) }
        return order
    }

    /// A question ready to ask. `shuffle` orders choices (seeded by the caller's generator).
    public static func present(_ q: Question, using rng: inout SeededGenerator, shuffle: Bool = true) throws
        -> PresentedQuestion
    {
        let text = ([q.stem] + (q.body.isEmpty ? [] : [q.body])).joined(separator: "\n\n")
        switch q.kind {
        case .single, .multiple:
            return PresentedQuestion(
                id: q.id, kind: q.kind, text: text, choices: shuffle ? rng.shuffled(q.choices) : q.choices,
                explanation: q.explanation, topic: q.topic, seed: q.seed, traps: q.traps, difficulty: q.difficulty)
        case .truefalse:
            return PresentedQuestion(
                id: q.id, kind: .truefalse, text: text, answer: q.answer, explanation: q.explanation, topic: q.topic,
                seed: q.seed, traps: q.traps, difficulty: q.difficulty)
        case .ordering:
            return PresentedQuestion(
                id: q.id, kind: .ordering, text: text, order: q.order, explanation: q.explanation, topic: q.topic,
                seed: q.seed, traps: q.traps, difficulty: q.difficulty)
        case .scenario:
            let (right, _) = try verdict(of: q)
            let choices = verdictChoices(right: right, shuffle: shuffle, using: &rng)
            let world = q.script.map { "    " + $0.text }.joined(separator: "\n")
            let full = text + "\n\n" + world + "\n\n    packet " + (q.packet?.text ?? "")
                + "\n\nWhat happens to this packet (request and reply)? If it is blocked, which check stops it first?"
            return PresentedQuestion(
                id: q.id, kind: .single, text: full, choices: choices, explanation: q.explanation, topic: q.topic,
                seed: q.seed, traps: q.traps, difficulty: q.difficulty)
        case .fixit:
            throw ContentError(location: q.location, message: "[\(q.id)] a fix-it is solved in the lab, not answered by choice")
        }
    }
}
