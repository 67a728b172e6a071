import SGLabCore
import SGLabLanguage

/// Views of the world for `show`: the whole world as a tree, one resource in detail (security
/// groups and network ACLs as the console's rule tables), a VPC as a diagram. Pure: values in,
/// text out; colour only through `style`.
public enum WorldRenderer {
    /// `kind` is the kind word typed after `show` (if any); `id` the resolved ID, nil for the
    /// whole world. The ID alone decides the view, so `show web` and `show ec2 web` agree.
    public static func render(kind: String?, id: String?, world: World, style: Style = .plain) -> String {
        let view = WorldView(world: world, style: style)
        guard let id else { return view.tree() }
        if let vpc = world.vpcs[VPC.ID(id)] { return view.diagram(vpc) }
        if let subnet = world.subnets[Subnet.ID(id)] { return view.subnet(subnet) }
        if let table = world.routeTables[RouteTable.ID(id)] { return view.routeTable(table) }
        if let acl = world.networkACLs[NetworkACL.ID(id)] { return view.networkACL(acl) }
        if let group = world.securityGroups[SecurityGroup.ID(id)] { return view.securityGroup(group) }
        if let resource = world.resources[Resource.ID(id)] { return view.resource(resource) }
        if let interface = world.interfaces[NetworkInterface.ID(id)] { return view.interface(interface) }
        if let igw = world.internetGateways[InternetGateway.ID(id)] { return view.internetGateway(igw) }
        if let nat = world.natGateways[NATGateway.ID(id)] { return view.natGateway(nat) }
        if let eip = world.elasticIPs[ElasticIP.ID(id)] { return view.elasticIP(eip) }
        if let list = world.prefixList(PrefixList.ID(id)) { return view.prefixList(list) }
        if let lb = world.loadBalancers[LoadBalancer.ID(id)] { return view.loadBalancer(lb) }
        if let tg = world.targetGroups[TargetGroup.ID(id)] { return view.targetGroup(tg) }
        if let endpoint = world.vpcEndpoints[VPCEndpoint.ID(id)] { return view.endpoint(endpoint) }
        if let pcx = world.peeringConnections[PeeringConnection.ID(id)] { return view.peering(pcx) }
        if let tgw = world.transitGateways[TransitGateway.ID(id)] { return view.transitGateway(tgw) }
        if let nat = world.regionalNATGateways[RegionalNATGateway.ID(id)] {
            return ([view.title("NAT gateway", nat.name, nat.id, ["public", "regional"])]
                + view.fields([
                    view.vpcField(nat.vpcID), ("public address", "\(nat.publicAddress)"),
                    ("zones", "every zone of the VPC: no subnet of its own, so no network ACL of a NAT subnet"),
                    ("routes to it", view.routes(to: .regionalNATGateway(nat.id), in: nat.vpcID)),
                ])).joined(separator: "\n")
        }
        if let table = world.transitGatewayRouteTables[TransitGatewayRouteTable.ID(id)] { return view.transitGatewayRouteTable(table) }
        if let attachment = world.transitGatewayAttachments[TransitGatewayAttachment.ID(id)] {
            return view.transitGatewayAttachment(attachment)
        }
        if let eigw = world.egressOnlyInternetGateways[EgressOnlyInternetGateway.ID(id)] {
            return view.title("egress-only internet gateway", eigw.name, eigw.id) + "\n"
                + view.fields([view.vpcField(eigw.vpcID), ("routes to it", view.routes(to: .egressOnlyInternetGateway(eigw.id), in: eigw.vpcID))])
                .joined(separator: "\n")
        }
        return world.label(id)
    }

    /// `lb health`: one row per target with its health and, when it fails, where.
    /// `stale [VPC]`: DescribeStaleSecurityGroups.
    public static func stale(_ vpc: VPC.ID?, world: World, style: Style = .plain) -> String {
        WorldView(world: world, style: style).stale(vpc)
    }

    public static func health(_ id: LoadBalancer.ID, _ results: [TargetHealth], world: World, style: Style = .plain) -> String {
        WorldView(world: world, style: style).health(id, results)
    }
}

/// The renderer's working state: the world and the style, and the helpers every view shares.
struct WorldView {
    let world: World
    let style: Style

    /// Widest line any view writes: the terminal's width (100 columns for a transcript).
    static var width: Int { Terminal.layoutWidth }
    static let indent = "  "

    // MARK: Names

    func name(_ id: some CustomStringConvertible) -> String { world.name(of: id.description) ?? id.description }

    /// `web (sg-0123…)`, the ID dimmed.
    func labeled(_ id: some CustomStringConvertible) -> String {
        let id = id.description
        guard let name = world.name(of: id), name != id else { return id }
        return "\(name) \(style.dim("(\(id))"))"
    }

    /// `sg-0123… / web`: how the console writes a referenced resource in a table cell.
    func slashed(_ id: some CustomStringConvertible) -> String {
        let id = id.description
        guard let name = world.name(of: id), name != id else { return id }
        return "\(id) / \(name)"
    }

    /// `security group web (sg-…)`: the first line of a detail view.
    func title(_ noun: String, _ name: String, _ id: some CustomStringConvertible, _ notes: [String] = []) -> String {
        let id = id.description
        let head = name == id ? "\(noun) \(style.bold(id))" : "\(noun) \(style.bold(name)) \(style.dim("(\(id))"))"
        return ([head] + notes).joined(separator: " · ")
    }

    func section(_ title: String, _ count: Int? = nil, note: String? = nil) -> String {
        var line = style.bold(count.map { "\(title) (\($0))" } ?? title)
        if let note { line += style.dim(" · \(note)") }
        return line
    }

    func fields(_ pairs: [(String, String)]) -> [String] {
        Table.keyValue(pairs, maxWidth: WorldView.width - WorldView.indent.count).lines(style: style).map {
            WorldView.indent + $0
        }
    }

    func plural(_ count: Int, _ noun: String) -> String { "\(count) \(noun)\(count == 1 ? "" : "s")" }

    // MARK: Ordering (the built-in part first, then by name, then by ID: stable output)

