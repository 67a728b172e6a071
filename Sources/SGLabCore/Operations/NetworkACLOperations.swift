extension World {
    // MARK: Network ACLs ("Control traffic to subnets using network ACLs")

    /// A custom network ACL starts with only the `*` denies: it blocks everything.
    @discardableResult
    public mutating func createNetworkACL(name: String, vpcID: VPC.ID) throws(AWSError) -> NetworkACL.ID {
        guard vpcs[vpcID] != nil else { throw AWSError.notFound(.vpc, vpcID, argument: "vpc") }
        try checkNewName(.networkACL, name, vpcID: vpcID)
        guard networkACLs.values.filter({ $0.vpcID == vpcID }).count < quotas.networkACLsPerVPC else {
            throw AWSError("NetworkAclLimitExceeded", "the VPC already has \(quotas.networkACLsPerVPC) network ACLs")
        }
        let id: NetworkACL.ID = newID("acl-")
        networkACLs[id] = NetworkACL(
            id: id, name: name, vpcID: vpcID, isDefault: false, inbound: [.catchAll], outbound: [.catchAll],
            serial: newSerial())
        indexName(.networkACL, name, id)
        return id
    }

    /// A subnet has exactly one network ACL; associating replaces the old association.
    public mutating func associateNetworkACL(_ aclID: NetworkACL.ID, with subnetID: Subnet.ID) throws(AWSError) {
        guard let acl = networkACLs[aclID] else { throw AWSError.notFound(.networkACL, aclID) }
        guard let subnet = subnets[subnetID] else { throw AWSError.notFound(.subnet, subnetID) }
        guard acl.vpcID == subnet.vpcID else {
            throw AWSError(
                "InvalidParameterValue", "network ACL \(acl.name) and subnet \(subnet.name) belong to different VPCs",
                argument: "subnet")
        }
        subnets[subnetID]?.networkACLID = aclID
    }

    public mutating func deleteNetworkACL(_ aclID: NetworkACL.ID) throws(AWSError) {
        guard let acl = networkACLs[aclID] else { throw AWSError.notFound(.networkACL, aclID) }
        if acl.isDefault {
            throw AWSError("InvalidParameterValue", "cannot delete default network ACL \(aclID)")
        }
        if subnets.values.contains(where: { $0.networkACLID == aclID }) {
            throw AWSError(
                "DependencyViolation", "The networkAcl '\(aclID)' has dependencies and cannot be deleted.",
                fix: "associate its subnets with another network ACL first")
        }
        networkACLs[aclID] = nil
        unindexName(.networkACL, acl.name, aclID)
    }

    /// Adds a numbered entry (1–32766, unused in that direction). The quota counts the `*`
    /// deny ("Amazon VPC quotas"); CIDRs are stored canonically.
    public mutating func addNetworkACLEntry(
        _ aclID: NetworkACL.ID, direction: Direction, ruleNumber: Int, action: RuleAction, traffic: TrafficSpec, cidr: CIDR
    ) throws(AWSError) {
        guard let acl = networkACLs[aclID] else { throw AWSError.notFound(.networkACL, aclID) }
        guard (1...32766).contains(ruleNumber) else {
            throw AWSError(
                "InvalidParameterValue", "rule number \(ruleNumber) is out of range: use 1–32766", argument: "number")
        }
        var entries = acl.entries(direction)
        if entries.contains(where: { $0.ruleNumber == ruleNumber }) {
            throw AWSError(
                "NetworkAclEntryAlreadyExists",
                "rule number \(ruleNumber) already exists in this network ACL (\(direction))", argument: "number",
                fix: "choose another number, or nacl remove \(acl.name) \(direction == .inbound ? "in" : "out") \(ruleNumber) first")
        }
        guard entries.count < quotas.entriesPerNetworkACL else {
            throw AWSError(
                "NetworkAclEntryLimitExceeded",
                "the network ACL already has \(quotas.entriesPerNetworkACL) \(direction) entries, counting the * deny")
        }
        if traffic.ipProtocol.hasPorts, case .any = traffic.match {
            // CreateNetworkAclEntry without a port range for TCP/UDP: "The request must contain
            // the parameter portRange" (as AWS words its ICMP twin for icmpTypeCode).
            throw AWSError(
                "MissingParameter",
                "a \(traffic.ipProtocol.name) entry needs a port or a port range", argument: "protocol",
                fix: "write e.g. \(traffic.ipProtocol.name) 443 or \(traffic.ipProtocol.name) 1024-65535")
        }
        entries.append(NetworkACLEntry(ruleNumber: ruleNumber, traffic: traffic, cidr: cidr, action: action))
        entries.sort { $0.ruleNumber < $1.ruleNumber }
        if direction == .inbound { networkACLs[aclID]?.inbound = entries } else { networkACLs[aclID]?.outbound = entries }
    }

    public mutating func removeNetworkACLEntry(_ aclID: NetworkACL.ID, direction: Direction, ruleNumber: Int) throws(AWSError) {
        guard let acl = networkACLs[aclID] else { throw AWSError.notFound(.networkACL, aclID) }
        if ruleNumber == NetworkACLEntry.catchAllNumber {
            throw AWSError("InvalidParameterValue", "the * rule cannot be removed", argument: "number")
        }
        var entries = acl.entries(direction)
        guard let index = entries.firstIndex(where: { $0.ruleNumber == ruleNumber }) else {
            throw AWSError(
                "InvalidNetworkAclEntry.NotFound",
                "no \(direction) entry numbered \(ruleNumber) in network ACL \(acl.name)", argument: "number")
        }
        entries.remove(at: index)
        if direction == .inbound { networkACLs[aclID]?.inbound = entries } else { networkACLs[aclID]?.outbound = entries }
    }

    /// tcp and udp need a port range (moto: "Must specify both from and to ports with TCP/UDP").
    func checkPorts(_ traffic: TrafficSpec) throws(AWSError) {
        if traffic.ipProtocol.hasPorts, case .any = traffic.match {
            throw AWSError(
                "InvalidParameterValue",
                "\(traffic.ipProtocol.name) needs a port or a port range", argument: "protocol",
                fix: "write e.g. \(traffic.ipProtocol.name) 443 or \(traffic.ipProtocol.name) 1024-65535")
        }
    }
}
