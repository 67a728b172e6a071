import HashTreeCollections

/// Saved worlds: versioned, readable JSON-friendly values (`save FILE` / `load FILE`).
/// Addresses, blocks, ports and protocols are written as the command language writes them.

/// Values saved as the command language writes them (`10.0.1.5`, `10.0.0.0/16`, `1024-65535`,
/// `tcp`): one Codable shape for all of them.
protocol TextCodable: Codable, CustomStringConvertible {
    init?(savedText: String)
    var savedText: String { get }
}

extension TextCodable {
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = Self(savedText: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "\(text) is not a valid \(Self.self)"))
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(savedText)
    }
}

extension IPAddress: TextCodable {
    init?(savedText: String) { self.init(savedText) }
    var savedText: String { description }
}

extension CIDR: TextCodable {
    init?(savedText: String) {
        guard case .valid(let cidr, _) = CIDR.parse(savedText) else { return nil }
        self = cidr
    }
    var savedText: String { description }
}

extension PortRange: TextCodable {
    init?(savedText: String) {
        let parts = savedText.split(separator: "-").compactMap { Int($0) }
        guard let first = parts.first, parts.count <= 2 else { return nil }
        self.init(from: first, to: parts.last!)
    }
    var savedText: String { description }
}

extension IPProtocol: TextCodable {
    init?(savedText: String) { self.init(name: savedText) }
    var savedText: String { name }
}

extension ICMPTypeCode: Codable {
    enum CodingKeys: String, CodingKey { case type, code }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(type: try c.decodeIfPresent(UInt8.self, forKey: .type), code: try c.decodeIfPresent(UInt8.self, forKey: .code))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(type, forKey: .type)
        try c.encodeIfPresent(code, forKey: .code)
    }
}

extension World: Codable {
    /// The format's name and version, checked on load.
    public static let format = "sglab-world"
    /// Version 2 adds load balancers, target groups and VPC endpoints; version 3 what connects
    /// VPCs (peering connections). A world is written in the oldest version that holds it, so
    /// older sglab keeps reading what it can; an older file reads as a world without them.
    public static let formatVersion = 3

    var usesVersion2: Bool { !loadBalancers.isEmpty || !targetGroups.isEmpty || !vpcEndpoints.isEmpty }
    var usesVersion3: Bool {
        !peeringConnections.isEmpty || !egressOnlyInternetGateways.isEmpty || vpcs.values.contains { $0.ipv6CIDR != nil }
            || !transitGateways.isEmpty || !regionalNATGateways.isEmpty || securityGroups.values.contains { $0.associatedVPCIDs != nil } || natGateways.values.contains { $0.isPrivate == true }
    }
    var savedVersion: Int { usesVersion3 ? 3 : usesVersion2 ? 2 : 1 }

    enum CodingKeys: String, CodingKey {
        case format, version, quotas, ids, serial, nextConnectionNumber, nextPublicAddress
        case vpcs, subnets, routeTables, networkACLs, securityGroups, interfaces, resources
        case internetGateways, natGateways, elasticIPs, prefixLists, connections, imported
        case loadBalancers, targetGroups, vpcEndpoints
        case peeringConnections, egressOnlyInternetGateways
        case transitGateways, transitGatewayAttachments, transitGatewayRouteTables, regionalNATGateways
    }

