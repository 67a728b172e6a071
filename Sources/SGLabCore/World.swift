import HashTreeCollections

/// The whole simulated AWS account and Region as one value. Mutations go through the
/// operations in `Operations/`; a failed operation leaves the world as it was (callers work on a
/// copy), so a rejected command changes nothing.
///
/// Every table and index is persistent (swift-collections' `TreeDictionary`): a copy shares all
/// of its nodes, and a change copies only the path to what it touches, so keeping 200 worlds
/// for `undo` costs O(log n) per change whatever the world's size. (The alternative, an undo
/// log of inverse operations, would need an inverse for every operation and lose the "a
/// failed command drops its copy" guarantee.) Each table touched by a change is one more
/// hashed, mostly cold path: operations touch as few tables as they can.
public struct World: Hashable, Sendable {
    public internal(set) var vpcs: TreeDictionary<VPC.ID, VPC> = [:]
    public internal(set) var subnets: TreeDictionary<Subnet.ID, Subnet> = [:]
    public internal(set) var routeTables: TreeDictionary<RouteTable.ID, RouteTable> = [:]
    public internal(set) var networkACLs: TreeDictionary<NetworkACL.ID, NetworkACL> = [:]
    public internal(set) var securityGroups: TreeDictionary<SecurityGroup.ID, SecurityGroup> = [:]
    public internal(set) var interfaces: TreeDictionary<NetworkInterface.ID, NetworkInterface> = [:]
    public internal(set) var resources: TreeDictionary<Resource.ID, Resource> = [:]
    public internal(set) var internetGateways: TreeDictionary<InternetGateway.ID, InternetGateway> = [:]
    public internal(set) var natGateways: TreeDictionary<NATGateway.ID, NATGateway> = [:]
    public internal(set) var elasticIPs: TreeDictionary<ElasticIP.ID, ElasticIP> = [:]
    public internal(set) var prefixLists: TreeDictionary<PrefixList.ID, PrefixList> = [:]
    public internal(set) var loadBalancers: TreeDictionary<LoadBalancer.ID, LoadBalancer> = [:]
    public internal(set) var targetGroups: TreeDictionary<TargetGroup.ID, TargetGroup> = [:]
    public internal(set) var vpcEndpoints: TreeDictionary<VPCEndpoint.ID, VPCEndpoint> = [:]
    public internal(set) var peeringConnections: TreeDictionary<PeeringConnection.ID, PeeringConnection> = [:]
    public internal(set) var egressOnlyInternetGateways: TreeDictionary<EgressOnlyInternetGateway.ID, EgressOnlyInternetGateway> = [:]
    public internal(set) var transitGateways: TreeDictionary<TransitGateway.ID, TransitGateway> = [:]
    public internal(set) var transitGatewayAttachments: TreeDictionary<TransitGatewayAttachment.ID, TransitGatewayAttachment> = [:]
    public internal(set) var transitGatewayRouteTables: TreeDictionary<TransitGatewayRouteTable.ID, TransitGatewayRouteTable> = [:]
    public internal(set) var regionalNATGateways: TreeDictionary<RegionalNATGateway.ID, RegionalNATGateway> = [:]
    public internal(set) var connections: [Connection] = []

    public var quotas: Quotas
    /// Built from an account's describe-* output (`import`): it keeps AWS's public addresses,
    /// which come from no sglab pool (saved with the world).
    public internal(set) var isImported = false

    var ids: IDGenerator
    var serial = 0
    var nextConnectionNumber = 1
    /// Next public address to hand out, from 3.80.0.0/12 in order (commands.md).
    var nextPublicAddress = IPAddress(3, 80, 0, 1)

