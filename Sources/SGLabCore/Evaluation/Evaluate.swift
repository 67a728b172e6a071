extension World {
    /// Addresses neither security groups nor network ACLs filter: the Amazon DNS server, the
    /// instance metadata service and Time Sync ("Compare security groups and network ACLs",
    /// aws-semantics.md Part 1, decision 9).
    static let neverFiltered: [IPAddress: String] = [
        IPAddress(169, 254, 169, 253): "the Amazon DNS server (169.254.169.253)",
        IPAddress(169, 254, 169, 254): "the instance metadata service",
        IPAddress(169, 254, 169, 123): "the Amazon Time Sync Service",
    ]

    /// Evaluates a packet on its request leg and, for flows that have replies (TCP, UDP, ICMP
    /// echo), its response leg. Pure: the world is not changed.
    /// With `explain: false` the verdict, hops and codes are the same but the prose (details,
    /// packet views, summary, fix) is skipped: for expectations and generators that only need
    /// the verdict.
    public func evaluate(_ probe: Probe, explain: Bool = true) throws(AWSError) -> Trace {
        guard probe.ipProtocol != .all else {
            throw AWSError(nil, "a packet needs one protocol: tcp, udp, icmp or a protocol number", argument: "protocol")
        }
        if probe.ipProtocol.hasPorts && probe.destinationPort == nil {
            throw AWSError(
                nil, "a \(probe.ipProtocol.name) packet needs a destination port, e.g. web:443", argument: "destination")
        }
        let source = try resolveSource(probe.source)
        var target = try resolveDestination(
            probe.destination, from: source, port: probe.destinationPort, ipProtocol: probe.ipProtocol)
        var sourceAddress: IPAddress
        switch source {
        case .interface(let id): sourceAddress = interfaces[id]!.privateAddress
        case .host(let a): sourceAddress = a
        }
        // Decision 25: an end given as an IPv6 address makes the packet IPv6, and a resource
        // named at the other end is reached at its IPv6 address.
        if sourceAddress.isIPv6 != target.address.isIPv6 {
            if target.address.isIPv6, case .interface(let id) = source {
                guard let six = interfaces[id]?.ipv6Address else {
                    throw AWSError(
                        nil, "\(displayName(id.erased) ?? id.rawValue) has no IPv6 address, so it cannot reach \(target.address)",
                        argument: "source", fix: "ipv6 assign \(displayName(id.erased) ?? id.rawValue) (its subnet needs an IPv6 /64)")
                }
                sourceAddress = six
            } else if sourceAddress.isIPv6, case .interface(let id, _) = target {
                guard let six = interfaces[id]?.ipv6Address else {
                    throw AWSError(
                        nil, "\(displayName(id.erased) ?? id.rawValue) has no IPv6 address, so \(sourceAddress) cannot reach it",
                        argument: "destination", fix: "ipv6 assign \(displayName(id.erased) ?? id.rawValue) (its subnet needs an IPv6 /64)")
                }
                target = .interface(id, six)
            } else {
                throw AWSError(
                    nil, "one end is IPv4 (\(sourceAddress.isIPv6 ? target.address : sourceAddress)) and the other IPv6: a packet has one family",
                    argument: "destination")
            }
        }
        let destinationAddress = target.address
        if case .interface(let id) = source, case .interface(let other, _) = target, id == other {
            throw AWSError(nil, "the source and the destination are the same network interface", argument: "destination")
        }
        let ports = probe.ipProtocol.hasPorts
        let header = Header(
            source: sourceAddress, destination: destinationAddress,
            sourcePorts: PortRange(ports ? probe.sourcePort ?? Probe.defaultSourcePort : 0),
            destinationPorts: PortRange(ports ? probe.destinationPort ?? 0 : 0), ipProtocol: probe.ipProtocol,
            icmp: probe.icmp)
        var connection: Connection?
        if !connections.isEmpty {
            let (sourceKey, destinationKey, sport, dport) = endpointKeys(source, target, probe)
            connection = connections.first { $0.matches(probe.ipProtocol, sourceKey, sport, destinationKey, dport) }
        }
        var walk = Walk(world: self, explain: explain)
        if case .loadBalancer = target { walk.flow = .front }
        if let connection {
            for t in connection.tracking { walk.established[t.interfaceID] = t.tracked }
        }
        let summary = explain
            ? "\(probe.ipProtocol == .icmp ? "icmp \(probe.icmp)" : probe.ipProtocol.name) \(describe(source, header.source, header.sourcePorts, ports)) → \(describeTarget(target, header.destinationPorts, ports))"
            : ""

        // Never-filtered service addresses.
        if case .interface(let id) = source, let eni = interfaces[id] {
            let vpc = vpcs[eni.vpcID]!
            let service = destinationAddress == vpc.resolverAddress
                ? "the Amazon DNS server of \(vpc.name) (\(vpc.resolverAddress), the VPC base + 2)"
                : World.neverFiltered[destinationAddress]
            if let service {
                walk.hops.append(walk.hop(.note, nil, vpc.id, .info,
                         "\(service) is never filtered: no security group or network ACL applies, and flow logs do not record it",
                         header))
                return Trace(summary: summary, hops: walk.hops, tracking: [], connection: connection?.number, fix: nil, advice: nil)
            }
        }

        // Addresses that never travel (decision 14): no broadcast or multicast in a VPC, and
        // 0/8, 127/8 and link-local go nowhere.
        if let why = neverTravels(destinationAddress, from: source) {
            // The sender's own checks still come first (decision 4's order).
            if case .interface(let id) = source, let eni = interfaces[id] {
                walk.checkResourceOutbound(eni, header)
                if eni.natGatewayID == nil { walk.checkSecurityGroups(eni, .outbound, header) }
            }
            walk.hops.append(walk.hop(.destination, .inbound, nil, .failed, "\(destinationAddress) \(why)", header))
            return Trace(summary: summary, hops: walk.hops, tracking: [], connection: connection?.number, fix: nil,
                         advice: explain ? "send it to one resource's address instead" : nil)
        }

        // Request leg.
        let arrival: Walk.Arrival
        switch source {
        case .interface(let id):
            arrival = walk.leave(id, header)
        case .host:
            arrival = walk.fromInternet(header, target: target, world: self)
        }
        if let error = walk.notModelled { throw error }
        // An ICMPv6 packet stands for a ping6 (echo request 128, echo reply 129).
        let hasReply = probe.ipProtocol.hasPorts || (probe.ipProtocol == .icmp && probe.icmp == .echoRequest)
            || probe.ipProtocol == .icmpv6
        switch arrival {
        case .dropped: break
        case .interface(let id, let received):
            if case .loadBalancer(let choice, _) = target, id == choice.nodeID {
                finishReply(&walk, walk.loadBalance(choice, received, hasReply: hasReply))
                break
            }
            let failed = walk.hasFailed
            walk.hops.append(walk.hop(.note, nil, id, .info, Walk.arrival("reaches \(senderLabel(interfaces[id]!)) at \(received.destination)", failed), received))
            if hasReply {
                walk.leg = .response
                finishReply(&walk, walk.leave(id, received.reply))
            }
        case .host(let received):
            let failed = walk.hasFailed
            walk.hops.append(walk.hop(.note, nil, nil, .info, Walk.arrival("reaches \(hostLabel(received.destination))", failed), received))
            if hasReply {
                walk.leg = .response
                finishReply(&walk, walk.gatewayEndpointReturn != nil
                    ? walk.backThroughGatewayEndpoint(received.reply) : walk.internet(received.reply))
            }
        }
        if let error = walk.notModelled { throw error }
        let tracking = walk.trackingVerdicts(probe.ipProtocol)
        var fix: Fix?
        var advice: String?
        if explain, let failed = walk.hops.first(where: { $0.status == .failed }) {
            (fix, advice) = suggestFix(for: failed)
        }
        var trace = Trace(
            summary: summary, hops: walk.hops, tracking: tracking, connection: connection?.number, fix: fix, advice: advice)
        trace.flowLog = walk.flowLog
        if explain {
            let sourceName: String
            switch source {
            case .interface(let id): sourceName = displayName(id.erased) ?? id.rawValue
            case .host(let a): sourceName = a == EndpointReference.internetHost ? "internet" : a == EndpointReference.internetHost6 ? "internet6" : a.description
            }
            let destinationName: String
            switch target {
            case .interface(let id, _): destinationName = displayName(id.erased) ?? id.rawValue
            case .natGateway(let id, _): destinationName = name(of: id) ?? id.rawValue
            case .loadBalancer(let choice, _): destinationName = name(of: choice.loadBalancerID) ?? choice.loadBalancerID.rawValue
            case .address(let a) where AWSService.owning(a) != nil && publicAddresses[a] == nil:
                destinationName = AWSService.owning(a)!.name
            case .address(let a):
                if let owner = publicAddresses[a] {
                    destinationName = displayName(owner.erased) ?? a.description
                } else {
                    destinationName = a == EndpointReference.internetHost ? "internet" : a == EndpointReference.internetHost6 ? "internet6" : a.description
                }
            }
            trace.ends = (sourceName, destinationName)
        }
        return trace
    }

    /// Why a destination address is delivered nowhere, or nil ("Amazon VPC FAQs": no broadcast or
    /// multicast in a VPC, multicast only through a transit gateway domain; RFC 5735 special
    /// blocks; aws-semantics.md Part 1, decision 14).
    func neverTravels(_ address: IPAddress, from source: Endpoint) -> String? {
        if address == IPAddress(255, 255, 255, 255) { return "is the broadcast address: a VPC delivers no broadcast" }
        if CIDR("224.0.0.0/4").contains(address) {
            return "is a multicast address: a VPC delivers multicast only inside a transit gateway multicast domain"
        }
        if CIDR("0.0.0.0/8").contains(address) { return "is in 0.0.0.0/8 (\"this network\"): it goes nowhere" }
        if CIDR("127.0.0.0/8").contains(address) { return "is a loopback address: it never leaves the sender" }
        if address.isLinkLocal, World.neverFiltered[address] == nil {
            return "is a link-local address: only the instance metadata service, the Amazon DNS server and Time Sync answer in 169.254.0.0/16"
        }
        if case .interface(let id) = source, let vpc = interfaces[id]?.vpcID,
            let subnet = subnet(containing: address, in: vpc), address == subnet.cidr.last
        {
            return "is the broadcast address of subnet \(subnet.name) (reserved): a VPC delivers no broadcast"
        }
        return nil
    }

    /// An address outside every VPC, named for people: an AWS service, or an internet host.
    func hostLabel(_ address: IPAddress) -> String {
        if let service = AWSService.owning(address) { return "\(service.name) (\(service.serviceName)) at \(address)" }
        return "the internet host \(address)"
    }

    private func finishReply(_ walk: inout Walk, _ arrival: Walk.Arrival) {
        switch arrival {
        case .interface(let id, let h):
            let failed = walk.hasFailed
            walk.hops.append(walk.hop(.note, nil, id, .info, Walk.arrival("the reply reaches \(senderLabel(interfaces[id]!)) at \(h.destination)", failed), h))
        case .host(let h):
            let failed = walk.hasFailed
            walk.hops.append(walk.hop(.note, nil, nil, .info, Walk.arrival("the reply reaches \(hostLabel(h.destination))", failed), h))
        case .dropped: break
        }
    }

    private func describe(_ endpoint: Endpoint, _ address: IPAddress, _ ports: PortRange, _ hasPorts: Bool) -> String {
        func at(_ a: IPAddress) -> String { hasPorts ? a.withPort(ports) : "\(a)" }
        switch endpoint {
        case .interface(let id):
            let eni = interfaces[id]!
            let display = displayName(eni.id.erased) ?? eni.name
            return "\(display) (\(at(address)))"
        case .host(let a):
            if a == EndpointReference.internetHost6 { return "internet6 (\(at(a)))" }
            return a == EndpointReference.internetHost ? "internet (\(at(a)))" : at(a)
        }
    }

    private func describeTarget(_ target: Target, _ ports: PortRange, _ hasPorts: Bool) -> String {
        func at(_ a: IPAddress) -> String { hasPorts ? a.withPort(ports) : "\(a)" }
        switch target {
        case .interface(let id, let a):
            let eni = interfaces[id]!
            let display = displayName(eni.id.erased) ?? eni.name
            return "\(display) (\(at(a)))"
        case .natGateway(let id, let a): return "\(name(of: id) ?? id.rawValue) (\(at(a)))"
        case .loadBalancer(let choice, let a):
            return "\(name(of: choice.loadBalancerID) ?? choice.loadBalancerID.rawValue) (\(at(a)))"
        case .address(let a) where AWSService.owning(a) != nil && publicAddresses[a] == nil:
            return "\(AWSService.owning(a)!.name) (\(at(a)))"
        case .address(let a):
            if let owner = publicAddresses[a], let eni = interfaces[owner] {
                let display = eni.attachedResourceID.flatMap { self.name(of: $0) } ?? eni.natGatewayID.flatMap { self.name(of: $0) } ?? eni.name
                return "\(display) (\(at(a)))"
            }
            if a == EndpointReference.internetHost6 { return "internet6 (\(at(a)))" }
            return a == EndpointReference.internetHost ? "internet (\(at(a)))" : at(a)
        }
    }
}

