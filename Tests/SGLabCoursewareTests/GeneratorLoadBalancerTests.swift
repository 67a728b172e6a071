import SGLabCore
import SGLabLanguage
import Testing

@testable import SGLabCourseware

/// The load balancer and endpoint templates (decisions 21–22), drawn directly and many times:
/// the general generator suite meets each template only a few dozen times.
@Suite("Generated load balancer and endpoint questions")
struct GeneratorLoadBalancerTests {
    static let templates: [Template] = [.albChain, .nlbClientIP, .endpoints]

    @Test("each template's reading of the AWS rules agrees with the evaluator, and both verdicts occur", arguments: templates)
    func scenariosAgree(_ template: Template) throws {
        var r = SplitMix64(seed: 4242)
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
            // A packet to a load balancer is two flows, and where it stops names one of them.
            let balanced = trace.hops.contains { $0.flow != nil }
            if template == .nlbClientIP { #expect(balanced, "\(packet): every NLB question goes through the NLB") }
            if balanced, let hop = trace.blockedAt {
                #expect(hop.flow != nil, "\(template.rawValue): a packet through a load balancer is blocked on a named flow")
            }
        }
        #expect(disagreements.isEmpty, "\(template.rawValue):\n\(disagreements.prefix(10).joined(separator: "\n"))")
        #expect(verdicts["allowed", default: 0] > 10, "\(template.rawValue): \(verdicts)")
        #expect(verdicts.keys.filter { $0.hasPrefix("blocked") }.count >= 1, "\(template.rawValue): \(verdicts)")
    }

    @Test("each template's fix-its fail on the broken world and hold after their solution", arguments: templates)
    func fixitsAreSolvable(_ template: Template) throws {
        var r = SplitMix64(seed: 99)
        for _ in 0..<60 {
            let d = template.draft(&r, kind: .fixit)
            var session = try #require(DraftRunning.world(d), "\(template.rawValue): the world does not run")
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
            .albChain: [
                "target-allows-client-cidr", "target-allows-vpc-cidr", "alb-no-outbound", "alb-sg-wrong-port",
                "target-nacl-no-ephemeral",
            ],
            .nlbClientIP: ["vpc-rule-client-ip-preserved", "client-rule-client-ip-not-preserved", "nlb-sg-misses-clients"],
            .endpoints: [
                "no-prefix-list-rule", "gateway-endpoint-wrong-route-table", "endpoint-default-group", "endpoint-group-wrong-source",
                "private-dns-off", "endpoint-subnet-nacl-no-ephemeral",
            ],
        ]
        var r = SplitMix64(seed: 7)
        for template in Self.templates {
            var seen: Set<String> = []
            for i in 0..<300 { seen.formUnion(template.draft(&r, kind: i % 2 == 0 ? .scenario : .fixit).faults) }
            #expect(seen == expected[template], "\(template.rawValue): \(seen.sorted())")
        }
    }

    @Test("a blocked hop of a load-balanced packet is explained with its flow")
    func explanationsNameTheFlow() {
        var g = QuestionGenerator(seed: 31)
        var checked = 0
        for _ in 0..<400 where checked < 20 {
            let q = g.next(kind: .scenario)
            let balancers = q.script.compactMap { $0.text.firstMatch(of: /^lb create (\S+)/).map { String($0.output.1) } }
            guard let packet = q.packet?.text, balancers.contains(where: { packet.contains(" to \($0):") }),
                q.explanation.hasPrefix("Blocked")
            else { continue }
            checked += 1
            let first = q.explanation.prefix { $0 != "." }
            #expect(first.contains(" flow ("), "\(q.id): \(first)")
        }
        #expect(checked > 0)
    }
}
