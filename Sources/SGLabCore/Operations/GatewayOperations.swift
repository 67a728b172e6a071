extension World {
    // MARK: Internet gateways ("Connect to the internet using an internet gateway")

    @discardableResult
    public mutating func createInternetGateway(name: String) throws(AWSError) -> InternetGateway.ID {
        try checkNewName(.internetGateway, name, vpcID: nil)
        guard internetGateways.count < quotas.internetGatewaysPerRegion else {
            throw AWSError(
                "InternetGatewayLimitExceeded",
                "the maximum number of internet gateways (\(quotas.internetGatewaysPerRegion)) has been reached")
        }
        let id: InternetGateway.ID = newID("igw-")
        internetGateways[id] = InternetGateway(id: id, name: name, vpcID: nil, serial: newSerial())
        indexName(.internetGateway, name, id)
        return id
    }

    /// One internet gateway per VPC, one VPC per gateway ("Amazon VPC quotas").
    public mutating func attachInternetGateway(_ igwID: InternetGateway.ID, to vpcID: VPC.ID) throws(AWSError) {
        guard let igw = internetGateways[igwID] else { throw AWSError.notFound(.internetGateway, igwID) }
        guard vpcs[vpcID] != nil else { throw AWSError.notFound(.vpc, vpcID) }
        if let current = igw.vpcID {
            throw AWSError(
                "Resource.AlreadyAssociated",
                "resource \(igwID) is already attached to network \(current)", argument: "igw",
                fix: "igw detach \(igw.name) \(reference(to: current)) first; a gateway serves one VPC")
        }
        if let other = gatewayOfVPC[vpcID] {
            throw AWSError(
                "Resource.AlreadyAssociated",
                "the VPC already has internet gateway \(label(other)) attached: a VPC has one at a time",
                argument: "vpc", fix: "use \(internetGateways[other]?.name ?? other.rawValue), or detach it first")
        }
        internetGateways[igwID]?.vpcID = vpcID
        gatewayOfVPC[vpcID] = igwID
    }

    /// Detaching fails while addresses in the VPC map to public ones ("Connect to the internet
    /// using an internet gateway": "unmap those public address(es)"); routes to it turn blackhole.
    public mutating func detachInternetGateway(_ igwID: InternetGateway.ID, from vpcID: VPC.ID) throws(AWSError) {
        guard let igw = internetGateways[igwID] else { throw AWSError.notFound(.internetGateway, igwID) }
        guard igw.vpcID == vpcID else {
            throw AWSError(
                "Gateway.NotAttached", "resource \(igwID) is not attached to network \(vpcID)", argument: "vpc")
        }
        if interfaces.values.contains(where: { $0.vpcID == vpcID && $0.publicAddress != nil }) {
            throw AWSError(
                "DependencyViolation",
                "Network \(vpcID) has some mapped public address(es). Please unmap those public address(es) before detaching the gateway.",
                fix: "disassociate the Elastic IPs and delete the NAT gateways and public-ip resources first")
        }
        internetGateways[igwID]?.vpcID = nil
        gatewayOfVPC[vpcID] = nil
    }

    public mutating func deleteInternetGateway(_ igwID: InternetGateway.ID) throws(AWSError) {
        guard let igw = internetGateways[igwID] else { throw AWSError.notFound(.internetGateway, igwID) }
        if let vpcID = igw.vpcID {
            throw AWSError(
                "DependencyViolation", "The internetGateway '\(igwID)' has dependencies and cannot be deleted.",
                fix: "igw detach \(igw.name) \(reference(to: vpcID))")
        }
        internetGateways[igwID] = nil
        unindexName(.internetGateway, igw.name, igwID)
    }

    // MARK: NAT gateways ("NAT gateways")

    /// A public NAT gateway in a subnet, with a newly allocated Elastic IP. The VPC needs an
    /// attached internet gateway (AWS: Gateway.NotAttached "Network vpc-… has no Internet gateway
    /// attached").
    @discardableResult
    public mutating func createNATGateway(name: String, subnetID: Subnet.ID, isPrivate: Bool = false) throws(AWSError) -> NATGateway.ID {
        guard let subnet = subnets[subnetID] else { throw AWSError.notFound(.subnet, subnetID, argument: "subnet") }
        try checkNewName(.natGateway, name, vpcID: subnet.vpcID)
        // A public NAT gateway reaches the internet through the VPC's internet gateway; a private
        // one needs none ("NAT gateways": connectivity types).
        guard isPrivate || gatewayOfVPC[subnet.vpcID] != nil else {
            throw AWSError(
                "Gateway.NotAttached", "Network \(subnet.vpcID) has no Internet gateway attached",
                argument: "subnet", fix: "a public NAT gateway needs the VPC's internet gateway: igw attach first")
        }
        let inZone = natGateways.values.filter { subnets[$0.subnetID]?.availabilityZone == subnet.availabilityZone }
        guard inZone.count < quotas.natGatewaysPerAvailabilityZone else {
            throw AWSError("NatGatewayLimitExceeded", "the Availability Zone already has the maximum of NAT gateways")
        }
        let allocationID = isPrivate ? nil : try allocateElasticIP(name: nil)
        let natID: NATGateway.ID = newID("nat-")
        let eniID = try addInterface(
            name: nil, subnetID: subnetID, address: nil, securityGroupIDs: [], resourceID: nil, natGatewayID: natID)
        var nat = NATGateway(
            id: natID, name: name, subnetID: subnetID, vpcID: subnet.vpcID, interfaceID: eniID,
            allocationID: allocationID, serial: newSerial())
        if isPrivate { nat.isPrivate = true }
        natGateways[natID] = nat
        indexName(.natGateway, name, natID)
        if let allocationID { setPublicAddress(eniID, elasticIPs[allocationID]!.publicAddress, allocationID: allocationID) }
        return natID
    }

    public mutating func deleteNATGateway(_ natID: NATGateway.ID) throws(AWSError) {
        guard let nat = natGateways[natID] else { throw AWSError.notFound(.natGateway, natID) }
        clearPublicAddress(nat.interfaceID)
        removeInterfaceRecord(nat.interfaceID)
        natGateways[natID] = nil
        unindexName(.natGateway, nat.name, natID)
        closeConnections(touching: nat.interfaceID)
    }

    // MARK: Elastic IPs

    @discardableResult
    public mutating func allocateElasticIP(name: String?) throws(AWSError) -> ElasticIP.ID {
        if let name { try checkNewName(.elasticIP, name, vpcID: nil) }
        guard elasticIPs.count < quotas.elasticIPsPerRegion else {
            throw AWSError(
                "AddressLimitExceeded",
                "The maximum number of addresses (\(quotas.elasticIPsPerRegion)) has been reached.")
        }
        let id: ElasticIP.ID = newID("eipalloc-")
        let address = try takePublicAddress()
        let eipName = name ?? id.rawValue
        elasticIPs[id] = ElasticIP(allocationID: id, name: eipName, publicAddress: address, interfaceID: nil, serial: newSerial())
        indexName(.elasticIP, eipName, id)
        return id
    }

    mutating func takePublicAddress() throws(AWSError) -> IPAddress {
        let address = nextPublicAddress
        guard World.publicPool.contains(address) else {
            throw AWSError("AddressLimitExceeded", "sglab has run out of public addresses")
        }
        nextPublicAddress = address.advanced(by: 1)
        return address
    }

    /// Associating needs the VPC's internet gateway (Gateway.NotAttached, "Error codes"), and
    /// replaces the interface's auto-assigned public address ("Public IPv4 addresses").
    public mutating func associateElasticIP(_ allocationID: ElasticIP.ID, with interfaceID: NetworkInterface.ID) throws(AWSError) {
        guard let eip = elasticIPs[allocationID] else { throw AWSError.notFound(.elasticIP, allocationID) }
        guard let eni = interfaces[interfaceID] else { throw AWSError.notFound(.networkInterface, interfaceID) }
        if let current = eip.interfaceID {
            throw AWSError(
                "Resource.AlreadyAssociated",
                "Elastic IP \(eip.publicAddress) is already associated with \(label(current))",
                fix: "eip disassociate \(eip.name) first")
        }
        if let owner = eni.owner { throw managedInterface(eni, owner) }
        guard eni.natGatewayID == nil else {
            throw AWSError("InvalidParameterValue", "a NAT gateway's network interface is managed by AWS")
        }
        if let owner = eni.attachedResourceID.flatMap({ resources[$0] }), owner.kind != .ec2 {
            // "Requester-managed network interfaces": a service's interfaces cannot be modified;
            // a Lambda function reaches the internet only through NAT ("Configuring a Lambda
            // function to access resources in a VPC").
            throw AWSError(
                "InvalidParameterValue",
                "\(owner.kind.article) \(owner.kind.noun)'s network interface is managed by the service: an Elastic IP cannot be associated with it",
                fix: owner.kind == .rds ? "launch it with public-ip (publicly accessible) instead"
                    : "give it internet access through a NAT gateway in a public subnet")
        }
        guard gatewayOfVPC[eni.vpcID] != nil else {
            throw AWSError(
                "Gateway.NotAttached", "Network \(eni.vpcID) has no Internet gateway attached",
                fix: "igw attach a gateway to the VPC first")
        }
        if let old = eni.elasticIPAllocationID { elasticIPs[old]?.interfaceID = nil }
        if let old = eni.publicAddress { publicAddresses[old] = nil }
        setPublicAddress(interfaceID, eip.publicAddress, allocationID: allocationID)
    }

    /// The interface gets a new auto-assigned address back if it had one ("Public IPv4 addresses").
    public mutating func disassociateElasticIP(_ allocationID: ElasticIP.ID) throws(AWSError) {
        guard let eip = elasticIPs[allocationID] else { throw AWSError.notFound(.elasticIP, allocationID) }
        guard let eniID = eip.interfaceID, let eni = interfaces[eniID] else {
            throw AWSError("InvalidAssociationID.NotFound", "Elastic IP \(eip.publicAddress) is not associated")
        }
        guard eni.natGatewayID == nil else {
            throw AWSError(
                "InvalidParameterValue", "the Elastic IP belongs to a NAT gateway; delete the NAT gateway instead")
        }
        clearPublicAddress(eniID)
        if eni.autoAssignsPublicAddress {
            setPublicAddress(eniID, try takePublicAddress(), allocationID: nil)
        }
    }

    public mutating func releaseElasticIP(_ allocationID: ElasticIP.ID) throws(AWSError) {
        guard let eip = elasticIPs[allocationID] else { throw AWSError.notFound(.elasticIP, allocationID) }
        if eip.interfaceID != nil {
            throw AWSError(
                "InvalidIPAddress.InUse", "Address \(eip.publicAddress) is in use",
                fix: "eip disassociate \(eip.name) first")
        }
        elasticIPs[allocationID] = nil
        unindexName(.elasticIP, eip.name, allocationID)
    }

    mutating func setPublicAddress(_ interfaceID: NetworkInterface.ID, _ address: IPAddress, allocationID: ElasticIP.ID?) {
        interfaces[interfaceID]?.publicAddress = address
        interfaces[interfaceID]?.elasticIPAllocationID = allocationID
        publicAddresses[address] = interfaceID
        if let allocationID { elasticIPs[allocationID]?.interfaceID = interfaceID }
    }

    mutating func clearPublicAddress(_ interfaceID: NetworkInterface.ID) {
        guard let eni = interfaces[interfaceID] else { return }
        if let address = eni.publicAddress { publicAddresses[address] = nil }
        if let allocationID = eni.elasticIPAllocationID { elasticIPs[allocationID]?.interfaceID = nil }
        interfaces[interfaceID]?.publicAddress = nil
        interfaces[interfaceID]?.elasticIPAllocationID = nil
    }

    // MARK: Prefix lists ("Group CIDR blocks using managed prefix lists")

    @discardableResult
    public mutating func createPrefixList(name: String, entries: [CIDR]) throws(AWSError) -> PrefixList.ID {
        try checkNewName(.prefixList, name, vpcID: nil)
        guard !entries.isEmpty else { throw AWSError("InvalidParameterValue", "a prefix list needs at least one CIDR") }
        if entries.contains(where: \.isIPv6) {
            throw AWSError.notModelled("an IPv6 prefix list (a list's address family is fixed; sglab's lists are IPv4)", argument: "cidrs")
        }
        let unique = entries.reduce(into: [CIDR]()) { if !$0.contains($1) { $0.append($1) } }
        let id: PrefixList.ID = newID("pl-")
        prefixLists[id] = PrefixList(id: id, name: name, entries: unique, maxEntries: unique.count, serial: newSerial())
        indexName(.prefixList, name, id)
        return id
    }

    public mutating func deletePrefixList(_ id: PrefixList.ID) throws(AWSError) {
        guard let list = prefixLists[id] else { throw AWSError.notFound(.prefixList, id) }
        let users = securityGroups.values.filter { sg in
            (sg.ingress + sg.egress).contains { $0.peer == .prefixList(id) }
        }
        if let user = users.first {
            throw AWSError(
                "DependencyViolation",
                "prefix list \(id) is referenced by security group \(label(user.id))")
        }
        if let table = routeTables.values.sorted(by: { $0.serial < $1.serial }).first(where: { $0.routes.contains { $0.prefixListID == id } }) {
            throw AWSError(
                "DependencyViolation", "prefix list \(id) is the destination of a route in route table \(label(table.id))",
                fix: "route delete \(reference(to: table.id)) prefix-list \(reference(to: id)) first")
        }
        prefixLists[id] = nil
        unindexName(.prefixList, list.name, id)
    }
}

