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
            elements: [.word("tgw"), .word("create"), .value(label: "name", .newName(.transitGateway)),
                       .optional([.word("sg-referencing"), .choice(label: "referencing", ["on", "off"])])],
            topic: "between VPCs",
            summary: "create a transit gateway with its default route table (security-group referencing off unless on)",
            example: "tgw create hub sg-referencing on"
        ) { b in .createTransitGateway(b.word("name"), referencing: b.optionalWord("referencing")?.text == "on") },
        Form(
            elements: [.word("tgw"), .word("set"), .value(label: "tgw", .reference(.transitGateway)), .word("sg-referencing"),
                       .choice(label: "referencing", ["on", "off"])],
            topic: "between VPCs",
            summary: "let inbound rules name groups of other attached VPCs (September 2024), or stop it",
            example: "tgw set hub sg-referencing on"
        ) { b in .setTransitGatewayReferencing(b.word("tgw"), b.word("referencing").text == "on") },
        Form(
            elements: [
                .word("tgw"), .word("attach"), .value(label: "tgw", .reference(.transitGateway)), .value(label: "vpc", .reference(.vpc)),
                .word("in"), .value(label: "subnets", .referenceList(.subnet)),
                .optional([.word("as"), .value(label: "name", .newName(.transitGatewayAttachment))]),
            ],
            topic: "between VPCs",
            summary: "attach a VPC through one subnet per zone; it is associated with and propagates to the default route table",
            example: "tgw attach hub app-vpc in app-a,app-b"
        ) { b in
            .attachTransitGateway(b.word("tgw"), vpc: b.word("vpc"), subnets: words(b, "subnets"), name: b.optionalWord("name"))
        },
        Form(
            elements: [.word("tgw"), .word("detach"), .value(label: "attachment", .reference(.transitGatewayAttachment))],
            topic: "between VPCs", summary: "delete a VPC attachment", example: "tgw detach hub-app-vpc"
        ) { b in .detachTransitGateway(b.word("attachment")) },
        Form(
            elements: [.word("tgw"), .word("delete"), .value(label: "tgw", .reference(.transitGateway))],
            topic: "between VPCs", summary: "delete a transit gateway with no attachments", example: "tgw delete hub"
        ) { b in .deleteTransitGateway(b.word("tgw")) },
        Form(
            elements: [.word("tgw-rt"), .word("create"), .value(label: "name", .newName(.transitGatewayRouteTable)), .word("in"),
                       .value(label: "tgw", .reference(.transitGateway))],
            topic: "between VPCs", summary: "create a transit gateway route table", example: "tgw-rt create isolated in hub"
        ) { b in .createTransitGatewayRouteTable(b.word("name"), tgw: b.word("tgw")) },
        Form(
            elements: [.word("tgw-rt"), .word("associate"), .value(label: "tgwrt", .reference(.transitGatewayRouteTable)),
                       .value(label: "attachment", .reference(.transitGatewayAttachment))],
            topic: "between VPCs", summary: "make an attachment look up its packets in this table (one table per attachment)",
            example: "tgw-rt associate isolated hub-app-vpc"
        ) { b in .associateTransitGatewayRouteTable(b.word("tgwrt"), attachment: b.word("attachment")) },
        Form(
            elements: [.word("tgw-rt"), .word("propagate"), .value(label: "tgwrt", .reference(.transitGatewayRouteTable)),
                       .value(label: "attachment", .reference(.transitGatewayAttachment))],
            topic: "between VPCs", summary: "add an attachment's VPC blocks to this table as routes (propagation)",
            example: "tgw-rt propagate isolated hub-shared-vpc"
        ) { b in .propagateTransitGatewayRouteTable(b.word("tgwrt"), attachment: b.word("attachment")) },
        Form(
            elements: [
                .word("tgw-route"), .word("add"), .value(label: "tgwrt", .reference(.transitGatewayRouteTable)),
                .value(label: "cidr", .cidr), .word("via"), .value(label: "attachment", .reference(.transitGatewayAttachment)),
            ],
            topic: "between VPCs", summary: "add a static route to an attachment", example: "tgw-route add hub-default 10.9.0.0/16 via hub-shared-vpc"
        ) { b in .addTransitGatewayRoute(b.word("tgwrt"), cidr(b).0, target: b.word("attachment")) },
        Form(
            elements: [.word("tgw-route"), .word("add"), .value(label: "tgwrt", .reference(.transitGatewayRouteTable)),
                       .value(label: "cidr", .cidr), .word("blackhole")],
            topic: "between VPCs", summary: "add a blackhole route: the transit gateway drops what matches it",
            example: "tgw-route add hub-default 10.2.0.0/16 blackhole"
        ) { b in .addTransitGatewayRoute(b.word("tgwrt"), cidr(b).0, target: nil) },
        Form(
            elements: [.word("tgw-route"), .word("delete"), .value(label: "tgwrt", .reference(.transitGatewayRouteTable)),
                       .value(label: "cidr", .cidr)],
            topic: "between VPCs", summary: "delete a static route", example: "tgw-route delete hub-default 10.2.0.0/16"
        ) { b in .deleteTransitGatewayRoute(b.word("tgwrt"), cidr(b).0) },
        Form(
            elements: [.word("nat"), .word("create"), .value(label: "name", .newName(.regionalNATGateway)), .word("regional"),
                       .word("in"), .value(label: "vpc", .reference(.vpc))],
            topic: "build",
            summary: "create a regional NAT gateway (November 2025): it spans the VPC's zones and needs no public subnet, only the VPC's internet gateway",
            example: "nat create egress regional in lab"
        ) { b in .createRegionalNATGateway(b.word("name"), vpc: b.word("vpc")) },
    ] + ["associate", "disassociate"].map { verb in
        Form(
            elements: [.word("sg"), .word(verb), .value(label: "sg", .reference(.securityGroup)), .value(label: "vpc", .reference(.vpc))],
            topic: "security groups",
            summary: verb == "associate"
                ? "let resources of another VPC of the Region carry a group (AssociateSecurityGroupVpc, 2024)"
                : "stop a group being usable in another VPC (refused while resources there carry it)",
            example: "sg \(verb) shared-sg b"
        ) { b in .associateSecurityGroupVPC(b.word("sg"), vpc: b.word("vpc"), associate: verb == "associate") }
    } + [
        Form(
            elements: [.word("stale"), .optional([.value(label: "vpc", .reference(.vpc))])],
            topic: "between VPCs",
            summary: "list rules that name a group they can no longer match (DescribeStaleSecurityGroups)",
            example: "stale data-vpc"
        ) { b in .stale(b.optionalWord("vpc")) },
    ]
}
