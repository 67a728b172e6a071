/// IPv6 paths through internet gateways and egress-only internet gateways (aws-semantics.md
/// Part 1, decision 25; aws-services.md §6).
extension Walk {
    /// Out through an internet gateway over IPv6: no translation — the address is global — but
    /// the source must be the interface's own IPv6 address ("Connect to the internet using an
    /// internet gateway": IPv6 traffic is not translated).
    mutating func ipv6GatewayEgress(_ name: String, _ gatewayID: some AnyIdentifier, _ sender: NetworkInterface, _ h: Header)
        -> Arrival
    {
        guard let own = sender.ipv6Address, own == h.source else {
            let label = world.senderLabel(sender)
            hops.append(hop(.internetGateway, .outbound, gatewayID, .failed,
                "\(name) drops it: \(label) has no IPv6 address \(h.source) of its own to send from",
                code: "IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS", h))
            return .dropped
        }
        if h.destination.isPrivateOrShared || h.destination.isLinkLocal {
            hops.append(hop(.internetGateway, .outbound, gatewayID, .failed,
                "\(name) drops it: \(h.destination) is not a global IPv6 address", h))
            return .dropped
        }
        hops.append(hop(.internetGateway, .outbound, gatewayID, .passed,
            "\(name) carries it out unchanged: IPv6 addresses are global, nothing is translated", h))
        return internet(h)
    }

    /// Out through an egress-only internet gateway: IPv6 only; it remembers the flow so that the
    /// reply may come back ("Enable outbound IPv6 traffic using an egress-only internet gateway").
    mutating func egressOnlyEgress(_ eigwID: EgressOnlyInternetGateway.ID, _ sender: NetworkInterface, _ h: Header) -> Arrival {
        let name = "egress-only internet gateway \(world.name(of: eigwID) ?? eigwID.rawValue)"
        if leg == .request { egressOnlyFlows.insert(eigwID) }
        return ipv6GatewayEgress(name, eigwID, sender, h)
    }

    /// In from the internet over IPv6: through the VPC's internet gateway, or, for the reply of
    /// a flow started inside, its egress-only internet gateway; no translation.
    mutating func ipv6Ingress(_ eni: NetworkInterface, _ vpc: VPC, _ h: Header) -> Arrival {
        let subnet = world.subnets[eni.subnetID]!
        if let (_, eigwID) = returningThroughEgressOnly(vpc) {
            let name = world.name(of: eigwID) ?? eigwID.rawValue
            hops.append(hop(.internetGateway, .inbound, eigwID, .passed,
                "egress-only internet gateway \(name) lets the reply of a flow started inside come back",
                h))
        } else if let igw = world.internetGateway(of: vpc.id) {
            if let kind = h.source.specialSourceKind {
                hops.append(hop(.internetGateway, .inbound, igw.id, .failed,
                    "internet gateway \(igw.name) drops it: the source \(h.source) is \(kind), which never comes from the internet", h))
                return .dropped
            }
            hops.append(hop(.internetGateway, .inbound, igw.id, .passed,
                "internet gateway \(igw.name) carries it in unchanged to \(h.destination): over IPv6 the instance's address is global", h))
        } else if let eigw = world.egressOnlyInternetGateway(of: vpc.id) {
            hops.append(hop(.internetGateway, .inbound, eigw.id, .failed,
                "egress-only internet gateway \(eigw.name) drops it: it passes only flows started inside the VPC, never one the internet starts",
                h, failure: .egressOnly(vpcID: vpc.id)))
            return .dropped
        } else {
            hops.append(hop(.internetGateway, .inbound, vpc.id, .failed,
                "VPC \(vpc.name) has no internet gateway attached, so nothing carries \(h.destination) into it",
                code: "NO_PATH", h, failure: .noInternetGateway(vpcID: vpc.id)))
            return .dropped
        }
        hops.append(hop(.note, nil, vpc.id, .info,
            "VPC router: local route delivers \(h.destination) to subnet \(subnet.name)", h))
        let mark = hops.count
        checkNetworkACL(subnet, .inbound, h)
        return enter(eni.id, h, since: mark)
    }

    /// The egress-only internet gateway the request left through, when this is its reply.
    func returningThroughEgressOnly(_ vpc: VPC) -> (VPC.ID, EgressOnlyInternetGateway.ID)? {
        guard leg == .response, let eigw = world.egressOnlyInternetGateway(of: vpc.id), egressOnlyFlows.contains(eigw.id)
        else { return nil }
        return (vpc.id, eigw.id)
    }
}
