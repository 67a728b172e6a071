/// Packets through load balancers and VPC endpoints (aws-semantics.md Part 1, decisions 21 and
/// 22; aws-services.md §1, §2 and §5).

/// What a packet to a load balancer's listener port is sent to: the node, and behind it the
/// listener, target group and target the load balancer forwards to.
struct LoadBalancerChoice: Hashable, Sendable {
    let loadBalancerID: LoadBalancer.ID
    /// The node that takes the client's connection: the one in the target's zone.
    let nodeID: NetworkInterface.ID
    let listener: Listener?
    /// Targets in enabled zones, in registration order; the packet goes to the first.
    let candidates: [TargetAddress]
}

/// One target's health as `lb health` shows it ("Health checks for your target groups").
public struct TargetHealth: Sendable {
    public let targetGroupID: TargetGroup.ID
    public let target: TargetAddress
    public let port: UInt16
    public let healthy: Bool
    /// AWS's reason code (TargetHealth API): Target.Timeout, Target.NotInUse, …
    public let reason: String?
    /// The node whose check failed, and the first failing hop of that check.
    public let failingNode: NetworkInterface.ID?
    public let failingHop: Hop?
}

extension World {
    /// The node and target a packet to `lbID` on `port` goes to. Targets in zones the load
    /// balancer is not enabled in get no traffic ("Availability Zones for your Application Load
    /// Balancer"); the node is the one in the first target's zone.
    func loadBalancerChoice(_ lbID: LoadBalancer.ID, port: UInt16?, ipProtocol: IPProtocol) -> LoadBalancerChoice {
        let lb = loadBalancers[lbID]!
        let listener = lb.listeners.first { $0.port == port && $0.listenerProtocol.carries(ipProtocol) }
        var candidates: [TargetAddress] = []
        var node = lb.nodeInterfaceIDs[0]
        if let listener, let tg = targetGroups[listener.targetGroupID] {
            let zones = lb.subnetIDs.compactMap { subnets[$0]?.availabilityZone }
            candidates = tg.targets.filter { target in
                guard let zone = zone(of: target, in: lb.vpcID) else { return true }
                return zones.contains(zone)
            }
            if let first = candidates.first, let zone = zone(of: first, in: lb.vpcID),
                let index = zones.firstIndex(of: zone)
            {
                node = lb.nodeInterfaceIDs[index]
            }
        }
        return LoadBalancerChoice(loadBalancerID: lbID, nodeID: node, listener: listener, candidates: candidates)
    }

    /// The Availability Zone of a target, when it sits in one of the VPC's subnets.
    func zone(of target: TargetAddress, in vpcID: VPC.ID) -> String? {
        // The interface's subnet when one owns the address: a look-up, not a scan of the subnets.
        if let eni = targetInterface(target, in: vpcID).flatMap({ interfaces[$0] }) {
            return subnets[eni.subnetID]?.availabilityZone
        }
        guard let address = targetAddress(target) else { return nil }
        return subnet(containing: address, in: vpcID)?.availabilityZone
    }

    /// The interface a target receives on, when one in the VPC owns its address.
    func targetInterface(_ target: TargetAddress, in vpcID: VPC.ID) -> NetworkInterface.ID? {
        switch target {
        case .instance(let id): return resources[id]?.primaryInterfaceID
        case .ip(let address): return interfaces(withPrivateAddress: address).first { interfaces[$0]?.vpcID == vpcID }
        }
    }

    func nodeLabel(_ eni: NetworkInterface, _ owner: InterfaceOwner) -> String {
        let zone = subnets[eni.subnetID]?.availabilityZone ?? ""
        switch owner {
        case .loadBalancer(let id):
            let lb = loadBalancers[id]
            let kind = lb?.type == .network ? "Network Load Balancer" : "Application Load Balancer"
            return "\(kind) \(lb?.name ?? id.rawValue) (node in \(zone))"
        case .endpoint(let id):
            let endpoint = vpcEndpoints[id]
            return "interface endpoint \(endpoint?.name ?? id.rawValue) for \(endpoint?.service ?? "a service") (node in \(zone))"
        }
    }

    // MARK: Health checks

    /// Every target's health check: from each node, node → target on the health-check port and
    /// the reply, through both subnets' network ACLs and both groups ("Health checks for your
    /// target groups"; "Target security groups"). A target is reported unhealthy when the check
    /// from any enabled node fails.
    public func targetHealth(_ lbID: LoadBalancer.ID) throws(AWSError) -> [TargetHealth] {
        guard let lb = loadBalancers[lbID] else { throw AWSError.notFound(.loadBalancer, lbID, argument: "lb") }
        var seen: [TargetGroup.ID] = []
        var results: [TargetHealth] = []
        for listener in lb.listeners where !seen.contains(listener.targetGroupID) {
            seen.append(listener.targetGroupID)
            guard let tg = targetGroups[listener.targetGroupID] else { continue }
            for target in tg.targets { results.append(healthCheck(lb, tg, target, explain: true)) }
        }
        return results
    }

