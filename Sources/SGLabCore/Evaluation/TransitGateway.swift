/// Packets through a transit gateway (aws-semantics.md Part 1, decision 24; aws-services.md §7).
extension Walk {
    /// From a VPC into a transit gateway and out into the attached VPC its route table names:
    /// the attachment subnets' network ACLs where the traffic enters and leaves them ("Network
    /// ACLs for transit gateways"), the transit gateway route table associated with the sending
    /// attachment, then the receiver's subnet and groups.
    mutating func throughTransitGateway(_ tgwID: TransitGateway.ID, from sender: NetworkInterface, _ h: Header) -> Arrival {
        let ref = self.ref
        guard let tgw = world.transitGateways[tgwID], let source = world.attachment(of: sender.vpcID, to: tgwID),
            let senderSubnet = world.subnets[sender.subnetID]
        else { return .dropped }
        // "Amazon VPC attachments": traffic enters only in zones where the attachment has a subnet.
        guard let entrySubnet = source.subnetIDs.compactMap({ world.subnets[$0] })
            .first(where: { $0.availabilityZone == senderSubnet.availabilityZone })
        else {
            hops.append(hop(.routeTable, .outbound, source.id, .failed,
                "attachment \(source.name) has no subnet in \(senderSubnet.availabilityZone): resources in a zone without one cannot reach transit gateway \(tgw.name)",
                h, failure: .attachmentZone(attachmentID: source.id, zone: senderSubnet.availabilityZone)))
            return .dropped
        }
        // Into the attachment subnet: its inbound rules judge traffic from the instances.
        checkNetworkACL(entrySubnet, .inbound, h)
        guard let table = world.associatedTable(source.id) else {
            hops.append(hop(.routeTable, .outbound, source.id, .failed,
                "attachment \(source.name) is associated with no route table of \(tgw.name), so the transit gateway routes nothing from it",
                h))
            return .dropped
        }
        guard let found = world.transitGatewayLookup(h.destination, in: table) else {
            hops.append(hop(.routeTable, .outbound, table.id, .failed,
                "transit gateway route table \(table.name) has no route that matches \(h.destination)", code: "NO_ROUTE_TO_DESTINATION", h,
                failure: .transitGatewayNoRoute(tableID: table.id, destination: h.destination)))
            return .dropped
        }
        let routeText = "\(found.route.destination) → \(found.route.target == .blackhole ? "blackhole" : ref.world.label(attachmentID(found.route.target)!.rawValue))\(found.propagated ? " (propagated)" : "")"
        guard case .attachment(let targetID) = found.route.target, let target = world.transitGatewayAttachments[targetID],
            let targetVPC = world.vpcs[target.vpcID]
        else {
            hops.append(hop(.routeTable, .outbound, table.id, .failed, rule: routeText,
                "transit gateway route table \(table.name): \(found.route.destination) is a blackhole route: the transit gateway drops it",
                code: "BAD_STATE_ROUTE", h))
            return .dropped
        }
        hops.append(hop(.routeTable, .outbound, table.id, .passed, rule: routeText,
            "transit gateway route table \(table.name): \(found.route.destination) → attachment \(target.name) (\(targetVPC.name))", h))
        guard targetVPC.contains(h.destination) else {
            hops.append(hop(.destination, .inbound, targetVPC.id, .failed,
                "\(h.destination) is not in \(targetVPC.name): the transit gateway delivers it there and nothing answers", h))
            return .dropped
        }
        let owner = world.interfaces(withPrivateAddress: h.destination).first { world.interfaces[$0]?.vpcID == targetVPC.id }
        let destinationSubnet = owner.flatMap { world.interfaces[$0].flatMap { world.subnets[$0.subnetID] } }
            ?? world.subnet(containing: h.destination, in: targetVPC.id)
        guard let owner, let destinationSubnet else {
            hops.append(hop(.destination, .inbound, destinationSubnet?.id ?? targetVPC.id, .failed,
                "no resource in \(targetVPC.name) has the address \(h.destination)", code: "UNKNOWN_DESTINATION", h,
                failure: destinationSubnet.map { .noOwner(address: h.destination, subnetID: $0.id) } ?? .unfixable))
            return .dropped
        }
        // Out of the transit gateway through the attachment subnet of the destination's zone
        // (else the first): that subnet's outbound rules, then the destination subnet's inbound
        // ones; in one subnet, neither applies.
        let exitSubnet = target.subnetIDs.compactMap { world.subnets[$0] }
            .first { $0.availabilityZone == destinationSubnet.availabilityZone } ?? world.subnets[target.subnetIDs[0]]!
        let markIn = hops.count
        if exitSubnet.id != destinationSubnet.id {
            checkNetworkACL(exitSubnet, .outbound, h)
            checkNetworkACL(destinationSubnet, .inbound, h)
        } else {
            hops.append(hop(.note, nil, exitSubnet.id, .info,
                "the attachment's subnet \(exitSubnet.name) is the destination's: no network ACL applies from the transit gateway to it", h))
        }
        return enter(owner, h, since: markIn)
    }

    private func attachmentID(_ target: TransitGatewayRouteTarget) -> TransitGatewayAttachment.ID? {
        if case .attachment(let id) = target { return id }
        return nil
    }
}
