import SGLabCore
import Yams

/// An ordered YAML value (CloudFormation templates read best in a fixed order).
indirect enum YAMLValue {
    case string(String)
    case int(Int)
    case bool(Bool)
    case list([YAMLValue])
    case map([(String, YAMLValue)])

    static func ref(_ name: String) -> YAMLValue { .map([("Ref", .string(name))]) }
    static func getAtt(_ name: String, _ attribute: String) -> YAMLValue { .map([("Fn::GetAtt", .list([.string(name), .string(attribute)]))]) }

    var node: Node {
        switch self {
        case .string(let s):
            // Text YAML would read as a number, a boolean or null is quoted.
            let lower = s.lowercased()
            let ambiguous = Int(s) != nil || Double(s) != nil || ["true", "false", "yes", "no", "on", "off", "null", "~", ""].contains(lower)
                || (s.first?.isNumber == true && (s.contains("-") || s.contains(":")))
            return Node(s, .implicit, ambiguous ? .doubleQuoted : .any)
        case .int(let n): return Node(String(n))
        case .bool(let b): return Node(b ? "true" : "false")
        case .list(let items): return Node(items.map(\.node))
        case .map(let pairs): return Node(pairs.map { (Node($0.0), $0.1.node) })
        }
    }
}

/// The world as a CloudFormation template (YAML, written with Yams). Resources reference each
/// other with Ref and Fn::GetAtt ("Resource and property reference", AWS::EC2::* types).
struct CloudFormationExport {
    let plan: ExportPlan
    var world: World { plan.world }
    private var resources: [(String, YAMLValue)] = []
    /// What CloudFormation cannot say exactly, written into the template's Metadata.
    private var notes: [String] = []

    init(plan: ExportPlan) { self.plan = plan }

    func id(_ x: some CustomStringConvertible) -> String { plan.identifier(x) }

    func tags(_ name: String, _ id: String) -> [(String, YAMLValue)] {
        name == id ? [] : [("Tags", .list([.map([("Key", .string("Name")), ("Value", .string(name))])]))]
    }

    mutating func add(_ name: String, _ type: String, _ properties: [(String, YAMLValue)], dependsOn: String? = nil) {
        var body: [(String, YAMLValue)] = [("Type", .string(type))]
        if let dependsOn { body.append(("DependsOn", .string(dependsOn))) }
        body.append(("Properties", .map(properties)))
        resources.append((name, .map(body)))
    }

    func protocolFields(_ t: TrafficSpec) -> [(String, YAMLValue)] {
        let (p, _, from, to) = ExportPlan.apiFields(t)
        var fields: [(String, YAMLValue)] = [("IpProtocol", .string(p))]
        if let from, let to { fields += [("FromPort", .int(from)), ("ToPort", .int(to))] }
        return fields
    }

    func peerFields(_ peer: Peer, _ direction: Direction) -> [(String, YAMLValue)] {
        switch peer {
        case .cidr(let c): return [("CidrIp", .string(c.description))]
        case .securityGroup(let g):
            let value: YAMLValue = isDefaultGroup(g) ? .getAtt(id(vpcOf(g)), "DefaultSecurityGroup") : .getAtt(id(g), "GroupId")
            return [(direction == .inbound ? "SourceSecurityGroupId" : "DestinationSecurityGroupId", value)]
        case .prefixList(let l):
            return [(direction == .inbound ? "SourcePrefixListId" : "DestinationPrefixListId", .ref(id(l)))]
        }
    }

    func isDefaultGroup(_ g: SecurityGroup.ID) -> Bool { plan.vpcs.contains { $0.defaultSecurityGroupID == g } }
    func vpcOf(_ g: SecurityGroup.ID) -> VPC.ID { world.securityGroups[g]!.vpcID }

    func groupValue(_ g: SecurityGroup.ID) -> YAMLValue {
        isDefaultGroup(g) ? .getAtt(id(vpcOf(g)), "DefaultSecurityGroup") : .getAtt(id(g), "GroupId")
    }

    /// A zone by its letter among the Region's zones (`us-east-1a` is the first), so the
    /// template runs in any Region ("Fn::GetAZs").
    func zone(_ name: String) -> YAMLValue {
        let index = Int((name.unicodeScalars.last?.value ?? 97) - 97)
        return .map([("Fn::Select", .list([.int(index), .map([("Fn::GetAZs", .string(""))])]))])
    }

    func description(_ text: String) -> [(String, YAMLValue)] { text.isEmpty ? [] : [("Description", .string(text))] }

