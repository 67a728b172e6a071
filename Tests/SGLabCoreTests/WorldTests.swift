import SGLabCore
import SGLabLanguage
import Testing

@Suite("World: defaults, validation and atomic commands")
struct WorldTests {
    static let base = """
        vpc create lab 10.0.0.0/16
        subnet create pub in lab 10.0.1.0/24
        """

    // MARK: Defaults

    // Spec: VPC-RT ("In a nondefault VPC [the main route table] initially holds only the local route") + commands.md `vpc create`.
    @Test("A new VPC's main route table holds only the local route for the VPC block")
    func mainRouteTableIsLocalOnly() throws {
        let session = try lab(Self.base)
        let world = session.world
        let vpc = try #require(world.vpcs[try session.id(.vpc, "lab")])
        let main = try #require(world.routeTables[vpc.mainRouteTableID])
        #expect(main.name == "main")
        #expect(main.routes.count == 1)
        #expect(main.routes.first?.destination == CIDR("10.0.0.0/16"))
        #expect(main.routes.first?.target == .local)
        // A new subnet is implicitly on it.
        let subnet = try #require(world.subnets[try session.id(.subnet, "pub")])
        #expect(subnet.routeTableID == nil)
        #expect(world.routeTable(of: subnet).id == main.id)
    }

    // Spec: VPC-RT / VPC-RTWORK ("Custom route table: empty except the local route").
    @Test("A custom route table starts with only the local route")
    func customRouteTableIsLocalOnly() throws {
        let session = try lab(Self.base + "\nrt create extra in lab")
        let table = try #require(session.world.routeTables[try session.id(.routeTable, "extra")])
        #expect(table.routes.map(\.destination) == [CIDR("10.0.0.0/16")])
        #expect(table.routes.map(\.target) == [.local])
    }

    // Spec: VPC-NACL ("DEFAULT NACL: inbound 100 allow all IPv4, outbound 100 allow all IPv4 … plus the `*` denies").
    @Test("The default network ACL has rule 100 allowing everything and the * deny, in both directions")
    func defaultNetworkACL() throws {
        let session = try lab(Self.base)
        let world = session.world
        let vpc = try #require(world.vpcs[try session.id(.vpc, "lab")])
        let acl = try #require(world.networkACLs[vpc.defaultNetworkACLID])
        #expect(acl.isDefault)
        #expect(acl.name == "default")
        for direction in [Direction.inbound, .outbound] {
            let entries = acl.entries(direction)
            #expect(entries.map(\.numberText) == ["100", "*"], "\(direction)")
            #expect(entries.first?.action == .allow)
            #expect(entries.first?.traffic == .allTraffic)
            #expect(entries.first?.cidr == .anywhere)
            #expect(entries.last == .catchAll)
            #expect(entries.last?.action == .deny)
            #expect(entries.last?.ruleNumber == 32767)
        }
        // A new subnet uses it.
        #expect(world.subnets[try session.id(.subnet, "pub")]?.networkACLID == acl.id)
    }

    // Spec: VPC-NACL ("CUSTOM NACL: starts with only the `*` denies … and no subnet association").
    @Test("A custom network ACL has only the * deny in each direction and no subnet")
    func customNetworkACL() throws {
        let session = try lab(Self.base + "\nnacl create custom in lab")
        let world = session.world
        let acl = try #require(world.networkACLs[try session.id(.networkACL, "custom")])
        #expect(!acl.isDefault)
        #expect(acl.inbound == [.catchAll])
        #expect(acl.outbound == [.catchAll])
        #expect(!world.subnets.values.contains { $0.networkACLID == acl.id })
    }

    // Spec: VPC-DEFSG ("inbound all protocols/ports from itself … outbound all to 0.0.0.0/0").
    @Test("The default security group admits its own members and allows all outbound")
    func defaultSecurityGroup() throws {
        let session = try lab(Self.base)
        let world = session.world
        let vpc = try #require(world.vpcs[try session.id(.vpc, "lab")])
        let group = try #require(world.securityGroups[vpc.defaultSecurityGroupID])
        #expect(group.name == "default")
        #expect(group.vpcID == vpc.id)
        #expect(group.ingress.count == 1)
        #expect(group.ingress.first?.traffic == .allTraffic)
        #expect(group.ingress.first?.peer == .securityGroup(group.id))
        #expect(group.egress.count == 1)
        #expect(group.egress.first?.traffic == .allTraffic)
        #expect(group.egress.first?.peer == .cidr(.anywhere))
    }

