extension World {
    // MARK: IPv6 ("IPv6 addressing in your VPC", aws-semantics.md Part 1 decision 25)

    /// AssociateVpcCidrBlock with an Amazon-provided /56. Every route table of the VPC gains the
    /// local route for it; the default group gains outbound ::/0 ("Default security groups for
    /// your VPCs"); the default network ACL gains rules 101 allowing ::/0, in each direction whose
    /// rules were never changed ("Default network ACL").
    @discardableResult
    public mutating func associateIPv6(_ vpcID: VPC.ID) throws(AWSError) -> CIDR {
        guard let vpc = vpcs[vpcID] else { throw AWSError.notFound(.vpc, vpcID, argument: "vpc") }
        if let existing = vpc.ipv6CIDR {
            throw AWSError(
                nil, "VPC \(vpc.name) already has the IPv6 block \(existing): sglab gives a VPC one Amazon-provided /56",
                argument: "vpc")
        }
        let taken = Set(vpcs.values.compactMap(\.ipv6CIDR))
        var n: UInt64 = 1
        var block = CIDR(IPAddress(ipv6: 0x2600_1F18_0000_0000 | n << 8, 0), prefixLength: 56)
        while taken.contains(block) {
            n += 1
            block = CIDR(IPAddress(ipv6: 0x2600_1F18_0000_0000 | n << 8, 0), prefixLength: 56)
        }
        vpcs[vpcID]?.ipv6CIDR = block
        for table in routeTables.values where table.vpcID == vpcID {
            routeTables[table.id]?.routes.insert(Route(destination: block, target: .local), at: 1)
        }
        if let sg = securityGroups[vpc.defaultSecurityGroupID], !sg.egress.contains(where: { $0.peer == .cidr(.anywhere6) }) {
            let rule = SecurityGroupRule(id: newID("sgr-"), traffic: .allTraffic, peer: .cidr(.anywhere6), description: "")
            securityGroups[sg.id]?.egress.append(rule)
        }
        if let acl = networkACLs[vpc.defaultNetworkACLID] {
            let untouched = [NetworkACLEntry(ruleNumber: 100, traffic: .allTraffic, cidr: .anywhere, action: .allow), .catchAll]
            let rule101 = NetworkACLEntry(ruleNumber: 101, traffic: .allTraffic, cidr: .anywhere6, action: .allow)
            if acl.inbound == untouched { networkACLs[acl.id]?.inbound.insert(rule101, at: 1) }
            if acl.outbound == untouched { networkACLs[acl.id]?.outbound.insert(rule101, at: 1) }
        }
        return block
    }

    /// AssociateSubnetCidrBlock: the next free /64 of the VPC's /56 ("IPv6 subnets are /64").
    @discardableResult
    public mutating func associateIPv6(subnet subnetID: Subnet.ID) throws(AWSError) -> CIDR {
        guard let subnet = subnets[subnetID], let vpc = vpcs[subnet.vpcID] else {
            throw AWSError.notFound(.subnet, subnetID, argument: "subnet")
        }
        guard let parent = vpc.ipv6CIDR else {
            throw AWSError(
                "InvalidSubnet.Range", "VPC \(vpc.name) has no IPv6 block", argument: "subnet",
                fix: "vpc ipv6 \(reference(to: vpc.id)) first")
        }
        if let existing = subnet.ipv6CIDR {
            throw AWSError(nil, "subnet \(subnet.name) already has \(existing)", argument: "subnet")
        }
        let taken = Set(subnetsByVPC(vpc.id).compactMap(\.ipv6CIDR))
        for i in UInt64(0)..<256 {
            let block = CIDR(IPAddress(ipv6: parent.network.high | i, 0), prefixLength: 64)
            if !taken.contains(block) {
                subnets[subnetID]?.ipv6CIDR = block
                return block
            }
        }
        throw AWSError("InvalidSubnet.Conflict", "all 256 /64s of \(parent) are in use", argument: "subnet")
    }

    /// AssignIpv6Addresses: the interface's IPv6 address, the lowest free one of its subnet's
    /// /64 past the four AWS keeps.
    @discardableResult
    public mutating func assignIPv6(_ interfaceID: NetworkInterface.ID) throws(AWSError) -> IPAddress {
        guard let eni = interfaces[interfaceID], let subnet = subnets[eni.subnetID] else {
            throw AWSError.notFound(.networkInterface, interfaceID)
        }
        if let existing = eni.ipv6Address { return existing }
        guard let block = subnet.ipv6CIDR else {
            throw AWSError(
                "InvalidParameterValue", "subnet \(subnet.name) has no IPv6 block", argument: "ipv6",
                fix: "subnet ipv6 \(reference(to: subnet.id)) first")
        }
        var candidate = block.network.advanced(by: 4)
        while privateAddresses[candidate]?.isEmpty == false { candidate = candidate.advanced(by: 1) }
        interfaces[interfaceID]?.ipv6Address = candidate
        privateAddresses[candidate, default: []].append(interfaceID)
        publicAddresses[candidate] = interfaceID
        return candidate
    }

    // MARK: Egress-only internet gateways

    @discardableResult
    public mutating func createEgressOnlyInternetGateway(name: String, vpcID: VPC.ID) throws(AWSError)
        -> EgressOnlyInternetGateway.ID
    {
        guard vpcs[vpcID] != nil else { throw AWSError.notFound(.vpc, vpcID, argument: "vpc") }
        try checkNewName(.egressOnlyInternetGateway, name, vpcID: vpcID)
        let id: EgressOnlyInternetGateway.ID = newID("eigw-")
        egressOnlyInternetGateways[id] = EgressOnlyInternetGateway(id: id, name: name, vpcID: vpcID, serial: newSerial())
        indexName(.egressOnlyInternetGateway, name, id)
        return id
    }

    /// Deleting it leaves its routes blackholed ("Egress-only internet gateways").
    public mutating func deleteEgressOnlyInternetGateway(_ id: EgressOnlyInternetGateway.ID) throws(AWSError) {
        guard let eigw = egressOnlyInternetGateways[id] else { throw AWSError.notFound(.egressOnlyInternetGateway, id) }
        egressOnlyInternetGateways[id] = nil
        unindexName(.egressOnlyInternetGateway, eigw.name, id)
    }

    /// The egress-only internet gateway of a VPC, if any.
    public func egressOnlyInternetGateway(of vpcID: VPC.ID) -> EgressOnlyInternetGateway? {
        egressOnlyInternetGateways.values.first { $0.vpcID == vpcID }
    }
}
