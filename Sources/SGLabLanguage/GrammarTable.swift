import SGLabCore

/// The command language, one entry per form (commands.md). The parser, `help` and (in the REPL)
/// completion and `?` all read this table.
public enum Grammar {
    public static var commandWords: [String] {
        var seen: [String] = []
        for form in forms {
            if case .word(let w) = form.elements.first, !seen.contains(w) { seen.append(w) }
        }
        return seen
    }

    static let kinds = ResourceKind.allCases.map(\.rawValue)

    public static let forms: [Form] = building + services + connectivity + packets + facts + session + accounts + lessonForms + learning

    static func direction(_ b: Bindings) -> Direction { b.word("direction").text == "in" ? .inbound : .outbound }

    static func cidr(_ b: Bindings, _ label: String = "cidr") -> (CIDR, Bool) {
        if case .cidr(let c, let canonical)? = b[label] { return (c, canonical) }
        return (.anywhere, true)
    }

    static func traffic(_ b: Bindings) -> TrafficSpec {
        if case .traffic(let t)? = b["protocol"] { return t }
        return .allTraffic
    }

    static func groups(_ b: Bindings) -> [Word]? {
        guard case .words(let names)? = b["sg"], let token = b.token("sg") else { return nil }
        return names.map { Word(text: $0, token: token) }
    }

    static func address(_ b: Bindings) -> IPAddress? {
        if case .address(let a)? = b["ip"] { return a }
        return nil
    }

    static func peer(_ b: Bindings) -> PeerWord {
        if case .peerCIDR(let c)? = b["peer"] { return .cidr(c) }
        return .name(b.word("peer"))
    }

    static func description(_ b: Bindings) -> String? {
        if case .text(let t)? = b["description"] { return t }
        return nil
    }

    /// `from` goes with `in`, `to` with `out` (commands.md).
    static func checkArrow(_ b: Bindings) throws(LanguageError) {
        let arrow = b.word("arrow")
        let expected = direction(b) == .inbound ? "from" : "to"
        guard arrow.text == expected else {
            throw LanguageError(
                "\(b.word("direction").text) rules take \(expected), not \(arrow.text)", at: arrow.token,
                fix: "write \(expected)")
        }
    }

    static func probe(_ b: Bindings) throws(LanguageError) -> Probe {
        guard case .packetTraffic(let ipProtocol, let icmp, let aliasPort)? = b["protocol"],
            case .endpoint(let source, let sourcePort)? = b["source"],
            case .endpoint(let destination, let destinationPort)? = b["destination"]
        else { throw LanguageError("incomplete packet") }
        if !ipProtocol.hasPorts {
            if let port = sourcePort ?? destinationPort {
                let token = sourcePort != nil ? b.token("source") : b.token("destination")
                throw LanguageError(
                    "\(ipProtocol == .icmp ? "ICMP" : "protocol \(ipProtocol.name)") has no ports, so :\(port) means nothing here",
                    at: token, fix: "leave the port out")
            }
        } else if destinationPort == nil && aliasPort == nil {
            if case .address(let a) = destination, a.isIPv6 {
                throw LanguageError(
                    "a \(ipProtocol.name) packet needs a destination port", at: b.token("destination"),
                    fix: "an IPv6 address takes its port after brackets: [\(a)]:443")
            }
            throw LanguageError(
                "a \(ipProtocol.name) packet needs a destination port", at: b.token("destination"),
                fix: "write the port after the destination, e.g. web:443")
        }
        return Probe(
            ipProtocol, from: source, port: sourcePort, to: destination, port: destinationPort ?? aliasPort, icmp: icmp)
    }

    static let packetWords: [Element] = [
        .value(label: "protocol", .packetTraffic), .word("from"), .value(label: "source", .endpoint),
        .word("to"), .value(label: "destination", .endpoint),
    ]

