/// One end of a packet as a command names it.
public enum EndpointReference: Hashable, Sendable {
    /// `internet`: a public client outside every VPC (aws-semantics.md Part 1, decision 2).
    case internet
    case address(IPAddress)
    /// A resource, network interface, Elastic IP or NAT gateway, by name or ID.
    case name(String)

    public static let internetHost = IPAddress(198, 51, 100, 10)
    /// `internet6`: the IPv6 internet host, in the documentation range as 198.51.100.10 is
    /// (aws-semantics.md Part 1, decision 25).
    public static let internetHost6 = IPAddress(ipv6: 0x2001_0DB8_0000_0000, 0x10)
}

/// What `packet`, `expect` and `connect` ask: protocol, ends, ports or ICMP type.
public struct Probe: Hashable, Sendable {
    public var ipProtocol: IPProtocol
    public var source: EndpointReference
    public var sourcePort: UInt16?
    public var destination: EndpointReference
    public var destinationPort: UInt16?
    public var icmp: ICMPTypeCode

    /// The client port used when none is given: inside the Linux, Windows and ELB ephemeral
    /// ranges (aws-semantics.md Part 1, decision 3).
    public static let defaultSourcePort: UInt16 = 49152

    public init(
        _ ipProtocol: IPProtocol, from source: EndpointReference, port sourcePort: UInt16? = nil,
        to destination: EndpointReference, port destinationPort: UInt16? = nil, icmp: ICMPTypeCode = .echoRequest
    ) {
        self.ipProtocol = ipProtocol
        self.source = source
        self.sourcePort = sourcePort
        self.destination = destination
        self.destinationPort = destinationPort
        self.icmp = icmp
    }
}

/// An end as the evaluator needs it: an interface in a VPC, or a host on the internet.
enum Endpoint: Hashable, Sendable, Codable {
    case interface(NetworkInterface.ID)
    case host(IPAddress)
}

/// An open connection (`connect`), tracked or not at each interface it touches.
public struct Connection: Hashable, Sendable, Codable {
    public let number: Int
    public let ipProtocol: IPProtocol
    let source: Endpoint
    let destination: Endpoint
    public let sourcePort: UInt16
    public let destinationPort: UInt16
    public let summary: String
    public let tracking: [Tracking]

    func matches(_ protocolValue: IPProtocol, _ from: Endpoint, _ sport: UInt16, _ to: Endpoint, _ dport: UInt16)
        -> Bool
    {
        guard protocolValue == ipProtocol else { return false }
        if source == from && destination == to && sourcePort == sport && destinationPort == dport { return true }
        return source == to && destination == from && sourcePort == dport && destinationPort == sport
    }
}

extension World {
    /// Opens a connection for an allowed probe; returns the trace either way.
    public mutating func connect(_ probe: Probe) throws(AWSError) -> (Trace, Connection?) {
        let trace = try evaluate(probe)
        guard trace.allowed else { return (trace, nil) }
        let (source, destination, sport, dport) = try resolveEnds(probe)
        if let existing = connections.first(where: { $0.matches(probe.ipProtocol, source, sport, destination, dport) }) {
            return (trace, existing)
        }
        let connection = Connection(
            number: nextConnectionNumber, ipProtocol: probe.ipProtocol, source: source, destination: destination,
            sourcePort: sport, destinationPort: dport, summary: trace.summary, tracking: trace.tracking)
        nextConnectionNumber += 1
        connections.append(connection)
        return (trace, connection)
    }

    public mutating func disconnect(_ number: Int) throws(AWSError) {
        guard let index = connections.firstIndex(where: { $0.number == number }) else {
            throw AWSError(nil, "there is no open connection #\(number)", argument: "number",
                           fix: connections.isEmpty ? "no connections are open" : "see connections")
        }
        connections.remove(at: index)
    }

    /// An untracked flow lives only as long as the rules that allow it ("Security group
    /// connection tracking": removing the rule cuts it at once); tracked flows outlive them.
    mutating func dropCutConnections() {
        let world = self
        connections.removeAll { connection in
            guard connection.tracking.contains(where: { !$0.tracked }) else { return false }
            func reference(_ e: Endpoint) -> EndpointReference {
                switch e {
                case .interface(let id): return .name(id.rawValue)
                case .host(let a): return .address(a)
                }
            }
            let probe = Probe(
                connection.ipProtocol, from: reference(connection.source), port: connection.sourcePort,
                to: reference(connection.destination), port: connection.destinationPort)
            guard let trace = try? world.evaluate(probe, explain: false) else { return true }
            return trace.blockedAt?.component == .securityGroup
        }
    }

    mutating func closeConnections(touching interfaceID: NetworkInterface.ID) {
        connections.removeAll { $0.source == .interface(interfaceID) || $0.destination == .interface(interfaceID) }
    }

    /// The ends and ports of a probe, in the form connections are matched on.
    func resolveEnds(_ probe: Probe) throws(AWSError) -> (Endpoint, Endpoint, UInt16, UInt16) {
        let source = try resolveSource(probe.source)
        let target = try resolveDestination(
            probe.destination, from: source, port: probe.destinationPort, ipProtocol: probe.ipProtocol)
        return endpointKeys(source, target, probe)
    }

