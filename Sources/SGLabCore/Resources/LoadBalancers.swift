/// Load balancers, target groups and VPC endpoints (aws-semantics.md Part 1, decisions 21 and
/// 22; aws-services.md §1, §2 and §5).

public enum LoadBalancerType: String, Hashable, Sendable, Codable, CaseIterable {
    case application = "alb"
    case network = "nlb"

    public var noun: String { self == .application ? "Application Load Balancer" : "Network Load Balancer" }
}

public enum LoadBalancerScheme: String, Hashable, Sendable, Codable, CaseIterable {
    case internetFacing = "internet-facing"
    case `internal` = "internal"
}

/// A listener's or target group's protocol ("Listeners for your Application Load Balancers",
/// "Listeners for your Network Load Balancers").
public enum ListenerProtocol: String, Hashable, Sendable, Codable, CaseIterable {
    case http, https, tcp, udp, tls
    case tcpUDP = "tcp_udp"

    /// HTTP and HTTPS belong to Application Load Balancers, the others to Network Load Balancers.
    public var loadBalancerType: LoadBalancerType { self == .http || self == .https ? .application : .network }

    /// Whether a packet of this IP protocol is one this listener takes.
    public func carries(_ ipProtocol: IPProtocol) -> Bool {
        switch self {
        case .http, .https, .tcp, .tls: return ipProtocol == .tcp
        case .udp: return ipProtocol == .udp
        case .tcpUDP: return ipProtocol == .tcp || ipProtocol == .udp
        }
    }
}

public struct Listener: Hashable, Sendable, Codable {
    public let listenerProtocol: ListenerProtocol
    public let port: UInt16
    public let targetGroupID: TargetGroup.ID

    enum CodingKeys: String, CodingKey {
        case listenerProtocol = "protocol"
        case port, targetGroupID
    }
}

public struct LoadBalancer: Hashable, Sendable, Codable, Identified {
    public typealias ID = SGLabCore.ID<LoadBalancer>
    public static let resourceType = ResourceType.loadBalancer

    public let id: ID
    public let name: String
    public let type: LoadBalancerType
    public let scheme: LoadBalancerScheme
    public let vpcID: VPC.ID
    /// One subnet per Availability Zone, each with one node.
    public internal(set) var subnetIDs: [Subnet.ID]
    public internal(set) var nodeInterfaceIDs: [NetworkInterface.ID]
    public internal(set) var securityGroupIDs: [SecurityGroup.ID]
    /// An NLB created without security groups can never get them ("Update the security groups
    /// for your Network Load Balancer").
    public let createdWithSecurityGroups: Bool
    public internal(set) var listeners: [Listener]
    let serial: Int
}

public enum TargetType: String, Hashable, Sendable, Codable, CaseIterable {
    case instance, ip
}

/// A registered target: an instance (reached on its primary interface's primary address) or
/// an IP address ("Register targets with your target group").
public enum TargetAddress: Hashable, Sendable, Codable {
    case instance(Resource.ID)
    case ip(IPAddress)
}

public struct TargetGroup: Hashable, Sendable, Codable, Identified {
    public typealias ID = SGLabCore.ID<TargetGroup>
    public static let resourceType = ResourceType.targetGroup

    public let id: ID
    public let name: String
    public let vpcID: VPC.ID
    public let targetProtocol: ListenerProtocol
    public let port: UInt16
    public let targetType: TargetType
    /// nil: the traffic port ("Health checks for your target groups": HealthCheckPort defaults
    /// to traffic-port).
    public internal(set) var healthCheckPort: UInt16?
    /// nil: AWS's default for the target type and protocol.
    public internal(set) var preserveClientIPSetting: Bool?
    public internal(set) var targets: [TargetAddress]
    let serial: Int

    enum CodingKeys: String, CodingKey {
        case id, name, vpcID
        case targetProtocol = "protocol"
        case port, targetType, healthCheckPort
        case preserveClientIPSetting = "preserveClientIP"
        case targets, serial
    }

    public var effectiveHealthCheckPort: UInt16 { healthCheckPort ?? port }

    /// Client IP preservation as AWS applies it ("Edit target group attributes for your Network
    /// Load Balancer": on for instance targets; for ip targets off with TCP and TLS, always on
    /// with UDP and TCP_UDP). Application Load Balancers never preserve it: targets see the
    /// node's address and the client's in X-Forwarded-For.
    public var preservesClientIP: Bool {
        if targetProtocol.loadBalancerType == .application { return false }
        if targetType == .ip && (targetProtocol == .udp || targetProtocol == .tcpUDP) { return true }
        return preserveClientIPSetting ?? (targetType == .instance)
    }
}

public enum EndpointType: String, Hashable, Sendable, Codable, CaseIterable {
    case interface, gateway
}