    // Indexes: lookups by name and address are dictionary hits, never scans.
    // Like the tables, every index is persistent: a change copies a path, not the index.
    var names: [ResourceType: TreeDictionary<String, Several<IDStorage>>] = [:]
    var privateAddresses: TreeDictionary<IPAddress, Several<NetworkInterface.ID>> = [:]
    var publicAddresses: TreeDictionary<IPAddress, NetworkInterface.ID> = [:]
    /// Which VPC an internet gateway is attached to, by VPC ID.
    var gatewayOfVPC: TreeDictionary<VPC.ID, InternetGateway.ID> = [:]
    /// Subnet IDs of each VPC, in creation order.
    var subnetIDsOfVPC: TreeDictionary<VPC.ID, [Subnet.ID]> = [:]
    /// Per subnet, an address below which every usable address is taken: the next free address
    /// is found from here, not by walking the subnet from its start at every launch.
    /// A cache, not part of the world's value: two worlds that differ only here are equal.
    var lowestFreeAddress = AllocationHints()

    public static let publicPool = CIDR("3.80.0.0/12")

    public init(seed: UInt64 = 0x5EED, quotas: Quotas = Quotas()) {
        self.ids = IDGenerator(seed: seed)
        self.quotas = quotas
    }

    mutating func newSerial() -> Int {
        serial += 1
        return serial
    }

    mutating func newID<Kind>(_ prefix: String) -> ID<Kind> { ID(ids.make(prefix)) }

    // MARK: Names

    mutating func indexName<Kind>(_ type: ResourceType, _ name: String, _ id: ID<Kind>) {
        names[type, default: [:]][name, default: []].append(id.storage)
    }

    mutating func unindexName<Kind>(_ type: ResourceType, _ name: String, _ id: ID<Kind>) {
        let id = id.storage
        names[type]?[name]?.removeAll { $0 == id }
        if names[type]?[name]?.isEmpty == true { names[type]?[name] = nil }
        // An index rebuilt from a saved file has no empty entries: neither may this one.
        if names[type]?.isEmpty == true { names[type] = nil }
    }

    /// IDs of every `type` named `name`, in all VPCs.
    public func ids(of type: ResourceType, named name: String) -> [String] {
        names[type]?[name]?.map(\.text) ?? []
    }

    /// All names of a kind, for suggestions and completion.
    public func allNames(of type: ResourceType) -> [String] {
        Array((names[type] ?? [:]).keys)
    }

    // MARK: Generic access

    /// Whether an ID names an existing resource of `type`.
    public func exists(_ type: ResourceType, _ id: String) -> Bool {
        let id = IDStorage(id)
        switch type {
        case .vpc: return vpcs[ID(storage: id)] != nil
        case .subnet: return subnets[ID(storage: id)] != nil
        case .routeTable: return routeTables[ID(storage: id)] != nil
        case .networkACL: return networkACLs[ID(storage: id)] != nil
        case .securityGroup: return securityGroups[ID(storage: id)] != nil
        case .networkInterface: return interfaces[ID(storage: id)] != nil
        case .resource: return resources[ID(storage: id)] != nil
        case .internetGateway: return internetGateways[ID(storage: id)] != nil
        case .natGateway: return natGateways[ID(storage: id)] != nil
        case .elasticIP: return elasticIPs[ID(storage: id)] != nil
        case .prefixList: return prefixList(ID(storage: id)) != nil
        case .loadBalancer: return loadBalancers[ID(storage: id)] != nil
        case .targetGroup: return targetGroups[ID(storage: id)] != nil
        case .vpcEndpoint: return vpcEndpoints[ID(storage: id)] != nil
        case .peeringConnection: return peeringConnections[ID(storage: id)] != nil
        case .egressOnlyInternetGateway: return egressOnlyInternetGateways[ID(storage: id)] != nil
        case .transitGateway: return transitGateways[ID(storage: id)] != nil
        case .transitGatewayAttachment: return transitGatewayAttachments[ID(storage: id)] != nil
        case .transitGatewayRouteTable: return transitGatewayRouteTables[ID(storage: id)] != nil
        case .regionalNATGateway: return regionalNATGateways[ID(storage: id)] != nil
        }
    }

