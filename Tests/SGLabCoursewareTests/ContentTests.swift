import SGLabCore
import SGLabLanguage
import Testing

@testable import SGLabCourseware

@Suite("Lessons and banks: reading and checking")
struct ContentTests {
    static let goodLesson = """
        ---
        id: tiny
        title: A tiny lesson
        seed: 5
        topics: stateful
        traps: 4
        ---
        Intro text.

        ```sglab setup
        vpc create lab 10.0.0.0/16
        subnet create pub in lab 10.0.1.0/24
        igw create gw in lab
        route add main 0.0.0.0/0 via gw
        sg create web in lab
        launch ec2 web1 in pub sg web public-ip
        ```

        ## Step: Open HTTPS
        Let the internet reach web1 on 443 only.

        ```sglab goal
        expect allowed tcp from internet to web1:443
        ```

        ```sglab hidden
        expect blocked at security-group-inbound tcp from internet to web1:22
        ```

        > Hint: Which direction?
        > Hint: sg allow web in https from 0.0.0.0/0

        ```sglab solution
        sg allow web in https from 0.0.0.0/0
        ```

        ## Quiz

        ### Do replies need an outbound rule?
        kind: truefalse
        answer: false
        seed: 5
        topic: stateful

        Explanation: Security groups are stateful.
        """

    @Test("a lesson reads into front matter, setup, steps with goals, hints and solution, and a quiz")
    func readsLesson() throws {
        let lesson = try ContentParser.lesson(Self.goodLesson, file: "tiny.md")
        #expect(lesson.id == "tiny")
        #expect(lesson.seed == [5])
        #expect(lesson.setup.count == 6)
        #expect(lesson.steps.count == 1)
        let step = try #require(lesson.steps.first)
        #expect(step.title == "Open HTTPS")
        #expect(step.goal.map(\.text) == ["expect allowed tcp from internet to web1:443"])
        #expect(step.goal.first?.line == 23)
        #expect(step.hints.count == 2)
        #expect(step.solution.count == 1)
        #expect(lesson.quiz.first?.answer == false)
        #expect(lesson.quiz.first?.id == "tiny-quiz-1")
    }

    @Test("check passes a lesson whose worked solution reaches its goals")
    func checkPasses() {
        let report = Checker.check(lessons: [("tiny.md", Self.goodLesson)], banks: [])
        #expect(report.errors.isEmpty, "\(report.errors)")
        #expect(report.warnings.isEmpty, "\(report.warnings)")
    }

    @Test("check catches a broken lesson and says FILE:LINE", arguments: [
        ("sg allow web in https from 0.0.0.0/0", "sg allow web in http from 0.0.0.0/0", "goal after the worked solution"),
        ("sg allow web in https from 0.0.0.0/0", "sg allow web in all from 0.0.0.0/0", "hidden goal"),
        ("sg allow web in https from 0.0.0.0/0", "sg allow wbe in https from 0.0.0.0/0", "solution"),
    ])
    func checkCatches(_ original: String, _ broken: String, _ phrase: String) {
        let text = Self.goodLesson.replacingOccurrences(of: "```sglab solution\n" + original, with: "```sglab solution\n" + broken)
        let report = Checker.check(lessons: [("tiny.md", text)], banks: [])
        #expect(!report.errors.isEmpty)
        #expect(report.errors.contains { $0.message.contains(phrase) }, "\(report.errors)")
        #expect(report.errors.allSatisfy { $0.location.file == "tiny.md" && $0.location.line > 0 })
    }

    @Test("structure errors carry their line", arguments: [
        ("title: A tiny lesson\n", "", "no title"),
        ("> Hint: Which direction?\n> Hint: sg allow web in https from 0.0.0.0/0\n", "", "no `> Hint:`"),
        ("seed: 5\n", "seed: five\n", "seed is a list"),
    ])
    func structure(_ remove: String, _ replacement: String, _ phrase: String) {
        let text = Self.goodLesson.replacingOccurrences(of: remove, with: replacement)
        let report = Checker.check(lessons: [("tiny.md", text)], banks: [])
        #expect(report.errors.contains { $0.message.contains(phrase) }, "\(report.errors)")
    }

    @Test("a step whose goals already hold is flagged")
    func vacuousStep() {
        let text = Self.goodLesson.replacingOccurrences(
            of: "expect allowed tcp from internet to web1:443\n```\n\n```sglab hidden\nexpect blocked at security-group-inbound tcp from internet to web1:22",
            with: "expect blocked tcp from internet to web1:25\n```\n\n```sglab hidden\nexpect blocked tcp from internet to web1:26")
        let report = Checker.check(lessons: [("tiny.md", text)], banks: [])
        #expect(report.warnings.contains { $0.message.contains("already hold") }, "\(report)")
    }