    static let building: [Form] = [
        Form(
            elements: [.word("vpc"), .word("create"), .value(label: "name", .newName(.vpc)), .value(label: "cidr", .cidr)],
            topic: "build", summary: "create a VPC with its main route table, default network ACL and default security group",
            example: "vpc create lab 10.0.0.0/16"
        ) { b in
            let (c, canonical) = cidr(b)
            return .createVPC(b.word("name"), c, canonical: canonical)
        },
        Form(
            elements: [.word("vpc"), .word("delete"), .value(label: "vpc", .reference(.vpc))],
            topic: "build", summary: "delete an empty VPC", example: "vpc delete lab"
        ) { b in .deleteVPC(b.word("vpc")) },
        Form(
            elements: [
                .word("subnet"), .word("create"), .value(label: "name", .newName(.subnet)), .word("in"),
                .value(label: "vpc", .reference(.vpc)), .value(label: "cidr", .cidr),
                .optional([.word("az"), .value(label: "zone", .zone)]),
            ],
            topic: "build",
            summary: "create a subnet; it uses the VPC's main route table and default network ACL until you associate others",
            example: "subnet create pub in lab 10.0.1.0/24 az us-east-1a"
        ) { b in
            let (c, canonical) = cidr(b)
            return .createSubnet(b.word("name"), vpc: b.word("vpc"), c, canonical: canonical, zone: b.optionalWord("zone"))
        },
        Form(
            elements: [.word("subnet"), .word("delete"), .value(label: "subnet", .reference(.subnet))],
            topic: "build", summary: "delete a subnet with nothing in it", example: "subnet delete pub"
        ) { b in .deleteSubnet(b.word("subnet")) },
        Form(
            elements: [
                .word("igw"), .word("create"), .value(label: "name", .newName(.internetGateway)),
                .optional([.word("in"), .value(label: "vpc", .reference(.vpc))]),
            ],
            topic: "build", summary: "create an internet gateway (and, with `in VPC`, attach it)",
            example: "igw create gw"
        ) { b in .createInternetGateway(b.word("name"), vpc: b.optionalWord("vpc")) },
        Form(
            elements: [.word("igw"), .word("attach"), .value(label: "igw", .reference(.internetGateway)), .value(label: "vpc", .reference(.vpc))],
            topic: "build", summary: "attach an internet gateway to a VPC (one per VPC)", example: "igw attach gw lab"
        ) { b in .attachInternetGateway(b.word("igw"), vpc: b.word("vpc")) },
        Form(
            elements: [.word("igw"), .word("detach"), .value(label: "igw", .reference(.internetGateway)), .value(label: "vpc", .reference(.vpc))],
            topic: "build", summary: "detach an internet gateway; routes to it turn blackhole", example: "igw detach gw lab"
        ) { b in .detachInternetGateway(b.word("igw"), vpc: b.word("vpc")) },
        Form(
            elements: [.word("igw"), .word("delete"), .value(label: "igw", .reference(.internetGateway))],
            topic: "build", summary: "delete a detached internet gateway", example: "igw delete gw"
        ) { b in .deleteInternetGateway(b.word("igw")) },
        Form(
            elements: [.word("nat"), .word("create"), .value(label: "name", .newName(.natGateway)), .word("in"), .value(label: "subnet", .reference(.subnet)),
                       .optional([.choice(label: "connectivity", ["public", "private"])])],
            topic: "build",
            summary: "create a public NAT gateway with a new Elastic IP in a (public) subnet, or a private one (no Elastic IP: toward other VPCs or on-premises)",
            example: "nat create natgw in pub"
        ) { b in .createNATGateway(b.word("name"), subnet: b.word("subnet"), isPrivate: b.optionalWord("connectivity")?.text == "private") },
        Form(
            elements: [.word("nat"), .word("delete"), .value(label: "nat", .reference(.natGateway))],
            topic: "build", summary: "delete a NAT gateway; routes to it turn blackhole", example: "nat delete natgw"
        ) { b in .deleteNATGateway(b.word("nat")) },
        Form(
            elements: [.word("rt"), .word("create"), .value(label: "name", .newName(.routeTable)), .word("in"), .value(label: "vpc", .reference(.vpc))],
            topic: "routing", summary: "create a route table holding only the local route", example: "rt create public in lab"
        ) { b in .createRouteTable(b.word("name"), vpc: b.word("vpc")) },
        Form(
            elements: [.word("rt"), .word("associate"), .value(label: "rt", .reference(.routeTable)), .value(label: "subnet", .reference(.subnet))],
            topic: "routing", summary: "make a subnet use a route table (replacing its current one)",
            example: "rt associate public pub"
        ) { b in .associateRouteTable(b.word("rt"), subnet: b.word("subnet")) },
        Form(
            elements: [.word("rt"), .word("delete"), .value(label: "rt", .reference(.routeTable))],
            topic: "routing", summary: "delete a route table no subnet uses", example: "rt delete public"
        ) { b in .deleteRouteTable(b.word("rt")) },
        Form(
            elements: [
                .word("route"), .word("add"), .value(label: "rt", .reference(.routeTable)), .value(label: "cidr", .cidr),
                .word("via"), .value(label: "target", .routeTarget),
            ],
            topic: "routing", summary: "add a route: traffic to CIDR goes to an internet gateway, NAT gateway or interface",
            example: "route add public 0.0.0.0/0 via gw"
        ) { b in
            let (c, canonical) = cidr(b)
            return .addRoute(table: b.word("rt"), c, canonical: canonical, target: b.word("target"), replace: false)
        },
        Form(
            elements: [
                .word("route"), .word("replace"), .value(label: "rt", .reference(.routeTable)), .value(label: "cidr", .cidr),
                .word("via"), .value(label: "target", .routeTarget),
            ],
            topic: "routing", summary: "point an existing route at another target (ReplaceRoute)",
            example: "route replace private 0.0.0.0/0 via natgw"
        ) { b in
            let (c, canonical) = cidr(b)
            return .addRoute(table: b.word("rt"), c, canonical: canonical, target: b.word("target"), replace: true)
        },
        Form(
            elements: [.word("route"), .word("delete"), .value(label: "rt", .reference(.routeTable)), .value(label: "cidr", .cidr)],
            topic: "routing", summary: "delete a route (never the local one)", example: "route delete public 0.0.0.0/0"
        ) { b in .deleteRoute(table: b.word("rt"), cidr(b).0) },
    ] + ["add", "replace"].map { verb in
        Form(
            elements: [
                .word("route"), .word(verb), .value(label: "rt", .reference(.routeTable)), .word("prefix-list"),
                .value(label: "pl", .reference(.prefixList)), .word("via"), .value(label: "target", .routeTarget),
            ],
            topic: "routing",
            summary: verb == "add"
                ? "add a route whose destination is a prefix list (it counts as the list's maximum entries)"
                : "point an existing prefix-list route at another target",
            example: "route \(verb) private prefix-list partners via natgw"
        ) { b in .addPrefixListRoute(table: b.word("rt"), prefixList: b.word("pl"), target: b.word("target"), replace: verb == "replace") }
    } + [
        Form(
            elements: [.word("route"), .word("delete"), .value(label: "rt", .reference(.routeTable)), .word("prefix-list"),
                       .value(label: "pl", .reference(.prefixList))],
            topic: "routing", summary: "delete a route to a prefix list", example: "route delete private prefix-list partners"
        ) { b in .deletePrefixListRoute(table: b.word("rt"), prefixList: b.word("pl")) },
        Form(
            elements: [.word("nacl"), .word("create"), .value(label: "name", .newName(.networkACL)), .word("in"), .value(label: "vpc", .reference(.vpc))],
            topic: "network ACLs", summary: "create a custom network ACL: it denies everything until you add rules",
            example: "nacl create web-acl in lab"
        ) { b in .createNetworkACL(b.word("name"), vpc: b.word("vpc")) },
        Form(
            elements: [.word("nacl"), .word("associate"), .value(label: "nacl", .reference(.networkACL)), .value(label: "subnet", .reference(.subnet))],
            topic: "network ACLs", summary: "make a subnet use a network ACL (a subnet has exactly one)",
            example: "nacl associate web-acl pub"
        ) { b in .associateNetworkACL(b.word("nacl"), subnet: b.word("subnet")) },
        Form(
            elements: [
                .word("nacl"), .word("add"), .value(label: "nacl", .reference(.networkACL)), .choice(label: "direction", ["in", "out"]),
                .value(label: "number", .ruleNumber), .choice(label: "action", ["allow", "deny"]),
                .value(label: "protocol", .ruleTraffic), .choice(label: "arrow", ["from", "to"]), .value(label: "cidr", .cidr),
            ],
            topic: "network ACLs",
            summary: "add a numbered entry; the lowest-numbered matching entry decides, allow or deny",
            example: "nacl add web-acl in 100 allow tcp 443 from 0.0.0.0/0"
        ) { b throws(LanguageError) in
            try checkArrow(b)
            guard case .number(let n)? = b["number"] else { throw LanguageError("missing rule number") }
            return .addNetworkACLEntry(
                acl: b.word("nacl"), direction(b), number: n, b.word("action").text == "allow" ? .allow : .deny,
                traffic(b), cidr(b).0)
        },
        Form(
            elements: [
                .word("nacl"), .word("remove"), .value(label: "nacl", .reference(.networkACL)), .choice(label: "direction", ["in", "out"]),
                .value(label: "number", .ruleNumber),
            ],
            topic: "network ACLs", summary: "delete a numbered entry", example: "nacl remove web-acl in 100"
        ) { b throws(LanguageError) in
            guard case .number(let n)? = b["number"] else { throw LanguageError("missing rule number") }
            return .removeNetworkACLEntry(acl: b.word("nacl"), direction(b), number: n)
        },
        Form(
            elements: [.word("nacl"), .word("delete"), .value(label: "nacl", .reference(.networkACL))],
            topic: "network ACLs", summary: "delete a custom network ACL no subnet uses", example: "nacl delete web-acl"
        ) { b in .deleteNetworkACL(b.word("nacl")) },
        Form(
            elements: [
                .word("sg"), .word("create"), .value(label: "name", .newName(.securityGroup)), .word("in"),
                .value(label: "vpc", .reference(.vpc)), .optional([.value(label: "description", .text)]),
            ],
            topic: "security groups", summary: "create a security group: no inbound rules, all outbound allowed",
            example: "sg create web in lab \"web tier\""
        ) { b in .createSecurityGroup(b.word("name"), vpc: b.word("vpc"), description: description(b)) },
        Form(
            elements: [
                .word("sg"), .word("allow"), .value(label: "sg", .reference(.securityGroup)), .choice(label: "direction", ["in", "out"]),
                .value(label: "protocol", .ruleTraffic), .choice(label: "arrow", ["from", "to"]), .value(label: "peer", .peer),
                .optional([.value(label: "description", .text)]),
            ],
            topic: "security groups",
            summary: "add an allow rule (security groups have no deny rules); the peer is a CIDR, a security group or a prefix list",
            example: "sg allow web in https from 0.0.0.0/0 \"public site\""
        ) { b throws(LanguageError) in
            try checkArrow(b)
            return .authorize(group: b.word("sg"), direction(b), traffic(b), peer: peer(b), description: description(b) ?? "")
        },
        Form(
            elements: [
                .word("sg"), .word("revoke"), .value(label: "sg", .reference(.securityGroup)), .choice(label: "direction", ["in", "out"]),
                .value(label: "protocol", .ruleTraffic), .choice(label: "arrow", ["from", "to"]), .value(label: "peer", .peer),
            ],
            topic: "security groups", summary: "remove the rule that matches exactly",
            example: "sg revoke web in tcp 22 from 0.0.0.0/0"
        ) { b throws(LanguageError) in
            try checkArrow(b)
            return .revoke(group: b.word("sg"), direction(b), traffic(b), peer: peer(b))
        },
        Form(
            elements: [.word("sg"), .word("delete"), .value(label: "sg", .reference(.securityGroup))],
            topic: "security groups", summary: "delete a security group nothing uses or references", example: "sg delete web"
        ) { b in .deleteSecurityGroup(b.word("sg")) },
        Form(
            elements: [
                .word("launch"), .choice(label: "kind", kinds), .value(label: "name", .newName(.resource)), .word("in"),
                .value(label: "subnet", .reference(.subnet)),
                .anyOrder([
                    [.word("sg"), .value(label: "sg", .referenceList(.securityGroup))],
                    [.word("ip"), .value(label: "ip", .address)],
                    [.choice(label: "public-ip", ["public-ip"])],
                    [.choice(label: "ipv6", ["ipv6"])],
                ]),
            ],
            topic: "resources",
            summary: "launch an EC2 instance, RDS DB, Lambda function or ElastiCache cluster with its network interface",
            example: "launch ec2 web in pub sg web public-ip"
        ) { b in
            let kind = ResourceKind(rawValue: b.word("kind").text) ?? .ec2
            let publicIP = b.has("public-ip")
            return .launch(
                kind, b.word("name"), subnet: b.word("subnet"), groups: groups(b), address: address(b), publicIP: publicIP,
                ipv6: b.has("ipv6"))
        },
    ] + ResourceKind.allCases.map { kind in
        Form(
            elements: [.word(kind.rawValue), .word("delete"), .value(label: "resource", .reference(.resource))],
            topic: "resources", summary: "terminate \(withArticle(kind.noun)); its network interface goes with it",
            example: "\(kind.rawValue) delete web"
        ) { b in .deleteResource(kind, b.word("resource")) }
    } + [
        Form(
            elements: [.word("ec2"), .word("set"), .value(label: "resource", .reference(.resource)), .word("source-dest-check"),
                       .choice(label: "setting", ["on", "off"])],
            topic: "resources",
            summary: "turn an instance's source/destination check on or off (off: it may forward traffic, as a NAT instance or appliance must)",
            example: "ec2 set natbox source-dest-check off"
        ) { b in .setResourceAttribute(.ec2, b.word("resource"), .sourceDestinationCheck, b.word("setting").text == "on") },
        Form(
            elements: [.word("ec2"), .word("set"), .value(label: "resource", .reference(.resource)), .word("nat-instance"),
                       .choice(label: "setting", ["on", "off"])],
            topic: "resources",
            summary: "make an instance a NAT instance: it rewrites the source of what it forwards to its own address",
            example: "ec2 set natbox nat-instance on"
        ) { b in .setResourceAttribute(.ec2, b.word("resource"), .natInstance, b.word("setting").text == "on") },
    ] + [ResourceKind.ec2, .lambda].map { kind in
        Form(
            elements: [.word(kind.rawValue), .word("set"), .value(label: "resource", .reference(.resource)), .word("port-25"),
                       .choice(label: "setting", ["open", "blocked"])],
            topic: "resources",
            summary: "open outbound TCP 25 to the internet (stands for AWS granting the port 25 removal request) or block it again",
            example: "\(kind.rawValue) set mailer port-25 open"
        ) { b in .setResourceAttribute(kind, b.word("resource"), .port25, b.word("setting").text == "open") }
    } + [
        Form(
            elements: [.word("attach-sg"), .value(label: "resource", .resourceOrInterface), .value(label: "sg", .reference(.securityGroup))],
            topic: "security groups", summary: "add a security group to a resource's primary interface (or to the interface named)",
            example: "attach-sg web ssh-admin"
        ) { b in .attachSecurityGroup(target: b.word("resource"), group: b.word("sg")) },
        Form(
            elements: [.word("detach-sg"), .value(label: "resource", .resourceOrInterface), .value(label: "sg", .reference(.securityGroup))],
            topic: "security groups", summary: "remove a security group from a resource's primary interface (or the interface named)",
            example: "detach-sg web ssh-admin"
        ) { b in .detachSecurityGroup(target: b.word("resource"), group: b.word("sg")) },
        Form(
            elements: [
                .word("eni"), .word("create"), .value(label: "name", .newName(.networkInterface)), .word("in"),
                .value(label: "subnet", .reference(.subnet)),
                .anyOrder([
                    [.word("sg"), .value(label: "sg", .referenceList(.securityGroup))],
                    [.word("ip"), .value(label: "ip", .address)],
                ]),
            ],
            topic: "resources", summary: "create an extra network interface with its own groups and address",
            example: "eni create mgmt in admin sg ssh-admin"
        ) { b in .createInterface(b.word("name"), subnet: b.word("subnet"), groups: groups(b), address: address(b)) },
        Form(
            elements: [.word("eni"), .word("attach"), .value(label: "eni", .reference(.networkInterface)), .value(label: "resource", .reference(.resource))],
            topic: "resources", summary: "attach an extra network interface to an EC2 instance in the same zone",
            example: "eni attach mgmt web"
        ) { b in .attachInterface(b.word("eni"), resource: b.word("resource")) },
        Form(
            elements: [.word("eni"), .word("delete"), .value(label: "eni", .reference(.networkInterface))],
            topic: "resources", summary: "delete a detached network interface", example: "eni delete mgmt"
        ) { b in .deleteInterface(b.word("eni")) },
        Form(
            elements: [
                .word("eip"), .word("allocate"), .value(label: "name", .newName(.elasticIP)),
                .optional([.word("for"), .value(label: "resource", .resourceOrInterface)]),
            ],
            topic: "addresses", summary: "allocate an Elastic IP (and, with `for`, associate it at once)",
            example: "eip allocate web-ip"
        ) { b in .allocateElasticIP(b.word("name"), holder: b.optionalWord("resource")) },
        Form(
            elements: [.word("eip"), .word("associate"), .value(label: "eip", .reference(.elasticIP)), .value(label: "resource", .resourceOrInterface)],
            topic: "addresses", summary: "give a resource's interface this public address (needs the VPC's internet gateway)",
            example: "eip associate web-ip web"
        ) { b in .associateElasticIP(b.word("eip"), target: b.word("resource")) },
        Form(
            elements: [.word("eip"), .word("disassociate"), .value(label: "eip", .reference(.elasticIP))],
            topic: "addresses", summary: "take the Elastic IP off its interface (the allocation stays yours)",
            example: "eip disassociate web-ip"
        ) { b in .disassociateElasticIP(b.word("eip")) },
        Form(
            elements: [.word("eip"), .choice(label: "verb", ["release", "delete"]), .value(label: "eip", .reference(.elasticIP))],
            topic: "addresses", summary: "release an unassociated Elastic IP", example: "eip release web-ip"
        ) { b in .releaseElasticIP(b.word("eip")) },
        Form(
            elements: [.word("prefix-list"), .word("create"), .value(label: "name", .newName(.prefixList)), .value(label: "cidrs", .cidrList)],
            topic: "addresses", summary: "create a customer-managed prefix list, usable as a security group peer",
            example: "prefix-list create offices 192.0.2.0/24,198.51.100.0/24"
        ) { b in
            guard case .cidrs(let list)? = b["cidrs"] else { return .createPrefixList(b.word("name"), []) }
            return .createPrefixList(b.word("name"), list)
        },
        Form(
            elements: [.word("prefix-list"), .word("delete"), .value(label: "pl", .reference(.prefixList))],
            topic: "addresses", summary: "delete a prefix list no rule references", example: "prefix-list delete offices"
        ) { b in .deletePrefixList(b.word("pl")) },
    ]

