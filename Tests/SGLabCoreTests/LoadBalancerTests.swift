import Foundation
import SGLabCore
import SGLabLanguage
import Testing

/// aws-semantics.md Part 1 decisions 21 and 22 (aws-services.md §1, §2, §5): what the scenario
/// scripts cannot say with `expect` alone — which flow a hop belongs to, what the target sees,
/// health-check results, tracking, flow logs, saved worlds.
@Suite("Load balancers and VPC endpoints (decisions 21 and 22)")
struct LoadBalancerTests {
    static let albLab = """
        vpc create lab 10.0.0.0/16
        subnet create pub-a in lab 10.0.0.0/24 az us-east-1a
        subnet create pub-b in lab 10.0.1.0/24 az us-east-1b
        subnet create app in lab 10.0.10.0/24 az us-east-1a
        igw create gw in lab
        rt create public in lab
        route add public 0.0.0.0/0 via gw
        rt associate public pub-a
        rt associate public pub-b
        sg create alb-sg in lab "ALB"
        sg allow alb-sg in tcp 80 from 0.0.0.0/0
        sg create web-sg in lab "web"
        sg allow web-sg in tcp 8080 from alb-sg
        launch ec2 web-1 in app sg web-sg
        lb create web-alb alb internet-facing in pub-a,pub-b sg alb-sg
        tg create web-tg in lab http 8080
        tg register web-tg web-1
        listener add web-alb http 80 to web-tg
        """

    static let nlbLab = """
        vpc create lab 10.0.0.0/16
        subnet create pub-a in lab 10.0.0.0/24 az us-east-1a
        subnet create pub-b in lab 10.0.1.0/24 az us-east-1b
        subnet create app in lab 10.0.10.0/24 az us-east-1a
        igw create gw in lab
        rt create public in lab
        route add public 0.0.0.0/0 via gw
        rt associate public pub-a
        rt associate public pub-b
        sg create app-sg in lab "targets"
        sg allow app-sg in tcp 80 from 0.0.0.0/0
        launch ec2 api-1 in app sg app-sg
        lb create api-nlb nlb internet-facing in pub-a,pub-b
        tg create api-tg in lab tcp 80
        tg register api-tg api-1
        listener add api-nlb tcp 80 to api-tg
        """

    // Decision 21: two flows, front then back, each with its request and response legs, in
    // that order; the target sees the node's private address.
    @Test("an ALB packet is the front flow's request, the back flow's request and reply, then the front flow's reply")
    func flowsInOrder() throws {
        let session = try lab(Self.albLab)
        let trace = try session.packet("tcp from internet to web-alb:80")
        #expect(trace.allowed)
        var parts: [String] = []
        for hop in trace.hops {
            let part = "\(hop.flow?.rawValue ?? "-") \(hop.leg.rawValue)"
            if parts.last != part { parts.append(part) }
        }
        #expect(parts == ["front request", "back request", "back response", "front response"])
        let node = try #require(session.world.loadBalancers.values.first?.nodeInterfaceIDs.first)
        let nodeAddress = try #require(session.world.interfaces[node]?.privateAddress)
        let targetInbound = try #require(trace.hops.first { $0.flow == .back && $0.componentName == "security-group-inbound" })
        #expect(targetInbound.view.hasPrefix("\(nodeAddress):"), "\(targetInbound.view)")
    }

    // aws-services.md A2: the target group allows the client's CIDR, not the ALB's group.
    @Test("a target group that allows the client's CIDR instead of the ALB's group is blocked on the back flow, and the fix names the ALB's group")
    func clientCIDRIsNotEnough() throws {
        var session = try lab(Self.albLab)
        try session.runScript("""
            sg revoke web-sg in tcp 8080 from alb-sg
            sg allow web-sg in tcp 8080 from 198.51.100.0/24
            """)
        let trace = try session.packet("tcp from internet to web-alb:80")
        let blocked = try #require(trace.blockedAt)
        #expect(blocked.flow == .back && blocked.componentName == "security-group-inbound")
        let fix = try #require(trace.fix)
        #expect(fix.command == "sg allow web-sg in tcp 8080 from alb-sg", "\(fix.command)")
        _ = try session.execute(fix.command)
        #expect(try session.packet("tcp from internet to web-alb:80").allowed)
    }

