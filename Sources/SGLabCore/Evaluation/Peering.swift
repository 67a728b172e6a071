/// Packets across VPC peering connections (aws-semantics.md Part 1, decision 23;
/// aws-services.md §4).
extension Walk {
    /// Into the peer VPC: the packet must be for an address of the peer VPC itself, since a
    /// peering is never transitive ("Unsupported VPC peering configurations": no edge-to-edge
    /// routing through the peer's gateways, NAT or other peerings); then the receiving subnet's
    /// network ACL and the receiver's groups, as for any packet that enters a subnet.
    mutating func throughPeering(_ pcxID: PeeringConnection.ID, from vpc: VPC, _ h: Header) -> Arrival {
        let ref = self.ref
        guard let pcx = world.peeringConnections[pcxID], let otherID = pcx.peer(of: vpc.id), let other = world.vpcs[otherID]
        else { return .dropped }
        guard other.contains(h.destination) else {
            hops.append(hop(.routeTable, .outbound, pcxID, .failed,
                "peering connection \(pcx.name) delivers only to \(other.name)'s own addresses (\(other.cidr)): \(h.destination) is not one, and a peering is never transitive — \(other.name) forwards nothing on through another peering, an internet gateway or a NAT gateway",
                h, failure: .nonTransitive(peeringID: pcxID, destination: h.destination)))
            return .dropped
        }
        hops.append(hop(.note, nil, pcxID, .info,
            "peering connection \(pcx.name) carries it into \(other.name) (\(other.cidr))", h))
        let owner = world.interfaces(withPrivateAddress: h.destination).first { world.interfaces[$0]?.vpcID == otherID }
        let subnet = owner.flatMap { world.interfaces[$0].flatMap { world.subnets[$0.subnetID] } }
            ?? world.subnet(containing: h.destination, in: otherID)
        guard let owner, let subnet else {
            hops.append(hop(.destination, .inbound, subnet?.id ?? otherID, .failed,
                "no resource in \(ref.world.vpcs[otherID]?.name ?? otherID.rawValue) has the address \(h.destination)",
                code: "UNKNOWN_DESTINATION", h,
                failure: subnet.map { .noOwner(address: h.destination, subnetID: $0.id) } ?? .unfixable))
            return .dropped
        }
        let mark = hops.count
        checkNetworkACL(subnet, .inbound, h)
        return enter(owner, h, since: mark)
    }
}