    /// The name of a resource of a known kind.
    public func name<Kind: Identified>(of id: ID<Kind>) -> String? {
        let id = id.storage
        switch Kind.resourceType {
        case .vpc: return vpcs[ID(storage: id)]?.name
        case .subnet: return subnets[ID(storage: id)]?.name
        case .routeTable: return routeTables[ID(storage: id)]?.name
        case .networkACL: return networkACLs[ID(storage: id)]?.name
        case .securityGroup: return securityGroups[ID(storage: id)]?.name
        case .networkInterface: return interfaces[ID(storage: id)]?.name
        case .resource: return resources[ID(storage: id)]?.name
        case .internetGateway: return internetGateways[ID(storage: id)]?.name
        case .natGateway: return natGateways[ID(storage: id)]?.name
        case .elasticIP: return elasticIPs[ID(storage: id)]?.name
        case .prefixList: return prefixList(ID(storage: id))?.name
        case .loadBalancer: return loadBalancers[ID(storage: id)]?.name
        case .targetGroup: return targetGroups[ID(storage: id)]?.name
        case .vpcEndpoint: return vpcEndpoints[ID(storage: id)]?.name
        case .peeringConnection: return peeringConnections[ID(storage: id)]?.name
        case .egressOnlyInternetGateway: return egressOnlyInternetGateways[ID(storage: id)]?.name
        case .transitGateway: return transitGateways[ID(storage: id)]?.name
        case .transitGatewayAttachment: return transitGatewayAttachments[ID(storage: id)]?.name
        case .transitGatewayRouteTable: return transitGatewayRouteTables[ID(storage: id)]?.name
        case .regionalNATGateway: return regionalNATGateways[ID(storage: id)]?.name
        }
    }

    /// The user-facing name of anything in the world, by ID.
    public func name(of id: String) -> String? { name(of: AnyID(storage: IDStorage(id))) }

    /// The user-facing name of anything in the world, by ID of any kind.
    public func name(of id: AnyID) -> String? {
        // The ID's prefix says which table holds it: one lookup instead of eleven.
        let key = id.storage
        switch key.prefix {
        case "vpc-": return vpcs[ID(storage: key)]?.name
        case "subnet-": return subnets[ID(storage: key)]?.name
        case "rtb-": return routeTables[ID(storage: key)]?.name
        case "acl-": return networkACLs[ID(storage: key)]?.name
        case "sg-": return securityGroups[ID(storage: key)]?.name
        case "eni-": return interfaces[ID(storage: key)]?.name
        case "i-", "db-", "function-", "cache-": return resources[ID(storage: key)]?.name
        case "igw-": return internetGateways[ID(storage: key)]?.name
        case "nat-": return natGateways[ID(storage: key)]?.name ?? regionalNATGateways[ID(storage: key)]?.name
        case "eipalloc-": return elasticIPs[ID(storage: key)]?.name
        case "pl-": return prefixList(ID(storage: key))?.name
        case "elb-": return loadBalancers[ID(storage: key)]?.name
        case "tg-": return targetGroups[ID(storage: key)]?.name
        case "vpce-": return vpcEndpoints[ID(storage: key)]?.name
        case "pcx-": return peeringConnections[ID(storage: key)]?.name
        case "eigw-": return egressOnlyInternetGateways[ID(storage: key)]?.name
        case "tgw-": return transitGateways[ID(storage: key)]?.name
        case "tgw-attach-": return transitGatewayAttachments[ID(storage: key)]?.name
        case "tgw-rtb-": return transitGatewayRouteTables[ID(storage: key)]?.name
        default: break
        }
        for type in ResourceType.allCases where exists(type, id.description) {
            return name(ofExisting: key, type)
        }
        return nil
    }

