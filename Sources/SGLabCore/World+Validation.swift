/// What a loaded world must satisfy before anyone evaluates a packet in it. A saved file can be
/// hand-edited, damaged or crafted: everything it claims is checked here, so that no later
/// command can trap on it (a missing local route, a counter at Int.max, a group that names a
/// group that is not there). The rules are the ones the operations keep for worlds built by
/// command; a world sglab saved always passes.
extension World {
    /// Counters far below overflow: a world would need that many changes to reach them.
    static let counterLimit = 1 << 52

    /// The first thing wrong with this world, in words, or nil.
    func integrityProblem() -> String? {
        if let problem = counterProblem() { return problem }
        if let problem = vpcProblem() { return problem }
        if let problem = subnetProblem() { return problem }
        // Prefix lists before what counts their sizes (route quotas, rule weights).
        if let problem = prefixListProblem() { return problem }
        if let problem = routeTableProblem() { return problem }
        if let problem = networkACLProblem() { return problem }
        if let problem = securityGroupProblem() { return problem }
        if let problem = interfaceProblem() { return problem }
        if let problem = resourceProblem() { return problem }
        if let problem = gatewayProblem() { return problem }
        if let problem = addressProblem() { return problem }
        if let problem = nameProblem() { return problem }
        if let problem = serviceProblem() { return problem }
        return connectionProblem()
    }

    private func counterProblem() -> String? {
        let quotaValues = [
            quotas.vpcsPerRegion, quotas.subnetsPerVPC, quotas.securityGroupsPerRegion, quotas.rulesPerSecurityGroup,
            quotas.securityGroupsPerInterface, quotas.networkACLsPerVPC, quotas.entriesPerNetworkACL,
            quotas.routeTablesPerVPC, quotas.routesPerRouteTable, quotas.internetGatewaysPerRegion,
            quotas.elasticIPsPerRegion, quotas.natGatewaysPerAvailabilityZone,
        ]
        if quotaValues.contains(where: { $0 < 1 }) { return "a quota is below 1" }
        guard (0..<World.counterLimit).contains(serial) else { return "the change counter \(serial) is out of range" }
        guard (1..<World.counterLimit).contains(nextConnectionNumber) else {
            return "the next connection number \(nextConnectionNumber) is out of range"
        }
        let serials =
            vpcs.values.map(\.serial) + subnets.values.map(\.serial) + routeTables.values.map(\.serial)
            + networkACLs.values.map(\.serial) + securityGroups.values.map(\.serial) + interfaces.values.map(\.serial)
            + resources.values.map(\.serial) + internetGateways.values.map(\.serial) + natGateways.values.map(\.serial)
            + elasticIPs.values.map(\.serial) + prefixLists.values.map(\.serial)
        if let highest = serials.max(), highest > serial { return "a resource's serial \(highest) is past the counter \(serial)" }
        if let highest = connections.map(\.number).max(), highest >= nextConnectionNumber {
            return "connection #\(highest) is past the next connection number \(nextConnectionNumber)"
        }
        // The pool may be used up (one past its end), never overrun.
        guard World.publicPool.contains(nextPublicAddress) || nextPublicAddress == World.publicPool.last.advanced(by: 1)
        else { return "the next public address \(nextPublicAddress) is outside \(World.publicPool)" }
        return nil
    }

    private func vpcProblem() -> String? {
        for vpc in vpcs.values {
            guard (16...28).contains(vpc.cidr.prefixLength) else { return "VPC \(vpc.id) has the block \(vpc.cidr), not /16 to /28" }
            guard let main = routeTables[vpc.mainRouteTableID], main.vpcID == vpc.id else {
                return "VPC \(vpc.id) has no main route table"
            }
            guard let acl = networkACLs[vpc.defaultNetworkACLID], acl.vpcID == vpc.id, acl.isDefault else {
                return "VPC \(vpc.id) has no default network ACL"
            }
            guard let group = securityGroups[vpc.defaultSecurityGroupID], group.vpcID == vpc.id else {
                return "VPC \(vpc.id) has no default security group"
            }
            _ = main
        }
        if vpcs.values.filter({ $0.id.storage.prefix != "vpc-" }).first != nil { return "a VPC ID does not start with vpc-" }
        return nil
    }

