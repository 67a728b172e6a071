extension World {
    // MARK: Load balancers ("Application Load Balancers", "Network Load Balancers"; CreateLoadBalancer)

    /// A load balancer with one node per subnet. An ALB needs subnets in at least two
    /// Availability Zones and always has security groups (the VPC's default group when none is
    /// given, as the console preselects it); an NLB takes groups only now or never.
    @discardableResult
    public mutating func createLoadBalancer(
        name: String, type: LoadBalancerType, scheme: LoadBalancerScheme, subnetIDs: [Subnet.ID],
        securityGroupIDs: [SecurityGroup.ID]?
    ) throws(AWSError) -> LoadBalancer.ID {
        try checkNameSyntax(name)
        // "CreateLoadBalancer": names are unique per Region and account.
        if !ids(of: .loadBalancer, named: name).isEmpty {
            throw AWSError(
                "DuplicateLoadBalancerName", "A load balancer with the same name '\(name)' exists", argument: "name",
                fix: "choose another name")
        }
        let subnetList = try nodeSubnets(subnetIDs)
        let vpcID = subnetList[0].vpcID
        let zones = Set(subnetList.map(\.availabilityZone))
        // "Subnets for your Application Load Balancer": at least two Availability Zones.
        if type == .application && zones.count < 2 {
            throw AWSError(
                "ValidationError", "At least two subnets in two different Availability Zones must be specified",
                argument: "subnets", fix: "name a second subnet in another Availability Zone (subnet create … az us-east-1b)")
        }
        for subnet in subnetList {
            // "Subnets for your Application Load Balancer": each subnet at least /27 with at
            // least 8 free addresses (an NLB node needs the 8 free addresses as well).
            if type == .application && subnet.cidr.prefixLength > 27 {
                throw AWSError(
                    "InvalidSubnet", "subnet \(subnet.name) is \(subnet.cidr): a load balancer subnet must be at least /27",
                    argument: "subnets")
            }
            if freeAddressCount(in: subnet, atLeast: 8) < 8 {
                throw AWSError(
                    "InvalidSubnet",
                    "Not enough IP space available in \(subnet.id). ELB requires at least 8 free IP addresses in each subnet.",
                    argument: "subnets")
            }
        }
        var groups = securityGroupIDs ?? []
        if securityGroupIDs == nil && type == .application, let vpc = vpcs[vpcID] { groups = [vpc.defaultSecurityGroupID] }
        try checkServiceGroups(groups, vpcID: vpcID, code: "InvalidSecurityGroup")
        let id: LoadBalancer.ID = newID("elb-")
        var nodes: [NetworkInterface.ID] = []
        for subnet in subnetList {
            let eni = try addInterface(
                name: nil, subnetID: subnet.id, address: nil, securityGroupIDs: groups, resourceID: nil, natGatewayID: nil,
                owner: .loadBalancer(id))
            // "Application Load Balancers" (scheme): internet-facing nodes have public addresses.
            if scheme == .internetFacing { setPublicAddress(eni, try takePublicAddress(), allocationID: nil) }
            nodes.append(eni)
        }
        loadBalancers[id] = LoadBalancer(
            id: id, name: name, type: type, scheme: scheme, vpcID: vpcID, subnetIDs: subnetList.map(\.id),
            nodeInterfaceIDs: nodes, securityGroupIDs: groups, createdWithSecurityGroups: !groups.isEmpty, listeners: [],
            serial: newSerial())
        indexName(.loadBalancer, name, id)
        return id
    }

    /// Subnets for nodes: all in one VPC, one per Availability Zone.
    private func nodeSubnets(_ subnetIDs: [Subnet.ID]) throws(AWSError) -> [Subnet] {
        var list: [Subnet] = []
        for id in subnetIDs {
            guard let subnet = subnets[id] else { throw AWSError.notFound(.subnet, id, argument: "subnets") }
            if list.contains(where: { $0.id == id }) { continue }
            if let first = list.first, first.vpcID != subnet.vpcID {
                throw AWSError(
                    "InvalidConfigurationRequest", "subnets \(first.name) and \(subnet.name) are in different VPCs",
                    argument: "subnets")
            }
            if let other = list.first(where: { $0.availabilityZone == subnet.availabilityZone }) {
                throw AWSError(
                    "InvalidConfigurationRequest",
                    "A load balancer cannot be attached to multiple subnets in the same Availability Zone (\(other.name) and \(subnet.name) are both in \(subnet.availabilityZone))",
                    argument: "subnets")
            }
            list.append(subnet)
        }
        guard !list.isEmpty else { throw AWSError("ValidationError", "name at least one subnet", argument: "subnets") }
        return list
    }

    /// Free addresses of a subnet, counted up to `limit` (the check needs only to know there are enough).
    func freeAddressCount(in subnet: Subnet, atLeast limit: Int) -> Int {
        var count = 0
        var address = subnet.cidr.network.advanced(by: 4)
        while address < subnet.cidr.last && count < limit {
            if !(privateAddresses[address]?.contains { interfaces[$0]?.vpcID == subnet.vpcID } ?? false) { count += 1 }
            address = address.advanced(by: 1)
        }
        return count
    }

    private func checkServiceGroups(_ groups: [SecurityGroup.ID], vpcID: VPC.ID, code: String) throws(AWSError) {
        for id in groups {
            guard let sg = securityGroups[id] else { throw AWSError.notFound(.securityGroup, id, argument: "sg") }
            guard sg.usable(in: vpcID) else {
                throw AWSError(
                    code, "security group \(sg.name) is in another VPC than the subnets", argument: "sg",
                    fix: "use a group of \(vpcs[vpcID]?.name ?? vpcID.rawValue)")
            }
        }
        if groups.count > quotas.securityGroupsPerInterface {
            throw AWSError(
                "SecurityGroupsPerInterfaceLimitExceeded",
                "at most \(quotas.securityGroupsPerInterface) security groups per network interface", argument: "sg")
        }
    }

    /// SetSecurityGroups ("Update the security groups for your Network Load Balancer"): an NLB
    /// created without groups can never get them.
    public mutating func setLoadBalancerSecurityGroups(_ id: LoadBalancer.ID, _ groups: [SecurityGroup.ID]) throws(AWSError) {
        guard let lb = loadBalancers[id] else { throw AWSError.notFound(.loadBalancer, id) }
        if lb.type == .network && !lb.createdWithSecurityGroups {
            throw AWSError(
                "InvalidConfigurationRequest",
                "You cannot set security groups on a Network Load Balancer which was created without any security groups",
                argument: "lb",
                fix: "an NLB gets security groups only at creation: create a new one with sg …")
        }
        guard !groups.isEmpty else {
            throw AWSError("ValidationError", "name at least one security group", argument: "sg")
        }
        try checkServiceGroups(groups, vpcID: lb.vpcID, code: "InvalidSecurityGroup")
        loadBalancers[id]?.securityGroupIDs = groups
        for eni in lb.nodeInterfaceIDs { interfaces[eni]?.securityGroupIDs = groups }
    }

    public mutating func deleteLoadBalancer(_ id: LoadBalancer.ID) throws(AWSError) {
        guard let lb = loadBalancers[id] else { throw AWSError.notFound(.loadBalancer, id) }
        for eni in lb.nodeInterfaceIDs { removeInterfaceRecord(eni) }
        loadBalancers[id] = nil
        unindexName(.loadBalancer, lb.name, id)
    }

    // MARK: Listeners (CreateListener, DeleteListener)

    public mutating func addListener(
        _ lbID: LoadBalancer.ID, protocol listenerProtocol: ListenerProtocol, port: UInt16, targetGroupID: TargetGroup.ID
    ) throws(AWSError) {
        guard let lb = loadBalancers[lbID] else { throw AWSError.notFound(.loadBalancer, lbID, argument: "lb") }
        guard let tg = targetGroups[targetGroupID] else { throw AWSError.notFound(.targetGroup, targetGroupID, argument: "tg") }
        guard listenerProtocol.loadBalancerType == lb.type else {
            let allowed = ListenerProtocol.allCases.filter { $0.loadBalancerType == lb.type }.map { $0.rawValue.uppercased() }
            throw AWSError(
                "ValidationError",
                "Listener protocol '\(listenerProtocol.rawValue.uppercased())' must be one of '\(allowed.joined(separator: ", "))'",
                argument: "protocol")
        }
        guard port >= 1 else { throw AWSError("ValidationError", "a listener port is 1-65535", argument: "port") }
        if lb.listeners.contains(where: { $0.port == port }) {
            throw AWSError(
                "DuplicateListener", "A listener already exists on port \(port) of load balancer \(lb.name)", argument: "port")
        }
        guard tg.vpcID == lb.vpcID else {
            throw AWSError(
                "InvalidConfigurationRequest",
                "target group \(tg.name) is in another VPC than load balancer \(lb.name)", argument: "tg")
        }
        // "Listeners for your Network Load Balancers": a listener forwards to a target group of
        // a compatible protocol (TCP ↔ TCP or TCP_UDP, UDP ↔ UDP or TCP_UDP, TLS ↔ TCP or TLS).
        let compatible: Bool
        switch (listenerProtocol, tg.targetProtocol) {
        case (.http, .http), (.http, .https), (.https, .http), (.https, .https): compatible = true
        case (.tcp, .tcp), (.tcp, .tcpUDP), (.udp, .udp), (.udp, .tcpUDP), (.tcpUDP, .tcpUDP), (.tls, .tcp), (.tls, .tls):
            compatible = true
        default: compatible = false
        }
        guard compatible else {
            throw AWSError(
                "IncompatibleProtocols",
                "a \(listenerProtocol.rawValue.uppercased()) listener cannot forward to the \(tg.targetProtocol.rawValue.uppercased()) target group \(tg.name)",
                argument: "tg")
        }
        // "Target groups": a target group serves one load balancer.
        if let other = loadBalancers.values.first(where: { $0.id != lbID && $0.listeners.contains { $0.targetGroupID == targetGroupID } }) {
            throw AWSError(
                "TargetGroupAssociationLimit",
                "target group \(tg.name) already serves load balancer \(other.name): a target group belongs to one load balancer",
                argument: "tg")
        }
        loadBalancers[lbID]?.listeners.append(Listener(listenerProtocol: listenerProtocol, port: port, targetGroupID: targetGroupID))
        loadBalancers[lbID]?.listeners.sort { $0.port < $1.port }
    }

    public mutating func deleteListener(_ lbID: LoadBalancer.ID, port: UInt16) throws(AWSError) {
        guard let lb = loadBalancers[lbID] else { throw AWSError.notFound(.loadBalancer, lbID, argument: "lb") }
        guard let index = lb.listeners.firstIndex(where: { $0.port == port }) else {
            throw AWSError("ListenerNotFound", "load balancer \(lb.name) has no listener on port \(port)", argument: "port")
        }
        loadBalancers[lbID]?.listeners.remove(at: index)
    }

    // MARK: Target groups (CreateTargetGroup, RegisterTargets, ModifyTargetGroupAttributes)

    @discardableResult
    public mutating func createTargetGroup(
        name: String, vpcID: VPC.ID, protocol targetProtocol: ListenerProtocol, port: UInt16, type: TargetType,
        healthCheckPort: UInt16?, preserveClientIP: Bool?
    ) throws(AWSError) -> TargetGroup.ID {
        guard vpcs[vpcID] != nil else { throw AWSError.notFound(.vpc, vpcID, argument: "vpc") }
        try checkNameSyntax(name)
        if !ids(of: .targetGroup, named: name).isEmpty {
            throw AWSError(
                "DuplicateTargetGroupName", "A target group with the same name '\(name)' exists", argument: "name",
                fix: "choose another name")
        }
        guard port >= 1 else { throw AWSError("ValidationError", "a target port is 1-65535", argument: "port") }
        if healthCheckPort == 0 { throw AWSError("ValidationError", "a health-check port is 1-65535", argument: "health") }
        let id: TargetGroup.ID = newID("tg-")
        var tg = TargetGroup(
            id: id, name: name, vpcID: vpcID, targetProtocol: targetProtocol, port: port, targetType: type,
            healthCheckPort: healthCheckPort, preserveClientIPSetting: nil, targets: [], serial: newSerial())
        if let preserveClientIP { try Self.checkPreservation(tg, preserveClientIP) }
        tg.preserveClientIPSetting = preserveClientIP
        targetGroups[id] = tg
        indexName(.targetGroup, name, id)
        return id
    }

    /// "Edit target group attributes for your Network Load Balancer": preserve_client_ip.enabled
    /// exists only for NLB target groups and cannot be turned off for UDP and TCP_UDP ip targets.
    private static func checkPreservation(_ tg: TargetGroup, _ on: Bool) throws(AWSError) {
        if tg.targetProtocol.loadBalancerType == .application {
            throw AWSError(
                "ValidationError",
                "client IP preservation is a Network Load Balancer target-group attribute: an Application Load Balancer passes the client's address in X-Forwarded-For",
                argument: "setting")
        }
        if !on && tg.targetType == .ip && (tg.targetProtocol == .udp || tg.targetProtocol == .tcpUDP) {
            throw AWSError(
                "InvalidConfigurationRequest",
                "client IP preservation cannot be turned off for UDP and TCP_UDP target groups", argument: "setting")
        }
    }

    public mutating func setPreserveClientIP(_ id: TargetGroup.ID, _ on: Bool) throws(AWSError) {
        guard let tg = targetGroups[id] else { throw AWSError.notFound(.targetGroup, id, argument: "tg") }
        try Self.checkPreservation(tg, on)
        targetGroups[id]?.preserveClientIPSetting = on
    }

    /// ModifyTargetGroup HealthCheckPort: a port, or nil for the traffic port.
    public mutating func setHealthCheckPort(_ id: TargetGroup.ID, _ port: UInt16?) throws(AWSError) {
        guard targetGroups[id] != nil else { throw AWSError.notFound(.targetGroup, id, argument: "tg") }
        if port == 0 { throw AWSError("ValidationError", "a health-check port is 1-65535", argument: "port") }
        targetGroups[id]?.healthCheckPort = port
    }

    /// RegisterTargets ("Register targets with your target group"): instance targets are EC2
    /// instances of the target group's VPC; ip targets are addresses of the VPC's blocks, or of
    /// RFC 1918 / RFC 6598 (reached by routing). Registering a target again changes nothing.
    public mutating func registerTargets(_ id: TargetGroup.ID, _ targets: [TargetAddress]) throws(AWSError) {
        guard let tg = targetGroups[id] else { throw AWSError.notFound(.targetGroup, id, argument: "tg") }
        for target in targets {
            switch (tg.targetType, target) {
            case (.instance, .instance(let resourceID)):
                guard let resource = resources[resourceID] else { throw AWSError.notFound(.resource, resourceID, argument: "targets") }
                guard resource.kind == .ec2 else {
                    throw AWSError(
                        "InvalidTarget", "\(resource.name) is \(withArticle(resource.kind.noun)), not an EC2 instance: register its address in an ip target group",
                        argument: "targets")
                }
                guard resource.vpcID == tg.vpcID else {
                    throw AWSError(
                        "InvalidTarget",
                        "The following targets are not in the target group VPC '\(tg.vpcID)': '\(resourceID)'", argument: "targets")
                }
            case (.ip, .ip(let address)):
                let inVPC = vpcs[tg.vpcID]?.cidr.contains(address) ?? false
                guard inVPC || address.isPrivateOrShared else {
                    throw AWSError(
                        "InvalidTarget",
                        "The IP address '\(address)' is not in the target group VPC's block nor in RFC 1918 or RFC 6598 space",
                        argument: "targets")
                }
            case (.instance, .ip(let address)):
                throw AWSError(
                    "InvalidTarget", "target group \(tg.name) takes instances, not addresses like \(address)", argument: "targets",
                    fix: "create an ip target group (tg create … ip)")
            case (.ip, .instance(let resourceID)):
                throw AWSError(
                    "InvalidTarget", "target group \(tg.name) takes IP addresses, not instances like \(name(of: resourceID) ?? resourceID.rawValue)",
                    argument: "targets", fix: "register the instance's private address")
            }
            if !(targetGroups[id]?.targets.contains(target) ?? true) { targetGroups[id]?.targets.append(target) }
        }
    }

    public mutating func deregisterTarget(_ id: TargetGroup.ID, _ target: TargetAddress) throws(AWSError) {
        guard let tg = targetGroups[id] else { throw AWSError.notFound(.targetGroup, id, argument: "tg") }
        guard let index = tg.targets.firstIndex(of: target) else {
            throw AWSError("InvalidTarget", "\(targetText(target)) is not registered in target group \(tg.name)", argument: "target")
        }
        targetGroups[id]?.targets.remove(at: index)
    }

    /// DeleteTargetGroup: refused while a listener forwards to it (ResourceInUse).
    public mutating func deleteTargetGroup(_ id: TargetGroup.ID) throws(AWSError) {
        guard let tg = targetGroups[id] else { throw AWSError.notFound(.targetGroup, id) }
        if let lb = loadBalancers.values.first(where: { $0.listeners.contains { $0.targetGroupID == id } }) {
            throw AWSError(
                "ResourceInUse", "Target group '\(tg.name)' is currently in use by a listener of load balancer \(lb.name)",
                fix: "listener delete \(reference(to: lb.id)) PORT first")
        }
        targetGroups[id] = nil
        unindexName(.targetGroup, tg.name, id)
    }

    /// A terminated instance leaves its target groups ("Register targets": deregistered on termination).
    mutating func deregisterEverywhere(_ resourceID: Resource.ID) {
        for tg in targetGroups.values where tg.targets.contains(.instance(resourceID)) {
            targetGroups[tg.id]?.targets.removeAll { $0 == .instance(resourceID) }
        }
    }

    public func targetText(_ target: TargetAddress) -> String {
        switch target {
        case .instance(let id): return name(of: id) ?? id.rawValue
        case .ip(let address): return address.description
        }
    }

    /// The private address a target receives on (an instance's primary interface's).
    public func targetAddress(_ target: TargetAddress) -> IPAddress? {
        switch target {
        case .instance(let id): return resources[id].flatMap { interfaces[$0.primaryInterfaceID]?.privateAddress }
        case .ip(let address): return address
        }
    }

    // MARK: VPC endpoints ("Interface VPC endpoints", "Gateway endpoints"; CreateVpcEndpoint)

    @discardableResult
    public mutating func createInterfaceEndpoint(
        name: String, service serviceName: String, subnetIDs: [Subnet.ID], securityGroupIDs: [SecurityGroup.ID]?,
        privateDNS requested: Bool?
    ) throws(AWSError) -> VPCEndpoint.ID {
        let service = try endpointService(serviceName, type: .interface)
        // Private DNS is on by default for AWS services; S3's and DynamoDB's interface endpoints
        // are reached by their endpoint-specific names instead, and their private DNS options
        // (which depend on a gateway endpoint and Resolver) are not modelled.
        let privateDNS = requested ?? !service.supportsGateway
        if privateDNS && service.supportsGateway {
            throw AWSError.notModelled(
                "private DNS for an interface endpoint of \(service.name) (reach it by the endpoint's name, or use a gateway endpoint)",
                argument: "dns")
        }
        let subnetList = try nodeSubnetsForEndpoint(subnetIDs)
        let vpcID = subnetList[0].vpcID
        try checkNewName(.vpcEndpoint, name, vpcID: vpcID)
        // "CreateVpcEndpoint": without groups an interface endpoint gets the VPC's default group.
        let groups = securityGroupIDs ?? vpcs[vpcID].map { [$0.defaultSecurityGroupID] } ?? []
        try checkServiceGroups(groups, vpcID: vpcID, code: "InvalidGroupId.Malformed")
        if privateDNS { try checkPrivateDNSFree(service, vpcID: vpcID, except: nil) }
        let id: VPCEndpoint.ID = newID("vpce-")
        var nodes: [NetworkInterface.ID] = []
        for subnet in subnetList {
            nodes.append(try addInterface(
                name: nil, subnetID: subnet.id, address: nil, securityGroupIDs: groups, resourceID: nil, natGatewayID: nil,
                owner: .endpoint(id)))
        }
        vpcEndpoints[id] = VPCEndpoint(
            id: id, name: name, vpcID: vpcID, service: service.name, type: .interface, subnetIDs: subnetList.map(\.id),
            nodeInterfaceIDs: nodes, securityGroupIDs: groups, privateDNS: privateDNS, routeTableIDs: [], serial: newSerial())
        indexName(.vpcEndpoint, name, id)
        return id
    }

    private func nodeSubnetsForEndpoint(_ subnetIDs: [Subnet.ID]) throws(AWSError) -> [Subnet] {
        do {
            return try nodeSubnets(subnetIDs)
        } catch {
            // CreateVpcEndpoint's own code for two subnets in one zone.
            if error.message.hasPrefix("A load balancer cannot") {
                throw AWSError(
                    "DuplicateSubnetsInSameZone", "Found another VPC endpoint subnet in the same Availability Zone",
                    argument: "subnets")
            }
            throw error
        }
    }

    @discardableResult
    public mutating func createGatewayEndpoint(
        name: String, service serviceName: String, vpcID: VPC.ID, routeTableIDs: [RouteTable.ID]
    ) throws(AWSError) -> VPCEndpoint.ID {
        let service = try endpointService(serviceName, type: .gateway)
        guard vpcs[vpcID] != nil else { throw AWSError.notFound(.vpc, vpcID, argument: "vpc") }
        try checkNewName(.vpcEndpoint, name, vpcID: vpcID)
        let id: VPCEndpoint.ID = newID("vpce-")
        vpcEndpoints[id] = VPCEndpoint(
            id: id, name: name, vpcID: vpcID, service: service.name, type: .gateway, subnetIDs: [], nodeInterfaceIDs: [],
            securityGroupIDs: [], privateDNS: false, routeTableIDs: [], serial: newSerial())
        indexName(.vpcEndpoint, name, id)
        for table in routeTableIDs { try addEndpointRoute(id, table) }
        return id
    }

    /// ModifyVpcEndpoint AddRouteTableIds: the route to the service's prefix list.
    public mutating func addEndpointRoute(_ id: VPCEndpoint.ID, _ tableID: RouteTable.ID) throws(AWSError) {
        guard let endpoint = vpcEndpoints[id], endpoint.type == .gateway,
            let listID = AWSService.named(endpoint.service)?.prefixListID
        else { throw AWSError("InvalidParameter", "only a gateway endpoint has route tables", argument: "endpoint") }
        guard let table = routeTables[tableID] else { throw AWSError.notFound(.routeTable, tableID, argument: "rt") }
        guard table.vpcID == endpoint.vpcID else {
            throw AWSError(
                "InvalidRouteTableId.NotFound", "route table \(table.name) is not in the endpoint's VPC", argument: "rt")
        }
        try addRoute(to: tableID, prefixList: listID, target: .vpcEndpoint(id))
        vpcEndpoints[id]?.routeTableIDs.append(tableID)
    }

    /// ModifyVpcEndpoint PrivateDnsEnabled.
    public mutating func setPrivateDNS(_ id: VPCEndpoint.ID, _ on: Bool) throws(AWSError) {
        guard let endpoint = vpcEndpoints[id] else { throw AWSError.notFound(.vpcEndpoint, id, argument: "endpoint") }
        guard endpoint.type == .interface else {
            throw AWSError("InvalidParameter", "private DNS belongs to interface endpoints; a gateway endpoint works by its routes",
                           argument: "endpoint")
        }
        if on, let service = AWSService.named(endpoint.service) {
            if service.supportsGateway {
                throw AWSError.notModelled("private DNS for an interface endpoint of \(service.name)", argument: "dns")
            }
            try checkPrivateDNSFree(service, vpcID: endpoint.vpcID, except: id)
        }
        vpcEndpoints[id]?.privateDNS = on
    }

    public mutating func deleteEndpoint(_ id: VPCEndpoint.ID) throws(AWSError) {
        guard let endpoint = vpcEndpoints[id] else { throw AWSError.notFound(.vpcEndpoint, id) }
        for eni in endpoint.nodeInterfaceIDs { removeInterfaceRecord(eni) }
        for table in endpoint.routeTableIDs {
            routeTables[table]?.routes.removeAll { $0.target == .vpcEndpoint(id) }
        }
        vpcEndpoints[id] = nil
        unindexName(.vpcEndpoint, endpoint.name, id)
    }

    private func endpointService(_ text: String, type: EndpointType) throws(AWSError) -> AWSService {
        guard let service = AWSService.named(text) else {
            let full = text.hasPrefix("com.amazonaws.") ? text : "com.amazonaws.\(AWSService.region).\(text)"
            throw AWSError(
                "InvalidServiceName", "The Vpc Endpoint Service '\(full)' does not exist", argument: "service",
                fix: nearest(text, among: AWSService.catalog.map(\.name)).map { "did you mean \($0)?" })
        }
        switch type {
        case .gateway where !service.supportsGateway:
            throw AWSError(
                "InvalidParameter",
                "Endpoint type (Gateway) does not match available service types ([Interface]) for \(service.serviceName)",
                argument: "service", fix: "only s3 and dynamodb have gateway endpoints: endpoint create NAME interface \(service.name) in SUBNET")
        case .interface where !service.supportsInterface:
            throw AWSError(
                "InvalidParameter",
                "Endpoint type (Interface) does not match available service types ([Gateway]) for \(service.serviceName)",
                argument: "service", fix: "endpoint create NAME gateway \(service.name) in VPC rt RT")
        default: return service
        }
    }

    /// "Access an AWS service using an interface VPC endpoint": one endpoint per service and VPC
    /// can own the service's private DNS name.
    private func checkPrivateDNSFree(_ service: AWSService, vpcID: VPC.ID, except: VPCEndpoint.ID?) throws(AWSError) {
        if let other = vpcEndpoints.values.first(where: {
            $0.vpcID == vpcID && $0.service == service.name && $0.privateDNS && $0.id != except
        }) {
            throw AWSError(
                "InvalidParameter",
                "private-dns-enabled cannot be set because there is already a conflicting DNS domain for \(service.name).\(AWSService.region).amazonaws.com in the VPC (endpoint \(other.name))",
                argument: "endpoint")
        }
    }

    /// The interface endpoint, with private DNS on, that a service's name resolves to in a VPC.
    public func privateDNSEndpoint(for service: String, in vpcID: VPC.ID) -> VPCEndpoint? {
        vpcEndpoints.values.first { $0.vpcID == vpcID && $0.service == service && $0.type == .interface && $0.privateDNS }
    }
}
