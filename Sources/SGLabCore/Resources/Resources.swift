/// The kinds of thing a world holds. Each has an AWS ID prefix and the NotFound error code the
/// EC2 API returns for an unknown ID ("Error codes for the Amazon EC2 API").
public enum ResourceType: String, CaseIterable, Sendable {
    case vpc, subnet, routeTable, networkACL, securityGroup, networkInterface, resource
    case internetGateway, natGateway, elasticIP, prefixList
    case loadBalancer, targetGroup, vpcEndpoint
    case peeringConnection, egressOnlyInternetGateway
    case transitGateway, transitGatewayAttachment, transitGatewayRouteTable
    case regionalNATGateway

    public var noun: String {
        switch self {
        case .vpc: return "VPC"
        case .subnet: return "subnet"
        case .routeTable: return "route table"
        case .networkACL: return "network ACL"
        case .securityGroup: return "security group"
        case .networkInterface: return "network interface"
        case .resource: return "resource"
        case .internetGateway: return "internet gateway"
        case .natGateway: return "NAT gateway"
        case .elasticIP: return "Elastic IP"
        case .prefixList: return "prefix list"
        case .loadBalancer: return "load balancer"
        case .targetGroup: return "target group"
        case .vpcEndpoint: return "VPC endpoint"
        case .peeringConnection: return "peering connection"
        case .egressOnlyInternetGateway: return "egress-only internet gateway"
        case .transitGateway: return "transit gateway"
        case .transitGatewayAttachment: return "transit gateway attachment"
        case .transitGatewayRouteTable: return "transit gateway route table"
        case .regionalNATGateway: return "regional NAT gateway"
        }
    }

    public var notFoundCode: String {
        switch self {
        case .vpc: return "InvalidVpcID.NotFound"
        case .subnet: return "InvalidSubnetID.NotFound"
        case .routeTable: return "InvalidRouteTableID.NotFound"
        case .networkACL: return "InvalidNetworkAclID.NotFound"
        case .securityGroup: return "InvalidGroup.NotFound"
        case .networkInterface: return "InvalidNetworkInterfaceID.NotFound"
        case .resource: return "InvalidInstanceID.NotFound"
        case .internetGateway: return "InvalidInternetGatewayID.NotFound"
        case .natGateway: return "NatGatewayNotFound"
        case .elasticIP: return "InvalidAllocationID.NotFound"
        case .prefixList: return "InvalidPrefixListID.NotFound"
        case .loadBalancer: return "LoadBalancerNotFound"
        case .targetGroup: return "TargetGroupNotFound"
        case .vpcEndpoint: return "InvalidVpcEndpointId.NotFound"
        case .peeringConnection: return "InvalidVpcPeeringConnectionID.NotFound"
        case .egressOnlyInternetGateway: return "InvalidEgressOnlyInternetGatewayId.NotFound"
        case .transitGateway: return "InvalidTransitGatewayID.NotFound"
        case .transitGatewayAttachment: return "InvalidTransitGatewayAttachmentID.NotFound"
        case .transitGatewayRouteTable: return "InvalidRouteTableID.NotFound"
        case .regionalNATGateway: return "NatGatewayNotFound"
        }
    }

    /// Whether names of this kind are unique per VPC (true) or across the whole world.
    var scopedToVPC: Bool {
        switch self {
        // Load balancer and target group names are unique in the Region ("CreateLoadBalancer").
        case .internetGateway, .elasticIP, .prefixList, .vpc, .loadBalancer, .targetGroup, .peeringConnection, .transitGateway,
            .transitGatewayAttachment, .transitGatewayRouteTable:
            return false
        default: return true
        }
    }
}

/// A kind of thing with an AWS ID that people name in commands.
public protocol Identified {
    static var resourceType: ResourceType { get }
}

/// The kinds of compute resource that own network interfaces.
public enum ResourceKind: String, CaseIterable, Sendable, Codable {
    case ec2, rds, lambda, elasticache

    public var noun: String {
        switch self {
        case .ec2: return "EC2 instance"
        case .rds: return "RDS DB instance"
        case .lambda: return "Lambda function"
        case .elasticache: return "ElastiCache cluster"
        }
    }

    /// "a" or "an", for sentences.
    public var article: String { withArticle(noun).hasPrefix("an ") ? "an" : "a" }

    var idPrefix: String {
        switch self {
        case .ec2: return "i-"
        case .rds: return "db-"
        case .lambda: return "function-"
        case .elasticache: return "cache-"
        }
    }

