/// The kinds of thing a world holds. Each has an AWS ID prefix and the NotFound error code the
/// EC2 API returns for an unknown ID ("Error codes for the Amazon EC2 API").
public enum ResourceType: String, CaseIterable, Sendable {
    case vpc, subnet, routeTable, networkACL, securityGroup, networkInterface, resource
    case internetGateway, natGateway, elasticIP, prefixList

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
        }
    }

    /// Whether names of this kind are unique per VPC (true) or across the whole world.
    var scopedToVPC: Bool {
        switch self {
        case .internetGateway, .elasticIP, .prefixList, .vpc: return false
        default: return true
        }
    }
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

public struct VPC: Hashable, Sendable, Codable {
    public let id: String
    public let name: String
    public let cidr: CIDR
    public internal(set) var mainRouteTableID: String
    public internal(set) var defaultNetworkACLID: String
    public internal(set) var defaultSecurityGroupID: String
    let serial: Int

    /// The Amazon DNS server: the VPC's base address plus two ("Subnet CIDR blocks").
    public var resolverAddress: IPv4Address { cidr.network.advanced(by: 2) }
}

public struct Subnet: Hashable, Sendable, Codable {
    public let id: String
    public let name: String
    public let vpcID: String
    public let cidr: CIDR
    public let availabilityZone: String
    /// nil: implicitly on the VPC's main route table ("Configure route tables").
    public internal(set) var routeTableID: String?
    /// Every subnet has exactly one network ACL ("Control traffic to subnets using network ACLs").
    public internal(set) var networkACLID: String
    let serial: Int

    /// The first four addresses and the last one are reserved ("Subnet CIDR blocks").
    public func isReserved(_ address: IPv4Address) -> Bool {
        address.value - cidr.network.value < 4 || address == cidr.last
    }
}

public enum RouteTarget: Hashable, Sendable, Codable {
    case local
    case internetGateway(String)
    case natGateway(String)
    case networkInterface(String)

    public var id: String {
        switch self {
        case .local: return "local"
        case .internetGateway(let id), .natGateway(let id), .networkInterface(let id): return id
        }
    }
}

public struct Route: Hashable, Sendable, Codable {
    public let destination: CIDR
    public internal(set) var target: RouteTarget
}

public struct RouteTable: Hashable, Sendable, Codable {
    public let id: String
    public let name: String
    public let vpcID: String
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

public struct NetworkACL: Hashable, Sendable, Codable {
    public let id: String
    public let name: String
    public let vpcID: String
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
    case securityGroup(String)
    case prefixList(String)
}

public struct SecurityGroupRule: Hashable, Sendable, Codable {
    public let id: String
    public let traffic: TrafficSpec
    public let peer: Peer
    public let description: String
}

public struct SecurityGroup: Hashable, Sendable, Codable {
    public let id: String
    public let name: String
    public let description: String
    public let vpcID: String
    public internal(set) var ingress: [SecurityGroupRule]
    public internal(set) var egress: [SecurityGroupRule]
    let serial: Int

    public func rules(_ direction: Direction) -> [SecurityGroupRule] {
        direction == .inbound ? ingress : egress
    }
}

public struct NetworkInterface: Hashable, Sendable, Codable {
    public let id: String
    public let name: String
    public let subnetID: String
    public let vpcID: String
    public let privateAddress: IPv4Address
    /// The public IPv4 address: auto-assigned at launch, or an Elastic IP's.
    public internal(set) var publicAddress: IPv4Address?
    public internal(set) var elasticIPAllocationID: String?
    /// Whether the primary interface was launched with an auto-assigned public IPv4 address
    /// (it gets a new one when an Elastic IP is disassociated: "Public IPv4 addresses").
    var autoAssignsPublicAddress: Bool
    public internal(set) var securityGroupIDs: [String]
    /// The resource this interface is attached to, if any.
    public internal(set) var attachedResourceID: String?
    /// Set for the requester-managed interface of a NAT gateway (it has no security groups).
    public internal(set) var natGatewayID: String?
    let serial: Int
}

public struct Resource: Hashable, Sendable, Codable {
    public let id: String
    public let name: String
    public let kind: ResourceKind
    public let vpcID: String
    public internal(set) var interfaceIDs: [String]
    let serial: Int

    public var primaryInterfaceID: String { interfaceIDs[0] }
}

public struct InternetGateway: Hashable, Sendable, Codable {
    public let id: String
    public let name: String
    public internal(set) var vpcID: String?
    let serial: Int
}

public struct NATGateway: Hashable, Sendable, Codable {
    public let id: String
    public let name: String
    public let subnetID: String
    public let vpcID: String
    public let interfaceID: String
    public let allocationID: String
    let serial: Int
}

public struct ElasticIP: Hashable, Sendable, Codable {
    public let allocationID: String
    public let name: String
    public let publicAddress: IPv4Address
    /// The network interface it is associated with (a NAT gateway's counts too).
    public internal(set) var interfaceID: String?
    let serial: Int
}

public struct PrefixList: Hashable, Sendable, Codable {
    public let id: String
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