    func ordered<T, Key: Comparable>(_ items: some Sequence<T>, builtIn: Key? = nil, id: (T) -> Key, name: (T) -> String) -> [T] {
        items.sorted { a, b in
            let (ia, ib) = (id(a), id(b))
            if (ia == builtIn) != (ib == builtIn) { return ia == builtIn }
            return (name(a), ia) < (name(b), ib)
        }
    }

    func routeTables(of vpc: VPC) -> [RouteTable] {
        let tables = world.routeTables.values.filter { $0.vpcID == vpc.id }
        return ordered(tables, builtIn: vpc.mainRouteTableID, id: \.id, name: \.name)
    }

    func networkACLs(of vpc: VPC) -> [NetworkACL] {
        let acls = world.networkACLs.values.filter { $0.vpcID == vpc.id }
        return ordered(acls, builtIn: vpc.defaultNetworkACLID, id: \.id, name: \.name)
    }

    func securityGroups(of vpc: VPC) -> [SecurityGroup] {
        let groups = world.securityGroups.values.filter { $0.vpcID == vpc.id }
        return ordered(groups, builtIn: vpc.defaultSecurityGroupID, id: \.id, name: \.name)
    }

    /// What lives in a subnet: resources whose primary interface is there, other interfaces
    /// (extra or detached) there, and NAT gateways.
    enum Occupant {
        case resource(Resource, NetworkInterface)
        case interface(NetworkInterface)
        case nat(NATGateway)
    }

    func occupants(of subnet: Subnet) -> [Occupant] {
        let enis = world.interfaces.values.filter { $0.subnetID == subnet.id && $0.natGatewayID == nil }
        var resources: [(Resource, NetworkInterface)] = []
        var loose: [NetworkInterface] = []
        for eni in enis {
            if let owner = eni.attachedResourceID.flatMap({ world.resources[$0] }), owner.primaryInterfaceID == eni.id {
                resources.append((owner, eni))
            } else {
                loose.append(eni)
            }
        }
        let nats = world.natGateways.values.filter { $0.subnetID == subnet.id }
        return ordered(resources, id: \.0.id, name: \.0.name).map { Occupant.resource($0.0, $0.1) }
            + ordered(loose, id: \.id, name: \.name).map(Occupant.interface)
            + ordered(nats, id: \.id, name: \.name).map(Occupant.nat)
    }

    func subnets(using table: RouteTable) -> (explicit: [Subnet], implicit: [Subnet]) {
        let all = world.subnetsByVPC(table.vpcID)
        return (all.filter { $0.routeTableID == table.id }, isMain(table) ? all.filter { $0.routeTableID == nil } : [])
    }

    func subnets(using acl: NetworkACL) -> [Subnet] {
        world.subnetsByVPC(acl.vpcID).filter { $0.networkACLID == acl.id }
    }

    // MARK: Facts

    /// "A subnet whose route table has a route to an internet gateway is a public subnet"
    /// ("Subnets for your VPC"): the route that makes it so, when there is an active one.
    func internetRoute(of subnet: Subnet) -> Route? {
        world.routeTable(of: subnet).routes.first { route in
            guard case .internetGateway = route.target else { return false }
            return world.isActive(route, in: subnet.vpcID)
        }
    }

    func isPublic(_ subnet: Subnet) -> Bool { internetRoute(of: subnet) != nil }

    func publicity(_ subnet: Subnet) -> String {
        isPublic(subnet) ? style.accent("public") : "private"
    }

    func isMain(_ table: RouteTable) -> Bool { world.vpcs[table.vpcID]?.mainRouteTableID == table.id }

    func status(_ route: Route, in table: RouteTable) -> String {
        world.isActive(route, in: table.vpcID) ? style.passed("active") : style.failed("blackhole")
    }

    /// Routes other than the local one, as `0.0.0.0/0 → gw`: what a diagram shows of a table.
    func routeSummary(_ table: RouteTable) -> String {
        let routes = table.routes.filter { $0.target != .local }.map { route in
            let dead = world.isActive(route, in: table.vpcID) ? "" : " " + style.failed("(blackhole)")
            return "\(world.destinationText(route)) → \(name(route.target.id))\(dead)"
        }
        return routes.isEmpty ? "local route only" : routes.joined(separator: ", ")
    }

    /// `4 inbound, 1 outbound rule`: numbered entries (the `*` deny is always there).
    func ruleCounts(_ acl: NetworkACL) -> String {
        let count = { (entries: [NetworkACLEntry]) in entries.filter { !$0.isCatchAll }.count }
        let (inbound, outbound) = (count(acl.inbound), count(acl.outbound))
        if inbound + outbound == 0 { return "only the * rules: denies all traffic" }
        return "\(inbound) inbound, \(plural(outbound, "outbound rule"))"
    }

    func aclSummary(_ acl: NetworkACL) -> String { "\(acl.name) · \(ruleCounts(acl))" }

    func groupNames(_ ids: [SecurityGroup.ID]) -> String {
        ids.isEmpty ? "–" : ids.map(name).joined(separator: ", ")
    }

    func publicAddress(_ eni: NetworkInterface) -> String? {
        guard let address = eni.publicAddress else { return nil }
        return eni.elasticIPAllocationID == nil ? "\(address)" : "\(address) (Elastic IP)"
    }

    /// `EC2 instance web (i-…)`, `NAT gateway natgw (nat-…)` or `interface mgmt (eni-…)`.
    func owner(of eni: NetworkInterface) -> String {
        if let id = eni.attachedResourceID, let resource = world.resources[id] {
            return "\(resource.kind.noun) \(labeled(id))"
        }
        if let id = eni.natGatewayID { return "NAT gateway \(labeled(id))" }
        switch eni.owner {
        case .loadBalancer(let id)?:
            return "\(world.loadBalancers[id]?.type.noun ?? "load balancer") \(labeled(id)) node"
        case .endpoint(let id)?: return "interface endpoint \(labeled(id)) node"
        case nil: return "interface \(labeled(eni.id))"
        }
    }

