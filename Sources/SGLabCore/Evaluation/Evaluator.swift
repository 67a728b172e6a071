/// The packet as one hop sees it. Ports are ranges because a NAT gateway's replies may arrive on
/// any port it picked from 1024–65535 (aws-semantics.md Part 1, decision 8).
struct Header: Equatable, Sendable {
    var source: IPAddress
    var destination: IPAddress
    var sourcePorts: PortRange
    var destinationPorts: PortRange
    var ipProtocol: IPProtocol
    var icmp: ICMPTypeCode

    var traffic: Traffic { Traffic(ipProtocol, port: destinationPorts.from, icmp: icmp) }

    var view: String {
        func end(_ a: IPAddress, _ p: PortRange) -> String { ipProtocol.hasPorts ? a.withPort(p) : "\(a)" }
        let kind = ipProtocol == .icmp ? "icmp \(icmp)" : ipProtocol.name
        return "\(end(source, sourcePorts)) → \(end(destination, destinationPorts)) \(kind)"
    }

    /// The reply: ends swapped; an echo request is answered by an echo reply.
    var reply: Header {
        Header(
            source: destination, destination: source, sourcePorts: destinationPorts, destinationPorts: sourcePorts,
            ipProtocol: ipProtocol, icmp: icmp == .echoRequest ? .echoReply : icmp)
    }
}

final class WorldRef: Sendable {
    let world: World
    init(_ world: World) { self.world = world }
}

/// Walks a packet through every check AWS applies, on the request leg and then the response
/// leg, in the order of aws-semantics.md Part 1, decision 4.
struct Walk {
    let world: World
    /// The same world behind one reference, for the closures that render hops later
    /// (capturing the struct would copy every table's reference into each closure).
    let ref: WorldRef
    let explain: Bool
    var leg: Leg = .request
    var hops: [Hop] = []
    /// Tracking state of an open connection, per interface: true tracked, false untracked.
    var established: [NetworkInterface.ID: Bool] = [:]
    /// Client address and port behind each NAT gateway the request crossed.
    var natClients: [NATGateway.ID: (IPAddress, PortRange)] = [:]
    /// Rules that admitted the request at each interface, for the tracking verdict.
    var admitted: [(interfaceID: NetworkInterface.ID, direction: Direction, rules: [SecurityGroupRule])] = []
    var crossedNAT = false
    var flowLog: [FlowLogRecord] = []
    /// The subnet of the last interface that sent traffic through a NAT gateway.
    var natSenderSubnet: Subnet.ID?
    /// The client address and port behind each NAT instance the request crossed (decision 19).
    var natInstanceClients: [NetworkInterface.ID: (IPAddress, PortRange)] = [:]
    /// Interfaces that forwarded this leg already: a route back through one of them is a loop.
    var forwardedBy: Set<NetworkInterface.ID> = []
    var notModelled: AWSError?
    /// The flow of a load-balanced packet being walked (decision 21).
    var flow: Flow?
    /// Set when the request crossed a Network Load Balancer: such flows are always tracked.
    var crossedNLB = false
    /// The gateway endpoint and the sender a request to its service went through: the reply
    /// comes back the same way (decision 22).
    var gatewayEndpointReturn: (endpointID: VPCEndpoint.ID, senderID: NetworkInterface.ID)?
    /// The groups of the Network Load Balancer a preserved-client-IP back flow comes through: a
    /// target's rule naming them matches although the source is the client's address
    /// ("Security groups for your Network Load Balancer").
    var forwardingGroups: [SecurityGroup.ID] = []
    /// The client behind each regional NAT gateway the request crossed.
    var regionalNATClients: [RegionalNATGateway.ID: (IPAddress, PortRange, NetworkInterface.ID)] = [:]
    /// Egress-only internet gateways the request left through: their replies may come back.
    var egressOnlyFlows: Set<EgressOnlyInternetGateway.ID> = []

    enum Arrival {
        case interface(NetworkInterface.ID, Header)
        case host(Header)
        case dropped
    }

    init(world: World, explain: Bool = true) {
        self.world = world
        self.ref = WorldRef(world)
        self.explain = explain
    }

    /// Prose (details, packet views) is only built when someone will read it: a verdict-only
    /// evaluation (`explain: false`) skips the string work.
    func hop(
        _ component: Component, _ direction: Direction?, _ resourceID: (any AnyIdentifier)?, _ status: Hop.Status,
        rule: @autoclosure () -> String? = nil, _ detail: @escaping @Sendable @autoclosure () -> String,
        code: String? = nil, _ header: Header, failure: Failure? = nil, translated: Header? = nil,
        name: (@Sendable () -> String)? = nil
    ) -> Hop {
        let ref = self.ref
        let text: (@Sendable () -> Hop.Text)? =
            explain
            ? { @Sendable in
                Hop.Text(
                    detail: detail(), view: header.view, translated: translated?.view,
                    resourceName: name?() ?? resourceID.flatMap { ref.world.displayName($0.erased) })
            } : nil
        return Hop(
            leg: leg, flow: flow, component: component, direction: direction, resource: resourceID?.erased, status: status,
            rule: explain ? rule() : nil, code: status == .failed ? code : nil,
            failure: status == .failed ? failure ?? .unfixable : nil, text: text)
    }

    /// The hop of a route table that sends the packet on to `target` (named lazily, like all prose).
    func routePassed(
        _ table: RouteTable, _ route: Route, to target: @escaping @Sendable @autoclosure () -> String, _ h: Header
    ) -> Hop {
        let ref = self.ref
        return hop(.routeTable, .outbound, table.id, .passed, rule: ref.world.routeText(route),
            "route table \(table.name): \(ref.world.destinationText(route)) → \(target())", h)
    }

    // MARK: Leaving and entering interfaces