    var notFoundCode: String {
        switch self {
        case .ec2: return "InvalidInstanceID.NotFound"
        case .rds: return "DBInstanceNotFound"
        case .lambda: return "ResourceNotFoundException"
        case .elasticache: return "CacheClusterNotFound"
        }
    }
}

public struct VPC: Hashable, Sendable, Codable, Identified {
    public typealias ID = SGLabCore.ID<VPC>
    public static let resourceType = ResourceType.vpc

    public let id: ID
    public let name: String
    public let cidr: CIDR
    public internal(set) var mainRouteTableID: RouteTable.ID
    public internal(set) var defaultNetworkACLID: NetworkACL.ID
    public internal(set) var defaultSecurityGroupID: SecurityGroup.ID
    let serial: Int
    /// The Amazon-provided /56, once associated ("IPv6 addressing in your VPC").
    public internal(set) var ipv6CIDR: CIDR? = nil

    /// The Amazon DNS server: the VPC's base address plus two ("Subnet CIDR blocks").
    public var resolverAddress: IPAddress { cidr.network.advanced(by: 2) }

    /// Whether an address is one of the VPC's own, of either family.
    public func contains(_ address: IPAddress) -> Bool {
        cidr.contains(address) || (ipv6CIDR?.contains(address) ?? false)
    }
}

public struct Subnet: Hashable, Sendable, Codable, Identified {
    public typealias ID = SGLabCore.ID<Subnet>
    public static let resourceType = ResourceType.subnet

    public let id: ID
    public let name: String
    public let vpcID: VPC.ID
    public let cidr: CIDR
    public let availabilityZone: String
    /// nil: implicitly on the VPC's main route table ("Configure route tables").
    public internal(set) var routeTableID: RouteTable.ID?
    /// Every subnet has exactly one network ACL ("Control traffic to subnets using network ACLs").
    public internal(set) var networkACLID: NetworkACL.ID
    let serial: Int
    /// A /64 of the VPC's /56, once associated.
    public internal(set) var ipv6CIDR: CIDR? = nil

    /// Whether an address is in the subnet's block of either family.
    public func contains(_ address: IPAddress) -> Bool {
        cidr.contains(address) || (ipv6CIDR?.contains(address) ?? false)
    }

    /// The first four addresses and the last one are reserved ("Subnet CIDR blocks").
    public func isReserved(_ address: IPAddress) -> Bool {
        address.value - cidr.network.value < 4 || address == cidr.last
    }
}

public enum RouteTarget: Hashable, Sendable, Codable {
    case local
    case internetGateway(InternetGateway.ID)
    case natGateway(NATGateway.ID)
    case networkInterface(NetworkInterface.ID)
    /// A gateway endpoint's route to its service's prefix list ("Gateway endpoints").
    case vpcEndpoint(VPCEndpoint.ID)
    /// A route to the other side of a peering connection ("Route tables for peering").
    case peering(PeeringConnection.ID)
    /// IPv6 out only ("Enable outbound IPv6 traffic using an egress-only internet gateway").
    case egressOnlyInternetGateway(EgressOnlyInternetGateway.ID)
    /// To a transit gateway the VPC is attached to ("Transit gateway route tables").
    case transitGateway(TransitGateway.ID)
    /// To the VPC's regional NAT gateway, from a subnet in any zone.
    case regionalNATGateway(RegionalNATGateway.ID)

    /// The target's ID as AWS prints it (`local` for the local route).
    public var id: String {
        switch self {
        case .local: return "local"
        case .internetGateway(let id): return id.rawValue
        case .natGateway(let id): return id.rawValue
        case .networkInterface(let id): return id.rawValue
        case .vpcEndpoint(let id): return id.rawValue
        case .peering(let id): return id.rawValue
        case .egressOnlyInternetGateway(let id): return id.rawValue
        case .transitGateway(let id): return id.rawValue
        case .regionalNATGateway(let id): return id.rawValue
        }
    }
}

public struct Route: Hashable, Sendable, Codable {
    /// For a prefix-list route, the reserved 255.255.255.255/32 (no packet ever has that
    /// destination, decision 14): the list's entries are what match.
    public let destination: CIDR
    public internal(set) var target: RouteTarget
    /// A route whose destination is a managed prefix list (decision 20).
    public let prefixListID: PrefixList.ID?

    init(destination: CIDR, target: RouteTarget, prefixListID: PrefixList.ID? = nil) {
        self.destination = destination
        self.target = target
        self.prefixListID = prefixListID
    }

