import SGLabCore
import SGLabLanguage
import Testing

/// Issue 8: fixes a learner can trust, and the smaller fidelity points (decisions 14–20).
@Suite("Fidelity: fixes and AWS details")
struct FidelityTests {
    static let vpc = """
        vpc create lab 10.0.0.0/16
        subnet create pub in lab 10.0.1.0/24
        subnet create priv in lab 10.0.2.0/24
        igw create gw in lab
        rt create public in lab
        route add public 0.0.0.0/0 via gw
        rt associate public pub
        """

    /// Runs the fix (or every step of the plan) and returns the trace after it.
    static func applyFix(_ trace: Trace, _ session: inout Session, packet: String) throws -> Trace {
        let commands = trace.fix.map { [$0.command] } ?? trace.planSteps
        #expect(!commands.isEmpty, "neither a fix nor a plan: \(trace.advice ?? "no advice")")
        for command in commands { _ = try session.execute(command) }
        return try session.packet(packet)
    }

    @Test("a Lambda function in a private subnet gets a NAT plan, never an internet gateway route or an Elastic IP")
    func lambdaGetsNATPlan() throws {
        var session = try lab(Self.vpc + "\nrt create privrt in lab\nrt associate privrt priv\nlaunch lambda fn in priv")
        let trace = try session.packet("tcp from fn to internet:443")
        #expect(trace.blockedAt?.componentName == "route-table-outbound")
        #expect(trace.fix == nil)
        #expect(trace.planSteps == ["nat create pub-nat in pub", "route add privrt 0.0.0.0/0 via pub-nat"], "\(trace.advice ?? "")")
        #expect(!(trace.advice ?? "").contains("via gw"))
        let after = try Self.applyFix(trace, &session, packet: "tcp from fn to internet:443")
        #expect(after.allowed)
    }

    @Test("a private instance routed to a deleted NAT gateway gets a new NAT gateway, not the internet gateway")
    func blackholeNATStaysPrivate() throws {
        var session = try lab(
            Self.vpc + "\nnat create natgw in pub\nrt create privrt in lab\nroute add privrt 0.0.0.0/0 via natgw\nrt associate privrt priv\nlaunch ec2 app in priv\nnat delete natgw")
        let trace = try session.packet("tcp from app to internet:443")
        #expect(trace.blockedAt?.code == "BAD_STATE_ROUTE")
        #expect(trace.planSteps.first?.hasPrefix("nat create") == true, "\(trace.advice ?? "")")
        #expect(try Self.applyFix(trace, &session, packet: "tcp from app to internet:443").allowed)
        #expect(try session.packet("tcp from internet to app:22").blockedAt != nil)
    }

    @Test("a prefix-list route left pointing at a deleted NAT gateway gets a plan that writes the list, not a fake block")
    func prefixListBlackhole() throws {
        var session = try lab(
            Self.vpc + "\nnat create natgw in pub\nprefix-list create partners 198.51.100.0/24\nrt create privrt in lab\nroute add privrt prefix-list partners via natgw\nrt associate privrt priv\nlaunch ec2 app in priv\nnat delete natgw")
        let trace = try session.packet("tcp from app to 198.51.100.10:443")
        #expect(trace.blockedAt?.code == "BAD_STATE_ROUTE")
        #expect(trace.hops.contains { $0.detail.contains("partners") })
        #expect(trace.planSteps.last?.contains("prefix-list partners") == true, "\(trace.advice ?? "")")
        #expect(try Self.applyFix(trace, &session, packet: "tcp from app to 198.51.100.10:443").allowed)
    }

    @Test("when the NAT gateway's subnet shares the main route table with private subnets, the NAT's subnet gets a table of its own")
    func sharedMainTable() throws {
        var session = try lab("""
            vpc create lab 10.0.0.0/16
            subnet create pub in lab 10.0.1.0/24
            subnet create priv in lab 10.0.2.0/24
            igw create gw in lab
            nat create natgw in pub
            route add main 0.0.0.0/0 via natgw
            launch ec2 app in priv
            """)
        let trace = try session.packet("tcp from app to internet:443")
        #expect(trace.blockedAt?.componentName == "route-table-outbound")
        #expect(trace.planSteps.count == 3, "\(trace.advice ?? "")")
        #expect(!trace.planSteps.contains { $0.hasPrefix("route replace main") })
        let after = try Self.applyFix(trace, &session, packet: "tcp from app to internet:443")
        #expect(after.allowed, "\(after.blockedAt?.componentName ?? "")")
        // The private instance still goes out through the NAT gateway and stays unreachable.
        #expect(after.hops.contains { $0.component == .natGateway })
        #expect(try session.packet("tcp from internet to app:22").blockedAt != nil)
    }

