import SGLabCore
import SGLabLanguage
import Testing

/// One test (or parameterised group) per modelling decision of aws-semantics.md Part 1.
@Suite("aws-semantics.md Part 1: modelling decisions")
struct DecisionTests {
    // MARK: Decision 1 — Scope today

    // Spec: aws-semantics.md Part 1 decision 25: IPv6 blocks are accepted where AWS takes them.
    @Test(
        "Decision 25: IPv6 blocks in rules, entries and routes are accepted",
        arguments: [
            "sg allow web in tcp 22 from ::/0", "sg allow web out tcp 443 to 2600:1f18::/40",
            "nacl add default in 50 allow all from ::/0", "route add main ::/0 via gw",
        ])
    func decision25IPv6Accepted(line: String) throws {
        var session = try lab(publicSubnet + "\nsg create web in lab\nlaunch ec2 web in pub sg web public-ip")
        #expect(session.rejection(line) == nil, "\(line)")
    }

    // Decision 25: what IPv6 is not (a VPC's own block, a fixed address), refused with a reason;
    // a packet to a resource without an IPv6 address says so; nothing changes.
    @Test(
        "Decision 25: IPv6 where AWS refuses it, or where the resource has none, is a clear error and nothing changes",
        arguments: [
            ("vpc create six 2001:db8::/56", "vpc ipv6"), ("subnet create six in lab 2001:db8::/64", "subnet ipv6"),
            ("packet tcp from internet to 2001:db8::1:443", "[2001:db8::1:443]"),
            ("packet tcp from 2001:db8::7 to web:443", "no IPv6 address"),
            ("launch ec2 six in pub ip 2001:db8::5", "ipv6"), ("eni create six in pub ip 2001:db8::6", "ipv6"),
        ])
    func decision25IPv6Refused(line: String, hint: String) throws {
        var session = try lab(publicSubnet + "\nsg create web in lab\nlaunch ec2 web in pub sg web public-ip")
        let before = session.world
        let rejected = session.rejection(line)
        let error = try #require(rejected)
        #expect((error.message + " " + (error.fix ?? "")).contains(hint), "\(line): \(error.message) \(error.fix ?? "")")
        #expect(session.world == before)
    }

    // Spec: aws-semantics.md Part 1 decision 1 ("… or an unknown resource kind gets a clear 'not modelled yet' error").
    @Test("Decision 1: launching a resource kind that is not modelled says not modelled yet", arguments: ["gwlb", "ecs", "efs"])
    func decision1UnknownKind(kind: String) throws {
        var session = try lab(publicSubnet)
        let rejected = session.rejection("launch \(kind) front in pub")
        let error = try #require(rejected)
        #expect(error.message.contains("not modelled yet"), "\(error.message)")
    }

    // Decision 21: load balancers are modelled, created with `lb create`, never launched.
    @Test("Decision 21: launch alb|nlb|elb points at lb create", arguments: ["alb", "nlb", "elb"])
    func decision21LaunchLoadBalancer(kind: String) throws {
        var session = try lab(publicSubnet)
        let rejected = session.rejection("launch \(kind) front in pub")
        let error = try #require(rejected)
        #expect(error.message.contains("lb create") && (error.fix ?? "").contains("lb create"), "\(error.message)")
        #expect(!error.message.contains("not modelled"))
    }

    // Spec: aws-semantics.md Part 1 decision 1 ("… never a wrong verdict"): routing through an instance is not modelled.
    @Test("Decision 19: a route through an instance is a verdict: its source/destination check drops the packet")
    func decision19RouteThroughInstance() throws {
        var session = try lab(
            publicSubnet + "\n"
                + """
                subnet create priv in lab 10.0.2.0/24
                launch ec2 natbox in pub public-ip
                launch ec2 app in priv
                rt create privrt in lab
                route add privrt 0.0.0.0/0 via natbox
                rt associate privrt priv
                """)
        let probe = Probe(.tcp, from: .name("app"), port: nil, to: .internet, port: 443)
        let blocked = try session.world.evaluate(probe)
        #expect(blocked.blockedAt?.componentName == "resource-inbound")
        #expect(blocked.fix?.command == "ec2 set natbox source-dest-check off")
        try session.runScript("ec2 set natbox source-dest-check off\nec2 set natbox nat-instance on")
        #expect(try session.world.evaluate(probe).allowed)
    }

    // MARK: Decision 2 — Hosts

    // Spec: aws-semantics.md Part 1 decision 2 ("`internet` … means 198.51.100.10, shown in the trace").
    @Test("Decision 2: `internet` is the host 198.51.100.10 and the trace shows it")
    func decision2InternetHost() throws {
        let session = try lab(publicSubnet + "\nsg create web in lab\nsg allow web in tcp 443 from 0.0.0.0/0\nlaunch ec2 web in pub sg web public-ip")
        #expect(EndpointReference.internetHost == IPAddress(198, 51, 100, 10))
        let trace = try session.world.evaluate(Probe(.tcp, from: .internet, port: nil, to: .name("web"), port: 443))
        #expect(trace.allowed)
        #expect(trace.summary.contains("198.51.100.10"))
        let first = try #require(trace.hops.first)
        #expect(first.view.hasPrefix("198.51.100.10:"))
        // The reply goes back to that host.
        let lastCheck = try #require(trace.checks(on: .response).last)
        #expect(lastCheck.view.contains("→ 198.51.100.10:"))
    }

    // Spec: aws-semantics.md Part 1 decision 2 + commands.md ("Public IPs and Elastic IPs … come from 3.80.0.0/12, in order").
    @Test("Decision 2: public, Elastic and NAT addresses come from 3.80.0.0/12 in order, never from documentation ranges")
    func decision2PublicPool() throws {
        let session = try lab(
            publicSubnet + "\n"
                + """
                launch ec2 a in pub public-ip
                eip allocate spare
                nat create natgw in pub
                launch ec2 b in pub public-ip
                """)
        let world = session.world
        #expect(World.publicPool == CIDR("3.80.0.0/12"))
        let addresses = world.interfaces.values.compactMap(\.publicAddress) + world.elasticIPs.values.map(\.publicAddress)
        #expect(Set(addresses).count == 4)
        let documentation = [CIDR("192.0.2.0/24"), CIDR("198.51.100.0/24"), CIDR("203.0.113.0/24")]
        for address in addresses {
            #expect(World.publicPool.contains(address), "\(address)")
            #expect(!documentation.contains { $0.contains(address) }, "\(address)")
        }
        let a = try #require(world.interfaces[world.resources[try session.id(.resource, "a")]!.primaryInterfaceID])
        let b = try #require(world.interfaces[world.resources[try session.id(.resource, "b")]!.primaryInterfaceID])
        #expect(a.publicAddress == IPAddress(3, 80, 0, 1))
        #expect(try #require(b.publicAddress) > a.publicAddress!)
    }

    // Spec: aws-semantics.md Part 1 decision 2 ("An internet packet to a resource with no public address is blocked at internet-gateway").
    @Test("Decision 2: an internet packet to a resource without a public address is blocked at the internet gateway")
    func decision2NoPublicAddress() throws {
        let session = try lab(publicSubnet + "\nsg create web in lab\nsg allow web in tcp 443 from 0.0.0.0/0\nlaunch ec2 web in pub sg web")
        let trace = try session.world.evaluate(Probe(.tcp, from: .internet, port: nil, to: .name("web"), port: 443))
        let blocked = try #require(trace.blockedAt)
        #expect(blocked.componentName == "internet-gateway-inbound")
        #expect(blocked.leg == .request)
        #expect(blocked.resourceID == (try session.id(.internetGateway, "gw")))
        #expect(blocked.code == "IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS")
        // Nothing behind the gateway was consulted.
        #expect(!trace.hops.contains { $0.component == .securityGroup || $0.component == .networkACL })
    }

