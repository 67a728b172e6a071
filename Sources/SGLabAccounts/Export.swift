import SGLabCore

/// `sglab export`: the world as AWS builds it. One walk over the world (`ExportPlan`) decides
/// what is exported, in which order and under which identifier; each format writes it its own
/// way: an AWS CLI script, a CloudFormation template, Terraform.
public enum ExportFormat: String, CaseIterable, Sendable {
    case awsCLI = "aws-cli"
    case cloudFormation = "cloudformation"
    case terraform
}

public enum Exporter {
    public static func export(_ world: World, as format: ExportFormat) -> String {
        let plan = ExportPlan(world)
        switch format {
        case .awsCLI:
            var writer = AWSCLIExport(plan: plan)
            return writer.script()
        case .cloudFormation:
            var writer = CloudFormationExport(plan: plan)
            return writer.template()
        case .terraform:
            var writer = TerraformExport(plan: plan)
            return writer.configuration()
        }
    }

    /// What the export leaves out, one line each (also written into every export as comments).
    public static func omissions(_ world: World) -> [String] { ExportPlan(world).omitted }
}

/// The world in the order AWS must create it, each resource with one identifier for all
/// formats (letters and digits, unique), and what cannot be exported.
struct ExportPlan {
    let world: World
    var vpcs: [VPC] = []
    var subnets: [Subnet] = []
    var routeTables: [RouteTable] = []
    var networkACLs: [NetworkACL] = []
    var groups: [SecurityGroup] = []
    var instances: [Resource] = []
    /// Interfaces created on their own: unattached ones and instances' secondary ones.
    var interfaces: [NetworkInterface] = []
    var internetGateways: [InternetGateway] = []
    var natGateways: [NATGateway] = []
    var elasticIPs: [ElasticIP] = []
    var prefixLists: [PrefixList] = []
    var omitted: [String] = []
    private var identifiers: [String: String] = [:]

    init(_ whole: World) {
        let (world, later) = whole.exportable()
        self.world = world
        omitted = later
        func ordered<T>(_ values: some Sequence<T>, _ id: (T) -> String) -> [T] { values.sorted { id($0) < id($1) } }
        vpcs = ordered(world.vpcs.values) { $0.id.rawValue }
        subnets = ordered(world.subnets.values) { $0.id.rawValue }
        routeTables = ordered(world.routeTables.values) { $0.id.rawValue }
        networkACLs = ordered(world.networkACLs.values) { $0.id.rawValue }
        groups = ordered(world.securityGroups.values) { $0.id.rawValue }
        internetGateways = ordered(world.internetGateways.values) { $0.id.rawValue }
        natGateways = ordered(world.natGateways.values) { $0.id.rawValue }
        elasticIPs = ordered(world.elasticIPs.values) { $0.allocationID.rawValue }
        prefixLists = ordered(world.prefixLists.values) { $0.id.rawValue }
        for r in ordered(world.resources.values, { $0.id.rawValue }) {
            if r.kind == .ec2 {
                instances.append(r)
                interfaces += r.interfaceIDs.dropFirst().compactMap { world.interfaces[$0] }
            } else {
                // RDS, Lambda and ElastiCache need more than a network to exist (a DB subnet
                // group, a function's code, a cache subnet group): they are not written.
                omitted.append("\(r.kind.noun) \(r.name) and its network interfaces (only EC2 instances are exported)")
            }
        }
        interfaces += ordered(world.interfaces.values.filter { $0.attachedResourceID == nil && $0.natGatewayID == nil }) {
            $0.id.rawValue
        }
        for r in world.resources.values where r.kind == .ec2 {
            if r.translatesSource { omitted.append("\(r.name) translating sources (a NAT instance is set up inside its operating system)") }
            if r.port25Unblocked { omitted.append("\(r.name)'s port 25 (AWS lifts that limit on request, not by an API call)") }
        }
        for t in world.routeTables.values {
            for route in t.routes where !Self.targetExists(route.target, world) {
                omitted.append("route \(route.prefixListID.map { world.reference(to: $0) } ?? route.destination.description) of \(t.name) to \(route.target.id) (its target is gone: AWS creates no route to a missing target)")
            }
        }
        omitted.sort()
        // Identifiers: the name in letters and digits with its kind, made unique.
        var taken = Set<String>()
        func assign(_ id: String, _ kind: String, _ name: String) {
            var base = kind + name.split(whereSeparator: { !($0.isLetter && $0.isASCII) && !$0.isNumber }).map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
            if base == kind { base = kind + "X" }
            var candidate = base
            var n = 2
            while !taken.insert(candidate.lowercased()).inserted {
                candidate = base + "\(n)"
                n += 1
            }
            identifiers[id] = candidate
        }
        func name(_ given: String, _ id: String) -> String { given == id ? String(id.split(separator: "-").last ?? "") : given }
        for v in vpcs { assign(v.id.rawValue, "Vpc", name(v.name, v.id.rawValue)) }
        for s in subnets { assign(s.id.rawValue, "Subnet", name(s.name, s.id.rawValue)) }
        for t in routeTables { assign(t.id.rawValue, "RouteTable", name(t.name, t.id.rawValue)) }
        for a in networkACLs { assign(a.id.rawValue, "NetworkAcl", name(a.name, a.id.rawValue)) }
        for g in groups { assign(g.id.rawValue, "SecurityGroup", name(g.name, g.id.rawValue)) }
        for i in instances {
            assign(i.id.rawValue, "Instance", name(i.name, i.id.rawValue))
            if let primary = world.interfaces[i.primaryInterfaceID] {
                assign(primary.id.rawValue, "NetworkInterface", primary.name == primary.id.rawValue ? name(i.name, i.id.rawValue) : primary.name)
            }
        }
        for e in interfaces { assign(e.id.rawValue, "NetworkInterface", name(e.name, e.id.rawValue)) }
        for g in internetGateways { assign(g.id.rawValue, "InternetGateway", name(g.name, g.id.rawValue)) }
        for n in natGateways { assign(n.id.rawValue, "NatGateway", name(n.name, n.id.rawValue)) }
        for e in elasticIPs { assign(e.allocationID.rawValue, "Eip", name(e.name, e.allocationID.rawValue)) }
        for p in prefixLists { assign(p.id.rawValue, "PrefixList", name(p.name, p.id.rawValue)) }
    }