    // aws-services.md N1/N2 and the preservation table: who the target sees.
    @Test(
        "client IP preservation decides what the target sees",
        arguments: [
            ("", true),  // instance targets: on by default
            ("tg set api-tg preserve-client-ip off", false),
        ])
    func preservation(change: String, seesClient: Bool) throws {
        var session = try lab(Self.nlbLab)
        if !change.isEmpty { _ = try session.execute(change) }
        let trace = try session.packet("tcp from internet to api-nlb:80")
        let inbound = try #require(trace.hops.first { $0.flow == .back && $0.componentName == "security-group-inbound" })
        #expect(inbound.view.hasPrefix("198.51.100.10:") == seesClient, "\(inbound.view)")
        #expect(trace.allowed)
    }

    @Test("target group defaults: instance targets preserve the client's address, ip targets over TCP do not, over UDP always")
    func preservationDefaults() throws {
        var session = try lab(Self.nlbLab)
        try session.runScript("""
            tg create ip-tcp in lab tcp 80 ip
            tg create ip-udp in lab udp 53 ip
            tg create web in lab http 80
            """)
        let groups = session.world.targetGroups
        func preserves(_ name: String) throws -> Bool {
            try #require(groups.values.first { $0.name == name }).preservesClientIP
        }
        #expect(try preserves("api-tg"))
        #expect(try !preserves("ip-tcp"))
        #expect(try preserves("ip-udp"))
        #expect(try !preserves("web"))
    }

    // "Security group connection tracking": NLB flows are automatically tracked.
    @Test("flows through a Network Load Balancer are always tracked, even with rules that would leave them untracked")
    func nlbTracked() throws {
        var session = try lab(Self.nlbLab)
        let (_, connection) = try session.connect("tcp from internet to api-nlb:80")
        let tracking = try #require(connection?.tracking)
        #expect(!tracking.isEmpty)
        #expect(tracking.allSatisfy { $0.tracked })
        #expect(tracking.contains { $0.reason.contains("Network Load Balancer") })
    }

    // "Health checks for your target groups": per target, with the failing hop.
    @Test("lb health reports a target unhealthy with the hop that stops its check, healthy once fixed")
    func healthChecks() throws {
        var session = try lab(Self.albLab)
        try session.runScript("""
            nacl create app-acl in lab
            nacl associate app-acl app
            nacl add app-acl in 100 allow tcp 8080 from 10.0.0.0/16
            nacl add app-acl out 100 allow tcp 80 to 0.0.0.0/0
            """)
        let lbID = try session.world.resolve(LoadBalancer.self, "web-alb")
        var health = try session.world.targetHealth(lbID)
        #expect(health.count == 1)
        let result = try #require(health.first)
        #expect(!result.healthy)
        #expect(result.reason == "Target.Timeout")
        #expect(result.failingHop?.componentName == "network-acl-outbound")
        #expect(result.failingHop?.leg == .response)
        // Fail-open: the packet still gets as far as the same network ACL, and says why.
        let trace = try session.packet("tcp from internet to web-alb:80")
        #expect(trace.hops.contains { $0.detail.contains("fail-open") })
        #expect(trace.blockedAt?.componentName == "network-acl-outbound")
        _ = try session.execute("nacl add app-acl out 110 allow tcp 1024-65535 to 10.0.0.0/16")
        health = try session.world.targetHealth(lbID)
        #expect(health.allSatisfy { $0.healthy })
        #expect(try session.packet("tcp from internet to web-alb:80").allowed)
    }

    @Test("with one target unhealthy the load balancer sends the connection to a healthy one")
    func skipsUnhealthy() throws {
        var session = try lab(Self.albLab)
        try session.runScript("""
            subnet create app-b in lab 10.0.11.0/24 az us-east-1b
            launch ec2 web-2 in app-b sg web-sg
            tg register web-tg web-2
            nacl create strict in lab
            nacl associate strict app
            nacl add strict in 100 allow tcp 8080 from 10.0.0.0/16
            """)
        let trace = try session.packet("tcp from internet to web-alb:80")
        #expect(trace.allowed)
        let web2 = try session.world.resolve(Resource.self, "web-2")
        let reached = try #require(trace.hops.first { $0.flow == .back && $0.component == .note && $0.detail.hasPrefix("reaches") })
        #expect(reached.resourceID == session.world.resources[web2]?.primaryInterfaceID.rawValue)
        #expect(trace.hops.contains { $0.detail.contains("fails its health checks") })
    }

