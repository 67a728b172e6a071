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

    /// A question ready to ask. `shuffle` orders choices (seeded by the caller's generator).
    public static func present(_ q: Question, using rng: inout some RandomNumberGenerator, shuffle: Bool = true) throws
        -> PresentedQuestion
    {
        let text = ([q.stem] + (q.body.isEmpty ? [] : [q.body])).joined(separator: "\n\n")
        switch q.kind {
        case .single, .multiple:
            return PresentedQuestion(
                id: q.id, kind: q.kind, text: text, choices: shuffle ? q.choices.shuffled(using: &rng) : q.choices,
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
            var others = verdictPool.filter { $0 != right }.shuffled(using: &rng)
            // Keep "allowed" among the choices: it is the answer people most often assume.
            if right != "allowed", let i = others.firstIndex(of: "allowed") { others.swapAt(0, i) }
            var choices = [Choice(text: right, correct: true)] + others.prefix(3).map { Choice(text: $0, correct: false) }
            if shuffle { choices.shuffle(using: &rng) }
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
