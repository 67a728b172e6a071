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
            elements: [.word("stale"), .optional([.value(label: "vpc", .reference(.vpc))])],
            topic: "between VPCs",
            summary: "list rules that name a group they can no longer match (DescribeStaleSecurityGroups)",
            example: "stale data-vpc"
        ) { b in .stale(b.optionalWord("vpc")) },
    ]
}