    // aws-services.md §2.1: an NLB without groups filters nothing at its nodes.
    @Test("an NLB without security groups lets every client through to its listeners")
    func nlbWithoutGroups() throws {
        let session = try lab(Self.nlbLab)
        let trace = try session.packet("tcp from 203.0.113.9 to api-nlb:80")
        #expect(trace.allowed)
        #expect(!trace.hops.contains { $0.flow == .front && $0.component == .securityGroup && $0.direction == .inbound })
    }

    @Test("a load balancer starts nothing, and a gateway endpoint is not an address")
    func notEndpointsOfPackets() throws {
        var session = try lab(Self.albLab + "\nendpoint create s3-gw gateway s3 in lab")
        #expect(session.rejection("packet tcp from web-alb to internet:80") != nil)
        #expect(session.rejection("packet tcp from web-1 to s3-gw:443") != nil)
        #expect(session.rejection("packet tcp from s3 to web-1:443") != nil)
    }

    // Decision 22: private DNS decides where the service's name goes.
    @Test("with private DNS the service's name reaches the endpoint's node in the VPC; without, its public address")
    func privateDNS() throws {
        var session = try lab("""
            vpc create lab 10.0.0.0/16
            subnet create app in lab 10.0.10.0/24
            sg create ep-sg in lab "endpoint"
            sg allow ep-sg in tcp 443 from 10.0.0.0/16
            launch ec2 app-1 in app
            endpoint create ssm-ep interface ssm in app sg ep-sg
            """)
        var trace = try session.packet("tcp from app-1 to ssm:443")
        #expect(trace.allowed)
        #expect(trace.summary.contains("10.0.10."), "\(trace.summary)")
        _ = try session.execute("endpoint set ssm-ep private-dns off")
        trace = try session.packet("tcp from app-1 to ssm:443")
        #expect(trace.summary.contains("52.46.150.10"), "\(trace.summary)")
        #expect(trace.blockedAt?.component == .routeTable)
    }

    @Test("a load-balanced trace in --json names the flow where it is blocked")
    func jsonFlow() throws {
        var session = try lab(Self.albLab)
        _ = try session.execute("sg revoke alb-sg out all to 0.0.0.0/0")
        let trace = try session.packet("tcp from internet to web-alb:80")
        #expect(trace.blockedAt?.flow == .back)
        #expect(trace.blockedAt?.componentName == "security-group-outbound")
    }

    // The saved-world format: version 2 only when the world has load balancers or endpoints.
    @Test("a world with load balancers and endpoints saves as version 2 and loads back equal; one without stays version 1")
    func savedWorlds() throws {
        let session = try lab(Self.albLab + "\nendpoint create s3-gw gateway s3 in lab rt public")
        let data = try JSONEncoder().encode(session.world)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\"version\":2"))
        let loaded = try JSONDecoder().decode(World.self, from: data)
        #expect(loaded == session.world)
        let plain = try lab("vpc create lab 10.0.0.0/16")
        #expect(String(decoding: try JSONEncoder().encode(plain.world), as: UTF8.self).contains("\"version\":1"))
    }

    @Test("a saved world whose load balancer node lost its owner is refused")
    func corruptNode() throws {
        let session = try lab(Self.albLab)
        let data = try JSONEncoder().encode(session.world)
        var text = String(decoding: data, as: UTF8.self)
        text = text.replacingOccurrences(of: "\"createdWithSecurityGroups\":true", with: "\"createdWithSecurityGroups\":false")
        #expect(throws: (any Error).self) { try JSONDecoder().decode(World.self, from: Data(text.utf8)) }
    }

    @Test("every load balancer and endpoint change leaves the CloudTrail event AWS names it with")
    func trail() throws {
        var session = try lab(Self.albLab)
        try session.runScript("""
            tg set web-tg health-port 8081
            tg deregister web-tg web-1
            listener delete web-alb 80
            lb set-groups web-alb alb-sg,web-sg
            endpoint create ssm-ep interface ssm in app
            endpoint set ssm-ep private-dns off
            endpoint delete ssm-ep
            tg delete web-tg
            lb delete web-alb
            """)
        let names = session.trail.map(\.eventName)
        for event in [
            "CreateLoadBalancer", "CreateTargetGroup", "RegisterTargets", "CreateListener", "ModifyTargetGroup",
            "DeregisterTargets", "DeleteListener", "SetSecurityGroups", "CreateVpcEndpoint", "ModifyVpcEndpoint",
            "DeleteVpcEndpoints", "DeleteTargetGroup", "DeleteLoadBalancer",
        ] {
            #expect(names.contains(event), "no \(event) in \(names)")
        }
    }

    @Test("terminating a registered instance deregisters it; deleting a load balancer frees its nodes' addresses")
    func cleanup() throws {
        var session = try lab(Self.albLab)
        _ = try session.execute("ec2 delete web-1")
        #expect(session.world.targetGroups.values.allSatisfy { $0.targets.isEmpty })
        let before = session.world.interfaces.count
        _ = try session.execute("lb delete web-alb")
        #expect(session.world.interfaces.count == before - 2)
        #expect(session.world.loadBalancers.isEmpty)
    }
}