    @Test("a suggested rule goes to a group on the interface that has room; with none, the advice says what to do")
    func fullGroup() throws {
        var script = Self.vpc + "\nsg create full in lab\nsg create spare in lab\nlaunch ec2 web in pub sg full,spare public-ip"
        for port in 1000..<1060 { script += "\nsg allow full in tcp \(port) from 0.0.0.0/0" }
        var session = try lab(script)
        let trace = try session.packet("tcp from internet to web:443")
        #expect(trace.fix?.command.hasPrefix("sg allow spare in tcp 443") == true, "\(trace.fix?.command ?? trace.advice ?? "")")
        #expect(try Self.applyFix(trace, &session, packet: "tcp from internet to web:443").allowed)

        var alone = try lab(script.replacingOccurrences(of: "sg full,spare", with: "sg full"))
        let blocked = try alone.packet("tcp from internet to web:443")
        #expect(blocked.fix == nil)
        #expect(blocked.advice?.contains("revoke") == true)
        _ = alone.rejection("sg allow full in tcp 443 from 0.0.0.0/0")
    }

    @Test("deleting an attached group says what AWS lets you do: detach, attach another first, or delete the interface")
    func deleteGroupHints() throws {
        var session = try lab(Self.vpc + "\nsg create a in lab\nsg create b in lab\nsg create c in lab\nlaunch ec2 web in pub sg a,c\nlaunch ec2 solo in pub sg b\neni create loose in pub sg a")
        let two = session.rejection("sg delete a")
        #expect(two.map { "\($0)".contains("eni delete") || "\($0)".contains("detach-sg") } == true, "\(String(describing: two))")
        let only = session.rejection("sg delete b")
        #expect(only.map { "\($0)".contains("attach another group first") } == true, "\(String(describing: only))")
        _ = try session.execute("eni delete loose")
        _ = try session.execute("detach-sg web a")
        _ = try session.execute("sg delete a")
    }

    @Test("the fixes for an idle interface, port 25 and the source/destination check run and make the hop pass",
          arguments: [
            ("eni create spare in pub sg default\nlaunch ec2 web in pub", "tcp from web to spare:22"),
            ("launch ec2 web in pub public-ip", "tcp from web to internet:25"),
            ("launch ec2 box in pub public-ip\nlaunch ec2 app in priv\nrt create privrt in lab\nroute add privrt 0.0.0.0/0 via box\nrt associate privrt priv\nsg allow default in all from 10.0.2.0/24",
             "tcp from app to internet:443"),
          ])
    func resourceFixes(_ script: String, _ packet: String) throws {
        var session = try lab(Self.vpc + "\n" + script)
        let trace = try session.packet(packet)
        let blocked = try #require(trace.blockedAt)
        #expect(blocked.component == .resource)
        let after = try Self.applyFix(trace, &session, packet: packet)
        #expect(!after.hops.contains { $0.component == .resource && $0.status == .failed && $0.leg == blocked.leg && $0.direction == blocked.direction })
    }

    @Test("moving a subnet from one explicit route table to another is ReplaceRouteTableAssociation")
    func replaceAssociation() throws {
        var session = try lab(Self.vpc + "\nrt create other in lab")
        _ = try session.execute("rt associate other pub")
        #expect(session.trail.last?.eventName == "ReplaceRouteTableAssociation")
        _ = try session.execute("rt associate public priv")
        #expect(session.trail.last?.eventName == "AssociateRouteTable")
    }

    @Test("blocks written with host bits are stored canonical, and the reply says so", arguments: [
        ("vpc create x 10.1.2.3/16", "10.1.0.0/16"),
        ("subnet create s in lab 10.0.9.77/24", "10.0.9.0/24"),
        ("route add public 8.8.8.8/8 via gw", "8.0.0.0/8"),
    ])
    func canonicalBlocks(_ line: String, _ stored: String) throws {
        var session = try lab(Self.vpc)
        guard case .message(let text)? = try session.execute(line) else {
            Issue.record("\(line) gave no message")
            return
        }
        #expect(text.contains(stored) && text.contains("host bits cleared"), "\(text)")
    }
}
