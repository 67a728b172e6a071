import HashTreeCollections

/// The whole simulated AWS account and Region as one value. Mutations go through the
/// operations in `Operations/`; a failed operation leaves the world as it was (callers work on a
/// copy), so a rejected command changes nothing.
public struct World: Hashable, Sendable {
    public internal(set) var vpcs: TreeDictionary<String, VPC> = [:]
    public internal(set) var subnets: TreeDictionary<String, Subnet> = [:]
    public internal(set) var routeTables: TreeDictionary<String, RouteTable> = [:]
    public internal(set) var networkACLs: TreeDictionary<String, NetworkACL> = [:]
    public internal(set) var securityGroups: TreeDictionary<String, SecurityGroup> = [:]
    public internal(set) var interfaces: TreeDictionary<String, NetworkInterface> = [:]
    public internal(set) var resources: TreeDictionary<String, Resource> = [:]
    public internal(set) var internetGateways: TreeDictionary<String, InternetGateway> = [:]
    public internal(set) var natGateways: TreeDictionary<String, NATGateway> = [:]
    public internal(set) var elasticIPs: TreeDictionary<String, ElasticIP> = [:]
    public internal(set) var prefixLists: TreeDictionary<String, PrefixList> = [:]
    public internal(set) var connections: [Connection] = []

    public var quotas: Quotas

    var ids: IDGenerator
    var serial = 0
    var nextConnectionNumber = 1
    /// Next public address to hand out, from 3.80.0.0/12 in order (commands.md).
    var nextPublicAddress = IPv4Address(3, 80, 0, 1)

    // Indexes: lookups by name and address are dictionary hits, never scans.
    // Like the tables, every index is persistent: a change copies a path, not the index.
    var names: [ResourceType: TreeDictionary<String, [String]>] = [:]
    var privateAddresses: TreeDictionary<IPv4Address, [String]> = [:]
    var publicAddresses: TreeDictionary<IPv4Address, String> = [:]
    /// Which VPC an internet gateway is attached to, by VPC ID.
    var gatewayOfVPC: TreeDictionary<String, String> = [:]
    /// Subnet IDs of each VPC, in creation order.
    var subnetIDsOfVPC: TreeDictionary<String, [String]> = [:]
    /// Security groups by ID, each with the interfaces that carry it.
    var membersOfGroup: TreeDictionary<String, TreeSet<String>> = [:]
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

    mutating func newID(_ prefix: String) -> String { ids.make(prefix) }

    // MARK: Names

    mutating func indexName(_ type: ResourceType, _ name: String, _ id: String) {
        names[type, default: [:]][name, default: []].append(id)
    }

    mutating func unindexName(_ type: ResourceType, _ name: String, _ id: String) {
        names[type]?[name]?.removeAll { $0 == id }
        if names[type]?[name]?.isEmpty == true { names[type]?[name] = nil }
    }

    /// IDs of every `type` named `name`, in all VPCs.
    public func ids(of type: ResourceType, named name: String) -> [String] {
        names[type]?[name] ?? []
    }

    /// All names of a kind, for suggestions and completion.
    public func allNames(of type: ResourceType) -> [String] {
        Array((names[type] ?? [:]).keys)
    }

    // MARK: Generic access

    /// Whether an ID names an existing resource of `type`.
    public func exists(_ type: ResourceType, _ id: String) -> Bool {
        switch type {
        case .vpc: return vpcs[id] != nil
        case .subnet: return subnets[id] != nil
        case .routeTable: return routeTables[id] != nil
        case .networkACL: return networkACLs[id] != nil
        case .securityGroup: return securityGroups[id] != nil
        case .networkInterface: return interfaces[id] != nil
        case .resource: return resources[id] != nil
        case .internetGateway: return internetGateways[id] != nil
        case .natGateway: return natGateways[id] != nil
        case .elasticIP: return elasticIPs[id] != nil
        case .prefixList: return prefixLists[id] != nil
        }
    }

