import SGLabCore

/// Traffic that reaches one interface: a protocol and port interval, who can send it, and
/// one packet that shows the path.
public struct ExposedRange: Sendable {
    /// `tcp`, `udp`, `icmp`, a protocol number, or `.all` for "every other protocol".
    public let ipProtocol: IPProtocol
    /// For TCP and UDP, the destination ports; nil otherwise.
    public let ports: PortRange?
    /// The senders that get through: CIDR blocks (from the internet) or names (from inside).
    public let sources: [String]
    /// The example packet, and the evaluator's trace of it.
    public let example: Probe
    public let trace: Trace

    /// `tcp 22`, `udp 1024-65535`, `icmp echo-request`, `protocol 47`, `every other protocol`.
    public var traffic: String {
        if let ports { return "\(ipProtocol.name) \(ports)" }
        if ipProtocol == .icmp { return "icmp echo-request" }
        if ipProtocol == .all { return "every other protocol" }
        return "protocol \(ipProtocol.name)"
    }
}

/// What reaches one network interface.
public struct InterfaceExposure: Sendable {
    public let interfaceID: NetworkInterface.ID
    /// `web-1 (eni-…)`: the resource's name when the interface has none of its own.
    public let label: String
    /// The address the senders use (its public one from the internet).
    public let address: IPAddress
    public let ranges: [ExposedRange]
}

/// `web-1 (eni-…)` for a resource's unnamed interface, else the interface's own label.
func interfaceLabel(_ world: World, _ id: NetworkInterface.ID) -> String {
    guard let eni = world.interfaces[id], eni.name == id.rawValue, let r = eni.attachedResourceID else { return world.label(id) }
    return "\(world.reference(to: r)) (\(id))"
}

/// Who sends: any host on the internet, or the interfaces of a subnet, group or resource.
public enum ExposureSource: Sendable {
    case internet
    case interfaces(label: String, [NetworkInterface.ID])
}

/// `sglab exposure`: Network Access Analyzer's "what can reach this interface?" answered
/// offline by the evaluator over whole ranges. Ports and source addresses are cut at every
/// boundary of every rule and entry that can decide them (the interface's security groups,
/// its subnet's network ACL both ways, and the sender's side when the sender is inside), so
/// the verdict is the same for every packet of a piece: one packet per piece decides it, and
/// adjacent pieces with the same senders are merged. ICMP is tried with an echo request only.
public enum Exposure {
    /// A source named in a command: `internet`, a subnet, a security group, a resource or an
    /// interface (their interfaces send).
    public static func source(_ reference: String, in world: World) throws(AWSError) -> ExposureSource {
        if reference == "internet" { return .internet }
        if let subnet = world.lookup(Subnet.self, reference) {
            let members = world.interfaces.values.filter { $0.subnetID == subnet && $0.natGatewayID == nil }.map(\.id).sorted()
            return .interfaces(label: "subnet \(world.label(subnet))", members)
        }
        if let group = world.lookup(SecurityGroup.self, reference) {
            return .interfaces(label: "security group \(world.label(group))", world.members(of: group).sorted())
        }
        if let resource = world.lookup(Resource.self, reference) {
            return .interfaces(label: world.label(resource), world.resources[resource]!.interfaceIDs)
        }
        guard let eni = world.lookup(NetworkInterface.self, reference) else {
            let names = [ResourceType.subnet, .securityGroup, .resource, .networkInterface].flatMap { world.allNames(of: $0) }
            throw AWSError(
                nil, "\(reference) names no subnet, security group, resource or network interface (nor is it internet)",
                argument: "from", fix: nearest(reference, among: names + ["internet"]).map { "did you mean \($0)?" })
        }
        return .interfaces(label: world.label(eni), [eni])
    }

