import SGLabCore

/// Load balancers, target groups, listeners and endpoints at the prompt (decisions 21 and 22).
extension Interpreter {
    func securityGroups(_ words: [Word]?, in vpcID: VPC.ID) throws(LanguageError) -> [SecurityGroup.ID]? {
        guard let words else { return nil }
        var ids: [SecurityGroup.ID] = []
        for word in words { ids.append(try id(SecurityGroup.self, word, in: vpcID)) }
        return ids
    }

    func subnetIDs(_ words: [Word]) throws(LanguageError) -> [Subnet.ID] {
        var ids: [Subnet.ID] = []
        for word in words { ids.append(try id(Subnet.self, word)) }
        return ids
    }

    /// A target as typed: an address for an ip target group, else an instance.
    func target(_ word: Word, for tg: TargetGroup) throws(LanguageError) -> TargetAddress {
        if let address = IPAddress(word.text) {
            return .ip(address)
        }
        if tg.targetType == .ip, let resource = world.lookup(Resource.self, word.text, in: tg.vpcID) {
            let address = world.interfaces[world.resources[resource]!.primaryInterfaceID]!.privateAddress
            throw LanguageError(
                "target group \(tg.name) takes IP addresses, not instances", code: "InvalidTarget", at: word.token,
                fix: "register \(word.text)'s address: \(address)")
        }
        return .instance(try id(Resource.self, word, in: tg.vpcID))
    }