    /// Traffic leaving an interface: security group outbound → network ACL outbound (only when
    /// it leaves the subnet) → route table → gateway.
    mutating func leave(_ interfaceID: NetworkInterface.ID, _ h: Header) -> Arrival {
        let ref = self.ref
        let eni = world.interfaces[interfaceID]!
        let vpc = world.vpcs[eni.vpcID]!
        let subnet = world.subnets[eni.subnetID]!
        let mark = hops.count
        checkResourceOutbound(eni, h)
        if eni.natGatewayID == nil { checkSecurityGroups(eni, .outbound, h) }
        if vpc.contains(h.destination) {
            let owner = world.interfaces(withPrivateAddress: h.destination).first { world.interfaces[$0]?.vpcID == vpc.id }
            let targetSubnet = owner.flatMap { world.interfaces[$0].flatMap { world.subnets[$0.subnetID] } }
                ?? world.subnet(containing: h.destination, in: vpc.id)
            if targetSubnet?.id == subnet.id {
                // "Control traffic to subnets using network ACLs": traffic inside one subnet
                // never meets the network ACL, and it does not consult the route table.
                log(interfaceID, .outbound, h, since: mark)
                hops.append(hop(.note, nil, subnet.id, .info,
                    "same subnet \(subnet.name): no network ACL and no route table on this path", h))
            } else {
                checkNetworkACL(subnet, .outbound, h)
                log(interfaceID, .outbound, h, since: mark)
                let table = world.routeTable(of: subnet)
                let route = world.lookup(h.destination, in: table)!
                hops.append(hop(.routeTable, .outbound, table.id, .passed, rule: ref.world.routeText(route),
                    "route table \(table.name): \(h.destination) matches the local route", h))
            }
            guard let owner, let targetSubnet else {
                hops.append(hop(.destination, .inbound, targetSubnet?.id ?? vpc.id, .failed,
                    "no resource in \(vpc.name) has the address \(h.destination)", code: "UNKNOWN_DESTINATION", h,
                    failure: targetSubnet.map { .noOwner(address: h.destination, subnetID: $0.id) } ?? .unfixable))
                return .dropped
            }
            let markIn = hops.count
            if targetSubnet.id != subnet.id { checkNetworkACL(targetSubnet, .inbound, h) }
            return enter(owner, h, since: markIn)
        }
        let table = world.routeTable(of: subnet)
        let found = world.lookup(h.destination, in: table)
        // A NAT gateway in the sender's own subnet is reached inside the subnet, where no
        // network ACL applies ("Control traffic to subnets using network ACLs").
        var toNATInSubnet = false
        if let found, case .natGateway(let natID) = found.target, world.natGateways[natID]?.subnetID == subnet.id {
            toNATInSubnet = true
        }
        // Likewise an instance (or interface) in the sender's own subnet that the route names.
        if let found, case .networkInterface(let target) = found.target, world.interfaces[target]?.subnetID == subnet.id {
            toNATInSubnet = true
        }
        if !toNATInSubnet { checkNetworkACL(subnet, .outbound, h) }
        log(interfaceID, .outbound, h, since: mark)
        guard let route = found else {
            let otherVPC = world.vpcs.values.first { $0.id != vpc.id && $0.contains(h.destination) }
            let isolated = otherVPC.map { ", an address of VPC \($0.name): VPCs are isolated unless peered or attached to a transit gateway" } ?? ""
            hops.append(hop(.routeTable, .outbound, table.id, .failed,
                "route table \(table.name) has no route that matches \(h.destination)\(isolated)", code: "NO_ROUTE_TO_DESTINATION", h,
                failure: .noRoute(routeTableID: table.id, destination: h.destination, senderID: interfaceID)))
            return .dropped
        }
        guard world.isActive(route, in: vpc.id) else {
            hops.append(hop(.routeTable, .outbound, table.id, .failed, rule: ref.world.routeText(route),
                "route table \(table.name): the longest match \(ref.world.destinationText(route)) points at \(ref.world.label(route.target.id)), which is gone or detached (blackhole): the packet is dropped",
                code: "BAD_STATE_ROUTE", h,
                failure: .blackhole(routeTableID: table.id, route: route, destination: h.destination, senderID: interfaceID)))
            return .dropped
        }
        switch route.target {
        case .internetGateway(let igwID):
            hops.append(routePassed(table, route, to: "internet gateway \(ref.world.name(of: igwID) ?? igwID.rawValue)", h))
            return internetGatewayEgress(igwID, eni, h)
        case .natGateway(let natID):
            if eni.natGatewayID != nil {
                hops.append(hop(.routeTable, .outbound, table.id, .failed, rule: ref.world.routeText(route),
                    "route table \(table.name) sends the NAT gateway's own traffic to a NAT gateway: a NAT gateway's subnet needs a route to an internet gateway",
                    code: "CANNOT_ROUTE", h,
                    failure: .routeToNATAgain(routeTableID: table.id, route: route, clientShares: natSenderSubnet == subnet.id)))
                return .dropped
            }
            if leg == .response && natClients[natID] == nil {
                // "Connect to the internet using an internet gateway": the reply of a flow that
                // came in through the internet gateway must go back out through it; a NAT gateway
                // would rewrite its source and the client would drop it.
                return replyRewritten(by: "NAT gateway \(ref.world.name(of: natID) ?? natID.rawValue)", table, route, vpc, h)
            }
            hops.append(routePassed(table, route, to: "NAT gateway \(ref.world.name(of: natID) ?? natID.rawValue)", h))
            return throughNATGateway(natID, from: eni, h)
        case .networkInterface(let targetID):
            if leg == .response, let owner = world.interfaces[targetID]?.attachedResourceID.flatMap({ world.resources[$0] }),
                owner.translatesSource, !owner.sourceDestinationCheck
            {
                // As with a NAT gateway: the reply of a flow that did not come through the NAT
                // instance would leave with its source rewritten, and the client drops it.
                return replyRewritten(by: "NAT instance \(owner.name)", table, route, vpc, h)
            }
            hops.append(routePassed(table, route, to: "\(ref.world.senderLabel(ref.world.interfaces[targetID]!)) (\(targetID))", h))
            return throughInstance(targetID, from: subnet, h)
        case .egressOnlyInternetGateway(let eigwID):
            hops.append(routePassed(table, route, to: "egress-only internet gateway \(ref.world.name(of: eigwID) ?? eigwID.rawValue)", h))
            return egressOnlyEgress(eigwID, eni, h)
        case .regionalNATGateway(let natID):
            if leg == .response && regionalNATClients[natID] == nil {
                return replyRewritten(by: "NAT gateway \(ref.world.name(of: natID) ?? natID.rawValue)", table, route, vpc, h)
            }
            hops.append(routePassed(table, route, to: "regional NAT gateway \(ref.world.name(of: natID) ?? natID.rawValue)", h))
            return throughRegionalNAT(natID, from: eni, h)
        case .transitGateway(let tgwID):
            hops.append(routePassed(table, route, to: "transit gateway \(ref.world.name(of: tgwID) ?? tgwID.rawValue)", h))
            return throughTransitGateway(tgwID, from: eni, h)
        case .peering(let pcxID):
            hops.append(routePassed(table, route, to: "peering connection \(ref.world.name(of: pcxID) ?? pcxID.rawValue)", h))
            return throughPeering(pcxID, from: vpc, h)
        case .vpcEndpoint(let endpointID):
            hops.append(routePassed(table, route, to: "gateway endpoint \(ref.world.name(of: endpointID) ?? endpointID.rawValue)", h))
            return throughGatewayEndpoint(endpointID, from: eni, h)
        case .local:
            return .dropped
        }
    }