    public static func run(_ world: World, from source: ExposureSource = .internet) -> [InterfaceExposure] {
        var analysis = Analysis(world: world, source: source)
        let ids = world.interfaces.values.filter { $0.natGatewayID == nil }.map(\.id).sorted()
        var result: [InterfaceExposure] = []
        for id in ids {
            if let four = analysis.exposure(of: id) { result.append(four) }
            if case .internet = source, let six = analysis.ipv6Exposure(of: id) { result.append(six) }
        }
        return result
    }
}

/// One piece of the sender space: an address interval (internet) or an interface (inside).
private struct Sender: Hashable {
    var first: IPAddress
    var last: IPAddress
    var interface: NetworkInterface.ID?
    /// nil: no internet host has an address in this interval (private or special space, a
    /// VPC's block), so no packet is tried from it and it sides with its neighbours.
    var representative: EndpointReference?
}

/// What one kind of interface (same subnet, groups, public address and resource) is open to:
/// per traffic piece, the senders (by index) and the example sender.
private struct Shape {
    struct Piece {
        /// As shown (`.all` for every other protocol) and as the packets are sent.
        var ipProtocol: IPProtocol
        var ports: PortRange?
        var senders: [Int]
        var probed: IPProtocol

        init(ipProtocol: IPProtocol, ports: PortRange?, senders: [Int], probed: IPProtocol? = nil) {
            self.ipProtocol = ipProtocol
            self.ports = ports
            self.senders = senders
            self.probed = probed ?? ipProtocol
        }
    }
    var senders: [Sender]
    var pieces: [Piece]
}

private struct Analysis {
    let world: World
    let source: ExposureSource
    /// Interfaces whose verdicts are the same for every internet packet share a shape.
    var shapes: [String: Shape] = [:]

    init(world: World, source: ExposureSource) {
        self.world = world
        self.source = source
    }

    /// What decides an internet packet to this interface besides the rules: its subnet,
    /// groups, whether it has a public address, and what is behind it.
    func key(_ eni: NetworkInterface) -> String {
        var key = "\(eni.subnetID)|\(eni.securityGroupIDs.map(\.rawValue).sorted())|\(eni.publicAddress != nil)"
        if let r = eni.attachedResourceID.flatMap({ world.resources[$0] }) {
            key += "|\(r.kind)|\(r.sourceDestinationCheck)|\(r.translatesSource)|\(r.port25Unblocked)"
        } else {
            key += "|detached"
        }
        return key
    }

    mutating func exposure(of id: NetworkInterface.ID) -> InterfaceExposure? {
        let eni = world.interfaces[id]!
        let shape: Shape
        switch source {
        case .internet:
            let k = key(eni)
            if let known = shapes[k] {
                shape = known
            } else {
                shape = compute(eni)
                shapes[k] = shape
            }
        case .interfaces(_, let senders):
            guard !senders.contains(id) else { return nil }
            shape = compute(eni)
        }
        var ranges: [ExposedRange] = []
        for piece in shape.pieces where !piece.senders.isEmpty {
            // The example starts at the host `packet … from internet` uses when it gets through.
            let example = piece.senders.first { shape.senders[$0].representative == .address(EndpointReference.internetHost) } ?? piece.senders[0]
            let probe = self.probe(piece.probed, piece.ports?.from, from: shape.senders[example], to: id)
            // The example is evaluated for this interface (its names in the path).
            guard let trace = try? world.evaluate(probe), trace.allowed else { continue }
            ranges.append(
                ExposedRange(
                    ipProtocol: piece.ipProtocol, ports: piece.ports, sources: describe(piece.senders, of: shape.senders),
                    example: probe, trace: trace))
        }
        guard !ranges.isEmpty else { return nil }
        let address: IPAddress
        if case .internet = source { address = eni.publicAddress ?? eni.privateAddress } else { address = eni.privateAddress }
        return InterfaceExposure(interfaceID: id, label: label(id), address: address, ranges: ranges)
    }

    func label(_ id: NetworkInterface.ID) -> String { interfaceLabel(world, id) }