    static let packets: [Form] = [
        Form(
            elements: [.word("packet")] + packetWords, topic: "packets",
            summary: "fire a packet and see every check on the way there and back",
            example: "packet tcp from internet to web:443"
        ) { b throws(LanguageError) in .packet(try probe(b)) },
        Form(
            elements: [
                .word("expect"), .choice(label: "verdict", ["allowed", "blocked"]),
                .optional([.word("at"), .value(label: "component", .component)]),
            ] + packetWords,
            topic: "packets", summary: "check a packet's verdict (and where it is blocked) in scripts and lessons",
            example: "expect blocked at network-acl-outbound tcp from internet to web:443"
        ) { b throws(LanguageError) in
            var filter: ComponentFilter?
            if case .word(let text)? = b["component"] {
                filter = try componentFilter(text, token: b.token("component"))
            }
            return .expect(allowed: b.word("verdict").text == "allowed", at: filter, try probe(b))
        },
        Form(
            elements: [.word("connect")] + packetWords, topic: "packets",
            summary: "open a connection when the packet is allowed, and say whether security groups track it",
            example: "connect tcp from internet:50000 to web:22"
        ) { b throws(LanguageError) in .connect(try probe(b)) },
        Form(
            elements: [.word("connections")], topic: "packets", summary: "list open connections",
            example: "connections"
        ) { _ in .listConnections },
        Form(
            elements: [.word("disconnect"), .value(label: "number", .connectionNumber)], topic: "packets",
            summary: "close an open connection", example: "disconnect 1"
        ) { b in
            guard case .number(let n)? = b["number"] else { return .disconnect(0) }
            return .disconnect(n)
        },
    ]

