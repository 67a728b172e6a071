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
            let before = world.staleRules().count
            try perform { () throws(AWSError) in try world.deletePeering(pcx) }
            let stale = world.staleRules().count - before
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
        case .createTransitGateway(let name, let referencing):
            let tgw = try pointed(name) { () throws(AWSError) in
                try world.createTransitGateway(name: name.text, securityGroupReferencing: referencing)
            }
            return .message(
                "created transit gateway \(name.text) (\(tgw)) with route table \(name.text)-default; security-group referencing \(referencing ? "on" : "off"); attach VPCs with tgw attach")
        case .setTransitGatewayReferencing(let word, let on):
            let tgw = try id(TransitGateway.self, word)
            try pointed(word) { () throws(AWSError) in try world.setSecurityGroupReferencing(tgw, on) }
            return .message("transit gateway \(word.text): security-group referencing \(on ? "on (inbound rules may name groups of other attached VPCs)" : "off")")
        case .attachTransitGateway(let tgwWord, let vpcWord, let subnetWords, let name):
            let tgw = try id(TransitGateway.self, tgwWord)
            let vpc = try id(VPC.self, vpcWord)
            var subnets: [Subnet.ID] = []
            for word in subnetWords { subnets.append(try id(Subnet.self, word, in: vpc)) }
            let attachment = try pointed(tgwWord) { () throws(AWSError) in
                try world.attachTransitGateway(tgw, vpcID: vpc, subnetIDs: subnets, name: name?.text)
            }
            let a = world.transitGatewayAttachments[attachment]!
            return .message(
                "attached \(vpcWord.text) to \(tgwWord.text) as \(a.name) (\(attachment)) through \(subnetWords.map(\.text).joined(separator: ", ")); associated with and propagating to \(tgwWord.text)-default; route to it with route add RT CIDR via \(tgwWord.text)")
        case .detachTransitGateway(let word):
            let attachment = try id(TransitGatewayAttachment.self, word)
            try perform { () throws(AWSError) in try world.detachTransitGateway(attachment) }
            return .message("deleted attachment \(word.text)")
        case .deleteTransitGateway(let word):
            let tgw = try id(TransitGateway.self, word)
            try pointed(word) { () throws(AWSError) in try world.deleteTransitGateway(tgw) }
            return .message("deleted transit gateway \(word.text) and its route tables; routes to it are now blackhole")
        case .createTransitGatewayRouteTable(let name, let tgwWord):
            let tgw = try id(TransitGateway.self, tgwWord)
            let table = try pointed(name) { () throws(AWSError) in try world.createTransitGatewayRouteTable(name: name.text, tgwID: tgw) }
            return .message("created transit gateway route table \(name.text) (\(table)) in \(tgwWord.text)")
        case .associateTransitGatewayRouteTable(let tableWord, let attachmentWord):
            let table = try id(TransitGatewayRouteTable.self, tableWord)
            let attachment = try id(TransitGatewayAttachment.self, attachmentWord)
            try pointed(tableWord) { () throws(AWSError) in try world.associateTransitGatewayRouteTable(table, attachment) }
            return .message("attachment \(attachmentWord.text) now looks up its packets in \(tableWord.text)")
        case .propagateTransitGatewayRouteTable(let tableWord, let attachmentWord):
            let table = try id(TransitGatewayRouteTable.self, tableWord)
            let attachment = try id(TransitGatewayAttachment.self, attachmentWord)
            try pointed(tableWord) { () throws(AWSError) in try world.propagateTransitGatewayRouteTable(table, attachment) }
            return .message("\(tableWord.text) now has routes to \(attachmentWord.text)'s VPC blocks (propagated)")
        case .addTransitGatewayRoute(let tableWord, let cidr, let targetWord):
            let table = try id(TransitGatewayRouteTable.self, tableWord)
            var target = TransitGatewayRouteTarget.blackhole
            if let targetWord { target = .attachment(try id(TransitGatewayAttachment.self, targetWord)) }
            try pointed(tableWord) { () throws(AWSError) in try world.addTransitGatewayRoute(table, destination: cidr, target: target) }
            return .message("transit gateway route table \(tableWord.text): \(cidr) → \(targetWord?.text ?? "blackhole")")
        case .deleteTransitGatewayRoute(let tableWord, let cidr):
            let table = try id(TransitGatewayRouteTable.self, tableWord)
            try pointed(tableWord) { () throws(AWSError) in try world.deleteTransitGatewayRoute(table, destination: cidr) }
            return .message("deleted the static route to \(cidr) from \(tableWord.text)")
        case .createRegionalNATGateway(let name, let vpcWord):
            let vpc = try id(VPC.self, vpcWord)
            let nat = try pointed(name) { () throws(AWSError) in try world.createRegionalNATGateway(name: name.text, vpcID: vpc) }
            return .message(
                "created regional NAT gateway \(name.text) (\(nat)) for \(vpcWord.text): public address \(world.regionalNATGateways[nat]!.publicAddress); route 0.0.0.0/0 to it from subnets in any zone")
        case .associateSecurityGroupVPC(let groupWord, let vpcWord, let associate):
            let group = try id(SecurityGroup.self, groupWord)
            let vpc = try id(VPC.self, vpcWord)
            try pointed(groupWord) { () throws(AWSError) in
                if associate { try world.associateSecurityGroup(group, with: vpc) } else { try world.disassociateSecurityGroup(group, from: vpc) }
            }
            return .message(
                associate
                    ? "security group \(groupWord.text) is associated with \(vpcWord.text): its resources may carry it (as \(world.reference(to: group)))"
                    : "security group \(groupWord.text) is no longer associated with \(vpcWord.text)")
        case .stale(let word):
            return .stale(try word.map { w throws(LanguageError) in try id(VPC.self, w) }, world)
        default:
            throw LanguageError("not a peering or transit gateway command")
        }
    }
}