    // Spec: VPC-SGR / EC2-DEFSG ("NEW security group: no inbound rules; one outbound rule allowing all traffic").
    @Test("A new security group has no inbound rules and one outbound rule allowing everything")
    func newSecurityGroup() throws {
        let session = try lab(Self.base + "\nsg create web in lab \"web tier\"")
        let group = try #require(session.world.securityGroups[try session.id(.securityGroup, "web")])
        #expect(group.ingress.isEmpty)
        #expect(group.egress.count == 1)
        #expect(group.egress.first?.traffic == .allTraffic)
        #expect(group.egress.first?.peer == .cidr(.anywhere))
        #expect(group.description == "web tier")
        #expect(group.egress.first?.id.rawValue.hasPrefix("sgr-") == true)
    }

    // Spec: VPC-DEFSG / EC2-SG ("Resources launched without a security group get the VPC's default group").
    @Test(
        "A resource or interface created without a group gets the VPC's default group",
        arguments: ["launch ec2 x in pub", "launch rds x in pub", "launch lambda x in pub", "eni create x in pub"])
    func launchWithoutGroup(line: String) throws {
        var session = try lab(Self.base + "\nsg create web in lab")
        try session.runScript(line)
        let world = session.world
        let vpc = try #require(world.vpcs[try session.id(.vpc, "lab")])
        let eniID =
            line.hasPrefix("eni")
            ? try session.id(.networkInterface, "x")
            : try #require(world.resources[try session.id(.resource, "x")]).primaryInterfaceID
        let eni = try #require(world.interfaces[eniID])
        #expect(eni.securityGroupIDs == [vpc.defaultSecurityGroupID])
        #expect(world.members(of: vpc.defaultSecurityGroupID).contains(eniID))
    }

    // Spec: VPC-SUBNET ("Subnet reserves 5 addresses: network, +1, +2, +3, last") + commands.md `launch` (next free address).
    @Test("Launched resources get the next free address after the four reserved ones")
    func addressAssignment() throws {
        let session = try lab(Self.base + "\nlaunch ec2 a in pub\nlaunch ec2 b in pub ip 10.0.1.5\nlaunch ec2 c in pub")
        let world = session.world
        func address(_ name: String) throws -> IPAddress? {
            let resource = try #require(world.resources[try session.id(.resource, name)])
            return world.interfaces[resource.primaryInterfaceID]?.privateAddress
        }
        #expect(try address("a") == IPAddress(10, 0, 1, 4))
        #expect(try address("b") == IPAddress(10, 0, 1, 5))
        #expect(try address("c") == IPAddress(10, 0, 1, 6))
    }

    // MARK: Validation

    // Spec: VPC UG "VPC CIDR blocks" (/16 to /28) + API-ERR InvalidVpc.Range.
    @Test(
        "VPC blocks must be /16 to /28",
        arguments: [
            ("10.0.0.0/15", "InvalidVpc.Range"), ("10.0.0.0/29", "InvalidVpc.Range"), ("10.0.0.0/8", "InvalidVpc.Range"),
            ("10.0.0.0/32", "InvalidVpc.Range"), ("10.0.0.0/16", nil), ("10.0.0.0/28", nil), ("172.31.0.0/20", nil),
        ] as [(String, String?)])
    func vpcBlockSize(block: String, code: String?) throws {
        var session = Session()
        let error = session.rejection("vpc create lab \(block)")
        #expect(error?.code == code, "\(block): \(error.map { "\($0)" } ?? "accepted")")
        #expect(session.world.vpcs.isEmpty == (code != nil))
    }

    // Spec: VPC-SUBNET "Subnet CIDR blocks" (/16 to /28, inside the VPC) + API-ERR InvalidSubnet.Range.
    @Test(
        "Subnet blocks must be /16 to /28 and inside the VPC",
        arguments: [
            ("10.0.1.0/29", "InvalidSubnet.Range"), ("10.1.0.0/24", "InvalidSubnet.Range"),
            ("10.0.0.0/15", "InvalidSubnet.Range"), ("10.0.1.0/28", nil), ("10.0.0.0/16", nil),
        ] as [(String, String?)])
    func subnetBlock(block: String, code: String?) throws {
        var session = try lab("vpc create lab 10.0.0.0/16")
        let error = session.rejection("subnet create s in lab \(block)")
        #expect(error?.code == code, "\(block): \(error.map { "\($0)" } ?? "accepted")")
    }

    // Spec: API-ERR InvalidSubnet.Conflict (subnets of one VPC may not overlap).
    @Test(
        "A subnet that overlaps another subnet of the VPC is refused with InvalidSubnet.Conflict",
        arguments: ["10.0.1.0/24", "10.0.1.128/25", "10.0.0.0/23", "10.0.0.0/16"])
    func subnetOverlap(block: String) throws {
        var session = try lab(Self.base)
        let rejected = session.rejection("subnet create other in lab \(block)")
        let error = try #require(rejected)
        #expect(error.code == "InvalidSubnet.Conflict")
        // A neighbouring block is fine.
        let neighbour = session.rejection("subnet create other in lab 10.0.2.0/24")
        #expect(neighbour == nil)
    }

