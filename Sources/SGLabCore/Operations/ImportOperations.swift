/// Building a world from an account's own description (`import`): resources arrive with the IDs,
/// names and addresses AWS gave them, in any order, and the whole is checked once at the end by
/// the same rules a saved world must satisfy (`integrityProblem`). Nothing here guesses: the
/// reader of AWS's JSON decides what is modelled, and this only stores it.
public struct WorldImport: Sendable {
    private var world: World
    private var problem: String?

    public init(quotas: Quotas = Quotas()) {
        world = World(quotas: quotas)
        world.isImported = true
    }

    /// A rule of a security group as imported: AWS's rule ID (`sgr-…`) when known.
    public struct Rule: Sendable {
        public var id: String?
        public var traffic: TrafficSpec
        public var peer: Peer
        public var description: String

        public init(id: String?, traffic: TrafficSpec, peer: Peer, description: String) {
            self.id = id
            self.traffic = traffic
            self.peer = peer
            self.description = description
        }
    }

    /// A numbered network ACL entry (the `*` deny is added by the import itself).
    public struct Entry: Sendable {
        public var ruleNumber: Int
        public var traffic: TrafficSpec
        public var cidr: CIDR
        public var action: RuleAction

        public init(ruleNumber: Int, traffic: TrafficSpec, cidr: CIDR, action: RuleAction) {
            self.ruleNumber = ruleNumber
            self.traffic = traffic
            self.cidr = cidr
            self.action = action
        }
    }

    /// Whether `name` is one the command language can type (commands.md's lexical rule): an
    /// imported Name tag that is not becomes no name (the ID is the name).
    public static func isTypableName(_ name: String) -> Bool {
        do { try World().checkNameSyntax(name) } catch { return false }
        return true
    }

    private mutating func note(duplicate id: String, _ inserted: Bool) {
        if !inserted && problem == nil { problem = "the ID \(id) appears twice" }
    }

    public mutating func addVPC(
        id: String, name: String, cidr: CIDR, mainRouteTableID: String, defaultNetworkACLID: String,
        defaultSecurityGroupID: String
    ) {
        let vpc = VPC(
            id: VPC.ID(id), name: name, cidr: cidr, mainRouteTableID: RouteTable.ID(mainRouteTableID),
            defaultNetworkACLID: NetworkACL.ID(defaultNetworkACLID), defaultSecurityGroupID: SecurityGroup.ID(defaultSecurityGroupID),
            serial: world.newSerial())
        note(duplicate: id, world.vpcs.updateValue(vpc, forKey: vpc.id) == nil)
    }

    public mutating func addSubnet(
        id: String, name: String, vpcID: String, cidr: CIDR, availabilityZone: String, routeTableID: String?,
        networkACLID: String
    ) {
        let subnet = Subnet(
            id: Subnet.ID(id), name: name, vpcID: VPC.ID(vpcID), cidr: cidr, availabilityZone: availabilityZone,
            routeTableID: routeTableID.map { RouteTable.ID($0) }, networkACLID: NetworkACL.ID(networkACLID),
            serial: world.newSerial())
        note(duplicate: id, world.subnets.updateValue(subnet, forKey: subnet.id) == nil)
    }

    /// Routes to the local block, an internet gateway, a NAT gateway or a network interface;
    /// `prefixList` for a route whose destination is a managed prefix list.
    public mutating func addRouteTable(id: String, name: String, vpcID: String, routes: [(CIDR?, prefixList: String?, RouteTarget)]) {
        let table = RouteTable(
            id: RouteTable.ID(id), name: name, vpcID: VPC.ID(vpcID),
            routes: routes.map { destination, list, target in
                Route(
                    destination: destination ?? Route.prefixListPlaceholder, target: target,
                    prefixListID: list.map { PrefixList.ID($0) })
            }, serial: world.newSerial())
        note(duplicate: id, world.routeTables.updateValue(table, forKey: table.id) == nil)
    }

