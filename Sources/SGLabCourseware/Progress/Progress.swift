/// Everything `review` and `progress` show, derived from the progress log's events (pure:
/// the same events always give the same value; times come from the events and from `now`
/// arguments, never from a clock).
///
/// Events are applied in the order given, which is the order the log keeps them in.
public struct Progress: Hashable, Sendable {
    /// The SuperMemo SM-2 state of one item, following the published algorithm
    /// (learning-tools.md §3.3):
    ///
    /// 1. A new item has E-Factor 2.5.
    /// 2. Intervals: I(1) = 1 day, I(2) = 6 days, I(n) = I(n−1) × EF for n > 2, rounded up.
    /// 3. Every repetition is graded 0…5.
    /// 4. EF' = EF + (0.1 − (5 − q) × (0.08 + (5 − q) × 0.02)), never below 1.3. It is applied
    ///    after every repetition, failures included: the published step only forbids
    ///    *resetting* the E-Factor, and the formula defines the q 0–2 deltas (−0.80/−0.54/−0.32)
    ///    precisely so that lapses lower it.
    /// 5. q < 3 restarts the repetition count: the next interval is I(1), then I(2)…
    ///
    /// The interval after a repetition uses the E-Factor as modified by that repetition (the
    /// published order: grade, modify EF, then fix the next interval). EF is held in
    /// hundredths so that "round up" is exact: every SM-2 delta is a whole number of
    /// hundredths, and 15 × 2.6 must be 39 days, not 40 through a binary-fraction error.
    public struct Schedule: Hashable, Sendable {
        public static let initialEasiness = 250
        public static let minimumEasiness = 130
        public static let secondsPerDay = 86_400

        /// Successful repetitions in a row (reset to 0 by a grade below 3).
        public private(set) var repetitions = 0
        /// Days until the next review.
        public private(set) var interval = 0
        /// The E-Factor in hundredths (250 = 2.5).
        public private(set) var easinessHundredths = Schedule.initialEasiness
        /// Unix time of the latest graded repetition.
        public private(set) var lastReview: Int?
        /// Unix time the next review falls due.
        public private(set) var due: Int?
        public private(set) var lastGrade: Int?
        /// Graded repetitions so far, and how many of them were below 3.
        public private(set) var reviews = 0
        public private(set) var lapses = 0

        public var easiness: Double { Double(easinessHundredths) / 100 }

        public init() {}

        /// The E-Factor change of one grade, in hundredths: +10, 0, −14, −32, −54, −80 for 5…0.
        public static func easinessChange(grade: Int) -> Int {
            let d = 5 - min(max(grade, 0), 5)
            return 10 - d * (8 + 2 * d)
        }

        /// The state after a repetition graded `grade` at `time`.
        public func reviewed(grade: Int, at time: Int) -> Schedule {
            let q = min(max(grade, 0), 5)
            var next = self
            next.easinessHundredths = max(Schedule.minimumEasiness, easinessHundredths + Schedule.easinessChange(grade: q))
            if q >= 3 {
                next.repetitions += 1
                switch next.repetitions {
                case 1: next.interval = 1
                case 2: next.interval = 6
                default: next.interval = (interval * next.easinessHundredths + 99) / 100
                }
            } else {
                next.repetitions = 0
                next.interval = 1
                next.lapses += 1
            }
            next.reviews += 1
            next.lastGrade = q
            next.lastReview = time
            next.due = time + next.interval * Schedule.secondsPerDay
            return next
        }
    }

    /// One topic's record. Mastery is the share of right answers among the topic's last 10
    /// graded attempts (answers and lesson steps): 1 right of 1 is 100 %, 7 of 7 is 100 %, 3 of 4
    /// is 75 %; a slip weighs on it until it leaves the window. The chart shows the number of
    /// attempts beside it, so a single lucky answer reads as what it is.
    public struct TopicStats: Hashable, Sendable {
        public private(set) var attempts = 0
        public private(set) var correct = 0
        /// The last `masteryWindow` results, oldest first.
        public private(set) var recent: [Bool] = []

        public var correctInWindow: Int { recent.lazy.filter { $0 }.count }
        public var mastery: Double { recent.isEmpty ? 0 : Double(correctInWindow) / Double(recent.count) }

        mutating func record(correct right: Bool) {
            attempts += 1
            if right { correct += 1 }
            recent.append(right)
            if recent.count > Progress.masteryWindow { recent.removeFirst(recent.count - Progress.masteryWindow) }
        }
    }

    public struct Counts: Hashable, Sendable {
        /// `answer` events, and how many of them were right.
        public var answers = 0
        public var correctAnswers = 0
        /// Distinct questions answered at least once.
        public var questions = 0
        /// `step` events, and how many passed.
        public var steps = 0
        public var stepsPassed = 0
        public var hints = 0
        public var solutions = 0
        public var exams = 0
        public var examsPassed = 0
    }

    /// Attempts per topic that count towards mastery.
    public static let masteryWindow = 10

    /// SM-2 state of every graded item (question id or `lessonID/step-N`).
    public private(set) var schedules: [String: Schedule] = [:]
    /// Items in the review rotation: each was once graded below 3 (a missed question, a
    /// failed step, a solution shown). Items right from the start stay out of it.
    public private(set) var reviewItems: Set<String> = []
    public private(set) var topics: [String: TopicStats] = [:]
    /// The latest topic recorded for each item.
    public private(set) var itemTopics: [String: String] = [:]
    public private(set) var lessonsCompleted: Set<String> = []
    public private(set) var counts = Counts()
    private var answeredQuestions: Set<String> = []

    public init(events: [ProgressEvent] = []) {
        for event in events { record(event) }
    }

    public mutating func record(_ event: ProgressEvent) {
        if let topic = event.topic { itemTopics[event.item] = topic }
        switch event.kind {
        case .answer:
            counts.answers += 1
            if event.isCorrect == true { counts.correctAnswers += 1 }
            if answeredQuestions.insert(event.item).inserted { counts.questions += 1 }
        case .step:
            counts.steps += 1
            if event.isCorrect == true { counts.stepsPassed += 1 }
        case .hint: counts.hints += 1
        case .solution: counts.solutions += 1
        case .lessonDone: lessonsCompleted.insert(event.item)
        case .exam:
            counts.exams += 1
            if event.correct == true { counts.examsPassed += 1 }
        }
        guard let grade = event.grade else { return }
        schedules[event.item] = (schedules[event.item] ?? Schedule()).reviewed(grade: grade, at: event.time)
        if grade < 3 { reviewItems.insert(event.item) }
        if let topic = event.topic, let right = event.isCorrect {
            topics[topic, default: TopicStats()].record(correct: right)
        }
    }

    /// Review items due at `now`, the longest overdue first (ties by name).
    public func due(at now: Int) -> [String] {
        reviewItems.compactMap { item -> (String, Int)? in
            guard let due = schedules[item]?.due, due <= now else { return nil }
            return (item, due)
        }
        .sorted { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }
        .map(\.0)
    }

    /// The next time any review item falls due, if any.
    public var nextDue: Int? {
        reviewItems.compactMap { schedules[$0]?.due }.min()
    }

    /// Mastery of a topic, 0…1 (see `TopicStats`); 0 for a topic never tried.
    public func mastery(of topic: String) -> Double { topics[topic]?.mastery ?? 0 }
}