    static let prefixListPlaceholder = CIDR("255.255.255.255/32")
}

public struct RouteTable: Hashable, Sendable, Codable, Identified {
    public typealias ID = SGLabCore.ID<RouteTable>
    public static let resourceType = ResourceType.routeTable

    public let id: ID
    public let name: String
    public let vpcID: VPC.ID
    public internal(set) var routes: [Route]
    let serial: Int
}

public enum RuleAction: String, Hashable, Sendable, Codable { case allow, deny }

public struct NetworkACLEntry: Hashable, Sendable, Codable {
    /// 1–32766 for numbered entries; 32767 is the `*` catch-all deny.
    public let ruleNumber: Int
    public let traffic: TrafficSpec
    public let cidr: CIDR
    public let action: RuleAction

    public static let catchAllNumber = 32767
    public var isCatchAll: Bool { ruleNumber == NetworkACLEntry.catchAllNumber }
    public var numberText: String { isCatchAll ? "*" : "\(ruleNumber)" }
}

public struct NetworkACL: Hashable, Sendable, Codable, Identified {
    public typealias ID = SGLabCore.ID<NetworkACL>
    public static let resourceType = ResourceType.networkACL

    public let id: ID
    public let name: String
    public let vpcID: VPC.ID
    public let isDefault: Bool
    /// Entries in evaluation order (ascending rule number), the `*` deny last.
    public internal(set) var inbound: [NetworkACLEntry]
    public internal(set) var outbound: [NetworkACLEntry]
    let serial: Int

    public func entries(_ direction: Direction) -> [NetworkACLEntry] {
        direction == .inbound ? inbound : outbound
    }
}

public enum Peer: Hashable, Sendable, Codable {
    case cidr(CIDR)
    case securityGroup(SecurityGroup.ID)
    case prefixList(PrefixList.ID)
}

public struct SecurityGroupRule: Hashable, Sendable, Codable {
    public typealias ID = SGLabCore.ID<SecurityGroupRule>

    public let id: ID
    public let traffic: TrafficSpec
    public let peer: Peer
    public let description: String
}

public struct SecurityGroup: Hashable, Sendable, Codable, Identified {
    public typealias ID = SGLabCore.ID<SecurityGroup>
    public static let resourceType = ResourceType.securityGroup

    public let id: ID
    public let name: String
    public let description: String
    public let vpcID: VPC.ID
    public internal(set) var ingress: [SecurityGroupRule]
    public internal(set) var egress: [SecurityGroupRule]
    let serial: Int
    /// Other VPCs of the Region the group is associated with (AssociateSecurityGroupVpc, 2024).
    public internal(set) var associatedVPCIDs: [VPC.ID]? = nil

    /// Whether resources of a VPC may carry the group: its own VPC, or one associated with it.
    public func usable(in vpcID: VPC.ID) -> Bool { vpcID == self.vpcID || (associatedVPCIDs ?? []).contains(vpcID) }

    public func rules(_ direction: Direction) -> [SecurityGroupRule] {
        direction == .inbound ? ingress : egress
    }
}

public struct NetworkInterface: Hashable, Sendable, Codable, Identified {
    public typealias ID = SGLabCore.ID<NetworkInterface>
    public static let resourceType = ResourceType.networkInterface

    public let id: ID
    /// An interface known by its ID alone (a resource's primary one) stores no name: the
    /// tables copy interfaces often, and a name equal to the ID would be text to copy.
    private let givenName: String?
    public var name: String { givenName ?? id.rawValue }
    public let subnetID: Subnet.ID
    public let vpcID: VPC.ID
    public let privateAddress: IPAddress
    /// The public IPv4 address: auto-assigned at launch, or an Elastic IP's.
    public internal(set) var publicAddress: IPAddress?
    public internal(set) var elasticIPAllocationID: ElasticIP.ID?
    /// Whether the primary interface was launched with an auto-assigned public IPv4 address
    /// (it gets a new one when an Elastic IP is disassociated: "Public IPv4 addresses").
    public internal(set) var autoAssignsPublicAddress: Bool
    public internal(set) var securityGroupIDs: [SecurityGroup.ID]
    /// The resource this interface is attached to, if any.
    public internal(set) var attachedResourceID: Resource.ID?
    /// Set for the requester-managed interface of a NAT gateway (it has no security groups).
    public internal(set) var natGatewayID: NATGateway.ID?
    /// A load balancer's or an endpoint's node: requester-managed, owned by that service.
    public internal(set) var owner: InterfaceOwner?
    /// Its IPv6 address: global, reached through an internet gateway without translation.
    public internal(set) var ipv6Address: IPAddress?
    let serial: Int