    /// The user-facing name of anything in the world, by ID.
    public func name(of id: String) -> String? {
        // The ID's prefix says which table holds it: one lookup instead of eleven.
        // Bytes, not Characters: this runs for every hop of an explained trace.
        let utf8 = id.utf8
        let dash = utf8.firstIndex(of: UInt8(ascii: "-")) ?? utf8.endIndex
        switch Substring(id[..<dash]) {
        case "vpc": return vpcs[id]?.name
        case "subnet": return subnets[id]?.name
        case "rtb": return routeTables[id]?.name
        case "acl": return networkACLs[id]?.name
        case "sg": return securityGroups[id]?.name
        case "eni": return interfaces[id]?.name
        case "i", "db", "function", "cache": return resources[id]?.name
        case "igw": return internetGateways[id]?.name
        case "nat": return natGateways[id]?.name
        case "eipalloc": return elasticIPs[id]?.name
        case "pl": return prefixLists[id]?.name
        default: break
        }
        if let x = vpcs[id] { return x.name }
        if let x = subnets[id] { return x.name }
        if let x = routeTables[id] { return x.name }
        if let x = networkACLs[id] { return x.name }
        if let x = securityGroups[id] { return x.name }
        if let x = interfaces[id] { return x.name }
        if let x = resources[id] { return x.name }
        if let x = internetGateways[id] { return x.name }
        if let x = natGateways[id] { return x.name }
        if let x = elasticIPs[id] { return x.name }
        if let x = prefixLists[id] { return x.name }
        return nil
    }

    /// The VPC a resource lives in, if it lives in one.
    public func vpcID(of type: ResourceType, _ id: String) -> String? {
        switch type {
        case .vpc: return id
        case .subnet: return subnets[id]?.vpcID
        case .routeTable: return routeTables[id]?.vpcID
        case .networkACL: return networkACLs[id]?.vpcID
        case .securityGroup: return securityGroups[id]?.vpcID
        case .networkInterface: return interfaces[id]?.vpcID
        case .resource: return resources[id]?.vpcID
        case .natGateway: return natGateways[id]?.vpcID
        case .internetGateway: return internetGateways[id]?.vpcID
        case .elasticIP, .prefixList: return nil
        }
    }

    /// How commands should refer to `id`: its name when the name alone finds it, else
    /// `VPC/NAME`, else the ID.
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
    public func label(_ id: String) -> String {
        guard let name = name(of: id), name != id else { return id }
        return "\(name) (\(id))"
    }

    // MARK: Resolution of references typed by people

    /// Finds the ID that `reference` (an ID, a NAME or `VPC/NAME`) names among resources of
    /// `type`. `vpcID` narrows bare names to one VPC when the command already implies it.
    public func resolve(_ type: ResourceType, _ reference: String, in vpcID: String? = nil, argument: String? = nil)
        throws(AWSError) -> String
    {
        if exists(type, reference) { return reference }
        var name = reference
        var scope = vpcID
        if let slash = reference.firstIndex(of: "/"), type.scopedToVPC {
            let vpcName = String(reference[..<slash])
            name = String(reference[reference.index(after: slash)...])
            let vpcs = ids(of: .vpc, named: vpcName) + (self.vpcs[vpcName] != nil ? [vpcName] : [])
            guard let only = vpcs.first else {
                throw AWSError.notFound(.vpc, vpcName, argument: argument, suggestion: suggest(.vpc, vpcName))
            }
            scope = only
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
    public func lookup(_ type: ResourceType, _ reference: String, in vpcID: String? = nil) -> String? {
        if exists(type, reference) { return reference }
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

    // MARK: Addresses

    /// Network interfaces whose private address is `address` (one per VPC at most).
    public func interfaces(withPrivateAddress address: IPv4Address) -> [String] {
        privateAddresses[address] ?? []
    }

    /// The network interface that owns a public or Elastic IP address.
    public func interface(withPublicAddress address: IPv4Address) -> String? {
        publicAddresses[address]
    }

    /// The subnet of `vpcID` whose block holds `address`.
    public func subnet(containing address: IPv4Address, in vpcID: String) -> Subnet? {
        subnetsByVPC(vpcID).first { $0.cidr.contains(address) }
    }

    public func subnetsByVPC(_ vpcID: String) -> [Subnet] {
        (subnetIDsOfVPC[vpcID] ?? []).compactMap { subnets[$0] }
    }

    /// The internet gateway attached to a VPC, if any.
    public func internetGateway(of vpcID: String) -> InternetGateway? {
        gatewayOfVPC[vpcID].flatMap { internetGateways[$0] }
    }

    /// The route table a subnet uses: its explicit association or the VPC's main table.
    public func routeTable(of subnet: Subnet) -> RouteTable {
        let id = subnet.routeTableID ?? vpcs[subnet.vpcID]!.mainRouteTableID
        return routeTables[id]!
    }

    /// Interfaces that carry security group `groupID`.
    public func members(of groupID: String) -> TreeSet<String> { membersOfGroup[groupID] ?? [] }
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
    private var next: TreeDictionary<String, IPv4Address> = [:]

    subscript(subnetID: String) -> IPv4Address? {
        get { next[subnetID] }
        set { next[subnetID] = newValue }
    }

    static func == (_: AllocationHints, _: AllocationHints) -> Bool { true }
    func hash(into hasher: inout Hasher) {}
}