    /// Traffic arriving at an interface that is past every subnet-level check.
    mutating func enter(_ interfaceID: NetworkInterface.ID, _ h: Header, since mark: Int? = nil) -> Arrival {
        let ref = self.ref
        let mark = mark ?? hops.count
        let eni = world.interfaces[interfaceID]!
        if let natID = eni.natGatewayID, leg == .response, let (client, port) = natClients[natID],
            h.destination == eni.privateAddress
        {
            // The reply of a translated flow, back from another VPC (a private NAT gateway
            // behind a transit gateway or peering): the NAT restores the client and forwards it.
            log(interfaceID, .inbound, h, since: mark)
            var restored = h
            restored.destination = client
            restored.destinationPorts = port
            hops.append(hop(.natGateway, .inbound, natID, .passed,
                "NAT gateway \(ref.world.name(of: natID) ?? natID.rawValue) restores the destination → \(client); the source stays \(h.source)",
                h, translated: restored))
            return leave(interfaceID, restored)
        }
        if let natID = eni.natGatewayID {
            // "Troubleshoot NAT gateways": a NAT gateway answers nothing addressed to itself.
            hops.append(hop(.natGateway, .inbound, natID, .failed,
                "NAT gateway \(ref.world.name(of: natID) ?? natID.rawValue) accepts nothing addressed to itself: it only forwards traffic that instances route through it",
                code: "NGW_REQUIRES_SOURCE_IN_VPC", h))
            return .dropped
        }
        checkSecurityGroups(eni, .inbound, h)
        checkResourceInbound(eni, h)
        log(interfaceID, .inbound, h, since: mark)
        if let onward = backThroughNATInstance(eni, h) { return onward }
        return .interface(interfaceID, h)
    }

    /// A reply routed to a NAT the request did not come through: the NAT would rewrite its
    /// source, and the client drops it.
    mutating func replyRewritten(by nat: String, _ table: RouteTable, _ route: Route, _ vpc: VPC, _ h: Header) -> Arrival {
        let ref = self.ref
        hops.append(hop(.routeTable, .outbound, table.id, .failed, rule: ref.world.routeText(route),
            "route table \(table.name) sends the reply to \(nat), but the request did not come through it: the NAT would rewrite the reply's source, so the client drops it",
            code: "CANNOT_ROUTE", h,
            failure: .replyNeedsGateway(routeTableID: table.id, destination: h.destination, vpcID: vpc.id)))
        return .dropped
    }

    // MARK: Routes through an instance (decision 19)

    /// A packet routed to an instance's interface: in through its subnet's ACL (when it crosses
    /// subnets) and its security group; dropped while the source/destination check is on; with
    /// it off, out again, a NAT instance rewriting the source to its own address ("NAT
    /// instances", "Change the source or destination checking").
    mutating func throughInstance(_ targetID: NetworkInterface.ID, from senderSubnet: Subnet, _ h: Header) -> Arrival {
        let ref = self.ref
        let target = world.interfaces[targetID]!
        let targetSubnet = world.subnets[target.subnetID]!
        guard !forwardedBy.contains(targetID) else {
            hops.append(hop(.routeTable, .outbound, targetSubnet.id, .failed,
                "the routes send the packet back through \(ref.world.senderLabel(target)), which already forwarded it: a routing loop",
                code: "CANNOT_ROUTE", h))
            return .dropped
        }
        forwardedBy.insert(targetID)
        let markIn = hops.count
        if targetSubnet.id != senderSubnet.id { checkNetworkACL(targetSubnet, .inbound, h) }
        if target.natGatewayID == nil { checkSecurityGroups(target, .inbound, h) }
        guard let resourceID = target.attachedResourceID, let resource = world.resources[resourceID] else {
            checkResourceInbound(target, h)
            log(targetID, .inbound, h, since: markIn)
            return .dropped
        }
        if resource.sourceDestinationCheck {
            hops.append(hop(.resource, .inbound, resourceID, .failed,
                "\(withArticle(resource.kind.noun)) \(resource.name) has its source/destination check on: it drops packets that are not addressed to it, so it forwards nothing",
                h, failure: .sourceDestinationCheck(resourceID: resourceID)))
        }
        log(targetID, .inbound, h, since: markIn)
        var out = h
        if resource.translatesSource {
            // A NAT instance masquerades: its own address, a port from Linux's ephemeral range.
            let port = PortRange(UInt16(32768 + Int(h.sourcePorts.from) % 28232))
            natInstanceClients[targetID] = (h.source, h.sourcePorts)
            out.source = target.privateAddress
            out.sourcePorts = h.ipProtocol.hasPorts ? port : h.sourcePorts
            hops.append(hop(.resource, .outbound, resourceID, .passed,
                "NAT instance \(resource.name) forwards it with its own address as the source", h, translated: out))
        } else {
            hops.append(hop(.resource, .outbound, resourceID, .passed,
                "\(resource.name) forwards it unchanged (its source/destination check is off)", h))
        }
        return leave(targetID, out)
    }