    /// `show sg web` style: the kind words `show` accepts before a name.
    public static let showKinds = [
        "vpc", "subnet", "rt", "nacl", "sg", "eni", "igw", "nat", "eip", "prefix-list", "ec2", "rds", "lambda",
        "elasticache", "lb", "tg", "endpoint", "peering", "eigw", "tgw", "tgw-attachment", "tgw-rt",
    ]

    static let facts: [Form] = [
        Form(
            elements: [.word("assert"), .word("subnet"), .value(label: "subnet", .reference(.subnet)), .word("is"),
                       .choice(label: "state", ["public", "private"])],
            topic: "lessons", summary: "check that a subnet's route table has (public) or lacks (private) an internet gateway route",
            example: "assert subnet pub is public"
        ) { b in .assert(.subnetIsPublic(b.word("subnet"), b.word("state").text == "public")) },
        Form(
            elements: [.word("assert"), .word("sg"), .value(label: "sg", .reference(.securityGroup)), .word("references"),
                       .value(label: "other", .reference(.securityGroup))],
            topic: "lessons", summary: "check that a group has a rule whose peer is another group", example: "assert sg db-sg references app-sg"
        ) { b in .assert(.references(group: b.word("sg"), other: b.word("other"))) },
        Form(
            elements: [.word("assert"), .word("sg"), .value(label: "sg", .reference(.securityGroup)), .word("rules"),
                       .choice(label: "direction", ["in", "out"]), .value(label: "number", .connectionNumber)],
            topic: "lessons", summary: "check how many inbound or outbound rules a group has", example: "assert sg web rules in 2"
        ) { b throws(LanguageError) in
            guard case .number(let n)? = b["number"] else { throw LanguageError("missing count") }
            return .assert(.ruleCount(group: b.word("sg"), direction(b), n))
        },
        Form(
            elements: [.word("assert"), .word("nacl"), .value(label: "nacl", .reference(.networkACL)), .word("on"),
                       .value(label: "subnet", .reference(.subnet))],
            topic: "lessons", summary: "check that a subnet uses a network ACL", example: "assert nacl web-acl on pub"
        ) { b in .assert(.aclOn(acl: b.word("nacl"), subnet: b.word("subnet"))) },
        Form(
            elements: [.word("assert"), .word("rt"), .value(label: "rt", .reference(.routeTable)), .word("on"),
                       .value(label: "subnet", .reference(.subnet))],
            topic: "lessons", summary: "check that a subnet uses a route table", example: "assert rt public on pub"
        ) { b in .assert(.tableOn(table: b.word("rt"), subnet: b.word("subnet"))) },
        Form(
            elements: [.word("assert"), .value(label: "resource", .resourceOrInterface), .word("has-group"),
                       .value(label: "sg", .reference(.securityGroup))],
            topic: "lessons", summary: "check that a resource carries a security group", example: "assert web has-group web-sg"
        ) { b in .assert(.hasGroup(b.word("resource"), group: b.word("sg"))) },
        Form(
            elements: [.word("assert"), .value(label: "resource", .resourceOrInterface),
                       .choice(label: "state", ["has-public-ip", "no-public-ip"])],
            topic: "lessons", summary: "check whether a resource has a public or Elastic IP", example: "assert web has-public-ip"
        ) { b in .assert(.hasPublicIP(b.word("resource"), b.word("state").text == "has-public-ip")) },
    ]