    // Spec: VPC-SUBNET ("Subnet reserves 5 addresses") + commands.md `launch … ip` ("reserved, and refused when asked for").
    @Test(
        "The first four and the last address of a subnet are refused for `ip`",
        arguments: ["10.0.1.0", "10.0.1.1", "10.0.1.2", "10.0.1.3", "10.0.1.255"])
    func reservedAddresses(address: String) throws {
        var session = try lab(Self.base)
        let launchRejected = session.rejection("launch ec2 x in pub ip \(address)")
        let launch = try #require(launchRejected)
        #expect(launch.code == "InvalidParameterValue")
        #expect(launch.message.contains("reserved"))
        let eniRejected = session.rejection("eni create x in pub ip \(address)")
        let eni = try #require(eniRejected)
        #expect(eni.code == "InvalidParameterValue")
        #expect(session.world.interfaces.isEmpty)
    }

    // Spec: VPC-SUBNET (usable addresses are base+4 … last−1).
    @Test("The first and last usable addresses of a subnet can be asked for", arguments: ["10.0.1.4", "10.0.1.254"])
    func usableEdgeAddresses(address: String) throws {
        var session = try lab(Self.base)
        let usable = session.rejection("launch ec2 x in pub ip \(address)")
        #expect(usable == nil)
    }

    // Spec: VPC-QUOTA (5 security groups per network interface) + API-ERR SecurityGroupsPer{Instance,Interface}LimitExceeded.
    @Test(
        "A sixth security group on one network interface is refused",
        arguments: [
            ("launch ec2 x in pub sg g1,g2,g3,g4,g5,g6", "SecurityGroupsPerInstanceLimitExceeded"),
            ("eni create x in pub sg g1,g2,g3,g4,g5,g6", "SecurityGroupsPerInterfaceLimitExceeded"),
            ("attach-sg five g6", "SecurityGroupsPerInstanceLimitExceeded"),
        ])
    func sixthGroup(line: String, code: String) throws {
        var session = try lab(
            Self.base + "\n" + (1...6).map { "sg create g\($0) in lab" }.joined(separator: "\n")
                + "\nlaunch ec2 five in pub sg g1,g2,g3,g4,g5")
        let five = try #require(session.world.resources[try session.id(.resource, "five")])
        #expect(session.world.interfaces[five.primaryInterfaceID]?.securityGroupIDs.count == 5)
        let before = session.world
        let rejected = session.rejection(line)
        let error = try #require(rejected)
        #expect(error.code == code)
        #expect(session.world == before)
    }

    // Spec: VPC-QUOTA (60 inbound and 60 outbound rules per group) + API-ERR RulesPerSecurityGroupLimitExceeded.
    @Test("A security group holds 60 inbound rules; the 61st is refused, and outbound is counted apart")
    func sixtyRules() throws {
        var session = try lab(Self.base + "\nsg create web in lab")
        try session.runScript((1...60).map { "sg allow web in tcp \($0) from 0.0.0.0/0" }.joined(separator: "\n"))
        let rejected = session.rejection("sg allow web in tcp 61 from 0.0.0.0/0")
        let error = try #require(rejected)
        #expect(error.code == "RulesPerSecurityGroupLimitExceeded")
        #expect(session.world.securityGroups[try session.id(.securityGroup, "web")]?.ingress.count == 60)
        // Outbound has its own 60: the default rule plus 59 more fit, the next does not.
        try session.runScript((1...59).map { "sg allow web out tcp \($0) to 0.0.0.0/0" }.joined(separator: "\n"))
        let outboundRejected = session.rejection("sg allow web out tcp 60 to 0.0.0.0/0")
        let outbound = try #require(outboundRejected)
        #expect(outbound.code == "RulesPerSecurityGroupLimitExceeded")
    }

    // Spec: aws-semantics.md §1.6 / VPC-PL ("customer-managed prefix list = its MAX entries" against the rule quota).
    @Test("A prefix list counts as its size against the 60-rule quota")
    func prefixListWeight() throws {
        var session = try lab(Self.base + "\nsg create web in lab\nprefix-list create offices 192.0.2.0/24,198.51.100.0/24,203.0.113.0/24")
        try session.runScript((1...58).map { "sg allow web in tcp \($0) from 0.0.0.0/0" }.joined(separator: "\n"))
        let rejected = session.rejection("sg allow web in tcp 443 from offices")
        let error = try #require(rejected)
        #expect(error.code == "RulesPerSecurityGroupLimitExceeded")
        try session.runScript("sg revoke web in tcp 58 from 0.0.0.0/0")
        let afterRevoke = session.rejection("sg allow web in tcp 443 from offices")
        #expect(afterRevoke == nil)
    }