    /// `EC2 instance web (i-…) · eni-… 10.0.1.4`: an interface with what owns it.
    func interfaceSummary(_ eni: NetworkInterface) -> String {
        let owned = eni.attachedResourceID != nil || eni.natGatewayID != nil || eni.owner != nil
        return owned ? "\(owner(of: eni)) · \(eni.id) \(eni.privateAddress)" : "\(owner(of: eni)) \(eni.privateAddress)"
    }

    // MARK: Rule tables (the console's columns)

    /// Type, Protocol and Port range as the EC2 console shows them for a rule or an entry.
    static func consoleColumns(_ traffic: TrafficSpec) -> (type: String, ipProtocol: String, ports: String) {
        switch (traffic.ipProtocol, traffic.match) {
        case (.all, _):
            return ("All traffic", "All", "All")
        case (let p, .ports(let range)) where p == .tcp || p == .udp:
            let upper = p.name.uppercased()
            if range == .all { return ("All \(upper)", upper, "0 - 65535") }
            let type = range.isSingle ? serviceName(p, range.from) ?? "Custom \(upper)" : "Custom \(upper)"
            return (type, upper, range.isSingle ? "\(range.from)" : "\(range.from) - \(range.to)")
        case (.icmp, .icmp(let message)):
            guard let type = message.type else { return ("All ICMP - IPv4", "ICMP", "All") }
            // The console names the ICMP type in the Protocol column and the code in Port range;
            // echo messages have only code 0, so there is nothing to show.
            let code: String
            switch (type, message.code) {
            case (0, _), (8, _): code = "N/A"
            case (_, nil): code = "All"
            case (let t, let c?): code = icmpCodeNames[t]?[c] ?? "code \(c)"
            }
            return ("Custom ICMP - IPv4", icmpTypeNames[type] ?? "ICMP type \(type)", code)
        case (let p, _):
            let number = p.number.map { "\($0)" } ?? p.name
            let named = p.number.flatMap { protocolNames[$0] }.map { "\(number) (\($0))" } ?? number
            return ("Custom protocol", named, "All")
        }
    }

    /// The console's Type name for a service port, from the language's alias table where the
    /// console has that type (it has no Redis or Memcached type: those show as Custom TCP).
    static func serviceName(_ ipProtocol: IPProtocol, _ port: UInt16) -> String? {
        guard let entry = ServiceAlias.table.first(where: { $0.ipProtocol == ipProtocol && $0.port == port }) else {
            return nil
        }
        let name = String(entry.meaning.split(separator: ",")[0])
        if ["Redis", "Memcached"].contains(name) { return nil }
        return consoleSpelling[name] ?? name
    }

    static let consoleSpelling = ["Remote Desktop": "RDP", "MySQL/Aurora": "MYSQL/Aurora", "MS SQL": "MSSQL"]

    static let icmpTypeNames: [UInt8: String] = [
        0: "Echo Reply", 3: "Destination Unreachable", 4: "Source Quench", 5: "Redirect", 8: "Echo Request",
        11: "Time Exceeded", 12: "Parameter Problem", 13: "Timestamp", 14: "Timestamp Reply",
    ]

    static let icmpCodeNames: [UInt8: [UInt8: String]] = [
        3: [0: "net unreachable", 1: "host unreachable", 3: "port unreachable", 4: "fragmentation needed"]
    ]

    static let protocolNames: [UInt8: String] = [47: "GRE", 50: "ESP", 51: "AH", 58: "ICMPv6", 132: "SCTP"]

    func peer(_ peer: Peer) -> String {
        switch peer {
        case .cidr(let cidr): return cidr.description
        case .securityGroup(let id): return slashed(id)
        case .prefixList(let id): return slashed(id)
        }
    }

    func ruleTable(_ rules: [SecurityGroupRule], _ direction: Direction) -> Table {
        Table(
            [
                .init("Type", wraps: true), .init("Protocol", wraps: true), .init("Port range", wraps: true),
                .init(direction == .inbound ? "Source" : "Destination", priority: 1), .init("Description", priority: 2),
                .init("Rule ID"),
            ],
            rows: rules.map { rule in
                let columns = WorldView.consoleColumns(rule.traffic)
                return [
                    columns.type, columns.ipProtocol, columns.ports, peer(rule.peer),
                    rule.description.isEmpty ? "–" : rule.description, rule.id.rawValue,
                ]
            })
    }

    func entryTable(_ entries: [NetworkACLEntry], _ direction: Direction) -> Table {
        Table(
            [
                .init("Rule number"), .init("Type", wraps: true), .init("Protocol", wraps: true),
                .init("Port range", wraps: true),
                .init(direction == .inbound ? "Source" : "Destination"), .init("Allow/Deny"),
            ],
            rows: entries.map { entry in
                let columns = WorldView.consoleColumns(entry.traffic)
                let action = entry.action == .allow ? style.passed("Allow") : style.failed("Deny")
                return [entry.numberText, columns.type, columns.ipProtocol, columns.ports, entry.cidr.description, action]
            })
    }

    func routesTable(_ table: RouteTable) -> Table {
        Table(
            [.init("Destination"), .init("Target", wraps: true), .init("Status")],
            rows: table.routes.map { route in
                let target = route.target == .local ? "local" : slashed(route.target.id)
                return [world.destinationText(route), target, status(route, in: table)]
            })
    }

    /// One row per interface: the table behind resource and subnet views.
    func interfaceTable(_ enis: [NetworkInterface], primary: NetworkInterface.ID? = nil) -> Table {
        Table(
            [
                .init("Interface"), .init("Subnet"), .init("Private IP"), .init("Public IP"),
                .init("Security groups", wraps: true),
            ],
            rows: enis.map { eni in
                var publicIP = eni.publicAddress.map { "\($0)" } ?? "–"
                if let allocation = eni.elasticIPAllocationID { publicIP += " (Elastic IP)\n\(allocation)" }
                // Which one is primary matters only when there are several.
                let interface = eni.id.rawValue + (enis.count > 1 && eni.id == primary ? "\nprimary" : "")
                return [interface, name(eni.subnetID), "\(eni.privateAddress)", publicIP, groupNames(eni.securityGroupIDs)]
            })
    }