    /// Words a lesson understands (the lesson, not the session, carries them out).
    public static let lessonWords: [(String, String)] = [
        ("check", "check the current step's goals against your world"),
        ("hint", "the next hint for this step; after the last one, the worked solution"),
        ("solution", "show the step's worked solution"),
        ("restart", "put the world back as it was when the step began"),
        ("skip", "go on to the next step, applying the worked solution"),
        ("next", "go on after a solved step"),
        ("goals", "show the current step's task and goals again"),
    ]

    /// The courseware at the lab's prompt, and leaving it.
    static let learning: [Form] = [
        Form(elements: [.word("lessons")], topic: "learning", summary: "list the lessons, with those you have done",
             example: "lessons") { _ in .learn("lessons", nil) },
        Form(
            elements: [.word("lesson"), .value(label: "lesson", .word("a lesson's name or number"))], topic: "learning",
            summary: "open a lesson here (its prepared world replaces this one)", example: "lesson 1"
        ) { b in .learn("lesson", b.word("lesson").text) },
        Form(
            elements: [.word("quiz"), .optional([.value(label: "topic", .word("a topic such as nacl or stateful"))])],
            topic: "learning", summary: "ten practice questions, each answered and explained at once", example: "quiz nacl"
        ) { b in .learn("quiz", b.optionalWord("topic")?.text) },
        Form(
            elements: [.word("exam"), .optional([.value(label: "count", .word("how many questions"))])], topic: "learning",
            summary: "a timed practice exam (65 questions, or COUNT; 2 minutes each)", example: "exam 10"
        ) { b in .learn("exam", b.optionalWord("count")?.text) },
        Form(elements: [.word("review")], topic: "learning", summary: "spaced repetition of what you missed",
             example: "review") { _ in .learn("review", nil) },
        Form(elements: [.word("progress")], topic: "learning", summary: "mastery per topic", example: "progress") { _ in
            .learn("progress", nil)
        },
        Form(elements: [.word("quit")], topic: "session", summary: "leave the lab (Ctrl-D too)", example: "quit") { _ in .quit },
        Form(elements: [.word("exit")], topic: "session", summary: "leave the lab (Ctrl-D too)", example: "exit") { _ in .quit },
    ]