    func healthCheck(_ lb: LoadBalancer, _ tg: TargetGroup, _ target: TargetAddress, explain: Bool) -> TargetHealth {
        let port = tg.effectiveHealthCheckPort
        let zones = lb.subnetIDs.compactMap { subnets[$0]?.availabilityZone }
        if let zone = zone(of: target, in: lb.vpcID), !zones.contains(zone) {
            return TargetHealth(
                targetGroupID: tg.id, target: target, port: port, healthy: false, reason: "Target.NotInUse",
                failingNode: nil, failingHop: nil)
        }
        for nodeID in lb.nodeInterfaceIDs {
            let hops = healthCheckHops(from: nodeID, to: target, port: port, explain: explain)
            if let failed = hops.first(where: { $0.status == .failed }) {
                return TargetHealth(
                    targetGroupID: tg.id, target: target, port: port, healthy: false,
                    reason: failed.component == .resource ? "Target.FailedHealthChecks" : "Target.Timeout",
                    failingNode: nodeID, failingHop: failed)
            }
        }
        return TargetHealth(
            targetGroupID: tg.id, target: target, port: port, healthy: true, reason: nil, failingNode: nil, failingHop: nil)
    }

    /// One node's check of one target: both legs, the hops of the walk.
    func healthCheckHops(from nodeID: NetworkInterface.ID, to target: TargetAddress, port: UInt16, explain: Bool) -> [Hop] {
        guard let node = interfaces[nodeID], let address = targetAddress(target) else { return [] }
        var walk = Walk(world: self, explain: explain)
        walk.flow = .back
        // Health checks are TCP (or HTTP/HTTPS over TCP) from the node's private address, from
        // a port in 1024-65535 ("Health checks for your target groups").
        let header = Header(
            source: node.privateAddress, destination: address, sourcePorts: .ephemeralAWS, destinationPorts: PortRange(port),
            ipProtocol: .tcp, icmp: .echoRequest)
        if case .interface(let targetID, let received) = walk.leave(nodeID, header) {
            walk.leg = .response
            _ = walk.leave(targetID, received.reply)
        }
        return walk.hops
    }
}

extension Walk {
    // MARK: Nodes of services

    /// A packet that reached a load balancer's or an endpoint's node past its groups.
    mutating func serviceNodeReceives(_ eni: NetworkInterface, _ owner: InterfaceOwner, _ h: Header) {
        guard case .endpoint(let endpointID) = owner, leg == .request, let endpoint = world.vpcEndpoints[endpointID] else { return }
        // "Access an AWS service using an interface VPC endpoint": the services answer HTTPS.
        if h.ipProtocol != .tcp || h.destinationPorts != PortRange(443) {
            hops.append(hop(.note, nil, endpointID, .info,
                "interface endpoint \(endpoint.name) takes \(endpoint.service)'s HTTPS on TCP 443 only; nothing answers \(h.ipProtocol.name)\(h.ipProtocol.hasPorts ? " \(h.destinationPorts)" : "") even where the network lets it through",
                h))
        } else {
            hops.append(hop(.note, nil, endpointID, .info,
                "interface endpoint \(endpoint.name) hands it to \(endpoint.service) inside AWS's network", h))
        }
    }

    // MARK: Gateway endpoints

    /// Out through a gateway endpoint: the packet keeps its private source and reaches the
    /// service without an internet gateway or NAT ("Gateway endpoints").
    mutating func throughGatewayEndpoint(_ endpointID: VPCEndpoint.ID, from sender: NetworkInterface, _ h: Header) -> Arrival {
        let endpoint = world.vpcEndpoints[endpointID]!
        hops.append(hop(.note, nil, endpointID, .info,
            "gateway endpoint \(endpoint.name) carries it to \(endpoint.service) inside AWS's network, with its private source \(h.source)",
            h))
        if leg == .request { gatewayEndpointReturn = (endpointID, sender.id) }
        return .host(h)
    }

    /// The service's reply comes back through the gateway endpoint to the sender's subnet: its
    /// network ACL inbound (the reply's ephemeral port), then the security groups.
    mutating func backThroughGatewayEndpoint(_ h: Header) -> Arrival {
        guard let (endpointID, senderID) = gatewayEndpointReturn, let sender = world.interfaces[senderID],
            let subnet = world.subnets[sender.subnetID]
        else { return .dropped }
        let endpoint = world.vpcEndpoints[endpointID]
        hops.append(hop(.note, nil, endpointID, .info,
            "gateway endpoint \(endpoint?.name ?? endpointID.rawValue) brings \(endpoint?.service ?? "the service")'s reply back into the VPC",
            h))
        let mark = hops.count
        checkNetworkACL(subnet, .inbound, h)
        return enter(senderID, h, since: mark)
    }