    mutating func template() -> String {
        for list in plan.prefixLists {
            add(id(list.id), "AWS::EC2::PrefixList", [
                ("PrefixListName", .string(list.name)), ("AddressFamily", .string("IPv4")), ("MaxEntries", .int(list.maxEntries)),
                ("Entries", .list(list.entries.map { .map([("Cidr", .string($0.description))]) })),
            ])
        }
        for vpc in plan.vpcs { add(id(vpc.id), "AWS::EC2::VPC", [("CidrBlock", .string(vpc.cidr.description))] + tags(vpc.name, vpc.id.rawValue)) }
        var attachments: [VPC.ID: String] = [:]
        for igw in plan.internetGateways {
            add(id(igw.id), "AWS::EC2::InternetGateway", tags(igw.name, igw.id.rawValue))
            if let vpc = igw.vpcID {
                attachments[vpc] = id(igw.id) + "Attachment"
                add(id(igw.id) + "Attachment", "AWS::EC2::VPCGatewayAttachment", [("VpcId", .ref(id(vpc))), ("InternetGatewayId", .ref(id(igw.id)))])
            }
        }
        for s in plan.subnets {
            add(id(s.id), "AWS::EC2::Subnet", [
                ("VpcId", .ref(id(s.vpcID))), ("CidrBlock", .string(s.cidr.description)), ("AvailabilityZone", zone(s.availabilityZone)),
            ] + tags(s.name, s.id.rawValue))
        }
        routeTables()
        networkACLs()
        securityGroups()
        instancesAndInterfaces()
        for eip in plan.elasticIPs {
            add(id(eip.allocationID), "AWS::EC2::EIP", [("Domain", .string("vpc"))] + tags(eip.name, eip.allocationID.rawValue))
            if let e = eip.interfaceID.flatMap({ world.interfaces[$0] }), e.natGatewayID == nil, plan.isExported(e) {
                add(id(eip.allocationID) + "Association", "AWS::EC2::EIPAssociation", [("AllocationId", .getAtt(id(eip.allocationID), "AllocationId"))] + interfaceTarget(e, instanceKey: "InstanceId"))
            }
        }
        for nat in plan.natGateways {
            add(id(nat.id), "AWS::EC2::NatGateway", [
                ("SubnetId", .ref(id(nat.subnetID))), ("AllocationId", .getAtt(id(nat.allocationID?.rawValue ?? ""), "AllocationId")),
            ] + tags(nat.name, nat.id.rawValue))
        }
        routes(attachments)
        var top: [(String, YAMLValue)] = [
            ("AWSTemplateFormatVersion", .string("2010-09-09")),
            ("Description", .string("The sglab lab as a CloudFormation template (sglab export --format cloudformation)")),
        ]
        let notExported = plan.omitted + notes
        if !notExported.isEmpty {
            top.append(("Metadata", .map([("sglab", .map([("NotExpressed", .list(notExported.map { .string($0) }))]))])))
        }
        if !plan.instances.isEmpty {
            top.append(("Parameters", .map([("ImageId", .map([
                ("Type", .string("AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>")),
                ("Default", .string("/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64")),
                ("Description", .string("The image of the instances")),
            ]))])))
        }
        top.append(("Resources", .map(resources)))
        return (try? Yams.serialize(node: YAMLValue.map(top).node, width: -1)) ?? ""
    }

    /// A primary interface is the instance's (CloudFormation names it by the instance); any
    /// other by its own resource.
    func interfaceTarget(_ eni: NetworkInterface, instanceKey: String) -> [(String, YAMLValue)] {
        if let r = eni.attachedResourceID, world.resources[r]?.primaryInterfaceID == eni.id { return [(instanceKey, .ref(id(r)))] }
        return [("NetworkInterfaceId", .ref(id(eni.id)))]
    }

    /// Which route table a template's subnet uses: a VPC's main table cannot be named in a
    /// template ("AWS::EC2::VPC" return values: DefaultNetworkAcl and DefaultSecurityGroup, no
    /// main route table), so a main table that holds more than
    /// the local route becomes a table of its own, associated with the subnets that used it.
    func exportedMain(_ vpc: VPC) -> Bool {
        guard let main = world.routeTables[vpc.mainRouteTableID] else { return false }
        return main.routes.contains { $0.target != .local } && !plan.implicitlyMain(vpc).isEmpty
    }