    // Spec: aws-semantics.md Part 1 decision 2 ("a packet to an address inside a VPC that no resource owns is blocked at `destination`").
    @Test(
        "Decision 2: a packet to an unowned address inside the VPC is blocked at destination",
        arguments: ["10.0.1.77", "10.0.2.77", "10.0.9.9"])
    func decision2UnownedAddress(address: String) throws {
        let session = try lab(publicSubnet + "\nsubnet create priv in lab 10.0.2.0/24\nlaunch ec2 a in pub")
        let trace = try session.packet("tcp from a to \(address):443")
        let blocked = try #require(trace.blockedAt)
        #expect(blocked.component == .destination)
        #expect(blocked.componentName == "destination")
        #expect(blocked.leg == .request)
        #expect(try session.expectation("blocked at destination tcp from a to \(address):443").passed)
    }

    // Spec: aws-semantics.md Part 1 decision 2 ("A private address outside every VPC reaching an internet gateway is dropped there"); §5.1 / RA-CODES.
    @Test(
        "Decision 2: a private or shared source outside every VPC is dropped at the internet gateway",
        arguments: [
            ("10.9.9.9", "IGW_SOURCE_ADDRESS_NOT_IN_RFC1918_INGRESS"),
            ("192.168.1.20", "IGW_SOURCE_ADDRESS_NOT_IN_RFC1918_INGRESS"),
            ("172.16.0.5", "IGW_SOURCE_ADDRESS_NOT_IN_RFC1918_INGRESS"),
            ("100.64.0.9", "IGW_SOURCE_ADDRESS_NOT_IN_RFC6598_INGRESS"),
        ])
    func decision2PrivateSource(source: String, code: String) throws {
        let session = try lab(publicSubnet + "\nsg create web in lab\nsg allow web in tcp 443 from 0.0.0.0/0\nlaunch ec2 web in pub sg web public-ip")
        let trace = try session.packet("tcp from \(source) to web:443")
        let blocked = try #require(trace.blockedAt)
        #expect(blocked.componentName == "internet-gateway-inbound")
        #expect(blocked.leg == .request)
        #expect(blocked.code == code)
        // A public source is not dropped there.
        #expect(try session.packet("tcp from 203.0.113.9 to web:443").allowed)
    }

    // MARK: Decision 3 — Ports

    // Spec: aws-semantics.md Part 1 decision 3 ("a client's source port, when not given, is 49152 … A response always goes to the client's source port").
    @Test(
        "Decision 3: the client port defaults to 49152 and the response goes back to the client's port",
        arguments: [(nil, 49152), (40000, 40000), (1025, 1025)] as [(Int?, Int)])
    func decision3Ports(given: Int?, expected: Int) throws {
        let session = try lab(publicSubnet + "\nsg create web in lab\nsg allow web in tcp 443 from 0.0.0.0/0\nlaunch ec2 web in pub sg web public-ip")
        let source = given.map { "internet:\($0)" } ?? "internet"
        let trace = try session.packet("tcp from \(source) to web:443")
        let request = try #require(trace.checks(on: .request).first)
        #expect(request.view.hasPrefix("198.51.100.10:\(expected) →"))
        let response = trace.checks(on: .response)
        #expect(!response.isEmpty)
        for hop in response { #expect(hop.view.contains("198.51.100.10:\(expected) tcp"), "\(hop.view)") }
        if given == nil { #expect(Probe.defaultSourcePort == 49152) }
    }

    // Spec: aws-semantics.md Part 1 decision 3 + subtle case 4 (ephemeral mismatch) [VPC-NACL].
    @Test(
        "Decision 3: an outbound NACL range decides replies by the client's port",
        arguments: [("internet", true), ("198.51.100.7:50000", true), ("198.51.100.7:40000", false), ("198.51.100.7:49151", false)])
    func decision3EphemeralMismatch(source: String, allowed: Bool) throws {
        let session = try lab(
            publicSubnet + "\n"
                + """
                nacl create web-acl in lab
                nacl associate web-acl pub
                nacl add web-acl in 100 allow tcp 443 from 0.0.0.0/0
                nacl add web-acl out 100 allow tcp 49152-65535 to 0.0.0.0/0
                sg create web in lab
                sg allow web in tcp 443 from 0.0.0.0/0
                launch ec2 web in pub sg web public-ip
                """)
        let trace = try session.packet("tcp from \(source) to web:443")
        #expect(trace.allowed == allowed)
        if !allowed {
            let blocked = try #require(trace.blockedAt)
            #expect(blocked.componentName == "network-acl-outbound")
            #expect(blocked.leg == .response)
            #expect(blocked.resourceID == (try session.id(.networkACL, "web-acl")))
            #expect(blocked.code == "SUBNET_ACL_RESTRICTION")
            // The request itself got in.
            #expect(trace.checks(on: .request).allSatisfy { $0.passed })
        }
    }

    // MARK: Decision 4 — Order of checks

    // Spec: aws-semantics.md Part 1 decision 4 and §6 (a), (b) (IGW → NACL in → SG in; SG out → NACL out → RT → IGW).
    @Test("Decision 4: internet to instance walks gateway, ACL, group; the reply walks group, ACL, route table, gateway")
    func decision4OrderFromInternet() throws {
        let session = try lab(publicSubnet + "\nsg create web in lab\nsg allow web in tcp 443 from 0.0.0.0/0\nlaunch ec2 web in pub sg web public-ip")
        let trace = try session.packet("tcp from internet to web:443")
        #expect(
            trace.checkpoints == [
                "request internet-gateway-inbound", "request network-acl-inbound", "request security-group-inbound",
                "response security-group-outbound", "response network-acl-outbound", "response route-table-outbound",
                "response internet-gateway-outbound",
            ])
    }

    // Spec: aws-semantics.md Part 1 decision 4 and §6 (d) (SGa OUT → NACL(S1) OUT → RT(S1) → NACL(S2) IN → SGb IN, reply reversed).
    @Test("Decision 4: between subnets the request and the reply each walk group, ACL, route table, ACL, group")
    func decision4OrderBetweenSubnets() throws {
        let session = try lab(
            publicSubnet + "\n"
                + """
                subnet create priv in lab 10.0.2.0/24
                nacl create privacl in lab
                nacl associate privacl priv
                nacl add privacl in 100 allow all from 10.0.0.0/16
                nacl add privacl out 100 allow all to 10.0.0.0/16
                sg create db in lab
                sg allow db in tcp 5432 from 10.0.1.0/24
                launch ec2 app in pub
                launch rds db in priv sg db
                """)
        let trace = try session.packet("tcp from app to db:5432")
        #expect(trace.allowed)
        let walk = [
            "security-group-outbound", "network-acl-outbound", "route-table-outbound", "network-acl-inbound",
            "security-group-inbound",
        ]
        #expect(trace.checkpoints == walk.map { "request \($0)" } + walk.map { "response \($0)" })
        // The request leg leaves app's subnet and enters db's; the reply does the opposite.
        let pubACL = try session.id(.networkACL, "default")
        let privACL = try session.id(.networkACL, "privacl")
        #expect(trace.checks(on: .request).filter { $0.component == .networkACL }.map(\.resourceID) == [pubACL, privACL])
        #expect(trace.checks(on: .response).filter { $0.component == .networkACL }.map(\.resourceID) == [privACL, pubACL])
        let appSG = try session.id(.securityGroup, "default")
        let dbSG = try session.id(.securityGroup, "db")
        #expect(trace.checks(on: .request).filter { $0.component == .securityGroup }.map(\.resourceID) == [appSG, dbSG])
        #expect(trace.checks(on: .response).filter { $0.component == .securityGroup }.map(\.resourceID) == [dbSG, appSG])
    }

    // Spec: aws-semantics.md Part 1 decision 4 ("decides which check a blocked packet reports") + commands.md (the trace marks every later check).
    @Test("Decision 4: when several checks fail, the first in walking order is reported and the later ones are still marked")
    func decision4FirstFailureReported() throws {
        let session = try lab(
            publicSubnet + "\n"
                + """
                nacl create shut in lab
                nacl associate shut pub
                sg create web in lab
                sg revoke web out all to 0.0.0.0/0
                launch ec2 web in pub sg web public-ip
                """)
        let trace = try session.packet("tcp from web to internet:443")
        let blocked = try #require(trace.blockedAt)
        #expect(blocked.componentName == "security-group-outbound")
        #expect(blocked.leg == .request)
        let failed = trace.hops.filter { $0.status == .failed }.map(\.componentName)
        #expect(failed.first == "security-group-outbound")
        #expect(failed.contains("network-acl-outbound"))
        // With the group opened, the ACL is the first failure.
        var opened = session
        try opened.runScript("sg allow web out tcp 443 to 0.0.0.0/0")
        #expect(try opened.packet("tcp from web to internet:443").blockedAt?.componentName == "network-acl-outbound")
    }

    // Spec: aws-semantics.md Part 1 decision 4 ("The request leg is walked first, then the response leg").
    @Test("Decision 4: a request-leg failure is reported before a response-leg failure")
    func decision4RequestBeforeResponse() throws {
        let session = try lab(
            publicSubnet + "\n"
                + """
                nacl create shut in lab
                nacl associate shut pub
                sg create web in lab
                sg allow web in tcp 443 from 0.0.0.0/0
                launch ec2 web in pub sg web public-ip
                """)
        let trace = try session.packet("tcp from internet to web:443")
        let blocked = try #require(trace.blockedAt)
        #expect(blocked.componentName == "network-acl-inbound")
        #expect(blocked.leg == .request)
        #expect(trace.checks(on: .response).contains { $0.componentName == "network-acl-outbound" && !$0.passed })
    }

    // MARK: Decision 5 — Within one subnet

    // Spec: aws-semantics.md Part 1 decision 5 + subtle cases 1 and 2 [VPC-NACL] [VPC-RT].
    @Test("Decision 5: within one subnet there is no network ACL and no route table; across subnets the shared ACL blocks")
    func decision5SameSubnet() throws {
        let session = try lab(
            """
            vpc create lab 10.0.0.0/16
            subnet create net-a in lab 10.0.1.0/24
            subnet create net-b in lab 10.0.2.0/24
            nacl create shut in lab
            nacl associate shut net-a
            nacl associate shut net-b
            sg create app in lab
            sg allow app in tcp 5432 from app
            launch ec2 a in net-a sg app ip 10.0.1.10
            launch ec2 b in net-a sg app ip 10.0.1.20
            launch ec2 c in net-b sg app ip 10.0.2.20
            """)
        let same = try session.packet("tcp from a to b:5432")
        #expect(same.allowed)
        #expect(!same.hops.contains { $0.component == .networkACL || $0.component == .routeTable })
        #expect(
            same.checkpoints == [
                "request security-group-outbound", "request security-group-inbound", "response security-group-outbound",
                "response security-group-inbound",
            ])

        let across = try session.packet("tcp from a to c:5432")
        let blocked = try #require(across.blockedAt)
        #expect(blocked.componentName == "network-acl-outbound")
        #expect(blocked.leg == .request)
        #expect(blocked.resourceID == (try session.id(.networkACL, "shut")))
        #expect(blocked.code == "SUBNET_ACL_RESTRICTION")
        #expect(blocked.rule == "*")
    }

