import Foundation
import SGLabAccounts
import SGLabCore
import SGLabLanguage
import Testing
import Yams

@Suite struct ExportTests {
    static let lab = [
        "vpc create lab 10.0.0.0/16", "subnet create pub in lab 10.0.1.0/24", "subnet create app in lab 10.0.2.0/24 az us-east-1b",
        "igw create gw in lab", "rt create public in lab", "rt associate public pub", "route add public 0.0.0.0/0 via gw",
        "prefix-list create offices 192.0.2.0/24,198.51.100.0/24",
        "sg create web in lab \"web tier\"", "sg allow web in https from 0.0.0.0/0 \"public site\"",
        "sg allow web in tcp 22 from offices \"admins $HOME {x}\"", "sg create app in lab \"app tier\"",
        "sg allow app in tcp 8080 from web", "sg revoke app out all to 0.0.0.0/0", "sg allow app out tcp 5432 to 10.0.2.0/24",
        "sg allow web in icmp echo-request from 10.0.0.0/16",
        "nacl create edge in lab", "nacl associate edge pub", "nacl add edge in 100 allow tcp 443 from 0.0.0.0/0",
        "nacl add edge in 110 allow tcp 1024-65535 from 0.0.0.0/0", "nacl add edge in 120 deny icmp echo-request from 0.0.0.0/0",
        "nacl add edge out 100 allow all to 0.0.0.0/0",
        "launch ec2 web1 in pub sg web public-ip", "launch ec2 app1 in app sg app", "ec2 set app1 source-dest-check off",
        "eni create spare in app sg app", "eip allocate web-ip", "eip associate web-ip web1", "nat create natgw in pub",
        "route add main 0.0.0.0/0 via natgw", "launch rds db in app sg app",
    ]

    func world(_ lines: [String]) throws -> World {
        var session = Session()
        for line in lines { _ = try session.execute(line) }
        return session.world
    }

    func worlds() throws -> [(String, World)] {
        [
            ("lab", try world(Self.lab)), ("aws-json", try AccountImporter.read(paths: [Fixture.path("aws-json")]).world),
            ("moto-world", try AccountImporter.read(paths: [Fixture.path("moto-world")]).world),
        ]
    }

    @Test func theAWSCLIScriptIsBashThatCapturesEveryID() throws {
        for (name, world) in try worlds() {
            let script = Exporter.export(world, as: .awsCLI)
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("sglab-export-\(name).sh")
            try script.write(to: file, atomically: true, encoding: .utf8)
            let bash = Process()
            bash.executableURL = URL(fileURLWithPath: "/bin/bash")
            bash.arguments = ["-n", file.path]
            try bash.run()
            bash.waitUntilExit()
            #expect(bash.terminationStatus == 0, "\(name): bash -n")
            // Every variable used was captured before.
            var defined: Set<String> = ["AMI_ID", "ASSOCIATION"]
            for line in script.split(separator: "\n") where !line.hasPrefix("#") {
                let unescaped = line.replacingOccurrences(of: "\\$", with: "")
                for used in unescaped.matches(of: /\$([A-Z][A-Z0-9_]*)/).map({ String($0.1) }) where !line.hasPrefix("\(used)=") {
                    #expect(defined.contains(used), "\(name): \(used) used before it is captured in: \(line)")
                }
                if let assignment = line.firstMatch(of: /^([A-Z][A-Z0-9_]*)=/) { defined.insert(String(assignment.1)) }
            }
        }
        let lab = Exporter.export(try world(Self.lab), as: .awsCLI)
        #expect(lab.contains("# not exported: RDS DB instance db"))
        // A description is one literal argument: no expansion of $HOME or `x`.
        #expect(lab.contains(#"\"Description\":\"admins \$HOME {x}\""#))
        #expect(lab.contains("aws ec2 modify-instance-attribute --instance-id \"$INSTANCE_APP1\" --no-source-dest-check"))
        #expect(lab.contains("aws ec2 create-route --route-table-id \"$ROUTE_TABLE_MAIN\" --destination-cidr-block 0.0.0.0/0 --nat-gateway-id \"$NAT_GATEWAY_NATGW\""))
    }

    @Test func everyCloudFormationReferenceIsDeclared() throws {
        for (name, world) in try worlds() {
            let text = Exporter.export(world, as: .cloudFormation)
            let template = try #require(try Yams.load(yaml: text) as? [String: Any], "\(name)")
            let resources = try #require(template["Resources"] as? [String: Any])
            let parameters = (template["Parameters"] as? [String: Any]) ?? [:]
            var references: [String] = []
            func walk(_ value: Any) {
                if let map = value as? [String: Any] {
                    if let ref = map["Ref"] as? String { references.append(ref) }
                    if let att = map["Fn::GetAtt"] as? [Any], let target = att.first as? String { references.append(target) }
                    map.values.forEach(walk)
                } else if let list = value as? [Any] {
                    list.forEach(walk)
                }
            }
            walk(resources)
            for r in references { #expect(resources[r] != nil || parameters[r] != nil, "\(name): \(r) is not declared") }
        }
        let lab = try #require(try Yams.load(yaml: Exporter.export(try world(Self.lab), as: .cloudFormation)) as? [String: Any])
        let notes = ((lab["Metadata"] as? [String: Any])?["sglab"] as? [String: Any])?["NotExpressed"] as? [String]
        #expect(notes?.contains { $0.hasPrefix("main route table main of lab") } == true)
    }

    @Test func everyTerraformReferenceIsDeclared() throws {
        for (name, world) in try worlds() {
            let text = Exporter.export(world, as: .terraform)
            let declared = Set(text.matches(of: /resource "([a-z0-9_]+)" "([a-z0-9_]+)"/).map { "\($0.1).\($0.2)" })
            let used = Set(
                text.replacingOccurrences(of: "data.aws_", with: "").matches(of: /(aws_[a-z0-9_]+)\.([a-z0-9_]+)\.[a-z_]+/).map { "\($0.1).\($0.2)" })
            #expect(!text.contains("data.aws_ssm_parameter.ami") || text.contains("data \"aws_ssm_parameter\" \"ami\""))
            #expect(used.subtracting(declared).isEmpty, "\(name): \(used.subtracting(declared))")
            #expect(!text.contains("aws_security_group_rule"), "the provider recommends aws_vpc_security_group_*_rule")
        }
        let lab = Exporter.export(try world(Self.lab), as: .terraform)
        #expect(lab.contains("resource \"aws_vpc_security_group_ingress_rule\""))
        #expect(lab.contains("referenced_security_group_id = aws_security_group.security_group_web.id"))
        #expect(lab.contains("prefix_list_id    = aws_ec2_managed_prefix_list.prefix_list_offices.id"))
    }
}