    init(
        id: ID, name: String, subnetID: Subnet.ID, vpcID: VPC.ID, privateAddress: IPAddress,
        publicAddress: IPAddress?, elasticIPAllocationID: ElasticIP.ID?, autoAssignsPublicAddress: Bool,
        securityGroupIDs: [SecurityGroup.ID], attachedResourceID: Resource.ID?, natGatewayID: NATGateway.ID?,
        owner: InterfaceOwner? = nil, serial: Int
    ) {
        self.owner = owner
        self.id = id
        self.givenName = name == id.rawValue ? nil : name
        self.subnetID = subnetID
        self.vpcID = vpcID
        self.privateAddress = privateAddress
        self.publicAddress = publicAddress
        self.elasticIPAllocationID = elasticIPAllocationID
        self.autoAssignsPublicAddress = autoAssignsPublicAddress
        self.securityGroupIDs = securityGroupIDs
        self.attachedResourceID = attachedResourceID
        self.natGatewayID = natGatewayID
        self.serial = serial
    }

    // Saved as before: `name` is always written (the ID when the interface has no name of its own).
    enum CodingKeys: String, CodingKey {
        case id, name, subnetID, vpcID, privateAddress, publicAddress, elasticIPAllocationID, autoAssignsPublicAddress
        case securityGroupIDs, attachedResourceID, natGatewayID, owner, ipv6Address, serial
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try c.decode(ID.self, forKey: .id), name: try c.decode(String.self, forKey: .name),
            subnetID: try c.decode(Subnet.ID.self, forKey: .subnetID), vpcID: try c.decode(VPC.ID.self, forKey: .vpcID),
            privateAddress: try c.decode(IPAddress.self, forKey: .privateAddress),
            publicAddress: try c.decodeIfPresent(IPAddress.self, forKey: .publicAddress),
            elasticIPAllocationID: try c.decodeIfPresent(ElasticIP.ID.self, forKey: .elasticIPAllocationID),
            autoAssignsPublicAddress: try c.decode(Bool.self, forKey: .autoAssignsPublicAddress),
            securityGroupIDs: try c.decode([SecurityGroup.ID].self, forKey: .securityGroupIDs),
            attachedResourceID: try c.decodeIfPresent(Resource.ID.self, forKey: .attachedResourceID),
            natGatewayID: try c.decodeIfPresent(NATGateway.ID.self, forKey: .natGatewayID),
            owner: try c.decodeIfPresent(InterfaceOwner.self, forKey: .owner),
            serial: try c.decode(Int.self, forKey: .serial))
        ipv6Address = try c.decodeIfPresent(IPAddress.self, forKey: .ipv6Address)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(name, forKey: .name)
        try c.encode(subnetID, forKey: .subnetID)
        try c.encode(vpcID, forKey: .vpcID)
        try c.encode(privateAddress, forKey: .privateAddress)
        try c.encodeIfPresent(publicAddress, forKey: .publicAddress)
        try c.encodeIfPresent(elasticIPAllocationID, forKey: .elasticIPAllocationID)
        try c.encode(autoAssignsPublicAddress, forKey: .autoAssignsPublicAddress)
        try c.encode(securityGroupIDs, forKey: .securityGroupIDs)
        try c.encodeIfPresent(attachedResourceID, forKey: .attachedResourceID)
        try c.encodeIfPresent(natGatewayID, forKey: .natGatewayID)
        try c.encodeIfPresent(owner, forKey: .owner)
        try c.encodeIfPresent(ipv6Address, forKey: .ipv6Address)
        try c.encode(serial, forKey: .serial)
    }
}

public struct Resource: Hashable, Sendable, Codable, Identified {
    public typealias ID = SGLabCore.ID<Resource>
    public static let resourceType = ResourceType.resource

    public let id: ID
    public let name: String
    public let kind: ResourceKind
    public let vpcID: VPC.ID
    public internal(set) var interfaceIDs: [NetworkInterface.ID]
    let serial: Int
    /// EC2's source/destination check: on by default; an instance forwards traffic that is not
    /// its own only with it off ("Change the source or destination checking", decision 19).
    public internal(set) var sourceDestinationCheck = true
    /// Rewrites the source of what it forwards to its own address (a NAT instance, decision 19).
    public internal(set) var translatesSource = false
    /// Outbound TCP 25 to the internet, held back by default for EC2 and Lambda until AWS
    /// grants the removal request ("remove the restriction on port 25", decision 17).
    public internal(set) var port25Unblocked = false

