import SGLabCore

/// Peering connections and transit gateways at the prompt (decisions 23 and 24).
extension Interpreter {
    mutating func runConnectivity(_ command: Command) throws(LanguageError) -> Outcome {
        switch command {
        case .createPeering(let name, let vpcWord, let peerWord, let accept):
            let a = try id(VPC.self, vpcWord)
            let b = try id(VPC.self, peerWord)
            let pcx = try pointed(name) { () throws(AWSError) in
                try world.createPeering(name: name.text, requester: a, accepter: b, accept: accept)
            }
            let (va, vb) = (world.vpcs[a]!, world.vpcs[b]!)
            let next = accept
                ? "active; add a route on each side: route add RT \(vb.cidr) via \(name.text) in \(va.name), and \(va.cidr) in \(vb.name)"
                : "pending acceptance: peering accept \(name.text)"
            return .message("peering connection \(name.text) (\(pcx)) between \(va.name) and \(vb.name): \(next)")
        case .acceptPeering(let word):
            let pcx = try id(PeeringConnection.self, word)
            try pointed(word) { () throws(AWSError) in try world.acceptPeering(pcx) }
            return .message("peering connection \(word.text) is active: routes to it carry traffic")
        case .deletePeering(let word):
            let pcx = try id(PeeringConnection.self, word)
            try perform { () throws(AWSError) in try world.deletePeering(pcx) }
            let stale = world.staleRules().count
            return .message(
                "deleted peering connection \(word.text) (\(pcx)); routes to it are now blackhole\(stale > 0 ? "; \(stale) rule\(stale == 1 ? " is" : "s are") now stale (see stale)" : "")")
        case .associateVPCIPv6(let word):
            let vpc = try id(VPC.self, word)
            let block = try pointed(word) { () throws(AWSError) in try world.associateIPv6(vpc) }
            return .message(
                "VPC \(word.text) has the IPv6 block \(block): every route table gained its local route; the default group may send to ::/0, and the default network ACL allows ::/0 (rules 101) where its rules were untouched")
        case .associateSubnetIPv6(let word):
            let subnet = try id(Subnet.self, word)
            let block = try pointed(word) { () throws(AWSError) in try world.associateIPv6(subnet: subnet) }
            return .message("subnet \(word.text) has the IPv6 block \(block)")
        case .assignIPv6(let word):
            let eni = try interface(word)
            let address = try pointed(word) { () throws(AWSError) in try world.assignIPv6(eni) }
            return .message(
                "\(word.text) has the IPv6 address \(address): global, so an internet gateway carries it untranslated (rules for ::/0 decide, not those for 0.0.0.0/0)")
        case .createEgressOnlyInternetGateway(let name, let vpcWord):
            let vpc = try id(VPC.self, vpcWord)
            let eigw = try pointed(name) { () throws(AWSError) in try world.createEgressOnlyInternetGateway(name: name.text, vpcID: vpc) }
            return .message(
                "created egress-only internet gateway \(name.text) (\(eigw)) for \(vpcWord.text): route ::/0 to it for IPv6 out, replies back, nothing in")
        case .deleteEgressOnlyInternetGateway(let word):
            let eigw = try id(EgressOnlyInternetGateway.self, word)
            try perform { () throws(AWSError) in try world.deleteEgressOnlyInternetGateway(eigw) }
            return .message("deleted egress-only internet gateway \(word.text); routes to it are now blackhole")
        case .stale(let word):
            return .stale(try word.map { w throws(LanguageError) in try id(VPC.self, w) }, world)
        default:
            throw LanguageError("not a peering or transit gateway command")
        }
    }
}