    /// The reply to a flow a NAT instance translated reaches it: it restores the client and
    /// forwards the reply back (decision 19: replies retrace the path).
    mutating func backThroughNATInstance(_ eni: NetworkInterface, _ h: Header) -> Arrival? {
        guard leg == .response, let (client, port) = natInstanceClients[eni.id], h.destination == eni.privateAddress,
            let resourceID = eni.attachedResourceID
        else { return nil }
        natInstanceClients[eni.id] = nil
        var restored = h
        restored.destination = client
        restored.destinationPorts = port
        let ref = self.ref
        hops.append(hop(.resource, .inbound, resourceID, .passed,
            "NAT instance \(ref.world.resources[resourceID]?.name ?? resourceID.rawValue) restores the destination → \(client)", h,
            translated: restored))
        return leave(eni.id, restored)
    }

    // MARK: What sits behind an interface (decisions 15–17)

    /// A packet past the security groups still needs something behind the interface to take it.
    mutating func checkResourceInbound(_ eni: NetworkInterface, _ h: Header) {
        let ref = self.ref
        if let owner = eni.owner {
            serviceNodeReceives(eni, owner, h)
            return
        }
        guard let resourceID = eni.attachedResourceID, let resource = world.resources[resourceID] else {
            // Decision 15: an interface attached to nothing neither receives nor answers.
            hops.append(hop(.resource, .inbound, eni.id, .failed,
                "network interface \(eni.name) is attached to nothing: no instance behind it receives the packet, so nothing answers",
                h, failure: .idleInterface(interfaceID: eni.id)))
            return
        }
        switch resource.kind {
        case .lambda where leg == .request && established[eni.id] == nil:
            // Decision 16 (Lambda developer guide, "Giving Lambda functions access to resources in
            // an Amazon VPC"): a function's interface carries only flows the function starts.
            hops.append(hop(.resource, .inbound, resourceID, .failed,
                "Lambda function \(resource.name) accepts no inbound connection: its network interface carries only traffic the function starts",
                h, failure: .functionAcceptsNoInbound))
        case .rds, .elasticache:
            guard leg == .request, h.ipProtocol == .tcp else { break }
            // Decision 16: managed services listen on their engine port only; the network
            // verdict stays the network's, the note says who would answer.
            let engines: [UInt16: String] = resource.kind == .rds
                ? [3306: "MySQL, MariaDB or Aurora MySQL", 5432: "PostgreSQL or Aurora PostgreSQL", 1433: "SQL Server", 1521: "Oracle", 50000: "Db2"]
                : [6379: "Redis OSS or Valkey", 11211: "Memcached"]
            let port = h.destinationPorts.from
            if engines[port] == nil {
                let known = engines.keys.sorted().map { "\($0) (\(engines[$0]!))" }.joined(separator: ", ")
                hops.append(hop(.note, nil, resourceID, .info,
                    "\(ref.world.senderLabel(eni)) listens only on its engine's port (\(known)); nothing answers on \(port) even where the network lets it through",
                    h))
            }
        default: break
        }
    }

    /// Before anything leaves an interface: something must be behind it to send, and EC2 and
    /// Lambda hold back TCP 25 to the internet by default.
    mutating func checkResourceOutbound(_ eni: NetworkInterface, _ h: Header) {
        guard eni.natGatewayID == nil, eni.owner == nil else { return }
        guard let resourceID = eni.attachedResourceID, let resource = world.resources[resourceID] else {
            hops.append(hop(.resource, .outbound, eni.id, .failed,
                "network interface \(eni.name) is attached to nothing: no instance behind it sends anything",
                h, failure: .idleInterface(interfaceID: eni.id)))
            return
        }
        // Decision 17 ("How do I remove the restriction on port 25 from my Amazon EC2 instance or
        // Lambda function?", AWS Knowledge Center): outbound TCP 25 to public addresses is throttled
        // and blocked by default.
        // The scan of the VPCs comes last: every packet leaves an interface, few are TCP 25.
        if leg == .request, h.ipProtocol == .tcp, h.destinationPorts == PortRange(25),
            resource.kind == .ec2 || resource.kind == .lambda, !resource.port25Unblocked,
            !h.destination.isPrivateOrShared, !world.vpcs.values.contains(where: { $0.contains(h.destination) })
        {
            hops.append(hop(.resource, .outbound, resourceID, .failed,
                "AWS holds back outbound TCP 25 from \(withArticle(resource.kind.noun)) to the internet by default, against spam: the packet never leaves \(resource.name)",
                h, failure: .port25(resourceID: resourceID)))
        }
    }

    // MARK: Internet gateway

