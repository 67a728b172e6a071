/// What a loaded world's load balancers, target groups and endpoints must satisfy (the rules
/// their operations keep; decisions 21 and 22).
extension World {
    /// An NLB node created without security groups is the one interface allowed none.
    func isGrouplessNode(_ eni: NetworkInterface) -> Bool {
        guard case .loadBalancer(let id)? = eni.owner, let lb = loadBalancers[id] else { return false }
        return lb.type == .network && !lb.createdWithSecurityGroups
    }

    func serviceProblem() -> String? {
        let serials = loadBalancers.values.map(\.serial) + targetGroups.values.map(\.serial) + vpcEndpoints.values.map(\.serial)
            + peeringConnections.values.map(\.serial) + egressOnlyInternetGateways.values.map(\.serial)
        let tgwSerials = transitGateways.values.map(\.serial) + transitGatewayAttachments.values.map(\.serial)
            + transitGatewayRouteTables.values.map(\.serial)
        if let highest = tgwSerials.max(), highest > serial { return "a resource's serial \(highest) is past the counter \(serial)" }
        for tgw in transitGateways.values where transitGatewayRouteTables[tgw.defaultRouteTableID]?.transitGatewayID != tgw.id {
            return "transit gateway \(tgw.id) has no default route table"
        }
        for a in transitGatewayAttachments.values {
            guard transitGateways[a.transitGatewayID] != nil, vpcs[a.vpcID] != nil, !a.subnetIDs.isEmpty,
                a.subnetIDs.allSatisfy({ subnets[$0]?.vpcID == a.vpcID }),
                Set(a.subnetIDs.compactMap { subnets[$0]?.availabilityZone }).count == a.subnetIDs.count
            else { return "transit gateway attachment \(a.id) does not join an existing VPC through one subnet per zone" }
            if transitGatewayRouteTables.values.filter({ $0.associations.contains(a.id) }).count > 1 {
                return "transit gateway attachment \(a.id) is associated with two route tables"
            }
        }
        for table in transitGatewayRouteTables.values {
            guard transitGateways[table.transitGatewayID] != nil,
                (table.associations + table.propagations).allSatisfy({ transitGatewayAttachments[$0]?.transitGatewayID == table.transitGatewayID })
            else { return "transit gateway route table \(table.id) names attachments of another transit gateway" }
            for route in table.routes {
                if case .attachment(let id) = route.target, transitGatewayAttachments[id]?.transitGatewayID != table.transitGatewayID {
                    return "transit gateway route table \(table.id) routes to a missing attachment"
                }
            }
        }
        for nat in regionalNATGateways.values {
            guard vpcs[nat.vpcID] != nil, World.publicPool.contains(nat.publicAddress) || isImported,
                nat.serial <= serial, regionalNATGateways.values.filter({ $0.vpcID == nat.vpcID }).count == 1
            else { return "regional NAT gateway \(nat.id) refers to a missing VPC or a foreign address" }
        }
        for group in securityGroups.values {
            guard let others = group.associatedVPCIDs else { continue }
            guard !others.isEmpty, Set(others).count == others.count, others.allSatisfy({ vpcs[$0] != nil && $0 != group.vpcID }) else {
                return "security group \(group.id) is associated with missing or repeated VPCs"
            }
        }
        for eigw in egressOnlyInternetGateways.values where vpcs[eigw.vpcID] == nil {
            return "egress-only internet gateway \(eigw.id) refers to a missing VPC"
        }
        // IPv6 blocks: a /56 per VPC, /64 subnets inside it, interface addresses inside those.
        // Amazon-provided blocks are /56 and sglab's subnets /64; an imported account may hold
        // any size AWS allows ("VPC CIDR blocks": IPv6 /44 to /60 for a VPC, up to /64 for a subnet).
        for vpc in vpcs.values {
            if let block = vpc.ipv6CIDR, !block.isIPv6 || !(44...60).contains(block.prefixLength) {
                return "VPC \(vpc.id) has the IPv6 block \(block), not an IPv6 /44 to /60"
            }
        }
        var seen: [VPC.ID: [CIDR]] = [:]
        for subnet in subnets.values {
            guard let block = subnet.ipv6CIDR else { continue }
            guard block.isIPv6, (44...64).contains(block.prefixLength), let parent = vpcs[subnet.vpcID]?.ipv6CIDR,
                parent.contains(block), !(seen[subnet.vpcID] ?? []).contains(where: { $0.overlaps(block) })
            else { return "subnet \(subnet.id) has the IPv6 block \(block), not a free block of its VPC's" }
            seen[subnet.vpcID, default: []].append(block)
        }
        var sixes = Set<IPAddress>()
        for eni in interfaces.values {
            guard let six = eni.ipv6Address else { continue }
            guard six.isIPv6, subnets[eni.subnetID]?.ipv6CIDR?.contains(six) == true, sixes.insert(six).inserted else {
                return "network interface \(eni.id) has the IPv6 address \(six), not a free one of its subnet's /64"
            }
        }
        for pcx in peeringConnections.values {
            guard let a = vpcs[pcx.requesterVPCID], let b = vpcs[pcx.accepterVPCID], a.id != b.id, !a.cidr.overlaps(b.cidr)
            else { return "peering connection \(pcx.id) does not join two existing VPCs with separate blocks" }
            if peeringConnections.values.contains(where: { $0.id != pcx.id && $0.connects(a.id, b.id) }) {
                return "two peering connections join \(a.id) and \(b.id)"
            }
        }
        if let highest = serials.max(), highest > serial { return "a resource's serial \(highest) is past the counter \(serial)" }
        for eni in interfaces.values {
            switch eni.owner {
            case .loadBalancer(let id)?:
                guard loadBalancers[id]?.nodeInterfaceIDs.contains(eni.id) == true else {
                    return "network interface \(eni.id) names load balancer \(id), which does not list it"
                }
            case .endpoint(let id)?:
                guard vpcEndpoints[id]?.nodeInterfaceIDs.contains(eni.id) == true else {
                    return "network interface \(eni.id) names endpoint \(id), which does not list it"
                }
            case nil: break
            }
            if eni.owner != nil && (eni.attachedResourceID != nil || eni.natGatewayID != nil) {
                return "network interface \(eni.id) is owned twice"
            }
        }
        for lb in loadBalancers.values {
            guard vpcs[lb.vpcID] != nil else { return "load balancer \(lb.id) refers to a missing VPC" }
            guard !lb.subnetIDs.isEmpty, lb.subnetIDs.count == lb.nodeInterfaceIDs.count else {
                return "load balancer \(lb.id) does not have one node per subnet"
            }
            var zones = Set<String>()
            for (subnetID, nodeID) in zip(lb.subnetIDs, lb.nodeInterfaceIDs) {
                guard let subnet = subnets[subnetID], subnet.vpcID == lb.vpcID else {
                    return "load balancer \(lb.id) refers to a missing subnet"
                }
                guard zones.insert(subnet.availabilityZone).inserted else {
                    return "load balancer \(lb.id) has two subnets in \(subnet.availabilityZone)"
                }
                guard let node = interfaces[nodeID], node.subnetID == subnetID, node.owner == .loadBalancer(lb.id),
                    node.securityGroupIDs == lb.securityGroupIDs
                else { return "load balancer \(lb.id) has a node that is not its own" }
                if (lb.scheme == .internetFacing) != (node.publicAddress != nil) {
                    return "load balancer \(lb.id) has a node whose public address does not fit its scheme"
                }
            }
            if lb.type == .application && (zones.count < 2 || lb.securityGroupIDs.isEmpty) {
                return "Application Load Balancer \(lb.id) needs two zones and security groups"
            }
            if lb.createdWithSecurityGroups == lb.securityGroupIDs.isEmpty {
                return "load balancer \(lb.id) has security groups that do not fit how it was created"
            }
            var ports = Set<UInt16>()
            for listener in lb.listeners {
                guard ports.insert(listener.port).inserted, listener.port > 0 else {
                    return "load balancer \(lb.id) has two listeners on port \(listener.port)"
                }
                guard listener.listenerProtocol.loadBalancerType == lb.type,
                    let tg = targetGroups[listener.targetGroupID], tg.vpcID == lb.vpcID,
                    tg.targetProtocol.loadBalancerType == lb.type
                else { return "load balancer \(lb.id) has a listener that does not fit it" }
                if loadBalancers.values.contains(where: { $0.id != lb.id && $0.listeners.contains { $0.targetGroupID == tg.id } }) {
                    return "target group \(tg.id) serves two load balancers"
                }
            }
        }
        for tg in targetGroups.values {
            guard vpcs[tg.vpcID] != nil, tg.port > 0, tg.healthCheckPort != 0 else {
                return "target group \(tg.id) refers to a missing VPC or has port 0"
            }
            if Set(tg.targets).count != tg.targets.count { return "target group \(tg.id) lists a target twice" }
            for target in tg.targets {
                switch (tg.targetType, target) {
                case (.instance, .instance(let id)):
                    guard let r = resources[id], r.kind == .ec2, r.vpcID == tg.vpcID else {
                        return "target group \(tg.id) lists \(id), not an EC2 instance of its VPC"
                    }
                case (.ip, .ip(let address)):
                    guard vpcs[tg.vpcID]!.cidr.contains(address) || address.isPrivateOrShared else {
                        return "target group \(tg.id) lists \(address), outside its VPC and private space"
                    }
                default: return "target group \(tg.id) lists a target of the wrong type"
                }
            }
        }
        for endpoint in vpcEndpoints.values {
            guard vpcs[endpoint.vpcID] != nil, let service = AWSService.named(endpoint.service) else {
                return "endpoint \(endpoint.id) refers to a missing VPC or an unknown service"
            }
            switch endpoint.type {
            case .interface:
                guard service.supportsInterface, !endpoint.subnetIDs.isEmpty,
                    endpoint.subnetIDs.count == endpoint.nodeInterfaceIDs.count, endpoint.routeTableIDs.isEmpty
                else { return "interface endpoint \(endpoint.id) does not have one node per subnet" }
                for (subnetID, nodeID) in zip(endpoint.subnetIDs, endpoint.nodeInterfaceIDs) {
                    guard let node = interfaces[nodeID], node.subnetID == subnetID, node.owner == .endpoint(endpoint.id),
                        node.securityGroupIDs == endpoint.securityGroupIDs, node.publicAddress == nil
                    else { return "interface endpoint \(endpoint.id) has a node that is not its own" }
                }
            case .gateway:
                guard service.supportsGateway, endpoint.nodeInterfaceIDs.isEmpty, endpoint.subnetIDs.isEmpty else {
                    return "gateway endpoint \(endpoint.id) has nodes or a service without gateway endpoints"
                }
                for tableID in endpoint.routeTableIDs {
                    guard let table = routeTables[tableID], table.vpcID == endpoint.vpcID,
                        table.routes.contains(where: { $0.target == .vpcEndpoint(endpoint.id) && $0.prefixListID == service.prefixListID })
                    else { return "gateway endpoint \(endpoint.id) lists a route table without its route" }
                }
            }
        }
        return nil
    }
}