    static let bank = """
        ## Which check stops this packet?
        id: s1
        kind: scenario
        seed: 13
        topic: nacl
        traps: 3
        difficulty: 2

        ```sglab
        vpc create lab 10.0.0.0/16
        subnet create pub in lab 10.0.1.0/24
        igw create gw in lab
        route add main 0.0.0.0/0 via gw
        nacl create n in lab
        nacl associate n pub
        nacl add n in 100 allow tcp 443 from 0.0.0.0/0
        sg create web in lab
        sg allow web in https from 0.0.0.0/0
        launch ec2 web1 in pub sg web public-ip
        ```

        packet: tcp from internet to web1:443

        Explanation: The reply has no outbound rule.

        ## Pick two
        id: m1
        kind: multiple
        seed: 10
        topic: multiple-sgs

        - [x] one
        - [x] two
        - [ ] three
        - [ ] four

        Explanation: One and two.

        ## Order these
        id: o1
        kind: ordering
        seed: 3
        topic: traffic-flow

        1. Internet gateway
        2. Route table
        3. Network ACL
        4. Security group

        Explanation: The seed's order.
        """

    @Test("a scenario's answer comes from the evaluator, not the file")
    func scenarioAnswer() throws {
        let questions = try ContentParser.bank(Self.bank, file: "b.md")
        let scenario = try #require(questions.first)
        #expect(try Presenter.verdict(of: scenario).answer == "blocked at network-acl-outbound")
        var rng = SeededGenerator(seed: 3)
        let presented = try Presenter.present(scenario, using: &rng)
        #expect(presented.choices.filter(\.correct).map(\.text) == ["blocked at network-acl-outbound"])
        #expect(presented.choices.count == 4)
        #expect(presented.choices.contains { $0.text == "allowed" })
    }

    @Test("answers are graded with no partial credit", arguments: [
        ("m1", "A B", true), ("m1", "B, A", true), ("m1", "A", false), ("m1", "A C", false),
    ])
    func grading(_ id: String, _ answer: String, _ right: Bool) throws {
        let q = try #require(try ContentParser.bank(Self.bank, file: "b.md").first { $0.id == id })
        var rng = SeededGenerator(seed: 1)
        let p = try Presenter.present(q, using: &rng, shuffle: false)
        switch Grader.grade(p, answer: answer) {
        case .correct: #expect(right)
        case .wrong: #expect(!right)
        case .unreadable(let why): #expect(!right, "\(why)")
        }
    }

    @Test("ordering answers use the displayed numbers")
    func ordering() throws {
        let q = try #require(try ContentParser.bank(Self.bank, file: "b.md").first { $0.id == "o1" })
        var rng = SeededGenerator(seed: 1)
        let p = try Presenter.present(q, using: &rng)
        // Shown as: 1 = Network ACL, 2 = Internet gateway, 3 = Security group, 4 = Route table.
        let displayed = [2, 0, 3, 1]
        #expect(Grader.grade(p, answer: "2 4 1 3", displayed: displayed) == .correct)
        #expect(Grader.grade(p, answer: "1 2 3 4", displayed: displayed) == .wrong(expected: "2 4 1 3"))
        if case .unreadable = Grader.grade(p, answer: "1 2", displayed: displayed) {} else { Issue.record("short answer accepted") }
    }

    @Test("duplicate ids across files are errors")
    func duplicates() {
        let report = Checker.check(lessons: [], banks: [("a.md", Self.bank), ("b.md", Self.bank)])
        #expect(report.errors.contains { $0.message.contains("already used") })
    }

    @Test("selection filters by topic, seed section or trap and spreads topics")
    func selection() throws {
        let qs = try ContentParser.bank(Self.bank, file: "b.md")
        var rng = SeededGenerator(seed: 9)
        #expect(Selection.pick(qs, topic: "nacl", count: 5, using: &rng).map(\.id) == ["s1"])
        #expect(Selection.pick(qs, topic: "10", count: 5, using: &rng).map(\.id) == ["m1"])
        #expect(Selection.pick(qs, topic: "trap-3", count: 5, using: &rng).map(\.id) == ["s1"])
        #expect(Set(Selection.pick(qs, topic: nil, count: 3, using: &rng).map(\.topic)).count == 3)
    }

    @Test("an exam passes at 72 %")
    func passMark() {
        func p(_ t: String) -> PresentedQuestion {
            PresentedQuestion(id: t, kind: .truefalse, text: t, answer: true, explanation: "", topic: t, seed: [1], traps: [], difficulty: 1)
        }
        let pass = ExamResult(answers: (0..<100).map { (p("t\($0 % 3)"), $0 < 72) })
        let fail = ExamResult(answers: (0..<100).map { (p("t\($0 % 3)"), $0 < 71) })
        #expect(pass.passed && !fail.passed)
        #expect(pass.byTopic.map(\.total).reduce(0, +) == 100)
    }
}
