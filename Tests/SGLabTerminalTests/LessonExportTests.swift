import SGLabCore
import SGLabLanguage
import Testing

@testable import SGLabTerminal

/// `solution FORMAT` in a lesson: the world after the worked solution, as real AWS builds it.
@Suite("Lessons: the solution in AWS's own terms")
struct LessonExportTests {
    @Test func theSolutionInEveryFormat() throws {
        let (controller, start, _) = try LessonPracticeTests.start()
        var session = start
        guard case .text(let terraform)? = controller.handle("solution terraform", &session) else {
            Issue.record("solution terraform is a lesson word")
            return
        }
        #expect(terraform.contains("resource \"aws_vpc_security_group_ingress_rule\""))
        #expect(terraform.contains("from_port         = 443"))
        guard case .text(let cli)? = controller.handle("Solution  aws-cli", &session) else { return }
        #expect(cli.contains("aws ec2 authorize-security-group-ingress --group-id \"$SECURITY_GROUP_WEB\""))
        guard case .text(let template)? = controller.handle("solution cloudformation", &session) else { return }
        #expect(template.contains("Type: AWS::EC2::SecurityGroupIngress"))
        // The learner's world is untouched: showing the solution applies nothing.
        #expect(session.world == start.world)
        #expect(controller.handle("solution yaml", &session) == nil)
    }

    @Test func outsideALessonItSaysWhere() throws {
        var session = Session()
        #expect(throws: LanguageError.self) { try session.execute("solution terraform") }
    }
}
