/// What `sglab export` can write today: the world without what the exporters do not express yet
/// (load balancers, endpoints, peering, egress-only gateways, IPv6), with a line for each thing
/// left out, so that an export never drops anything silently.
extension World {
    public func exportable() -> (world: World, omitted: [String]) {
        var copy = self
        var omitted: [String] = []
        func later(_ what: String) { omitted.append("\(what) (not exported yet)") }
        for lb in loadBalancers.values.sorted(by: { $0.serial < $1.serial }) {
            later("load balancer \(lb.name) with its listeners and nodes")
            for node in lb.nodeInterfaceIDs { copy.removeInterfaceRecord(node) }
        }
        for tg in targetGroups.values.sorted(by: { $0.serial < $1.serial }) { later("target group \(tg.name)") }
        for endpoint in vpcEndpoints.values.sorted(by: { $0.serial < $1.serial }) {
            later("VPC endpoint \(endpoint.name) (\(endpoint.type.rawValue), \(endpoint.service))")
            for node in endpoint.nodeInterfaceIDs { copy.removeInterfaceRecord(node) }
        }
        for pcx in peeringConnections.values.sorted(by: { $0.serial < $1.serial }) { later("peering connection \(pcx.name)") }
        for eigw in egressOnlyInternetGateways.values.sorted(by: { $0.serial < $1.serial }) {
            later("egress-only internet gateway \(eigw.name)")
        }
        copy.loadBalancers = [:]
        copy.targetGroups = [:]
        copy.vpcEndpoints = [:]
        copy.peeringConnections = [:]
        copy.egressOnlyInternetGateways = [:]
        for tgw in transitGateways.values.sorted(by: { $0.serial < $1.serial }) {
            later("transit gateway \(tgw.name) with its attachments and route tables")
        }
        // Private NAT gateways (the exporters write public ones, with their Elastic IP).
        for nat in natGateways.values.sorted(by: { $0.serial < $1.serial }) where nat.isPrivate == true {
            later("private NAT gateway \(nat.name)")
            copy.removeInterfaceRecord(nat.interfaceID)
            copy.natGateways[nat.id] = nil
        }
        for nat in regionalNATGateways.values.sorted(by: { $0.serial < $1.serial }) { later("regional NAT gateway \(nat.name)") }
        copy.regionalNATGateways = [:]
        copy.transitGateways = [:]
        copy.transitGatewayAttachments = [:]
        copy.transitGatewayRouteTables = [:]
        for vpc in vpcs.values where vpc.ipv6CIDR != nil {
            later("the IPv6 block \(vpc.ipv6CIDR!) of \(vpc.name), its subnets' /64s and its interfaces' IPv6 addresses")
            copy.vpcs[vpc.id]?.ipv6CIDR = nil
        }
        for subnet in subnets.values where subnet.ipv6CIDR != nil { copy.subnets[subnet.id]?.ipv6CIDR = nil }
        for eni in interfaces.values where eni.ipv6Address != nil { copy.interfaces[eni.id]?.ipv6Address = nil }
        for table in routeTables.values.sorted(by: { $0.serial < $1.serial }) {
            let kept = table.routes.filter { route in
                if route.destination.isIPv6 && route.target == .local { return false }
                switch route.target {
                case .vpcEndpoint, .peering, .egressOnlyInternetGateway, .transitGateway, .regionalNATGateway: break
                default: if !route.destination.isIPv6 { return true }
                }
                later("route \(destinationText(route)) → \(route.target.id) of route table \(table.name)")
                return false
            }
            copy.routeTables[table.id]?.routes = kept
        }
        for acl in networkACLs.values.sorted(by: { $0.serial < $1.serial }) {
            for direction in [Direction.inbound, .outbound] {
                let entries = acl.entries(direction)
                let kept = entries.filter { !$0.cidr.isIPv6 }
                for entry in entries where entry.cidr.isIPv6 {
                    later("\(direction) entry \(entry.ruleNumber) of network ACL \(acl.name) for \(entry.cidr)")
                }
                if direction == .inbound { copy.networkACLs[acl.id]?.inbound = kept } else { copy.networkACLs[acl.id]?.outbound = kept }
            }
        }
        for group in securityGroups.values.sorted(by: { $0.serial < $1.serial }) {
            for direction in [Direction.inbound, .outbound] {
                let rules = group.rules(direction)
                func exportable(_ rule: SecurityGroupRule) -> Bool {
                    switch rule.peer {
                    case .cidr(let c): return !c.isIPv6
                    case .securityGroup(let id): return securityGroups[id]?.vpcID == group.vpcID
                    case .prefixList(let id): return prefixLists[id] != nil
                    }
                }
                for rule in rules where !exportable(rule) {
                    later("\(direction) rule \(rule.id) of security group \(group.name) (\(rule.traffic) \(direction == .inbound ? "from" : "to") \(peerText(rule.peer)))")
                }
                let kept = rules.filter(exportable)
                if direction == .inbound { copy.securityGroups[group.id]?.ingress = kept } else { copy.securityGroups[group.id]?.egress = kept }
            }
        }
        return (copy, omitted)
    }
}
