import SGLabCore

/// The question templates. Each builds a varied world (names, CIDRs, ports, clients) with none,
/// one or two injected faults, then either a packet (scenario) or goals and a solution (fix-it).
enum Template: String, CaseIterable, Sendable {
    /// A public web server: IGW route, public IP, security group and network ACL faults.
    case publicWeb = "public-web"
    /// Web, app and database tiers chained by group references: wrong reference, a CIDR where a
    /// group belongs, the app port, the database's restricted outbound traffic.
    case tiers
    /// A custom network ACL whose outbound ephemeral range misses some clients (Linux, Windows,
    /// NAT-ed ports), or whose inbound side forgets the replies to the server's own requests.
    case ephemeral = "nacl-ephemeral"
    /// Network ACL rule order: a deny after the allow, a deny too wide, a deny a group cannot make.
    case naclOrder = "nacl-order"
    /// The path through a NAT gateway: NAT in a private subnet, no private route, the public
    /// subnet's ACL without 1024-65535, inbound to the NAT.
    case natPath = "nat-path"
    /// Routes to a deleted NAT gateway (blackhole), including a longer prefix that wins.
    case blackhole
    /// Several groups on one instance (union), and groups per network interface.
    case multipleGroups = "multi-sg"
    /// The default security group: membership, its self-reference, no internet by itself.
    case defaultGroup = "default-sg"
    /// Stateful replies with outbound rules revoked, against a stateless network ACL.
    case stateful
    /// A hairpin through a public IP: the group reference no longer matches.
    case hairpin
    /// Internet → ALB → private targets: the target admitting the client range instead of the
    /// ALB's group, the ALB's group without outbound rules or with the wrong listener port, the
    /// targets' network ACL without the ephemeral range, a VPC-wide rule that bypasses the ALB.
    case albChain = "alb-chain"
    /// A Network Load Balancer and client IP preservation: which source the target sees, and
    /// the NLB's own group when it has one.
    case nlbClientIP = "nlb-client-ip"
    /// Gateway endpoints (prefix-list route and rule) and interface endpoints (their group, the
    /// default group, private DNS, the endpoint subnet's ACL), with no NAT in the VPC.
    case endpoints = "vpc-endpoints"
    /// Two peered VPCs and a database that names the peer's group: a route missing on either
    /// side, the peer VPC's whole block or the wrong peer group admitted, a deleted peering that
    /// leaves blackhole routes and a stale rule.
    case peering = "vpc-peering"
    /// A dual-stack VPC: ::/0 missing beside 0.0.0.0/0 in a route, a rule or ACL entries; an
    /// instance without a public IPv4 address exposed over IPv6; the egress-only internet
    /// gateway's route and a new group's IPv4-only outbound rule.
    case dualStack = "ipv6-dual-stack"
    /// Two VPCs joined by a transit gateway, a service admitting the other VPC's group: a VPC
    /// route missing on either side, an attachment without a subnet in the sender's zone,
    /// referencing turned off, a blackhole route, an attachment moved to an empty route table.
    case transitGateway = "transit-gateway"

    /// The topics this template's questions of one kind can carry.
    func topics(for kind: QuestionKind) -> Set<String> {
        switch (self, kind) {
        case (.publicWeb, _): return ["public-web", "routing", "internet-gateway", "nacl", "best-practices"]
        case (.tiers, .scenario): return ["sg-referencing", "rules", "stateful", "inbound-outbound", "use-cases"]
        case (.tiers, _): return ["sg-referencing", "rules", "inbound-outbound"]
        case (.ephemeral, _): return ["nacl", "ports"]
        case (.naclOrder, _): return ["nacl", "no-deny"]
        case (.natPath, _): return ["nat", "nacl"]
        case (.blackhole, _): return ["routing"]
        case (.multipleGroups, _): return ["multiple-sgs", "eni"]
        case (.defaultGroup, _): return ["default-sg"]
        case (.stateful, _): return ["stateful", "inbound-outbound", "sg-vs-nacl"]
        case (.hairpin, _): return ["sg-referencing"]
        case (.albChain, .scenario): return ["sg-referencing", "inbound-outbound", "rules", "nacl", "other-services"]
        case (.albChain, _): return ["sg-referencing", "inbound-outbound", "rules", "nacl"]
        case (.nlbClientIP, _): return ["other-services", "rules"]
        case (.endpoints, _): return ["inbound-outbound", "routing", "default-sg", "sg-referencing", "other-services", "nacl"]
        case (.peering, _): return ["routing", "sg-referencing"]
        case (.dualStack, _): return ["internet-gateway", "routing", "rules", "nacl", "inbound-outbound"]
        case (.transitGateway, _): return ["routing", "sg-referencing"]
        }
    }

    /// The topics of either kind.
    var topics: Set<String> { topics(for: .scenario).union(topics(for: .fixit)) }

    func draft(_ r: inout SplitMix64, kind: QuestionKind) -> Draft {
        switch self {
        case .publicWeb: return Self.draftPublicWeb(&r, kind)
        case .tiers: return Self.draftTiers(&r, kind)
        case .ephemeral: return Self.draftEphemeral(&r, kind)
        case .naclOrder: return Self.draftNaclOrder(&r, kind)
        case .natPath: return Self.draftNatPath(&r, kind)
        case .blackhole: return Self.draftBlackhole(&r, kind)
        case .multipleGroups: return Self.draftMultipleGroups(&r, kind)
        case .defaultGroup: return Self.draftDefaultGroup(&r, kind)
        case .stateful: return Self.draftStateful(&r, kind)
        case .hairpin: return Self.draftHairpin(&r, kind)
        case .albChain: return Self.draftALBChain(&r, kind)
        case .nlbClientIP: return Self.draftNLBClientIP(&r, kind)
        case .endpoints: return Self.draftEndpoints(&r, kind)
        case .peering: return Self.draftPeering(&r, kind)
        case .dualStack: return Self.draftDualStack(&r, kind)
        case .transitGateway: return Self.draftTransitGateway(&r, kind)
        }
    }
}

/// The closing question of every scenario stem.
let whichCheck = "get through, there and back, and if not, which check stops it first?"
