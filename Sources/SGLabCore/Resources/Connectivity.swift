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
