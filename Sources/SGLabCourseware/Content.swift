/// Where a piece of content came from, for `FILE:LINE` errors.
public struct SourceLocation: Hashable, Sendable, CustomStringConvertible {
    public let file: String
    public let line: Int
    /// `FILE:LINE`, or just the file (a whole bank) when the line is 0.
    public var description: String { line == 0 ? file : "\(file):\(line)" }

    public init(file: String, line: Int) {
        self.file = file
        self.line = line
    }
}

/// A command line of a lesson or question script, with its place in the file.
public struct ScriptLine: Hashable, Sendable {
    public let text: String
    public let line: Int
}

/// A content problem found while reading or checking lessons and banks.
public struct ContentError: Error, Hashable, Sendable, CustomStringConvertible {
    public let location: SourceLocation
    public let message: String
    public var description: String { "\(location): \(message)" }
}

public enum QuestionKind: String, CaseIterable, Hashable, Sendable {
    case single, multiple, truefalse, ordering, scenario, fixit
}

public struct Choice: Hashable, Sendable {
    public let text: String
    public let correct: Bool
}

/// One question of a bank or of a lesson's recap quiz.
public struct Question: Hashable, Sendable {
    public var id: String
    public var kind: QuestionKind
    /// The heading: the question's first line.
    public var stem: String
    /// Paragraphs after the fields that complete the question.
    public var body: String
    public var seed: [Int]
    public var topic: String
    public var traps: [Int]
    public var difficulty: Int
    public var choices: [Choice]
    public var answer: Bool?
    /// Ordering questions: the items in the right order.
    public var order: [String]
    /// Scenario and fix-it: the world.
    public var script: [ScriptLine]
    /// Scenario: the packet, in `packet` command words (`tcp from internet to web:443`).
    public var packet: ScriptLine?
    /// Fix-it: the expectations that must hold, and a solution proving they can.
    public var goal: [ScriptLine]
    public var solution: [ScriptLine]
    public var explanation: String
    public var location: SourceLocation

    public init(
        id: String, kind: QuestionKind, stem: String, body: String = "", seed: [Int] = [], topic: String = "",
        traps: [Int] = [], difficulty: Int = 1, choices: [Choice] = [], answer: Bool? = nil, order: [String] = [],
        script: [ScriptLine] = [], packet: ScriptLine? = nil, goal: [ScriptLine] = [], solution: [ScriptLine] = [],
        explanation: String = "", location: SourceLocation = SourceLocation(file: "", line: 0)
    ) {
        self.id = id
        self.kind = kind
        self.stem = stem
        self.body = body
        self.seed = seed
        self.topic = topic
        self.traps = traps
        self.difficulty = difficulty
        self.choices = choices
        self.answer = answer
        self.order = order
        self.script = script
        self.packet = packet
        self.goal = goal
        self.solution = solution
        self.explanation = explanation
        self.location = location
    }
}

/// A lesson step: a task checked by the evaluator.
public struct Step: Hashable, Sendable {
    public var title: String
    public var text: String
    public var goal: [ScriptLine]
    public var hidden: [ScriptLine]
    public var hints: [String]
    public var solution: [ScriptLine]
    /// Commands run and shown when the step opens.
    public var run: [ScriptLine]
    public var location: SourceLocation
}

public struct Lesson: Hashable, Sendable {
    public var id: String
    public var title: String
    public var seed: [Int]
    public var topics: [String]
    public var traps: [Int]
    public var introduction: String
    public var setup: [ScriptLine]
    public var steps: [Step]
    public var quiz: [Question]
    public var location: SourceLocation
}

/// The vocabulary content is tagged with.
public enum Taxonomy {
    public static let topics = [
        "sg-basics", "traffic-flow", "stateful", "rules", "inbound-outbound", "default-sg", "eni", "multiple-sgs",
        "sg-referencing", "public-web", "nacl", "sg-vs-nacl", "no-deny", "ports", "use-cases", "other-services",
        "logging", "exam-traps", "best-practices", "routing", "nat", "internet-gateway", "connection-tracking",
        "quotas", "reachability",
    ]
    /// What a learner sees instead of a topic's slug or a seed section number.
    public static let topicTitles: [String: String] = [
        "sg-basics": "Security group basics", "traffic-flow": "Traffic flow", "stateful": "Stateful filtering",
        "rules": "Rule structure", "inbound-outbound": "Inbound and outbound rules", "default-sg": "The default security group",
        "eni": "Network interfaces", "multiple-sgs": "Several groups on one interface", "sg-referencing": "Group references",
        "public-web": "A public web server", "nacl": "Network ACLs", "sg-vs-nacl": "Security groups vs network ACLs",
        "no-deny": "Why there are no deny rules", "ports": "Ports and protocols", "use-cases": "Common designs",
        "other-services": "Other AWS services", "logging": "Logging and monitoring", "exam-traps": "Exam traps",
        "best-practices": "Best practices", "routing": "Route tables", "nat": "NAT gateways",
        "internet-gateway": "Internet gateways", "connection-tracking": "Connection tracking", "quotas": "Quotas",
        "reachability": "Reachability",
    ]

    /// A topic's title for learners (the slug itself when it has none).
    public static func title(of topic: String) -> String { topicTitles[topic] ?? topic }

    public static let seedSections = 1...24
    public static let traps = 1...38

    /// The seed's section titles (shared/seed), for reports.
    public static let seedTitles = [
        1: "What is a security group", 2: "Why security groups exist", 3: "Where they sit in the traffic path",
        4: "Key characteristics", 5: "Stateful nature", 6: "Rule structure", 7: "Inbound vs outbound rules",
        8: "Default security group", 9: "Attached to ENIs", 10: "Multiple groups on one instance",
        11: "Security group referencing", 12: "Public web server", 13: "Security groups vs NACLs",
        14: "Why no deny rules", 15: "Ports and protocols", 16: "Common use cases", 17: "Other AWS services",
        18: "Logging and monitoring", 19: "Exam traps", 20: "Best practices", 21: "Real-world analogy",
        22: "One-line definition", 23: "Mental model", 24: "Final summary",
    ]
}

/// A question as a learner (or Moodle) sees it: text and choices, with the right answers
/// resolved. Scenario questions become single-choice questions whose answer the evaluator
/// computed; fix-it questions have no such form.
public struct PresentedQuestion: Hashable, Sendable {
    public let id: String
    /// single, multiple, truefalse or ordering.
    public let kind: QuestionKind
    /// The full question text: stem, then body paragraphs (and for scenarios the world).
    public let text: String
    public let choices: [Choice]
    public let answer: Bool?
    public let order: [String]
    public let explanation: String
    public let topic: String
    public let seed: [Int]
    public let traps: [Int]
    public let difficulty: Int

    public init(
        id: String, kind: QuestionKind, text: String, choices: [Choice] = [], answer: Bool? = nil, order: [String] = [],
        explanation: String, topic: String, seed: [Int], traps: [Int], difficulty: Int
    ) {
        self.id = id
        self.kind = kind
        self.text = text
        self.choices = choices
        self.answer = answer
        self.order = order
        self.explanation = explanation
        self.topic = topic
        self.seed = seed
        self.traps = traps
        self.difficulty = difficulty
    }
}