    static let lessonForms: [Form] = lessonWords.map { word, summary in
        Form(elements: [.word(word)], topic: "lessons", summary: summary, example: word) { _ in .lesson(word) }
    }

    static let session: [Form] = [
        Form(
            elements: [.word("show"), .choice(label: "kind", showKinds), .value(label: "target", .anyReference)],
            topic: "views",
            summary: "show one resource; show vpc NAME draws the VPC with its gateways, subnets and resources",
            example: "show vpc lab"
        ) { b in .show(kind: b.word("kind").text, b.word("target")) },
        Form(
            elements: [.word("show"), .optional([.value(label: "target", .anyReference)])], topic: "views",
            summary: "show the whole world as a tree, or one resource by name or ID (groups as the console's rule table)",
            example: "show web"
        ) { b in .show(kind: nil, b.optionalWord("target")) },
        Form(
            elements: [.word("flow-logs"), .optional([.value(label: "resource", .anyReference)])], topic: "logs",
            summary: "VPC Flow Log records (version 2 format) of the packets fired so far, for one resource or all",
            example: "flow-logs web"
        ) { b in .flowLogs(b.optionalWord("resource")) },
        Form(
            elements: [.word("trail")], topic: "logs",
            summary: "CloudTrail-style events for every change made, named as the EC2 API names them",
            example: "trail"
        ) { _ in .trail },
        Form(elements: [.word("undo")], topic: "session", summary: "take back the last change to the world", example: "undo") { _ in .undo },
        Form(elements: [.word("redo")], topic: "session", summary: "make the change undo took back", example: "redo") { _ in .redo },
        Form(elements: [.word("reset")], topic: "session", summary: "start again from an empty world (undo brings it back)", example: "reset") { _ in .reset },
        Form(
            elements: [.word("save"), .value(label: "file", .file)], topic: "session",
            summary: "save the world to a JSON file (written atomically)", example: "save lab.json"
        ) { b in .save(b.word("file")) },
        Form(
            elements: [.word("load"), .value(label: "file", .file)], topic: "session",
            summary: "load a saved world; a bad file leaves the current world as it is", example: "load lab.json"
        ) { b in .load(b.word("file")) },
        Form(
            elements: [.word("record"), .value(label: "file", .file)], topic: "session",
            summary: "write the commands that changed the world as a script you can run again", example: "record lab.sglab"
        ) { b in .record(b.word("file")) },
        Form(elements: [.word("history")], topic: "session", summary: "list the commands typed in this session", example: "history") { _ in .history },
        Form(
            elements: [.word("say"), .value(label: "text", .text)], topic: "instructor",
            summary: "print narration (for instructors' scripts)", example: "say \"Now watch the reply leg.\""
        ) { b in
            guard case .text(let t)? = b["text"] else { return .say("") }
            return .say(t)
        },
        Form(
            elements: [.word("pause")], topic: "instructor",
            summary: "wait for Enter in the lab and in step mode; skipped in plain runs", example: "pause"
        ) { _ in .pause },
        Form(
            elements: [.word("help"), .optional([.value(label: "topic", .file)])], topic: "session",
            summary: "list the commands, or show one command's forms", example: "help sg"
        ) { b in .help(b.optionalWord("topic")?.text) },
    ]

    static func componentFilter(_ text: String, token: Token?) throws(LanguageError) -> ComponentFilter {
        var name = text
        var direction: Direction?
        for d in [Direction.inbound, .outbound] where name.hasSuffix("-\(d.rawValue)") {
            direction = d
            name.removeLast(d.rawValue.count + 1)
        }
        guard let component = Component(rawValue: name), component != .note else {
            let all = Component.allCases.filter { $0 != .note }.flatMap { c in
                [c.rawValue, "\(c.rawValue)-inbound", "\(c.rawValue)-outbound"]
            }
            throw LanguageError(
                "unknown component \(text): expected internet-gateway, route-table, network-acl, security-group, nat-gateway, resource or destination, optionally with -inbound or -outbound",
                at: token, fix: nearest(text, among: all).map { "did you mean \($0)?" })
        }
        return ComponentFilter(component: component, direction: direction)
    }
}