    // MARK: Decision 6 — Connection tracking

    // Spec: aws-semantics.md Part 1 decision 6 + subtle case 5 [VPC-SGR] [EC2-CT].
    @Test("Decision 6: replies pass security groups with no rules for them, but nothing new leaves a group without outbound rules")
    func decision6StatefulGroups() throws {
        let session = try lab(
            publicSubnet + "\n"
                + """
                sg create ssh in lab
                sg allow ssh in tcp 22 from 0.0.0.0/0
                sg revoke ssh out all to 0.0.0.0/0
                launch ec2 web in pub sg ssh public-ip
                """)
        let inbound = try session.packet("tcp from internet to web:22")
        #expect(inbound.allowed)
        let replyHop = try #require(inbound.checks(on: .response).first { $0.component == .securityGroup })
        #expect(replyHop.passed)
        #expect(replyHop.rule == nil)  // no rule decided it: tracking did

        let outbound = try session.packet("tcp from web to internet:443")
        let blocked = try #require(outbound.blockedAt)
        #expect(blocked.componentName == "security-group-outbound")
        #expect(blocked.leg == .request)
        #expect(blocked.code == "SG_HAS_NO_RULES")
    }

    // Spec: aws-semantics.md Part 1 decision 6 ("network ACLs are evaluated on both legs, as the stateless rules they are") [VPC-NACL].
    @Test("Decision 6: network ACLs are checked on the reply too: inbound ACCEPT, outbound REJECT")
    func decision6StatelessACL() throws {
        let session = try lab(
            publicSubnet + "\n"
                + """
                nacl create web-acl in lab
                nacl associate web-acl pub
                nacl add web-acl in 100 allow tcp 22 from 0.0.0.0/0
                sg create ssh in lab
                sg allow ssh in tcp 22 from 0.0.0.0/0
                launch ec2 web in pub sg ssh public-ip
                """)
        let trace = try session.packet("tcp from internet to web:22")
        let blocked = try #require(trace.blockedAt)
        #expect(blocked.componentName == "network-acl-outbound")
        #expect(blocked.leg == .response)
        #expect(trace.checks(on: .request).allSatisfy { $0.passed })
    }

    // Spec: aws-semantics.md Part 1 decision 6 + subtle case 6 [EC2-CT] (tracked survives rule removal, untracked dies, NACL cuts at once).
    @Test("Decision 6: a tracked connection outlives its rule, an untracked one dies, and a NACL change cuts at once")
    func decision6EstablishedConnections() throws {
        var session = try lab(
            publicSubnet + "\n"
                + """
                sg create open-sg in lab
                sg allow open-sg in tcp 22 from 0.0.0.0/0
                sg create narrow-sg in lab
                sg allow narrow-sg in tcp 22 from 203.0.113.1/32
                launch ec2 web1 in pub sg open-sg public-ip
                launch ec2 web2 in pub sg narrow-sg public-ip
                """)
        let (_, open) = try session.connect("tcp from internet to web1:22")
        let (_, narrow) = try session.connect("tcp from 203.0.113.1 to web2:22")
        let untracked = try #require(open)
        let tracked = try #require(narrow)
        #expect(untracked.tracking.contains { !$0.tracked })
        #expect(tracked.tracking.allSatisfy { $0.tracked } && !tracked.tracking.isEmpty)

        try session.runScript(
            """
            sg revoke open-sg in tcp 22 from 0.0.0.0/0
            sg revoke narrow-sg in tcp 22 from 203.0.113.1/32
            """)
        let cut = try session.packet("tcp from internet to web1:22")
        #expect(cut.blockedAt?.componentName == "security-group-inbound")
        let survives = try session.packet("tcp from 203.0.113.1 to web2:22")
        #expect(survives.allowed)
        #expect(survives.connection == tracked.number)
        // A new connection (another source port) is not admitted.
        #expect(try session.packet("tcp from 203.0.113.1:50000 to web2:22").blockedAt?.componentName == "security-group-inbound")

        try session.runScript("nacl add default in 50 deny all from 203.0.113.1/32")
        let denied = try session.packet("tcp from 203.0.113.1 to web2:22")
        #expect(denied.blockedAt?.componentName == "network-acl-inbound")
        #expect(denied.blockedAt?.rule == "50")
        try session.runScript("nacl remove default in 50")
        #expect(try session.packet("tcp from 203.0.113.1 to web2:22").allowed)
    }