    private func name(ofExisting id: IDStorage, _ type: ResourceType) -> String? {
        switch type {
        case .vpc: return name(of: VPC.ID(storage: id))
        case .subnet: return name(of: Subnet.ID(storage: id))
        case .routeTable: return name(of: RouteTable.ID(storage: id))
        case .networkACL: return name(of: NetworkACL.ID(storage: id))
        case .securityGroup: return name(of: SecurityGroup.ID(storage: id))
        case .networkInterface: return name(of: NetworkInterface.ID(storage: id))
        case .resource: return name(of: Resource.ID(storage: id))
        case .internetGateway: return name(of: InternetGateway.ID(storage: id))
        case .natGateway: return name(of: NATGateway.ID(storage: id))
        case .elasticIP: return name(of: ElasticIP.ID(storage: id))
        case .prefixList: return name(of: PrefixList.ID(storage: id))
        case .loadBalancer: return name(of: LoadBalancer.ID(storage: id))
        case .targetGroup: return name(of: TargetGroup.ID(storage: id))
        case .vpcEndpoint: return name(of: VPCEndpoint.ID(storage: id))
        case .peeringConnection: return name(of: PeeringConnection.ID(storage: id))
        case .egressOnlyInternetGateway: return name(of: EgressOnlyInternetGateway.ID(storage: id))
        case .transitGateway: return name(of: TransitGateway.ID(storage: id))
        case .transitGatewayAttachment: return name(of: TransitGatewayAttachment.ID(storage: id))
        case .transitGatewayRouteTable: return name(of: TransitGatewayRouteTable.ID(storage: id))
        case .regionalNATGateway: return name(of: RegionalNATGateway.ID(storage: id))
        }
    }

    /// The VPC a resource lives in, if it lives in one.
    public func vpcID(of type: ResourceType, _ id: String) -> VPC.ID? {
        let key = IDStorage(id)
        switch type {
        case .vpc: return vpcs[ID(storage: key)]?.id
        case .subnet: return subnets[ID(storage: key)]?.vpcID
        case .routeTable: return routeTables[ID(storage: key)]?.vpcID
        case .networkACL: return networkACLs[ID(storage: key)]?.vpcID
        case .securityGroup: return securityGroups[ID(storage: key)]?.vpcID
        case .networkInterface: return interfaces[ID(storage: key)]?.vpcID
        case .resource: return resources[ID(storage: key)]?.vpcID
        case .natGateway: return natGateways[ID(storage: key)]?.vpcID
        case .internetGateway: return internetGateways[ID(storage: key)]?.vpcID
        case .loadBalancer: return loadBalancers[ID(storage: key)]?.vpcID
        case .targetGroup: return targetGroups[ID(storage: key)]?.vpcID
        case .vpcEndpoint: return vpcEndpoints[ID(storage: key)]?.vpcID
        case .egressOnlyInternetGateway: return egressOnlyInternetGateways[ID(storage: key)]?.vpcID
        case .transitGatewayAttachment: return transitGatewayAttachments[ID(storage: key)]?.vpcID
        case .regionalNATGateway: return regionalNATGateways[ID(storage: key)]?.vpcID
        case .elasticIP, .prefixList, .peeringConnection, .transitGateway, .transitGatewayRouteTable: return nil
        }
    }

    /// How commands should refer to `id`: its name when the name alone finds it, else
    /// `VPC/NAME`, else the ID.
    public func reference<Kind: Identified>(to id: ID<Kind>) -> String {
        reference(to: id.rawValue, type: Kind.resourceType)
    }

    public func reference(to id: String, type: ResourceType) -> String {
        guard let name = name(of: id) else { return id }
        let matches = ids(of: type, named: name)
        if matches == [id] { return name }
        if let vpc = vpcID(of: type, id).flatMap({ vpcs[$0] }), ids(of: .vpc, named: vpc.name).count == 1 {
            return "\(vpc.name)/\(name)"
        }
        return id
    }

    /// `name (id)` for messages.
    public func label<Kind: Identified>(_ id: ID<Kind>) -> String {
        guard let name = name(of: id), name != id.rawValue else { return id.rawValue }
        return "\(name) (\(id))"
    }

    public func label(_ id: String) -> String {
        guard let name = name(of: id), name != id else { return id }
        return "\(name) (\(id))"
    }

    // MARK: Resolution of references typed by people