extension World {
    /// CreateNatGateway with AvailabilityMode regional (November 2025): no subnet; the VPC
    /// needs its internet gateway; AWS allocates the public address (automatic mode).
    @discardableResult
    public mutating func createRegionalNATGateway(name: String, vpcID: VPC.ID) throws(AWSError) -> RegionalNATGateway.ID {
        guard vpcs[vpcID] != nil else { throw AWSError.notFound(.vpc, vpcID, argument: "vpc") }
        try checkNewName(.natGateway, name, vpcID: vpcID)
        try checkNewName(.regionalNATGateway, name, vpcID: vpcID)
        guard gatewayOfVPC[vpcID] != nil else {
            throw AWSError(
                "Gateway.NotAttached", "Network \(vpcID) has no Internet gateway attached", argument: "vpc",
                fix: "a regional NAT gateway reaches the internet through the VPC's internet gateway: igw attach first")
        }
        if let other = regionalNATGateways.values.first(where: { $0.vpcID == vpcID }) {
            throw AWSError(nil, "\(label(other.id)) already spans this VPC's zones", argument: "vpc")
        }
        let id: RegionalNATGateway.ID = newID("nat-")
        regionalNATGateways[id] = RegionalNATGateway(
            id: id, name: name, vpcID: vpcID, publicAddress: try takePublicAddress(), serial: newSerial())
        indexName(.regionalNATGateway, name, id)
        return id
    }

    public mutating func deleteRegionalNATGateway(_ id: RegionalNATGateway.ID) throws(AWSError) {
        guard let nat = regionalNATGateways[id] else { throw AWSError.notFound(.regionalNATGateway, id) }
        regionalNATGateways[id] = nil
        unindexName(.regionalNATGateway, nat.name, id)
    }

    /// The regional NAT gateway that owns a public address.
    func regionalNATGateway(withPublicAddress address: IPAddress) -> RegionalNATGateway? {
        regionalNATGateways.values.first { $0.publicAddress == address }
    }
}
