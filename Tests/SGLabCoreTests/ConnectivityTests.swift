import Foundation
import SGLabCore
import SGLabLanguage
import Testing

/// Decisions 24–26 beyond what the scenario scripts say: CloudTrail events, saved worlds,
/// transit gateway route tables, IPv6 defaults.
@Suite("Transit gateways, IPv6 and NAT kinds (decisions 24-26)")
struct ConnectivityTests {
    static let world = """
        vpc create a 10.0.0.0/16
        vpc create b 10.1.0.0/16
        vpc ipv6 a
        subnet create a1 in a 10.0.1.0/24 az us-east-1a
        subnet ipv6 a1
        subnet create b1 in b 10.1.1.0/24 az us-east-1a
        igw create gw in a
        eigw create out6 in a
        launch ec2 web in a1 ipv6
        nat create pnat in a1 private
        nat create egress regional in a
        tgw create hub sg-referencing on
        tgw attach hub a in a1
        tgw attach hub b in b1
        tgw-rt create isolated in hub
        tgw-rt associate isolated hub-a
        tgw-rt propagate isolated hub-b
        tgw-route add isolated 10.9.0.0/16 blackhole
        route add a/main 10.1.0.0/16 via hub
        route add a/main ::/0 via out6
        sg create shared in a "shared"
        sg associate shared b
        """

    @Test("every change leaves the CloudTrail event AWS names it with")
    func trail() throws {
        let session = try lab(Self.world)
        let names = Set(session.trail.map(\.eventName))
        for event in [
            "AssociateVpcCidrBlock", "AssociateSubnetCidrBlock", "CreateEgressOnlyInternetGateway",
            "CreateNatGateway", "CreateTransitGateway", "CreateTransitGatewayVpcAttachment", "CreateTransitGatewayRouteTable",
            "AssociateTransitGatewayRouteTable", "EnableTransitGatewayRouteTablePropagation", "CreateTransitGatewayRoute",
            "AssociateSecurityGroupVpc",
        ] {
            #expect(names.contains(event), "no \(event)")
        }
    }

    @Test("a world with all of it saves as version 3 and loads back equal")
    func saved() throws {
        let session = try lab(Self.world)
        let data = try JSONEncoder().encode(session.world)
        #expect(String(decoding: data, as: UTF8.self).contains("\"version\":3"))
        #expect(try JSONDecoder().decode(World.self, from: data) == session.world)
    }

    @Test("a VPC given IPv6 gains the local route in every table, ::/0 out in its default group and rules 101 in its default ACL")
    func ipv6Defaults() throws {
        let session = try lab("vpc create a 10.0.0.0/16\nrt create extra in a\nnacl add default out 50 deny tcp 25 to 0.0.0.0/0\nvpc ipv6 a")
        let vpc = try #require(session.world.vpcs.values.first)
        let block = try #require(vpc.ipv6CIDR)
        #expect(block.prefixLength == 56 && block.isIPv6)
        #expect(session.world.routeTables.values.allSatisfy { $0.routes.contains { $0.destination == block && $0.target == .local } })
        let sg = try #require(session.world.securityGroups[vpc.defaultSecurityGroupID])
        #expect(sg.egress.contains { $0.peer == .cidr(.anywhere6) })
        let acl = try #require(session.world.networkACLs[vpc.defaultNetworkACLID])
        // Inbound was untouched: rule 101 added; outbound had been changed: not.
        #expect(acl.inbound.contains { $0.ruleNumber == 101 && $0.cidr == .anywhere6 })
        #expect(!acl.outbound.contains { $0.ruleNumber == 101 })
    }

    @Test("a transit gateway route table lists static routes first, then the propagated blocks")
    func effectiveRoutes() throws {
        let session = try lab(Self.world)
        let table = try #require(session.world.transitGatewayRouteTables.values.first { $0.name == "isolated" })
        let routes = session.world.effectiveRoutes(table)
        #expect(routes.map(\.route.destination.description) == ["10.9.0.0/16", "10.1.0.0/16"])
        #expect(routes.map(\.propagated) == [false, true])
    }

    @Test("a packet between VPCs through the transit gateway, from the associated table's routes")
    func throughHub() throws {
        var session = try lab(Self.world + "\nlaunch ec2 b-db in b1\nroute add b/main 10.0.0.0/16 via hub")
        #expect(try session.packet("tcp from web to b-db:443").blockedAt?.component == .securityGroup)
        _ = try session.execute("sg allow b/default in tcp 443 from a/default")
        #expect(try session.packet("tcp from web to b-db:443").allowed)
    }
}
