extension World {
    /// Creates a VPC with its main route table (local route only), default network ACL (allow all
    /// both ways) and default security group ("Default VPCs", "Configure route tables",
    /// "Control traffic to subnets using network ACLs", "Default security groups for your VPCs").
    @discardableResult
    public mutating func createVPC(name: String, cidr: CIDR) throws(AWSError) -> VPC.ID {
        try checkNewName(.vpc, name, vpcID: nil)
        try checkBlock(cidr, what: "VPC", rangeCode: "InvalidVpc.Range")
        guard vpcs.count < quotas.vpcsPerRegion else {
            throw AWSError("VpcLimitExceeded", "the maximum number of VPCs (\(quotas.vpcsPerRegion)) has been reached")
        }
        let vpcID: VPC.ID = newID("vpc-")
        let rtID: RouteTable.ID = newID("rtb-")
        let aclID: NetworkACL.ID = newID("acl-")
        let sgID: SecurityGroup.ID = newID("sg-")
        vpcs[vpcID] = VPC(
            id: vpcID, name: name, cidr: cidr, mainRouteTableID: rtID, defaultNetworkACLID: aclID,
            defaultSecurityGroupID: sgID, serial: newSerial())
        indexName(.vpc, name, vpcID)
        routeTables[rtID] = RouteTable(
            id: rtID, name: "main", vpcID: vpcID, routes: [Route(destination: cidr, target: .local)],
            serial: newSerial())
        indexName(.routeTable, "main", rtID)
        let allowAll = NetworkACLEntry(ruleNumber: 100, traffic: .allTraffic, cidr: .anywhere, action: .allow)
        networkACLs[aclID] = NetworkACL(
            id: aclID, name: "default", vpcID: vpcID, isDefault: true,
            inbound: [allowAll, .catchAll], outbound: [allowAll, .catchAll], serial: newSerial())
        indexName(.networkACL, "default", aclID)
        let selfRule = SecurityGroupRule(
            id: newID("sgr-"), traffic: .allTraffic, peer: .securityGroup(sgID), description: "")
        let allOut = SecurityGroupRule(id: newID("sgr-"), traffic: .allTraffic, peer: .cidr(.anywhere), description: "")
        securityGroups[sgID] = SecurityGroup(
            id: sgID, name: "default", description: "default VPC security group", vpcID: vpcID,
            ingress: [selfRule], egress: [allOut], serial: newSerial())
        indexName(.securityGroup, "default", sgID)
        return vpcID
    }

    /// VPC and subnet blocks: /16 to /28 ("VPC CIDR blocks", "Subnet CIDR blocks"). A block written
    /// with host bits arrives here canonical: CreateVpc and CreateSubnet store the canonical form
    /// (aws-semantics.md Part 1, decision 18).
    func checkBlock(_ cidr: CIDR, what: String, rangeCode: String) throws(AWSError) {
        // A VPC's primary block is IPv4; IPv6 comes as an Amazon-provided /56 added to it
        // ("IPv6 addressing in your VPC").
        if cidr.isIPv6 {
            throw AWSError(
                rangeCode, "the \(what) block \(cidr) is IPv6: a \(what)'s own block is IPv4, and IPv6 is added to it",
                argument: "cidr", fix: what == "VPC" ? "vpc ipv6 NAME adds an Amazon-provided /56" : "subnet ipv6 NAME adds a /64 of the VPC's /56")
        }
        guard (16...28).contains(cidr.prefixLength) else {
            throw AWSError(
                rangeCode, "the \(what) CIDR block \(cidr) is invalid: the prefix length must be /16 to /28",
                argument: "cidr", fix: "AWS allows \(what) blocks from /16 (65,536 addresses) to /28 (16)")
        }
        if cidr.network.isLinkLocal || CIDR("224.0.0.0/3").contains(cidr.network) || cidr.network.value >> 24 == 0
            || cidr.network.value >> 24 == 127
        {
            throw AWSError(rangeCode, "\(cidr) cannot be used for a \(what)", argument: "cidr")
        }
    }

