extension World {
    /// One command that makes the failed check pass (aws-semantics.md Part 1, decision 11), or
    /// advice when no single command can.
    func suggestFix(for hop: Hop) -> (Fix?, String?) {
        guard let failure = hop.failure else { return (nil, nil) }
        switch failure {
        case .noListener(let lbID, let port, let ipProtocol):
            guard let lb = loadBalancers[lbID] else { return (nil, nil) }
            let listenerProtocol: ListenerProtocol = lb.type == .application ? .http : (ipProtocol == .udp ? .udp : .tcp)
            // The target group the load balancer already forwards to, else a free one of its VPC
            // whose protocol the new listener can forward to ("Listeners").
            func fits(_ tg: TargetGroup) -> Bool {
                guard tg.vpcID == lb.vpcID, tg.targetProtocol.loadBalancerType == lb.type else { return false }
                if lb.type == .network && !(tg.targetProtocol == .tcpUDP || tg.targetProtocol == listenerProtocol) { return false }
                return !loadBalancers.values.contains { $0.id != lbID && $0.listeners.contains { $0.targetGroupID == tg.id } }
            }
            let own = lb.listeners.compactMap { targetGroups[$0.targetGroupID] }.first(where: fits)
            let free = targetGroups.values.sorted { $0.serial < $1.serial }.first(where: fits)
            guard let tg = own ?? free, !tg.targets.isEmpty else {
                if let tg = own ?? free {
                    return (nil, "add the listener (listener add \(reference(to: lbID)) \(listenerProtocol.rawValue) \(port) to \(reference(to: tg.id))) and register the instances that should serve it in \(tg.name) (tg register \(reference(to: tg.id)) INSTANCE)")
                }
                return (nil, "\(lb.name) needs a listener on \(ipProtocol.name) \(port) and a target group with registered targets for it to forward to (tg create …, tg register …, listener add \(reference(to: lbID)) \(listenerProtocol.rawValue) \(port) to …)")
            }
            return (Fix(command: "listener add \(reference(to: lbID)) \(listenerProtocol.rawValue) \(port) to \(reference(to: tg.id))",
                        explanation: "a load balancer takes connections only on its listeners' ports"), nil)

        case .attachmentZone(let attachmentID, let zone):
            let name = transitGatewayAttachments[attachmentID]?.name ?? attachmentID.rawValue
            return (nil, "attachment \(name) needs a subnet in \(zone): detach it and attach again with one subnet in each zone that sends (tgw attach TGW VPC in SUBNET,SUBNET)")

        case .transitGatewayNoRoute(let tableID, let destination):
            guard let table = transitGatewayRouteTables[tableID] else { return (nil, nil) }
            let vpc = vpcs.values.first { $0.contains(destination) }
            let target = vpc.flatMap { v in transitGatewayAttachments.values.first { $0.vpcID == v.id && $0.transitGatewayID == table.transitGatewayID } }
            guard let vpc, let target else {
                return (nil, "attach the destination's VPC to the transit gateway (tgw attach …), then route to it")
            }
            return (Fix(command: "tgw-rt propagate \(reference(to: tableID)) \(reference(to: target.id))",
                        explanation: "propagation adds \(vpc.name)'s block \(vpc.cidr) to the table as a route to its attachment"), nil)

        case .egressOnly(let vpcID):
            return (nil, "an egress-only internet gateway never lets the internet start a connection; for inbound IPv6 attach an internet gateway (igw create … in \(reference(to: vpcID))) and route ::/0 to it from the subnet")

        case .nonTransitive(_, let destination):
            let target = vpcs.values.first { $0.cidr.contains(destination) }
            return (nil, "a peering connects exactly two VPCs: peer the sender's VPC with \(target.map { "\($0.name) (\($0.cidr))" } ?? "the destination's network") directly (peering create …) and route to that connection, or connect them through a transit gateway")

        case .hairpin(let tgID):
            guard let tg = targetGroups[tgID] else { return (nil, nil) }
            if tg.targetType == .ip && (tg.targetProtocol == .udp || tg.targetProtocol == .tcpUDP) {
                return (nil, "a UDP target group always preserves the client's address: reach the service directly, not through the load balancer")
            }
            return (Fix(command: "tg set \(reference(to: tgID)) preserve-client-ip off",
                        explanation: "without client IP preservation the target sees the load balancer's address and answers through it"), nil)

        case .noTargets(let tgID):
            let name = targetGroups[tgID].map { reference(to: $0.id) } ?? tgID.rawValue
            return (nil, "register the instances that should serve it: tg register \(name) INSTANCE")

        case .securityGroup(let interfaceID, let direction, let traffic, let remote):
            guard let eni = interfaces[interfaceID], let first = eni.securityGroupIDs.first else { return (nil, nil) }
            // A group at its rule quota refuses the rule (RulesPerSecurityGroupLimitExceeded): use
            // one of the interface's groups with room, else say what to do first.
            let withRoom = eni.securityGroupIDs.first { id in
                guard let sg = securityGroups[id] else { return false }
                return sg.rules(direction).reduce(0) { $0 + ruleWeight($1.peer) } < quotas.rulesPerSecurityGroup
            }
            guard let groupID = withRoom else {
                return (nil, "every group on \(eni.name) already has \(quotas.rulesPerSecurityGroup) \(direction.rawValue) rules: revoke one you no longer need from \(reference(to: first)) (sg revoke …), or attach another group (attach-sg) and allow it there")
            }
            let group = reference(to: groupID)
            // A rule on a group that other reachable interfaces carry would open them too: give
            // this interface a group of its own for the rule instead (issue 8: a fix opens nothing
            // the packet did not ask for).
            let othersReachable = interfaces.values.contains { other in
                other.id != interfaceID && other.securityGroupIDs.contains(groupID) && other.publicAddress != nil
            }
            if othersReachable, direction == .inbound, !remote.isPrivateOrShared, interface(withPublicAddress: remote) == nil,
                case .loadBalancer(let lbID)? = eni.owner, let lb = loadBalancers[lbID],
                lb.securityGroupIDs.count < quotas.securityGroupsPerInterface
            {
                // A load balancer's node takes its groups from the load balancer: give it a
                // group of its own there (SetSecurityGroups), never on the node.
                let name = freeName("\(lb.name)-only", .securityGroup)
                let arrow = direction == .inbound ? "in" : "out"
                let word = direction == .inbound ? "from" : "to"
                return (nil, plan([
                    "sg create \(name) in \(reference(to: eni.vpcID))",
                    "sg allow \(name) \(arrow) \(trafficWords(traffic)) \(word) \(remote.hostBlock)",
                    "lb set-groups \(reference(to: lbID)) \((lb.securityGroupIDs.map { reference(to: $0) } + [name]).joined(separator: ","))",
                ], why: "\(group) is shared with other interfaces, which one more rule on it would open as well"))
            }
            if othersReachable, direction == .inbound, !remote.isPrivateOrShared, interface(withPublicAddress: remote) == nil,
                eni.owner == nil, eni.securityGroupIDs.count < quotas.securityGroupsPerInterface
            {
                let holder = eni.attachedResourceID.flatMap { id in resources[id]?.primaryInterfaceID == interfaceID ? reference(to: id) : nil }
                    ?? reference(to: interfaceID)
                let base = (eni.attachedResourceID.flatMap { self.name(of: $0) } ?? eni.name) + "-only"
                let name = freeName(base, .securityGroup)
                let arrow = direction == .inbound ? "in" : "out"
                let word = direction == .inbound ? "from" : "to"
                return (nil, plan([
                    "sg create \(name) in \(reference(to: eni.vpcID))",
                    "sg allow \(name) \(arrow) \(trafficWords(traffic)) \(word) \(remote.hostBlock)",
                    "attach-sg \(holder) \(name)",
                ], why: "\(group) is shared with other interfaces, which one more rule on it would open as well"))
            }
            let peer: String
            let peerGroup = interfaces(withPrivateAddress: remote).compactMap { interfaces[$0] }
                .first { $0.vpcID == eni.vpcID && !$0.securityGroupIDs.isEmpty }?.securityGroupIDs.first
            // A node of a load balancer without groups stands for all its nodes: name the VPC's
            // block ("Target security groups" for a Network Load Balancer); an AWS service with a
            // managed prefix list is named by the list ("Gateway endpoints").
            let grouplessNode = interfaces(withPrivateAddress: remote).compactMap { interfaces[$0] }.first {
                $0.vpcID == eni.vpcID && $0.securityGroupIDs.isEmpty && $0.owner != nil
            }
            if let peerGroup {
                peer = reference(to: peerGroup)
            } else if let grouplessNode, let vpc = vpcs[grouplessNode.vpcID] {
                peer = vpc.cidr.description
            } else if direction == .outbound, let list = AWSService.owning(remote)?.prefixListID {
                peer = list.rawValue
            } else {
                peer = "\(remote.hostBlock)"
            }
            let arrow = direction == .inbound ? "in" : "out"
            let word = direction == .inbound ? "from" : "to"
            let why: String
            if peerGroup != nil {
                why = "allow members of that group by reference, the way AWS recommends, instead of by address"
            } else if grouplessNode != nil {
                why = "a load balancer without security groups reaches targets from a node in each of its subnets: allow the VPC's block"
            } else if peer.hasPrefix("pl-") {
                why = "name the service's AWS-managed prefix list: it follows the service's addresses as AWS changes them"
            } else {
                why = "allow just this peer; widen the CIDR only as far as you need"
            }
            return (Fix(command: "sg allow \(group) \(arrow) \(trafficWords(traffic)) \(word) \(peer)", explanation: why), nil)

        case .networkACL(let aclID, let direction, let traffic, let ports, let remote, let ruleNumber):
            guard let acl = networkACLs[aclID] else { return (nil, nil) }
            let entries = acl.entries(direction)
            let name = reference(to: aclID)
            let arrow = direction == .inbound ? "in" : "out"
            let word = direction == .inbound ? "from" : "to"
            let rangeNeeded = ports.map { !$0.isSingle } ?? false
            var spec = trafficWords(traffic)
            if traffic.ipProtocol.hasPorts && (rangeNeeded || hop.leg == .response) && traffic.destinationPort >= 1024 {
                spec = "\(traffic.ipProtocol.name) 1024-65535"
            }
            if let ports, traffic.ipProtocol.hasPorts, ports.from < 1024 || !PortRange.ephemeralAWS.contains(ports) {
                spec = "\(traffic.ipProtocol.name) \(ports)"
            }
            guard entries.count < quotas.entriesPerNetworkACL, let number = freeRuleNumber(below: ruleNumber, in: entries)
            else {
                if ruleNumber != NetworkACLEntry.catchAllNumber {
                    return (Fix(command: "nacl remove \(name) \(arrow) \(ruleNumber)",
                                explanation: "rule \(ruleNumber) is the first match and denies it"), nil)
                }
                return (nil, "network ACL \(acl.name) is full: remove an entry to make room for an allow rule")
            }
            // A load balancer's nodes sit in several subnets and pick any ephemeral port: the rule
            // for them names the VPC's block ("Network ACLs for your load balancer").
            let node = interfaces(withPrivateAddress: remote).compactMap { interfaces[$0] }.first { eni in
                if case .loadBalancer? = eni.owner { return eni.vpcID == acl.vpcID }
                return false
            }
            let peer = node.flatMap { vpcs[$0.vpcID]?.cidr.description } ?? "\(remote.hostBlock)"
            let why = rangeNeeded
                ? (node != nil
                    ? "network ACLs are stateless: a load balancer's nodes use any port in 1024-65535, from every subnet it is in"
                    : "network ACLs are stateless: a reply to a NAT gateway may arrive on any port it picked from 1024-65535")
                : hop.leg == .response
                ? "network ACLs are stateless: replies need their own rule, on the client's ephemeral ports"
                : "a network ACL applies the first rule that matches, so the allow rule must come before rule \(ruleNumber == NetworkACLEntry.catchAllNumber ? "*" : String(ruleNumber))"
            return (Fix(command: "nacl add \(name) \(arrow) \(number) allow \(spec) \(word) \(peer)", explanation: why), nil)

        case .noRoute(let routeTableID, let destination, let senderID):
            guard let table = routeTables[routeTableID] else { return (nil, nil) }
            if let connected = connectedRoute(table, destination) { return connected }
            return internetRoute(table, senderID: senderID, replace: false)

        case .blackhole(let routeTableID, let route, let destination, let senderID):
            guard let table = routeTables[routeTableID] else { return (nil, nil) }
            let fallback = table.routes.first {
                $0.destination != route.destination && $0.destination.contains(destination) && isActive($0, in: table.vpcID)
            }
            if fallback != nil {
                return (Fix(command: "route delete \(reference(to: table.id)) \(destinationWords(route))",
                            explanation: "the blackhole route is the longest match; without it the next route applies"), nil)
            }
            if let connected = connectedRoute(table, destination, replacing: route) { return connected }
            return internetRoute(table, senderID: senderID, replace: true, destination: destinationWords(route))

        case .routeToNATAgain(_, _, true):
            return (nil, "the client shares a subnet (and so a route table) with its NAT gateway: put private instances in another subnet whose route table sends 0.0.0.0/0 to the NAT gateway")

        case .routeToNATAgain(let routeTableID, let route, false):
            guard let table = routeTables[routeTableID], let igw = internetGateway(of: table.vpcID) else {
                return (nil, "the NAT gateway's subnet needs a route to an internet gateway")
            }
            // When private subnets share that table, sending it to the gateway would take them off
            // the NAT (and the next fix would hand them Elastic IPs): give the NAT's subnet a public
            // table of its own instead.
            let natSubnets = Set(natGateways.values.filter { $0.vpcID == table.vpcID }.map(\.subnetID))
            let sharing = subnetsByVPC(table.vpcID).filter { routeTable(of: $0).id == table.id && !natSubnets.contains($0.id) }
            if !sharing.isEmpty, let natSubnet = subnetsByVPC(table.vpcID).first(where: { natSubnets.contains($0.id) && routeTable(of: $0).id == table.id }) {
                let name = freeName("\(natSubnet.name)-public", .routeTable)
                return (nil, plan([
                    "rt create \(name) in \(reference(to: table.vpcID))",
                    "route add \(name) 0.0.0.0/0 via \(reference(to: igw.id))",
                    "rt associate \(name) \(reference(to: natSubnet.id))",
                ], why: "\(table.name) also serves \(sharing.map(\.name).joined(separator: ", ")), which must keep going through the NAT gateway"))
            }
            return (Fix(command: "route replace \(reference(to: table.id)) \(destinationWords(route)) via \(reference(to: igw.id))",
                        explanation: "a public NAT gateway reaches the internet through its own subnet's internet gateway route"), nil)

        case .noPublicAddress(let interfaceID):
            guard let eni = interfaces[interfaceID] else { return (nil, nil) }
            if case .loadBalancer(let lbID)? = eni.owner {
                // A load balancer's scheme is fixed at creation ("CreateLoadBalancer" Scheme).
                return (nil, "\(name(of: lbID) ?? lbID.rawValue) is internal: its nodes have private addresses only, and a load balancer's scheme cannot change; create an internet-facing one in public subnets (lb create NAME alb internet-facing in SUBNET,SUBNET)")
            }
            if case .endpoint? = eni.owner {
                return (nil, "an interface endpoint is reached from inside the VPC (or over VPN, Direct Connect or peering), never from the internet")
            }
            if let resourceID = eni.attachedResourceID, let resource = resources[resourceID], resource.kind != .ec2 {
                if resource.kind == .rds {
                    return (nil, "an RDS DB instance gets a public address only when launched with public-ip (publicly accessible); reach the internet from it through a NAT gateway")
                }
                return (nil, "\(resource.kind.article) \(resource.kind.noun) never has a public address: reach the internet through a NAT gateway in a public subnet")
            }
            guard internetGateway(of: eni.vpcID) != nil else {
                return (nil, "attach an internet gateway to the VPC, then give \(eni.name) an Elastic IP")
            }
            // Only a resource's primary interface is named by the resource: a secondary one by itself.
            let holder = eni.attachedResourceID.flatMap { id in resources[id]?.primaryInterfaceID == interfaceID ? reference(to: id) : nil }
                ?? reference(to: interfaceID)
            if let free = elasticIPs.values.filter({ $0.interfaceID == nil }).min(by: { $0.serial < $1.serial }) {
                return (Fix(command: "eip associate \(reference(to: free.allocationID)) \(holder)",
                            explanation: "an internet gateway only carries traffic of interfaces with a public address"), nil)
            }
            guard elasticIPs.count < quotas.elasticIPsPerRegion else {
                return (nil, "all \(quotas.elasticIPsPerRegion) Elastic IPs are in use: disassociate one and associate it here")
            }
            let base = (eni.attachedResourceID.flatMap { self.name(of: $0) } ?? self.name(of: interfaceID)) ?? "eni"
            let name = freeName("\(base)-eip", .elasticIP)
            return (Fix(command: "eip allocate \(name) for \(holder)",
                        explanation: "an internet gateway only carries traffic of interfaces with a public address"), nil)

        case .noInternetGateway(let vpcID):
            let vpc = reference(to: vpcID)
            if let free = internetGateways.values.filter({ $0.vpcID == nil }).min(by: { $0.serial < $1.serial }) {
                return (Fix(command: "igw attach \(reference(to: free.id)) \(vpc)",
                            explanation: "traffic from the internet enters a VPC only through its internet gateway"), nil)
            }
            let name = freeName("\(self.name(of: vpcID) ?? "vpc")-igw", .internetGateway)
            return (Fix(command: "igw create \(name) in \(vpc)",
                        explanation: "traffic from the internet enters a VPC only through its internet gateway"), nil)

        case .replyNeedsGateway(let routeTableID, let destination, let vpcID):
            guard let table = routeTables[routeTableID], let igw = internetGateway(of: vpcID) else { return (nil, nil) }
            let host = CIDR(destination, prefixLength: 32)
            let verb = table.routes.contains { $0.destination == host } ? "route replace" : "route add"
            return (Fix(command: "\(verb) \(reference(to: table.id)) \(host) via \(reference(to: igw.id))",
                        explanation: "replies to internet clients must leave through the internet gateway they came in by; better still, keep public servers in a subnet routed to the internet gateway"), nil)

        case .noOwner(let address, let subnetID):
            guard let subnet = subnets[subnetID], !subnet.isReserved(address) else {
                return (nil, "\(address) is reserved in its subnet: no resource can have it")
            }
            let name = freeName("host-\(address.value & 0xff)", .resource)
            return (Fix(command: "launch ec2 \(name) in \(reference(to: subnetID)) ip \(address)",
                        explanation: "nothing answers at an address no network interface has"), nil)

        case .idleInterface(let interfaceID):
            // Decision 15: attach the interface to an instance in its Availability Zone.
            guard let eni = interfaces[interfaceID], let zone = subnets[eni.subnetID]?.availabilityZone else { return (nil, nil) }
            let candidates = resources.values.filter { r in
                r.kind == .ec2 && r.vpcID == eni.vpcID
                    && interfaces[r.primaryInterfaceID].flatMap { subnets[$0.subnetID]?.availabilityZone } == zone
            }.sorted { $0.serial < $1.serial }
            guard let instance = candidates.first else {
                return (nil, "launch an EC2 instance in \(zone) and attach the interface to it (eni attach \(reference(to: interfaceID)) INSTANCE)")
            }
            return (Fix(command: "eni attach \(reference(to: interfaceID)) \(reference(to: instance.id))",
                        explanation: "an interface answers only when an instance is behind it"), nil)

        case .port25(let resourceID):
            guard let resource = resources[resourceID] else { return (nil, nil) }
            return (Fix(command: "\(resource.kind.rawValue) set \(reference(to: resourceID)) port-25 open",
                        explanation: "stands for AWS granting the \"Request to remove email sending limitations\" form (or send through Amazon SES, or a relay on port 587)"), nil)

        case .sourceDestinationCheck(let resourceID):
            guard resources[resourceID] != nil else { return (nil, nil) }
            return (Fix(command: "ec2 set \(reference(to: resourceID)) source-dest-check off",
                        explanation: "an instance forwards traffic that is not its own only with its source/destination check off"), nil)

        case .functionAcceptsNoInbound:
            return (nil, "a Lambda function is invoked through its API (Invoke, an event source, API Gateway or a load balancer target), never by a connection to its network interface")

        case .unfixable:
            switch hop.code {
            case "IGW_SOURCE_ADDRESS_NOT_IN_RFC1918_INGRESS", "IGW_SOURCE_ADDRESS_NOT_IN_RFC6598_INGRESS":
                return (nil, "traffic from the internet always has a public source: send from internet or a public address such as 203.0.113.7")
            case "IGW_DESTINATION_ADDRESS_NOT_IN_RFC1918_EGRESS", "IGW_DESTINATION_ADDRESS_NOT_IN_RFC6598_EGRESS":
                return (nil, "a private address outside the VPC is reached through VPC peering, a VPN or a transit gateway, which sglab does not model yet")
            case "NGW_REQUIRES_SOURCE_IN_VPC":
                return (nil, "a NAT gateway never accepts connections started from outside or addressed to it: reach private instances through a load balancer or a bastion host in a public subnet")
            case "PROTOCOL_RESTRICTION":
                return (nil, "a NAT gateway carries only TCP, UDP and ICMP")
            case "UNKNOWN_DESTINATION":
                return (nil, "no resource has that address: send to a resource by name")
            default:
                return (nil, nil)
            }
        }
    }

    /// A route to the internet for a subnet's table: the internet gateway when the sender has a
    /// public address (or is a NAT gateway), else a NAT gateway in another subnet.
    /// A destination in another VPC the table's VPC is peered with or shares a transit gateway
    /// with: the route to that connection; an IPv6 destination on the internet: ::/0 to the
    /// VPC's internet gateway (or egress-only one). Nil when neither applies.
    private func connectedRoute(_ table: RouteTable, _ destination: IPAddress, replacing old: Route? = nil) -> (Fix?, String?)? {
        let tableName = reference(to: table.id)
        // A blackhole route for the block is repointed; otherwise a route is added.
        let verb = old == nil ? "route add" : "route replace"
        if let vpc = vpcs.values.first(where: { $0.id != table.vpcID && $0.contains(destination) }) {
            let block = vpc.ipv6CIDR.flatMap { $0.contains(destination) ? $0 : nil } ?? vpc.cidr
            if let pcx = activePeering(table.vpcID, vpc.id) {
                return (Fix(command: "\(verb) \(tableName) \(old.map(destinationWords) ?? block.description) via \(reference(to: pcx.id))",
                            explanation: "traffic for a peer VPC's block goes through the peering connection"), nil)
            }
            if let tgw = transitGateways.values.sorted(by: { $0.serial < $1.serial }).first(where: {
                attachment(of: table.vpcID, to: $0.id) != nil && attachment(of: vpc.id, to: $0.id) != nil
            }) {
                return (Fix(command: "\(verb) \(tableName) \(old.map(destinationWords) ?? block.description) via \(reference(to: tgw.id))",
                            explanation: "traffic for another attached VPC goes to the transit gateway"), nil)
            }
            return (nil, "\(vpc.name) is another VPC: connect the two (peering create …, or a transit gateway) and route its block \(block) there")
        }
        if destination.isIPv6 {
            if let igw = internetGateway(of: table.vpcID) {
                return (Fix(command: "route add \(tableName) ::/0 via \(reference(to: igw.id))",
                            explanation: "IPv6 has its own default route: ::/0 is separate from 0.0.0.0/0"), nil)
            }
            if let eigw = egressOnlyInternetGateway(of: table.vpcID) {
                return (Fix(command: "route add \(tableName) ::/0 via \(reference(to: eigw.id))",
                            explanation: "IPv6 out through the egress-only internet gateway: ::/0 is separate from 0.0.0.0/0"), nil)
            }
            return (nil, "the VPC has no internet gateway for IPv6: attach one (igw create … in VPC) and route ::/0 to it")
        }
        return nil
    }

    private func internetRoute(_ table: RouteTable, senderID: NetworkInterface.ID, replace: Bool, destination: String = "0.0.0.0/0")
        -> (Fix?, String?)
    {
        let sender = interfaces[senderID]
        let verb = replace ? "route replace" : "route add"
        let tableName = reference(to: table.id)
        let hasPublic = sender?.publicAddress != nil
        let igw = internetGateway(of: table.vpcID)
        // A NAT gateway whose own subnet uses this same table would get its traffic back.
        let nat = natGateways.values.filter { nat in
            nat.vpcID == table.vpcID && subnets[nat.subnetID].map { routeTable(of: $0).id != table.id } ?? false
        }.min { $0.serial < $1.serial }
        if !hasPublic, let nat {
            return (Fix(command: "\(verb) \(tableName) \(destination) via \(reference(to: nat.id))",
                        explanation: "a private subnet reaches the internet through a NAT gateway"), nil)
        }
        // A sender that is private by design (a managed service, or an instance without a public
        // address in a subnet routed to a NAT gateway or to nothing) goes out through a NAT
        // gateway: an internet gateway route would only lead to the next fix, an Elastic IP
        // (exam trap: a Lambda function in a VPC never gets internet access from an IGW).
        let managed = sender?.attachedResourceID.flatMap { resources[$0] }.map { $0.kind != .ec2 } ?? false
        let routedToNAT = table.routes.contains { if case .natGateway = $0.target { return true } else { return false } }
        let sharedWithPublic = subnetsByVPC(table.vpcID).contains { subnet in
            routeTable(of: subnet).id == table.id && interfaces.values.contains { $0.subnetID == subnet.id && $0.publicAddress != nil }
        }
        if !hasPublic && (managed || routedToNAT || !sharedWithPublic) {
            guard let igw else {
                return (nil, "the VPC has no internet gateway: a NAT gateway needs one in a public subnet before \(tableName) can route to it")
            }
            let publicSubnet = subnetsByVPC(table.vpcID).first { subnet in
                let own = routeTable(of: subnet)
                return own.id != table.id && own.routes.contains { $0.destination == .anywhere && $0.target == .internetGateway(igw.id) }
            }
            guard let publicSubnet else {
                return (nil, "no subnet of the VPC routes to the internet gateway yet: make one public (its own route table with 0.0.0.0/0 via \(reference(to: igw.id))), put a NAT gateway in it, and route \(tableName) to the NAT gateway")
            }
            let natName = freeName("\(publicSubnet.name)-nat", .natGateway)
            return (nil, plan([
                "nat create \(natName) in \(reference(to: publicSubnet.id))",
                "\(verb) \(tableName) \(destination) via \(natName)",
            ], why: "a private subnet reaches the internet through a NAT gateway in a public subnet"))
        }
        if let igw {
            // A table other subnets use too would make them public as well: give the sender's
            // subnet a public table of its own instead.
            if let senderSubnet = sender.flatMap({ subnets[$0.subnetID] }),
                subnetsByVPC(table.vpcID).contains(where: { $0.id != senderSubnet.id && routeTable(of: $0).id == table.id })
            {
                let name = freeName("\(senderSubnet.name)-public", .routeTable)
                return (nil, plan([
                    "rt create \(name) in \(reference(to: table.vpcID))",
                    "route add \(name) 0.0.0.0/0 via \(reference(to: igw.id))",
                    "rt associate \(name) \(reference(to: senderSubnet.id))",
                ], why: "\(table.name) also serves other subnets, which a route to the internet gateway would make public too"))
            }
            return (Fix(command: "\(verb) \(tableName) \(destination) via \(reference(to: igw.id))",
                        explanation: "a subnet is public when its route table sends internet traffic to an internet gateway"), nil)
        }
        return (nil, "the VPC has no internet gateway: igw create and igw attach one, then route \(destination) to it")
    }

    /// The free rule number to put an allow rule before `ruleNumber`: a round number after the
    /// last rule below it when possible.
    private func freeRuleNumber(below ruleNumber: Int, in entries: [NetworkACLEntry]) -> Int? {
        let used = Set(entries.map(\.ruleNumber))
        let lastBelow = entries.map(\.ruleNumber).filter { $0 < ruleNumber }.max() ?? 0
        var candidate = (lastBelow / 100 + 1) * 100
        if candidate >= ruleNumber || used.contains(candidate) { candidate = (lastBelow / 10 + 1) * 10 }
        if candidate < ruleNumber && !used.contains(candidate) && candidate <= 32766 { return candidate }
        var n = ruleNumber - 1
        while n >= 1 {
            if !used.contains(n) { return n }
            n -= 1
        }
        return nil
    }

    /// `tcp 443`, `icmp 3:4`, `47`: the command-language words for a packet's traffic.
    func trafficWords(_ traffic: Traffic) -> String {
        if traffic.ipProtocol.hasPorts { return "\(traffic.ipProtocol.name) \(traffic.destinationPort)" }
        if traffic.ipProtocol == .icmp { return "icmp \(traffic.icmp)" }
        return traffic.ipProtocol.name
    }

    /// `base`, or `base-2`, `base-3`…: the first name of that kind no resource has.
    func freeName(_ base: String, _ type: ResourceType) -> String {
        var name = base
        var n = 2
        while !ids(of: type, named: name).isEmpty {
            name = "\(base)-\(n)"
            n += 1
        }
        return name
    }

    /// The shortest plan when no single command works: numbered steps, each a command that runs.
    func plan(_ steps: [String], why: String) -> String {
        "no single command does it (\(why)); run, in order: "
            + steps.enumerated().map { "\($0.offset + 1). \($0.element)" }.joined(separator: "  ")
    }

    /// A route's destination as commands write it: its block, or `prefix-list NAME`.
    func destinationWords(_ route: Route) -> String {
        route.prefixListID.map { "prefix-list \(reference(to: $0))" } ?? route.destination.description
    }
}