    // Spec: aws-semantics.md §2 [EC2-CT] via decision 6 (ICMP is always tracked, even under the untracking condition).
    @Test("Decision 6: ICMP flows are tracked even when TCP under the same rules is not")
    func decision6ICMPTracked() throws {
        var session = try lab(
            publicSubnet + "\n"
                + """
                sg create web-sg in lab
                sg allow web-sg in icmp from 0.0.0.0/0
                sg allow web-sg in tcp 80 from 0.0.0.0/0
                launch ec2 web in pub sg web-sg public-ip
                """)
        let (_, ping) = try session.connect("icmp echo-request from internet to web")
        let (_, http) = try session.connect("tcp from internet to web:80")
        #expect(try #require(ping).tracking.allSatisfy { $0.tracked })
        #expect(try #require(http).tracking.contains { !$0.tracked })
        try session.runScript("sg revoke web-sg in icmp from 0.0.0.0/0\nsg revoke web-sg in tcp 80 from 0.0.0.0/0")
        #expect(try session.packet("icmp echo-request from internet to web").allowed)
        #expect(try session.packet("tcp from internet to web:80").blockedAt?.componentName == "security-group-inbound")
    }

    // MARK: Decision 7 — Internet gateway

    // Spec: aws-semantics.md Part 1 decision 7 ("1:1 NAT to the private address before any ACL or group sees it") [VPC-IGW].
    @Test("Decision 7: the gateway translates the public destination before the ACL and the group see the packet")
    func decision7TranslationFirst() throws {
        let session = try lab(publicSubnet + "\nsg create web in lab\nsg allow web in tcp 443 from 0.0.0.0/0\nlaunch ec2 web in pub sg web public-ip")
        let world = session.world
        let eni = try #require(world.interfaces[world.resources[try session.id(.resource, "web")]!.primaryInterfaceID])
        let publicAddress = try #require(eni.publicAddress)
        let trace = try session.packet("tcp from internet to \(publicAddress):443")
        #expect(trace.allowed)
        let request = trace.checks(on: .request)
        #expect(request.first?.component == .internetGateway)
        for hop in request.dropFirst() {
            #expect(hop.view.contains("→ \(eni.privateAddress):443"), "\(hop.componentName): \(hop.view)")
            #expect(!hop.view.contains("\(publicAddress)"))
        }
        // On the way out the reply is translated back to the public address.
        let egress = try #require(trace.checks(on: .response).last)
        #expect(egress.componentName == "internet-gateway-outbound")
        #expect(egress.view.hasPrefix("\(eni.privateAddress):443"))
        #expect(egress.translated?.hasPrefix("\(publicAddress):443") == true)
    }

    // Spec: aws-semantics.md Part 1 decision 7 ("outbound only from an ENI that has a public IP") + subtle case 13 [VPC-IGW] [RA-CODES].
    @Test("Decision 7: an instance without a public address cannot leave through the gateway")
    func decision7EgressNeedsPublicIP() throws {
        let session = try lab(publicSubnet + "\nlaunch ec2 web in pub")
        let trace = try session.packet("tcp from web to internet:443")
        let blocked = try #require(trace.blockedAt)
        #expect(blocked.componentName == "internet-gateway-outbound")
        #expect(blocked.leg == .request)
        #expect(blocked.resourceID == (try session.id(.internetGateway, "gw")))
        #expect(blocked.code == "IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS")
    }

    // Spec: aws-semantics.md Part 1 decision 7 ("the response of an inbound flow needs a route from the subnet to that gateway") + subtle case 12.
    @Test("Decision 7: with a public address but no route to the gateway, the reply is blocked at the route table")
    func decision7ReplyNeedsRoute() throws {
        let session = try lab(
            """
            vpc create lab 10.0.0.0/16
            subnet create app-net in lab 10.0.1.0/24
            igw create gw
            igw attach gw lab
            sg create ssh-sg in lab
            sg allow ssh-sg in tcp 22 from 0.0.0.0/0
            launch ec2 web in app-net sg ssh-sg
            eip allocate web-eip
            eip associate web-eip web
            """)
        let trace = try session.packet("tcp from internet to web:22")
        let blocked = try #require(trace.blockedAt)
        #expect(blocked.componentName == "route-table-outbound")
        #expect(blocked.leg == .response)
        #expect(blocked.resourceID == (try session.id(.routeTable, "main")))
        #expect(blocked.code == "NO_ROUTE_TO_DESTINATION")
        #expect(trace.checks(on: .request).allSatisfy { $0.passed })
    }

    // Spec: aws-semantics.md Part 1 decisions 7 ("the response of an inbound flow needs a route … to that gateway") and 8
    // ("Nothing initiated from the internet passes a NAT gateway"); exam trap 12 ("Instance with EIP in private subnet → no internet").
    @Test("Decision 7: a public instance whose subnet routes to a NAT gateway cannot answer the internet")
    func decision7ReplyThroughNAT() throws {
        let session = try lab(natLayout + "\nsg create web in lab\nsg allow web in tcp 443 from 0.0.0.0/0\nlaunch ec2 pubapp in priv sg web public-ip")
        let trace = try session.packet("tcp from internet to pubapp:443")
        // The request reaches the instance through the internet gateway …
        #expect(trace.checks(on: .request).allSatisfy { $0.passed })
        // … but the reply would leave through the NAT gateway, from the NAT's address and port,
        // which is not the address the client connected to.
        let verdict = trace.allowed ? "allowed" : "blocked"
        #expect(verdict == "blocked")
        #expect(trace.blockedAt?.leg == .response)
        #expect(trace.blockedAt?.componentName == "route-table-outbound")
    }

    // Spec: aws-semantics.md Part 1 decision 7 ("a hairpin arrives with the sender's public IP, so security-group references do not match it") + subtle case 3.
    @Test("Decision 7: through the other instance's Elastic IP a group reference no longer matches")
    func decision7Hairpin() throws {
        let session = try lab(
            publicSubnet + "\n"
                + """
                subnet create pub-b in lab 10.0.2.0/24
                rt associate pubrt pub-b
                sg create bastion-sg in lab
                sg create web-sg in lab
                sg allow web-sg in tcp 22 from bastion-sg
                launch ec2 bastion in pub sg bastion-sg
                launch ec2 web in pub-b sg web-sg
                eip allocate bastion-eip
                eip associate bastion-eip bastion
                eip allocate web-eip
                eip associate web-eip web
                """)
        #expect(try session.packet("tcp from bastion to web:22").allowed)
        let hairpin = try session.packet("tcp from bastion to web-eip:22")
        let blocked = try #require(hairpin.blockedAt)
        #expect(blocked.componentName == "security-group-inbound")
        #expect(blocked.leg == .request)
        #expect(blocked.resourceID == (try session.id(.securityGroup, "web-sg")))
        #expect(blocked.code == "ENI_SG_RULES_MISMATCH")
        let bastionEIP = try #require(session.world.elasticIPs[try session.id(.elasticIP, "bastion-eip")]?.publicAddress)
        #expect(blocked.view.hasPrefix("\(bastionEIP):"))
    }

