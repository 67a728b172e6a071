import Foundation
import SGLabCore

/// The world as Terraform for the AWS provider (5.x), with the resources its documentation
/// recommends: one `aws_vpc_security_group_ingress_rule` / `_egress_rule` per rule (not inline
/// blocks), `aws_route` and `aws_network_acl_rule` per route and entry, and the
/// `aws_default_*` resources for what AWS creates with a VPC.
struct TerraformExport {
    let plan: ExportPlan
    var world: World { plan.world }
    private var blocks: [String] = []

    init(plan: ExportPlan) { self.plan = plan }

    func r(_ x: some CustomStringConvertible) -> String { plan.snake(x) }

    static func string(_ s: String) -> String {
        var out = "\""
        for c in s.unicodeScalars {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "$": out += "$$"
            case "%": out += "%%"
            default:
                if c.value < 0x20 {
                    let hex = String(c.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(c)
                }
            }
        }
        return out + "\""
    }

    func tags(_ name: String, _ id: String) -> [String] {
        name == id ? [] : ["tags = { Name = \(Self.string(name)) }"]
    }

    mutating func block(_ type: String, _ name: String, _ lines: [String]) {
        blocks.append("resource \"\(type)\" \"\(name)\" {\n" + lines.map { "  " + $0.replacingOccurrences(of: "\n", with: "\n  ") }.joined(separator: "\n") + "\n}")
    }

    func groupRef(_ g: SecurityGroup.ID) -> String {
        plan.vpcs.contains { $0.defaultSecurityGroupID == g } ? "aws_default_security_group.\(r(g)).id" : "aws_security_group.\(r(g)).id"
    }

    func interfaceRef(_ e: NetworkInterface) -> String {
        if let owner = e.attachedResourceID, world.resources[owner]?.primaryInterfaceID == e.id {
            return "aws_instance.\(r(owner)).primary_network_interface_id"
        }
        return "aws_network_interface.\(r(e.id)).id"
    }

    func trafficLines(_ t: TrafficSpec) -> [String] {
        let (p, _, from, to) = ExportPlan.apiFields(t)
        var lines = ["ip_protocol = \(Self.string(p))"]
        if let from, let to { lines += ["from_port   = \(from)", "to_port     = \(to)"] }
        return lines
    }

