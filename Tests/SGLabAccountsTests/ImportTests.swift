import Foundation
import SGLabAccounts
import SGLabCore
import SGLabLanguage
import Testing

/// The fixtures: describe-* JSON from moto's server, a hand-checked lab as the AWS CLI prints
/// it, and the same lab in Batfish's snapshot layout.
enum Fixture {
    static func path(_ name: String) -> String {
        Bundle.module.url(forResource: "Fixtures", withExtension: nil)!.appendingPathComponent(name).path
    }

    static func documents(_ name: String) throws -> [(name: String, data: Data)] {
        let folder = path(name)
        return try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".json") }.sorted().map {
            ($0, try Data(contentsOf: URL(fileURLWithPath: folder + "/" + $0)))
        }
    }
}

@Suite struct ImportTests {
    func session(_ world: World) -> Session { Session(world: world) }

    func verdict(_ session: inout Session, _ line: String) throws -> String {
        guard case .trace(let trace)? = try session.execute(line) else { return "no trace" }
        return trace.allowed ? "allowed" : "blocked at \(trace.blockedAt!.component.rawValue)"
    }

    @Test func motoWorldImportsWithAWSIDsAndNames() throws {
        let result = try AccountImporter.read(paths: [Fixture.path("moto-world")])
        let world = result.world
        #expect(world.isImported)
        #expect(world.vpcs.count == 1 && world.subnets.count == 3 && world.resources.count == 3)
        #expect(world.ids(of: .resource, named: "web-1") == ["i-e0637300f9f2e2a1d"])
        #expect(world.ids(of: .securityGroup, named: "web-sg") == ["sg-60d3865ae055ea864"])
        #expect(world.ids(of: .subnet, named: "public-web") == ["subnet-9edfcc8baea5a7104"])
        // The main route table has no Name tag: its ID is its name.
        #expect(world.name(of: "rtb-ce488c0a8394ee3ad") == "rtb-ce488c0a8394ee3ad")
        // Rule IDs come from describe-security-group-rules.
        let web = world.securityGroups[SecurityGroup.ID("sg-60d3865ae055ea864")]!
        #expect(web.ingress.contains { $0.id.rawValue == "sgr-67576646f3a24ee49" })
        // moto gives its NAT gateway an address outside its subnet: skipped, and said so.
        #expect(world.natGateways.isEmpty)
        #expect(result.notes.contains { $0.contains("nat-eb11f5ad1642bab21 is skipped") })
        #expect(result.skipped.contains { $0.kind == "NAT gateway with an address outside its subnet" })
    }

    @Test func motoWorldEvaluates() throws {
        var s = session(try AccountImporter.read(paths: [Fixture.path("moto-world")]).world)
        #expect(try verdict(&s, "packet tcp from web-1 to app-1:8080") == "allowed")
        #expect(try verdict(&s, "packet tcp from app-1 to db-1:5432") == "allowed")
        #expect(try verdict(&s, "packet tcp from web-1 to db-1:5432") == "blocked at security-group")
        // moto's NAT gateway is skipped (its address is outside its subnet): its route is a blackhole.
        #expect(try verdict(&s, "packet tcp from app-1 to 93.184.216.34:443") == "blocked at route-table")
        // moto hands out public addresses in 127.0.0.0/8, which never leave the sender.
        #expect(try verdict(&s, "packet tcp from internet to web-1:80") == "blocked at destination")
    }

    @Test func awsLabEvaluates() throws {
        var s = session(try AccountImporter.read(paths: [Fixture.path("aws-json")]).world)
        #expect(try verdict(&s, "packet tcp from internet to web-1:22") == "allowed")
        #expect(try verdict(&s, "packet tcp from internet to web-1:443") == "allowed")
        #expect(try verdict(&s, "packet tcp from internet to web-1:8080") == "blocked at security-group")
        #expect(try verdict(&s, "packet tcp from web-1 to db-1:5432") == "allowed")
        #expect(try verdict(&s, "packet tcp from db-1 to 93.184.216.34:443") == "blocked at security-group")
    }

