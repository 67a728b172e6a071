import SGLabCore

/// The world as a bash script of AWS CLI calls (v1 or v2): each create captures the new ID
/// with `--query … --output text` into a variable that later calls use ("Filter AWS CLI
/// output": --query is a JMESPath expression).
struct AWSCLIExport {
    let plan: ExportPlan
    var world: World { plan.world }
    private var lines: [String] = []

    init(plan: ExportPlan) { self.plan = plan }

    /// A word for a double-quoted shell string.
    static func dq(_ s: String) -> String {
        var out = "\""
        for c in s {
            if "\\\"$`".contains(c) { out.append("\\") }
            out.append(c)
        }
        return out + "\""
    }

    /// A shell variable's value inside text that `shellJSON` quotes: `"$NAME"` after quoting.
    func ref(_ id: some CustomStringConvertible) -> String { "\u{0}" + plan.variable(id) + "\u{0}" }

    /// JSON as one double-quoted shell word: everything literal except the `ref` markers, which
    /// become `$VARIABLE`.
    static func shellJSON(_ json: String) -> String {
        var quoted = dq(json)
        while let start = quoted.firstIndex(of: "\u{0}") {
            let rest = quoted[quoted.index(after: start)...]
            guard let end = rest.firstIndex(of: "\u{0}") else { break }
            quoted.replaceSubrange(start...end, with: "$" + rest[..<end])
        }
        return quoted
    }

