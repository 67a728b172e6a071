import SGLabCore

/// Load balancers, target groups, listeners and VPC endpoints (aws-semantics.md Part 1,
/// decisions 21 and 22).
extension Grammar {
    static func words(_ b: Bindings, _ label: String) -> [Word] {
        guard case .words(let names)? = b[label], let token = b.token(label) else { return [] }
        return names.map { Word(text: $0, token: token) }
    }

    static func port(_ b: Bindings, _ label: String) -> UInt16? {
        if case .number(let n)? = b[label] { return UInt16(n) }
        return nil
    }

    static func on(_ b: Bindings, _ label: String) -> Bool? {
        b.optionalWord(label).map { $0.text == "on" }
    }

    static let listenerProtocols = ListenerProtocol.allCases.map(\.rawValue)

    static let services: [Form] = [
        Form(
            elements: [
                .word("lb"), .word("create"), .value(label: "name", .newName(.loadBalancer)),
                .choice(label: "type", LoadBalancerType.allCases.map(\.rawValue)),
                .choice(label: "scheme", LoadBalancerScheme.allCases.map(\.rawValue)), .word("in"),
                .value(label: "subnets", .referenceList(.subnet)),
                .optional([.word("sg"), .value(label: "sg", .referenceList(.securityGroup))]),
            ],
            topic: "load balancers",
            summary: "create an ALB (subnets in two or more zones; without sg, the VPC's default group) or an NLB (security groups only now or never), one node per subnet",
            example: "lb create web-alb alb internet-facing in pub-a,pub-b sg alb-sg"
        ) { b in
            .createLoadBalancer(
                b.word("name"), LoadBalancerType(rawValue: b.word("type").text)!,
                LoadBalancerScheme(rawValue: b.word("scheme").text)!, subnets: words(b, "subnets"), groups: groups(b))
        },
        Form(
            elements: [.word("lb"), .word("set-groups"), .value(label: "lb", .reference(.loadBalancer)),
                       .value(label: "sg", .referenceList(.securityGroup))],
            topic: "load balancers", summary: "replace a load balancer's security groups (refused for an NLB created without any)",
            example: "lb set-groups web-alb alb-sg"
        ) { b in .setLoadBalancerGroups(b.word("lb"), groups: groups(b) ?? []) },
        Form(
            elements: [.word("lb"), .word("health"), .value(label: "lb", .reference(.loadBalancer))],
            topic: "load balancers",
            summary: "run every target's health check (node → target on the health-check port, and back) and show which fail where",
            example: "lb health web-alb"
        ) { b in .loadBalancerHealth(b.word("lb")) },
        Form(
            elements: [.word("lb"), .word("delete"), .value(label: "lb", .reference(.loadBalancer))],
            topic: "load balancers", summary: "delete a load balancer, its listeners and its nodes", example: "lb delete web-alb"
        ) { b in .deleteLoadBalancer(b.word("lb")) },
        Form(
            elements: [
                .word("tg"), .word("create"), .value(label: "name", .newName(.targetGroup)), .word("in"),
                .value(label: "vpc", .reference(.vpc)), .choice(label: "protocol", listenerProtocols),
                .value(label: "port", .port),
                .anyOrder([
                    [.choice(label: "type", TargetType.allCases.map(\.rawValue))],
                    [.word("health-port"), .value(label: "health", .port)],
                    [.word("preserve-client-ip"), .choice(label: "preserve", ["on", "off"])],
                ]),
            ],
            topic: "load balancers",
            summary: "create a target group (instance targets unless ip; health checks on the traffic port unless health-port)",
            example: "tg create web-tg in lab http 8080"
        ) { b in
            .createTargetGroup(
                b.word("name"), vpc: b.word("vpc"), ListenerProtocol(rawValue: b.word("protocol").text)!,
                port: port(b, "port") ?? 1, TargetType(rawValue: b.optionalWord("type")?.text ?? "instance")!,
                healthPort: port(b, "health"), preserve: on(b, "preserve"))
        },
        Form(
            elements: [.word("tg"), .word("set"), .value(label: "tg", .reference(.targetGroup)), .word("health-port"),
                       .value(label: "health", .word("a port, or traffic-port"))],
            topic: "load balancers", summary: "move a target group's health checks to another port, or back to the traffic port",
            example: "tg set web-tg health-port 8081"
        ) { b throws(LanguageError) in
            let word = b.word("health")
            if word.text == "traffic-port" { return .setHealthCheckPort(b.word("tg"), nil) }
            guard let n = Int(word.text), (1...65535).contains(n) else {
                throw LanguageError("\(word.text) is not a port: write 1–65535 or traffic-port", at: word.token)
            }
            return .setHealthCheckPort(b.word("tg"), UInt16(n))
        },
        Form(
            elements: [.word("tg"), .word("set"), .value(label: "tg", .reference(.targetGroup)), .word("preserve-client-ip"),
                       .choice(label: "preserve", ["on", "off"])],
            topic: "load balancers",
            summary: "turn client IP preservation on or off (NLB target groups): whether targets see the client's address or the node's",
            example: "tg set api-tg preserve-client-ip off"
        ) { b in .setPreserveClientIP(b.word("tg"), b.word("preserve").text == "on") },
        Form(
            elements: [.word("tg"), .word("register"), .value(label: "tg", .reference(.targetGroup)),
                       .value(label: "targets", .referenceList(.resource))],
            topic: "load balancers", summary: "register targets: instances, or addresses for an ip target group",
            example: "tg register web-tg web-1,web-2"
        ) { b in .registerTargets(b.word("tg"), words(b, "targets")) },
        Form(
            elements: [.word("tg"), .word("deregister"), .value(label: "tg", .reference(.targetGroup)),
                       .value(label: "target", .word("a registered instance or address"))],
            topic: "load balancers", summary: "deregister a target", example: "tg deregister web-tg web-2"
        ) { b in .deregisterTarget(b.word("tg"), b.word("target")) },
        Form(
            elements: [.word("tg"), .word("delete"), .value(label: "tg", .reference(.targetGroup))],
            topic: "load balancers", summary: "delete a target group no listener forwards to", example: "tg delete web-tg"
        ) { b in .deleteTargetGroup(b.word("tg")) },
        Form(
            elements: [
                .word("listener"), .word("add"), .value(label: "lb", .reference(.loadBalancer)),
                .choice(label: "protocol", listenerProtocols), .value(label: "port", .port), .word("to"),
                .value(label: "tg", .reference(.targetGroup)),
            ],
            topic: "load balancers", summary: "add a listener: connections to the port are forwarded to the target group",
            example: "listener add web-alb http 80 to web-tg"
        ) { b in
            .addListener(
                b.word("lb"), ListenerProtocol(rawValue: b.word("protocol").text)!, port: port(b, "port") ?? 1,
                targetGroup: b.word("tg"))
        },
        Form(
            elements: [.word("listener"), .word("delete"), .value(label: "lb", .reference(.loadBalancer)), .value(label: "port", .port)],
            topic: "load balancers", summary: "delete the listener on a port", example: "listener delete web-alb 80"
        ) { b in .deleteListener(b.word("lb"), port: port(b, "port") ?? 1) },
        Form(
            elements: [
                .word("endpoint"), .word("create"), .value(label: "name", .newName(.vpcEndpoint)), .word("interface"),
                .value(label: "service", .word("an AWS service: ssm, sts, secretsmanager, kms, logs, s3, dynamodb, …")), .word("in"),
                .value(label: "subnets", .referenceList(.subnet)),
                .anyOrder([
                    [.word("sg"), .value(label: "sg", .referenceList(.securityGroup))],
                    [.word("private-dns"), .choice(label: "dns", ["on", "off"])],
                ]),
            ],
            topic: "endpoints",
            summary: "create an interface endpoint: a node per subnet with security groups (without sg, the VPC's default group); private DNS on unless off (S3 and DynamoDB: reached by the endpoint's name)",
            example: "endpoint create ssm-ep interface ssm in app-a sg endpoint-sg"
        ) { b in
            .createInterfaceEndpoint(
                b.word("name"), service: b.word("service"), subnets: words(b, "subnets"), groups: groups(b),
                privateDNS: on(b, "dns"))
        },
        Form(
            elements: [
                .word("endpoint"), .word("create"), .value(label: "name", .newName(.vpcEndpoint)), .word("gateway"),
                .choice(label: "service", ["s3", "dynamodb"]), .word("in"), .value(label: "vpc", .reference(.vpc)),
                .optional([.word("rt"), .value(label: "rt", .referenceList(.routeTable))]),
            ],
            topic: "endpoints",
            summary: "create a gateway endpoint for S3 or DynamoDB: a route for the service's prefix list in each route table named",
            example: "endpoint create s3-gw gateway s3 in lab rt private"
        ) { b in
            .createGatewayEndpoint(b.word("name"), service: b.word("service"), vpc: b.word("vpc"), tables: words(b, "rt"))
        },
        Form(
            elements: [.word("endpoint"), .word("set"), .value(label: "endpoint", .reference(.vpcEndpoint)), .word("private-dns"),
                       .choice(label: "dns", ["on", "off"])],
            topic: "endpoints", summary: "turn an interface endpoint's private DNS on or off", example: "endpoint set ssm-ep private-dns off"
        ) { b in .setEndpointPrivateDNS(b.word("endpoint"), b.word("dns").text == "on") },
        Form(
            elements: [.word("endpoint"), .word("route"), .value(label: "endpoint", .reference(.vpcEndpoint)),
                       .value(label: "rt", .reference(.routeTable))],
            topic: "endpoints", summary: "add a route table to a gateway endpoint", example: "endpoint route s3-gw private-b"
        ) { b in .addEndpointRouteTable(b.word("endpoint"), table: b.word("rt")) },
        Form(
            elements: [.word("endpoint"), .word("delete"), .value(label: "endpoint", .reference(.vpcEndpoint))],
            topic: "endpoints", summary: "delete an endpoint, its nodes and its routes", example: "endpoint delete ssm-ep"
        ) { b in .deleteEndpoint(b.word("endpoint")) },
    ]
}
