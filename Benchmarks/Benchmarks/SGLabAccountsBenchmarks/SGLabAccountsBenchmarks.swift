// Real accounts at scale (ordo-one package-benchmark). Run from Benchmarks/:
//
//   swift package --allow-writing-to-package-directory benchmark --target SGLabAccountsBenchmarks
//
// A generated account as `aws ec2 describe-*` prints it: one VPC, 50 subnets (25 public behind an
// internet gateway, 25 private behind a custom network ACL), 200 security groups of 8 inbound
// rules (some from 0.0.0.0/0, some from other groups, some from an office block) and 10,000
// EC2 instances of one network interface each, in one or two groups; public ones have a public
// address. Targets (issue 13): import ≤ 1 s, audit ≤ 1 s, exposure ≤ 5 s. Measured on the
// 2-core development machine (release): import 257 ms, audit 165 ms (883 findings, 712 of them
// confirmed reachable), exposure 858 ms (5,000 interfaces reachable on 23,618 ranges).

import Benchmark
import Foundation
import SGLabAccounts
import SGLabCore

let benchmarks: @Sendable () -> Void = {
    let once = Benchmark.Configuration(metrics: [.wallClock, .peakMemoryResident], warmupIterations: 1, maxDuration: .seconds(30), maxIterations: 5)

    Benchmark("import a 10,000-interface account (describe-* JSON to world)", configuration: once,
              closure: { benchmark, account in
                  for _ in benchmark.scaledIterations {
                      let imported = try AccountImporter.read(documents: account.documents)
                      if imported.world.interfaces.count != 10_000 { benchmark.error("imported \(imported.world.interfaces.count) interfaces") }
                  }
              }, setup: { GeneratedAccount.shared })

    Benchmark("audit a 10,000-interface account", configuration: once,
              closure: { benchmark, account in
                  for _ in benchmark.scaledIterations {
                      let findings = Audit.run(account.world)
                      if findings.isEmpty { benchmark.error("no findings") }
                  }
              }, setup: { GeneratedAccount.shared })

    Benchmark("exposure of a 10,000-interface account (every interface, from the internet)", configuration: once,
              closure: { benchmark, account in
                  for _ in benchmark.scaledIterations {
                      let exposed = Exposure.run(account.world)
                      if exposed.isEmpty { benchmark.error("nothing exposed") }
                  }
              }, setup: { GeneratedAccount.shared })
}

/// The generated account: its JSON documents, and the world they import to.
final class GeneratedAccount: Sendable {
    let documents: [(name: String, data: Data)]
    let world: World

    static let shared = GeneratedAccount()

