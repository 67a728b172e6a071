/// One thing a learner did, as one line of the progress log. Every piece of progress state
/// (review schedule, mastery, lessons done) is derived from the list of these events, so
/// the log is the only fact on disk.
///
/// `time` is unix seconds supplied by the caller: nothing in the courseware reads a clock.
public struct ProgressEvent: Codable, Hashable, Sendable {
    public enum Kind: String, Codable, CaseIterable, Hashable, Sendable {
        /// A question was answered (quiz, bank, review, fix-it lab). `item` is the question id.
        case answer
        /// A lesson step was attempted. `item` is `lessonID/step-N` (N counts from 1).
        case step
        /// A hint was shown for `item` (question id or step item).
        case hint
        /// A solution was shown for `item` (question id or step item).
        case solution
        /// A lesson was finished. `item` is the lesson id.
        case lessonDone
        /// An exam was finished. `item` names the exam; `correct` says whether it passed and
        /// `detail` may hold the score. Exam answers themselves are logged as `answer` events.
        case exam
    }

    public var time: Int
    public var kind: Kind
    public var item: String
    public var topic: String?
    public var correct: Bool?
    /// SM-2 grade 0…5, chosen by the caller; see `quality(correct:attempts:hints:solutionShown:)`.
    public var quality: Int?
    public var detail: String?

    public init(
        time: Int, kind: Kind, item: String, topic: String? = nil, correct: Bool? = nil, quality: Int? = nil,
        detail: String? = nil
    ) {
        self.time = time
        self.kind = kind
        self.item = item
        self.topic = topic
        self.correct = correct
        self.quality = quality
        self.detail = detail
    }

    /// The item name of a lesson step: `lessonID/step-N`, N counting from 1.
    public static func stepItem(lesson: String, step: Int) -> String { "\(lesson)/step-\(step)" }

    /// The lesson and step number of a `lessonID/step-N` item; nil for a question id.
    public static func parseStepItem(_ item: String) -> (lesson: String, step: Int)? {
        guard let slash = item.lastIndex(of: "/") else { return nil }
        let lesson = String(item[..<slash])
        let tail = item[item.index(after: slash)...]
        guard !lesson.isEmpty, tail.hasPrefix("step-"), let number = Int(tail.dropFirst(5)), number >= 1 else {
            return nil
        }
        return (lesson, number)
    }

    /// The SM-2 grade callers record, on the published scale (5 perfect … 3 correct with
    /// serious difficulty, 2/1/0 incorrect):
    /// - 5 — right at the first try, no hint;
    /// - 4 — right after a wrong try, no hint;
    /// - 3 — right after one or more hints;
    /// - 2 — the solution had to be shown;
    /// - 1 — wrong.
    public static func quality(correct: Bool, attempts: Int = 1, hints: Int = 0, solutionShown: Bool = false) -> Int {
        if solutionShown { return 2 }
        guard correct else { return 1 }
        if hints > 0 { return 3 }
        return attempts <= 1 ? 5 : 4
    }

    /// The grade this event gives its item, or nil if it does not grade one. Only `answer`
    /// and `step` events grade. A recorded quality is clamped to 0…5; without one, `correct`
    /// stands for 4 (right) or 1 (wrong).
    public var grade: Int? {
        guard kind == .answer || kind == .step else { return nil }
        if let quality { return min(max(quality, 0), 5) }
        if let correct { return correct ? 4 : 1 }
        return nil
    }

    /// Whether a grading event counts as a right answer: `correct` when recorded, else grade ≥ 3.
    public var isCorrect: Bool? {
        guard let grade else { return nil }
        return correct ?? (grade >= 3)
    }
}