    /// An interface's exposure over IPv6 (aws-semantics.md Part 1, decision 25): rules for ::/0
    /// are separate from those for 0.0.0.0/0, so an instance closed over IPv4 may be open over
    /// IPv6. Ports are cut at every rule and entry boundary as for IPv4; the senders are the
    /// IPv6 internet host (for ::/0) and one address of each IPv6 block the rules name.
    func ipv6Exposure(of id: NetworkInterface.ID) -> InterfaceExposure? {
        guard let eni = world.interfaces[id], let six = eni.ipv6Address else { return nil }
        let (traffic, blocks) = decidingRules(eni)
        var senders: [(sender: Sender, text: String)] = []
        func add(_ a: IPAddress, _ text: String) {
            guard !world.vpcs.values.contains(where: { $0.contains(a) }), a.specialSourceKind == nil, !a.isPrivateOrShared
            else { return }
            senders.append((Sender(first: a, last: a, interface: nil, representative: .address(a)), text))
        }
        add(EndpointReference.internetHost6, "::/0")
        for block in Set(blocks.filter { $0.isIPv6 && $0 != .anywhere6 }).sorted(by: { $0.description < $1.description }) {
            add(block.prefixLength == 128 ? block.network : block.network.advanced(by: 1), block.description)
        }
        let inbound = eni.securityGroupIDs.compactMap { world.securityGroups[$0] }.flatMap(\.ingress)
        func judge(_ p: IPProtocol, _ ports: PortRange?) -> [Int] {
            senders.indices.filter { i in
                guard admitted(inbound, p, ports, senders[i].sender) else { return false }
                return (try? world.evaluate(probe(p, ports?.from, from: senders[i].sender, to: id), explain: false))?.allowed == true
            }
        }
        var pieces: [(p: IPProtocol, ports: PortRange?, senders: [Int])] = []
        for p in [IPProtocol.tcp, .udp] {
            for ports in portPieces(p, traffic) {
                let allowed = judge(p, ports)
                if let last = pieces.last, last.p == p, last.senders == allowed, let r = last.ports, Int(r.to) + 1 == Int(ports.from) {
                    pieces[pieces.count - 1].ports = PortRange(from: Int(r.from), to: Int(ports.to))
                } else {
                    pieces.append((p, ports, allowed))
                }
            }
        }
        pieces.append((.icmpv6, nil, judge(.icmpv6, nil)))
        var ranges: [ExposedRange] = []
        for piece in pieces where !piece.senders.isEmpty {
            let example = probe(piece.p, piece.ports?.from, from: senders[piece.senders[0]].sender, to: id)
            guard let trace = try? world.evaluate(example), trace.allowed else { continue }
            ranges.append(
                ExposedRange(ipProtocol: piece.p, ports: piece.ports, sources: piece.senders.map { senders[$0].text }, example: example, trace: trace))
        }
        guard !ranges.isEmpty else { return nil }
        return InterfaceExposure(interfaceID: id, label: label(id), address: six, ranges: ranges)
    }

    func probe(_ p: IPProtocol, _ port: UInt16?, from sender: Sender, to id: NetworkInterface.ID) -> Probe {
        Probe(p, from: sender.representative!, port: nil, to: .name(id.rawValue), port: port, icmp: .echoRequest)
    }

    /// The senders that get through (indexes into `all`), as CIDR blocks or as their
    /// interfaces' names. Intervals no internet host can send from join the runs around them,
    /// so every internet host getting through reads 0.0.0.0/0.
    func describe(_ allowed: [Int], of all: [Sender]) -> [String] {
        if all.contains(where: { $0.interface != nil }) { return allowed.compactMap { all[$0].interface.map(label) } }
        let through = Set(allowed)
        var runs: [(first: IPAddress, last: IPAddress, real: Bool)] = []
        var open = false
        for (i, s) in all.enumerated() {
            let joins = through.contains(i) || s.representative == nil
            if joins, open {
                runs[runs.count - 1].last = s.last
                runs[runs.count - 1].real = runs[runs.count - 1].real || through.contains(i)
            } else if joins {
                runs.append((s.first, s.last, through.contains(i)))
            }
            open = joins
        }
        return runs.filter(\.real).flatMap { CIDR.blocks(from: $0.first, through: $0.last).map(\.description) }
    }

