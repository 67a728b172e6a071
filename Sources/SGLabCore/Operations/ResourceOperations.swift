extension World {
    // MARK: Resources and their network interfaces

    /// Launches an EC2 instance, RDS DB instance, Lambda function or ElastiCache cluster with a
    /// primary network interface. Without groups it gets the VPC's default group
    /// ("Default security groups for your VPCs").
    @discardableResult
    public mutating func launch(
        kind: ResourceKind, name: String, subnetID: Subnet.ID, securityGroupIDs: [SecurityGroup.ID] = [],
        address: IPAddress? = nil, publicAddress: Bool = false
    ) throws(AWSError) -> Resource.ID {
        guard let subnet = subnets[subnetID], let vpc = vpcs[subnet.vpcID] else {
            throw AWSError.notFound(.subnet, subnetID, argument: "subnet")
        }
        try checkNewName(.resource, name, vpcID: subnet.vpcID)
        if publicAddress && (kind == .lambda || kind == .elasticache) {
            // "Configuring a Lambda function to access resources in a VPC": a function never
            // gets a public IP; ElastiCache nodes have private addresses only.
            throw AWSError(
                "InvalidParameterValue", "\(kind.article) \(kind.noun) never has a public IP address", argument: "public-ip",
                fix: kind == .lambda ? "give it internet access through a NAT gateway" : nil)
        }
        let groups = securityGroupIDs.isEmpty ? [vpc.defaultSecurityGroupID] : securityGroupIDs
        try checkGroups(groups, vpcID: subnet.vpcID, instanceLevel: true)
        let id: Resource.ID = newID(kind.idPrefix)
        let eniID = try addInterface(
            name: nil, subnetID: subnetID, address: address, securityGroupIDs: groups, resourceID: id, natGatewayID: nil)
        resources[id] = Resource(id: id, name: name, kind: kind, vpcID: subnet.vpcID, interfaceIDs: [eniID], serial: newSerial())
        indexName(.resource, name, id)
        if publicAddress {
            // "Public IPv4 addresses": auto-assigned even without an internet gateway; useless
            // until one is attached (aws-semantics.md Part 1, 7a).
            interfaces[eniID]?.autoAssignsPublicAddress = true
            setPublicAddress(eniID, try takePublicAddress(), allocationID: nil)
        }
        return id
    }

    func checkGroups(_ groups: [SecurityGroup.ID], vpcID: VPC.ID, instanceLevel: Bool) throws(AWSError) {
        for group in groups {
            guard let sg = securityGroups[group] else { throw AWSError.notFound(.securityGroup, group, argument: "sg") }
            guard sg.usable(in: vpcID) else {
                throw AWSError(
                    "InvalidParameter",
                    "Security group \(sg.id) and subnet belong to different networks.", argument: "sg")
            }
        }
        guard groups.count <= quotas.securityGroupsPerInterface else {
            throw AWSError(
                instanceLevel ? "SecurityGroupsPerInstanceLimitExceeded" : "SecurityGroupsPerInterfaceLimitExceeded",
                "at most \(quotas.securityGroupsPerInterface) security groups per network interface", argument: "sg",
                fix: "combine rules into fewer groups")
        }
    }

    /// Creates an interface record with a private address: the one asked for (neither reserved
    /// nor taken), or the next free one ("Subnet CIDR blocks": five addresses are reserved).
    mutating func addInterface(
        name: String?, subnetID: Subnet.ID, address: IPAddress?, securityGroupIDs: [SecurityGroup.ID], resourceID: Resource.ID?,
        natGatewayID: NATGateway.ID?, owner: InterfaceOwner? = nil
    ) throws(AWSError) -> NetworkInterface.ID {
        guard let subnet = subnets[subnetID] else { throw AWSError.notFound(.subnet, subnetID) }
        let (owners, all) = (privateAddresses, interfaces)
        let taken = { (a: IPAddress) in owners[a]?.contains { all[$0]?.vpcID == subnet.vpcID } ?? false }
        let chosen: IPAddress
        if let address {
            guard subnet.cidr.contains(address) else {
                throw AWSError(
                    "InvalidParameterValue", "Address \(address) does not fall within the subnet's address range \(subnet.cidr)",
                    argument: "ip")
            }
            guard !subnet.isReserved(address) else {
                throw AWSError(
                    "InvalidParameterValue",
                    "\(address) is reserved: AWS keeps the first four addresses and the last one of every subnet",
                    argument: "ip", fix: "use \(subnet.cidr.network.advanced(by: 4)) to \(subnet.cidr.last.advanced(by: -1))")
            }
            guard !taken(address) else {
                throw AWSError("InvalidIPAddress.InUse", "Address \(address) is in use", argument: "ip")
            }
            chosen = address
        } else {
            // Every address below the hint is taken, so the lowest free one is found from there
            // (AWS gives the next free address; the result is the same as walking from .4).
            var candidate = max(lowestFreeAddress[subnetID] ?? subnet.cidr.network, subnet.cidr.network.advanced(by: 4))
            while taken(candidate) && candidate < subnet.cidr.last { candidate = candidate.advanced(by: 1) }
            guard candidate < subnet.cidr.last, !taken(candidate) else {
                lowestFreeAddress[subnetID] = subnet.cidr.last
                throw AWSError(
                    "InsufficientFreeAddressesInSubnet", "subnet \(subnet.name) has no free addresses left")
            }
            chosen = candidate
            lowestFreeAddress[subnetID] = candidate.advanced(by: 1)
        }
        let id: NetworkInterface.ID = newID("eni-")
        let eniName = name ?? id.rawValue
        interfaces[id] = NetworkInterface(
            id: id, name: eniName, subnetID: subnetID, vpcID: subnet.vpcID, privateAddress: chosen, publicAddress: nil,
            elasticIPAllocationID: nil, autoAssignsPublicAddress: false, securityGroupIDs: securityGroupIDs,
            attachedResourceID: resourceID, natGatewayID: natGatewayID, owner: owner, serial: newSerial())
        if name != nil { indexName(.networkInterface, eniName, id) }
        privateAddresses[chosen, default: []].append(id)
        return id
    }

    /// An extra interface with its own groups and address.
    @discardableResult
    public mutating func createInterface(
        name: String, subnetID: Subnet.ID, securityGroupIDs: [SecurityGroup.ID], address: IPAddress?
    ) throws(AWSError) -> NetworkInterface.ID {
        guard let subnet = subnets[subnetID], let vpc = vpcs[subnet.vpcID] else {
            throw AWSError.notFound(.subnet, subnetID, argument: "subnet")
        }
        try checkNewName(.networkInterface, name, vpcID: subnet.vpcID)
        let groups = securityGroupIDs.isEmpty ? [vpc.defaultSecurityGroupID] : securityGroupIDs
        try checkGroups(groups, vpcID: subnet.vpcID, instanceLevel: false)
        return try addInterface(
            name: name, subnetID: subnetID, address: address, securityGroupIDs: groups, resourceID: nil, natGatewayID: nil)
    }

    /// Attaches an extra interface to an EC2 instance in the same Availability Zone
    /// ("Elastic network interfaces"). Managed services own their interfaces.
    public mutating func attachInterface(_ interfaceID: NetworkInterface.ID, to resourceID: Resource.ID) throws(AWSError) {
        guard let eni = interfaces[interfaceID] else { throw AWSError.notFound(.networkInterface, interfaceID) }
        guard let resource = resources[resourceID] else { throw AWSError.notFound(.resource, resourceID) }
        guard resource.kind == .ec2 else {
            throw AWSError(
                "InvalidParameterValue", "only EC2 instances take extra network interfaces; \(withArticle(resource.kind.noun))'s are managed by AWS",
                argument: "resource")
        }
        if let owner = eni.owner { throw managedInterface(eni, owner) }
        if let current = eni.attachedResourceID {
            throw AWSError(
                "InvalidParameterValue", "Interface: \(interfaceID) in use: attached to \(label(current))",
                argument: "eni")
        }
        let primary = interfaces[resource.primaryInterfaceID]!
        guard subnets[primary.subnetID]?.availabilityZone == subnets[eni.subnetID]?.availabilityZone,
            primary.vpcID == eni.vpcID
        else {
            throw AWSError(
                "InvalidParameterCombination",
                "the network interface and the instance must be in the same VPC and Availability Zone", argument: "eni")
        }
        interfaces[interfaceID]?.attachedResourceID = resourceID
        resources[resourceID]?.interfaceIDs.append(interfaceID)
    }

    public mutating func deleteInterface(_ interfaceID: NetworkInterface.ID) throws(AWSError) {
        guard let eni = interfaces[interfaceID] else { throw AWSError.notFound(.networkInterface, interfaceID) }
        if let owner = eni.owner { throw managedInterface(eni, owner) }
        if eni.attachedResourceID != nil || eni.natGatewayID != nil {
            throw AWSError(
                "InvalidNetworkInterface.InUse", "Interface: \(interfaceID) in use.",
                fix: "delete the resource it belongs to instead")
        }
        if eni.elasticIPAllocationID != nil {
            throw AWSError("InvalidNetworkInterface.InUse", "Interface: \(interfaceID) has an Elastic IP; disassociate it first")
        }
        removeInterfaceRecord(interfaceID)
    }

    /// Sets the groups on an interface (ModifyNetworkInterfaceAttribute). An interface keeps at
    /// least one group.
    public mutating func setSecurityGroups(_ groups: [SecurityGroup.ID], on interfaceID: NetworkInterface.ID) throws(AWSError) {
        guard let eni = interfaces[interfaceID] else { throw AWSError.notFound(.networkInterface, interfaceID) }
        guard eni.natGatewayID == nil else {
            throw AWSError("InvalidParameterValue", "a NAT gateway has no security groups: use its subnet's network ACL")
        }
        if let owner = eni.owner { throw managedInterface(eni, owner) }
        guard !groups.isEmpty else {
            throw AWSError(
                "InvalidParameterValue", "a network interface needs at least one security group", argument: "sg",
                fix: "attach another group before detaching the last one")
        }
        try checkGroups(groups, vpcID: eni.vpcID, instanceLevel: eni.attachedResourceID != nil)
        interfaces[interfaceID]?.securityGroupIDs = groups
        dropCutConnections()
    }

    /// Terminates a resource; its interfaces go with it, routes to them turn blackhole and an
    /// Elastic IP on them is disassociated.
    public mutating func deleteResource(_ resourceID: Resource.ID) throws(AWSError) {
        guard let resource = resources[resourceID] else { throw AWSError.notFound(.resource, resourceID) }
        for eniID in resource.interfaceIDs {
            clearPublicAddress(eniID)
            if eniID == resource.primaryInterfaceID {
                removeInterfaceRecord(eniID)
            } else {
                interfaces[eniID]?.attachedResourceID = nil
            }
        }
        resources[resourceID] = nil
        unindexName(.resource, resource.name, resourceID)
        deregisterEverywhere(resourceID)
    }

    /// A requester-managed interface is changed only through its service ("Requester-managed
    /// network interfaces").
    func managedInterface(_ eni: NetworkInterface, _ owner: InterfaceOwner) -> AWSError {
        let (what, fix): (String, String)
        switch owner {
        case .loadBalancer(let id):
            (what, fix) = ("load balancer \(label(id))", "change the load balancer instead (lb set-groups, lb delete)")
        case .endpoint(let id):
            (what, fix) = ("VPC endpoint \(label(id))", "change the endpoint instead (endpoint delete)")
        }
        return AWSError(
            "InvalidNetworkInterface.InUse", "network interface \(eni.id) is requester-managed by \(what)", fix: fix)
    }

    mutating func removeInterfaceRecord(_ interfaceID: NetworkInterface.ID) {
        guard let eni = interfaces[interfaceID] else { return }
        clearPublicAddress(interfaceID)
        if let hint = lowestFreeAddress[eni.subnetID], eni.privateAddress < hint {
            lowestFreeAddress[eni.subnetID] = eni.privateAddress
        }
        privateAddresses[eni.privateAddress]?.removeAll { $0 == interfaceID }
        if privateAddresses[eni.privateAddress]?.isEmpty == true { privateAddresses[eni.privateAddress] = nil }
        if let six = eni.ipv6Address {
            privateAddresses[six] = nil
            publicAddresses[six] = nil
        }
        if eni.name != eni.id.rawValue { unindexName(.networkInterface, eni.name, interfaceID) }
        interfaces[interfaceID] = nil
        closeConnections(touching: interfaceID)
    }

    // MARK: Instance attributes (decisions 17 and 19)

    /// ModifyInstanceAttribute SourceDestCheck: EC2 instances only ("Change the source or
    /// destination checking").
    public mutating func setSourceDestinationCheck(_ resourceID: Resource.ID, on: Bool) throws(AWSError) {
        try requireKind(resourceID, [.ec2], what: "source/destination check")
        resources[resourceID]?.sourceDestinationCheck = on
    }

    /// Marks an EC2 instance as a NAT instance: it rewrites the source of what it forwards to its
    /// own address (its operating system's masquerading; "NAT instances").
    public mutating func setNATInstance(_ resourceID: Resource.ID, on: Bool) throws(AWSError) {
        try requireKind(resourceID, [.ec2], what: "NAT instance")
        resources[resourceID]?.translatesSource = on
    }

    /// Stands for AWS granting (or withdrawing) the removal of the port 25 restriction for an EC2
    /// instance or a Lambda function (decision 17).
    public mutating func setPort25(_ resourceID: Resource.ID, unblocked: Bool) throws(AWSError) {
        try requireKind(resourceID, [.ec2, .lambda], what: "port 25 restriction")
        resources[resourceID]?.port25Unblocked = unblocked
    }

    private func requireKind(_ resourceID: Resource.ID, _ kinds: [ResourceKind], what: String) throws(AWSError) {
        guard let resource = resources[resourceID] else { throw AWSError.notFound(.resource, resourceID, argument: "resource") }
        guard kinds.contains(resource.kind) else {
            throw AWSError(
                "InvalidParameterValue", "\(withArticle(resource.kind.noun)) has no \(what) setting", argument: "resource")
        }
    }
}