    // MARK: Load balancers

    /// The rest of a packet that reached a load balancer's node: the listener, the back flow to
    /// the target (request and reply), and the front flow's reply to the client (decision 21).
    mutating func loadBalance(_ choice: LoadBalancerChoice, _ front: Header, hasReply: Bool) -> Arrival {
        let ref = self.ref
        let lb = world.loadBalancers[choice.loadBalancerID]!
        let lbName = lb.name
        let nodeID = choice.nodeID
        let node = world.interfaces[nodeID]!
        if lb.type == .network { crossedNLB = true }
        guard front.ipProtocol.hasPorts else {
            // An ALB answers ping itself; pings never reach the targets ("Security groups for
            // your Application Load Balancer", ICMP). An NLB forwards only TCP, UDP and TLS.
            if lb.type == .application && front.ipProtocol == .icmp {
                hops.append(hop(.loadBalancer, .inbound, lb.id, .passed,
                    "Application Load Balancer \(lbName) answers ICMP itself: it never reaches the targets", front))
                return frontReply(nodeID, front, hasReply: hasReply)
            }
            hops.append(hop(.loadBalancer, .inbound, lb.id, .failed,
                "\(lb.type.noun) \(lbName) forwards only what its listeners take (\(lb.type == .application ? "HTTP and HTTPS over TCP" : "TCP, UDP and TLS")): \(front.ipProtocol.name) goes nowhere",
                front))
            return .dropped
        }
        let port = front.destinationPorts.from
        guard let listener = choice.listener, let tg = world.targetGroups[listener.targetGroupID] else {
            let ports = lb.listeners.map { "\($0.listenerProtocol.rawValue) \($0.port)" }
            hops.append(hop(.loadBalancer, .inbound, lb.id, .failed,
                "\(lb.type.noun) \(lbName) has no \(front.ipProtocol.name) listener on port \(port)\(ports.isEmpty ? ": it has no listeners at all" : " (its listeners: \(ports.joined(separator: ", ")))"), so nothing takes the connection",
                front, failure: .noListener(loadBalancerID: lb.id, port: port, ipProtocol: front.ipProtocol)))
            return .dropped
        }
        guard !tg.targets.isEmpty else {
            hops.append(hop(.loadBalancer, .inbound, lb.id, .failed, rule: "\(listener.listenerProtocol.rawValue) \(listener.port)",
                "target group \(tg.name) has no registered targets: \(lbName) answers 503 Service Unavailable",
                front, failure: .noTargets(targetGroupID: tg.id)))
            return .dropped
        }
        guard var target = choice.candidates.first else {
            hops.append(hop(.loadBalancer, .inbound, lb.id, .failed, rule: "\(listener.listenerProtocol.rawValue) \(listener.port)",
                "no target of \(tg.name) is in an Availability Zone \(lbName) is enabled in: targets in other zones get no traffic",
                front))
            return .dropped
        }
        // Each node routes only to targets its own health checks find healthy; when none is,
        // it routes to all of them ("Health checks for your target groups": fail-open).
        let mark = (hops: hops.count, flowLog: flowLog.count, admitted: admitted.count)
        let checkPort = tg.effectiveHealthCheckPort
        // When the health check takes the packet's own path (same node address, TCP, same
        // port), the back flow's verdict is the check's: no second walk.
        let sameAsCheck = !tg.preservesClientIP && front.ipProtocol == .tcp && checkPort == tg.port
        func healthy(_ candidate: TargetAddress) -> Bool {
            !world.healthCheckHops(from: nodeID, to: candidate, port: checkPort, explain: false)
                .contains { $0.status == .failed }
        }
        backFlow(lb, node, listener, tg, target, front, hasReply: hasReply)
        let firstHealthy = sameAsCheck ? !hops[mark.hops...].contains { $0.status == .failed } : healthy(target)
        if !firstHealthy {
            if let other = choice.candidates.dropFirst().first(where: healthy) {
                hops.removeSubrange(mark.hops...)
                flowLog.removeSubrange(mark.flowLog...)
                admitted.removeSubrange(mark.admitted...)
                let skipped = ref.world.targetText(target)
                flow = .front
                leg = .request
                hops.append(hop(.note, nil, lb.id, .info,
                    "\(skipped) fails its health checks from this node, so \(lbName) sends the connection to a healthy target", front))
                target = other
                backFlow(lb, node, listener, tg, target, front, hasReply: hasReply)
            } else {
                let saved = (flow, leg)
                flow = .front
                leg = .request
                hops.insert(hop(.note, nil, lb.id, .info,
                    "every target of \(tg.name) fails its health checks from this node (see lb health \(lbName)); \(lbName) routes to them anyway (fail-open)",
                    front), at: mark.hops)
                (flow, leg) = saved
            }
        }
        flow = .front
        return frontReply(nodeID, front, hasReply: hasReply)
    }