    // Spec: VPC-QUOTA + subtle case 31 ("19 numbered IPv4 inbound entries fit beside the IPv4 `*` deny").
    @Test("A network ACL direction holds 19 numbered entries beside the * deny; the 20th is refused")
    func twentyEntries() throws {
        var session = try lab(Self.base + "\nnacl create acl in lab")
        try session.runScript((1...19).map { "nacl add acl in \($0 * 10) allow tcp \($0) from 0.0.0.0/0" }.joined(separator: "\n"))
        let acl: NetworkACL.ID = try session.id(.networkACL, "acl")
        #expect(session.world.networkACLs[acl]?.inbound.count == 20)
        let rejected = session.rejection("nacl add acl in 500 allow tcp 500 from 0.0.0.0/0")
        let error = try #require(rejected)
        #expect(error.code == "NetworkAclEntryLimitExceeded")
        // Outbound is counted apart.
        let outboundEntry = session.rejection("nacl add acl out 500 allow tcp 500 to 0.0.0.0/0")
        #expect(outboundEntry == nil)
        // The default ACL's rule 100 counts too: 18 more fit there.
        try session.runScript((1...18).map { "nacl add default in \($0) allow tcp \($0) from 0.0.0.0/0" }.joined(separator: "\n"))
        let fullRejected = session.rejection("nacl add default in 19 allow tcp 19 from 0.0.0.0/0")
        let full = try #require(fullRejected)
        #expect(full.code == "NetworkAclEntryLimitExceeded")
    }

    // Spec: VPC-QUOTA / API-ERR ("A VPC can have only one IGW attached at a time … Resource.AlreadyAssociated").
    @Test(
        "A second internet gateway cannot be attached to a VPC",
        arguments: ["igw attach gw2 lab", "igw create gw3 in lab"])
    func secondInternetGateway(line: String) throws {
        var session = try lab(Self.base + "\nigw create gw in lab\nigw create gw2")
        let before = session.world
        let rejected = session.rejection(line)
        let error = try #require(rejected)
        #expect(error.code == "Resource.AlreadyAssociated")
        #expect(session.world == before)
        #expect(session.world.ids(of: .internetGateway, named: "gw3").isEmpty)
        let vpcID: VPC.ID = try session.id(.vpc, "lab")
        #expect(session.world.internetGateway(of: vpcID)?.id == (try session.id(.internetGateway, "gw")))
    }

    // MARK: A rejected command changes nothing

    static let atomicBase =
        Self.base + "\n"
        + """
        igw create gw in lab
        sg create web in lab
        sg allow web in tcp 22 from 0.0.0.0/0
        launch ec2 w in pub sg web
        nacl create acl in lab
        vpc create bare 10.1.0.0/16
        subnet create bare-net in bare 10.1.1.0/24
        launch ec2 lonely in bare-net
        """

    // Spec: World.swift contract + commands.md "Running" (a script stops at the failing command; it changes nothing).
    @Test(
        "A rejected command leaves the world exactly as it was",
        arguments: [
            "sg allow web in tcp 22 from 0.0.0.0/0",
            "sg delete default",
            "sg delete web",
            "vpc create big 10.0.0.0/15",
            "subnet create dup in lab 10.0.1.0/25",
            "launch ec2 w in pub",
            "launch ec2 x in pub ip 10.0.1.1",
            "launch ec2 x in pub sg nosuch",
            "igw create gw2 in lab",
            "eip allocate e for lonely",
            "nacl add acl in 10 allow tcp from 0.0.0.0/0",
            "route delete main 10.0.0.0/16",
            "sg revoke web in tcp 23 from 0.0.0.0/0",
            "packet tcp from internet to nosuch:443",
            "connect tcp from nosuch to w:22",
        ])
    func rejectedCommandChangesNothing(line: String) throws {
        var session = try lab(Self.atomicBase)
        let before = session.world
        let rejected = session.rejection(line)
        let error = try #require(rejected)
        #expect(!error.message.isEmpty)
        #expect(session.world == before)
    }

    // Spec: commands.md ("IDs are deterministic") + World.swift contract: a rejected command consumes no ID.
    @Test(
        "A rejected command does not shift the IDs of what is created after it",
        arguments: ["igw create gw2 in lab", "eip allocate e for lonely", "launch ec2 x in pub ip 10.0.1.1"])
    func rejectedCommandKeepsIDs(line: String) throws {
        var with = try lab(Self.atomicBase)
        let rejected = with.rejection(line)
        #expect(rejected != nil)
        try with.runScript("sg create later in lab\neip allocate later-ip")
        let without = try lab(Self.atomicBase + "\nsg create later in lab\neip allocate later-ip")
        #expect(try with.id(.securityGroup, "later") == without.id(.securityGroup, "later"))
        #expect(try with.id(.elasticIP, "later-ip") == without.id(.elasticIP, "later-ip"))
        #expect(with.world == without.world)
    }
}