    public var primaryInterfaceID: NetworkInterface.ID { interfaceIDs[0] }

    init(id: ID, name: String, kind: ResourceKind, vpcID: VPC.ID, interfaceIDs: [NetworkInterface.ID], serial: Int) {
        self.id = id
        self.name = name
        self.kind = kind
        self.vpcID = vpcID
        self.interfaceIDs = interfaceIDs
        self.serial = serial
    }

    enum CodingKeys: String, CodingKey {
        case id, name, kind, vpcID, interfaceIDs, serial, sourceDestinationCheck, translatesSource, port25Unblocked
    }

    // Files saved before these switches existed load with AWS's defaults.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try c.decode(ID.self, forKey: .id), name: try c.decode(String.self, forKey: .name),
            kind: try c.decode(ResourceKind.self, forKey: .kind), vpcID: try c.decode(VPC.ID.self, forKey: .vpcID),
            interfaceIDs: try c.decode([NetworkInterface.ID].self, forKey: .interfaceIDs),
            serial: try c.decode(Int.self, forKey: .serial))
        sourceDestinationCheck = try c.decodeIfPresent(Bool.self, forKey: .sourceDestinationCheck) ?? true
        translatesSource = try c.decodeIfPresent(Bool.self, forKey: .translatesSource) ?? false
        port25Unblocked = try c.decodeIfPresent(Bool.self, forKey: .port25Unblocked) ?? false
    }

    // The switches are written only when they differ from AWS's defaults, so a world that never
    // used them saves exactly as before.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(name, forKey: .name)
        try c.encode(kind, forKey: .kind)
        try c.encode(vpcID, forKey: .vpcID)
        try c.encode(interfaceIDs, forKey: .interfaceIDs)
        try c.encode(serial, forKey: .serial)
        if !sourceDestinationCheck { try c.encode(false, forKey: .sourceDestinationCheck) }
        if translatesSource { try c.encode(true, forKey: .translatesSource) }
        if port25Unblocked { try c.encode(true, forKey: .port25Unblocked) }
    }
}

public struct InternetGateway: Hashable, Sendable, Codable, Identified {
    public typealias ID = SGLabCore.ID<InternetGateway>
    public static let resourceType = ResourceType.internetGateway

    public let id: ID
    public let name: String
    public internal(set) var vpcID: VPC.ID?
    let serial: Int
}

public struct NATGateway: Hashable, Sendable, Codable, Identified {
    public typealias ID = SGLabCore.ID<NATGateway>
    public static let resourceType = ResourceType.natGateway

    public let id: ID
    public let name: String
    public let subnetID: Subnet.ID
    public let vpcID: VPC.ID
    public let interfaceID: NetworkInterface.ID
    /// The Elastic IP of a public NAT gateway; a private one has none.
    public let allocationID: ElasticIP.ID?
    let serial: Int
    /// Private connectivity ("Private NAT gateways"): translates to its private address only.
    public internal(set) var isPrivate: Bool? = nil

    public var connectivity: String { isPrivate == true ? "private" : "public" }
}

public struct ElasticIP: Hashable, Sendable, Codable, Identified {
    public typealias ID = SGLabCore.ID<ElasticIP>
    public static let resourceType = ResourceType.elasticIP

    public let allocationID: ID
    public let name: String
    public let publicAddress: IPAddress
    /// The network interface it is associated with (a NAT gateway's counts too).
    public internal(set) var interfaceID: NetworkInterface.ID?
    let serial: Int
}

public struct PrefixList: Hashable, Sendable, Codable, Identified {
    public typealias ID = SGLabCore.ID<PrefixList>
    public static let resourceType = ResourceType.prefixList

    public let id: ID
    public let name: String
    public internal(set) var entries: [CIDR]
    /// A customer-managed list counts as its maximum size against rule quotas
    /// ("Reference prefix lists in your AWS resources").
    public let maxEntries: Int
    let serial: Int
}

public enum Direction: String, Hashable, Sendable, Codable {
    case inbound, outbound
    public var opposite: Direction { self == .inbound ? .outbound : .inbound }
}

extension NetworkACLEntry {
    /// The unmodifiable catch-all deny every network ACL ends with.
    public static let catchAll = NetworkACLEntry(
        ruleNumber: catchAllNumber, traffic: .allTraffic, cidr: .anywhere, action: .deny)
}