    @Test func theLabImportsThroughItsStore() throws {
        struct Store: SessionStore {
            func save(_ world: World, to path: String) throws(LanguageError) {}
            func load(from path: String) throws(LanguageError) -> World { World() }
            func write(_ text: String, to path: String) throws(LanguageError) {}
            func account(_ request: AccountRequest, world: World) throws(LanguageError) -> (World?, [String]) {
                guard case .importAccount(let path) = request else { return (nil, []) }
                do { return (try AccountImporter.read(paths: [path]).world, ["imported"]) } catch { throw LanguageError(error.message) }
            }
        }
        var s = Session(store: Store())
        _ = try s.execute("vpc create lab 10.0.0.0/16")
        _ = try s.execute("import " + Fixture.path("aws-json"))
        #expect(s.world.isImported && s.world.resources.count == 2)
        _ = try s.execute("undo")
        #expect(s.world.ids(of: .vpc, named: "lab").count == 1 && !s.world.isImported)
        var plain = Session()
        #expect(throws: LanguageError.self) { try plain.execute("import x") }
    }

    @Test func awsLabImportsAndListsWhatIsNotModelled() throws {
        let result = try AccountImporter.read(paths: [Fixture.path("aws-json")])
        let world = result.world
        #expect(world.vpcs[VPC.ID("vpc-0a1b2c3d4e5f60001")]?.name == "lab-vpc")
        #expect(world.natGateways.count == 1 && world.elasticIPs.count == 2)
        #expect(world.prefixLists.count == 1)
        let skipped = Dictionary(uniqueKeysWithValues: result.skipped.map { ($0.kind, $0.count) })
        #expect(skipped["route to a VPC endpoint"] == 1)
        #expect(skipped["route to a VPC peering connection"] == 1)
        #expect(skipped["requester-managed network interface (load balancer, endpoint, Lambda, RDS…)"] == 1)
        // Its IPv6 blocks are imported (decision 25), with the local IPv6 route.
        let vpc = try #require(world.vpcs[VPC.ID("vpc-0a1b2c3d4e5f60001")])
        #expect(vpc.ipv6CIDR == CIDR("2600:1f18:1234:5600::/56"))
        #expect(world.subnets.values.contains { $0.ipv6CIDR == CIDR("2600:1f18:1234:5601::/64") })
        #expect(world.routeTables.values.allSatisfy { !$0.routes.contains { $0.destination.isIPv6 && $0.target == .local } || $0.vpcID == vpc.id })
        print(result.report.joined(separator: "\n"))
        #expect(result.report.first?.hasPrefix("imported 1 VPC, 2 subnets") == true)
    }

    @Test func batfishLayoutGivesTheSameWorld() throws {
        let plain = try AccountImporter.read(paths: [Fixture.path("aws-json")]).world
        let batfish = try AccountImporter.read(paths: [Fixture.path("batfish-snapshot")]).world
        #expect(Set(plain.interfaces.keys) == Set(batfish.interfaces.keys))
        #expect(Set(plain.securityGroups.keys) == Set(batfish.securityGroups.keys))
        // Batfish's snapshot carries the AWS-managed S3 list's entries too; the CLI files do not.
        #expect(batfish.prefixLists.count == 2 && plain.prefixLists.count == 1)
        let office = PrefixList.ID("pl-08000000000000001")
        #expect(plain.prefixLists[office]?.entries == batfish.prefixLists[office]?.entries)
    }

    @Test func badInputNamesTheFileAndPath() throws {
        var documents = try Fixture.documents("moto-world")
        let index = documents.firstIndex { $0.name == "Subnets.json" }!
        let text = String(decoding: documents[index].data, as: UTF8.self).replacingOccurrences(of: "\"10.0.1.0/24\"", with: "\"10.0.1.0/33\"")
        documents[index].data = Data(text.utf8)
        #expect(throws: AccountImportError.self) { try AccountImporter.read(documents: documents) }
        do {
            _ = try AccountImporter.read(documents: documents)
        } catch {
            #expect(error.message.hasPrefix("Subnets.json at $.Subnets[0].CidrBlock: 10.0.1.0/33"))
        }
    }