    /// Finds the ID that `reference` (an ID, a NAME or `VPC/NAME`) names among resources of
    /// `type`. `vpcID` narrows bare names to one VPC when the command already implies it.
    public func resolve<Kind: Identified>(
        _ kind: Kind.Type, _ reference: String, in vpcID: VPC.ID? = nil, argument: String? = nil
    ) throws(AWSError) -> ID<Kind> {
        ID(try resolve(Kind.resourceType, reference, in: vpcID, argument: argument))
    }

    public func resolve(_ type: ResourceType, _ reference: String, in vpcID: VPC.ID? = nil, argument: String? = nil)
        throws(AWSError) -> String
    {
        if exists(type, reference) { return reference }
        // AWS-managed prefix lists go by their service name (`com.amazonaws.us-east-1.s3`).
        if type == .prefixList, let managed = AWSService.managedPrefixLists.first(where: { $0.name == reference }) {
            return managed.id.rawValue
        }
        var name = reference
        var scope = vpcID
        if let slash = reference.firstIndex(of: "/"), type.scopedToVPC {
            let vpcName = String(reference[..<slash])
            name = String(reference[reference.index(after: slash)...])
            let vpcs = ids(of: .vpc, named: vpcName) + (self.vpcs[VPC.ID(vpcName)] != nil ? [vpcName] : [])
            guard let only = vpcs.first else {
                throw AWSError.notFound(.vpc, vpcName, argument: argument, suggestion: suggest(.vpc, vpcName))
            }
            scope = VPC.ID(only)
        }
        var candidates = ids(of: type, named: name)
        if let scope, type.scopedToVPC {
            let inScope = candidates.filter { self.vpcID(of: type, $0) == scope }
            if !inScope.isEmpty || reference.contains("/") { candidates = inScope }
        }
        if candidates.count == 1 { return candidates[0] }
        if candidates.isEmpty {
            if type == .securityGroup || type.scopedToVPC {
                // Security group names are unique ignoring case ("Security groups"); a name that
                // differs only in case is most likely what was meant.
                let folded = allNames(of: type).filter { $0.lowercased() == name.lowercased() }
                if folded.count == 1 && type == .securityGroup {
                    return try resolve(type, folded[0], in: vpcID, argument: argument)
                }
            }
            throw AWSError.notFound(type, reference, argument: argument, suggestion: suggest(type, name))
        }
        let listed = candidates.map { id in
            self.vpcID(of: type, id).flatMap { vpcs[$0]?.name }.map { "\($0)/\(name)" } ?? id
        }.sorted()
        throw AWSError(
            nil, "\(name) names \(candidates.count) \(type.noun)s: \(listed.joined(separator: ", "))",
            argument: argument, fix: "write one of them with its VPC")
    }

    /// Like `resolve`, but nil instead of an error: for trying a word against several kinds.
    /// A plain name found once, or not at all, is answered without building the error (whose
    /// "did you mean" compares the word with every name of the kind).
    public func lookup<Kind: Identified>(_ kind: Kind.Type, _ reference: String, in vpcID: VPC.ID? = nil) -> ID<Kind>? {
        lookup(Kind.resourceType, reference, in: vpcID).map { ID($0) }
    }

    public func lookup(_ type: ResourceType, _ reference: String, in vpcID: VPC.ID? = nil) -> String? {
        if exists(type, reference) { return reference }
        if type == .prefixList, let managed = AWSService.managedPrefixLists.first(where: { $0.name == reference }) {
            return managed.id.rawValue
        }
        if !reference.contains("/") {
            let candidates = ids(of: type, named: reference)
            if candidates.count == 1 { return candidates[0] }
            if candidates.isEmpty && type != .securityGroup { return nil }
        }
        return try? resolve(type, reference, in: vpcID)
    }

    /// The closest existing name of that kind, for "did you mean".
    public func suggest(_ type: ResourceType, _ word: String) -> String? {
        nearest(word, among: allNames(of: type))
    }