    /// What runs in subnets, one row each: boxed with headers for the subnet view, or `compact`
    /// for a diagram (no frame or headers, so each cell says what it is, in the command
    /// language's short kind words).
    func occupantTable(_ occupants: [Occupant], compact: Bool = false, maxWidth: Int = WorldView.width) -> Table {
        let headers = compact ? ["", "", "", "", ""] : ["Resource", "ID", "Private IP", "Public IP", "Security groups"]
        var table = Table(
            [
                .init(headers[0], wraps: true), .init(headers[1]), .init(headers[2]), .init(headers[3]),
                .init(headers[4], wraps: true),
            ],
            frame: compact ? .plain : .box, maxWidth: maxWidth)
        let publicCell = { (eni: NetworkInterface?) -> String in
            guard let eni, let address = eni.publicAddress else { return "–" }
            if eni.elasticIPAllocationID != nil { return compact ? "EIP \(address)" : "\(address) (Elastic IP)" }
            return compact ? "public \(address)" : "\(address)"
        }
        let groups = { (eni: NetworkInterface) in (compact ? "sg " : "") + groupNames(eni.securityGroupIDs) }
        let kind = { (resource: Resource) in compact ? resource.kind.rawValue : resource.kind.noun }
        let eniWord = compact ? "eni" : "interface"
        let natWord = compact ? "nat" : "NAT gateway"
        table.rows = occupants.map { occupant in
            switch occupant {
            case .resource(let resource, let eni):
                let what = "\(kind(resource)) \(resource.name)"
                return [what, resource.id.rawValue, "\(eni.privateAddress)", publicCell(eni), groups(eni)]
            case .interface(let eni) where eni.owner != nil:
                let what: String
                switch eni.owner! {
                case .loadBalancer(let id):
                    what = "\(compact ? (world.loadBalancers[id]?.type.rawValue ?? "lb") : "load balancer") \(name(id)) node"
                case .endpoint(let id): what = "\(compact ? "endpoint" : "VPC endpoint") \(name(id)) node"
                }
                return [what, eni.id.rawValue, "\(eni.privateAddress)", publicCell(eni), groups(eni)]
            case .interface(let eni):
                let attached = eni.attachedResourceID.map { " of \(name($0))" } ?? " (detached)"
                let title = eni.name == eni.id.rawValue ? "\(eniWord)\(attached)" : "\(eniWord) \(eni.name)\(attached)"
                return [title, eni.id.rawValue, "\(eni.privateAddress)", publicCell(eni), groups(eni)]
            case .nat(let nat):
                let eni = world.interfaces[nat.interfaceID]
                let address = eni.map { "\($0.privateAddress)" } ?? "–"
                return ["\(natWord) \(nat.name)", nat.id.rawValue, address, publicCell(eni), "–"]
            }
        }
        return table
    }

    // MARK: Shared header fields

    /// The subnet, route table and network ACL that govern an interface's traffic.
    func placement(_ subnetID: Subnet.ID) -> [(String, String)] {
        guard let subnet = world.subnets[subnetID] else { return [("subnet", subnetID.rawValue)] }
        let table = world.routeTable(of: subnet)
        let association = subnet.routeTableID == nil ? " · main route table, implicit" : ""
        return [
            ("subnet", "\(labeled(subnet.id)) \(subnet.cidr) · \(subnet.availabilityZone) · \(publicity(subnet))"),
            ("route table", "\(labeled(table.id))\(association) · \(routeSummary(table))"),
            ("network ACL", labeled(subnet.networkACLID)),
        ]
    }

    /// `public: 0.0.0.0/0`, one line per route that sends traffic to `target`.
    func routes(to target: RouteTarget, in vpcID: VPC.ID) -> String {
        ordered(world.routeTables.values.filter { $0.vpcID == vpcID }, id: \.id, name: \.name).flatMap { table in
            table.routes.filter { $0.target == target }.map { "\(table.name): \(world.destinationText($0))" }
        }.joined(separator: "\n")
    }

    func vpcField(_ vpcID: VPC.ID) -> (String, String) {
        ("VPC", world.vpcs[vpcID].map { "\(labeled($0.id)) \($0.cidr)" } ?? vpcID.rawValue)
    }
}

// MARK: - The world as a tree

extension WorldView {
    struct Node {
        var text: String
        var details: [String] = []
        var children: [Node] = []
    }

    func tree() -> String {
        var roots: [Node] = []
        for vpc in ordered(world.vpcs.values, id: \.id, name: \.name) { roots.append(vpcNode(vpc)) }
        let detached = ordered(world.internetGateways.values.filter { $0.vpcID == nil }, id: \.id, name: \.name)
        if !detached.isEmpty {
            let children = detached.map { Node(text: labeled($0.id)) }
            roots.append(Node(text: style.bold("internet gateways not attached"), children: children))
        }
        let eips = ordered(world.elasticIPs.values, id: \.allocationID, name: \.name)
        if !eips.isEmpty {
            roots.append(Node(text: style.bold("Elastic IPs"), children: eips.map { eip in
                let target = eip.interfaceID.flatMap { world.interfaces[$0] }.map { "→ \(owner(of: $0))" } ?? "not associated"
                return Node(text: "\(labeled(eip.allocationID)) \(eip.publicAddress) \(target)")
            }))
        }
        let lists = ordered(world.prefixLists.values, id: \.id, name: \.name)
        if !lists.isEmpty {
            roots.append(Node(text: style.bold("prefix lists"), children: lists.map { list in
                Node(text: "\(labeled(list.id)) · \(list.entries.map(\.description).joined(separator: ", "))")
            }))
        }
        let peerings = ordered(world.peeringConnections.values, id: \.id, name: \.name)
        if !peerings.isEmpty {
            roots.append(Node(text: style.bold("peering connections"), children: peerings.map { pcx in
                Node(text: "\(labeled(pcx.id)) · \(name(pcx.requesterVPCID)) ↔ \(name(pcx.accepterVPCID)) · \(pcx.status.rawValue)")
            }))
        }
        let hubs = ordered(world.transitGateways.values, id: \.id, name: \.name)
        if !hubs.isEmpty {
            roots.append(Node(text: style.bold("transit gateways"), children: hubs.map { tgw in
                let attached = world.transitGatewayAttachments.values.filter { $0.transitGatewayID == tgw.id }.map { name($0.vpcID) }.sorted()
                return Node(text: "\(labeled(tgw.id)) · \(attached.isEmpty ? "no attachments" : "attached: " + attached.joined(separator: ", "))")
            }))
        }
        guard !roots.isEmpty else { return "the world is empty: start with vpc create NAME CIDR" }
        return roots.map { draw($0).joined(separator: "\n") }.joined(separator: "\n\n")
    }