    /// A JSON string literal.
    static func jsonString(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    func v(_ id: some CustomStringConvertible) -> String { "$" + plan.variable(id) }

    func tags(_ type: String, _ name: String, _ id: String) -> String {
        name == id ? "" : " --tag-specifications 'ResourceType=\(type),Tags=[{Key=Name,Value=\(name)}]'"
    }

    mutating func say(_ line: String) { lines.append(line) }

    mutating func capture(_ id: some CustomStringConvertible, _ command: String, _ query: String) {
        say("\(plan.variable(id))=$(aws ec2 \(command) --query '\(query)' --output text)")
    }

    func permission(_ traffic: TrafficSpec, _ peer: Peer, _ text: String) -> String {
        let (p, _, from, to) = ExportPlan.apiFields(traffic)
        var fields = ["\"IpProtocol\":\"\(p)\""]
        if let from, let to { fields += ["\"FromPort\":\(from)", "\"ToPort\":\(to)"] }
        let description = text.isEmpty ? "" : ",\"Description\":\(Self.jsonString(text))"
        switch peer {
        case .cidr(let c): fields.append("\"IpRanges\":[{\"CidrIp\":\"\(c)\"\(description)}]")
        case .securityGroup(let g): fields.append("\"UserIdGroupPairs\":[{\"GroupId\":\"\(ref(g))\"\(description)}]")
        case .prefixList(let l): fields.append("\"PrefixListIds\":[{\"PrefixListId\":\"\(ref(l))\"\(description)}]")
        }
        return Self.shellJSON("[{" + fields.joined(separator: ",") + "}]")
    }

    mutating func rule(_ group: SecurityGroup, _ traffic: TrafficSpec, _ peer: Peer, _ text: String, _ direction: Direction, revoke: Bool = false) {
        let verb = revoke ? "revoke" : "authorize"
        // A rule AWS gives the group at creation is revoked whether or not it is there (an
        // emulator may not add it), so the script leaves the group as the lab has it either way.
        say("aws ec2 \(verb)-security-group-\(direction == .inbound ? "ingress" : "egress") --group-id \"\(v(group.id))\" --ip-permissions \(permission(traffic, peer, text)) >/dev/null" + (revoke ? " 2>&1 || true" : ""))
    }

    mutating func entry(_ acl: String, _ e: NetworkACLEntry, _ direction: Direction) {
        let (_, number, from, to) = ExportPlan.apiFields(e.traffic)
        var command = "aws ec2 create-network-acl-entry --network-acl-id \"\(acl)\" --\(direction == .inbound ? "ingress" : "egress") --rule-number \(e.ruleNumber) --protocol \(number) --rule-action \(e.action.rawValue) --cidr-block \(e.cidr)"
        if let from, let to {
            command += e.traffic.ipProtocol == .icmp ? " --icmp-type-code Type=\(from),Code=\(to)" : " --port-range From=\(from),To=\(to)"
        }
        say(command)
    }

    mutating func script() -> String {
        say("#!/usr/bin/env bash")
        say("# The sglab lab as AWS CLI calls. Each create captures the new resource's ID (--query … --output text)")
        say("# into a variable the later calls use. Needs credentials and a Region (AWS_DEFAULT_REGION); AMI_ID")
        say("# may name the image for the instances (default: the latest Amazon Linux 2023).")
        for line in plan.omitted { say("# not exported: \(line)") }
        say("set -euo pipefail")
        if !plan.instances.isEmpty {
            say("AMI_ID=\"${AMI_ID:-$(aws ssm get-parameter --name /aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64 --query Parameter.Value --output text)}\"")
        }
        for list in plan.prefixLists {
            let entries = list.entries.map { "Cidr=\($0)" }.joined(separator: " ")
            capture(
                list.id,
                "create-managed-prefix-list --prefix-list-name \(Self.dq(list.name)) --address-family IPv4 --max-entries \(list.maxEntries)"
                    + (entries.isEmpty ? "" : " --entries \(entries)"), "PrefixList.PrefixListId")
        }
        for vpc in plan.vpcs { self.vpc(vpc) }
        for igw in plan.internetGateways {
            capture(igw.id, "create-internet-gateway" + tags("internet-gateway", igw.name, igw.id.rawValue), "InternetGateway.InternetGatewayId")
            if let vpc = igw.vpcID { say("aws ec2 attach-internet-gateway --internet-gateway-id \"\(v(igw.id))\" --vpc-id \"\(v(vpc))\"") }
        }
        for s in plan.subnets {
            capture(
                s.id, "create-subnet --vpc-id \"\(v(s.vpcID))\" --cidr-block \(s.cidr) --availability-zone \(s.availabilityZone)"
                    + tags("subnet", s.name, s.id.rawValue), "Subnet.SubnetId")
        }
        let mains = Set(plan.vpcs.map(\.mainRouteTableID))
        for t in plan.routeTables where !mains.contains(t.id) {
            capture(t.id, "create-route-table --vpc-id \"\(v(t.vpcID))\"" + tags("route-table", t.name, t.id.rawValue), "RouteTable.RouteTableId")
            for s in plan.subnets where s.routeTableID == t.id {
                say("aws ec2 associate-route-table --route-table-id \"\(v(t.id))\" --subnet-id \"\(v(s.id))\" >/dev/null")
            }
        }
        let defaults = Set(plan.vpcs.map(\.defaultNetworkACLID))
        for acl in plan.networkACLs where !defaults.contains(acl.id) {
            capture(acl.id, "create-network-acl --vpc-id \"\(v(acl.vpcID))\"" + tags("network-acl", acl.name, acl.id.rawValue), "NetworkAcl.NetworkAclId")
            for (direction, entries) in [(Direction.inbound, acl.inbound), (.outbound, acl.outbound)] {
                for e in entries where !e.isCatchAll { entry(v(acl.id), e, direction) }
            }
            for s in plan.subnets where s.networkACLID == acl.id {
                // A subnet always has one ACL: its association is replaced, not added.
                say("ASSOCIATION=$(aws ec2 describe-network-acls --filters Name=association.subnet-id,Values=\"\(v(s.id))\" --query \"NetworkAcls[0].Associations[?SubnetId=='\(v(s.id))'].NetworkAclAssociationId\" --output text)")
                say("aws ec2 replace-network-acl-association --association-id \"$ASSOCIATION\" --network-acl-id \"\(v(acl.id))\" >/dev/null")
            }
        }
        let defaultGroups = Set(plan.vpcs.map(\.defaultSecurityGroupID))
        for g in plan.groups where !defaultGroups.contains(g.id) {
            capture(
                g.id, "create-security-group --group-name \(Self.dq(g.name)) --description \(Self.dq(g.description.isEmpty ? g.name : g.description)) --vpc-id \"\(v(g.vpcID))\"",
                "GroupId")
        }
        for g in plan.groups {
            let isDefault = defaultGroups.contains(g.id)
            // What AWS gives the group at creation, and what the lab has.
            let given: [(Peer, Direction)] = (isDefault ? [(Peer.securityGroup(g.id), Direction.inbound)] : []) + [(.cidr(.anywhere), .outbound)]
            for (peer, direction) in given where !g.rules(direction).contains(where: { $0.traffic == .allTraffic && $0.peer == peer }) {
                rule(g, .allTraffic, peer, "", direction, revoke: true)
            }
            for (direction, rules) in [(Direction.inbound, g.ingress), (.outbound, g.egress)] {
                for r in rules where !given.contains(where: { $0.1 == direction && r.traffic == .allTraffic && $0.0 == r.peer }) {
                    rule(g, r.traffic, r.peer, r.description, direction)
                }
            }
        }
        for i in plan.instances { instance(i) }
        for eni in plan.interfaces { interface(eni) }
        for eip in plan.elasticIPs {
            capture(eip.allocationID, "allocate-address --domain vpc" + tags("elastic-ip", eip.name, eip.allocationID.rawValue), "AllocationId")
            if let eni = eip.interfaceID, let e = world.interfaces[eni], e.natGatewayID == nil, plan.isExported(e) {
                say("aws ec2 associate-address --allocation-id \"\(v(eip.allocationID))\" --network-interface-id \"\(v(eni))\" >/dev/null")
            }
        }
        for nat in plan.natGateways {
            capture(
                nat.id, "create-nat-gateway --subnet-id \"\(v(nat.subnetID))\" --allocation-id \"\(v(nat.allocationID?.rawValue ?? ""))\""
                    + tags("natgateway", nat.name, nat.id.rawValue), "NatGateway.NatGatewayId")
        }
        if !plan.natGateways.isEmpty {
            say("aws ec2 wait nat-gateway-available --nat-gateway-ids " + plan.natGateways.map { "\"\(v($0.id))\"" }.joined(separator: " "))
        }
        for t in plan.routeTables {
            for route in t.routes where route.target != .local && ExportPlan.targetExists(route.target, world) {
                let destination = route.prefixListID.map { "--destination-prefix-list-id \"\(v($0))\"" } ?? "--destination-cidr-block \(route.destination)"
                let target: String
                switch route.target {
                case .internetGateway(let id): target = "--gateway-id \"\(v(id))\""
                case .natGateway(let id): target = "--nat-gateway-id \"\(v(id))\""
                case .networkInterface(let id): target = "--network-interface-id \"\(v(id))\""
                case .local, .vpcEndpoint, .peering, .egressOnlyInternetGateway, .transitGateway, .regionalNATGateway: continue
                }
                say("aws ec2 create-route --route-table-id \"\(v(t.id))\" \(destination) \(target) >/dev/null")
            }
        }
        say("echo \"created \(plan.vpcs.count) VPC\(plan.vpcs.count == 1 ? "" : "s") from the sglab lab\"")
        return lines.joined(separator: "\n") + "\n"
    }

    mutating func vpc(_ vpc: VPC) {
        capture(vpc.id, "create-vpc --cidr-block \(vpc.cidr)" + tags("vpc", vpc.name, vpc.id.rawValue), "Vpc.VpcId")
        // The parts AWS creates with the VPC, found by filters.
        capture(
            vpc.mainRouteTableID,
            "describe-route-tables --filters Name=vpc-id,Values=\"\(v(vpc.id))\" Name=association.main,Values=true",
            "RouteTables[0].RouteTableId")
        capture(
            vpc.defaultNetworkACLID, "describe-network-acls --filters Name=vpc-id,Values=\"\(v(vpc.id))\" Name=default,Values=true",
            "NetworkAcls[0].NetworkAclId")
        capture(
            vpc.defaultSecurityGroupID,
            "describe-security-groups --filters Name=vpc-id,Values=\"\(v(vpc.id))\" Name=group-name,Values=default", "SecurityGroups[0].GroupId")
        for (id, name) in [(vpc.mainRouteTableID.rawValue, world.name(of: vpc.mainRouteTableID) ?? ""), (vpc.defaultNetworkACLID.rawValue, world.name(of: vpc.defaultNetworkACLID) ?? "")]
        where name != id {
            say("aws ec2 create-tags --resources \"$\(plan.variable(id))\" --tags Key=Name,Value=\(name)")
        }
        if let acl = world.networkACLs[vpc.defaultNetworkACLID], !ExportPlan.hasDefaultEntries(acl) {
            // AWS's default ACL allows everything (rule 100 both ways): the lab's entries replace it.
            say("aws ec2 delete-network-acl-entry --network-acl-id \"\(v(acl.id))\" --ingress --rule-number 100")
            say("aws ec2 delete-network-acl-entry --network-acl-id \"\(v(acl.id))\" --egress --rule-number 100")
            for (direction, entries) in [(Direction.inbound, acl.inbound), (.outbound, acl.outbound)] {
                for e in entries where !e.isCatchAll { entry(v(acl.id), e, direction) }
            }
        }
    }

    mutating func instance(_ i: Resource) {
        guard let primary = world.interfaces[i.primaryInterfaceID] else { return }
        var fields = [
            "\"DeviceIndex\":0", "\"SubnetId\":\"\(ref(primary.subnetID))\"", "\"PrivateIpAddress\":\"\(primary.privateAddress)\"",
            "\"Groups\":[" + primary.securityGroupIDs.map { "\"\(ref($0))\"" }.joined(separator: ",") + "]",
        ]
        if primary.autoAssignsPublicAddress && primary.elasticIPAllocationID == nil { fields.append("\"AssociatePublicIpAddress\":true") }
        let interfaces = Self.shellJSON("[{" + fields.joined(separator: ",") + "}]")
        capture(
            i.id, "run-instances --image-id \"$AMI_ID\" --instance-type t3.micro --count 1 --network-interfaces \(interfaces)"
                + tags("instance", i.name, i.id.rawValue), "Instances[0].InstanceId")
        capture(
            primary.id, "describe-instances --instance-ids \"\(v(i.id))\"",
            "Reservations[0].Instances[0].NetworkInterfaces[?Attachment.DeviceIndex==`0`].NetworkInterfaceId")
        if primary.name != primary.id.rawValue {
            say("aws ec2 create-tags --resources \"\(v(primary.id))\" --tags Key=Name,Value=\(primary.name)")
        }
        if !i.sourceDestinationCheck {
            say("aws ec2 modify-instance-attribute --instance-id \"\(v(i.id))\" --no-source-dest-check")
        }
    }

    mutating func interface(_ eni: NetworkInterface) {
        let groups = eni.securityGroupIDs.map { "\"\(v($0))\"" }.joined(separator: " ")
        capture(
            eni.id, "create-network-interface --subnet-id \"\(v(eni.subnetID))\" --private-ip-address \(eni.privateAddress) --groups \(groups)"
                + tags("network-interface", eni.name, eni.id.rawValue), "NetworkInterface.NetworkInterfaceId")
        if let r = eni.attachedResourceID, let instance = world.resources[r], let index = instance.interfaceIDs.firstIndex(of: eni.id) {
            say("aws ec2 attach-network-interface --network-interface-id \"\(v(eni.id))\" --instance-id \"\(v(r))\" --device-index \(index) >/dev/null")
        }
    }
}