    mutating func configuration() -> String {
        var header = [
            "# The sglab lab as Terraform (sglab export --format terraform), for the AWS provider 5.x.",
        ]
        header += plan.omitted.map { "# not exported: \($0)" }
        header.append("""
            terraform {
              required_providers {
                aws = {
                  source  = "hashicorp/aws"
                  version = ">= 5.0"
                }
              }
            }
            """)
        if !plan.instances.isEmpty {
            header.append("""
                data "aws_ssm_parameter" "ami" {
                  name = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64"
                }
                """)
        }
        for list in plan.prefixLists {
            block("aws_ec2_managed_prefix_list", r(list.id), [
                "name           = \(Self.string(list.name))", "address_family = \"IPv4\"", "max_entries    = \(list.maxEntries)",
            ] + list.entries.map { "entry {\n  cidr = \"\($0)\"\n}" })
        }
        for vpc in plan.vpcs { self.vpc(vpc) }
        for igw in plan.internetGateways {
            block("aws_internet_gateway", r(igw.id), (igw.vpcID.map { ["vpc_id = aws_vpc.\(r($0)).id"] } ?? []) + tags(igw.name, igw.id.rawValue))
        }
        for s in plan.subnets {
            block("aws_subnet", r(s.id), [
                "vpc_id            = aws_vpc.\(r(s.vpcID)).id", "cidr_block        = \"\(s.cidr)\"", "availability_zone = \"\(s.availabilityZone)\"",
            ] + tags(s.name, s.id.rawValue))
        }
        let mains = Set(plan.vpcs.map(\.mainRouteTableID))
        for t in plan.routeTables where !mains.contains(t.id) {
            block("aws_route_table", r(t.id), ["vpc_id = aws_vpc.\(r(t.vpcID)).id"] + tags(t.name, t.id.rawValue))
            for s in plan.subnets where s.routeTableID == t.id {
                block("aws_route_table_association", "\(r(t.id))_\(r(s.id))", ["route_table_id = aws_route_table.\(r(t.id)).id", "subnet_id      = aws_subnet.\(r(s.id)).id"])
            }
            for (n, route) in t.routes.enumerated() where route.target != .local && ExportPlan.targetExists(route.target, world) {
                block("aws_route", "\(r(t.id))_\(n)", ["route_table_id = aws_route_table.\(r(t.id)).id"] + routeLines(route, inline: false))
            }
        }
        let defaults = Set(plan.vpcs.map(\.defaultNetworkACLID))
        for acl in plan.networkACLs where !defaults.contains(acl.id) {
            block("aws_network_acl", r(acl.id), ["vpc_id = aws_vpc.\(r(acl.vpcID)).id"] + tags(acl.name, acl.id.rawValue))
            for (direction, entries) in [(Direction.inbound, acl.inbound), (.outbound, acl.outbound)] {
                for e in entries where !e.isCatchAll {
                    block("aws_network_acl_rule", "\(r(acl.id))_\(direction == .inbound ? "in" : "out")_\(e.ruleNumber)",
                          ["network_acl_id = aws_network_acl.\(r(acl.id)).id", "egress         = \(direction == .outbound)"] + entryLines(e))
                }
            }
            for s in plan.subnets where s.networkACLID == acl.id {
                block("aws_network_acl_association", "\(r(acl.id))_\(r(s.id))", ["network_acl_id = aws_network_acl.\(r(acl.id)).id", "subnet_id      = aws_subnet.\(r(s.id)).id"])
            }
        }
        let defaultGroups = Set(plan.vpcs.map(\.defaultSecurityGroupID))
        for g in plan.groups where !defaultGroups.contains(g.id) {
            // Without inline rules, the provider removes the allow-all egress rule AWS adds to a
            // new group (Terraform AWS provider, "aws_security_group"): the rules below are the
            // group's whole set.
            block("aws_security_group", r(g.id), [
                "name        = \(Self.string(g.name))", "description = \(Self.string(g.description.isEmpty ? g.name : g.description))",
                "vpc_id      = aws_vpc.\(r(g.vpcID)).id",
            ])
            for (direction, rules) in [(Direction.inbound, g.ingress), (.outbound, g.egress)] {
                for (n, rule) in rules.enumerated() {
                    var lines = ["security_group_id = \(groupRef(g.id))"] + trafficLines(rule.traffic)
                    switch rule.peer {
                    case .cidr(let c): lines.append("cidr_ipv4 = \"\(c)\"")
                    case .securityGroup(let other): lines.append("referenced_security_group_id = \(groupRef(other))")
                    case .prefixList(let l): lines.append("prefix_list_id = aws_ec2_managed_prefix_list.\(r(l)).id")
                    }
                    if !rule.description.isEmpty { lines.append("description = \(Self.string(rule.description))") }
                    block(direction == .inbound ? "aws_vpc_security_group_ingress_rule" : "aws_vpc_security_group_egress_rule",
                          "\(r(g.id))_\(direction == .inbound ? "in" : "out")_\(n)", lines)
                }
            }
        }
        for eni in plan.interfaces {
            block("aws_network_interface", r(eni.id), [
                "subnet_id       = aws_subnet.\(r(eni.subnetID)).id", "private_ips     = [\"\(eni.privateAddress)\"]",
                "security_groups = [" + eni.securityGroupIDs.map(groupRef).joined(separator: ", ") + "]",
            ] + tags(eni.name, eni.id.rawValue))
        }
        for i in plan.instances {
            guard let primary = world.interfaces[i.primaryInterfaceID] else { continue }
            var lines = [
                "ami                    = data.aws_ssm_parameter.ami.value", "instance_type          = \"t3.micro\"",
                "subnet_id              = aws_subnet.\(r(primary.subnetID)).id", "private_ip             = \"\(primary.privateAddress)\"",
                "vpc_security_group_ids = [" + primary.securityGroupIDs.map(groupRef).joined(separator: ", ") + "]",
            ]
            if primary.autoAssignsPublicAddress && primary.elasticIPAllocationID == nil { lines.append("associate_public_ip_address = true") }
            if !i.sourceDestinationCheck { lines.append("source_dest_check = false") }
            block("aws_instance", r(i.id), lines + tags(i.name, i.id.rawValue))
            for (index, eni) in i.interfaceIDs.enumerated().dropFirst() {
                block("aws_network_interface_attachment", "\(r(i.id))_\(index)", [
                    "instance_id          = aws_instance.\(r(i.id)).id", "network_interface_id = aws_network_interface.\(r(eni)).id",
                    "device_index         = \(index)",
                ])
            }
        }
        for eip in plan.elasticIPs {
            block("aws_eip", r(eip.allocationID), ["domain = \"vpc\""] + tags(eip.name, eip.allocationID.rawValue))
            if let e = eip.interfaceID.flatMap({ world.interfaces[$0] }), e.natGatewayID == nil, plan.isExported(e) {
                block("aws_eip_association", r(eip.allocationID), ["allocation_id        = aws_eip.\(r(eip.allocationID)).id", "network_interface_id = \(interfaceRef(e))"])
            }
        }
        for nat in plan.natGateways {
            block("aws_nat_gateway", r(nat.id), [
                "subnet_id     = aws_subnet.\(r(nat.subnetID)).id", "allocation_id = aws_eip.\(r(nat.allocationID?.rawValue ?? "")).id",
            ] + tags(nat.name, nat.id.rawValue))
        }
        return Self.aligned((header + blocks).joined(separator: "\n\n")) + "\n"
    }