    // MARK: Cutting the space into pieces

    /// Rules and entries that can decide a packet between the senders and `eni`.
    func decidingRules(_ eni: NetworkInterface) -> (traffic: [TrafficSpec], blocks: [CIDR]) {
        var traffic: [TrafficSpec] = []
        var blocks: [CIDR] = []
        func addGroups(_ groups: [SecurityGroup.ID], _ direction: Direction) {
            for rule in groups.compactMap({ world.securityGroups[$0] }).flatMap({ $0.rules(direction) }) {
                traffic.append(rule.traffic)
                switch rule.peer {
                case .cidr(let c): blocks.append(c)
                case .prefixList(let p): blocks += world.prefixLists[p]?.entries ?? []
                case .securityGroup: break
                }
            }
        }
        func addACL(of subnet: Subnet.ID) {
            guard let acl = world.subnets[subnet].flatMap({ world.networkACLs[$0.networkACLID] }) else { return }
            for entry in acl.inbound + acl.outbound {
                traffic.append(entry.traffic)
                blocks.append(entry.cidr)
            }
        }
        addGroups(eni.securityGroupIDs, .inbound)
        addACL(of: eni.subnetID)
        if case .interfaces(_, let senders) = source {
            for sender in senders.compactMap({ world.interfaces[$0] }) {
                addGroups(sender.securityGroupIDs, .outbound)
                if sender.subnetID != eni.subnetID { addACL(of: sender.subnetID) }
            }
        }
        return (traffic, blocks)
    }

    func senders(_ blocks: [CIDR]) -> [Sender] {
        if case .interfaces(_, let ids) = source {
            return ids.compactMap { id in
                world.interfaces[id].map {
                    Sender(first: $0.privateAddress, last: $0.privateAddress, interface: id, representative: .name(id.rawValue))
                }
            }
        }
        var cuts: Set<UInt64> = [0, 1 << 32]
        // IPv4 senders only: an IPv6 block cuts nothing in the IPv4 space (exposure over IPv6 is
        // not computed yet).
        for c in blocks where !c.isIPv6 {
            cuts.insert(UInt64(c.first.value))
            cuts.insert(UInt64(c.last.value) + 1)
        }
        let sorted = cuts.sorted()
        var senders: [Sender] = []
        for (lo, next) in zip(sorted, sorted.dropFirst()) {
            let first = IPAddress(UInt32(lo)), last = IPAddress(UInt32(next - 1))
            let representative = internetAddress(from: first, through: last)
            senders.append(Sender(first: first, last: last, interface: nil, representative: representative.map { .address($0) }))
        }
        return senders
    }

    /// The first address in the interval that an internet host can send from (not a special
    /// block, no VPC's block, no interface's public address).
    func internetAddress(from first: IPAddress, through last: IPAddress) -> IPAddress? {
        let skip = IPAddress.nonInternetSources + world.vpcs.values.map(\.cidr)
        // The host `packet … from internet` sends from, when it is in the interval.
        let host = EndpointReference.internetHost
        if first <= host, host <= last, !skip.contains(where: { $0.contains(host) }), world.interface(withPublicAddress: host) == nil {
            return host
        }
        var candidate = UInt64(first.value)
        while candidate <= UInt64(last.value) {
            let a = IPAddress(UInt32(candidate))
            if let block = skip.first(where: { $0.contains(a) }) {
                candidate = UInt64(block.last.value) + 1
            } else if world.interface(withPublicAddress: a) != nil || !a.isInternetSource {
                candidate += 1
            } else {
                return a
            }
        }
        return nil
    }