public struct VPCEndpoint: Hashable, Sendable, Codable, Identified {
    public typealias ID = SGLabCore.ID<VPCEndpoint>
    public static let resourceType = ResourceType.vpcEndpoint

    public let id: ID
    public let name: String
    public let vpcID: VPC.ID
    /// The short name of the service (`ssm`, `s3`), a key of `AWSService.catalog`.
    public let service: String
    public let type: EndpointType
    /// Interface endpoints: one subnet per Availability Zone, each with one node.
    public internal(set) var subnetIDs: [Subnet.ID]
    public internal(set) var nodeInterfaceIDs: [NetworkInterface.ID]
    public internal(set) var securityGroupIDs: [SecurityGroup.ID]
    public internal(set) var privateDNS: Bool
    /// Gateway endpoints: the route tables that carry the service's prefix-list route.
    public internal(set) var routeTableIDs: [RouteTable.ID]
    let serial: Int
}

/// Who owns a requester-managed interface (a load balancer's or an endpoint's node).
public enum InterfaceOwner: Hashable, Sendable, Codable {
    case loadBalancer(LoadBalancer.ID)
    case endpoint(VPCEndpoint.ID)
}

/// An AWS service that `packet` can name, with the public addresses it answers on (sglab's
/// region is us-east-1). S3 and DynamoDB carry the AWS-managed prefix lists that gateway
/// endpoints route and security-group rules can name ("Gateway endpoints", "AWS-managed prefix
/// lists").
public struct AWSService: Hashable, Sendable {
    public let name: String
    public let serviceName: String
    /// The service's public ranges: for S3 and DynamoDB a subset of those AWS publishes for
    /// us-east-1 in ip-ranges.json; for the others one stand-in address in Amazon's space.
    public let ranges: [CIDR]
    /// The address a packet to the service goes to (its DNS name resolving publicly).
    public let address: IPAddress
    public let supportsGateway: Bool
    public let supportsInterface: Bool
    public let prefixListID: PrefixList.ID?

    public static let region = "us-east-1"

    public static let catalog: [AWSService] = {
        func service(
            _ name: String, _ ranges: [String], _ address: IPAddress, gateway: Bool = false, interface: Bool = true,
            prefixList: String? = nil
        ) -> AWSService {
            AWSService(
                name: name, serviceName: "com.amazonaws.\(region).\(name)", ranges: ranges.map { CIDR($0) },
                address: address, supportsGateway: gateway, supportsInterface: interface,
                prefixListID: prefixList.map { PrefixList.ID($0) })
        }
        return [
            // S3 and DynamoDB have gateway and interface endpoints ("AWS PrivateLink for Amazon
            // S3", "AWS PrivateLink for DynamoDB", 2024).
            service("s3", ["52.216.0.0/15", "54.231.0.0/16", "3.5.0.0/19", "16.182.0.0/16"], IPAddress(52, 216, 8, 10),
                    gateway: true, prefixList: "pl-63a5400a"),
            service("dynamodb", ["52.94.0.0/22", "3.218.180.0/22", "52.119.224.0/20"], IPAddress(52, 94, 0, 20),
                    gateway: true, prefixList: "pl-02cd2c6b"),
            service("ssm", ["52.46.150.10/32"], IPAddress(52, 46, 150, 10)),
            service("ssmmessages", ["52.46.150.11/32"], IPAddress(52, 46, 150, 11)),
            service("ec2messages", ["52.46.150.12/32"], IPAddress(52, 46, 150, 12)),
            service("sts", ["52.46.150.13/32"], IPAddress(52, 46, 150, 13)),
            service("secretsmanager", ["52.46.150.14/32"], IPAddress(52, 46, 150, 14)),
            service("kms", ["52.46.150.15/32"], IPAddress(52, 46, 150, 15)),
            service("logs", ["52.46.150.16/32"], IPAddress(52, 46, 150, 16)),
            service("ecr.api", ["52.46.150.17/32"], IPAddress(52, 46, 150, 17)),
            service("ecr.dkr", ["52.46.150.18/32"], IPAddress(52, 46, 150, 18)),
        ]
    }()

    /// A service by its short name (`ssm`) or its service name (`com.amazonaws.us-east-1.ssm`).
    public static func named(_ text: String) -> AWSService? {
        catalog.first { $0.name == text || $0.serviceName == text }
    }

    /// The service whose public ranges hold an address.
    public static func owning(_ address: IPAddress) -> AWSService? {
        catalog.first { $0.ranges.contains { $0.contains(address) } }
    }

    /// The AWS-managed prefix lists, present in every account (`describe-managed-prefix-lists`).
    public static let managedPrefixLists: [PrefixList] = catalog.compactMap { service in
        service.prefixListID.map {
            PrefixList(id: $0, name: service.serviceName, entries: service.ranges, maxEntries: service.ranges.count, serial: 0)
        }
    }
}