    private func subnetProblem() -> String? {
        var blocks: [VPC.ID: [CIDR]] = [:]
        for s in subnets.values.sorted(by: { $0.serial < $1.serial }) {
            guard let vpc = vpcs[s.vpcID] else { return "subnet \(s.id) refers to a missing VPC" }
            guard vpc.cidr.contains(s.cidr), (16...28).contains(s.cidr.prefixLength) else {
                return "subnet \(s.id) (\(s.cidr)) is not a /16 to /28 block inside its VPC's \(vpc.cidr)"
            }
            if let clash = blocks[s.vpcID, default: []].first(where: { $0.overlaps(s.cidr) }) {
                return "subnet \(s.id) (\(s.cidr)) overlaps \(clash) in the same VPC"
            }
            blocks[s.vpcID, default: []].append(s.cidr)
            guard isAvailabilityZoneName(s.availabilityZone) else {
                return "subnet \(s.id) is in \(s.availabilityZone), which is not an Availability Zone name"
            }
            guard let acl = networkACLs[s.networkACLID], acl.vpcID == s.vpcID else {
                return "subnet \(s.id) refers to a missing network ACL"
            }
            if let rt = s.routeTableID, routeTables[rt]?.vpcID != s.vpcID { return "subnet \(s.id) refers to a missing route table" }
        }
        return nil
    }

    private func routeTableProblem() -> String? {
        for table in routeTables.values {
            guard let vpc = vpcs[table.vpcID] else { return "route table \(table.id) refers to a missing VPC" }
            // Every route table keeps the local route for the VPC block ("Route tables").
            guard table.routes.contains(where: { $0.target == .local && $0.destination == vpc.cidr }) else {
                return "route table \(table.id) has no local route for \(vpc.cidr)"
            }
            if let missing = table.routes.compactMap(\.prefixListID).first(where: { prefixList($0) == nil }) {
                return "route table \(table.id) routes to the missing prefix list \(missing)"
            }
            guard routeWeight(table) <= quotas.routesPerRouteTable else { return "route table \(table.id) has too many routes" }
            var seen = Set<String>()
            for route in table.routes {
                guard seen.insert(route.prefixListID?.rawValue ?? route.destination.description).inserted else {
                    return "route table \(table.id) has two routes to \(route.destination)"
                }
                if route.target == .local && route.destination != vpc.cidr && route.destination != vpc.ipv6CIDR {
                    return "route table \(table.id) has a local route for \(route.destination), not its VPC's block"
                }
                // A target that is gone is a blackhole route, as AWS shows it; one in another VPC is not.
                switch route.target {
                case .networkInterface(let id):
                    if let eni = interfaces[id], eni.vpcID != table.vpcID { return "route table \(table.id) routes to another VPC's interface" }
                case .natGateway(let id):
                    if let nat = natGateways[id], nat.vpcID != table.vpcID { return "route table \(table.id) routes to another VPC's NAT gateway" }
                case .vpcEndpoint(let id):
                    if let endpoint = vpcEndpoints[id], endpoint.vpcID != table.vpcID || endpoint.type != .gateway {
                        return "route table \(table.id) routes to an endpoint that is not a gateway endpoint of its VPC"
                    }
                case .transitGateway: break
                case .regionalNATGateway(let id):
                    if let nat = regionalNATGateways[id], nat.vpcID != table.vpcID {
                        return "route table \(table.id) routes to another VPC's NAT gateway"
                    }
                case .egressOnlyInternetGateway(let id):
                    if let eigw = egressOnlyInternetGateways[id], eigw.vpcID != table.vpcID {
                        return "route table \(table.id) routes to another VPC's egress-only internet gateway"
                    }
                case .peering(let id):
                    if let pcx = peeringConnections[id], pcx.peer(of: table.vpcID) == nil {
                        return "route table \(table.id) routes to a peering connection of other VPCs"
                    }
                case .internetGateway, .local: break
                }
            }
        }
        return nil
    }

    private func networkACLProblem() -> String? {
        for acl in networkACLs.values {
            guard vpcs[acl.vpcID] != nil else { return "network ACL \(acl.id) refers to a missing VPC" }
            for entries in [acl.inbound, acl.outbound] {
                guard entries.last == .catchAll else { return "network ACL \(acl.id) does not end with the * deny" }
                guard entries.count <= quotas.entriesPerNetworkACL else { return "network ACL \(acl.id) has too many entries" }
                let numbers = entries.dropLast().map(\.ruleNumber)
                guard numbers.allSatisfy({ (1...32766).contains($0) }), zip(numbers, numbers.dropFirst()).allSatisfy({ $0 < $1 })
                else { return "network ACL \(acl.id) has rule numbers out of range, repeated or out of order" }
            }
        }
        return nil
    }