    // MARK: Decision 7a — Public addresses without a gateway

    // Spec: aws-semantics.md Part 1 decision 7a (`launch ... public-ip` succeeds without an IGW; EIP association needs one: Gateway.NotAttached).
    @Test("Decision 7a: a public IP can be launched without a gateway, but an Elastic IP cannot be associated without one")
    func decision7aPublicAddressWithoutGateway() throws {
        var session = try lab(
            """
            vpc create lab 10.0.0.0/16
            subnet create pub in lab 10.0.1.0/24
            sg create web in lab
            sg allow web in tcp 443 from 0.0.0.0/0
            launch ec2 web in pub sg web public-ip
            launch ec2 other in pub
            eip allocate spare
            """)
        let eni = try #require(session.world.interfaces[session.world.resources[try session.id(.resource, "web")]!.primaryInterfaceID])
        let address = try #require(eni.publicAddress)
        #expect(World.publicPool.contains(address))

        let unreachable = try session.packet("tcp from internet to web:443")
        let blocked = try #require(unreachable.blockedAt)
        #expect(blocked.component == .internetGateway)
        #expect(blocked.leg == .request)

        let before = session.world
        let rejected = session.rejection("eip associate spare other")
        let error = try #require(rejected)
        #expect(error.code == "Gateway.NotAttached")
        #expect(session.world == before)

        try session.runScript(
            """
            igw create gw in lab
            route add main 0.0.0.0/0 via gw
            eip associate spare other
            """)
        #expect(try session.packet("tcp from internet to web:443").allowed)
    }

    // MARK: Decision 8 — NAT gateway

    // Spec: aws-semantics.md Part 1 decision 8 ("no security group; translates the source to its own address and the source port into 1024–65535").
    @Test("Decision 8: a NAT gateway has no security group and translates the source to its address and a port in 1024-65535")
    func decision8Translation() throws {
        let session = try lab(natLayout)
        let trace = try session.packet("tcp from app to internet:443")
        #expect(trace.allowed)
        let world = session.world
        let nat = try #require(world.natGateways[try session.id(.natGateway, "natgw")])
        let natENI = try #require(world.interfaces[nat.interfaceID])
        #expect(natENI.securityGroupIDs.isEmpty)
        // Only app's own group is consulted, once per leg.
        #expect(trace.checks(on: .request).filter { $0.component == .securityGroup }.count == 1)
        #expect(trace.checks(on: .response).filter { $0.component == .securityGroup }.count == 1)
        #expect(!trace.hops.contains { $0.component == .securityGroup && $0.resourceID == nil })

        let request = trace.checks(on: .request)
        let natIndex = try #require(request.firstIndex { $0.component == .natGateway })
        #expect(request[natIndex].direction == .outbound)
        #expect(request[natIndex].view.hasPrefix("10.0.2.4:49152 → 198.51.100.10:443"))
        #expect(request[natIndex].translated?.hasPrefix("\(natENI.privateAddress):1024-65535 → 198.51.100.10:443") == true)
        let egress = try #require(request.last)
        #expect(egress.componentName == "internet-gateway-outbound")
        let natPublic = try #require(natENI.publicAddress)
        #expect(egress.translated?.hasPrefix("\(natPublic):1024-65535") == true)
        // Flows through a NAT gateway are always tracked.
        #expect(trace.tracking.allSatisfy { $0.tracked })
    }

    // Spec: aws-semantics.md Part 1 decision 8 ("the NAT subnet's network ACL must allow the whole range 1024–65535 … naming the ports that fail") + subtle case 16.
    @Test(
        "Decision 8: the NAT subnet's ACL must admit replies on the whole range 1024-65535",
        arguments: [
            ("32768-65535", "1024-32767"), ("1024-60000", "60001-65535"), ("2000-65535", "1024-1999"),
            ("1024-65535", nil),
        ] as [(String, String?)])
    func decision8WholeRange(allowed: String, deniedPorts: String?) throws {
        let session = try lab(
            natLayout + "\n"
                + """
                nacl create pubacl in lab
                nacl associate pubacl pub
                nacl add pubacl in 110 allow tcp 443 from 0.0.0.0/0
                nacl add pubacl out 110 allow tcp 443 to 0.0.0.0/0
                nacl add pubacl out 140 allow tcp 32768-65535 to 0.0.0.0/0
                nacl add pubacl in 140 allow tcp \(allowed) from 0.0.0.0/0
                """)
        let trace = try session.packet("tcp from app to internet:443")
        guard let deniedPorts else {
            #expect(trace.allowed)
            return
        }
        let blocked = try #require(trace.blockedAt)
        #expect(blocked.componentName == "network-acl-inbound")
        #expect(blocked.leg == .response)
        #expect(blocked.resourceID == (try session.id(.networkACL, "pubacl")))
        #expect(blocked.code == "SUBNET_ACL_RESTRICTION")
        #expect(blocked.detail.contains(deniedPorts), "\(blocked.detail)")
    }

    // Spec: aws-semantics.md Part 1 decision 8 ("After the NAT restores the destination, the reply keeps the internet server as its source") + subtle case 17.
    @Test("Decision 8: replies through the NAT keep the internet server as their source")
    func decision8ReplySource() throws {
        var session = try lab(
            natLayout + "\n"
                + """
                nacl create privacl in lab
                nacl associate privacl priv
                nacl add privacl out 100 allow tcp 443 to 0.0.0.0/0
                nacl add privacl in 100 allow tcp 1024-65535 from 10.0.0.0/16
                """)
        let trace = try session.packet("tcp from app to internet:443")
        let blocked = try #require(trace.blockedAt)
        #expect(blocked.componentName == "network-acl-inbound")
        #expect(blocked.leg == .response)
        #expect(blocked.resourceID == (try session.id(.networkACL, "privacl")))
        #expect(blocked.view.hasPrefix("198.51.100.10:443 → 10.0.2."))
        try session.runScript("nacl add privacl in 140 allow tcp 1024-65535 from 0.0.0.0/0")
        #expect(try session.packet("tcp from app to internet:443").allowed)
    }

    // Spec: aws-semantics.md Part 1 decision 8 ("Nothing initiated from the internet passes a NAT gateway") + subtle case 14 [VPC-NATTS].
    @Test(
        "Decision 8: nothing started on the internet passes a NAT gateway",
        arguments: ["tcp from internet to natgw:443", "icmp echo-request from internet to natgw", "udp from 203.0.113.5 to natgw:53"])
    func decision8NoInbound(words: String) throws {
        let session = try lab(natLayout)
        let trace = try session.packet(words)
        let blocked = try #require(trace.blockedAt)
        #expect(blocked.componentName == "nat-gateway-inbound")
        #expect(blocked.leg == .request)
        #expect(blocked.resourceID == (try session.id(.natGateway, "natgw")))
        #expect(blocked.code == "NGW_REQUIRES_SOURCE_IN_VPC")
    }

    // MARK: Decision 9 — Never filtered