    func endpointKeys(_ source: Endpoint, _ target: Target, _ probe: Probe) -> (Endpoint, Endpoint, UInt16, UInt16) {
        let destination: Endpoint
        switch target {
        case .interface(let id, _): destination = .interface(id)
        case .natGateway(let id, _): destination = .interface(natGateways[id]!.interfaceID)
        case .loadBalancer(let choice, _): destination = .interface(choice.nodeID)
        case .address(let a):
            if let owner = interface(withPublicAddress: a) {
                destination = .interface(owner)
            } else if case .interface(let s) = source, let vpc = interfaces[s]?.vpcID,
                let owner = interfaces(withPrivateAddress: a).first(where: { interfaces[$0]?.vpcID == vpc })
            {
                destination = .interface(owner)
            } else {
                destination = .host(a)
            }
        }
        let ports = probe.ipProtocol.hasPorts
        return (
            source, destination, ports ? probe.sourcePort ?? Probe.defaultSourcePort : 0,
            ports ? probe.destinationPort ?? 0 : 0
        )
    }

    /// Where a packet starts: a resource's primary interface, an interface, the interface an
    /// Elastic IP is on, or an internet host.
    func resolveSource(_ reference: EndpointReference) throws(AWSError) -> Endpoint {
        switch reference {
        case .internet: return .host(EndpointReference.internetHost)
        case .address(let address):
            if let owners = privateAddresses[address], !owners.isEmpty {
                guard owners.count == 1 else {
                    throw AWSError(nil, "\(address) is used in several VPCs; name the resource instead", argument: "source")
                }
                if interfaces[owners[0]]?.natGatewayID != nil { throw natCannotStart(argument: "source") }
                return .interface(owners[0])
            }
            if let owner = publicAddresses[address] {
                if interfaces[owner]?.natGatewayID != nil { throw natCannotStart(argument: "source") }
                return .interface(owner)
            }
            if let vpc = vpcs.values.first(where: { $0.cidr.contains(address) }) {
                throw AWSError(
                    nil, "no resource in \(vpc.name) has the address \(address): a packet starts at a resource or an internet host",
                    argument: "source")
            }
            return .host(address)
        case .name(let name):
            let found = try findEndpoint(name, argument: "source")
            switch found {
            case .interface(let id, _): return .interface(id)
            case .natGateway: throw natCannotStart(argument: "source")
            case .address(let a):
                guard let owner = publicAddresses[a] else {
                    throw AWSError(nil, "Elastic IP \(name) is not associated with anything, so nothing sends from it",
                                   argument: "source")
                }
                if interfaces[owner]?.natGatewayID != nil { throw natCannotStart(argument: "source") }
                return .interface(owner)
            case .loadBalancer:
                throw AWSError(
                    nil, "a load balancer only forwards the connections clients open to it; it starts none of its own",
                    argument: "source", fix: "send the packet to it: packet tcp from internet to \(name):80")
            case .endpoint, .service:
                throw AWSError(
                    nil, "\(name) answers connections; it does not start them (send the packet to it instead)",
                    argument: "source")
            }
        }
    }

    private func natCannotStart(argument: String) -> AWSError {
        AWSError(
            nil, "a NAT gateway only forwards traffic that instances send through it; it does not start connections",
            argument: argument)
    }

    enum Target {
        case interface(NetworkInterface.ID, IPAddress)
        case natGateway(NATGateway.ID, IPAddress)
        case address(IPAddress)
        /// A load balancer's node, at its public address (internet-facing) or private one.
        case loadBalancer(LoadBalancerChoice, IPAddress)

        var address: IPAddress {
            switch self {
            case .interface(_, let a), .natGateway(_, let a), .address(let a), .loadBalancer(_, let a): return a
            }
        }
    }

    enum FoundEndpoint {
        case interface(NetworkInterface.ID, named: Bool)
        case natGateway(NATGateway.ID)
        case address(IPAddress)
        case loadBalancer(LoadBalancer.ID)
        case endpoint(VPCEndpoint.ID)
        case service(AWSService)
    }