    mutating func runService(_ command: Command) throws(LanguageError) -> Outcome {
        switch command {
        case .createLoadBalancer(let name, let type, let scheme, let subnetWords, let groupWords):
            let subnets = try subnetIDs(subnetWords)
            let vpcID = world.subnets[subnets[0]]!.vpcID
            let groups = try securityGroups(groupWords, in: vpcID)
            let id = try pointed(name) { () throws(AWSError) in
                try world.createLoadBalancer(name: name.text, type: type, scheme: scheme, subnetIDs: subnets, securityGroupIDs: groups)
            }
            let lb = world.loadBalancers[id]!
            let nodes = lb.nodeInterfaceIDs.compactMap { world.interfaces[$0] }.map { eni in
                "\(world.subnets[eni.subnetID]!.availabilityZone) \(eni.id) \(eni.privateAddress)\(eni.publicAddress.map { " (public \($0))" } ?? "")"
            }
            let groupText = lb.securityGroupIDs.isEmpty
                ? "no security groups (an NLB can never get them later)"
                : "security groups \(lb.securityGroupIDs.map { world.name(of: $0) ?? $0.rawValue }.joined(separator: ", "))"
            return .message(
                "created \(scheme.rawValue) \(type.noun) \(name.text) (\(id)): nodes \(nodes.joined(separator: ", ")); \(groupText); add a listener with listener add")
        case .setLoadBalancerGroups(let word, let groupWords):
            let id = try self.id(LoadBalancer.self, word)
            let groups = try securityGroups(groupWords, in: world.loadBalancers[id]!.vpcID) ?? []
            try pointed(word) { () throws(AWSError) in try world.setLoadBalancerSecurityGroups(id, groups) }
            return .message("load balancer \(word.text) now has security groups \(groupWords.map(\.text).joined(separator: ", "))")
        case .deleteLoadBalancer(let word):
            let id = try self.id(LoadBalancer.self, word)
            try perform { () throws(AWSError) in try world.deleteLoadBalancer(id) }
            return .message("deleted load balancer \(word.text) (\(id)), its listeners and its nodes; its target groups remain")
        case .loadBalancerHealth(let word):
            let id = try self.id(LoadBalancer.self, word)
            let results = try perform { () throws(AWSError) in try world.targetHealth(id) }
            return .health(id, results, world)
        case .createTargetGroup(let name, let vpcWord, let targetProtocol, let port, let type, let healthPort, let preserve):
            let vpcID = try self.id(VPC.self, vpcWord)
            let id = try pointed(name) { () throws(AWSError) in
                try world.createTargetGroup(
                    name: name.text, vpcID: vpcID, protocol: targetProtocol, port: port, type: type, healthCheckPort: healthPort,
                    preserveClientIP: preserve)
            }
            let tg = world.targetGroups[id]!
            var facts = ["\(type.rawValue) targets on \(targetProtocol.rawValue) \(port)",
                         "health checks on \(healthPort.map { "port \($0)" } ?? "the traffic port")"]
            if targetProtocol.loadBalancerType == .network {
                facts.append("client IP preservation \(tg.preservesClientIP ? "on" : "off")")
            }
            return .message("created target group \(name.text) (\(id)) in \(vpcWord.text): \(facts.joined(separator: ", "))")
        case .setHealthCheckPort(let word, let port):
            let id = try self.id(TargetGroup.self, word)
            try pointed(word) { () throws(AWSError) in try world.setHealthCheckPort(id, port) }
            return .message("target group \(word.text) now checks health on \(port.map { "port \($0)" } ?? "the traffic port")")
        case .setPreserveClientIP(let word, let on):
            let id = try self.id(TargetGroup.self, word)
            try pointed(word) { () throws(AWSError) in try world.setPreserveClientIP(id, on) }
            return .message(
                "target group \(word.text): client IP preservation \(on ? "on: targets see the client's address" : "off: targets see the load balancer's node address")")
        case .registerTargets(let word, let targetWords):
            let id = try self.id(TargetGroup.self, word)
            let tg = world.targetGroups[id]!
            var targets: [TargetAddress] = []
            for targetWord in targetWords { targets.append(try target(targetWord, for: tg)) }
            try pointed(word) { () throws(AWSError) in try world.registerTargets(id, targets) }
            return .message(
                "registered \(targets.map { world.targetText($0) }.joined(separator: ", ")) in target group \(word.text) on port \(tg.port)")
        case .deregisterTarget(let word, let targetWord):
            let id = try self.id(TargetGroup.self, word)
            let target = try target(targetWord, for: world.targetGroups[id]!)
            try pointed(word) { () throws(AWSError) in try world.deregisterTarget(id, target) }
            return .message("deregistered \(targetWord.text) from target group \(word.text)")
        case .deleteTargetGroup(let word):
            let id = try self.id(TargetGroup.self, word)
            try perform { () throws(AWSError) in try world.deleteTargetGroup(id) }
            return .message("deleted target group \(word.text) (\(id))")
        case .addListener(let word, let listenerProtocol, let port, let tgWord):
            let id = try self.id(LoadBalancer.self, word)
            let tg = try self.id(TargetGroup.self, tgWord)
            try pointed(word) { () throws(AWSError) in
                try world.addListener(id, protocol: listenerProtocol, port: port, targetGroupID: tg)
            }
            return .message("load balancer \(word.text) now listens on \(listenerProtocol.rawValue.uppercased()) \(port) and forwards to \(tgWord.text)")
        case .deleteListener(let word, let port):
            let id = try self.id(LoadBalancer.self, word)
            try pointed(word) { () throws(AWSError) in try world.deleteListener(id, port: port) }
            return .message("deleted the listener on port \(port) of \(word.text)")
        case .createInterfaceEndpoint(let name, let service, let subnetWords, let groupWords, let privateDNS):
            let subnets = try subnetIDs(subnetWords)
            let vpcID = world.subnets[subnets[0]]!.vpcID
            let groups = try securityGroups(groupWords, in: vpcID)
            let id = try pointed(name) { () throws(AWSError) in
                try world.createInterfaceEndpoint(
                    name: name.text, service: service.text, subnetIDs: subnets, securityGroupIDs: groups, privateDNS: privateDNS)
            }
            let endpoint = world.vpcEndpoints[id]!
            let nodes = endpoint.nodeInterfaceIDs.compactMap { world.interfaces[$0] }.map {
                "\(world.subnets[$0.subnetID]!.availabilityZone) \($0.id) \($0.privateAddress)"
            }
            let dns = endpoint.privateDNS
                ? "private DNS on: \(endpoint.service) resolves to the endpoint inside \(world.vpcs[vpcID]!.name)"
                : "private DNS off: \(endpoint.service)'s name still resolves to its public address"
            return .message(
                "created interface endpoint \(name.text) (\(id)) for \(endpoint.service): nodes \(nodes.joined(separator: ", ")), security groups \(endpoint.securityGroupIDs.map { world.name(of: $0) ?? $0.rawValue }.joined(separator: ", ")); \(dns)")
        case .createGatewayEndpoint(let name, let service, let vpcWord, let tableWords):
            let vpcID = try self.id(VPC.self, vpcWord)
            var tables: [RouteTable.ID] = []
            for word in tableWords { tables.append(try self.id(RouteTable.self, word, in: vpcID)) }
            let id = try pointed(name) { () throws(AWSError) in
                try world.createGatewayEndpoint(name: name.text, service: service.text, vpcID: vpcID, routeTableIDs: tables)
            }
            let list = AWSService.named(service.text)!.prefixListID!
            let routes = tableWords.isEmpty
                ? "no route table yet (endpoint route \(name.text) RT)"
                : "route \(list) → \(id) in \(tableWords.map(\.text).joined(separator: ", "))"
            return .message(
                "created gateway endpoint \(name.text) (\(id)) for \(service.text): \(routes); security groups can name \(list)")
        case .setEndpointPrivateDNS(let word, let on):
            let id = try self.id(VPCEndpoint.self, word)
            try pointed(word) { () throws(AWSError) in try world.setPrivateDNS(id, on) }
            return .message("endpoint \(word.text): private DNS \(on ? "on" : "off")")
        case .addEndpointRouteTable(let word, let tableWord):
            let id = try self.id(VPCEndpoint.self, word)
            let table = try self.id(RouteTable.self, tableWord, in: world.vpcEndpoints[id]!.vpcID)
            try pointed(word) { () throws(AWSError) in try world.addEndpointRoute(id, table) }
            return .message("route table \(tableWord.text) now routes \(world.vpcEndpoints[id]!.service) through \(word.text)")
        case .deleteEndpoint(let word):
            let id = try self.id(VPCEndpoint.self, word)
            try perform { () throws(AWSError) in try world.deleteEndpoint(id) }
            return .message("deleted endpoint \(word.text) (\(id)), its nodes and its routes")
        default:
            throw LanguageError("not a load balancer or endpoint command")
        }
    }
}