    // Spec: aws-semantics.md Part 1 decision 9 + subtle case 24 [VPC-CMP] [VPC-NACL].
    @Test(
        "Decision 9: the resolver, DNS, metadata and time services are reachable whatever the rules say",
        arguments: [
            "udp from app to 10.0.0.2:53", "tcp from app to 10.0.0.2:53", "udp from app to 169.254.169.253:53",
            "tcp from app to 169.254.169.254:80", "udp from app to 169.254.169.123:123",
        ])
    func decision9NeverFiltered(words: String) throws {
        let session = try lab(
            """
            vpc create lab 10.0.0.0/16
            subnet create net in lab 10.0.1.0/24
            nacl create shut in lab
            nacl associate shut net
            sg create closed in lab
            sg revoke closed out all to 0.0.0.0/0
            launch ec2 app in net sg closed
            """)
        let trace = try session.packet(words)
        #expect(trace.allowed)
        #expect(!trace.hops.contains { $0.component == .securityGroup || $0.component == .networkACL })
    }

    // Spec: aws-semantics.md Part 1 decision 9 (only base + 2 of the VPC is the resolver; other addresses are filtered).
    @Test(
        "Decision 9: other addresses next to the services are filtered as usual",
        arguments: ["udp from app to 10.0.1.2:53", "tcp from app to 169.254.169.250:80", "udp from app to 10.0.0.3:53"])
    func decision9OnlyThoseAddresses(words: String) throws {
        let session = try lab(
            """
            vpc create lab 10.0.0.0/16
            subnet create net in lab 10.0.1.0/24
            sg create closed in lab
            sg revoke closed out all to 0.0.0.0/0
            launch ec2 app in net sg closed
            """)
        let trace = try session.packet(words)
        #expect(trace.blockedAt?.componentName == "security-group-outbound")
    }

    // MARK: Decision 10 — Blocked-at vocabulary