    /// The back flow: the listener hands the connection to the target, a new connection from
    /// the node (or, with client IP preservation, carrying the client's address), walked with
    /// its reply.
    private mutating func backFlow(
        _ lb: LoadBalancer, _ node: NetworkInterface, _ listener: Listener, _ tg: TargetGroup, _ target: TargetAddress,
        _ front: Header, hasReply: Bool
    ) {
        let ref = self.ref
        flow = .front
        leg = .request
        guard let targetAddress = world.targetAddress(target) else { return }
        let preserve = tg.preservesClientIP
        let back = Header(
            source: preserve ? front.source : node.privateAddress, destination: targetAddress,
            sourcePorts: preserve ? front.sourcePorts : .ephemeralAWS, destinationPorts: PortRange(tg.port),
            ipProtocol: front.ipProtocol, icmp: front.icmp)
        let who: String
        if lb.type == .application {
            who = "the target sees the node's address \(node.privateAddress); the client's is only in X-Forwarded-For"
        } else if preserve {
            who = "client IP preservation is on: the target sees the client's address \(front.source)"
        } else {
            who = "client IP preservation is off: the target sees the node's address \(node.privateAddress)"
        }
        let targetName = ref.world.targetText(target)
        hops.append(hop(.loadBalancer, .inbound, lb.id, .passed, rule: "\(listener.listenerProtocol.rawValue) \(listener.port)",
            "\(lb.name): listener \(listener.listenerProtocol.rawValue.uppercased()) \(listener.port) → target group \(tg.name) → \(targetName):\(tg.port), a new connection from the node; \(who)",
            front, translated: back))
        flow = .back
        // "Troubleshoot your Network Load Balancer": a target that reaches itself through the
        // load balancer with client IP preservation on sees its own address as the source and
        // answers itself directly; the connection times out.
        if preserve, front.source == targetAddress {
            hops.append(hop(.loadBalancer, .outbound, lb.id, .failed,
                "\(targetName) reaches itself through \(lb.name) with client IP preservation on: it sees its own address as the source, answers itself directly, and the connection times out (hairpinning)",
                back, failure: .hairpin(targetGroupID: tg.id)))
            return
        }
        if preserve && lb.type == .network { forwardingGroups = lb.securityGroupIDs }
        let arrival = leave(node.id, back)
        forwardingGroups = []
        guard case .interface(let targetID, let received) = arrival else { return }
        let failed = hasFailed
        hops.append(hop(.note, nil, targetID, .info,
            Walk.arrival("reaches \(ref.world.senderLabel(ref.world.interfaces[targetID]!)) at \(received.destination)", failed), received))
        guard hasReply else { return }
        leg = .response
        if preserve {
            _ = replyToNode(from: targetID, to: node.id, received.reply)
        } else {
            _ = leave(targetID, received.reply)
        }
    }

    /// The node answers the client: the front flow's reply leg.
    private mutating func frontReply(_ nodeID: NetworkInterface.ID, _ front: Header, hasReply: Bool) -> Arrival {
        guard hasReply else { return .dropped }
        leg = .response
        return leave(nodeID, front.reply)
    }

    /// With client IP preservation the target answers the client's address, and the Network
    /// Load Balancer, which tracks the flow, takes the reply back whatever the target's route
    /// table says ("Client IP preservation"): the target's group and both subnets' network ACLs
    /// see it.
    private mutating func replyToNode(from targetID: NetworkInterface.ID, to nodeID: NetworkInterface.ID, _ h: Header) -> Arrival {
        guard let target = world.interfaces[targetID], let node = world.interfaces[nodeID],
            let targetSubnet = world.subnets[target.subnetID], let nodeSubnet = world.subnets[node.subnetID]
        else { return .dropped }
        let mark = hops.count
        checkSecurityGroups(target, .outbound, h)
        if targetSubnet.id != nodeSubnet.id { checkNetworkACL(targetSubnet, .outbound, h) }
        log(targetID, .outbound, h, since: mark)
        hops.append(hop(.note, nil, node.owner.flatMap { if case .loadBalancer(let id) = $0 { return id } else { return nil } }, .info,
            "the reply to \(h.destination) goes back through the load balancer, which tracks the flow, not by the target's route table",
            h))
        let markIn = hops.count
        if targetSubnet.id != nodeSubnet.id { checkNetworkACL(nodeSubnet, .inbound, h) }
        log(nodeID, .inbound, h, since: markIn)
        return .interface(nodeID, h)
    }
}