    /// A name among resources, interfaces, NAT gateways and Elastic IPs (commands.md).
    func findEndpoint(_ name: String, argument: String) throws(AWSError) -> FoundEndpoint {
        var found: [(String, FoundEndpoint)] = []
        var firstError: AWSError?
        func attempt(_ type: ResourceType, _ make: (String) -> FoundEndpoint?) {
            // Most kinds will not have the name: skip them without building an error.
            if !exists(type, name) && ids(of: type, named: name).isEmpty && !name.contains("/") { return }
            do {
                let id = try resolve(type, name, argument: argument)
                if let endpoint = make(id) { found.append((type.noun, endpoint)) }
            } catch {
                if case .some(let code) = error.code, !code.hasSuffix("NotFound"), code != "NatGatewayNotFound" {
                    firstError = firstError ?? error
                } else if error.code == nil {
                    firstError = firstError ?? error
                }
            }
        }
        attempt(.resource) { .interface(resources[Resource.ID($0)]!.primaryInterfaceID, named: true) }
        attempt(.networkInterface) { .interface(NetworkInterface.ID($0), named: true) }
        attempt(.natGateway) { .natGateway(NATGateway.ID($0)) }
        attempt(.elasticIP) { .address(elasticIPs[ElasticIP.ID($0)]!.publicAddress) }
        attempt(.loadBalancer) { .loadBalancer(LoadBalancer.ID($0)) }
        attempt(.vpcEndpoint) { .endpoint(VPCEndpoint.ID($0)) }
        // An AWS service by name (`s3`, `ssm`, `com.amazonaws.us-east-1.sts`), unless something
        // of the lab's own has that name (decision 22).
        if found.isEmpty, firstError == nil, let service = AWSService.named(name) { return .service(service) }
        if found.count == 1 { return found[0].1 }
        if found.count > 1 {
            throw AWSError(
                nil, "\(name) names several things (\(found.map(\.0).joined(separator: ", "))); use an ID",
                argument: argument)
        }
        if let firstError { throw firstError }
        let candidates =
            allNames(of: .resource) + allNames(of: .networkInterface) + allNames(of: .natGateway)
            + allNames(of: .elasticIP) + allNames(of: .loadBalancer) + allNames(of: .vpcEndpoint)
            + AWSService.catalog.map(\.name)
        throw AWSError(
            "InvalidInstanceID.NotFound", "there is no resource, network interface, NAT gateway or Elastic IP named \(name)",
            argument: argument, fix: nearest(name, among: candidates + ["internet"]).map { "did you mean \($0)?" })
    }

    /// The address a packet is sent to. A name means the private address from inside the same
    /// VPC and the public one from anywhere else; an address is used as written (commands.md).
    func resolveDestination(
        _ reference: EndpointReference, from source: Endpoint, port: UInt16? = nil, ipProtocol: IPProtocol = .tcp
    ) throws(AWSError) -> Target {
        let sourceVPC: VPC.ID? = if case .interface(let id) = source { interfaces[id]?.vpcID } else { nil }
        switch reference {
        case .internet: return .address(EndpointReference.internetHost)
        case .address(let a): return .address(a)
        case .name(let name):
            switch try findEndpoint(name, argument: "destination") {
            case .address(let a): return .address(a)
            case .natGateway(let id):
                let nat = natGateways[id]!
                let eni = interfaces[nat.interfaceID]!
                if sourceVPC == nat.vpcID { return .natGateway(id, eni.privateAddress) }
                return .natGateway(id, eni.publicAddress ?? eni.privateAddress)
            case .interface(let id, _):
                let eni = interfaces[id]!
                if sourceVPC == eni.vpcID { return .interface(id, eni.privateAddress) }
                // Across a peering (or a transit gateway) the private address is the one meant.
                if let sourceVPC, privatelyConnected(sourceVPC, eni.vpcID) { return .interface(id, eni.privateAddress) }
                return .interface(id, eni.publicAddress ?? eni.privateAddress)
            case .loadBalancer(let id):
                // An internet-facing load balancer's DNS name resolves to its nodes' public
                // addresses, from inside the VPC too; an internal one's to private addresses
                // ("Application Load Balancers", scheme).
                let choice = loadBalancerChoice(id, port: port, ipProtocol: ipProtocol)
                let node = interfaces[choice.nodeID]!
                return .loadBalancer(choice, node.publicAddress ?? node.privateAddress)
            case .endpoint(let id):
                let endpoint = vpcEndpoints[id]!
                guard endpoint.type == .interface else {
                    throw AWSError(
                        nil, "\(endpoint.name) is a gateway endpoint: a route target, not an address; send the packet to \(endpoint.service)",
                        argument: "destination")
                }
                let node = endpointNode(endpoint, from: source)
                return .interface(node, interfaces[node]!.privateAddress)
            case .service(let service):
                // With private DNS on, the service's name resolves to the endpoint's node in the
                // sender's VPC; otherwise to its public address ("Access an AWS service using an
                // interface VPC endpoint").
                if let sourceVPC, let endpoint = privateDNSEndpoint(for: service.name, in: sourceVPC) {
                    let node = endpointNode(endpoint, from: source)
                    return .interface(node, interfaces[node]!.privateAddress)
                }
                return .address(service.address)
            }
        }
    }

    /// The endpoint's node in the sender's zone when it has one there, else its first.
    func endpointNode(_ endpoint: VPCEndpoint, from source: Endpoint) -> NetworkInterface.ID {
        if case .interface(let id) = source, let zone = interfaces[id].flatMap({ subnets[$0.subnetID]?.availabilityZone }),
            let node = endpoint.nodeInterfaceIDs.first(where: { interfaces[$0].flatMap { subnets[$0.subnetID]?.availabilityZone } == zone })
        {
            return node
        }
        return endpoint.nodeInterfaceIDs[0]
    }
}