    // Spec: aws-semantics.md Part 1 decision 10 (component names) + commands.md "Expectations" (`destination`)
    // + decision 15 (the `resource` component).
    @Test("Decision 10: the components are exactly the documented vocabulary")
    func decision10Vocabulary() {
        let names = Set(Component.allCases.filter { $0 != .note }.map(\.rawValue))
        #expect(names == [
            "internet-gateway", "route-table", "network-acl", "security-group", "nat-gateway", "destination", "resource",
            "load-balancer",
        ])
        #expect(Set([Leg.request, .response].map(\.rawValue)) == ["request", "response"])
        #expect(Set([Direction.inbound, .outbound].map(\.rawValue)) == ["inbound", "outbound"])
    }

    struct BlockCase: Sendable, CustomTestStringConvertible {
        let name: String
        let script: String
        let packet: String
        let component: String
        let leg: Leg
        let code: String
        var testDescription: String { name }
    }

    static let webServer = publicSubnet + "\nsg create web in lab\nsg allow web in tcp 443 from 0.0.0.0/0\nlaunch ec2 web in pub sg web public-ip"

    static let blockCases: [BlockCase] = [
        BlockCase(
            name: "group without a matching inbound rule", script: webServer, packet: "tcp from internet to web:22",
            component: "security-group-inbound", leg: .request, code: "ENI_SG_RULES_MISMATCH"),
        BlockCase(
            name: "group without outbound rules", script: webServer + "\nsg revoke web out all to 0.0.0.0/0",
            packet: "tcp from web to internet:443", component: "security-group-outbound", leg: .request,
            code: "SG_HAS_NO_RULES"),
        BlockCase(
            name: "numbered ACL deny inbound",
            script: webServer + "\nnacl add default in 50 deny tcp 443 from 198.51.100.0/24",
            packet: "tcp from internet to web:443", component: "network-acl-inbound", leg: .request,
            code: "SUBNET_ACL_RESTRICTION"),
        BlockCase(
            name: "ACL without outbound ephemeral rule",
            script: webServer + "\nnacl create acl in lab\nnacl associate acl pub\nnacl add acl in 100 allow tcp 443 from 0.0.0.0/0",
            packet: "tcp from internet to web:443", component: "network-acl-outbound", leg: .response,
            code: "SUBNET_ACL_RESTRICTION"),
        BlockCase(
            name: "no route for the reply", script: webServer + "\nroute delete pubrt 0.0.0.0/0",
            packet: "tcp from internet to web:443", component: "route-table-outbound", leg: .response,
            code: "NO_ROUTE_TO_DESTINATION"),
        BlockCase(
            name: "blackhole route",
            script: natLayout + "\nroute add privrt 198.51.100.0/24 via natgw\nroute replace privrt 0.0.0.0/0 via natgw\nnat delete natgw",
            packet: "tcp from app to internet:443", component: "route-table-outbound", leg: .request,
            code: "BAD_STATE_ROUTE"),
        BlockCase(
            name: "NAT subnet routed to a NAT gateway",
            script: publicSubnet + "\nsubnet create priv in lab 10.0.2.0/24\nnat create natgw in priv\nrt create privrt in lab\nroute add privrt 0.0.0.0/0 via natgw\nrt associate privrt priv\nlaunch ec2 app in priv",
            packet: "tcp from app to internet:443", component: "route-table-outbound", leg: .request,
            code: "CANNOT_ROUTE"),
        BlockCase(
            name: "egress without a public address", script: publicSubnet + "\nlaunch ec2 web in pub",
            packet: "tcp from web to internet:443", component: "internet-gateway-outbound", leg: .request,
            code: "IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS"),
        BlockCase(
            name: "ingress to a private address", script: publicSubnet + "\nlaunch ec2 web in pub",
            packet: "tcp from internet to web:443", component: "internet-gateway-inbound", leg: .request,
            code: "IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS"),
        BlockCase(
            name: "connection started at a NAT gateway", script: natLayout, packet: "tcp from internet to natgw:443",
            component: "nat-gateway-inbound", leg: .request, code: "NGW_REQUIRES_SOURCE_IN_VPC"),
        BlockCase(
            name: "GRE through a NAT gateway", script: natLayout, packet: "47 from app to internet",
            component: "nat-gateway-outbound", leg: .request, code: "PROTOCOL_RESTRICTION"),
    ]

    // Spec: aws-semantics.md Part 1 decision 10 + §9.1 "Mapping for sglab's blockedAt" [RA-CODES].
    @Test("Decision 10: each blocked packet names component, direction and leg, with the Reachability Analyzer code of §9.1", arguments: blockCases)
    func decision10BlockedAt(block: BlockCase) throws {
        let session = try lab(block.script)
        let trace = try session.packet(block.packet)
        let blocked = try #require(trace.blockedAt)
        #expect(blocked.componentName == block.component)
        #expect(blocked.leg == block.leg)
        #expect(blocked.code == block.code)
        #expect(reachabilityCodes[blocked.component]?.contains(blocked.code ?? "") == true)
        #expect(blocked.resourceID != nil)
        #expect(blocked.status == .failed)
        // Passed hops carry no code.
        #expect(trace.hops.filter { $0.passed }.allSatisfy { $0.code == nil })

        // `expect … at` accepts the component with and without its direction, and only the right one.
        let component = blocked.component.rawValue
        let wrong = blocked.direction == .inbound ? "outbound" : "inbound"
        #expect(try session.expectation("blocked at \(block.component) \(block.packet)").passed)
        #expect(try session.expectation("blocked at \(component) \(block.packet)").passed)
        #expect(try session.expectation("blocked \(block.packet)").passed)
        #expect(try !session.expectation("blocked at \(component)-\(wrong) \(block.packet)").passed)
        #expect(try !session.expectation("allowed \(block.packet)").passed)
        let other = component == "security-group" ? "network-acl" : "security-group"
        #expect(try !session.expectation("blocked at \(other) \(block.packet)").passed)
    }

    // Spec: commands.md "Expectations" (COMPONENT is one of the vocabulary words).
    @Test("Decision 10: an unknown component in `expect … at` is an error")
    func decision10UnknownComponent() throws {
        var session = try lab(Self.webServer)
        let rejected = session.rejection("expect blocked at firewall tcp from internet to web:22")
        let error = try #require(rejected)
        #expect(error.message.contains("firewall"))
    }

    // MARK: Decision 11 — Every blocked verdict suggests a fix

    struct FixCase: Sendable, CustomTestStringConvertible {
        let name: String
        let script: String
        let packet: String
        /// The fix must start with these words.
        let command: String
        var testDescription: String { name }
    }

    static let fixCases: [FixCase] = [
        FixCase(
            name: "group inbound from the internet", script: webServer, packet: "tcp from internet to web:22",
            command: "sg allow web in tcp 22 from 198.51.100.10/32"),
        FixCase(
            name: "group inbound from another instance",
            script: webServer + "\nsg create app in lab\nlaunch ec2 app in pub sg app",
            packet: "tcp from app to web:5432", command: "sg allow web in tcp 5432 from app"),
        FixCase(
            name: "group without outbound rules", script: webServer + "\nsg revoke web out all to 0.0.0.0/0",
            packet: "tcp from web to internet:443", command: "sg allow web out tcp 443 to"),
        FixCase(
            name: "custom ACL denies everything inbound",
            script: webServer + "\nnacl create acl in lab\nnacl associate acl pub",
            packet: "tcp from internet to web:443", command: "nacl add acl in"),
        FixCase(
            name: "numbered deny inbound",
            script: webServer + "\nnacl add default in 50 deny tcp 443 from 198.51.100.0/24",
            packet: "tcp from internet to web:443", command: "nacl add default in"),
        FixCase(
            name: "ACL without the client's ephemeral port outbound",
            script: webServer
                + "\nnacl create acl in lab\nnacl associate acl pub\nnacl add acl in 100 allow tcp 443 from 0.0.0.0/0\nnacl add acl out 100 allow tcp 49152-65535 to 0.0.0.0/0",
            packet: "tcp from 198.51.100.7:40000 to web:443", command: "nacl add acl out"),
        FixCase(
            name: "NAT subnet ACL admits only part of 1024-65535",
            script: natLayout
                + "\nnacl create pubacl in lab\nnacl associate pubacl pub\nnacl add pubacl in 110 allow tcp 443 from 0.0.0.0/0\nnacl add pubacl out 110 allow tcp 443 to 0.0.0.0/0\nnacl add pubacl out 140 allow tcp 32768-65535 to 0.0.0.0/0\nnacl add pubacl in 140 allow tcp 32768-65535 from 0.0.0.0/0",
            packet: "tcp from app to internet:443", command: "nacl add pubacl in"),
        FixCase(
            name: "no route to the gateway", script: webServer + "\nroute delete pubrt 0.0.0.0/0",
            packet: "tcp from internet to web:443", command: "route add pubrt 0.0.0.0/0 via gw"),
        FixCase(
            name: "blackhole route",
            script: natLayout + "\nroute add privrt 198.51.100.0/24 via natgw\nnat delete natgw",
            packet: "tcp from app to internet:443", command: "nat create"),
        FixCase(
            name: "no public address for egress", script: publicSubnet + "\nlaunch ec2 web in pub",
            packet: "tcp from web to internet:443", command: "eip"),
        FixCase(
            name: "no internet gateway",
            script: "vpc create lab 10.0.0.0/16\nsubnet create pub in lab 10.0.1.0/24\nsg create web in lab\nsg allow web in tcp 443 from 0.0.0.0/0\nlaunch ec2 web in pub sg web public-ip",
            packet: "tcp from internet to web:443", command: "igw"),
    ]

    // Spec: aws-semantics.md Part 1 decision 11 ("Running the suggestion must change that hop's verdict").
    @Test("Decision 11: running the suggested fix makes the blocking hop pass", arguments: fixCases)
    func decision11FixWorks(fixCase: FixCase) throws {
        var session = try lab(fixCase.script)
        let trace = try session.packet(fixCase.packet)
        let blocked = try #require(trace.blockedAt)
        // When no single command does it, the advice is a plan of commands that run (issue 8).
        let commands = trace.fix.map { [$0.command] } ?? trace.planSteps
        let fix = try #require(commands.first, "no fix for \(blocked.componentName): \(trace.advice ?? "no advice either")")
        #expect(commands.joined(separator: "\n").contains(fixCase.command), "\(commands)")
        let why = trace.fix?.explanation ?? trace.advice ?? ""
        #expect(!why.isEmpty)

        try session.runScript(commands.joined(separator: "\n"))
        let after = try session.packet(fixCase.packet)
        let same = after.hops.filter {
            $0.leg == blocked.leg && $0.componentName == blocked.componentName
                && ($0.resourceID == blocked.resourceID || blocked.component == .internetGateway)
        }
        #expect(!same.isEmpty, "the check \(blocked.componentName) is gone after `\(fix)`")
        #expect(same.allSatisfy { $0.passed }, "after `\(commands)` \(blocked.componentName) still fails")
        if let next = after.blockedAt {
            #expect(next != blocked)
        }
    }

    // Spec: aws-semantics.md Part 1 decision 11 ("for a network ACL, a rule number below the entry that denied it").
    @Test(
        "Decision 11: a network ACL fix is numbered below the entry that denied the packet",
        arguments: [50, 100, 2, 32766])
    func decision11RuleNumberBelow(denyNumber: Int) throws {
        var session = try lab(
            Self.webServer + "\nnacl remove default in 100\nnacl add default in \(denyNumber) deny tcp 443 from 198.51.100.0/24")
        let trace = try session.packet("tcp from internet to web:443")
        let blocked = try #require(trace.blockedAt)
        #expect(blocked.rule == "\(denyNumber)")
        let fix = try #require(trace.fix)
        let words = fix.command.split(separator: " ")
        #expect(Array(words.prefix(3)) == ["nacl", "add", "default"])
        let number = try #require(Int(words[4]))
        #expect(number < denyNumber)
        #expect(words[5] == "allow")
        try session.runScript(fix.command)
        #expect(try session.packet("tcp from internet to web:443").allowed)
    }

    // MARK: Decision 12 — Errors mirror AWS

    struct ErrorCase: Sendable, CustomTestStringConvertible {
        let setup: String
        let line: String
        let code: String
        var testDescription: String { "\(code): \(line)" }
    }

    static let errorBase = publicSubnet + "\nsg create web in lab\nsg create app in lab\nlaunch ec2 w in pub sg web"

    static let errorCases: [ErrorCase] = [
        ErrorCase(setup: "sg allow app in tcp 22 from 0.0.0.0/0", line: "sg allow app in tcp 22 from 0.0.0.0/0", code: "InvalidPermission.Duplicate"),
        ErrorCase(setup: "sg allow app in tcp 22 from 10.0.0.0/24", line: "sg allow app in tcp 22 from 10.0.0.5/24", code: "InvalidPermission.Duplicate"),
        ErrorCase(setup: "", line: "sg allow app out all to 0.0.0.0/0", code: "InvalidPermission.Duplicate"),
        ErrorCase(setup: "", line: "sg revoke app in tcp 22 from 0.0.0.0/0", code: "InvalidPermission.NotFound"),
        ErrorCase(setup: "sg create ref in lab\nsg allow app in tcp 3306 from ref", line: "sg delete ref", code: "DependencyViolation"),
        ErrorCase(setup: "", line: "sg delete web", code: "DependencyViolation"),
        ErrorCase(setup: "", line: "sg delete default", code: "CannotDelete"),
        ErrorCase(setup: "", line: "sg create default in lab", code: "InvalidGroup.Reserved"),
        ErrorCase(setup: "", line: "sg create WEB in lab", code: "InvalidGroup.Duplicate"),
        ErrorCase(setup: "", line: "sg allow app in tcp 22 from wbe", code: "InvalidGroup.NotFound"),
        ErrorCase(
            setup: (1...60).map { "sg allow app in tcp \($0) from 0.0.0.0/0" }.joined(separator: "\n"),
            line: "sg allow app in tcp 61 from 0.0.0.0/0", code: "RulesPerSecurityGroupLimitExceeded"),
        ErrorCase(setup: "sg create g1 in lab\nsg create g2 in lab\nsg create g3 in lab\nsg create g4 in lab\nsg create g5 in lab",
                  line: "launch ec2 six in pub sg g1,g2,g3,g4,g5,web", code: "SecurityGroupsPerInstanceLimitExceeded"),
        ErrorCase(setup: "sg allow app in tcp 22 from 0.0.0.0/0", line: "sg allow app in tcp 22 from 10.0.0.0/33", code: "InvalidParameterValue"),
        ErrorCase(setup: "", line: "sg allow app in tcp from 0.0.0.0/0", code: "InvalidParameterValue"),
        ErrorCase(setup: "nacl add default in 10 deny tcp 22 from 0.0.0.0/0", line: "nacl add default in 10 allow tcp 22 from 0.0.0.0/0", code: "NetworkAclEntryAlreadyExists"),
        ErrorCase(setup: "", line: "route delete main 10.0.0.0/16", code: "InvalidParameterValue"),
        ErrorCase(setup: "", line: "subnet create far in lab 10.1.0.0/24", code: "InvalidSubnet.Range"),
        ErrorCase(setup: "vpc create other 10.1.0.0/16", line: "igw attach gw other", code: "Resource.AlreadyAssociated"),
        ErrorCase(setup: "launch ec2 p in pub public-ip", line: "igw detach gw lab", code: "DependencyViolation"),
        ErrorCase(setup: "vpc create bare 10.2.0.0/16\nsubnet create s in bare 10.2.1.0/24\nlaunch ec2 x in s\neip allocate e",
                  line: "eip associate e x", code: "Gateway.NotAttached"),
    ]

    // Spec: aws-semantics.md Part 1 decision 12 + §1.7 error table [API-ERR].
    @Test("Decision 12: a rejected command carries the EC2 API's error code and a plain sentence", arguments: errorCases)
    func decision12Codes(errorCase: ErrorCase) throws {
        var session = try lab(Self.errorBase + "\n" + errorCase.setup)
        let rejected = session.rejection(errorCase.line)
        let error = try #require(rejected)
        #expect(error.code == errorCase.code, "\(error)")
        #expect(error.message.count > 10)
        #expect(error.message != errorCase.code)
    }

    // Spec: aws-semantics.md Part 1 decision 12 ("the same error code … followed by a plain-language sentence and the fix").
    @Test("Decision 12: a rejected command also says how to fix it", arguments: errorCases)
    func decision12Fix(errorCase: ErrorCase) throws {
        var session = try lab(Self.errorBase + "\n" + errorCase.setup)
        let rejected = session.rejection(errorCase.line)
        let error = try #require(rejected)
        #expect(error.fix?.isEmpty == false, "\(error)")
    }

    // Spec: aws-semantics.md Part 1 decision 12 (quotas are AWS's defaults) + §1.6 [VPC-QUOTA].
    @Test("Decision 12: the quotas are AWS's defaults")
    func decision12Quotas() {
        let quotas = Quotas()
        #expect(quotas.rulesPerSecurityGroup == 60)
        #expect(quotas.securityGroupsPerInterface == 5)
        #expect(quotas.entriesPerNetworkACL == 20)
    }

    // MARK: Decision 13 — IDs

    static let idScript =
        natLayout + "\n"
        + """
        sg create web in lab "web tier"
        sg allow web in tcp 443 from 0.0.0.0/0
        nacl create acl in lab
        launch ec2 web in pub sg web public-ip
        launch rds db in priv
        eni create extra in pub sg web
        eip allocate spare
        prefix-list create offices 192.0.2.0/24
        """

    // Spec: aws-semantics.md Part 1 decision 13 ("deterministic for a given script") + commands.md "IDs are deterministic".
    @Test("Decision 13: the same script run in two sessions gives the same IDs and the same world")
    func decision13Deterministic() throws {
        var first = Session()
        var second = Session()
        var firstMessages: [String] = []
        var secondMessages: [String] = []
        for line in Self.idScript.split(separator: "\n") {
            if case .message(let m)? = try first.execute(String(line)) { firstMessages.append(m) }
            if case .message(let m)? = try second.execute(String(line)) { secondMessages.append(m) }
        }
        #expect(first.world == second.world)
        #expect(firstMessages == secondMessages)
        #expect(firstMessages.contains { $0.contains("sg-") })
        #expect(try first.id(.securityGroup, "web") == second.id(.securityGroup, "web"))
        // A differently seeded world gives other IDs, so the equality above is not vacuous.
        var reseeded = Session(world: World(seed: 42))
        try reseeded.runScript(Self.idScript)
        #expect(try reseeded.id(.securityGroup, "web") != first.id(.securityGroup, "web"))
    }

    // Spec: aws-semantics.md Part 1 decision 13 ("`sg-` and 17 hex digits") + §1.5 ID formats.
    @Test("Decision 13: IDs are an AWS prefix and 17 lowercase hex digits, and no two are alike")
    func decision13Format() throws {
        let session = try lab(Self.idScript)
        let world = session.world
        var ids: [(String, String)] = []
        ids += world.vpcs.keys.map { ("vpc-", $0.rawValue) }
        ids += world.subnets.keys.map { ("subnet-", $0.rawValue) }
        ids += world.routeTables.keys.map { ("rtb-", $0.rawValue) }
        ids += world.networkACLs.keys.map { ("acl-", $0.rawValue) }
        ids += world.securityGroups.keys.map { ("sg-", $0.rawValue) }
        ids += world.securityGroups.values.flatMap { ($0.ingress + $0.egress).map { ("sgr-", $0.id.rawValue) } }
        ids += world.interfaces.keys.map { ("eni-", $0.rawValue) }
        ids += world.resources.values.filter { $0.kind == .ec2 }.map { ("i-", $0.id.rawValue) }
        ids += world.internetGateways.keys.map { ("igw-", $0.rawValue) }
        ids += world.natGateways.keys.map { ("nat-", $0.rawValue) }
        ids += world.elasticIPs.keys.map { ("eipalloc-", $0.rawValue) }
        ids += world.prefixLists.keys.map { ("pl-", $0.rawValue) }
        #expect(ids.count > 20)
        let hex = Set("0123456789abcdef")
        for (prefix, id) in ids {
            #expect(id.hasPrefix(prefix), "\(id)")
            let digits = id.dropFirst(prefix.count)
            #expect(digits.count == 17 && digits.allSatisfy { hex.contains($0) }, "\(id)")
        }
        #expect(Set(ids.map(\.1)).count == ids.count)
    }
}