    init(interfaces: Int = 10_000, groups: Int = 200, subnets: Int = 50) {
        func tags(_ name: String) -> [[String: Any]] { [["Key": "Name", "Value": name]] }
        let vpc = "vpc-0a000000000000001", igw = "igw-0a000000000000001"
        func id(_ prefix: String, _ n: Int) -> String { prefix + String(format: "%017x", n) }
        var subnetList: [[String: Any]] = []
        var publicAssociations: [[String: Any]] = []
        var privateACLAssociations: [[String: Any]] = []
        var defaultACLAssociations: [[String: Any]] = []
        for s in 0..<subnets {
            let subnetID = id("subnet-", s + 1)
            subnetList.append([
                "SubnetId": subnetID, "VpcId": vpc, "CidrBlock": "10.0.\(s).0/24", "AvailabilityZone": s % 2 == 0 ? "us-east-1a" : "us-east-1b",
                "MapPublicIpOnLaunch": false, "Tags": tags("subnet-\(s < subnets / 2 ? "public" : "private")-\(s)"),
            ])
            if s < subnets / 2 {
                publicAssociations.append(["SubnetId": subnetID, "Main": false])
                defaultACLAssociations.append(["SubnetId": subnetID])
            } else {
                privateACLAssociations.append(["SubnetId": subnetID])
            }
        }
        let local: [String: Any] = ["DestinationCidrBlock": "10.0.0.0/16", "GatewayId": "local", "State": "active"]
        let routeTables: [[String: Any]] = [
            ["RouteTableId": id("rtb-", 1), "VpcId": vpc, "Associations": [["Main": true]], "Routes": [local], "Tags": tags("main")],
            ["RouteTableId": id("rtb-", 2), "VpcId": vpc, "Associations": publicAssociations,
             "Routes": [local, ["DestinationCidrBlock": "0.0.0.0/0", "GatewayId": igw, "State": "active"]], "Tags": tags("public")],
        ]
        func entry(_ n: Int, _ egress: Bool, _ proto: String, _ cidr: String, _ action: String, _ ports: (Int, Int)? = nil) -> [String: Any] {
            var e: [String: Any] = ["RuleNumber": n, "Egress": egress, "Protocol": proto, "CidrBlock": cidr, "RuleAction": action]
            if let ports { e["PortRange"] = ["From": ports.0, "To": ports.1] }
            return e
        }
        let catchAll = [entry(32767, false, "-1", "0.0.0.0/0", "deny"), entry(32767, true, "-1", "0.0.0.0/0", "deny")]
        let acls: [[String: Any]] = [
            ["NetworkAclId": id("acl-", 1), "VpcId": vpc, "IsDefault": true, "Associations": defaultACLAssociations,
             "Entries": [entry(100, false, "-1", "0.0.0.0/0", "allow"), entry(100, true, "-1", "0.0.0.0/0", "allow")] + catchAll],
            ["NetworkAclId": id("acl-", 2), "VpcId": vpc, "IsDefault": false, "Associations": privateACLAssociations, "Tags": tags("private"),
             "Entries": [
                entry(100, false, "6", "10.0.0.0/16", "allow", (0, 65535)), entry(110, false, "6", "0.0.0.0/0", "allow", (1024, 65535)),
                entry(120, false, "6", "203.0.113.0/24", "deny", (22, 22)), entry(130, false, "17", "10.0.0.0/16", "allow", (53, 53)),
                entry(100, true, "-1", "0.0.0.0/0", "allow"),
             ] + catchAll],
        ]
        var groupList: [[String: Any]] = [[
            "GroupId": id("sg-", 1), "GroupName": "default", "VpcId": vpc, "Description": "default VPC security group",
            "IpPermissions": [["IpProtocol": "-1", "UserIdGroupPairs": [["GroupId": id("sg-", 1)]]]],
            "IpPermissionsEgress": [["IpProtocol": "-1", "IpRanges": [["CidrIp": "0.0.0.0/0"]]]],
        ]]
        let ports = [22, 80, 443, 3306, 5432, 8080, 3389, 6379, 9200, 25]
        for g in 0..<groups {
            var rules: [[String: Any]] = []
            for r in 0..<8 {
                let port = ports[(g + r) % ports.count]
                var rule: [String: Any] = ["IpProtocol": "tcp", "FromPort": port, "ToPort": port]
                switch r % 4 {
                case 0: rule["IpRanges"] = [["CidrIp": "0.0.0.0/0", "Description": "world"]]
                case 1: rule["UserIdGroupPairs"] = [["GroupId": id("sg-", 2 + (g + 1) % groups)]]
                case 2: rule["IpRanges"] = [["CidrIp": "203.0.113.0/24"], ["CidrIp": "198.51.100.\(g % 200)/32"]]
                default: rule["IpRanges"] = [["CidrIp": "10.0.0.0/16"]]
                }
                rules.append(rule)
            }
            groupList.append([
                "GroupId": id("sg-", 2 + g), "GroupName": "group-\(g)", "VpcId": vpc, "Description": "group \(g)", "IpPermissions": rules,
                "IpPermissionsEgress": [["IpProtocol": "-1", "IpRanges": [["CidrIp": "0.0.0.0/0"]]]],
            ])
        }
        var instances: [[String: Any]] = []
        for n in 0..<interfaces {
            let s = n % subnets
            let host = 10 + n / subnets
            var eni: [String: Any] = [
                "NetworkInterfaceId": id("eni-", n + 1), "SubnetId": id("subnet-", s + 1), "VpcId": vpc, "PrivateIpAddress": "10.0.\(s).\(host)",
                "Groups": [["GroupId": id("sg-", 2 + n % groups)]] + (n % 3 == 0 ? [["GroupId": id("sg-", 2 + (n / 7) % groups)]] : []),
                "Attachment": ["DeviceIndex": 0, "Status": "attached"], "InterfaceType": "interface",
            ]
            if s < subnets / 2 { eni["Association"] = ["PublicIp": "54.\(n / 65536 + 10).\(n / 256 % 256).\(n % 256)"] }
            if n % 3 == 0, (eni["Groups"] as! [[String: String]]).count == 2,
               (eni["Groups"] as! [[String: String]])[0] == (eni["Groups"] as! [[String: String]])[1] {
                eni["Groups"] = [["GroupId": id("sg-", 2 + n % groups)]]
            }
            instances.append([
                "InstanceId": id("i-", n + 1), "VpcId": vpc, "State": ["Name": "running"], "SourceDestCheck": true,
                "NetworkInterfaces": [eni], "Tags": tags("host-\(n)"),
            ])
        }
        let json: [(String, Any)] = [
            ("vpcs.json", ["Vpcs": [["VpcId": vpc, "CidrBlock": "10.0.0.0/16", "Tags": tags("scale")]]]),
            ("subnets.json", ["Subnets": subnetList]), ("route-tables.json", ["RouteTables": routeTables]),
            ("network-acls.json", ["NetworkAcls": acls]), ("security-groups.json", ["SecurityGroups": groupList]),
            ("instances.json", ["Reservations": [["Instances": instances]]]),
            ("internet-gateways.json", ["InternetGateways": [["InternetGatewayId": igw, "Attachments": [["VpcId": vpc, "State": "available"]]]]]),
        ]
        documents = json.map { ($0.0, try! JSONSerialization.data(withJSONObject: $0.1)) }
        world = try! AccountImporter.read(documents: documents).world
    }
}