    @Test func aMissingFieldNamesItsPath() throws {
        let data = Data(#"{"Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16"}, {"CidrBlock": "10.1.0.0/16"}]}"#.utf8)
        do {
            _ = try AccountImporter.read(documents: [("vpcs.json", data)])
            Issue.record("no error")
        } catch {
            #expect(error.message == "vpcs.json at $.Vpcs[1]: the field VpcId is missing")
        }
    }

    @Test func anInconsistentAccountImportsNothing() throws {
        // A security group rule that names a group in no VPC of the input is skipped, but an
        // interface in a group that does not exist makes the whole account inconsistent.
        var documents = try Fixture.documents("moto-world")
        let index = documents.firstIndex { $0.name == "NetworkInterfaces.json" }!
        let text = String(decoding: documents[index].data, as: UTF8.self).replacingOccurrences(of: "\"GroupId\": \"sg-653d4145aa15c1f32\"", with: "\"GroupId\": \"sg-0000000000000dead\"")
        documents[index].data = Data(text.utf8)
        do {
            _ = try AccountImporter.read(documents: documents)
            Issue.record("no error")
        } catch {
            #expect(error.message.contains("NetworkInterfaces.json at $.NetworkInterfaces["))
            #expect(error.message.contains("nothing was imported"))
        }
    }

    @Test func namesThatCannotBeTypedBecomeIDs() throws {
        let vpc = #"{"Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16", "Tags": [{"Key": "Name", "Value": "my vpc\u001b[2J"}]}]}"#
        let rt = #"{"RouteTables": [{"RouteTableId": "rtb-1", "VpcId": "vpc-1", "Associations": [{"Main": true}], "Routes": [{"DestinationCidrBlock": "10.0.0.0/16", "GatewayId": "local"}]}]}"#
        let acl = #"{"NetworkAcls": [{"NetworkAclId": "acl-1", "VpcId": "vpc-1", "IsDefault": true, "Entries": []}]}"#
        let sg = #"{"SecurityGroups": [{"GroupId": "sg-1", "GroupName": "default", "VpcId": "vpc-1"}]}"#
        let result = try AccountImporter.read(documents: [("a", Data(vpc.utf8)), ("b", Data(rt.utf8)), ("c", Data(acl.utf8)), ("d", Data(sg.utf8))])
        #expect(result.world.name(of: "vpc-1") == "vpc-1")
        #expect(result.skipped.contains { $0.kind.hasPrefix("untypable Name tag") })
    }

    @Test func importedWorldSavesAndLoads() throws {
        let world = try AccountImporter.read(paths: [Fixture.path("aws-json")]).world
        let data = try JSONEncoder().encode(world)
        let loaded = try JSONDecoder().decode(World.self, from: data)
        #expect(loaded == world)
        #expect(loaded.isImported)
    }
}

@Suite struct ImportEdgeTests {
    static let base: [(String, String)] = [
        ("vpcs.json", #"{"Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16", "Tags": [{"Key": "Name", "Value": "lab"}]}]}"#),
        ("subnets.json", #"{"Subnets": [{"SubnetId": "subnet-1", "VpcId": "vpc-1", "CidrBlock": "10.0.1.0/24", "AvailabilityZone": "us-east-1a", "Tags": [{"Key": "Name", "Value": "pub"}]}, {"SubnetId": "subnet-2", "VpcId": "vpc-1", "CidrBlock": "10.0.2.0/24", "AvailabilityZone": "us-east-1a", "Tags": [{"Key": "Name", "Value": "pub"}]}]}"#),
        ("rt.json", #"{"RouteTables": [{"RouteTableId": "rtb-1", "VpcId": "vpc-1", "Associations": [{"Main": true}], "Routes": [{"DestinationCidrBlock": "10.0.0.0/16", "GatewayId": "local"}, {"DestinationCidrBlock": "192.0.2.0/24", "InstanceId": "i-1", "NetworkInterfaceId": "eni-1"}, {"DestinationCidrBlock": "198.51.100.0/24", "TransitGatewayId": "tgw-1"}]}]}"#),
        ("acl.json", #"{"NetworkAcls": [{"NetworkAclId": "acl-1", "VpcId": "vpc-1", "IsDefault": true, "Associations": [{"SubnetId": "subnet-1"}, {"SubnetId": "subnet-2"}], "Entries": [{"RuleNumber": 200, "Egress": false, "Protocol": "1", "RuleAction": "allow", "CidrBlock": "0.0.0.0/0", "IcmpTypeCode": {"Type": -1, "Code": -1}}, {"RuleNumber": 100, "Egress": false, "Protocol": "6", "RuleAction": "deny", "CidrBlock": "100.68.0.18/18", "PortRange": {"From": 25, "To": 25}}, {"RuleNumber": 32767, "Egress": false, "Protocol": "-1", "RuleAction": "deny", "CidrBlock": "0.0.0.0/0"}]}]}"#),
        ("sg.json", #"{"SecurityGroups": [{"GroupId": "sg-1", "GroupName": "default", "VpcId": "vpc-1", "IpPermissions": [{"IpProtocol": "icmp", "FromPort": -1, "ToPort": -1, "IpRanges": [{"CidrIp": "10.0.0.0/8"}]}, {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "UserIdGroupPairs": [{"GroupId": "sg-9", "UserId": "999988887777"}]}]}, {"GroupId": "sg-2", "GroupName": "my app servers", "VpcId": "vpc-1", "IpPermissions": [{"IpProtocol": "50", "IpRanges": [{"CidrIp": "203.0.113.0/24"}]}]}]}"#),
        ("instances.json", #"{"Reservations": [{"Instances": [{"InstanceId": "i-1", "VpcId": "vpc-1", "SourceDestCheck": false, "State": {"Name": "stopped"}, "NetworkInterfaces": [{"NetworkInterfaceId": "eni-2", "SubnetId": "subnet-2", "VpcId": "vpc-1", "PrivateIpAddress": "10.0.2.9", "Groups": [{"GroupId": "sg-2"}], "Attachment": {"DeviceIndex": 1}}, {"NetworkInterfaceId": "eni-1", "SubnetId": "subnet-1", "VpcId": "vpc-1", "PrivateIpAddress": "10.0.1.9", "Groups": [{"GroupId": "sg-1"}], "Attachment": {"DeviceIndex": 0}, "PrivateIpAddresses": [{"PrivateIpAddress": "10.0.1.9"}, {"PrivateIpAddress": "10.0.1.10"}]}]}, {"InstanceId": "i-2", "State": {"Name": "terminated"}}]}]}"#),
    ]

    func read(_ docs: [(String, String)]) throws(AccountImportError) -> AccountImport {
        try AccountImporter.read(documents: docs.map { ($0.0, Data($0.1.utf8)) })
    }

    @Test func aSmallAccountWithEveryOddity() throws {
        let result = try read(Self.base)
        let w = result.world
        // The second subnet tagged pub keeps its ID; the group named with spaces too.
        #expect(w.name(of: "subnet-1") == "pub" && w.name(of: "subnet-2") == "subnet-2")
        #expect(result.notes.contains { $0.hasPrefix("subnet-2 is named pub like another subnet") })
        #expect(w.name(of: "sg-2") == "sg-2")
        // Interfaces in device order, the source/destination check as AWS says, a stopped instance noted.
        let i = w.resources[Resource.ID("i-1")]!
        #expect(i.interfaceIDs.map(\.rawValue) == ["eni-1", "eni-2"] && !i.sourceDestinationCheck)
        #expect(result.notes.contains("i-1 is stopped: sglab evaluates it as running"))
        // Entries in rule order, host bits cleared as AWS stores them, the * entry sglab's own.
        let acl = w.networkACLs[NetworkACL.ID("acl-1")]!
        #expect(acl.inbound.map(\.numberText) == ["100", "200", "*"] && acl.inbound[0].cidr == CIDR("100.68.0.0/18"))
        #expect(acl.inbound[1].traffic == TrafficSpec(.icmp, .icmp(.all)))
        let route = w.routeTables[RouteTable.ID("rtb-1")]!.routes
        #expect(route.count == 2 && route[1].target == .networkInterface(NetworkInterface.ID("eni-1")))
        let skipped = Dictionary(uniqueKeysWithValues: result.skipped.map { ($0.kind, $0.count) })
        #expect(skipped["route to a transit gateway"] == 1)
        #expect(skipped["rule naming a group of another VPC or account"] == 1)
        #expect(skipped["secondary private IPv4 address"] == 1)
        #expect(skipped["terminated EC2 instance"] == 1)
        #expect(w.securityGroups[SecurityGroup.ID("sg-2")]!.ingress.first?.traffic == TrafficSpec(.number(50)))
    }

    // Decision 25: IPv6 rules and entries are imported (::/0 is never covered by 0.0.0.0/0), the
    // IPv6 `*` entry is sglab's own.
    @Test func ipv6RulesAndEntries() throws {
        var docs = Self.base
        docs[3].1 = docs[3].1.replacingOccurrences(
            of: #"{"RuleNumber": 32767, "Egress": false, "Protocol": "-1", "RuleAction": "deny", "CidrBlock": "0.0.0.0/0"}"#,
            with: #"{"RuleNumber": 101, "Egress": false, "Protocol": "-1", "RuleAction": "allow", "Ipv6CidrBlock": "::/0"}, {"RuleNumber": 32767, "Egress": false, "Protocol": "-1", "RuleAction": "deny", "CidrBlock": "0.0.0.0/0"}, {"RuleNumber": 32768, "Egress": false, "Protocol": "-1", "RuleAction": "deny", "Ipv6CidrBlock": "::/0"}"#)
        docs[4].1 = docs[4].1.replacingOccurrences(
            of: #"{"IpProtocol": "50", "IpRanges": [{"CidrIp": "203.0.113.0/24"}]}"#,
            with: #"{"IpProtocol": "50", "IpRanges": [{"CidrIp": "203.0.113.0/24"}]}, {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "Ipv6Ranges": [{"CidrIpv6": "::/0", "Description": "ssh from anywhere"}]}"#)
        let w = try read(docs).world
        let acl = w.networkACLs[NetworkACL.ID("acl-1")]!
        #expect(acl.inbound.contains { $0.ruleNumber == 101 && $0.cidr == .anywhere6 })
        let ssh = w.securityGroups[SecurityGroup.ID("sg-2")]!.ingress.first { $0.peer == .cidr(.anywhere6) }
        #expect(ssh?.traffic == TrafficSpec(.tcp, .ports(PortRange(22))) && ssh?.description == "ssh from anywhere")
    }

    @Test func theCatchAllNumberIsOnlyTheCatchAll() throws {
        var docs = Self.base
        docs[3].1 = docs[3].1.replacingOccurrences(of: #""RuleNumber": 32767, "Egress": false, "Protocol": "-1", "RuleAction": "deny""#,
                                                    with: #""RuleNumber": 32767, "Egress": false, "Protocol": "-1", "RuleAction": "allow""#)
        #expect { try read(docs) } throws: { ($0 as? AccountImportError)?.message.hasPrefix("acl.json at $.NetworkAcls[0].Entries[2]: rule 32767 is the * deny-all entry") == true }
    }

    @Test func aMissingMainRouteTableSaysWhichCallToAdd() throws {
        let docs = Self.base.filter { $0.0 != "rt.json" }
        #expect { try read(docs) } throws: {
            ($0 as? AccountImportError)?.message == "vpcs.json at $.Vpcs[0]: vpc-1 has no main route table in the input (give the output of aws ec2 describe-route-tables)"
        }
    }

    /// Damaged input never crashes: cut short or with bytes changed, every fixture file either
    /// imports or fails with a message.
    @Test func damagedFilesNeverCrash() throws {
        var generator = SystemRandomNumberGenerator()
        let documents = try Fixture.documents("aws-json")
        for (index, document) in documents.enumerated() {
            for round in 0..<30 {
                var bytes = [UInt8](document.data)
                if round % 3 == 0 {
                    bytes = Array(bytes.prefix(Int.random(in: 0..<max(1, bytes.count), using: &generator)))
                } else {
                    for _ in 0..<3 where !bytes.isEmpty {
                        bytes[Int.random(in: 0..<bytes.count, using: &generator)] = UInt8.random(in: 32...126, using: &generator)
                    }
                }
                var damaged = documents
                damaged[index].data = Data(bytes)
                do {
                    _ = try AccountImporter.read(documents: damaged)
                } catch {
                    #expect(!error.message.isEmpty && !error.message.contains("\n"))
                }
            }
        }
    }
}