extension Walk {
    /// Once a check has failed the walk goes on as if it had passed, so every later problem
    /// shows at once; the arrival line says so.
    var hasFailed: Bool { hops.contains { $0.status == .failed } }

    static func arrival(_ text: String, _ failedBefore: Bool) -> String {
        failedBefore ? "\(text) — only if the failed checks above are fixed" : text
    }

    /// A packet that starts on the internet. It can only reach a VPC through a public or
    /// Elastic IP address (aws-semantics.md Part 1, decisions 2 and 7).
    mutating func fromInternet(_ h: Header, target: World.Target, world: World) -> Arrival {
        if world.interface(withPublicAddress: h.destination) != nil { return internet(h) }
        if h.destination.isPrivateOrShared || world.vpcs.values.contains(where: { $0.contains(h.destination) }) {
            // Find who the packet was meant for, to name the gateway that has nothing to map.
            var owner: NetworkInterface.ID?
            if case .interface(let id, _) = target { owner = id }
            if owner == nil {
                owner = world.interfaces(withPrivateAddress: h.destination).first
            }
            let vpcID = owner.flatMap { world.interfaces[$0]?.vpcID }
                ?? world.vpcs.values.first(where: { $0.contains(h.destination) })?.id
            guard let vpcID, let vpc = world.vpcs[vpcID] else {
                hops.append(hop(.destination, .inbound, nil, .failed,
                    "\(h.destination) is a private address outside every VPC: nothing on the internet can reach it",
                    code: "UNKNOWN_DESTINATION", h))
                return .dropped
            }
            let igw = world.internetGateway(of: vpcID)
            let why = owner.flatMap { world.interfaces[$0] }.map { "\(world.senderLabel($0)) has no public or Elastic IP address mapped to it" }
                ?? "no resource has that address, and the internet never reaches a private address"
            hops.append(hop(.internetGateway, .inbound, igw?.id ?? vpcID, .failed,
                "\(igw.map { "internet gateway \($0.name)" } ?? "VPC \(vpc.name), which has no internet gateway,") cannot deliver to \(h.destination): \(why)",
                code: "IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS", h,
                failure: owner.map { .noPublicAddress(interfaceID: $0) } ?? .unfixable))
            return .dropped
        }
        if World.publicPool.contains(h.destination) { return internet(h) }
        notModelled = AWSError(
            nil, "both ends are on the internet (\(h.source) → \(h.destination)): nothing in AWS is on that path",
            argument: "destination")
        return .dropped
    }
}