    func vpcNode(_ vpc: VPC) -> Node {
        var node = Node(text: "VPC \(style.bold(vpc.name)) \(style.dim("(\(vpc.id))")) \(vpc.cidr)\(vpc.ipv6CIDR.map { " · \($0)" } ?? "")")
        node.details = [world.internetGateway(of: vpc.id).map { "internet gateway \(labeled($0.id))" } ?? "no internet gateway"]
        for subnet in world.subnetsByVPC(vpc.id) {
            let table = world.routeTable(of: subnet)
            let name = "subnet \(style.bold(subnet.name)) \(style.dim("(\(subnet.id))"))"
            node.children.append(Node(
                text: "\(name) \(subnet.cidr) \(subnet.availabilityZone) · \(publicity(subnet))",
                details: ["route table \(labeled(table.id)) · network ACL \(labeled(subnet.networkACLID))"],
                children: occupants(of: subnet).map(occupantNode)))
        }
        let tables = routeTables(of: vpc).map { table in
            let (explicit, implicit) = subnets(using: table)
            var facts = [isMain(table) ? "main" : nil, plural(table.routes.count, "route")].compactMap { $0 }
            let dead = table.routes.filter { !world.isActive($0, in: vpc.id) }.count
            if dead > 0 { facts.append(style.failed("\(dead) blackhole")) }
            let users = explicit.map(\.name) + implicit.map { "\($0.name) (implicit)" }
            facts.append(users.isEmpty ? "no subnets" : "subnets " + users.joined(separator: ", "))
            return Node(text: "\(labeled(table.id)) · " + facts.joined(separator: " · "))
        }
        let acls = networkACLs(of: vpc).map { acl in
            let users = subnets(using: acl).map(\.name)
            return Node(text: [
                labeled(acl.id), acl.isDefault ? "default" : "custom", ruleCounts(acl),
                users.isEmpty ? "no subnets" : "subnets " + users.joined(separator: ", "),
            ].joined(separator: " · "))
        }
        let memberCounts = world.memberCounts()
        let groups = securityGroups(of: vpc).map { group in
            let members = memberCounts[group.id] ?? 0
            var facts = [labeled(group.id)]
            if group.id == vpc.defaultSecurityGroupID { facts.append("default") }
            facts.append("\(group.ingress.count) inbound, \(plural(group.egress.count, "outbound rule"))")
            facts.append(members == 0 ? "not in use" : "on \(plural(members, "interface"))")
            return Node(text: facts.joined(separator: " · "))
        }
        node.children += [
            Node(text: "route tables", children: tables), Node(text: "network ACLs", children: acls),
            Node(text: "security groups", children: groups),
        ]
        let balancers = ordered(world.loadBalancers.values.filter { $0.vpcID == vpc.id }, id: \.id, name: \.name).map { lb in
            Node(text: [
                "\(lb.type.rawValue.uppercased()) \(labeled(lb.id))", lb.scheme.rawValue,
                lb.listeners.isEmpty ? "no listeners"
                    : "listeners " + lb.listeners.map { "\($0.listenerProtocol.rawValue) \($0.port) → \(name($0.targetGroupID))" }.joined(separator: ", "),
            ].joined(separator: " · "))
        }
        let groupsOfTargets = ordered(world.targetGroups.values.filter { $0.vpcID == vpc.id }, id: \.id, name: \.name).map { tg in
            Node(text: "\(labeled(tg.id)) · \(tg.targetProtocol.rawValue) \(tg.port) · \(plural(tg.targets.count, "\(tg.targetType.rawValue) target"))")
        }
        let endpoints = ordered(world.vpcEndpoints.values.filter { $0.vpcID == vpc.id }, id: \.id, name: \.name).map { e in
            Node(text: "\(labeled(e.id)) · \(e.type.rawValue) · \(e.service)")
        }
        if !balancers.isEmpty { node.children.append(Node(text: "load balancers", children: balancers)) }
        if !groupsOfTargets.isEmpty { node.children.append(Node(text: "target groups", children: groupsOfTargets)) }
        if !endpoints.isEmpty { node.children.append(Node(text: "VPC endpoints", children: endpoints)) }
        return node
    }

    func occupantNode(_ occupant: Occupant) -> Node {
        switch occupant {
        case .resource(let resource, let eni):
            var facts = ["\(resource.kind.noun) \(labeled(resource.id))", "\(eni.privateAddress)"]
            if let address = publicAddress(eni) { facts.append("public \(address)") }
            facts.append("sg " + groupNames(eni.securityGroupIDs))
            return Node(text: facts.joined(separator: " · "))
        case .interface(let eni) where eni.owner != nil:
            var facts = [owner(of: eni), eni.id.rawValue, "\(eni.privateAddress)"]
            if let address = publicAddress(eni) { facts.append("public \(address)") }
            if !eni.securityGroupIDs.isEmpty { facts.append("sg " + groupNames(eni.securityGroupIDs)) }
            return Node(text: facts.joined(separator: " · "))
        case .interface(let eni):
            var facts = ["interface \(labeled(eni.id))", "\(eni.privateAddress)"]
            if let address = publicAddress(eni) { facts.append("public \(address)") }
            facts.append("sg " + groupNames(eni.securityGroupIDs))
            facts.append(eni.attachedResourceID.map { "attached to \(name($0))" } ?? "detached")
            return Node(text: facts.joined(separator: " · "))
        case .nat(let nat):
            var facts = ["NAT gateway \(labeled(nat.id))"]
            if let eni = world.interfaces[nat.interfaceID] {
                facts.append("\(eni.privateAddress)")
                if let address = eni.publicAddress { facts.append("Elastic IP \(address)") }
            }
            return Node(text: facts.joined(separator: " · "))
        }
    }

