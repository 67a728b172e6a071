import SGLabCore
import SGLabCourseware
import SGLabLanguage
import Testing

@testable import SGLabTerminal

/// A lesson makes the learner think before it shows: a packet the step fires waits for a
/// prediction, traces keep their fix command back until the hints are spent, and a failing
/// hidden check is named in words.
@Suite("Lessons: predict, work out the fix, hear which check failed")
struct LessonPracticeTests {
    static let text = """
        ---
        id: practice
        title: Practice
        seed: 12
        topics: public-web
        traps:
        ---
        Intro.

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

        ```sglab run
        packet tcp from internet to web1:443
        ```

        ```sglab goal
        expect allowed tcp from internet to web1:443
        ```

        ```sglab hidden
        expect blocked at security-group-inbound tcp from internet to web1:22 # SSH stays closed to the internet
        expect blocked at security-group-inbound tcp from internet to web1:80
        ```

        > Hint: Which direction does the request cross the group in?
        > Hint: An inbound rule for TCP 443 from 0.0.0.0/0.

        ```sglab solution
        sg allow web in https from 0.0.0.0/0
        ```
        """

    static func start() throws -> (LessonController, Session, String) {
        let lesson = try ContentParser.lesson(text, file: "practice.md")
        let controller = LessonController(lesson: lesson, style: .plain)
        var session = Session()
        let opening = controller.start(&session)
        return (controller, session, opening)
    }

    @Test("a step that fires a packet asks for a prediction first, then shows the trace")
    func predictThenCheck() throws {
        var (lesson, session, opening) = try Self.start()
        #expect(opening.contains("Predict first: what happens to packet tcp from internet to web1:443?"))
        #expect(!opening.contains("verdict"), "the trace must wait for the prediction")
        let pending = try #require(lesson.pendingPrediction)
        #expect(pending.question.choices.filter(\.correct).map(\.text) == ["blocked at security-group-inbound"])
        #expect(pending.question.choices.contains { $0.text == "allowed" })
        let unreadable = lesson.predict("Z", &session)
        #expect(unreadable.again)
        #expect(lesson.pendingPrediction != nil)
        let right = Grader.letter(pending.question.choices.firstIndex(where: \.correct)!)
        let shown = lesson.predict(right, &session)
        #expect(!shown.again)
        #expect(shown.text.hasPrefix("✓ as you predicted"))
        #expect(shown.text.contains("verdict: BLOCKED at security-group-inbound"))
        #expect(lesson.pendingPrediction == nil)
    }

    @Test("a wrong prediction says what happens instead, and the trace follows")
    func wrongPrediction() throws {
        var (lesson, session, _) = try Self.start()
        let pending = try #require(lesson.pendingPrediction)
        let wrong = Grader.letter(pending.question.choices.firstIndex { !$0.correct }!)
        let shown = lesson.predict(wrong, &session)
        #expect(shown.text.contains("✗ not what happens"))
        #expect(shown.text.contains("blocked at security-group-inbound"))
        #expect(shown.text.contains("verdict:"))
    }

    @Test("traces keep the exact fix command back until the hints are spent")
    func fixAfterHints() throws {
        var (lesson, session, _) = try Self.start()
        let first = lesson.predict(nil, &session).text
        #expect(first.contains("fix: work it out"))
        #expect(!first.contains("fix: sg allow"))
        #expect(!lesson.showsFix)
        _ = lesson.handle("hint", &session)
        #expect(!lesson.showsFix, "one hint of two is not all of them")
        _ = lesson.handle("hint", &session)
        #expect(lesson.showsFix)
        var probe = session
        let outcome = try #require(try probe.execute("packet tcp from internet to web1:443"))
        let rendered = OutcomeRenderer.render(outcome, line: "packet", world: probe.world, style: .plain, showFix: lesson.showsFix)
        #expect(rendered.contains("fix: sg allow web in tcp 443"))
        // Outside lessons the lab keeps showing it.
        #expect(OutcomeRenderer.render(outcome, line: "packet", world: probe.world).contains("fix: sg allow"))
    }

    @Test("a failing hidden check is named in words, not with its fix")
    func hiddenCheckNamed() throws {
        var (lesson, session, _) = try Self.start()
        _ = lesson.predict(nil, &session)
        _ = try session.execute("sg allow web in tcp 0-65535 from 0.0.0.0/0")
        guard case .text(let report)? = lesson.handle("check", &session) else {
            Issue.record("check gave no text")
            return
        }
        #expect(report.contains("✓ expect allowed tcp from internet to web1:443"))
        #expect(report.contains("✗ SSH stays closed to the internet"))
        #expect(report.contains("✗ tcp from internet to web1:80 is allowed; it should be blocked at security-group-inbound"))
        #expect(report.contains("the further check above fails"))
        #expect(!report.contains("sg revoke") && !report.contains("sg allow"))
    }
}