    /// Out through the internet gateway: the sender needs a public address, the destination
    /// must not be private, and the source is translated 1:1 ("Connect to the internet using an
    /// internet gateway"; Reachability codes IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS,
    /// IGW_DESTINATION_ADDRESS_NOT_IN_RFC1918_EGRESS).
    mutating func internetGatewayEgress(_ igwID: InternetGateway.ID, _ sender: NetworkInterface, _ h: Header) -> Arrival {
        let ref = self.ref
        let igwName = world.name(of: igwID) ?? igwID.rawValue
        if h.destination.isIPv6 { return ipv6GatewayEgress("internet gateway \(igwName)", igwID, sender, h) }
        // An internet gateway maps only an interface's own private address to its public one
        // ("Connect to the internet using an internet gateway"): a forwarded packet that keeps
        // another source has nothing to map to (decision 19: only a NAT instance translates).
        if h.source != sender.privateAddress, sender.publicAddress != nil {
            hops.append(hop(.internetGateway, .outbound, igwID, .failed,
                "internet gateway \(igwName) drops it: the source \(h.source) is not \(ref.world.senderLabel(sender))'s address, so no public address maps to it (a forwarding instance must translate, as a NAT instance does)",
                code: "IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS", h))
            return .dropped
        }
        // A private destination first: no public address would help it.
        if h.destination.isPrivateOrShared {
            let code =
                CIDR.rfc6598.contains(h.destination)
                ? "IGW_DESTINATION_ADDRESS_NOT_IN_RFC6598_EGRESS" : "IGW_DESTINATION_ADDRESS_NOT_IN_RFC1918_EGRESS"
            hops.append(hop(.internetGateway, .outbound, igwID, .failed,
                "internet gateway \(igwName) drops it: \(h.destination) is a private address, which the internet does not carry",
                code: code, h,
                failure: world.subnets[sender.subnetID].map {
                    .noRoute(routeTableID: world.routeTable(of: $0).id, destination: h.destination, senderID: sender.id)
                } ?? .unfixable))
            return .dropped
        }
        if let natID = sender.natGatewayID, world.natGateways[natID]?.isPrivate == true {
            // "Private NAT gateways": traffic routed from one to an internet gateway is dropped.
            hops.append(hop(.internetGateway, .outbound, igwID, .failed,
                "internet gateway \(igwName) drops it: NAT gateway \(ref.world.name(of: natID) ?? natID.rawValue) is private, with no Elastic IP: it reaches other VPCs or on-premises networks, never the internet",
                code: "IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS", h, failure: .unfixable))
            return .dropped
        }
        guard let publicAddress = sender.publicAddress else {
            hops.append(hop(.internetGateway, .outbound, igwID, .failed,
                "internet gateway \(igwName) drops it: \(ref.world.senderLabel(sender)) has no public or Elastic IP address to translate \(h.source) to",
                code: "IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS", h, failure: .noPublicAddress(interfaceID: sender.id)))
            return .dropped
        }
        var out = h
        out.source = publicAddress
        hops.append(hop(.internetGateway, .outbound, igwID, .passed,
            "internet gateway \(igwName) translates the source \(h.source) → \(publicAddress)", h, translated: out))
        return internet(out)
    }

    /// A packet on the internet, delivered to whoever owns its destination address.
    mutating func internet(_ h: Header) -> Arrival {
        if let owner = world.interface(withPublicAddress: h.destination) { return internetGatewayIngress(owner, h) }
        if !world.regionalNATGateways.isEmpty, let nat = world.regionalNATGateway(withPublicAddress: h.destination) {
            return intoRegionalNAT(nat, h)
        }
        if World.publicPool.contains(h.destination) {
            // sglab hands out public addresses from this block, so an unassigned one is nobody's.
            hops.append(hop(.destination, .inbound, nil, .failed, "no resource has the public address \(h.destination)",
                code: "UNKNOWN_DESTINATION", h))
            return .dropped
        }
        return .host(h)
    }

    /// In through the destination VPC's internet gateway: 1:1 translation to the private address,
    /// then the subnet's network ACL and the security groups.
    mutating func internetGatewayIngress(_ interfaceID: NetworkInterface.ID, _ h: Header) -> Arrival {
        let ref = self.ref
        let eni = world.interfaces[interfaceID]!
        let vpc = world.vpcs[eni.vpcID]!
        if h.destination.isIPv6 { return ipv6Ingress(eni, vpc, h) }
        guard let igw = world.internetGateway(of: vpc.id) else {
            hops.append(hop(.internetGateway, .inbound, vpc.id, .failed,
                "VPC \(vpc.name) has no internet gateway attached, so nothing carries \(h.destination) into it",
                code: "NO_PATH", h, failure: .noInternetGateway(vpcID: vpc.id)))
            return .dropped
        }
        if h.source.isPrivateOrShared {
            let code =
                CIDR.rfc6598.contains(h.source)
                ? "IGW_SOURCE_ADDRESS_NOT_IN_RFC6598_INGRESS" : "IGW_SOURCE_ADDRESS_NOT_IN_RFC1918_INGRESS"
            hops.append(hop(.internetGateway, .inbound, igw.id, .failed,
                "internet gateway \(igw.name) drops it: the source \(h.source) is a private address, which never comes from the internet",
                code: code, h))
            return .dropped
        }
        // Loopback, multicast, link-local, 0.0.0.0/8 and broadcast sources are dropped like
        // private ones (aws-semantics.md Part 1, decision 14).
        if let kind = h.source.specialSourceKind {
            hops.append(hop(.internetGateway, .inbound, igw.id, .failed,
                "internet gateway \(igw.name) drops it: the source \(h.source) is \(kind), which never comes from the internet", h))
            return .dropped
        }
        var inside = h
        inside.destination = eni.privateAddress
        let subnet = world.subnets[eni.subnetID]!
        if let natID = eni.natGatewayID {
            hops.append(hop(.internetGateway, .inbound, igw.id, .passed,
                "internet gateway \(igw.name) translates the destination \(h.destination) → \(eni.privateAddress)", h,
                translated: inside))
            // Decision 4: gateway → the NAT subnet's inbound ACL → the NAT gateway, for a
            // request from the internet as for a reply.
            let markIn = hops.count
            checkNetworkACL(subnet, .inbound, inside)
            log(interfaceID, .inbound, inside, since: markIn)
            guard leg == .response, let (client, port) = natClients[natID] else {
                hops.append(hop(.natGateway, .inbound, natID, .failed,
                    "NAT gateway \(ref.world.name(of: natID) ?? natID.rawValue) drops it: a NAT gateway never accepts connections started from outside (use a load balancer or a bastion)",
                    code: "NGW_REQUIRES_SOURCE_IN_VPC", inside))
                return .dropped
            }
            var restored = inside
            restored.destination = client
            restored.destinationPorts = port
            hops.append(hop(.natGateway, .inbound, natID, .passed,
                "NAT gateway \(ref.world.name(of: natID) ?? natID.rawValue) restores the destination → \(client); the source stays \(h.source)",
                inside, translated: restored))
            return leave(interfaceID, restored)
        }
        hops.append(hop(.internetGateway, .inbound, igw.id, .passed,
            "internet gateway \(igw.name) translates the destination \(h.destination) → \(eni.privateAddress)", h,
            translated: inside))
        hops.append(hop(.note, nil, vpc.id, .info,
            "VPC router: local route delivers \(eni.privateAddress) to subnet \(subnet.name)", inside))
        let markIn = hops.count
        checkNetworkACL(subnet, .inbound, inside)
        return enter(interfaceID, inside, since: markIn)
    }

