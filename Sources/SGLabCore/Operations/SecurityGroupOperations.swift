extension World {
    // MARK: Security groups ("Security groups", "Security group rules")

    /// A new group has no inbound rules and one outbound rule allowing all traffic.
    @discardableResult
    public mutating func createSecurityGroup(name: String, vpcID: VPC.ID, description: String?) throws(AWSError)
        -> SecurityGroup.ID
    {
        guard vpcs[vpcID] != nil else { throw AWSError.notFound(.vpc, vpcID, argument: "vpc") }
        if name.lowercased() == "default" {
            throw AWSError(
                "InvalidGroup.Reserved", "The security group name 'default' is reserved", argument: "name",
                fix: "the VPC's default group already has it; choose another name")
        }
        try checkNewName(.securityGroup, name, vpcID: vpcID)
        guard securityGroups.count < quotas.securityGroupsPerRegion else {
            throw AWSError("SecurityGroupLimitExceeded", "the Region already has \(quotas.securityGroupsPerRegion) security groups")
        }
        let text = description ?? name
        try checkDescription(text)
        let id: SecurityGroup.ID = newID("sg-")
        let allOut = SecurityGroupRule(id: newID("sgr-"), traffic: .allTraffic, peer: .cidr(.anywhere), description: "")
        securityGroups[id] = SecurityGroup(
            id: id, name: name, description: text, vpcID: vpcID, ingress: [], egress: [allOut], serial: newSerial())
        indexName(.securityGroup, name, id)
        return id
    }

    /// Descriptions: at most 255 characters from AWS's set ("Security group rules").
    func checkDescription(_ text: String) throws(AWSError) {
        guard text.count <= 255 else {
            throw AWSError("InvalidParameterValue", "a description is at most 255 characters", argument: "description")
        }
        let extra = Set("._-:/()#,@[]+=&;{}!$* ")
        if let bad = text.first(where: { !($0.isASCII && ($0.isLetter || $0.isNumber)) && !extra.contains($0) }) {
            throw AWSError(
                "InvalidParameterValue", "the description may not contain '\(bad)'", argument: "description",
                fix: "use letters, digits, spaces and ._-:/()#,@[]+=&;{}!$*")
        }
    }

    /// Adds an allow rule. Exact duplicates (after CIDR canonicalisation) are refused with
    /// InvalidPermission.Duplicate ("AuthorizeSecurityGroupIngress"); each direction holds at most
    /// the quota, a prefix list counting as its maximum size ("Amazon VPC quotas").
    @discardableResult
    public mutating func authorize(
        _ groupID: SecurityGroup.ID, direction: Direction, traffic: TrafficSpec, peer: Peer, description: String = ""
    ) throws(AWSError) -> SecurityGroupRule.ID {
        guard let sg = securityGroups[groupID] else { throw AWSError.notFound(.securityGroup, groupID, argument: "sg") }
        try checkPorts(traffic)
        try checkDescription(description)
        try checkPeer(peer, vpcID: sg.vpcID, direction: direction)
        let rules = sg.rules(direction)
        if rules.contains(where: { $0.traffic == traffic && $0.peer == peer }) {
            throw AWSError(
                "InvalidPermission.Duplicate",
                "the specified rule \"\(permissionText(traffic, peer))\" already exists", argument: "peer",
                fix: "the group already allows this; nothing to add")
        }
        let weight = rules.reduce(0) { $0 + ruleWeight($1.peer) } + ruleWeight(peer)
        guard weight <= quotas.rulesPerSecurityGroup else {
            throw AWSError(
                "RulesPerSecurityGroupLimitExceeded", "The maximum number of rules per security group has been reached.",
                fix: "\(quotas.rulesPerSecurityGroup) \(direction) rules per group; use a prefix list or a group reference")
        }
        let rule = SecurityGroupRule(id: newID("sgr-"), traffic: traffic, peer: peer, description: description)
        if direction == .inbound {
            securityGroups[groupID]?.ingress.append(rule)
        } else {
            securityGroups[groupID]?.egress.append(rule)
        }
        return rule.id
    }

    func ruleWeight(_ peer: Peer) -> Int {
        if case .prefixList(let id) = peer { return prefixList(id)?.maxEntries ?? 1 }
        return 1
    }

    func checkPeer(_ peer: Peer, vpcID: VPC.ID, direction: Direction = .inbound) throws(AWSError) {
        switch peer {
        case .cidr: return
        case .securityGroup(let id):
            // A group can only reference groups of its own VPC or of a VPC peered with it
            // ("Update your security groups to reference peer security groups"):
            // InvalidGroup.NotFound otherwise.
            guard let other = securityGroups[id] else {
                throw AWSError(
                    "InvalidGroup.NotFound", "The security group '\(id)' does not exist in this VPC", argument: "peer")
            }
            guard canReference(other.vpcID, from: vpcID, direction: direction) || other.usable(in: vpcID) else {
                throw AWSError(
                    "InvalidGroup.NotFound", "You have specified two resources that belong to different networks.",
                    argument: "peer", fix: "peer the two VPCs first (peering create …), or allow the other VPC's block")
            }
        case .prefixList(let id):
            guard prefixList(id) != nil else { throw AWSError.notFound(.prefixList, id, argument: "peer") }
        }
    }

    /// The API's own wording of a permission, as in InvalidPermission.Duplicate messages.
    func permissionText(_ traffic: TrafficSpec, _ peer: Peer) -> String {
        let peerText: String
        switch peer {
        case .cidr(let c): peerText = c.description
        case .securityGroup(let id): peerText = id.rawValue
        case .prefixList(let id): peerText = id.rawValue
        }
        switch traffic.match {
        case .ports(let r): return "peer: \(peerText), \(traffic.ipProtocol.name.uppercased()), from port: \(r.from), to port: \(r.to), ALLOW"
        case .icmp(let t):
            return "peer: \(peerText), ICMP, type: \(t.type.map(String.init) ?? "ALL"), code: \(t.code.map(String.init) ?? "ALL"), ALLOW"
        case .any: return "peer: \(peerText), \(traffic.ipProtocol == .all ? "ALL" : traffic.ipProtocol.name.uppercased()), ALLOW"
        }
    }

    /// Removes the rule that matches exactly; a rule that does not exist is
    /// InvalidPermission.NotFound in a nondefault VPC ("RevokeSecurityGroupIngress").
    @discardableResult
    public mutating func revoke(_ groupID: SecurityGroup.ID, direction: Direction, traffic: TrafficSpec, peer: Peer)
        throws(AWSError) -> SecurityGroupRule.ID
    {
        guard let sg = securityGroups[groupID] else { throw AWSError.notFound(.securityGroup, groupID, argument: "sg") }
        guard let index = sg.rules(direction).firstIndex(where: { $0.traffic == traffic && $0.peer == peer }) else {
            throw AWSError(
                "InvalidPermission.NotFound", "The specified rule does not exist in this security group.",
                argument: "peer", fix: "revoke takes the rule's exact protocol, ports and peer; show \(sg.name) lists them")
        }
        let id = sg.rules(direction)[index].id
        if direction == .inbound {
            securityGroups[groupID]?.ingress.remove(at: index)
        } else {
            securityGroups[groupID]?.egress.remove(at: index)
        }
        dropCutConnections()
        return id
    }

    /// The default group cannot be deleted (CannotDelete); a group in use or referenced by
    /// another group's rule cannot either (DependencyViolation) ("DeleteSecurityGroup").
    public mutating func deleteSecurityGroup(_ groupID: SecurityGroup.ID) throws(AWSError) {
        guard let sg = securityGroups[groupID] else { throw AWSError.notFound(.securityGroup, groupID) }
        if vpcs[sg.vpcID]?.defaultSecurityGroupID == groupID {
            throw AWSError(
                "CannotDelete", "the specified group: \"\(groupID)\" name: \"default\" cannot be deleted by a user",
                fix: "every VPC keeps its default group; revoke its rules instead")
        }
        if let user = members(of: groupID).sorted().first, let eni = interfaces[user] {
            // An interface keeps at least one group: detaching its only group is refused too
            // (ModifyNetworkInterfaceAttribute), so the hint depends on what else it carries.
            let holder = eni.attachedResourceID.map { reference(to: $0) } ?? reference(to: user)
            let fix: String
            if eni.securityGroupIDs.count > 1 {
                fix = "it is attached to \(interfaceOwnerLabel(user)); detach-sg \(holder) \(reference(to: groupID)) first"
            } else if eni.attachedResourceID == nil {
                fix = "it is the only group of the detached interface \(eni.name); delete the interface (eni delete \(reference(to: user))) or attach another group to it first"
            } else {
                fix = "it is the only group of \(interfaceOwnerLabel(user)), and an interface keeps at least one: attach another group first (attach-sg \(holder) GROUP), then detach-sg \(holder) \(reference(to: groupID))"
            }
            throw AWSError("DependencyViolation", "resource \(groupID) has a dependent object", fix: fix)
        }
        let referrers = securityGroups.values.filter { other in
            other.id != groupID && (other.ingress + other.egress).contains { $0.peer == .securityGroup(groupID) }
        }.sorted { $0.serial < $1.serial }
        if let referrer = referrers.first {
            throw AWSError(
                "DependencyViolation", "resource \(groupID) has a dependent object",
                fix: "security group \(referrer.name) has a rule that references it; revoke that rule first")
        }
        securityGroups[groupID] = nil
        unindexName(.securityGroup, sg.name, groupID)
    }

    /// `web (i-…)` for an interface's resource, or the interface itself.
    func interfaceOwnerLabel(_ interfaceID: NetworkInterface.ID) -> String {
        if let resourceID = interfaces[interfaceID]?.attachedResourceID { return label(resourceID) }
        return label(interfaceID)
    }
}