    /// Errors a saved file can have, worded for people.
    public struct LoadError: Error, CustomStringConvertible {
        public let description: String
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(World.format, forKey: .format)
        try c.encode(savedVersion, forKey: .version)
        try c.encode(quotas, forKey: .quotas)
        try c.encode(ids, forKey: .ids)
        try c.encode(serial, forKey: .serial)
        try c.encode(nextConnectionNumber, forKey: .nextConnectionNumber)
        try c.encode(nextPublicAddress, forKey: .nextPublicAddress)
        try c.encode(vpcs.values.sorted { $0.serial < $1.serial }, forKey: .vpcs)
        try c.encode(subnets.values.sorted { $0.serial < $1.serial }, forKey: .subnets)
        try c.encode(routeTables.values.sorted { $0.serial < $1.serial }, forKey: .routeTables)
        try c.encode(networkACLs.values.sorted { $0.serial < $1.serial }, forKey: .networkACLs)
        try c.encode(securityGroups.values.sorted { $0.serial < $1.serial }, forKey: .securityGroups)
        try c.encode(interfaces.values.sorted { $0.serial < $1.serial }, forKey: .interfaces)
        try c.encode(resources.values.sorted { $0.serial < $1.serial }, forKey: .resources)
        try c.encode(internetGateways.values.sorted { $0.serial < $1.serial }, forKey: .internetGateways)
        try c.encode(natGateways.values.sorted { $0.serial < $1.serial }, forKey: .natGateways)
        try c.encode(elasticIPs.values.sorted { $0.serial < $1.serial }, forKey: .elasticIPs)
        try c.encode(prefixLists.values.sorted { $0.serial < $1.serial }, forKey: .prefixLists)
        try c.encode(connections, forKey: .connections)
        if savedVersion >= 3 {
            try c.encode(peeringConnections.values.sorted { $0.serial < $1.serial }, forKey: .peeringConnections)
            try c.encode(egressOnlyInternetGateways.values.sorted { $0.serial < $1.serial }, forKey: .egressOnlyInternetGateways)
            try c.encode(transitGateways.values.sorted { $0.serial < $1.serial }, forKey: .transitGateways)
            try c.encode(transitGatewayAttachments.values.sorted { $0.serial < $1.serial }, forKey: .transitGatewayAttachments)
            try c.encode(transitGatewayRouteTables.values.sorted { $0.serial < $1.serial }, forKey: .transitGatewayRouteTables)
            try c.encode(regionalNATGateways.values.sorted { $0.serial < $1.serial }, forKey: .regionalNATGateways)
        }
        if savedVersion >= 2 {
            try c.encode(loadBalancers.values.sorted { $0.serial < $1.serial }, forKey: .loadBalancers)
            try c.encode(targetGroups.values.sorted { $0.serial < $1.serial }, forKey: .targetGroups)
            try c.encode(vpcEndpoints.values.sorted { $0.serial < $1.serial }, forKey: .vpcEndpoints)
        }
        // Written only for imported worlds, so every other world saves exactly as before.
        if isImported { try c.encode(true, forKey: .imported) }
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let format = try? c.decode(String.self, forKey: .format)
        guard format == World.format else {
            throw LoadError(description: "this is not an sglab world file")
        }
        let version = try c.decode(Int.self, forKey: .version)
        guard version <= World.formatVersion else {
            throw LoadError(description: "the file is format version \(version); this sglab reads up to version \(World.formatVersion)")
        }
        self.init(quotas: try c.decode(Quotas.self, forKey: .quotas))
        ids = try c.decode(IDGenerator.self, forKey: .ids)
        serial = try c.decode(Int.self, forKey: .serial)
        nextConnectionNumber = try c.decode(Int.self, forKey: .nextConnectionNumber)
        nextPublicAddress = try c.decode(IPAddress.self, forKey: .nextPublicAddress)
        func keyed<Key: Hashable & CustomStringConvertible, T>(_ items: [T], _ id: (T) -> Key) throws -> TreeDictionary<Key, T> {
            var table: TreeDictionary<Key, T> = [:]
            for item in items {
                guard table.updateValue(item, forKey: id(item)) == nil else {
                    throw LoadError(description: "the saved world is inconsistent: the ID \(id(item)) is used twice")
                }
            }
            return table
        }
        vpcs = try keyed(try c.decode([VPC].self, forKey: .vpcs), \.id)
        subnets = try keyed(try c.decode([Subnet].self, forKey: .subnets), \.id)
        routeTables = try keyed(try c.decode([RouteTable].self, forKey: .routeTables), \.id)
        networkACLs = try keyed(try c.decode([NetworkACL].self, forKey: .networkACLs), \.id)
        securityGroups = try keyed(try c.decode([SecurityGroup].self, forKey: .securityGroups), \.id)
        interfaces = try keyed(try c.decode([NetworkInterface].self, forKey: .interfaces), \.id)
        resources = try keyed(try c.decode([Resource].self, forKey: .resources), \.id)
        internetGateways = try keyed(try c.decode([InternetGateway].self, forKey: .internetGateways), \.id)
        natGateways = try keyed(try c.decode([NATGateway].self, forKey: .natGateways), \.id)
        elasticIPs = try keyed(try c.decode([ElasticIP].self, forKey: .elasticIPs), \.allocationID)
        prefixLists = try keyed(try c.decode([PrefixList].self, forKey: .prefixLists), \.id)
        connections = try c.decode([Connection].self, forKey: .connections)
        if version >= 2 {
            loadBalancers = try keyed(try c.decodeIfPresent([LoadBalancer].self, forKey: .loadBalancers) ?? [], \.id)
            targetGroups = try keyed(try c.decodeIfPresent([TargetGroup].self, forKey: .targetGroups) ?? [], \.id)
            vpcEndpoints = try keyed(try c.decodeIfPresent([VPCEndpoint].self, forKey: .vpcEndpoints) ?? [], \.id)
        }
        if version >= 3 {
            peeringConnections = try keyed(
                try c.decodeIfPresent([PeeringConnection].self, forKey: .peeringConnections) ?? [], \.id)
            egressOnlyInternetGateways = try keyed(
                try c.decodeIfPresent([EgressOnlyInternetGateway].self, forKey: .egressOnlyInternetGateways) ?? [], \.id)
            transitGateways = try keyed(try c.decodeIfPresent([TransitGateway].self, forKey: .transitGateways) ?? [], \.id)
            transitGatewayAttachments = try keyed(
                try c.decodeIfPresent([TransitGatewayAttachment].self, forKey: .transitGatewayAttachments) ?? [], \.id)
            transitGatewayRouteTables = try keyed(
                try c.decodeIfPresent([TransitGatewayRouteTable].self, forKey: .transitGatewayRouteTables) ?? [], \.id)
            regionalNATGateways = try keyed(
                try c.decodeIfPresent([RegionalNATGateway].self, forKey: .regionalNATGateways) ?? [], \.id)
        }
        isImported = try c.decodeIfPresent(Bool.self, forKey: .imported) ?? false
        if let problem = integrityProblem() { throw LoadError(description: "the saved world is inconsistent: \(problem)") }
        rebuildIndexes()
    }