    /// Whether a route's target exists and is exported (a blackhole route cannot be created).
    static func targetExists(_ target: RouteTarget, _ world: World) -> Bool {
        switch target {
        case .local: return true
        case .internetGateway(let id): return world.internetGateways[id] != nil
        case .natGateway(let id): return world.natGateways[id] != nil
        case .networkInterface(let id):
            guard let eni = world.interfaces[id] else { return false }
            return eni.attachedResourceID.map { world.resources[$0]?.kind == .ec2 } ?? true
        // Left out by World.exportable() before any writer sees them.
        case .vpcEndpoint, .peering, .egressOnlyInternetGateway, .transitGateway, .regionalNATGateway: return false
        }
    }

    /// `VpcLab`, `SecurityGroupWebSg`: the identifier of an exported resource.
    func identifier(_ id: some CustomStringConvertible) -> String { identifiers[id.description] ?? "Missing" }

    /// `vpc_lab`, `security_group_web_sg`: the same identifier in Terraform's style.
    func snake(_ id: some CustomStringConvertible) -> String {
        var out = ""
        for c in identifier(id) {
            if c.isUppercase, !out.isEmpty { out += "_" }
            out += c.lowercased()
        }
        return out
    }

    /// `VPC_LAB`: as a shell variable.
    func variable(_ id: some CustomStringConvertible) -> String { snake(id).uppercased() }

    /// The instance an interface belongs to, when that instance is exported.
    func isExported(_ eni: NetworkInterface) -> Bool {
        if let r = eni.attachedResourceID { return world.resources[r]?.kind == .ec2 }
        return eni.natGatewayID == nil
    }

    /// Subnets on a VPC's main route table by default (no explicit association).
    func implicitlyMain(_ vpc: VPC) -> [Subnet] { subnets.filter { $0.vpcID == vpc.id && $0.routeTableID == nil } }

    /// The rules AWS gives a new VPC's default group, and a new group (its egress) ("Default
    /// security groups for your VPCs"; "Security group rules": a new group allows all outbound).
    static func isDefaultSelfRule(_ rule: SecurityGroupRule, _ group: SecurityGroup) -> Bool {
        rule.traffic == .allTraffic && rule.peer == .securityGroup(group.id)
    }

    static func isAllowAll(_ rule: SecurityGroupRule) -> Bool { rule.traffic == .allTraffic && rule.peer == .cidr(.anywhere) }

    /// Whether a network ACL holds exactly AWS's default entries, rule 100 allowing all both
    /// ways ("Control traffic to subnets using network ACLs": the default network ACL).
    static func hasDefaultEntries(_ acl: NetworkACL) -> Bool {
        func isDefault(_ entries: [NetworkACLEntry]) -> Bool {
            entries.count == 2 && entries[1].isCatchAll && entries[0].ruleNumber == 100 && entries[0].traffic == .allTraffic
                && entries[0].cidr == .anywhere && entries[0].action == .allow
        }
        return isDefault(acl.inbound) && isDefault(acl.outbound)
    }

    /// Protocol, from and to as the EC2 API writes them (-1 for all; ICMP type and code).
    static func apiFields(_ t: TrafficSpec) -> (protocolName: String, number: String, from: Int?, to: Int?) {
        switch t.match {
        case .ports(let r): return (t.ipProtocol.name, "\(t.ipProtocol.number!)", Int(r.from), Int(r.to))
        case .icmp(let c): return ("icmp", "1", c.type.map(Int.init) ?? -1, c.code.map(Int.init) ?? -1)
        case .any:
            if t.ipProtocol == .all { return ("-1", "-1", nil, nil) }
            return ("\(t.ipProtocol.number!)", "\(t.ipProtocol.number!)", nil, nil)
        }
    }
}