    /// A prefix list: one of the account's, or an AWS-managed one ("AWS-managed prefix lists").
    public func prefixList(_ id: PrefixList.ID) -> PrefixList? {
        prefixLists[id] ?? AWSService.managedPrefixLists.first { $0.id == id }
    }

    // MARK: Addresses

    /// Network interfaces whose private address is `address` (one per VPC at most).
    public func interfaces(withPrivateAddress address: IPAddress) -> [NetworkInterface.ID] {
        Array(privateAddresses[address] ?? [])
    }

    /// The network interface that owns a public or Elastic IP address.
    public func interface(withPublicAddress address: IPAddress) -> NetworkInterface.ID? {
        publicAddresses[address]
    }

    /// The subnet of `vpcID` whose block holds `address`.
    public func subnet(containing address: IPAddress, in vpcID: VPC.ID) -> Subnet? {
        subnetsByVPC(vpcID).first { $0.contains(address) }
    }

    public func subnetsByVPC(_ vpcID: VPC.ID) -> [Subnet] {
        (subnetIDsOfVPC[vpcID] ?? []).compactMap { subnets[$0] }
    }

    /// The internet gateway attached to a VPC, if any.
    public func internetGateway(of vpcID: VPC.ID) -> InternetGateway? {
        gatewayOfVPC[vpcID].flatMap { internetGateways[$0] }
    }

    /// The route table a subnet uses: its explicit association or the VPC's main table.
    public func routeTable(of subnet: Subnet) -> RouteTable {
        let id = subnet.routeTableID ?? vpcs[subnet.vpcID]!.mainRouteTableID
        return routeTables[id]!
    }

    /// Interfaces that carry security group `groupID`.
    /// Interfaces that carry security group `groupID`. A scan, not an index: it is asked only
    /// when a group is deleted or shown (and then the view lists them anyway), while an index
    /// would cost every launch and group change two more table updates.
    public func members(of groupID: SecurityGroup.ID) -> [NetworkInterface.ID] {
        interfaces.values.filter { $0.securityGroupIDs.contains(groupID) }.map(\.id)
    }

    /// How many interfaces carry each group, in one pass (for views that count every group).
    public func memberCounts() -> [SecurityGroup.ID: Int] {
        var counts: [SecurityGroup.ID: Int] = [:]
        for eni in interfaces.values {
            for group in eni.securityGroupIDs { counts[group, default: 0] += 1 }
        }
        return counts
    }
}

/// The candidate closest to `word` by edit distance, when close enough to be a likely typo.
public func nearest(_ word: String, among candidates: [String]) -> String? {
    let lowered = word.lowercased()
    var best: (String, Int)?
    for candidate in candidates.sorted() {
        let distance = editDistance(lowered, candidate.lowercased())
        if best == nil || distance < best!.1 { best = (candidate, distance) }
    }
    guard let (candidate, distance) = best else { return nil }
    let allowed = max(1, min(3, word.count / 3))
    if distance <= allowed || (candidate.lowercased().hasPrefix(lowered) && lowered.count >= 2) { return candidate }
    return nil
}

func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a.utf8), b = Array(b.utf8)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var d = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
    for i in 0...a.count { d[i][0] = i }
    for j in 0...b.count { d[0][j] = j }
    for i in 1...a.count {
        for j in 1...b.count {
            let cost = a[i - 1] == b[j - 1] ? 0 : 1
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
            // Adjacent transposition (Damerau): "tpc" for "tcp" is one slip, not two.
            if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
            }
        }
    }
    return d[a.count][b.count]
}

/// Where to start looking for a subnet's next free address. Equality and hashing ignore it: it
/// only speeds up a search whose answer it never changes.
struct AllocationHints: Hashable, Sendable {
    private var next: TreeDictionary<Subnet.ID, IPAddress> = [:]

    subscript(subnetID: Subnet.ID) -> IPAddress? {
        get { next[subnetID] }
        set { next[subnetID] = newValue }
    }

    static func == (_: AllocationHints, _: AllocationHints) -> Bool { true }
    func hash(into hasher: inout Hasher) {}
}