/// aws-semantics.md Part 1 decision 23 (aws-services.md §4): what the peering scripts cannot say.
@Suite("VPC peering (decision 23)")
struct PeeringTests {
    static let world = """
        vpc create a 10.0.0.0/16
        vpc create b 10.1.0.0/16
        subnet create a-app in a 10.0.1.0/24
        subnet create b-db in b 10.1.1.0/24
        sg create app-sg in a "app"
        sg create db-sg in b "database"
        launch ec2 app in a-app sg app-sg
        launch rds db in b-db sg db-sg
        peering create a-b a b
        route add a/main 10.1.0.0/16 via a-b
        route add b/main 10.0.0.0/16 via a-b
        sg allow db-sg in tcp 5432 from a/app-sg
        """

    @Test("overlapping blocks cannot be peered, and nothing changes")
    func overlap() throws {
        var session = try lab("vpc create a 10.0.0.0/16\nvpc create b 10.0.128.0/17")
        let before = session.world
        let rejected = session.rejection("peering create a-b a b")
        let error = try #require(rejected)
        #expect(error.message.contains("overlap") && error.message.contains("failed"))
        #expect(session.world == before)
    }

    @Test("a deleted peering leaves the rule stale, and a new peering brings it back")
    func staleAndBack() throws {
        var session = try lab(Self.world)
        #expect(session.world.staleRules().isEmpty)
        _ = try session.execute("peering delete a-b")
        let stale = session.world.staleRules()
        #expect(stale.count == 1 && stale.first?.direction == .inbound)
        try session.runScript("""
            peering create a-b2 a b
            route replace a/main 10.1.0.0/16 via a-b2
            route replace b/main 10.0.0.0/16 via a-b2
            """)
        #expect(session.world.staleRules().isEmpty)
        #expect(try session.packet("tcp from app to db:5432").allowed)
    }

    @Test("a name across a peering means the private address; the route on the peer's side carries the reply")
    func namesAndRoutes() throws {
        var session = try lab(Self.world)
        let trace = try session.packet("tcp from app to db:5432")
        #expect(trace.summary.contains("10.1.1.4"))
        #expect(trace.allowed)
        _ = try session.execute("route delete b/main 10.0.0.0/16")
        let after = try session.packet("tcp from app to db:5432")
        let blocked = try #require(after.blockedAt)
        #expect(blocked.leg == .response && blocked.component == .routeTable)
    }

    @Test("a world with a peering saves as version 3 and loads back equal")
    func saved() throws {
        let session = try lab(Self.world)
        let data = try JSONEncoder().encode(session.world)
        #expect(String(decoding: data, as: UTF8.self).contains("\"version\":3"))
        #expect(try JSONDecoder().decode(World.self, from: data) == session.world)
    }

    @Test("peering events are CloudTrail's")
    func trail() throws {
        var session = try lab(Self.world)
        try session.runScript("vpc create c 10.2.0.0/16\npeering request a-c a c\npeering accept a-c\npeering delete a-c")
        let names = session.trail.map(\.eventName)
        for event in ["CreateVpcPeeringConnection", "AcceptVpcPeeringConnection", "DeleteVpcPeeringConnection"] {
            #expect(names.contains(event))
        }
    }
}