    // MARK: NAT gateway

    /// A public NAT gateway: its subnet's network ACL, then source translation to its own
    /// address and a port in 1024–65535 ("NAT gateways"; REMAP_EPHEMERAL_PORT), then out of its
    /// subnet by its route table.
    mutating func throughNATGateway(_ natID: NATGateway.ID, from sender: NetworkInterface, _ h: Header) -> Arrival {
        let nat = world.natGateways[natID]!
        let natENI = world.interfaces[nat.interfaceID]!
        let natSubnet = world.subnets[nat.subnetID]!
        let markIn = hops.count
        if sender.subnetID != nat.subnetID { checkNetworkACL(natSubnet, .inbound, h) }
        log(nat.interfaceID, .inbound, h, since: markIn)
        guard h.ipProtocol == .tcp || h.ipProtocol == .udp || h.ipProtocol == .icmp else {
            hops.append(hop(.natGateway, .outbound, natID, .failed,
                "NAT gateway \(nat.name) carries only TCP, UDP and ICMP, not protocol \(h.ipProtocol.name)",
                code: "PROTOCOL_RESTRICTION", h))
            return .dropped
        }
        crossedNAT = true
        natSenderSubnet = sender.subnetID
        natClients[natID] = (h.source, h.sourcePorts)
        var out = h
        out.source = natENI.privateAddress
        if h.ipProtocol.hasPorts { out.sourcePorts = .ephemeralAWS }
        hops.append(hop(.natGateway, .outbound, natID, .passed,
            "NAT gateway \(nat.name) translates the source \(h.source) → \(natENI.privateAddress)\(h.ipProtocol.hasPorts ? ", port → one of 1024-65535" : "")",
            h, translated: out))
        return leave(nat.interfaceID, out)
    }

    // MARK: Network ACLs

    /// First matching entry in rule-number order decides ("Network ACL rules"). When the ports
    /// are a range (a NAT gateway's replies), every port in it must be allowed.
    mutating func checkNetworkACL(_ subnet: Subnet, _ direction: Direction, _ h: Header) {
        let acl = world.networkACLs[subnet.networkACLID]!
        let remote = direction == .inbound ? h.source : h.destination
        let traffic = h.traffic
        let arrow = direction == .inbound ? "from" : "to"
        if h.ipProtocol.hasPorts && !h.destinationPorts.isSingle {
            let (allowed, denied, denyRule) = evaluateRange(acl.entries(direction), remote, h)
            if let denyRule {
                let deniedText = denied.map(\.description).joined(separator: ", ")
                hops.append(hop(.networkACL, direction, acl.id, .failed, rule: denyRule.numberText,
                    "network ACL \(acl.name) (\(subnet.name)): rule \(denyRule.numberText) denies ports \(deniedText) \(arrow) \(remote); the reply may use any port in \(h.destinationPorts)",
                    code: "SUBNET_ACL_RESTRICTION", h,
                    failure: .networkACL(aclID: acl.id, direction: direction, traffic: traffic, ports: h.destinationPorts,
                                         remote: remote, ruleNumber: denyRule.ruleNumber)))
            } else {
                let rules = allowed.map(\.numberText).joined(separator: ", ")
                hops.append(hop(.networkACL, direction, acl.id, .passed, rule: allowed.first?.numberText,
                    "network ACL \(acl.name) (\(subnet.name)): rule \(rules) allows ports \(h.destinationPorts) \(arrow) \(remote)", h))
            }
            return
        }
        for entry in acl.entries(direction) where entry.cidr.contains(remote) && entry.traffic.admits(traffic) {
            let what = entry.isCatchAll
                ? "no numbered rule matches \(traffic) \(arrow) \(remote), so the * rule denies it"
                : "rule \(entry.ruleNumber) \(entry.action == .allow ? "allows" : "denies") \(entry.traffic) \(arrow) \(entry.cidr)"
            hops.append(hop(.networkACL, direction, acl.id, entry.action == .allow ? .passed : .failed, rule: entry.numberText,
                "network ACL \(acl.name) (\(subnet.name)): \(what)", code: "SUBNET_ACL_RESTRICTION", h,
                failure: .networkACL(aclID: acl.id, direction: direction, traffic: traffic, ports: nil, remote: remote,
                                     ruleNumber: entry.ruleNumber)))
            return
        }
        // "Network ACL rules": a network ACL ends with a * rule for each family; the IPv6 one
        // (for ::/0) denies what no numbered rule allowed.
        hops.append(hop(.networkACL, direction, acl.id, .failed, rule: "*",
            "network ACL \(acl.name) (\(subnet.name)): no numbered rule matches \(traffic) \(arrow) \(remote), so the IPv6 * rule (::/0) denies it",
            code: "SUBNET_ACL_RESTRICTION", h,
            failure: .networkACL(aclID: acl.id, direction: direction, traffic: traffic, ports: nil, remote: remote,
                                 ruleNumber: NetworkACLEntry.catchAllNumber)))
    }