    /// Entries in any order: they are kept in rule-number order, the `*` deny last
    /// ("Network ACL rules": rules are evaluated from the lowest number).
    public mutating func addNetworkACL(id: String, name: String, vpcID: String, isDefault: Bool, inbound: [Entry], outbound: [Entry]) {
        func entries(_ list: [Entry]) -> [NetworkACLEntry] {
            list.sorted { $0.ruleNumber < $1.ruleNumber }.map {
                NetworkACLEntry(ruleNumber: $0.ruleNumber, traffic: $0.traffic, cidr: $0.cidr, action: $0.action)
            } + [.catchAll]
        }
        let acl = NetworkACL(
            id: NetworkACL.ID(id), name: name, vpcID: VPC.ID(vpcID), isDefault: isDefault, inbound: entries(inbound),
            outbound: entries(outbound), serial: world.newSerial())
        note(duplicate: id, world.networkACLs.updateValue(acl, forKey: acl.id) == nil)
    }

    public mutating func addSecurityGroup(
        id: String, name: String, description: String, vpcID: String, ingress: [Rule], egress: [Rule]
    ) {
        func rules(_ list: [Rule]) -> [SecurityGroupRule] {
            list.map { rule in
                SecurityGroupRule(
                    id: rule.id.map { SecurityGroupRule.ID($0) } ?? world.newID("sgr-"), traffic: rule.traffic,
                    peer: rule.peer, description: rule.description)
            }
        }
        let group = SecurityGroup(
            id: SecurityGroup.ID(id), name: name, description: description, vpcID: VPC.ID(vpcID),
            ingress: rules(ingress), egress: rules(egress), serial: world.newSerial())
        note(duplicate: id, world.securityGroups.updateValue(group, forKey: group.id) == nil)
    }

    /// `publicAddress` without `elasticIPAllocationID`: an address auto-assigned at launch.
    public mutating func addNetworkInterface(
        id: String, name: String, subnetID: String, vpcID: String, privateAddress: IPAddress,
        publicAddress: IPAddress?, elasticIPAllocationID: String?, securityGroupIDs: [String], resourceID: String?,
        natGatewayID: String?
    ) {
        let eni = NetworkInterface(
            id: NetworkInterface.ID(id), name: name, subnetID: Subnet.ID(subnetID), vpcID: VPC.ID(vpcID),
            privateAddress: privateAddress, publicAddress: publicAddress,
            elasticIPAllocationID: elasticIPAllocationID.map { ElasticIP.ID($0) },
            autoAssignsPublicAddress: publicAddress != nil && elasticIPAllocationID == nil,
            securityGroupIDs: securityGroupIDs.map { SecurityGroup.ID($0) }, attachedResourceID: resourceID.map { Resource.ID($0) },
            natGatewayID: natGatewayID.map { NATGateway.ID($0) }, serial: world.newSerial())
        note(duplicate: id, world.interfaces.updateValue(eni, forKey: eni.id) == nil)
    }

    /// IPv6 as AWS assigned it: a VPC's block, a subnet's, an interface's address (decision 25).
    public mutating func setIPv6(vpc id: String, _ block: CIDR) { world.vpcs[VPC.ID(id)]?.ipv6CIDR = block }
    public mutating func setIPv6(subnet id: String, _ block: CIDR) { world.subnets[Subnet.ID(id)]?.ipv6CIDR = block }
    public mutating func setIPv6(interface id: String, _ address: IPAddress) {
        world.interfaces[NetworkInterface.ID(id)]?.ipv6Address = address
    }

    /// An EC2 instance; its interfaces in device order (the primary first).
    public mutating func addInstance(id: String, name: String, vpcID: String, interfaceIDs: [String], sourceDestinationCheck: Bool) {
        var instance = Resource(
            id: Resource.ID(id), name: name, kind: .ec2, vpcID: VPC.ID(vpcID),
            interfaceIDs: interfaceIDs.map { NetworkInterface.ID($0) }, serial: world.newSerial())
        instance.sourceDestinationCheck = sourceDestinationCheck
        note(duplicate: id, world.resources.updateValue(instance, forKey: instance.id) == nil)
    }

    public mutating func addInternetGateway(id: String, name: String, vpcID: String?) {
        let igw = InternetGateway(id: InternetGateway.ID(id), name: name, vpcID: vpcID.map { VPC.ID($0) }, serial: world.newSerial())
        note(duplicate: id, world.internetGateways.updateValue(igw, forKey: igw.id) == nil)
    }