    mutating func routeTables() {
        let mains = Dictionary(uniqueKeysWithValues: plan.vpcs.map { ($0.mainRouteTableID, $0) })
        for t in plan.routeTables {
            if let vpc = mains[t.id] {
                guard exportedMain(vpc) else { continue }
                notes.append("main route table \(t.name) of \(vpc.name): a template cannot change a VPC's main table, so its routes go to a table of its own associated with \(plan.implicitlyMain(vpc).map(\.name).joined(separator: ", "))")
            }
            add(id(t.id), "AWS::EC2::RouteTable", [("VpcId", .ref(id(t.vpcID)))] + tags(t.name, t.id.rawValue))
            let members = mains[t.id].map { plan.implicitlyMain($0) } ?? plan.subnets.filter { $0.routeTableID == t.id }
            for s in members {
                add(id(t.id) + id(s.id), "AWS::EC2::SubnetRouteTableAssociation", [("RouteTableId", .ref(id(t.id))), ("SubnetId", .ref(id(s.id)))])
            }
        }
    }

    mutating func routes(_ attachments: [VPC.ID: String]) {
        let mains = Dictionary(uniqueKeysWithValues: plan.vpcs.map { ($0.mainRouteTableID, $0) })
        for t in plan.routeTables {
            if let vpc = mains[t.id], !exportedMain(vpc) {
                if t.routes.contains(where: { $0.target != .local }) {
                    notes.append("the routes of main route table \(t.name): no subnet uses it, and a template cannot change a VPC's main table")
                }
                continue
            }
            for (n, route) in t.routes.enumerated() where route.target != .local && ExportPlan.targetExists(route.target, world) {
                var properties: [(String, YAMLValue)] = [("RouteTableId", .ref(id(t.id)))]
                properties.append(route.prefixListID.map { ("DestinationPrefixListId", .ref(id($0))) } ?? ("DestinationCidrBlock", .string(route.destination.description)))
                var dependsOn: String?
                switch route.target {
                case .internetGateway(let g):
                    properties.append(("GatewayId", .ref(id(g))))
                    dependsOn = attachments[t.vpcID]
                case .natGateway(let g): properties.append(("NatGatewayId", .ref(id(g))))
                case .networkInterface(let e): properties += interfaceTarget(world.interfaces[e]!, instanceKey: "InstanceId")
                case .local, .vpcEndpoint, .peering, .egressOnlyInternetGateway, .transitGateway, .regionalNATGateway: continue
                }
                add(id(t.id) + "Route\(n)", "AWS::EC2::Route", properties, dependsOn: dependsOn)
            }
        }
    }

    mutating func networkACLs() {
        let defaults = Dictionary(uniqueKeysWithValues: plan.vpcs.map { ($0.defaultNetworkACLID, $0) })
        for acl in plan.networkACLs {
            let members = plan.subnets.filter { $0.networkACLID == acl.id }
            if defaults[acl.id] != nil {
                // The default ACL's own entries (allow all) cannot be removed by a template: a
                // changed default ACL becomes an ACL of its own for the subnets that use it.
                guard !ExportPlan.hasDefaultEntries(acl), !members.isEmpty else { continue }
                notes.append("default network ACL \(acl.name): a template cannot remove its allow-all entries, so its entries go to an ACL of its own associated with \(members.map(\.name).joined(separator: ", "))")
            }
            add(id(acl.id), "AWS::EC2::NetworkAcl", [("VpcId", .ref(id(acl.vpcID)))] + tags(acl.name, acl.id.rawValue))
            for (direction, entries) in [(Direction.inbound, acl.inbound), (.outbound, acl.outbound)] {
                for e in entries where !e.isCatchAll {
                    let (_, number, from, to) = ExportPlan.apiFields(e.traffic)
                    var properties: [(String, YAMLValue)] = [
                        ("NetworkAclId", .ref(id(acl.id))), ("RuleNumber", .int(e.ruleNumber)), ("Protocol", .int(Int(number)!)),
                        ("RuleAction", .string(e.action.rawValue)), ("Egress", .bool(direction == .outbound)), ("CidrBlock", .string(e.cidr.description)),
                    ]
                    if let from, let to {
                        properties.append(e.traffic.ipProtocol == .icmp
                            ? ("Icmp", .map([("Type", .int(from)), ("Code", .int(to))])) : ("PortRange", .map([("From", .int(from)), ("To", .int(to))])))
                    }
                    add(id(acl.id) + (direction == .inbound ? "In" : "Out") + "\(e.ruleNumber)", "AWS::EC2::NetworkAclEntry", properties)
                }
            }
            for s in members {
                add(id(acl.id) + id(s.id), "AWS::EC2::SubnetNetworkAclAssociation", [("NetworkAclId", .ref(id(acl.id))), ("SubnetId", .ref(id(s.id)))])
            }
        }
    }