    /// Aligns the `=` of consecutive one-line attributes at the same depth, as `terraform fmt` does.
    static func aligned(_ text: String) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        func attribute(_ line: String) -> (indent: Int, key: String, value: String)? {
            let indent = line.prefix { $0 == " " }.count
            let rest = line.dropFirst(indent)
            guard let eq = rest.range(of: " = ") ?? rest.range(of: "= ") else { return nil }
            let key = rest[..<eq.lowerBound].trimmingCharacters(in: .whitespaces)
            guard !key.isEmpty, key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }), !rest.hasSuffix("{") else { return nil }
            return (indent, key, String(rest[eq.upperBound...]).trimmingCharacters(in: .whitespaces))
        }
        var i = 0
        while i < lines.count {
            guard let first = attribute(lines[i]) else {
                i += 1
                continue
            }
            var j = i
            var group: [(Int, String, String)] = []
            while j < lines.count, let a = attribute(lines[j]), a.indent == first.indent {
                group.append(a)
                j += 1
            }
            let width = group.map(\.1.count).max() ?? 0
            for (k, a) in group.enumerated() {
                lines[i + k] = String(repeating: " ", count: a.0) + a.1 + String(repeating: " ", count: width - a.1.count) + " = " + a.2
            }
            i = j
        }
        return lines.joined(separator: "\n")
    }

    func routeLines(_ route: Route, inline: Bool) -> [String] {
        var lines: [String] = []
        if let l = route.prefixListID {
            lines.append("destination_prefix_list_id = aws_ec2_managed_prefix_list.\(r(l)).id")
        } else {
            lines.append(inline ? "cidr_block = \"\(route.destination)\"" : "destination_cidr_block = \"\(route.destination)\"")
        }
        switch route.target {
        case .internetGateway(let g): lines.append("gateway_id = aws_internet_gateway.\(r(g)).id")
        case .natGateway(let n): lines.append("nat_gateway_id = aws_nat_gateway.\(r(n)).id")
        case .networkInterface(let e): lines.append("network_interface_id = \(interfaceRef(world.interfaces[e]!))")
        case .local, .vpcEndpoint, .peering, .egressOnlyInternetGateway, .transitGateway, .regionalNATGateway: break
        }
        return lines
    }

    func entryLines(_ e: NetworkACLEntry) -> [String] {
        let (_, number, from, to) = ExportPlan.apiFields(e.traffic)
        var lines = ["rule_number = \(e.ruleNumber)", "protocol    = \"\(number)\"", "rule_action = \"\(e.action.rawValue)\"", "cidr_block  = \"\(e.cidr)\""]
        if let from, let to {
            lines += e.traffic.ipProtocol == .icmp ? ["icmp_type = \(from)", "icmp_code = \(to)"] : ["from_port = \(from)", "to_port   = \(to)"]
        }
        return lines
    }

    mutating func vpc(_ vpc: VPC) {
        block("aws_vpc", r(vpc.id), ["cidr_block = \"\(vpc.cidr)\""] + tags(vpc.name, vpc.id.rawValue))
        // What AWS creates with the VPC is managed by the provider's aws_default_* resources,
        // which keep exactly the rules, entries and routes given here.
        if let main = world.routeTables[vpc.mainRouteTableID] {
            let routes = main.routes.filter { $0.target != .local && ExportPlan.targetExists($0.target, world) }
            block("aws_default_route_table", r(main.id), ["default_route_table_id = aws_vpc.\(r(vpc.id)).default_route_table_id"]
                + routes.map { "route {\n" + routeLines($0, inline: true).map { "  " + $0 }.joined(separator: "\n") + "\n}" }
                + tags(main.name, main.id.rawValue))
        }
        if let acl = world.networkACLs[vpc.defaultNetworkACLID] {
            var lines = ["default_network_acl_id = aws_vpc.\(r(vpc.id)).default_network_acl_id"]
            for (direction, entries) in [(Direction.inbound, acl.inbound), (.outbound, acl.outbound)] {
                for e in entries where !e.isCatchAll {
                    let (_, number, from, to) = ExportPlan.apiFields(e.traffic)
                    var body = ["rule_no    = \(e.ruleNumber)", "protocol   = \"\(number)\"", "action     = \"\(e.action.rawValue)\"", "cidr_block = \"\(e.cidr)\""]
                    if let from, let to {
                        body += e.traffic.ipProtocol == .icmp
                            ? ["from_port  = 0", "to_port    = 0", "icmp_type  = \(from)", "icmp_code  = \(to)"] : ["from_port  = \(from)", "to_port    = \(to)"]
                    } else {
                        body += ["from_port  = 0", "to_port    = 0"]
                    }
                    lines.append("\(direction == .inbound ? "ingress" : "egress") {\n" + body.map { "  " + $0 }.joined(separator: "\n") + "\n}")
                }
            }
            lines.append("lifecycle {\n  ignore_changes = [subnet_ids]\n}")
            block("aws_default_network_acl", r(acl.id), lines + tags(acl.name, acl.id.rawValue))
        }
        if let g = world.securityGroups[vpc.defaultSecurityGroupID] {
            // The default group takes inline rules: the provider's rule resources would fight
            // over the rules it resets.
            var lines = ["vpc_id = aws_vpc.\(r(vpc.id)).id"]
            for (direction, rules) in [(Direction.inbound, g.ingress), (.outbound, g.egress)] {
                for rule in rules {
                    let (p, _, from, to) = ExportPlan.apiFields(rule.traffic)
                    var body = ["protocol  = \(Self.string(p))", "from_port = \(from ?? 0)", "to_port   = \(to ?? 0)"]
                    switch rule.peer {
                    case .cidr(let c): body.append("cidr_blocks = [\"\(c)\"]")
                    case .securityGroup(let other): body.append(other == g.id ? "self = true" : "security_groups = [\(groupRef(other))]")
                    case .prefixList(let l): body.append("prefix_list_ids = [aws_ec2_managed_prefix_list.\(r(l)).id]")
                    }
                    if !rule.description.isEmpty { body.append("description = \(Self.string(rule.description))") }
                    lines.append("\(direction == .inbound ? "ingress" : "egress") {\n" + body.map { "  " + $0 }.joined(separator: "\n") + "\n}")
                }
            }
            block("aws_default_security_group", r(g.id), lines)
        }
    }
}