    /// Port pieces for TCP or UDP: cut wherever a rule's range starts or ends (and at 25,
    /// which the evaluator treats apart).
    func portPieces(_ p: IPProtocol, _ traffic: [TrafficSpec]) -> [PortRange] {
        var cuts: Set<Int> = [0, 65536, 25, 26]
        for t in traffic where t.ipProtocol.covers(p) {
            if case .ports(let r) = t.match {
                cuts.insert(Int(r.from))
                cuts.insert(Int(r.to) + 1)
            }
        }
        let sorted = cuts.sorted()
        return zip(sorted, sorted.dropFirst()).compactMap { PortRange(from: $0, to: $1 - 1) }
    }

    /// Whether some inbound rule of the interface's groups admits the piece: a security group
    /// allows only what a rule allows ("Security group rules"), so no other piece is tried. A
    /// group reference admits no internet sender (it matches private addresses only).
    func admitted(_ rules: [SecurityGroupRule], _ p: IPProtocol, _ ports: PortRange?, _ sender: Sender) -> Bool {
        rules.contains { rule in
            guard rule.traffic.ipProtocol.covers(p) else { return false }
            switch rule.traffic.match {
            case .ports(let r): if let ports, !r.contains(ports) { return false }
            case .icmp(let t): if !t.admits(.echoRequest) { return false }
            case .any: break
            }
            switch rule.peer {
            case .cidr(let c): return c.contains(sender.first)
            case .prefixList(let l): return world.prefixLists[l]?.entries.contains { $0.contains(sender.first) } ?? false
            case .securityGroup: return sender.interface != nil
            }
        }
    }

    func compute(_ eni: NetworkInterface) -> Shape {
        let (traffic, blocks) = decidingRules(eni)
        let senders = self.senders(blocks)
        if case .internet = source {
            // A packet stopped before or after the filters (no route, no public address, nothing
            // behind the interface) is stopped whatever its port, protocol or sender.
            let probe = Probe(.tcp, from: .internet, port: nil, to: .name(eni.id.rawValue), port: 443)
            if let hop = (try? world.evaluate(probe, explain: false))?.blockedAt, hop.component != .networkACL,
                hop.component != .securityGroup
            {
                return Shape(senders: senders, pieces: [])
            }
        }
        let inbound = eni.securityGroupIDs.compactMap { world.securityGroups[$0] }.flatMap(\.ingress)
        var pieces: [Shape.Piece] = []
        func judge(_ p: IPProtocol, _ ports: PortRange?) -> [Int] {
            senders.indices.filter { i in
                guard senders[i].representative != nil, admitted(inbound, p, ports, senders[i]) else { return false }
                let probe = probe(p, ports?.from, from: senders[i], to: eni.id)
                return (try? world.evaluate(probe, explain: false))?.allowed == true
            }
        }
        for p in [IPProtocol.tcp, .udp] {
            for ports in portPieces(p, traffic) {
                let allowed = judge(p, ports)
                // Adjacent pieces open to the same senders are one interval.
                if let last = pieces.last, last.ipProtocol == p, last.senders == allowed, let r = last.ports,
                    Int(r.to) + 1 == Int(ports.from)
                {
                    pieces[pieces.count - 1].ports = PortRange(from: Int(r.from), to: Int(ports.to))
                } else {
                    pieces.append(.init(ipProtocol: p, ports: ports, senders: allowed))
                }
            }
        }
        pieces.append(.init(ipProtocol: .icmp, ports: nil, senders: judge(.icmp, nil)))
        // Protocols rules name by number, then one that stands for every other protocol.
        let named = Set(traffic.compactMap(\.ipProtocol.number)).subtracting([1, 6, 17]).sorted()
        for n in named { pieces.append(.init(ipProtocol: .number(n), ports: nil, senders: judge(.number(n), nil))) }
        if let other = ([UInt8(47)] + Array(0...255)).first(where: { ![1, 6, 17].contains($0) && !named.contains($0) }) {
            pieces.append(.init(ipProtocol: .all, ports: nil, senders: judge(.number(other), nil), probed: .number(other)))
        }
        return Shape(senders: senders, pieces: pieces)
    }
}
