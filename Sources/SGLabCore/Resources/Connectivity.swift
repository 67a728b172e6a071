/// What connects VPCs: peering connections and transit gateways (aws-semantics.md Part 1,
/// decisions 23 and 24; aws-services.md §4 and §7).

public enum PeeringStatus: String, Hashable, Sendable, Codable {
    case pendingAcceptance = "pending-acceptance"
    case active
}

/// A VPC peering connection ("VPC peering basics"): one per pair of VPCs, never transitive.
public struct PeeringConnection: Hashable, Sendable, Codable, Identified {
    public typealias ID = SGLabCore.ID<PeeringConnection>
    public static let resourceType = ResourceType.peeringConnection

    public let id: ID
    public let name: String
    public let requesterVPCID: VPC.ID
    public let accepterVPCID: VPC.ID
    public internal(set) var status: PeeringStatus
    let serial: Int

    public func connects(_ a: VPC.ID, _ b: VPC.ID) -> Bool {
        (requesterVPCID == a && accepterVPCID == b) || (requesterVPCID == b && accepterVPCID == a)
    }

    /// The VPC on the other side of `vpcID`, when `vpcID` is one side.
    public func peer(of vpcID: VPC.ID) -> VPC.ID? {
        if vpcID == requesterVPCID { return accepterVPCID }
        if vpcID == accepterVPCID { return requesterVPCID }
        return nil
    }
}

/// An egress-only internet gateway ("Enable outbound IPv6 traffic using an egress-only internet
/// gateway"): IPv6 only, stateful, nothing from the internet starts a connection through it.
public struct EgressOnlyInternetGateway: Hashable, Sendable, Codable, Identified {
    public typealias ID = SGLabCore.ID<EgressOnlyInternetGateway>
    public static let resourceType = ResourceType.egressOnlyInternetGateway

    public let id: ID
    public let name: String
    public let vpcID: VPC.ID
    let serial: Int
}

/// A transit gateway ("How AWS Transit Gateway works"): a regional router between attached VPCs.
public struct TransitGateway: Hashable, Sendable, Codable, Identified {
    public typealias ID = SGLabCore.ID<TransitGateway>
    public static let resourceType = ResourceType.transitGateway

    public let id: ID
    public let name: String
    /// SecurityGroupReferencingSupport (September 2024): off unless enabled.
    public internal(set) var securityGroupReferencing: Bool
    public let defaultRouteTableID: TransitGatewayRouteTable.ID
    let serial: Int
}

/// A VPC attachment: one subnet per Availability Zone, where traffic enters and leaves the
/// transit gateway ("Amazon VPC attachments in AWS Transit Gateway").
public struct TransitGatewayAttachment: Hashable, Sendable, Codable, Identified {
    public typealias ID = SGLabCore.ID<TransitGatewayAttachment>
    public static let resourceType = ResourceType.transitGatewayAttachment

    public let id: ID
    public let name: String
    public let transitGatewayID: TransitGateway.ID
    public let vpcID: VPC.ID
    public let subnetIDs: [Subnet.ID]
    let serial: Int
}

public enum TransitGatewayRouteTarget: Hashable, Sendable, Codable {
    case attachment(TransitGatewayAttachment.ID)
    case blackhole
}

public struct TransitGatewayRoute: Hashable, Sendable, Codable {
    public let destination: CIDR
    public let target: TransitGatewayRouteTarget
}

/// A transit gateway route table: the attachments associated with it look up their packets
/// here; the attachments propagating to it add their VPCs' blocks as routes.
public struct TransitGatewayRouteTable: Hashable, Sendable, Codable, Identified {
    public typealias ID = SGLabCore.ID<TransitGatewayRouteTable>
    public static let resourceType = ResourceType.transitGatewayRouteTable

    public let id: ID
    public let name: String
    public let transitGatewayID: TransitGateway.ID
    public internal(set) var associations: [TransitGatewayAttachment.ID]
    public internal(set) var propagations: [TransitGatewayAttachment.ID]
    public internal(set) var routes: [TransitGatewayRoute]
    let serial: Int
}

/// A regional NAT gateway (November 2025, "Regional NAT gateways for automatic multi-AZ
/// expansion"): one per VPC spanning its zones, with no subnet of its own; it reaches the
/// internet through the VPC's internet gateway with the public address AWS allocated for it.
public struct RegionalNATGateway: Hashable, Sendable, Codable, Identified {
    public typealias ID = SGLabCore.ID<RegionalNATGateway>
    public static let resourceType = ResourceType.regionalNATGateway

    public let id: ID
    public let name: String
    public let vpcID: VPC.ID
    public let publicAddress: IPAddress
    let serial: Int
}