    public mutating func addNATGateway(id: String, name: String, subnetID: String, vpcID: String, interfaceID: String, allocationID: String) {
        let nat = NATGateway(
            id: NATGateway.ID(id), name: name, subnetID: Subnet.ID(subnetID), vpcID: VPC.ID(vpcID),
            interfaceID: NetworkInterface.ID(interfaceID), allocationID: ElasticIP.ID(allocationID), serial: world.newSerial())
        note(duplicate: id, world.natGateways.updateValue(nat, forKey: nat.id) == nil)
    }

    public mutating func addElasticIP(allocationID: String, name: String, publicAddress: IPAddress, interfaceID: String?) {
        let eip = ElasticIP(
            allocationID: ElasticIP.ID(allocationID), name: name, publicAddress: publicAddress,
            interfaceID: interfaceID.map { NetworkInterface.ID($0) }, serial: world.newSerial())
        note(duplicate: allocationID, world.elasticIPs.updateValue(eip, forKey: eip.allocationID) == nil)
    }

    public mutating func addPrefixList(id: String, name: String, entries: [CIDR], maxEntries: Int) {
        let list = PrefixList(id: PrefixList.ID(id), name: name, entries: entries, maxEntries: maxEntries, serial: world.newSerial())
        note(duplicate: id, world.prefixLists.updateValue(list, forKey: list.id) == nil)
    }

    /// The world, or the first thing that makes it inconsistent (naming the resource by ID).
    /// Quotas are those of the account as sglab knows them: an account past them fails here.
    public func finish() -> Result<World, ImportProblem> {
        var world = world
        if let problem { return .failure(ImportProblem(message: problem)) }
        // sglab's own allocations come after any address of its pool that AWS already gave.
        let taken = world.elasticIPs.values.map(\.publicAddress) + world.interfaces.values.compactMap(\.publicAddress)
        if let highest = taken.filter({ World.publicPool.contains($0) }).max() {
            world.nextPublicAddress = highest.advanced(by: 1)
        }
        world.quotas = world.quotasRaisedToFit()
        if let problem = world.integrityProblem() { return .failure(ImportProblem(message: problem)) }
        world.rebuildIndexes()
        return .success(world)
    }
}

extension World {
    /// The quotas, each raised to what the world already holds: an account whose quotas AWS
    /// raised on request ("Amazon VPC quotas": most are adjustable) imports as it is.
    func quotasRaisedToFit() -> Quotas {
        var q = quotas
        func most<K: Hashable>(_ keys: some Sequence<K>) -> Int {
            var counts: [K: Int] = [:]
            for key in keys { counts[key, default: 0] += 1 }
            return counts.values.max() ?? 0
        }
        q.vpcsPerRegion = max(q.vpcsPerRegion, vpcs.count)
        q.subnetsPerVPC = max(q.subnetsPerVPC, most(subnets.values.map(\.vpcID)))
        q.securityGroupsPerRegion = max(q.securityGroupsPerRegion, securityGroups.count)
        let ruleWeights = securityGroups.values.flatMap { g in
            [g.ingress, g.egress].map { $0.reduce(0) { $0 + ruleWeight($1.peer) } }
        }
        q.rulesPerSecurityGroup = max(q.rulesPerSecurityGroup, ruleWeights.max() ?? 0)
        q.securityGroupsPerInterface = max(q.securityGroupsPerInterface, interfaces.values.map(\.securityGroupIDs.count).max() ?? 0)
        q.networkACLsPerVPC = max(q.networkACLsPerVPC, most(networkACLs.values.map(\.vpcID)))
        q.entriesPerNetworkACL = max(
            q.entriesPerNetworkACL, networkACLs.values.map { max($0.inbound.count, $0.outbound.count) }.max() ?? 0)
        q.routeTablesPerVPC = max(q.routeTablesPerVPC, most(routeTables.values.map(\.vpcID)))
        q.routesPerRouteTable = max(q.routesPerRouteTable, routeTables.values.map(routeWeight).max() ?? 0)
        q.internetGatewaysPerRegion = max(q.internetGatewaysPerRegion, internetGateways.count)
        q.elasticIPsPerRegion = max(q.elasticIPsPerRegion, elasticIPs.count)
        let zones = natGateways.values.compactMap { subnets[$0.subnetID]?.availabilityZone }
        q.natGatewaysPerAvailabilityZone = max(q.natGatewaysPerAvailabilityZone, most(zones))
        return q
    }
}

/// Why an imported account is not a consistent world, in words naming the resource's ID.
public struct ImportProblem: Error, Sendable, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}