    private func securityGroupProblem() -> String? {
        var ruleIDs = Set<SecurityGroupRule.ID>()
        for group in securityGroups.values {
            guard vpcs[group.vpcID] != nil else { return "security group \(group.id) refers to a missing VPC" }
            for rules in [group.ingress, group.egress] {
                var weight = 0
                for rule in rules {
                    guard ruleIDs.insert(rule.id).inserted else { return "two rules have the ID \(rule.id)" }
                    switch rule.peer {
                    case .securityGroup(let id):
                        // AWS refuses to delete a group others reference, so a reference to a
                        // missing group is damage, not history.
                        guard securityGroups[id] != nil else { return "security group \(group.id) names the missing group \(id)" }
                    case .prefixList(let id):
                        guard prefixList(id) != nil else { return "security group \(group.id) names the missing prefix list \(id)" }
                    case .cidr: break
                    }
                    weight += ruleWeight(rule.peer)
                }
                guard weight <= quotas.rulesPerSecurityGroup else { return "security group \(group.id) has more rules than its quota" }
            }
        }
        return nil
    }

    private func prefixListProblem() -> String? {
        for list in prefixLists.values {
            guard (1...1000).contains(list.maxEntries), list.entries.count <= list.maxEntries else {
                return "prefix list \(list.id) has \(list.entries.count) entries for a maximum of \(list.maxEntries)"
            }
        }
        return nil
    }

    private func interfaceProblem() -> String? {
        var addressesByVPC: [VPC.ID: Set<IPAddress>] = [:]
        for eni in interfaces.values {
            guard let subnet = subnets[eni.subnetID], subnet.vpcID == eni.vpcID else {
                return "network interface \(eni.id) refers to a missing subnet"
            }
            guard subnet.cidr.contains(eni.privateAddress), !subnet.isReserved(eni.privateAddress) else {
                return "network interface \(eni.id) has \(eni.privateAddress), not a usable address of its subnet \(subnet.cidr)"
            }
            guard addressesByVPC[eni.vpcID, default: []].insert(eni.privateAddress).inserted else {
                return "two network interfaces have the address \(eni.privateAddress)"
            }
            if let g = eni.securityGroupIDs.first(where: { securityGroups[$0]?.usable(in: eni.vpcID) != true }) {
                return "network interface \(eni.id) refers to missing group \(g)"
            }
            guard eni.securityGroupIDs.count <= quotas.securityGroupsPerInterface,
                Set(eni.securityGroupIDs).count == eni.securityGroupIDs.count
            else { return "network interface \(eni.id) has too many or repeated security groups" }
            if let n = eni.natGatewayID {
                guard natGateways[n]?.interfaceID == eni.id else { return "network interface \(eni.id) refers to missing NAT gateway \(n)" }
            } else if eni.securityGroupIDs.isEmpty && !isGrouplessNode(eni) {
                return "network interface \(eni.id) has no security group"
            }
            if let r = eni.attachedResourceID, resources[r]?.interfaceIDs.contains(eni.id) != true {
                return "network interface \(eni.id) refers to a resource that does not list it"
            }
        }
        return nil
    }

    private func resourceProblem() -> String? {
        for r in resources.values {
            guard vpcs[r.vpcID] != nil, !r.interfaceIDs.isEmpty,
                r.interfaceIDs.allSatisfy({ interfaces[$0]?.attachedResourceID == r.id && interfaces[$0]?.vpcID == r.vpcID })
            else { return "resource \(r.id) refers to a missing network interface" }
        }
        return nil
    }

    private func gatewayProblem() -> String? {
        var attached = Set<VPC.ID>()
        for igw in internetGateways.values {
            guard let v = igw.vpcID else { continue }
            guard vpcs[v] != nil else { return "internet gateway \(igw.id) refers to a missing VPC" }
            guard attached.insert(v).inserted else { return "VPC \(v) has two internet gateways" }
        }
        for nat in natGateways.values {
            guard let eni = interfaces[nat.interfaceID], eni.natGatewayID == nat.id, let subnet = subnets[nat.subnetID],
                subnet.vpcID == nat.vpcID, eni.subnetID == nat.subnetID
            else { return "NAT gateway \(nat.id) refers to a missing interface or subnet" }
            if nat.isPrivate == true {
                guard nat.allocationID == nil, eni.publicAddress == nil else {
                    return "private NAT gateway \(nat.id) has an Elastic IP"
                }
                continue
            }
            guard let allocation = nat.allocationID, let eip = elasticIPs[allocation], eip.interfaceID == nat.interfaceID else {
                return "NAT gateway \(nat.id) refers to a missing Elastic IP"
            }
        }
        return nil
    }