    /// `├─ ` and `└─ ` before children, `│  ` down the side of a parent with more to come.
    func draw(_ node: Node, prefix: String = "", branch: String? = nil, last: Bool = true) -> [String] {
        var lines = [prefix + (branch ?? "") + node.text]
        let inner = branch == nil ? prefix : prefix + (last ? "   " : "│  ")
        let rail = node.children.isEmpty ? "   " : "│  "
        lines += node.details.map { style.dim(inner + rail) + $0 }
        for (index, child) in node.children.enumerated() {
            let isLast = index == node.children.count - 1
            lines += draw(child, prefix: inner, branch: isLast ? "└─ " : "├─ ", last: isLast)
        }
        return lines
    }
}

// MARK: - Detail views

extension WorldView {
    func securityGroup(_ group: SecurityGroup) -> String {
        let isDefault = world.vpcs[group.vpcID]?.defaultSecurityGroupID == group.id
        var lines = [title("security group", group.name, group.id, isDefault ? ["default security group"] : [])]
        let users = world.members(of: group.id).compactMap { world.interfaces[$0] }.map(interfaceSummary).sorted()
        var referrers: [String] = []
        for other in ordered(world.securityGroups.values, id: \.id, name: \.name) {
            for direction in [Direction.inbound, .outbound] {
                for rule in other.rules(direction) where rule.peer == .securityGroup(group.id) {
                    referrers.append("\(other.name) \(direction) rule \(rule.id)")
                }
            }
        }
        var pairs = [vpcField(group.vpcID), ("description", group.description.isEmpty ? "–" : group.description)]
        if let others = group.associatedVPCIDs {
            pairs.append(("also associated with", others.map { name($0) }.joined(separator: ", ")))
        }
        let usedBy = users.isEmpty ? "nothing: no network interface carries this group" : users.joined(separator: "\n")
        pairs.append(("used by", usedBy))
        if !referrers.isEmpty { pairs.append(("referenced by", referrers.joined(separator: "\n"))) }
        lines += fields(pairs)
        for direction in [Direction.inbound, .outbound] {
            let rules = group.rules(direction)
            lines.append("")
            lines.append(section("\(direction == .inbound ? "Inbound" : "Outbound") rules", rules.count))
            if rules.isEmpty {
                lines.append("no \(direction) rules: all \(direction) traffic is denied")
                if direction == .outbound {
                    lines.append(style.dim("replies to allowed inbound traffic still leave: security groups are stateful"))
                }
            } else {
                lines += ruleTable(rules, direction).lines(style: style)
            }
        }
        // "Identify your stale security group rules": kept, matching nothing.
        let stale = world.staleRules().filter { $0.group == group.id }
        if !stale.isEmpty {
            lines.append(style.warning(
                "stale: \(stale.map { "\($0.direction) rule \($0.rule.id)" }.joined(separator: ", ")) name\(stale.count == 1 ? "s" : "") a group across a deleted peering (or a deleted group): \(stale.count == 1 ? "it matches" : "they match") nothing"))
        }
        return lines.joined(separator: "\n")
    }

    func networkACL(_ acl: NetworkACL) -> String {
        var lines = [title("network ACL", acl.name, acl.id, [acl.isDefault ? "default" : "custom"])]
        let users = subnets(using: acl).map { "\(labeled($0.id)) \($0.cidr)" }
        lines += fields([
            vpcField(acl.vpcID),
            ("subnets", users.isEmpty ? "none: no subnet is associated with it" : users.joined(separator: "\n")),
        ])
        for direction in [Direction.inbound, .outbound] {
            var entries = acl.entries(direction)
            if entries.last?.isCatchAll != true { entries.append(.catchAll) }
            lines.append("")
            lines.append(section(
                "\(direction == .inbound ? "Inbound" : "Outbound") rules", entries.count,
                note: "evaluated lowest number first; the first match decides"))
            lines += entryTable(entries, direction).lines(style: style)
        }
        lines.append(style.dim("network ACLs are stateless: replies need their own rules, usually to ports 1024 - 65535"))
        return lines.joined(separator: "\n")
    }

    func routeTable(_ table: RouteTable) -> String {
        let main = isMain(table)
        var lines = [title("route table", table.name, table.id, [main ? "main route table" : "custom"])]
        let (explicit, implicit) = subnets(using: table)
        let list = { (subnets: [Subnet]) in subnets.map { "\(labeled($0.id)) \($0.cidr)" }.joined(separator: "\n") }
        var pairs = [vpcField(table.vpcID), ("explicit subnets", explicit.isEmpty ? "none" : list(explicit))]
        if main {
            let none = "none: every subnet has an explicit association"
            pairs.append(("implicit subnets", implicit.isEmpty ? none : list(implicit)))
        }
        lines += fields(pairs)
        lines.append("")
        lines.append(section("Routes", table.routes.count, note: "the most specific matching destination wins"))
        lines += routesTable(table).lines(style: style)
        if table.routes.contains(where: { !world.isActive($0, in: table.vpcID) }) {
            lines.append(style.dim("a blackhole route's target was detached or deleted: traffic that matches it is dropped"))
        }
        return lines.joined(separator: "\n")
    }

    func resource(_ resource: Resource) -> String {
        var lines = [title(resource.kind.noun, resource.name, resource.id)]
        let enis = resource.interfaceIDs.compactMap { world.interfaces[$0] }
        var pairs = [vpcField(resource.vpcID)]
        if let primary = enis.first {
            pairs += placement(primary.subnetID)
            pairs.append(("security groups", primary.securityGroupIDs.map(labeled).joined(separator: ", ")))
        }
        lines += fields(pairs)
        lines.append("")
        lines.append(section("Network interfaces", enis.count))
        lines += interfaceTable(enis, primary: resource.primaryInterfaceID).lines(style: style)
        return lines.joined(separator: "\n")
    }