    /// Deletes a VPC that holds nothing but its built-in parts.
    public mutating func deleteVPC(_ vpcID: VPC.ID) throws(AWSError) {
        guard let vpc = vpcs[vpcID] else { throw AWSError.notFound(.vpc, vpcID) }
        let busy =
            !(subnetIDsOfVPC[vpcID] ?? []).isEmpty || gatewayOfVPC[vpcID] != nil
            || securityGroups.values.contains { $0.vpcID == vpcID && $0.id != vpc.defaultSecurityGroupID }
            || routeTables.values.contains { $0.vpcID == vpcID && $0.id != vpc.mainRouteTableID }
            || networkACLs.values.contains { $0.vpcID == vpcID && $0.id != vpc.defaultNetworkACLID }
        guard !busy else {
            throw AWSError(
                "DependencyViolation", "The vpc '\(vpcID)' has dependencies and cannot be deleted.",
                fix: "delete its subnets, gateways, custom route tables, network ACLs and security groups first")
        }
        unindexName(.vpc, vpc.name, vpcID)
        vpcs[vpcID] = nil
        for (id, rt) in routeTables where rt.vpcID == vpcID {
            unindexName(.routeTable, rt.name, id)
            routeTables[id] = nil
        }
        for (id, acl) in networkACLs where acl.vpcID == vpcID {
            unindexName(.networkACL, acl.name, id)
            networkACLs[id] = nil
        }
        for (id, sg) in securityGroups where sg.vpcID == vpcID {
            unindexName(.securityGroup, sg.name, id)
            securityGroups[id] = nil
        }
    }

    // MARK: Subnets

    /// Creates a subnet on the VPC's main route table and default network ACL
    /// ("Subnets for your VPC").
    @discardableResult
    public mutating func createSubnet(
        name: String, vpcID: VPC.ID, cidr: CIDR, availabilityZone: String? = nil
    ) throws(AWSError) -> Subnet.ID {
        guard let vpc = vpcs[vpcID] else { throw AWSError.notFound(.vpc, vpcID, argument: "vpc") }
        try checkNewName(.subnet, name, vpcID: vpcID)
        try checkBlock(cidr, what: "subnet", rangeCode: "InvalidSubnet.Range")
        guard vpc.cidr.contains(cidr) else {
            throw AWSError(
                "InvalidSubnet.Range", "The CIDR '\(cidr)' is invalid: it is not inside the VPC's \(vpc.cidr)",
                argument: "cidr", fix: "choose a block inside \(vpc.cidr)")
        }
        if let clash = subnetsByVPC(vpcID).first(where: { $0.cidr.overlaps(cidr) }) {
            throw AWSError(
                "InvalidSubnet.Conflict", "The CIDR '\(cidr)' conflicts with subnet \(clash.name) (\(clash.cidr))",
                argument: "cidr")
        }
        guard (subnetIDsOfVPC[vpcID]?.count ?? 0) < quotas.subnetsPerVPC else {
            throw AWSError("SubnetLimitExceeded", "the VPC already has \(quotas.subnetsPerVPC) subnets")
        }
        let zone = availabilityZone ?? "us-east-1a"
        guard isAvailabilityZoneName(zone) else {
            throw AWSError(
                "InvalidParameterValue", "\(zone) is not an Availability Zone name like us-east-1a",
                argument: "zone")
        }
        let id: Subnet.ID = newID("subnet-")
        subnets[id] = Subnet(
            id: id, name: name, vpcID: vpcID, cidr: cidr, availabilityZone: zone, routeTableID: nil,
            networkACLID: vpc.defaultNetworkACLID, serial: newSerial())
        subnetIDsOfVPC[vpcID, default: []].append(id)
        indexName(.subnet, name, id)
        return id
    }

    /// Deletes an empty subnet ("Delete a subnet": its network interfaces must go first).
    public mutating func deleteSubnet(_ subnetID: Subnet.ID) throws(AWSError) {
        guard let subnet = subnets[subnetID] else { throw AWSError.notFound(.subnet, subnetID) }
        if interfaces.values.contains(where: { $0.subnetID == subnetID }) {
            throw AWSError(
                "DependencyViolation", "The subnet '\(subnetID)' has dependencies and cannot be deleted.",
                fix: "delete the resources, network interfaces and NAT gateways in it first")
        }
        subnets[subnetID] = nil
        lowestFreeAddress[subnetID] = nil
        subnetIDsOfVPC[subnet.vpcID]?.removeAll { $0 == subnetID }
        unindexName(.subnet, subnet.name, subnetID)
    }
}

/// `us-east-1a`: region code, area, number, zone letter.
func isAvailabilityZoneName(_ zone: String) -> Bool {
    let parts = zone.split(separator: "-", omittingEmptySubsequences: false)
    guard parts.count == 3, parts[0].count == 2, parts[0].allSatisfy({ $0.isASCII && $0.isLowercase }),
        !parts[1].isEmpty, parts[1].allSatisfy({ $0.isASCII && $0.isLowercase }),
        let last = parts[2].last, last.isASCII, last.isLowercase
    else { return false }
    let digits = parts[2].dropLast()
    return !digits.isEmpty && digits.allSatisfy { $0.isASCII && $0.isNumber }
}
