import SGLabCore

/// Peering connections and transit gateways (aws-semantics.md Part 1, decisions 23 and 24).
extension Grammar {
    static let connectivity: [Form] = [
        Form(
            elements: [.word("peering"), .word("create"), .value(label: "name", .newName(.peeringConnection)),
                       .value(label: "vpc", .reference(.vpc)), .value(label: "peer", .reference(.vpc))],
            topic: "between VPCs",
            summary: "peer two VPCs (request and accept in one step); each side still needs a route to the other's block",
            example: "peering create a-b app-vpc data-vpc"
        ) { b in .createPeering(b.word("name"), vpc: b.word("vpc"), peer: b.word("peer"), accept: true) },
        Form(
            elements: [.word("peering"), .word("request"), .value(label: "name", .newName(.peeringConnection)),
                       .value(label: "vpc", .reference(.vpc)), .value(label: "peer", .reference(.vpc))],
            topic: "between VPCs", summary: "request a peering; it carries nothing until accepted (routes to it are blackhole)",
            example: "peering request a-b app-vpc data-vpc"
        ) { b in .createPeering(b.word("name"), vpc: b.word("vpc"), peer: b.word("peer"), accept: false) },
        Form(
            elements: [.word("peering"), .word("accept"), .value(label: "pcx", .reference(.peeringConnection))],
            topic: "between VPCs", summary: "accept a requested peering connection", example: "peering accept a-b"
        ) { b in .acceptPeering(b.word("pcx")) },
        Form(
            elements: [.word("peering"), .word("delete"), .value(label: "pcx", .reference(.peeringConnection))],
            topic: "between VPCs",
            summary: "delete a peering: routes to it turn blackhole, rules naming the peer's groups turn stale",
            example: "peering delete a-b"
        ) { b in .deletePeering(b.word("pcx")) },
        Form(
            elements: [.word("vpc"), .word("ipv6"), .value(label: "vpc", .reference(.vpc))],
            topic: "IPv6",
            summary: "give a VPC an Amazon-provided IPv6 /56 (its default group gains outbound ::/0, its default network ACL rules 101)",
            example: "vpc ipv6 lab"
        ) { b in .associateVPCIPv6(b.word("vpc")) },
        Form(
            elements: [.word("subnet"), .word("ipv6"), .value(label: "subnet", .reference(.subnet))],
            topic: "IPv6", summary: "give a subnet the next /64 of its VPC's IPv6 block", example: "subnet ipv6 pub"
        ) { b in .associateSubnetIPv6(b.word("subnet")) },
        Form(
            elements: [.word("ipv6"), .word("assign"), .value(label: "resource", .resourceOrInterface)],
            topic: "IPv6",
            summary: "give a resource's interface an IPv6 address of its subnet's /64 (global: no translation at the internet gateway)",
            example: "ipv6 assign web"
        ) { b in .assignIPv6(b.word("resource")) },
        Form(
            elements: [.word("eigw"), .word("create"), .value(label: "name", .newName(.egressOnlyInternetGateway)), .word("in"),
                       .value(label: "vpc", .reference(.vpc))],
            topic: "IPv6", summary: "create an egress-only internet gateway: IPv6 out, replies back, nothing started from outside",
            example: "eigw create out6 in lab"
        ) { b in .createEgressOnlyInternetGateway(b.word("name"), vpc: b.word("vpc")) },
        Form(
            elements: [.word("eigw"), .word("delete"), .value(label: "eigw", .reference(.egressOnlyInternetGateway))],
            topic: "IPv6", summary: "delete an egress-only internet gateway; routes to it turn blackhole", example: "eigw delete out6"
        ) { b in .deleteEgressOnlyInternetGateway(b.word("eigw")) },
        Form(
            elements: [.word("stale"), .optional([.value(label: "vpc", .reference(.vpc))])],
            topic: "between VPCs",
            summary: "list rules that name a group they can no longer match (DescribeStaleSecurityGroups)",
            example: "stale data-vpc"
        ) { b in .stale(b.optionalWord("vpc")) },
    ]
}
