import Foundation
import SGLabCourseware

/// Seeds for tests that type answers at a quiz or an exam drawn from the shipped banks: the first
/// seed whose questions take exactly the answers the test types. A fixed seed draws other
/// questions as soon as a bank gains some (a fix-it where a letter is typed); searching keeps
/// those tests about what they test.
enum BankSeeds {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// What one typed answer needs: a single-choice question with at least that many options, or
    /// a true/false statement.
    enum Answer: Sendable {
        case letter(options: Int)
        case trueFalse
        /// Any question that asks for a typed answer (not a fix-it, which takes lab commands).
        case notFixit
    }

    /// The first seed (from 1) whose `sglab quiz` (or `sglab exam`, which leaves fix-its out)
    /// questions fit `answers`, drawn as those commands draw them; nil if none of 2000 does.
    static func seed(exam: Bool = false, topic: String? = nil, answers: [Answer]) -> UInt64? {
        guard let all = try? ContentLibrary(root: repository.path).questions() else { return nil }
        let pool = exam ? all.filter { $0.kind != .fixit } : all
        for seed in UInt64(1)...2000 {
            var rng = SeededGenerator(seed: seed)
            let picked = Selection.pick(pool, topic: topic, count: answers.count, using: &rng)
            guard picked.count == answers.count else { continue }
            let fits = zip(picked, answers).allSatisfy { question, answer in
                guard let shown = try? Presenter.present(question, seed: 0) else { return false }
                switch answer {
                case .trueFalse: return shown.kind == .truefalse
                case .letter(let options): return shown.kind == .single && shown.choices.count >= options
                case .notFixit: return question.kind != .fixit
                }
            }
            if fits { return seed }
        }
        return nil
    }
}
