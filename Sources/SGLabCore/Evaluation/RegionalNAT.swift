/// Packets through a regional NAT gateway (aws-semantics.md Part 1, decision 26): no subnet of
/// its own, so no network ACL of a NAT subnet; it translates to its public address and leaves
/// through the VPC's internet gateway ("Regional NAT gateways for automatic multi-AZ expansion").
extension Walk {
    mutating func throughRegionalNAT(_ natID: RegionalNATGateway.ID, from sender: NetworkInterface, _ h: Header) -> Arrival {
        guard let nat = world.regionalNATGateways[natID] else { return .dropped }
        guard let igw = world.internetGateway(of: nat.vpcID) else {
            hops.append(hop(.natGateway, .outbound, natID, .failed,
                "regional NAT gateway \(nat.name) reaches the internet through the VPC's internet gateway, and none is attached",
                h, failure: .noInternetGateway(vpcID: nat.vpcID)))
            return .dropped
        }
        guard h.ipProtocol == .tcp || h.ipProtocol == .udp || h.ipProtocol == .icmp else {
            hops.append(hop(.natGateway, .outbound, natID, .failed,
                "NAT gateway \(nat.name) carries only TCP, UDP and ICMP, not protocol \(h.ipProtocol.name)",
                code: "PROTOCOL_RESTRICTION", h))
            return .dropped
        }
        if h.destination.isPrivateOrShared {
            hops.append(hop(.natGateway, .outbound, natID, .failed,
                "regional NAT gateway \(nat.name) carries traffic to the internet; \(h.destination) is a private address",
                h))
            return .dropped
        }
        crossedNAT = true
        regionalNATClients[natID] = (h.source, h.sourcePorts, sender.id)
        var out = h
        out.source = nat.publicAddress
        if h.ipProtocol.hasPorts { out.sourcePorts = .ephemeralAWS }
        hops.append(hop(.natGateway, .outbound, natID, .passed,
            "regional NAT gateway \(nat.name) (present in the sender's zone) translates the source \(h.source) → \(nat.publicAddress)\(h.ipProtocol.hasPorts ? ", port → one of 1024-65535" : "")",
            h, translated: out))
        hops.append(hop(.internetGateway, .outbound, igw.id, .passed,
            "internet gateway \(igw.name) carries it to the internet from \(nat.publicAddress)", out))
        return internet(out)
    }

    /// A reply to a regional NAT gateway's address: in through the internet gateway, the NAT
    /// restores the client, then the client's subnet network ACL and groups. Anything else sent
    /// to that address is dropped: a NAT gateway accepts no connection from outside.
    mutating func intoRegionalNAT(_ nat: RegionalNATGateway, _ h: Header) -> Arrival {
        let igw = world.internetGateway(of: nat.vpcID)
        guard leg == .response, let (client, port, senderID) = regionalNATClients[nat.id], let sender = world.interfaces[senderID],
            let subnet = world.subnets[sender.subnetID]
        else {
            hops.append(hop(.natGateway, .inbound, nat.id, .failed,
                "NAT gateway \(nat.name) drops it: a NAT gateway never accepts connections started from outside (use a load balancer or a bastion)",
                code: "NGW_REQUIRES_SOURCE_IN_VPC", h))
            return .dropped
        }
        if let igw {
            hops.append(hop(.internetGateway, .inbound, igw.id, .passed,
                "internet gateway \(igw.name) carries the reply to \(nat.publicAddress)", h))
        }
        var restored = h
        restored.destination = client
        restored.destinationPorts = port
        hops.append(hop(.natGateway, .inbound, nat.id, .passed,
            "regional NAT gateway \(nat.name) restores the destination → \(client); the source stays \(h.source)", h,
            translated: restored))
        let mark = hops.count
        checkNetworkACL(subnet, .inbound, restored)
        return enter(senderID, restored, since: mark)
    }
}