    private func addressProblem() -> String? {
        var owners: [IPAddress: String] = [:]
        func inPool(_ address: IPAddress) -> Bool {
            // Handed out from the pool in order: one at or past the next would be handed out again.
            // An imported world keeps the addresses AWS gave, from any block but that part of the pool.
            World.publicPool.contains(address) ? address < nextPublicAddress : isImported
        }
        for eip in elasticIPs.values {
            guard inPool(eip.publicAddress) else { return "Elastic IP \(eip.allocationID) has an address sglab never handed out" }
            guard owners.updateValue(eip.allocationID.rawValue, forKey: eip.publicAddress) == nil else {
                return "two Elastic IPs have the address \(eip.publicAddress)"
            }
            if let e = eip.interfaceID {
                guard let eni = interfaces[e], eni.elasticIPAllocationID == eip.allocationID, eni.publicAddress == eip.publicAddress
                else { return "Elastic IP \(eip.allocationID) refers to an interface that does not carry it" }
            }
        }
        for eni in interfaces.values {
            if let allocation = eni.elasticIPAllocationID {
                guard elasticIPs[allocation]?.interfaceID == eni.id else {
                    return "network interface \(eni.id) refers to missing Elastic IP \(allocation)"
                }
            } else if let address = eni.publicAddress {
                guard inPool(address) else { return "network interface \(eni.id) has a public address sglab never handed out" }
                guard owners.updateValue(eni.id.rawValue, forKey: address) == nil else {
                    return "two network interfaces have the public address \(address)"
                }
            }
        }
        return nil
    }

    private func nameProblem() -> String? {
        func check<T>(_ type: ResourceType, _ items: some Sequence<T>, _ id: (T) -> String, _ name: (T) -> String, _ vpc: (T) -> VPC.ID?)
            -> String?
        {
            var seen = Set<String>()
            for item in items where name(item) != id(item) {
                let builtIn = ["main", "default"].contains(name(item))
                if !builtIn {
                    do { try checkNameSyntax(name(item)) } catch { return "\(type.noun) \(id(item)): \(error.message)" }
                }
                let scope = type.scopedToVPC ? vpc(item)?.rawValue ?? "" : ""
                let key = scope + "/" + (type == .securityGroup ? name(item).lowercased() : name(item))
                guard seen.insert(key).inserted else { return "two \(type.noun)s are named \(name(item))" }
            }
            return nil
        }
        let problems: [() -> String?] = [
            { check(.vpc, vpcs.values, { $0.id.rawValue }, { $0.name }, { $0.id }) },
            { check(.subnet, subnets.values, { $0.id.rawValue }, { $0.name }, { $0.vpcID }) },
            { check(.routeTable, routeTables.values, { $0.id.rawValue }, { $0.name }, { $0.vpcID }) },
            { check(.networkACL, networkACLs.values, { $0.id.rawValue }, { $0.name }, { $0.vpcID }) },
            { check(.securityGroup, securityGroups.values, { $0.id.rawValue }, { $0.name }, { $0.vpcID }) },
            { check(.networkInterface, interfaces.values, { $0.id.rawValue }, { $0.name }, { $0.vpcID }) },
            { check(.resource, resources.values, { $0.id.rawValue }, { $0.name }, { $0.vpcID }) },
            { check(.internetGateway, internetGateways.values, { $0.id.rawValue }, { $0.name }, { _ in nil }) },
            { check(.natGateway, natGateways.values, { $0.id.rawValue }, { $0.name }, { $0.vpcID }) },
            { check(.elasticIP, elasticIPs.values, { $0.allocationID.rawValue }, { $0.name }, { _ in nil }) },
            { check(.prefixList, prefixLists.values, { $0.id.rawValue }, { $0.name }, { _ in nil }) },
        ]
        for problem in problems {
            if let found = problem() { return found }
        }
        return nil
    }

    private func connectionProblem() -> String? {
        var numbers = Set<Int>()
        for c in connections {
            guard numbers.insert(c.number).inserted else { return "two connections are numbered \(c.number)" }
            for end in [c.source, c.destination] {
                if case .interface(let id) = end, interfaces[id] == nil { return "connection #\(c.number) refers to a missing interface" }
            }
            if let t = c.tracking.first(where: { interfaces[$0.interfaceID] == nil }) {
                return "connection #\(c.number) tracks the missing interface \(t.interfaceID)"
            }
        }
        return nil
    }
}
