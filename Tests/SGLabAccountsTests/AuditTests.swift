import SGLabAccounts
import SGLabCore
import SGLabLanguage
import Testing

@Suite struct AuditTests {
    func world(_ lines: [String]) throws -> World {
        var session = Session()
        for line in lines { _ = try session.execute(line) }
        return session.world
    }

    func controls(_ findings: [Finding]) -> [String] { findings.map { "\($0.control) \($0.resource) \($0.rule ?? "-")" }.sorted() }

    @Test func theAWSLabTriggersTheControlsItsReadmeLists() throws {
        let world = try AccountImporter.read(paths: [Fixture.path("aws-json")]).world
        let findings = Audit.run(world)
        let ids = Set(findings.map(\.control))
        #expect(ids.isSuperset(of: ["EC2.2", "EC2.12", "EC2.13", "EC2.18", "EC2.19", "EC2.21", "EC2.53"]))
        #expect(!ids.contains("EC2.14") && !ids.contains("EC2.16"))
        let ssh = findings.first { $0.control == "EC2.13" }!
        #expect(ssh.resource == "web-sg" && ssh.rule == "in tcp 22 from 0.0.0.0/0" && ssh.fix == "sg revoke web-sg in tcp 22 from 0.0.0.0/0")
        #expect(ssh.reachability == .reachable(interface: "web-1 (eni-0f100000000000001)", traffic: "tcp 22"))
        #expect(findings.first { $0.control == "EC2.2" }!.cis == ["5.4 (v3.0.0)", "5.5 (v5.0.0)"])
        // The NACL's ephemeral range covers 3389, which the control counts, but web-sg stops it.
        let ephemeral = findings.first { $0.control == "EC2.21" && $0.rule?.contains("1024-65535") == true }!
        #expect(ephemeral.reachability == .configured)
        #expect(findings.first!.severity == .critical)
    }

    @Test func everyFixRunsAndRemovesItsFinding() throws {
        let world = try AccountImporter.read(paths: [Fixture.path("aws-json")]).world
        for finding in Audit.run(world) where finding.note == nil {
            var session = Session(world: world)
            _ = try session.execute(finding.fix)
            let after = Audit.run(session.world)
            #expect(
                !after.contains { $0.control == finding.control && $0.resourceID == finding.resourceID && $0.rule == finding.rule },
                "\(finding.fix) leaves \(finding.control)")
        }
    }

    @Test func sglabsOwnChecks() throws {
        let w = try world([
            "vpc create lab 10.0.0.0/16", "subnet create pub in lab 10.0.1.0/24", "igw create gw in lab",
            "route add main 0.0.0.0/0 via gw", "sg create db in lab \"db\"",
            "sg allow db in tcp 5432 from 0.0.0.0/0", "sg allow db in tcp 5432 from 10.0.0.0/16",
            "launch ec2 dbhost in pub sg db public-ip",
            "nacl create edge in lab", "nacl associate edge pub",
            "nacl add edge in 100 deny tcp 0-65535 from 0.0.0.0/0", "nacl add edge in 110 allow tcp 443 from 10.0.0.0/8",
            "nacl create spare in lab", "ec2 set dbhost source-dest-check off", "eip allocate idle",
        ])
        let found = controls(Audit.run(w))
        #expect(found.contains("SGLAB.4 db in tcp 5432 from 0.0.0.0/0"))
        #expect(found.contains("SGLAB.3 db in tcp 5432 from 10.0.0.0/16"))
        #expect(found.contains("SGLAB.2 edge in 110 allow tcp 443 from 10.0.0.0/8"))
        #expect(found.contains("EC2.16 spare -"))
        #expect(found.contains("EC2.180 dbhost -"))
        #expect(found.contains("EC2.12 idle -"))
        // The ACL denies every TCP packet: the open database port is configured, not reachable.
        #expect(Audit.run(w).first { $0.control == "SGLAB.4" }!.reachability == .configured)
    }

    // Security Hub: "unrestricted" is 0.0.0.0/0 or ::/0 (EC2.13, EC2.14); EC2.54 is EC2.53 for
    // IPv6; reachability is confirmed by the IPv6 internet host.
    @Test func ipv6RulesAreUnrestrictedToo() throws {
        let w = try world([
            "vpc create lab 10.0.0.0/16", "vpc ipv6 lab", "subnet create pub in lab 10.0.1.0/24", "subnet ipv6 pub",
            "igw create gw in lab", "route add main ::/0 via gw", "sg create admin in lab", "sg allow admin in tcp 22 from ::/0",
            "launch ec2 box in pub sg admin ipv6",
        ])
        let findings = Audit.run(w)
        let ids = Set(findings.map(\.control))
        #expect(ids.contains("EC2.13") && ids.contains("EC2.54") && !ids.contains("EC2.53"), "\(ids)")
        let ssh = try #require(findings.first { $0.control == "EC2.13" })
        #expect(ssh.reachability != .configured)
    }

    @Test func aCleanWorldHasNoFindings() throws {
        let w = try world(["vpc create lab 10.0.0.0/16", "sg revoke default in all from default", "sg revoke default out all to 0.0.0.0/0"])
        #expect(Audit.run(w).isEmpty)
    }
}