    func interface(_ eni: NetworkInterface) -> String {
        var lines = [title("network interface", eni.name, eni.id)]
        var publicIP = eni.publicAddress.map { "\($0)" } ?? "none"
        if let allocation = eni.elasticIPAllocationID {
            publicIP += " · Elastic IP \(labeled(allocation))"
        } else if eni.publicAddress != nil {
            publicIP += " · auto-assigned"
        }
        let attached =
            eni.attachedResourceID != nil || eni.natGatewayID != nil ? owner(of: eni) : "nothing: the interface is detached"
        var groups = eni.securityGroupIDs.map(labeled).joined(separator: ", ")
        if eni.natGatewayID != nil { groups = "none: a NAT gateway's interface has no security groups" }
        var pairs = [vpcField(eni.vpcID)]
        pairs += placement(eni.subnetID)
        pairs += [
            ("attached to", attached), ("private IP", "\(eni.privateAddress)"), ("public IP", publicIP),
            ("security groups", groups),
        ]
        lines += fields(pairs)
        return lines.joined(separator: "\n")
    }

    func subnet(_ subnet: Subnet) -> String {
        var lines = [title("subnet", subnet.name, subnet.id, [publicity(subnet)])]
        let table = world.routeTable(of: subnet)
        let why: String
        if let route = internetRoute(of: subnet) {
            why = "public: its route table sends \(world.destinationText(route)) to internet gateway \(name(route.target.id))"
        } else {
            why = "private: its route table has no active route to an internet gateway"
        }
        lines += fields([
            vpcField(subnet.vpcID),
            ("CIDR", "\(subnet.cidr) · \(subnet.cidr.size - 5) usable addresses (AWS reserves 5)"),
            ("availability zone", subnet.availabilityZone),
            ("internet", why),
            ("route table", labeled(table.id) + (subnet.routeTableID == nil ? " · the main route table, implicitly" : "")),
            ("network ACL", labeled(subnet.networkACLID)),
        ])
        lines.append("")
        lines.append(section("Routes", table.routes.count, note: "route table \(table.name)"))
        lines += routesTable(table).lines(style: style)
        let occupants = occupants(of: subnet)
        lines.append("")
        lines.append(section("Resources", occupants.count))
        if occupants.isEmpty {
            lines.append("nothing runs in this subnet yet")
        } else {
            lines += occupantTable(occupants).lines(style: style)
        }
        return lines.joined(separator: "\n")
    }

    func internetGateway(_ igw: InternetGateway) -> String {
        var lines = [title("internet gateway", igw.name, igw.id, [igw.vpcID == nil ? "detached" : "attached"])]
        guard let vpcID = igw.vpcID else {
            lines += fields([("attached to", "nothing: a detached gateway carries no traffic (igw attach \(igw.name) VPC)")])
            return lines.joined(separator: "\n")
        }
        let routes = routes(to: .internetGateway(igw.id), in: vpcID)
        let served = world.subnetsByVPC(vpcID).filter(isPublic).map { "\(labeled($0.id)) \($0.cidr)" }
        lines += fields([
            ("attached to", "VPC \(world.vpcs[vpcID].map { labeled($0.id) } ?? vpcID.rawValue)"),
            ("routes to it", routes.isEmpty ? "none: e.g. route add TABLE 0.0.0.0/0 via \(igw.name)" : routes),
            ("public subnets", served.isEmpty ? "none" : served.joined(separator: "\n")),
        ])
        return lines.joined(separator: "\n")
    }

    func natGateway(_ nat: NATGateway) -> String {
        var lines = [title("NAT gateway", nat.name, nat.id, [nat.connectivity])]
        let eni = world.interfaces[nat.interfaceID]
        let eip = nat.allocationID.flatMap { world.elasticIPs[$0] }
        let routes = routes(to: .natGateway(nat.id), in: nat.vpcID)
        var pairs = [vpcField(nat.vpcID)]
        pairs += placement(nat.subnetID)
        pairs += [
            ("interface", nat.interfaceID.rawValue),
            ("private IP", eni.map { "\($0.privateAddress)" } ?? "–"),
            ("Elastic IP", eip.map { "\($0.publicAddress) · \(labeled($0.allocationID))" }
                ?? (nat.isPrivate == true ? "none: a private NAT gateway translates to its private address" : "–")),
            ("routes to it", routes.isEmpty ? "none" : routes),
        ]
        lines += fields(pairs)
        if nat.isPrivate != true, let subnet = world.subnets[nat.subnetID], !isPublic(subnet) {
            lines.append(style.warning(
                "its subnet \(subnet.name) has no route to an internet gateway: traffic through it cannot reach the internet"))
        }
        return lines.joined(separator: "\n")
    }

    func elasticIP(_ eip: ElasticIP) -> String {
        var lines = [title("Elastic IP", eip.name, eip.allocationID)]
        let target = eip.interfaceID.flatMap { world.interfaces[$0] }.map(interfaceSummary)
        lines += fields([
            ("address", "\(eip.publicAddress)"),
            ("allocation ID", eip.allocationID.rawValue),
            ("associated with", target ?? "nothing: eip associate \(eip.name) RESOURCE"),
        ])
        return lines.joined(separator: "\n")
    }

    func prefixList(_ list: PrefixList) -> String {
        let managed = AWSService.managedPrefixLists.contains { $0.id == list.id }
        var lines = [title("prefix list", list.name, list.id, [managed ? "AWS-managed" : "customer-managed"])]
        var referrers: [String] = []
        for group in ordered(world.securityGroups.values, id: \.id, name: \.name) {
            for direction in [Direction.inbound, .outbound] {
                for rule in group.rules(direction) where rule.peer == .prefixList(list.id) {
                    referrers.append("\(group.name) \(direction) rule \(rule.id)")
                }
            }
        }
        lines += fields([
            ("max entries", "\(list.maxEntries) (each rule that references it counts as \(list.maxEntries) rules)"),
            ("referenced by", referrers.isEmpty ? "no security group rule" : referrers.joined(separator: "\n")),
        ])
        lines.append("")
        lines.append(section("Entries", list.entries.count))
        lines += Table([.init("CIDR")], rows: list.entries.map { [$0.description] }).lines(style: style)
        return lines.joined(separator: "\n")
    }
}

// MARK: - The VPC diagram

