import SGLabCore
import SGLabLanguage
import Testing

@testable import SGLabCourseware

/// The peering, transit gateway and dual-stack templates (decisions 23, 24 and 25), drawn directly and many times:
/// the general generator suite meets each template only a few dozen times.
@Suite("Generated peering, transit gateway and IPv6 questions")
struct GeneratorMultiVPCTests {
    static let templates: [Template] = [.peering, .transitGateway, .dualStack]

    @Test("each template's reading of the AWS rules agrees with the evaluator, and several verdicts occur", arguments: templates)
    func scenariosAgree(_ template: Template) throws {
        var r = SplitMix64(seed: 2323)
        var verdicts: [String: Int] = [:]
        var disagreements: [String] = []
        for _ in 0..<150 {
            let d = template.draft(&r, kind: .scenario)
            let session = try #require(DraftRunning.world(d), "\(template.rawValue): the world does not run:\n\(d.script.joined(separator: "\n"))")
            var s = session
            guard let packet = d.packet, case .trace(let trace)? = try s.execute("packet " + packet) else {
                Issue.record("\(template.rawValue): `packet \(d.packet ?? "")` gave no trace")
                continue
            }
            let actual = trace.blockedAt.map { "blocked at \($0.componentName)" } ?? "allowed"
            verdicts[actual, default: 0] += 1
            if actual != d.expected {
                disagreements.append("\(d.faults) packet \(packet): template \(d.expected ?? "-"), evaluator \(actual)")
            }
        }
        #expect(disagreements.isEmpty, "\(template.rawValue):\n\(disagreements.prefix(10).joined(separator: "\n"))")
        #expect(verdicts["allowed", default: 0] > 10, "\(template.rawValue): \(verdicts)")
        #expect(verdicts.keys.filter { $0.hasPrefix("blocked") }.count >= 2, "\(template.rawValue): \(verdicts)")
    }

    @Test("each template's fix-its fail on the broken world and hold after their solution", arguments: templates)
    func fixitsAreSolvable(_ template: Template) throws {
        var r = SplitMix64(seed: 515)
        for _ in 0..<60 {
            let d = template.draft(&r, kind: .fixit)
            var session = try #require(DraftRunning.world(d), "\(template.rawValue): the world does not run:\n\(d.script.joined(separator: "\n"))")
            let before = try #require(DraftRunning.expectations(d.goal, in: session), "\(template.rawValue): goals do not run")
            #expect(before.contains(false), "\(template.rawValue) \(d.faults): the goals already hold")
            for line in d.solution { _ = try session.execute(line) }
            let after = try #require(DraftRunning.expectations(d.goal, in: session))
            #expect(after.allSatisfy { $0 }, "\(template.rawValue) \(d.faults): \(zip(d.goal, after).filter { !$0.1 }.map(\.0))")
        }
    }

    @Test("every fault of the three templates is drawn")
    func everyFaultAppears() {
        let expected: [Template: Set<String>] = [
            .peering: [
                "peer-route-missing-requester", "peer-route-missing-accepter", "db-allows-peer-vpc-cidr", "db-allows-other-peer-group",
                "peering-deleted-stale-rule",
            ],
            .transitGateway: [
                "tgw-vpc-route-missing-requester", "tgw-vpc-route-missing-accepter", "tgw-attachment-missing-zone", "tgw-referencing-off",
                "tgw-blackhole-route", "tgw-isolated-route-table",
            ],
            .dualStack: [
                "no-ipv6-default-route", "sg-ipv4-only-rule", "nacl-ipv4-entries-only", "admin-open-to-ipv6-internet",
                "no-egress-only-route", "worker-group-ipv4-egress-only",
            ],
        ]
        var r = SplitMix64(seed: 11)
        for template in Self.templates {
            var seen: Set<String> = []
            for i in 0..<300 { seen.formUnion(template.draft(&r, kind: i % 2 == 0 ? .scenario : .fixit).faults) }
            #expect(seen == expected[template], "\(template.rawValue): \(seen.sorted())")
        }
    }

    @Test("a peered world's database rule names the peer VPC's group, and a deleted peering leaves it stale")
    func peerReferenceAndStaleRule() throws {
        var r = SplitMix64(seed: 8)
        var staleSeen = 0
        var referenceSeen = 0
        for _ in 0..<200 {
            let d = Template.peering.draft(&r, kind: .fixit)
            let session = try #require(DraftRunning.world(d))
            let references = d.script.contains { $0.firstMatch(of: /^sg allow \S+ in tcp \d+ from [a-z]+\/[a-z-]+-sg/) != nil }
            if references { referenceSeen += 1 }
            let stale = !session.world.staleRules().isEmpty
            #expect(stale == (d.faults.contains("peering-deleted-stale-rule") && references), "\(d.faults)")
            if stale { staleSeen += 1 }
        }
        #expect(referenceSeen > 0 && staleSeen > 0)
    }

    @Test("generated IPv6 questions name the IPv6 internet host, and their explanations come from the trace")
    func dualStackExplanations() {
        var g = QuestionGenerator(seed: 41)
        var checked = 0
        for _ in 0..<400 where checked < 20 {
            let q = g.next(kind: .scenario, topic: nil)
            guard q.id.hasPrefix("gen-ipv6-dual-stack-"), let packet = q.packet?.text else { continue }
            checked += 1
            #expect(packet.contains("internet6"), "\(q.id): \(packet)")
            #expect(q.explanation.hasPrefix("Blocked") || q.explanation.hasPrefix("Allowed"), "\(q.id): \(q.explanation.prefix(60))")
        }
        #expect(checked > 0)
    }
}