    /// Recomputes every index from the resources.
    mutating func rebuildIndexes() {
        names = [:]
        privateAddresses = [:]
        publicAddresses = [:]
        gatewayOfVPC = [:]
        subnetIDsOfVPC = [:]
        for x in vpcs.values.sorted(by: { $0.serial < $1.serial }) { indexName(.vpc, x.name, x.id) }
        for x in subnets.values.sorted(by: { $0.serial < $1.serial }) {
            indexName(.subnet, x.name, x.id)
            subnetIDsOfVPC[x.vpcID, default: []].append(x.id)
        }
        for x in routeTables.values.sorted(by: { $0.serial < $1.serial }) { indexName(.routeTable, x.name, x.id) }
        for x in networkACLs.values.sorted(by: { $0.serial < $1.serial }) { indexName(.networkACL, x.name, x.id) }
        for x in securityGroups.values.sorted(by: { $0.serial < $1.serial }) { indexName(.securityGroup, x.name, x.id) }
        for x in interfaces.values.sorted(by: { $0.serial < $1.serial }) {
            if x.name != x.id.rawValue { indexName(.networkInterface, x.name, x.id) }
            privateAddresses[x.privateAddress, default: []].append(x.id)
            if let p = x.publicAddress { publicAddresses[p] = x.id }
            // An IPv6 address is the interface's own inside the VPC and, being global, outside.
            if let six = x.ipv6Address {
                privateAddresses[six, default: []].append(x.id)
                publicAddresses[six] = x.id
            }
        }
        for x in resources.values.sorted(by: { $0.serial < $1.serial }) { indexName(.resource, x.name, x.id) }
        for x in internetGateways.values.sorted(by: { $0.serial < $1.serial }) {
            indexName(.internetGateway, x.name, x.id)
            if let v = x.vpcID { gatewayOfVPC[v] = x.id }
        }
        for x in natGateways.values.sorted(by: { $0.serial < $1.serial }) { indexName(.natGateway, x.name, x.id) }
        for x in elasticIPs.values.sorted(by: { $0.serial < $1.serial }) { indexName(.elasticIP, x.name, x.allocationID) }
        for x in prefixLists.values.sorted(by: { $0.serial < $1.serial }) { indexName(.prefixList, x.name, x.id) }
        for x in loadBalancers.values.sorted(by: { $0.serial < $1.serial }) { indexName(.loadBalancer, x.name, x.id) }
        for x in targetGroups.values.sorted(by: { $0.serial < $1.serial }) { indexName(.targetGroup, x.name, x.id) }
        for x in vpcEndpoints.values.sorted(by: { $0.serial < $1.serial }) { indexName(.vpcEndpoint, x.name, x.id) }
        for x in peeringConnections.values.sorted(by: { $0.serial < $1.serial }) {
            indexName(.peeringConnection, x.name, x.id)
        }
        for x in egressOnlyInternetGateways.values.sorted(by: { $0.serial < $1.serial }) {
            indexName(.egressOnlyInternetGateway, x.name, x.id)
        }
        for x in transitGateways.values.sorted(by: { $0.serial < $1.serial }) { indexName(.transitGateway, x.name, x.id) }
        for x in regionalNATGateways.values.sorted(by: { $0.serial < $1.serial }) { indexName(.regionalNATGateway, x.name, x.id) }
        for x in transitGatewayAttachments.values.sorted(by: { $0.serial < $1.serial }) {
            indexName(.transitGatewayAttachment, x.name, x.id)
        }
        for x in transitGatewayRouteTables.values.sorted(by: { $0.serial < $1.serial }) {
            indexName(.transitGatewayRouteTable, x.name, x.id)
        }
    }
}