extension WorldView {
    /// The VPC as a box: the internet gateway above it, a line from the gateway down the left
    /// side with an arrow into each public subnet, each subnet a box with its route table, its
    /// network ACL and what runs in it.
    func diagram(_ vpc: VPC) -> String {
        let subnets = world.subnetsByVPC(vpc.id)
        let igw = world.internetGateway(of: vpc.id)
        let publicIDs = Set(subnets.filter(isPublic).map(\.id))
        let bus = igw != nil && !publicIDs.isEmpty
        let lastPublic = subnets.lastIndex { publicIDs.contains($0.id) } ?? -1
        // Columns: VPC wall at 0, the gateway's line at 3, subnet boxes from `left`, the subnet
        // box's right wall two columns inside the VPC's.
        let busColumn = 3
        let left = bus ? 8 : 3

        // Subnet contents first: their widths decide the diagram's width.
        let contentLimit = WorldView.width - left - 6
        let allOccupants = subnets.map(occupants)
        // One table for every subnet's rows, so their columns line up from box to box.
        let occupantRows = occupantTable(allOccupants.flatMap { $0 }, compact: true, maxWidth: contentLimit).renderedRows()
        var rowIndex = 0
        var bodies: [[String]] = []
        var titles: [String] = []
        for (index, subnet) in subnets.enumerated() {
            let table = world.routeTable(of: subnet)
            let implicit = subnet.routeTableID == nil ? " (implicit)" : ""
            var body = Table.keyValue(
                [
                    ("route table", "\(table.name)\(implicit) · \(routeSummary(table))"),
                    ("network ACL", world.networkACLs[subnet.networkACLID].map(aclSummary) ?? subnet.networkACLID.rawValue),
                ], maxWidth: contentLimit
            ).lines(style: style)
            body.append("")
            let count = allOccupants[index].count
            if count == 0 { body.append(style.dim("nothing runs here yet")) }
            for row in occupantRows[rowIndex..<rowIndex + count] { body += row.map(Table.trimmingTrailingSpaces) }
            rowIndex += count
            bodies.append(body)
            let name = "\(publicity(subnet)) subnet \(style.bold(subnet.name))"
            titles.append("\(name) · \(subnet.cidr) · \(subnet.availabilityZone)")
        }
        let vpcTitle = "VPC \(style.bold(vpc.name)) · \(vpc.id) · \(vpc.cidr)"
        var notes: [String] = []
        if let igw, publicIDs.isEmpty {
            notes.append("internet gateway \(igw.name) is attached, but no route table routes to it: every subnet is private")
        } else if igw == nil {
            notes.append("no internet gateway: nothing in \(vpc.name) can reach the internet or be reached from it")
        }
        if subnets.isEmpty { notes.append("no subnets yet: subnet create NAME in \(vpc.name) CIDR") }

        var natural = Table.width(vpcTitle) + 12
        for (title, body) in zip(titles, bodies) {
            natural = max(natural, Table.width(title) + left + 8)
            for line in body { natural = max(natural, Table.width(line) + left + 6) }
        }
        for note in notes { natural = max(natural, Table.width(note) + 4) }
        let width = min(WorldView.width, max(natural, 64))
        let boxWidth = width - 2 - left

        var lines: [String] = []
        let dim = style.dim
        let across = { (count: Int) in String(repeating: "─", count: max(0, count)) }
        let blank = { (count: Int) in String(repeating: " ", count: max(0, count)) }
        // The internet gateway above the VPC, its line dropping into the VPC at `busColumn`.
        if let igw {
            let label = Table.truncate("internet gateway \(style.bold(igw.name)) · \(igw.id)", to: width - 5)
            let inner = Table.width(label) + 2
            lines.append(" " + dim("┌" + across(inner) + "┐"))
            lines.append(" " + dim("│") + " \(label) " + dim("│"))
            lines.append(" " + dim(bus ? "└─┬" + across(inner - 2) + "┘" : "└" + across(inner) + "┘"))
        }
        let head = bus ? "┌──┼─ " : "┌─ "
        let title = Table.truncate(vpcTitle, to: width - Table.width(head) - 3)
        lines.append(dim(head) + title + " " + dim(across(width - Table.width(head) - Table.width(title) - 2) + "┐"))

        /// What the gateway's line looks like in a row: absent, passing by, branching into the
        /// subnet beside it, or branching for the last time.
        enum Bus { case none, line, tee, end }
        func row(_ bus: Bus, _ inner: String) -> String {
            let mark: String
            switch bus {
            case .none: mark = blank(left - 1)
            case .line: mark = blank(busColumn - 1) + dim("│") + blank(left - busColumn - 1)
            case .tee, .end: mark = blank(busColumn - 1) + dim((bus == .tee ? "├" : "└") + "──→") + blank(left - busColumn - 4)
            }
            return dim("│") + mark + Table.pad(inner, to: width - 1 - left) + dim("│")
        }
        for note in notes {
            lines.append(dim("│") + " " + Table.pad(style.warning(Table.truncate(note, to: width - 4)), to: width - 3) + dim("│"))
        }
        for (index, subnet) in subnets.enumerated() {
            // The gateway's line runs down to the last public subnet's arrow.
            let beside: Bus = bus && index < lastPublic ? .line : .none
            var arrow = beside
            if bus && publicIDs.contains(subnet.id) { arrow = index == lastPublic ? .end : .tee }
            lines.append(row(bus && index <= lastPublic ? .line : .none, ""))
            let label = Table.truncate(titles[index], to: boxWidth - 6)
            lines.append(row(arrow, dim("┌─ ") + label + " " + dim(across(boxWidth - 5 - Table.width(label)) + "┐")))
            for line in bodies[index] {
                let text = Table.truncate(line, to: boxWidth - 4)
                lines.append(row(beside, dim("│") + " " + Table.pad(text, to: boxWidth - 4) + " " + dim("│")))
            }
            lines.append(row(beside, dim("└" + across(boxWidth - 2) + "┘")))
        }
        lines.append(row(.none, ""))
        lines.append(dim("└" + across(width - 2) + "┘"))
        if bus { lines.append(dim("→ a route to the internet gateway: the subnet is public")) }
        return lines.joined(separator: "\n")
    }
}