    /// Splits a port range by the entries that decide each port.
    func evaluateRange(_ entries: [NetworkACLEntry], _ remote: IPAddress, _ h: Header)
        -> (allowedBy: [NetworkACLEntry], denied: [PortRange], denyRule: NetworkACLEntry?)
    {
        var remaining = [h.destinationPorts]
        var allowedBy: [NetworkACLEntry] = []
        var denied: [PortRange] = []
        var denyRule: NetworkACLEntry?
        for entry in entries where entry.cidr.contains(remote) && entry.traffic.ipProtocol.covers(h.ipProtocol) {
            let covered: PortRange
            switch entry.traffic.match {
            case .ports(let r): covered = r
            default: covered = .all
            }
            var next: [PortRange] = []
            for piece in remaining {
                guard piece.overlaps(covered) else {
                    next.append(piece)
                    continue
                }
                let hit = PortRange(from: Int(max(piece.from, covered.from)), to: Int(min(piece.to, covered.to)))!
                if entry.action == .allow {
                    if !allowedBy.contains(entry) { allowedBy.append(entry) }
                } else {
                    denied.append(hit)
                    denyRule = denyRule ?? entry
                }
                if piece.from < hit.from { next.append(PortRange(from: Int(piece.from), to: Int(hit.from) - 1)!) }
                if hit.to < piece.to { next.append(PortRange(from: Int(hit.to) + 1, to: Int(piece.to))!) }
            }
            remaining = next
            if remaining.isEmpty { break }
        }
        // The IPv6 * rule denies what is left (an IPv4 packet always meets the IPv4 * rule).
        if !remaining.isEmpty {
            denied += remaining
            denyRule = denyRule ?? .catchAll
        }
        return (allowedBy, denied.sorted { $0.from < $1.from }, denyRule)
    }

    // MARK: Security groups

    /// Security groups: allow rules only, all rules of all groups on the interface combined
    /// ("Security group rules"); replies of tracked flows pass whatever the rules say
    /// ("Security group connection tracking").
    mutating func checkSecurityGroups(_ eni: NetworkInterface, _ direction: Direction, _ h: Header) {
        let ref = self.ref
        let groups = eni.securityGroupIDs
        let first = groups.first
        var names: String { groups.map { ref.world.securityGroups[$0]?.name ?? $0.rawValue }.joined(separator: ", ") }
        // A check made by all the interface's groups together is named by all of them.
        let allGroups: @Sendable () -> String = { groups.map { ref.world.securityGroups[$0]?.name ?? $0.rawValue }.joined(separator: ",") }
        let remote = direction == .inbound ? h.source : h.destination
        if groups.isEmpty, case .loadBalancer(let lbID)? = eni.owner {
            // "Security groups for your Network Load Balancer": without groups all client traffic
            // reaches the listeners and all traffic may leave.
            hops.append(hop(.note, direction, lbID, .info,
                "Network Load Balancer \(ref.world.name(of: lbID) ?? lbID.rawValue) has no security groups: nothing filters its \(direction) traffic", h))
            return
        }
        let state = established[eni.id]
        if leg == .response && state != false {
            hops.append(hop(.securityGroup, direction, first, .passed,
                "security group \(names): the reply of an allowed flow passes; security groups are stateful", h, name: allGroups))
            return
        }
        if leg == .request && state == true {
            hops.append(hop(.securityGroup, direction, first, .passed,
                "security group \(names): part of an open, tracked connection, which outlives rule changes", h, name: allGroups))
            return
        }
        let traffic = h.traffic
        // The remote end's groups are looked up once, not once per group-reference rule.
        var peerGroups: [SecurityGroup.ID]?
        func matchesPeer(_ peer: Peer) -> Bool {
            if case .securityGroup(let groupID) = peer {
                if direction == .inbound && forwardingGroups.contains(groupID) { return true }
                if peerGroups == nil { peerGroups = remoteGroups(remote, vpcID: eni.vpcID, direction: direction) }
                return peerGroups!.contains(groupID)
            }
            return peerMatches(peer, remote, vpcID: eni.vpcID)
        }
        var matched: [SecurityGroupRule] = []
        var matchedGroup: SecurityGroup.ID?
        var ruleCount = 0
        for groupID in groups {
            guard let sg = world.securityGroups[groupID] else { continue }
            let rules = direction == .inbound ? sg.ingress : sg.egress
            ruleCount += rules.count
            // Indexing borrows each rule instead of copying it (and retaining its strings): this
            // loop runs over every rule of every group on the interface.
            for i in rules.indices where rules[i].traffic.admits(traffic) && matchesPeer(rules[i].peer) {
                if matchedGroup == nil { matchedGroup = groupID }
                matched.append(rules[i])
            }
        }
        if leg == .request { admitted.append((eni.id, direction, matched)) }
        let arrow = direction == .inbound ? "from" : "to"
        guard let rule = matched.first else {
            let why = ruleCount == 0 ? "has no \(direction) rules" : "has no \(direction) rule that allows \(traffic) \(arrow) \(remote)"
            hops.append(hop(.securityGroup, direction, first, .failed,
                "security group \(names) \(why); \(ref.world.hairpinNote(remote, groups: groups, direction: direction) ?? "a security group denies whatever no rule allows")",
                code: ruleCount == 0 ? "SG_HAS_NO_RULES" : "ENI_SG_RULES_MISMATCH", h,
                failure: .securityGroup(interfaceID: eni.id, direction: direction, traffic: traffic, remote: remote), name: allGroups))
            return
        }
        let group = matchedGroup ?? groups[0]
        hops.append(hop(.securityGroup, direction, group, .passed, rule: rule.id.rawValue,
            "security group \(ref.world.securityGroups[group]?.name ?? names): rule \(rule.id) allows \(rule.traffic) \(arrow) \(ref.world.peerText(rule.peer))",
            h))
    }

    /// A group reference matches the private addresses of the group's members only, never
    /// their public ones ("Security group rules").
    func peerMatches(_ peer: Peer, _ address: IPAddress, vpcID: VPC.ID) -> Bool {
        switch peer {
        case .cidr(let cidr): return cidr.contains(address)
        case .prefixList(let id): return world.prefixList(id)?.entries.contains { $0.contains(address) } ?? false
        case .securityGroup(let groupID):
            return remoteGroups(address, vpcID: vpcID).contains(groupID)
        }
    }


