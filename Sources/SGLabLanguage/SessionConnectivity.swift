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
        case .stale(let word):
            return .stale(try word.map { w throws(LanguageError) in try id(VPC.self, w) }, world)
        default:
            throw LanguageError("not a peering or transit gateway command")
        }
    }
}
