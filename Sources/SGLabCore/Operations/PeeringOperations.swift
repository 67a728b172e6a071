extension World {
    // MARK: VPC peering ("VPC peering basics", CreateVpcPeeringConnection)

    /// A peering connection between two VPCs of the lab's account and Region; `accept` makes it
    /// active at once (the requester and accepter are both the lab's).
    @discardableResult
    public mutating func createPeering(name: String, requester: VPC.ID, accepter: VPC.ID, accept: Bool)
        throws(AWSError) -> PeeringConnection.ID
    {
        guard let a = vpcs[requester] else { throw AWSError.notFound(.vpc, requester, argument: "vpc") }
        guard let b = vpcs[accepter] else { throw AWSError.notFound(.vpc, accepter, argument: "peer") }
        try checkNameSyntax(name)
        if !ids(of: .peeringConnection, named: name).isEmpty {
            throw AWSError(nil, "a peering connection named \(name) already exists", argument: "name", fix: "choose another name")
        }
        guard a.id != b.id else {
            throw AWSError("InvalidParameterValue", "a VPC cannot be peered with itself", argument: "peer")
        }
        // "VPC peering limitations": overlapping blocks cannot be peered; AWS creates the request
        // in status failed.
        if a.cidr.overlaps(b.cidr) {
            throw AWSError(
                nil,
                "\(a.name) (\(a.cidr)) and \(b.name) (\(b.cidr)) overlap: AWS puts such a peering request in status failed (overlapping CIDRs)",
                argument: "peer", fix: "peer VPCs whose blocks do not overlap")
        }
        // One peering connection per pair of VPCs.
        if let existing = peeringConnections.values.first(where: { $0.connects(a.id, b.id) }) {
            throw AWSError(
                "VpcPeeringConnectionAlreadyExists",
                "\(a.name) and \(b.name) are already peered by \(label(existing.id))", argument: "peer")
        }
        let id: PeeringConnection.ID = newID("pcx-")
        peeringConnections[id] = PeeringConnection(
            id: id, name: name, requesterVPCID: a.id, accepterVPCID: b.id, status: accept ? .active : .pendingAcceptance,
            serial: newSerial())
        indexName(.peeringConnection, name, id)
        return id
    }

    /// AcceptVpcPeeringConnection: routes to it stop being blackholes, and references to the
    /// peer's groups match again.
    public mutating func acceptPeering(_ id: PeeringConnection.ID) throws(AWSError) {
        guard let pcx = peeringConnections[id] else { throw AWSError.notFound(.peeringConnection, id, argument: "pcx") }
        guard pcx.status == .pendingAcceptance else {
            throw AWSError(
                "InvalidStateTransition", "peering connection \(pcx.name) is already active", argument: "pcx")
        }
        peeringConnections[id]?.status = .active
    }

    /// DeleteVpcPeeringConnection: routes to it turn blackhole; rules that reference the peer's
    /// groups stay, stale ("Identify your stale security group rules").
    public mutating func deletePeering(_ id: PeeringConnection.ID) throws(AWSError) {
        guard let pcx = peeringConnections[id] else { throw AWSError.notFound(.peeringConnection, id, argument: "pcx") }
        peeringConnections[id] = nil
        unindexName(.peeringConnection, pcx.name, id)
    }

    /// The active peering connection between two VPCs, if any.
    public func activePeering(_ a: VPC.ID, _ b: VPC.ID) -> PeeringConnection? {
        peeringConnections.values.first { $0.status == .active && $0.connects(a, b) }
    }

    /// Whether a rule in `vpcID` may reference a group of `other`, and then match its members:
    /// the same VPC, or a VPC peered with it ("Update your security groups to reference peer
    /// security groups").
    func canReference(_ other: VPC.ID, from vpcID: VPC.ID, direction: Direction = .inbound) -> Bool {
        other == vpcID || activePeering(vpcID, other) != nil
            || (direction == .inbound && referencingThroughTransitGateway(vpcID, other))
    }

    /// Rules that name a group they can no longer match: the group is gone, or sits across a
    /// peering that was deleted ("DescribeStaleSecurityGroups").
    public func staleRules(in vpcID: VPC.ID? = nil) -> [(group: SecurityGroup.ID, direction: Direction, rule: SecurityGroupRule)] {
        var stale: [(SecurityGroup.ID, Direction, SecurityGroupRule)] = []
        for group in securityGroups.values.sorted(by: { $0.serial < $1.serial }) where vpcID == nil || group.vpcID == vpcID {
            for direction in [Direction.inbound, .outbound] {
                for rule in group.rules(direction) {
                    guard case .securityGroup(let referenced) = rule.peer else { continue }
                    guard let other = securityGroups[referenced] else {
                        stale.append((group.id, direction, rule))
                        continue
                    }
                    if !canReference(other.vpcID, from: group.vpcID, direction: direction) {
                        stale.append((group.id, direction, rule))
                    }
                }
            }
        }
        return stale
    }
}

extension World {
    /// Whether two VPCs reach each other's private addresses: an active peering between them.
    func privatelyConnected(_ a: VPC.ID, _ b: VPC.ID) -> Bool {
        activePeering(a, b) != nil || shareTransitGateway(a, b)
    }
}

extension World {
    // MARK: Security groups in several VPCs ("Associate security groups with multiple VPCs", 2024)

    /// AssociateSecurityGroupVpc: resources of another VPC of the Region may then carry the group.
    public mutating func associateSecurityGroup(_ groupID: SecurityGroup.ID, with vpcID: VPC.ID) throws(AWSError) {
        guard let sg = securityGroups[groupID] else { throw AWSError.notFound(.securityGroup, groupID, argument: "sg") }
        guard let vpc = vpcs[vpcID] else { throw AWSError.notFound(.vpc, vpcID, argument: "vpc") }
        if vpcs[sg.vpcID]?.defaultSecurityGroupID == groupID {
            throw AWSError("InvalidParameterValue", "a default security group cannot be associated with another VPC", argument: "sg")
        }
        guard !sg.usable(in: vpcID) else {
            throw AWSError(
                "InvalidParameterValue", "security group \(sg.name) is already usable in \(vpc.name)", argument: "vpc")
        }
        securityGroups[groupID]?.associatedVPCIDs = (sg.associatedVPCIDs ?? []) + [vpcID]
    }

    /// DisassociateSecurityGroupVpc: refused while resources of that VPC carry the group.
    public mutating func disassociateSecurityGroup(_ groupID: SecurityGroup.ID, from vpcID: VPC.ID) throws(AWSError) {
        guard let sg = securityGroups[groupID] else { throw AWSError.notFound(.securityGroup, groupID, argument: "sg") }
        guard (sg.associatedVPCIDs ?? []).contains(vpcID) else {
            throw AWSError("InvalidParameterValue", "security group \(sg.name) is not associated with that VPC", argument: "vpc")
        }
        if let user = interfaces.values.first(where: { $0.vpcID == vpcID && $0.securityGroupIDs.contains(groupID) }) {
            throw AWSError(
                "DependencyViolation", "security group \(sg.name) is in use by \(label(user.id)) in that VPC", argument: "sg")
        }
        let rest = (sg.associatedVPCIDs ?? []).filter { $0 != vpcID }
        securityGroups[groupID]?.associatedVPCIDs = rest.isEmpty ? nil : rest
    }
}