    /// The groups of the interface that owns a private address in this VPC: what a group
    /// reference can match (never a public address: "Security group rules").
    func remoteGroups(_ address: IPAddress, vpcID: VPC.ID, direction: Direction = .inbound) -> [SecurityGroup.ID] {
        var peered: [SecurityGroup.ID]?
        for eniID in world.interfaces(withPrivateAddress: address) {
            guard let member = world.interfaces[eniID] else { continue }
            if member.vpcID == vpcID { return member.securityGroupIDs }
            // "Update your security groups to reference peer security groups": a member in a
            // VPC peered with this one matches by its private address too; so does one across
            // a transit gateway with security-group referencing on, for inbound rules
            // ("Security group referencing" for transit gateways, 2024).
            if peered == nil, world.canReference(member.vpcID, from: vpcID, direction: direction) {
                peered = member.securityGroupIDs
            }
        }
        return peered ?? []
    }





    // MARK: Connection tracking

    /// Whether security groups track the request's flow at each interface it met
    /// ("Security group connection tracking": untracked only for TCP/UDP allowed from
    /// 0.0.0.0/0 with an all-traffic rule the other way; ICMP always tracked; NAT flows tracked).
    func trackingVerdicts(_ ipProtocol: IPProtocol) -> [Tracking] {
        admitted.compactMap { entry in
            guard !entry.rules.isEmpty, let eni = world.interfaces[entry.interfaceID] else { return nil }
            func tracked(_ reason: String) -> Tracking { Tracking(interfaceID: eni.id, tracked: true, reason: reason) }
            if ipProtocol == .icmp || ipProtocol == .icmpv6 { return tracked("ICMP flows are always tracked") }
            if !ipProtocol.hasPorts {
                return tracked("protocol \(ipProtocol.name) is tracked by address and protocol; replies are accepted for 600 s")
            }
            if crossedNAT { return tracked("flows through a NAT gateway are always tracked") }
            // "Security group connection tracking", automatically tracked connections.
            if crossedNLB { return tracked("flows through a Network Load Balancer are always tracked") }
            if case .endpoint? = eni.owner { return tracked("flows to an interface endpoint (AWS PrivateLink) are always tracked") }
            guard let wide = entry.rules.first(where: { $0.peer == .cidr(.anywhere) || $0.peer == .cidr(.anywhere6) }) else {
                return tracked("the rule that allows it (\(entry.rules[0].id)) names a narrower peer than 0.0.0.0/0 or ::/0")
            }
            var allBack: SecurityGroupRule?
            search: for groupID in eni.securityGroupIDs {
                guard let sg = world.securityGroups[groupID] else { continue }
                let rules = entry.direction == .inbound ? sg.egress : sg.ingress
                for i in rules.indices where rules[i].peer == .cidr(.anywhere) || rules[i].peer == .cidr(.anywhere6) {
                    let traffic = rules[i].traffic
                    if traffic.ipProtocol == .all || (traffic.ipProtocol == ipProtocol && traffic.match == .ports(.all)) {
                        allBack = rules[i]
                        break search
                    }
                }
            }
            guard let allBack else {
                return tracked("no \(entry.direction.opposite) rule allows all \(ipProtocol.name) traffic to 0.0.0.0/0")
            }
            return Tracking(
                interfaceID: eni.id, tracked: false,
                reason: "\(wide.id) allows it from 0.0.0.0/0 and \(allBack.id) allows every reply; removing \(wide.id) cuts it at once")
        }
    }
}

extension World {
    /// When a group-reference rule would have matched the sender's private address but the
    /// packet came from its public one (a hairpin through the internet gateway): say so
    /// ("Security group rules": references match private addresses only).
    func hairpinNote(_ remote: IPAddress, groups: [SecurityGroup.ID], direction: Direction) -> String? {
        guard let ownerID = self.interface(withPublicAddress: remote), let owner = self.interfaces[ownerID] else { return nil }
        for groupID in groups {
            guard let sg = self.securityGroups[groupID] else { continue }
            for rule in direction == .inbound ? sg.ingress : sg.egress {
                if case .securityGroup(let referenced) = rule.peer, owner.securityGroupIDs.contains(referenced) {
                    return "rule \(rule.id) names group \(self.securityGroups[referenced]?.name ?? referenced.rawValue), but a group reference matches private addresses only, and this packet comes from \(displayName(ownerID.erased) ?? ownerID.rawValue)'s public address \(remote) through the internet gateway"
                }
            }
        }
        return nil
    }

    func peerText(_ peer: Peer) -> String {
        switch peer {
        case .cidr(let c): return c.description
        case .securityGroup(let id): return "group \(self.securityGroups[id]?.name ?? id.rawValue) (\(id))"
        case .prefixList(let id): return "prefix list \(self.prefixList(id)?.name ?? id.rawValue)"
        }
    }

    func routeText(_ route: Route) -> String {
        "\(destinationText(route)) → \(route.target.id)"
    }

    /// A short name for any resource on the path; an interface goes by its owner's name.
    func displayName(_ id: AnyID) -> String? {
        guard id.storage.prefix == "eni-" else { return self.name(of: id) }
        if let eni = self.interfaces[id.typed()] {
            if let natID = eni.natGatewayID { return self.name(of: natID) }
            switch eni.owner {
            case .loadBalancer(let lbID)?: return self.name(of: lbID)
            case .endpoint(let endpointID)?: return self.name(of: endpointID)
            case nil: break
            }
            return eni.attachedResourceID.flatMap { self.name(of: $0) } ?? eni.name
        }
        return self.name(of: id)
    }

    func senderLabel(_ eni: NetworkInterface) -> String {
        if let natID = eni.natGatewayID { return "NAT gateway \(self.name(of: natID) ?? natID.rawValue)" }
        if let owner = eni.owner { return nodeLabel(eni, owner) }
        if let resource = eni.attachedResourceID { return self.name(of: resource) ?? resource.rawValue }
        return "network interface \(eni.name)"
    }
}