    mutating func securityGroups() {
        for g in plan.groups {
            let isDefault = isDefaultGroup(g.id)
            let selfRule = g.ingress.contains { ExportPlan.isDefaultSelfRule($0, g) }
            let allOut = g.egress.contains(where: ExportPlan.isAllowAll)
            var extraEgress = g.egress.filter { !ExportPlan.isAllowAll($0) }
            var extraIngress = g.ingress.filter { !(isDefault && ExportPlan.isDefaultSelfRule($0, g)) }
            if isDefault {
                if !selfRule || !allOut {
                    notes.append("default security group of \(world.name(of: g.vpcID) ?? g.vpcID.rawValue): a template cannot remove the rules AWS gives it (\(!selfRule ? "all from itself" : "")\(!selfRule && !allOut ? ", " : "")\(!allOut ? "all out to 0.0.0.0/0" : ""))")
                }
            } else {
                // Inline outbound rules replace the allow-all rule AWS gives a new group; a group
                // with none keeps it, so a group with no outbound rule gets one that leads nowhere.
                var inline = g.egress.filter { if case .securityGroup = $0.peer { return false } else { return true } }
                if allOut && g.egress.count == 1 { inline = [] }
                if inline.isEmpty && !allOut {
                    notes.append("security group \(g.name) has no outbound rule to a block: the template gives it one to 127.0.0.1/32 (a group without outbound rules keeps AWS's allow-all rule)")
                }
                var egress: [YAMLValue] = inline.map { .map(protocolFields($0.traffic) + peerFields($0.peer, .outbound) + description($0.description)) }
                if inline.isEmpty && !allOut {
                    egress = [.map([("IpProtocol", .string("-1")), ("CidrIp", .string("127.0.0.1/32")), ("Description", .string("no outbound traffic"))])]
                }
                var properties: [(String, YAMLValue)] = [
                    ("GroupName", .string(g.name)), ("GroupDescription", .string(g.description.isEmpty ? g.name : g.description)),
                    ("VpcId", .ref(id(g.vpcID))),
                ]
                if !egress.isEmpty { properties.append(("SecurityGroupEgress", .list(egress))) }
                add(id(g.id), "AWS::EC2::SecurityGroup", properties)
                extraEgress = allOut && g.egress.count == 1 ? [] : g.egress.filter { if case .securityGroup = $0.peer { return true } else { return false } }
                extraIngress = g.ingress
            }
            for (n, r) in extraIngress.enumerated() {
                add(id(g.id) + "In\(n)", "AWS::EC2::SecurityGroupIngress", [("GroupId", groupValue(g.id))] + protocolFields(r.traffic) + peerFields(r.peer, .inbound) + description(r.description))
            }
            for (n, r) in extraEgress.enumerated() {
                add(id(g.id) + "Out\(n)", "AWS::EC2::SecurityGroupEgress", [("GroupId", groupValue(g.id))] + protocolFields(r.traffic) + peerFields(r.peer, .outbound) + description(r.description))
            }
        }
    }

    mutating func instancesAndInterfaces() {
        for eni in plan.interfaces {
            var properties: [(String, YAMLValue)] = [
                ("SubnetId", .ref(id(eni.subnetID))), ("PrivateIpAddress", .string(eni.privateAddress.description)),
                ("GroupSet", .list(eni.securityGroupIDs.map(groupValue))),
            ]
            properties += tags(eni.name, eni.id.rawValue)
            add(id(eni.id), "AWS::EC2::NetworkInterface", properties)
        }
        for i in plan.instances {
            guard let primary = world.interfaces[i.primaryInterfaceID] else { continue }
            var first: [(String, YAMLValue)] = [("DeviceIndex", .string("0")), ("SubnetId", .ref(id(primary.subnetID))),
                ("PrivateIpAddress", .string(primary.privateAddress.description)), ("GroupSet", .list(primary.securityGroupIDs.map(groupValue)))]
            if primary.autoAssignsPublicAddress && primary.elasticIPAllocationID == nil { first.append(("AssociatePublicIpAddress", .bool(true))) }
            var interfaces: [YAMLValue] = [.map(first)]
            for (index, eni) in i.interfaceIDs.enumerated().dropFirst() {
                interfaces.append(.map([("DeviceIndex", .string("\(index)")), ("NetworkInterfaceId", .ref(id(eni)))]))
            }
            var properties: [(String, YAMLValue)] = [
                ("ImageId", .ref("ImageId")), ("InstanceType", .string("t3.micro")), ("NetworkInterfaces", .list(interfaces)),
            ]
            if !i.sourceDestinationCheck { properties.append(("SourceDestCheck", .bool(false))) }
            add(id(i.id), "AWS::EC2::Instance", properties + tags(i.name, i.id.rawValue))
        }
    }
}
