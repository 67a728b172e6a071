extension World {
    // MARK: Route tables ("Configure route tables")

    @discardableResult
    public mutating func createRouteTable(name: String, vpcID: VPC.ID) throws(AWSError) -> RouteTable.ID {
        guard let vpc = vpcs[vpcID] else { throw AWSError.notFound(.vpc, vpcID, argument: "vpc") }
        try checkNewName(.routeTable, name, vpcID: vpcID)
        guard routeTables.values.filter({ $0.vpcID == vpcID }).count < quotas.routeTablesPerVPC else {
            throw AWSError("RouteTableLimitExceeded", "the VPC already has \(quotas.routeTablesPerVPC) route tables")
        }
        let id: RouteTable.ID = newID("rtb-")
        routeTables[id] = RouteTable(
            id: id, name: name, vpcID: vpcID, routes: [Route(destination: vpc.cidr, target: .local)],
            serial: newSerial())
        indexName(.routeTable, name, id)
        return id
    }

    /// Explicitly associates a subnet, replacing its current association
    /// (ReplaceRouteTableAssociation when it already had one).
    public mutating func associateRouteTable(_ routeTableID: RouteTable.ID, with subnetID: Subnet.ID) throws(AWSError) {
        guard let rt = routeTables[routeTableID] else { throw AWSError.notFound(.routeTable, routeTableID) }
        guard let subnet = subnets[subnetID] else { throw AWSError.notFound(.subnet, subnetID) }
        guard rt.vpcID == subnet.vpcID else {
            throw AWSError(
                "InvalidParameterValue", "route table \(rt.name) and subnet \(subnet.name) belong to different networks",
                argument: "subnet")
        }
        subnets[subnetID]?.routeTableID = routeTableID
    }

    /// The main table cannot be deleted; a table with explicit associations cannot either.
    public mutating func deleteRouteTable(_ routeTableID: RouteTable.ID) throws(AWSError) {
        guard let rt = routeTables[routeTableID] else { throw AWSError.notFound(.routeTable, routeTableID) }
        if vpcs[rt.vpcID]?.mainRouteTableID == routeTableID {
            throw AWSError("DependencyViolation", "The routeTable '\(routeTableID)' is the main route table and cannot be deleted.")
        }
        if subnets.values.contains(where: { $0.routeTableID == routeTableID }) {
            throw AWSError(
                "DependencyViolation", "The routeTable '\(routeTableID)' has dependencies and cannot be deleted.",
                fix: "associate its subnets with another route table first")
        }
        routeTables[routeTableID] = nil
        unindexName(.routeTable, rt.name, routeTableID)
    }

    /// Adds a static route. Destinations inside the VPC's block are local: only whole-subnet
    /// middlebox routes may be more specific ("Configure route tables"), and sglab does not model
    /// middlebox routing yet.
    public mutating func addRoute(
        to routeTableID: RouteTable.ID, destination: CIDR, target: RouteTarget, replace: Bool = false
    ) throws(AWSError) {
        guard let rt = routeTables[routeTableID], let vpc = vpcs[rt.vpcID] else {
            throw AWSError.notFound(.routeTable, routeTableID)
        }
        // A destination written with host bits arrives canonical: CreateRoute stores the
        // canonical block (aws-semantics.md Part 1, decision 18).
        if destination == vpc.cidr || vpc.cidr.contains(destination) {
            if destination == vpc.cidr {
                throw AWSError(
                    replace ? "InvalidParameterValue" : "RouteAlreadyExists",
                    "\(destination) is the VPC's local route, which cannot be changed here", argument: "cidr")
            }
            throw AWSError.notModelled(
                "a route more specific than the local route (middlebox routing through an appliance)",
                argument: "cidr")
        }
        if CIDR("169.254.168.0/22").contains(destination) {
            throw AWSError("InvalidParameterValue", "routes to 169.254.168.0/22 are reserved", argument: "cidr")
        }
        if let block = vpc.ipv6CIDR, block.contains(destination) {
            throw AWSError(
                replace ? "InvalidParameterValue" : "RouteAlreadyExists",
                "\(destination) covers the VPC's IPv6 block \(block), whose local route cannot be changed", argument: "cidr")
        }
        // An egress-only internet gateway carries IPv6 only; a NAT gateway IPv4 only (NAT64's
        // 64:ff9b::/96 is not modelled) ("Egress-only internet gateways", "NAT gateways").
        switch target {
        case .egressOnlyInternetGateway where !destination.isIPv6:
            throw AWSError(
                "InvalidParameterValue", "an egress-only internet gateway routes IPv6 only: write ::/0 or another IPv6 block",
                argument: "cidr", fix: "IPv4 traffic out without inbound needs a NAT gateway")
        case .natGateway where destination.isIPv6:
            throw AWSError(
                "InvalidParameterValue", "a NAT gateway translates IPv4; IPv6 out-only goes through an egress-only internet gateway",
                argument: "cidr")
        default: break
        }
        try checkRouteTarget(target, vpcID: rt.vpcID)
        let existing = rt.routes.firstIndex { $0.destination == destination && $0.prefixListID == nil }
        if replace {
            guard let existing else {
                throw AWSError(
                    "InvalidRoute.NotFound", "no route with destination \(destination) in route table \(rt.name)",
                    argument: "cidr", fix: "route add instead")
            }
            routeTables[routeTableID]?.routes[existing].target = target
            return
        }
        if existing != nil {
            throw AWSError(
                "RouteAlreadyExists",
                "The route identified by \(destination) already exists.", argument: "cidr",
                fix: "route replace \(rt.name) \(destination) via …")
        }
        guard routeWeight(rt) < quotas.routesPerRouteTable else {
            throw AWSError("RouteLimitExceeded", "the route table already has \(quotas.routesPerRouteTable) routes")
        }
        routeTables[routeTableID]?.routes.append(Route(destination: destination, target: target))
        routeTables[routeTableID]?.routes.sort { $0.destination.prefixLength > $1.destination.prefixLength }
    }

    func checkRouteTarget(_ target: RouteTarget, vpcID: VPC.ID) throws(AWSError) {
        switch target {
        case .regionalNATGateway(let id):
            guard let nat = regionalNATGateways[id] else { throw AWSError.notFound(.regionalNATGateway, id, argument: "target") }
            guard nat.vpcID == vpcID else {
                throw AWSError("InvalidParameterValue", "NAT gateway \(nat.name) is in another VPC", argument: "target")
            }
        case .transitGateway(let id):
            guard let tgw = transitGateways[id] else { throw AWSError.notFound(.transitGateway, id, argument: "target") }
            guard attachment(of: vpcID, to: id) != nil else {
                throw AWSError(
                    "InvalidTransitGatewayID.NotFound", "this VPC is not attached to transit gateway \(tgw.name)",
                    argument: "target", fix: "tgw attach \(tgw.name) VPC in SUBNET first")
            }
        case .egressOnlyInternetGateway(let id):
            guard let eigw = egressOnlyInternetGateways[id] else {
                throw AWSError.notFound(.egressOnlyInternetGateway, id, argument: "target")
            }
            guard eigw.vpcID == vpcID else {
                throw AWSError(
                    "InvalidParameterValue", "egress-only internet gateway \(eigw.name) belongs to another VPC", argument: "target")
            }
        case .peering(let id):
            guard let pcx = peeringConnections[id] else { throw AWSError.notFound(.peeringConnection, id, argument: "target") }
            guard pcx.peer(of: vpcID) != nil else {
                throw AWSError(
                    "InvalidParameterValue", "peering connection \(pcx.name) does not connect this route table's VPC",
                    argument: "target")
            }
        case .vpcEndpoint(let id):
            // "Gateway endpoints": their routes are managed through the endpoint, never by hand.
            guard let endpoint = vpcEndpoints[id], endpoint.vpcID == vpcID, endpoint.type == .gateway else {
                throw AWSError(
                    "InvalidParameterValue", "only a gateway endpoint of this VPC is a route target, through endpoint create",
                    argument: "target")
            }
        case .local:
            throw AWSError("InvalidParameterValue", "local is only the target of the VPC's own block", argument: "target")
        case .internetGateway(let id):
            guard let igw = internetGateways[id] else { throw AWSError.notFound(.internetGateway, id, argument: "target") }
            guard igw.vpcID == vpcID else {
                throw AWSError(
                    "InvalidParameterValue",
                    "route table and network gateway \(igw.name) belong to different networks: the gateway is not attached to this VPC",
                    argument: "target", fix: "igw attach \(igw.name) \(reference(to: vpcID))")
            }
        case .natGateway(let id):
            guard let nat = natGateways[id] else { throw AWSError.notFound(.natGateway, id, argument: "target") }
            guard nat.vpcID == vpcID else {
                throw AWSError("InvalidParameterValue", "NAT gateway \(nat.name) is in another VPC", argument: "target")
            }
        case .networkInterface(let id):
            guard let eni = interfaces[id] else { throw AWSError.notFound(.networkInterface, id, argument: "target") }
            guard eni.vpcID == vpcID else {
                throw AWSError("InvalidParameterValue", "network interface \(id) is in another VPC", argument: "target")
            }
        }
    }

    public mutating func deleteRoute(from routeTableID: RouteTable.ID, destination: CIDR) throws(AWSError) {
        guard let rt = routeTables[routeTableID] else { throw AWSError.notFound(.routeTable, routeTableID) }
        guard let index = rt.routes.firstIndex(where: { $0.destination == destination && $0.prefixListID == nil }) else {
            throw AWSError(
                "InvalidRoute.NotFound",
                "no route with destination \(destination) in route table \(rt.name)", argument: "cidr")
        }
        if rt.routes[index].target == .local {
            // "Configure route tables": the local route cannot be deleted.
            throw AWSError(
                "InvalidParameterValue", "cannot remove local route \(destination) in route table \(routeTableID)",
                argument: "cidr", fix: "the local route is how the VPC's subnets reach each other; it stays")
        }
        routeTables[routeTableID]?.routes.remove(at: index)
    }

    /// Whether a route's target is usable. A route to a detached or deleted gateway or a deleted
    /// interface is `blackhole` ("Route": State).
    public func isActive(_ route: Route, in vpcID: VPC.ID) -> Bool {
        switch route.target {
        case .local: return true
        case .internetGateway(let id): return internetGateways[id]?.vpcID == vpcID
        case .natGateway(let id): return natGateways[id] != nil
        // A route to an interface attached to no instance is a blackhole ("Route tables": the
        // target isn't available).
        case .networkInterface(let id): return interfaces[id]?.attachedResourceID != nil
        case .vpcEndpoint(let id): return vpcEndpoints[id] != nil
        // "Route tables for peering": a route to a connection that is not active (pending
        // acceptance, or deleted) is a blackhole.
        case .peering(let id):
            guard let pcx = peeringConnections[id] else { return false }
            return pcx.status == .active && pcx.peer(of: vpcID) != nil
        case .egressOnlyInternetGateway(let id): return egressOnlyInternetGateways[id]?.vpcID == vpcID
        // A route to a transit gateway the VPC is not attached to carries nothing.
        case .transitGateway(let id): return transitGateways[id] != nil && attachment(of: vpcID, to: id) != nil
        case .regionalNATGateway(let id): return regionalNATGateways[id]?.vpcID == vpcID
        }
    }

    /// Longest-prefix match ("Configure route tables" › "Route priority").
    public func lookup(_ address: IPAddress, in routeTable: RouteTable) -> Route? {
        var best: (route: Route, length: Int)?
        for route in routeTable.routes {
            let length: Int
            if let listID = route.prefixListID {
                // Decision 20: longest prefix over the list's entries; a static route of the same
                // length wins over the list ("Route priority").
                guard let match = prefixList(listID)?.entries.filter({ $0.contains(address) }).map(\.prefixLength).max()
                else { continue }
                length = match
                if let best, best.length >= length { continue }
            } else {
                guard route.destination.contains(address) else { continue }
                length = route.destination.prefixLength
                if let best, best.length > length || (best.length == length && best.route.prefixListID == nil) { continue }
            }
            best = (route, length)
        }
        return best?.route
    }

    /// How a route's destination is written: its block, or its prefix list.
    public func destinationText(_ route: Route) -> String {
        guard let listID = route.prefixListID else { return route.destination.description }
        return prefixList(listID).map { "\($0.name) (\(listID))" } ?? listID.rawValue
    }

    /// A route to a managed prefix list (CreateRoute DestinationPrefixListId): the list's maximum
    /// entries count against the table's route quota ("Route tables" quotas, decision 20).
    public mutating func addRoute(
        to routeTableID: RouteTable.ID, prefixList listID: PrefixList.ID, target: RouteTarget, replace: Bool = false
    ) throws(AWSError) {
        guard let rt = routeTables[routeTableID] else { throw AWSError.notFound(.routeTable, routeTableID) }
        guard let list = prefixList(listID) else { throw AWSError.notFound(.prefixList, listID, argument: "pl") }
        try checkRouteTarget(target, vpcID: rt.vpcID)
        let existing = rt.routes.firstIndex { $0.prefixListID == listID }
        if replace {
            guard let existing else {
                throw AWSError("InvalidRoute.NotFound", "no route to prefix list \(list.name) in route table \(rt.name)",
                               argument: "pl", fix: "route add instead")
            }
            routeTables[routeTableID]?.routes[existing].target = target
            return
        }
        if existing != nil {
            throw AWSError("RouteAlreadyExists", "The route identified by \(listID) already exists.", argument: "pl")
        }
        guard routeWeight(rt) + list.maxEntries <= quotas.routesPerRouteTable else {
            throw AWSError(
                "RouteLimitExceeded",
                "prefix list \(list.name) counts as \(list.maxEntries) routes (its maximum entries), and route table \(rt.name) has room for \(quotas.routesPerRouteTable - routeWeight(rt)) more",
                argument: "pl")
        }
        routeTables[routeTableID]?.routes.append(
            Route(destination: Route.prefixListPlaceholder, target: target, prefixListID: listID))
    }

    /// Routes counted as AWS counts them against the quota: a prefix list as its maximum entries.
    func routeWeight(_ table: RouteTable) -> Int {
        table.routes.reduce(0) { $0 + ($1.prefixListID.flatMap { prefixList($0)?.maxEntries } ?? 1) }
    }

    public mutating func deleteRoute(from routeTableID: RouteTable.ID, prefixList listID: PrefixList.ID) throws(AWSError) {
        guard let rt = routeTables[routeTableID] else { throw AWSError.notFound(.routeTable, routeTableID) }
        guard let index = rt.routes.firstIndex(where: { $0.prefixListID == listID }) else {
            throw AWSError("InvalidRoute.NotFound", "no route to \(listID) in route table \(rt.name)", argument: "pl")
        }
        routeTables[routeTableID]?.routes.remove(at: index)
    }
}
