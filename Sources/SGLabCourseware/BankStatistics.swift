/// Figures that show when a set of questions gives its answers away without anyone knowing the
/// subject: the right option is the longest, it always sits at the same letter, statements are
/// nearly always false, or the same question is asked twice. `sglab check` turns them into
/// warnings for each bank and for all banks together.
public struct BankStatistics: Sendable {
    /// Single-choice questions, and those whose right option is strictly longer than every other.
    public var singles = 0
    public var longestCorrect = 0
    /// How many right answers land on each letter (A = 0) as presented (options shuffled with
    /// seed 0, as in the exports): single, multiple and scenario questions.
    public var positions: [Int] = []
    public var trueFalse = 0
    public var trueStatements = 0
    /// Questions whose stems read the same (case, spacing and punctuation aside): the later ones,
    /// with where the first was.
    public var duplicates: [(question: Question, first: SourceLocation)] = []

    /// The thresholds of the warnings (issue 10's acceptance).
    public static let maxLongestCorrectShare = 0.30
    public static let maxPositionShare = 0.35
    public static let trueShare = 0.40...0.60
    /// Below these counts a share says little (one question of two is 50 %), so no warning.
    public static let minSingles = 5
    public static let minPositions = 20
    public static let minTrueFalse = 4

    public init(_ questions: [Question]) {
        var stems: [String: SourceLocation] = [:]
        for q in questions {
            let key = Self.normalized(q.stem)
            if let first = stems[key] { duplicates.append((q, first)) } else { stems[key] = q.location }
            switch q.kind {
            case .single:
                singles += 1
                if Self.rightIsLongest(q) { longestCorrect += 1 }
            case .truefalse:
                trueFalse += 1
                if q.answer == true { trueStatements += 1 }
            default:
                break
            }
            guard [.single, .multiple, .scenario].contains(q.kind), let p = try? Presenter.present(q, seed: 0) else { continue }
            for (i, c) in p.choices.enumerated() where c.correct {
                while positions.count <= i { positions.append(0) }
                positions[i] += 1
            }
        }
    }

    public var longestCorrectShare: Double { singles == 0 ? 0 : Double(longestCorrect) / Double(singles) }
    public var trueShare: Double { trueFalse == 0 ? 0 : Double(trueStatements) / Double(trueFalse) }
    public var answerCount: Int { positions.reduce(0, +) }
    /// The letter holding the most right answers, and its share.
    public var busiestPosition: (letter: String, share: Double)? {
        guard let top = positions.indices.max(by: { positions[$0] < positions[$1] }), answerCount > 0 else { return nil }
        return (Grader.letter(top), Double(positions[top]) / Double(answerCount))
    }

    /// Options are shuffled, so in a bank of twenty-odd questions one letter often gets more than
    /// 35 % by chance alone, and nothing the author could change would help. The position
    /// warning waits until the busiest letter is also unlikely for a fair one-in-four spread
    /// (more than 2.33 standard deviations above it, about 1 %): many two- or three-option
    /// questions, or options that are not shuffled.
    var positionBiasIsBeyondChance: Bool {
        guard let top = positions.max(), answerCount > 0 else { return false }
        let n = Double(answerCount)
        let expected = n * 0.25
        return (Double(top) - expected) / (n * 0.25 * 0.75).squareRoot() > 2.33
    }

    /// The figures in one line, for `sglab check`: what the warnings are measured on.
    public var summary: String {
        func percent(_ x: Double) -> String { "\(Int((x * 100).rounded())) %" }
        var parts = [
            "right option longest in \(longestCorrect) of \(singles) single-choice (\(percent(longestCorrectShare)))",
            "\(trueStatements) of \(trueFalse) true/false statements true (\(percent(trueShare)))",
        ]
        if let (letter, share) = busiestPosition {
            parts.append("busiest letter \(letter) with \(percent(share)) of \(answerCount) right answers")
        }
        parts.append("\(duplicates.count) repeated stem\(duplicates.count == 1 ? "" : "s")")
        return parts.joined(separator: ", ")
    }

    /// True when the right option has more characters than every wrong one.
    static func rightIsLongest(_ q: Question) -> Bool {
        guard let right = q.choices.first(where: \.correct) else { return false }
        return q.choices.filter { !$0.correct }.allSatisfy { $0.text.count < right.text.count }
    }

    /// Lowercase letters and digits, words separated by one space.
    static func normalized(_ stem: String) -> String {
        stem.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).joined(separator: " ")
    }

    /// The warnings the shares call for, at `location` (a bank file, or all banks).
    public func warnings(at location: SourceLocation, scope: String) -> [ContentError] {
        var out: [ContentError] = []
        func percent(_ x: Double) -> String { "\(Int((x * 100).rounded())) %" }
        if singles >= Self.minSingles && longestCorrectShare > Self.maxLongestCorrectShare {
            out.append(ContentError(location: location, message:
                "\(scope): the right option is the longest in \(longestCorrect) of \(singles) single-choice questions (\(percent(longestCorrectShare)); at most \(percent(Self.maxLongestCorrectShare))): \"pick the longest\" scores too well — even out the option lengths"))
        }
        if answerCount >= Self.minPositions, let (letter, share) = busiestPosition, share > Self.maxPositionShare,
            positionBiasIsBeyondChance
        {
            out.append(ContentError(location: location, message:
                "\(scope): \(percent(share)) of the right answers are \(letter) as presented (at most \(percent(Self.maxPositionShare)) per letter): answers \(positions.enumerated().map { "\(Grader.letter($0.offset)) \($0.element)" }.joined(separator: ", "))"))
        }
        if trueFalse >= Self.minTrueFalse && !Self.trueShare.contains(trueShare) {
            out.append(ContentError(location: location, message:
                "\(scope): \(trueStatements) of \(trueFalse) true/false statements are true (\(percent(trueShare)); keep it between \(percent(Self.trueShare.lowerBound)) and \(percent(Self.trueShare.upperBound))): \"always \(trueShare < 0.5 ? "false" : "true")\" scores too well"))
        }
        return out
    }

    /// One warning per repeated stem, at the repeat.
    public var duplicateWarnings: [ContentError] {
        duplicates.map { q, first in
            ContentError(location: q.location, message: "[\(q.id)] the same question as at \(first): ask it once, or ask something else")
        }
    }
}
