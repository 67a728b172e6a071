extension World {
    // MARK: Transit gateways ("How AWS Transit Gateway works", decision 24)

    /// CreateTransitGateway with its default route table (default association and propagation
    /// on); security-group referencing off unless asked, as AWS defaults it.
    @discardableResult
    public mutating func createTransitGateway(name: String, securityGroupReferencing: Bool) throws(AWSError) -> TransitGateway.ID {
        try checkNameSyntax(name)
        if !ids(of: .transitGateway, named: name).isEmpty {
            throw AWSError(nil, "a transit gateway named \(name) already exists", argument: "name", fix: "choose another name")
        }
        let id: TransitGateway.ID = newID("tgw-")
        let table: TransitGatewayRouteTable.ID = newID("tgw-rtb-")
        transitGateways[id] = TransitGateway(
            id: id, name: name, securityGroupReferencing: securityGroupReferencing, defaultRouteTableID: table, serial: newSerial())
        indexName(.transitGateway, name, id)
        let tableName = "\(name)-default"
        transitGatewayRouteTables[table] = TransitGatewayRouteTable(
            id: table, name: tableName, transitGatewayID: id, associations: [], propagations: [], routes: [], serial: newSerial())
        indexName(.transitGatewayRouteTable, tableName, table)
        return id
    }

    /// ModifyTransitGateway SecurityGroupReferencingSupport.
    public mutating func setSecurityGroupReferencing(_ id: TransitGateway.ID, _ on: Bool) throws(AWSError) {
        guard transitGateways[id] != nil else { throw AWSError.notFound(.transitGateway, id, argument: "tgw") }
        transitGateways[id]?.securityGroupReferencing = on
    }

    /// CreateTransitGatewayVpcAttachment: one subnet per zone of one VPC; associated with and
    /// propagating to the default route table. A VPC whose block another attached VPC already
    /// has is not propagated ("A transit gateway doesn't support routing between VPCs with
    /// identical CIDRs").
    @discardableResult
    public mutating func attachTransitGateway(
        _ tgwID: TransitGateway.ID, vpcID: VPC.ID, subnetIDs: [Subnet.ID], name: String?
    ) throws(AWSError) -> TransitGatewayAttachment.ID {
        guard let tgw = transitGateways[tgwID] else { throw AWSError.notFound(.transitGateway, tgwID, argument: "tgw") }
        guard let vpc = vpcs[vpcID] else { throw AWSError.notFound(.vpc, vpcID, argument: "vpc") }
        var zones = Set<String>()
        for id in subnetIDs {
            guard let subnet = subnets[id] else { throw AWSError.notFound(.subnet, id, argument: "subnets") }
            guard subnet.vpcID == vpcID else {
                throw AWSError("InvalidParameterValue", "subnet \(subnet.name) is not in \(vpc.name)", argument: "subnets")
            }
            guard zones.insert(subnet.availabilityZone).inserted else {
                throw AWSError(
                    "DuplicateSubnetsInSameZone", "an attachment takes one subnet per Availability Zone (\(subnet.availabilityZone) twice)",
                    argument: "subnets")
            }
        }
        guard !subnetIDs.isEmpty else { throw AWSError("InvalidParameterValue", "name at least one subnet", argument: "subnets") }
        if let existing = transitGatewayAttachments.values.first(where: { $0.transitGatewayID == tgwID && $0.vpcID == vpcID }) {
            throw AWSError(
                "DuplicateTransitGatewayAttachment", "\(vpc.name) is already attached to \(tgw.name) by \(label(existing.id))",
                argument: "vpc")
        }
        let attachmentName = name ?? "\(tgw.name)-\(vpc.name)"
        try checkNameSyntax(attachmentName)
        if !ids(of: .transitGatewayAttachment, named: attachmentName).isEmpty {
            throw AWSError(nil, "an attachment named \(attachmentName) already exists", argument: "name", fix: "give it another name with as NAME")
        }
        let id: TransitGatewayAttachment.ID = newID("tgw-attach-")
        transitGatewayAttachments[id] = TransitGatewayAttachment(
            id: id, name: attachmentName, transitGatewayID: tgwID, vpcID: vpcID, subnetIDs: subnetIDs, serial: newSerial())
        indexName(.transitGatewayAttachment, attachmentName, id)
        transitGatewayRouteTables[tgw.defaultRouteTableID]?.associations.append(id)
        transitGatewayRouteTables[tgw.defaultRouteTableID]?.propagations.append(id)
        return id
    }

    public mutating func detachTransitGateway(_ id: TransitGatewayAttachment.ID) throws(AWSError) {
        guard let attachment = transitGatewayAttachments[id] else {
            throw AWSError.notFound(.transitGatewayAttachment, id, argument: "attachment")
        }
        for table in transitGatewayRouteTables.values where table.transitGatewayID == attachment.transitGatewayID {
            transitGatewayRouteTables[table.id]?.associations.removeAll { $0 == id }
            transitGatewayRouteTables[table.id]?.propagations.removeAll { $0 == id }
        }
        transitGatewayAttachments[id] = nil
        unindexName(.transitGatewayAttachment, attachment.name, id)
    }

    public mutating func deleteTransitGateway(_ id: TransitGateway.ID) throws(AWSError) {
        guard let tgw = transitGateways[id] else { throw AWSError.notFound(.transitGateway, id, argument: "tgw") }
        if let attachment = transitGatewayAttachments.values.first(where: { $0.transitGatewayID == id }) {
            throw AWSError(
                "IncorrectState", "transit gateway \(tgw.name) still has attachments", argument: "tgw",
                fix: "tgw detach \(reference(to: attachment.id)) first")
        }
        for table in transitGatewayRouteTables.values where table.transitGatewayID == id {
            transitGatewayRouteTables[table.id] = nil
            unindexName(.transitGatewayRouteTable, table.name, table.id)
        }
        transitGateways[id] = nil
        unindexName(.transitGateway, tgw.name, id)
    }

    @discardableResult
    public mutating func createTransitGatewayRouteTable(name: String, tgwID: TransitGateway.ID) throws(AWSError)
        -> TransitGatewayRouteTable.ID
    {
        guard transitGateways[tgwID] != nil else { throw AWSError.notFound(.transitGateway, tgwID, argument: "tgw") }
        try checkNameSyntax(name)
        if !ids(of: .transitGatewayRouteTable, named: name).isEmpty {
            throw AWSError(nil, "a transit gateway route table named \(name) already exists", argument: "name")
        }
        let id: TransitGatewayRouteTable.ID = newID("tgw-rtb-")
        transitGatewayRouteTables[id] = TransitGatewayRouteTable(
            id: id, name: name, transitGatewayID: tgwID, associations: [], propagations: [], routes: [], serial: newSerial())
        indexName(.transitGatewayRouteTable, name, id)
        return id
    }

    /// AssociateTransitGatewayRouteTable: an attachment looks up its packets in one table; the
    /// lab moves it from its current one.
    public mutating func associateTransitGatewayRouteTable(_ tableID: TransitGatewayRouteTable.ID, _ attachmentID: TransitGatewayAttachment.ID)
        throws(AWSError)
    {
        let (table, attachment) = try tableAndAttachment(tableID, attachmentID)
        for other in transitGatewayRouteTables.values where other.transitGatewayID == table.transitGatewayID {
            transitGatewayRouteTables[other.id]?.associations.removeAll { $0 == attachment.id }
        }
        transitGatewayRouteTables[tableID]?.associations.append(attachmentID)
    }

    /// EnableTransitGatewayRouteTablePropagation: the attachment's VPC blocks become routes here.
    public mutating func propagateTransitGatewayRouteTable(_ tableID: TransitGatewayRouteTable.ID, _ attachmentID: TransitGatewayAttachment.ID)
        throws(AWSError)
    {
        let (table, _) = try tableAndAttachment(tableID, attachmentID)
        if table.propagations.contains(attachmentID) {
            throw AWSError("TransitGatewayRouteTablePropagation.Duplicate", "the attachment already propagates to \(table.name)")
        }
        transitGatewayRouteTables[tableID]?.propagations.append(attachmentID)
    }

    private func tableAndAttachment(_ tableID: TransitGatewayRouteTable.ID, _ attachmentID: TransitGatewayAttachment.ID)
        throws(AWSError) -> (TransitGatewayRouteTable, TransitGatewayAttachment)
    {
        guard let table = transitGatewayRouteTables[tableID] else {
            throw AWSError.notFound(.transitGatewayRouteTable, tableID, argument: "tgwrt")
        }
        guard let attachment = transitGatewayAttachments[attachmentID] else {
            throw AWSError.notFound(.transitGatewayAttachment, attachmentID, argument: "attachment")
        }
        guard attachment.transitGatewayID == table.transitGatewayID else {
            throw AWSError(
                "InvalidParameterValue", "attachment \(attachment.name) belongs to another transit gateway than \(table.name)",
                argument: "attachment")
        }
        return (table, attachment)
    }

    /// CreateTransitGatewayRoute: a static route to an attachment, or a blackhole.
    public mutating func addTransitGatewayRoute(
        _ tableID: TransitGatewayRouteTable.ID, destination: CIDR, target: TransitGatewayRouteTarget
    ) throws(AWSError) {
        guard let table = transitGatewayRouteTables[tableID] else {
            throw AWSError.notFound(.transitGatewayRouteTable, tableID, argument: "tgwrt")
        }
        if case .attachment(let id) = target {
            guard let attachment = transitGatewayAttachments[id], attachment.transitGatewayID == table.transitGatewayID else {
                throw AWSError.notFound(.transitGatewayAttachment, id, argument: "target")
            }
        }
        if table.routes.contains(where: { $0.destination == destination }) {
            throw AWSError("RouteAlreadyExists", "The route identified by \(destination) already exists.", argument: "cidr")
        }
        transitGatewayRouteTables[tableID]?.routes.append(TransitGatewayRoute(destination: destination, target: target))
    }

    public mutating func deleteTransitGatewayRoute(_ tableID: TransitGatewayRouteTable.ID, destination: CIDR) throws(AWSError) {
        guard let table = transitGatewayRouteTables[tableID] else {
            throw AWSError.notFound(.transitGatewayRouteTable, tableID, argument: "tgwrt")
        }
        guard let index = table.routes.firstIndex(where: { $0.destination == destination }) else {
            throw AWSError("InvalidRoute.NotFound", "no static route to \(destination) in \(table.name)", argument: "cidr")
        }
        transitGatewayRouteTables[tableID]?.routes.remove(at: index)
    }

    /// A table's routes as AWS lists them: its static routes, then the propagated blocks of the
    /// attachments that propagate to it (a static route wins over a propagated one of the same
    /// block; two VPCs with the same block: only the first is propagated).
    public func effectiveRoutes(_ table: TransitGatewayRouteTable) -> [(route: TransitGatewayRoute, propagated: Bool)] {
        var routes = table.routes.map { (route: $0, propagated: false) }
        for attachmentID in table.propagations {
            guard let attachment = transitGatewayAttachments[attachmentID], let vpc = vpcs[attachment.vpcID] else { continue }
            for block in [vpc.cidr] + (vpc.ipv6CIDR.map { [$0] } ?? []) where !routes.contains(where: { $0.route.destination == block }) {
                routes.append((TransitGatewayRoute(destination: block, target: .attachment(attachmentID)), true))
            }
        }
        return routes
    }

    /// The longest match for an address in a transit gateway route table.
    func transitGatewayLookup(_ address: IPAddress, in table: TransitGatewayRouteTable) -> (route: TransitGatewayRoute, propagated: Bool)? {
        effectiveRoutes(table).filter { $0.route.destination.contains(address) }
            .max { $0.route.destination.prefixLength < $1.route.destination.prefixLength }
    }

    /// The attachment of a VPC to a transit gateway, if any.
    public func attachment(of vpcID: VPC.ID, to tgwID: TransitGateway.ID) -> TransitGatewayAttachment? {
        transitGatewayAttachments.values.first { $0.transitGatewayID == tgwID && $0.vpcID == vpcID }
    }

    /// The table an attachment is associated with.
    func associatedTable(_ attachmentID: TransitGatewayAttachment.ID) -> TransitGatewayRouteTable? {
        transitGatewayRouteTables.values.first { $0.associations.contains(attachmentID) }
    }

    /// Whether two VPCs share a transit gateway that references security groups across
    /// attachments (inbound rules only: "Security group referencing" for transit gateways).
    func referencingThroughTransitGateway(_ a: VPC.ID, _ b: VPC.ID) -> Bool {
        transitGateways.values.contains { tgw in
            tgw.securityGroupReferencing && attachment(of: a, to: tgw.id) != nil && attachment(of: b, to: tgw.id) != nil
        }
    }

    /// Whether two VPCs share a transit gateway at all.
    func shareTransitGateway(_ a: VPC.ID, _ b: VPC.ID) -> Bool {
        transitGatewayAttachments.values.contains { x in
            x.vpcID == a && transitGatewayAttachments.values.contains { $0.vpcID == b && $0.transitGatewayID == x.transitGatewayID }
        }
    }
}
