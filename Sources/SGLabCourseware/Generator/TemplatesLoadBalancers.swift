import SGLabCore

/// Templates about load balancers and VPC endpoints (aws-semantics.md decisions 21 and 22;
/// aws-services.md §1, §2 and §5): the ALB → target-group chain, Network Load Balancer client IP
/// preservation, and gateway and interface endpoints.
extension Template {
    // MARK: ALB → target group

    static func draftALBChain(_ r: inout SplitMix64, _ kind: QuestionKind) -> Draft {
        enum F: String, CaseIterable {
            case clientCIDR = "target-allows-client-cidr", vpcCIDR = "target-allows-vpc-cidr"
            case lbNoOutbound = "alb-no-outbound", lbWrongPort = "alb-sg-wrong-port"
            case targetNACL = "target-nacl-no-ephemeral"
        }
        let vpc = r.pick(Pools.vpc)
        let net = Net.draw(&r, subnets: 4)
        let pubA = r.pick(["pub-a", "edge-a", "front-a"])
        let pubB = pubA.replacing("-a", with: "-b")
        let appNet = r.pick(Pools.privateSubnet)
        let gw = r.pick(Pools.igw)
        let rt = r.pick(Pools.publicRT)
        let acl = r.pick(["app-acl", "web-nacl", "inner-acl"])
        let web = r.pick(Pools.webHost)
        let ops = r.pick(["ops", "jumpbox", "reports", "batch"])
        let alb = r.pick(["web-alb", "site-lb", "front-alb", "shop-lb"])
        let tg = r.pick(["web-tg", "site-tg", "app-targets"])
        let (webSG, lbSG, opsSG) = ("\(web)-sg", "\(alb)-sg", "\(ops)-sg")
        let (label, listenerPort) = r.pick([("HTTP", 80), ("HTTP", 80), ("HTTPS", 443)])
        let targetPort = r.pick([8080, 8000, 3000, 5000, 9000])
        let wrongPort = listenerPort == 80 ? 443 : 80
        let out = Outside.draw(&r)
        let clientCIDR = "198.51.100.0/24"
        var faults = drawFaults(&r, F.allCases, kind: kind, exclusive: [[.clientCIDR, .vpcCIDR]])
        // A scenario asks about one flow and keeps the faults on it.
        let asked = kind == .scenario ? r.pick(["client", "client", "client", "ops-direct"]) : ""
        if asked == "ops-direct" { faults = faults.filter { $0 == .vpcCIDR || $0 == .clientCIDR } }
        // Through the load balancer, a VPC-wide rule on the targets works: it is a fault only for
        // the direct path.
        if asked == "client" { faults = faults.filter { $0 != .vpcCIDR } }
        let has = Set(faults)
        let customACL = has.contains(.targetNACL) || r.chance(35)

        var s = [
            "vpc create \(vpc) \(net.vpc)",
            "subnet create \(pubA) in \(vpc) \(net.subnet(0)) az us-east-1a",
            "subnet create \(pubB) in \(vpc) \(net.subnet(1)) az us-east-1b",
            "subnet create \(appNet) in \(vpc) \(net.subnet(2)) az us-east-1a",
            "igw create \(gw) in \(vpc)",
            "rt create \(rt) in \(vpc)",
            "route add \(rt) 0.0.0.0/0 via \(gw)",
            "rt associate \(rt) \(pubA)",
            "rt associate \(rt) \(pubB)",
            "sg create \(lbSG) in \(vpc) \"load balancer\"",
            "sg allow \(lbSG) in tcp \(has.contains(.lbWrongPort) ? wrongPort : listenerPort) from 0.0.0.0/0",
        ]
        if has.contains(.lbNoOutbound) { s.append("sg revoke \(lbSG) out all to 0.0.0.0/0") }
        s.append("sg create \(webSG) in \(vpc) \"web servers\"")
        if has.contains(.clientCIDR) {
            s.append("sg allow \(webSG) in tcp \(targetPort) from \(clientCIDR) \"the clients\"")
        } else if has.contains(.vpcCIDR) {
            s.append("sg allow \(webSG) in tcp \(targetPort) from \(net.vpc) \"the VPC\"")
        } else {
            s.append("sg allow \(webSG) in tcp \(targetPort) from \(lbSG) \"through the load balancer\"")
        }
        s.append("sg create \(opsSG) in \(vpc) \"operations\"")
        if customACL {
            s += [
                "nacl create \(acl) in \(vpc)",
                "nacl add \(acl) in 100 allow tcp \(targetPort) from \(net.vpc)",
                "nacl add \(acl) out 100 allow tcp 443 to 0.0.0.0/0",
            ]
            if !has.contains(.targetNACL) { s.append("nacl add \(acl) out 110 allow tcp 1024-65535 to \(net.vpc)") }
            s.append("nacl associate \(acl) \(appNet)")
        }
        s += [
            "launch ec2 \(web) in \(appNet) sg \(webSG)",
            "launch ec2 \(ops) in \(pubB) sg \(opsSG)",
            "lb create \(alb) alb internet-facing in \(pubA),\(pubB) sg \(lbSG)",
            "tg create \(tg) in \(vpc) http \(targetPort)",
            "tg register \(tg) \(web)",
            "listener add \(alb) \(label.lowercased()) \(listenerPort) to \(tg)",
        ]

        func info(_ f: F) -> (fault: Fault, concept: String, symptom: String, fix: [String]) {
            switch f {
            case .clientCIDR:
                return (
                    Fault(name: f.rawValue, topic: "sg-referencing", seed: [11, 17], traps: [30]),
                    "An ALB ends the client's connection and opens its own to the target, from a node's private address: \(webSG)'s rule for the clients' range \(clientCIDR) never matches it. The target's group should name the load balancer's group, \(lbSG) (exam trap 30); the client's address reaches the application in X-Forwarded-For.",
                    "Every \(label) request through \(alb) times out, although \(webSG) allows the clients' range on TCP \(targetPort)",
                    ["sg revoke \(webSG) in tcp \(targetPort) from \(clientCIDR)", "sg allow \(webSG) in tcp \(targetPort) from \(lbSG)"])
            case .vpcCIDR:
                return (
                    Fault(name: f.rawValue, topic: "sg-referencing", seed: [11, 20], traps: [30]),
                    "\(webSG) admits TCP \(targetPort) from the whole VPC, \(net.vpc): the load balancer gets in, and so does anything else in the VPC, \(ops) included, bypassing the load balancer. A rule that names \(lbSG) admits the load balancer's nodes and nothing else (exam trap 30).",
                    "A security review found that \(ops) can reach \(web) on TCP \(targetPort) directly, bypassing \(alb)",
                    ["sg revoke \(webSG) in tcp \(targetPort) from \(net.vpc)", "sg allow \(webSG) in tcp \(targetPort) from \(lbSG)"])
            case .lbNoOutbound:
                return (
                    Fault(name: f.rawValue, topic: "inbound-outbound", seed: [5, 7, 17], traps: [4, 30]),
                    "\(lbSG) has no outbound rules. The replies to the clients still leave (tracked), but the load balancer forwards each request on a NEW connection that it starts itself, to the target on TCP \(targetPort), and that needs an outbound rule: to \(webSG) on the target and health-check ports (Elastic Load Balancing, \"Security groups for your Application Load Balancer\").",
                    "\(alb) accepts \(label) connections, but every request ends in 504 Gateway Timeout and \(web) is marked unhealthy",
                    ["sg allow \(lbSG) out tcp \(targetPort) to \(webSG)"])
            case .lbWrongPort:
                return (
                    Fault(name: f.rawValue, topic: "rules", seed: [6, 15, 17], traps: []),
                    "The listener is on TCP \(listenerPort), but \(lbSG) admits only port \(wrongPort): the load balancer's own group refuses the clients before any listener sees them. A rule matches protocol, port and source together.",
                    "Browsers cannot connect to \(alb) on \(label) (TCP \(listenerPort)), although its listener is configured",
                    ["sg allow \(lbSG) in tcp \(listenerPort) from 0.0.0.0/0"])
            case .targetNACL:
                return (
                    Fault(name: f.rawValue, topic: "nacl", seed: [13, 17], traps: [3, 34]),
                    "The load balancer's node connects to \(web) from an ephemeral port (1024-65535). \(acl), a stateless network ACL, lets the request in on TCP \(targetPort) but has no outbound entry for the reply to that port, so the reply is dropped leaving \(appNet): requests and health checks both time out (Elastic Load Balancing, \"Troubleshoot your Application Load Balancers\").",
                    "Since \(acl) was put on \(appNet), \(web) is unhealthy and every request through \(alb) times out",
                    ["nacl add \(acl) out 110 allow tcp 1024-65535 to \(net.vpc)"])
            }
        }

        var d = Draft(template: .albChain, kind: kind, topic: "other-services")
        d.script = s
        d.faults = faults.map(\.rawValue)
        d.tag(seed: [17, 11], traps: [30])
        for f in faults { d.tag(seed: info(f).fault.seed, traps: info(f).fault.traps) }
        d.difficulty = 2 + min(1, faults.count)
        d.body =
            "The internet-facing Application Load Balancer \(alb) (group \(lbSG)) sits in \(pubA) and \(pubB) and forwards \(label) on TCP \(listenerPort) to the target group \(tg): \(web), in the private subnet \(appNet), listening on TCP \(targetPort) (group \(webSG)). \(ops) is an operations host in \(pubB)."
            + (customACL ? " \(appNet) has a custom network ACL, \(acl)." : "")
        let healthy =
            "The chain that works: \(lbSG) admits the clients on the listener port and may connect out; \(webSG) admits TCP \(targetPort) from \(lbSG), the group the load balancer's nodes carry; a custom ACL on the targets' subnet lets the replies out to the nodes' ephemeral ports 1024-65535."

        if kind == .scenario {
            if asked == "ops-direct" {
                d.packet = flow(ops, web, targetPort)
                d.stem = "\(ops) opens TCP \(targetPort) straight to \(web), bypassing \(alb). Does the connection \(whichCheck)"
                let checks: [(String, Bool)] = [
                    ("security-group-inbound", has.contains(.vpcCIDR))
                ]
                d.expected = firstFailure(checks)
                d.topic = "sg-referencing"
                d.blockedByDesign = !has.contains(.vpcCIDR)
                d.concept =
                    has.contains(.vpcCIDR)
                    ? info(.vpcCIDR).concept
                    : "The targets' group admits only "
                        + (has.contains(.clientCIDR) ? "the clients' range \(clientCIDR), which \(ops)'s private address is not in" : "\(lbSG), the load balancer's group, which \(ops) does not carry")
                        + ": reaching \(web) directly is refused, as it should be. A group reference admits members, not addresses."
            } else {
                let client = r.chance(50) ? out.client : "internet"
                d.packet = flow(client, alb, listenerPort)
                d.stem =
                    "A client (\(client == "internet" ? "198.51.100.10" : client)) opens \(label) (TCP \(listenerPort)) to \(alb), whose targets listen on TCP \(targetPort). Does the request \(whichCheck)"
                let checks: [(String, Bool, F?)] = [
                    ("security-group-inbound", !has.contains(.lbWrongPort), .lbWrongPort),
                    ("security-group-outbound", !has.contains(.lbNoOutbound), .lbNoOutbound),
                    ("security-group-inbound", !has.contains(.clientCIDR), .clientCIDR),
                    ("network-acl-outbound", !has.contains(.targetNACL), .targetNACL),
                ]
                let failed = checks.first { !$0.1 }
                d.expected = failed.map { "blocked at \($0.0)" } ?? "allowed"
                let deciding = failed?.2
                if let deciding { d.topic = info(deciding).fault.topic }
                d.concept =
                    ((deciding.map { [info($0).concept] } ?? [])
                    + faults.filter { $0 != deciding }.map { info($0).concept } + (deciding == nil ? [healthy] : []))
                    .joined(separator: " ")
            }
        } else {
            d.topic = info(faults[0]).fault.topic
            d.goal = [
                "expect allowed \(flow(out.client, alb, listenerPort))",
                "expect allowed \(flow("internet", alb, listenerPort))",
                "expect blocked \(flow(ops, web, targetPort))",
            ]
            d.solution = faults.flatMap { info($0).fix }
            let order: [F] = [.lbWrongPort, .lbNoOutbound, .clientCIDR, .targetNACL, .vpcCIDR]
            let first = order.first(where: has.contains) ?? faults[0]
            d.stem = stem(
                symptoms: [info(first).symptom],
                constraint: "Fix it so that every client reaches the site through \(alb), and only through it.")
            d.concept = (faults.map { info($0).concept } + [healthy]).joined(separator: " ")
        }
        return d
    }

    // MARK: NLB client IP preservation

    static func draftNLBClientIP(_ r: inout SplitMix64, _ kind: QuestionKind) -> Draft {
        /// What the target's group allows on the service port.
        enum Rule: String { case vpc, clients, nlbGroup }
        enum F: String, CaseIterable {
            case vpcRulePreserved = "vpc-rule-client-ip-preserved", clientRuleNotPreserved = "client-rule-client-ip-not-preserved"
            case nlbSGMissingClients = "nlb-sg-misses-clients"
        }
        let vpc = r.pick(Pools.vpc)
        let net = Net.draw(&r, subnets: 3)
        let pubA = r.pick(["pub-a", "edge-a", "front-a"])
        let pubB = pubA.replacing("-a", with: "-b")
        let svcNet = r.pick(Pools.privateSubnet)
        let gw = r.pick(Pools.igw)
        let rt = r.pick(Pools.publicRT)
        let svc = r.pick(["api", "game", "broker", "ingest", "feed"])
        let nlb = r.pick(["\(svc)-nlb", "tcp-lb", "edge-nlb"])
        let tg = "\(svc)-tg"
        let (svcSG, nlbSG) = ("\(svc)-sg", "\(nlb)-sg")
        let port = r.pick([7000, 5000, 8883, 9000, 6000])
        let out = Outside.draw(&r)
        let partnerCIDR = "198.51.100.0/24"
        let partner = out.client
        let stranger = out.badHost
        let faults = drawFaults(
            &r, F.allCases, kind: kind, exclusive: [[.vpcRulePreserved, .clientRuleNotPreserved, .nlbSGMissingClients]],
            allowTwo: false)
        let fault = faults.first
        // The NLB's shape: a fault decides what it needs, a healthy world any of its three shapes.
        let withSG: Bool
        let ipTargets: Bool
        let rule: Rule
        switch fault {
        case .vpcRulePreserved?:
            withSG = r.chance(30)
            ipTargets = r.chance(30)  // ip targets with preservation turned on
            rule = .vpc
        case .clientRuleNotPreserved?:
            withSG = false
            ipTargets = r.chance(60)  // the default for ip/TCP, or turned off on instance targets
            rule = .clients
        case .nlbSGMissingClients?:
            withSG = true
            ipTargets = r.chance(30)
            rule = r.chance(50) ? .nlbGroup : .clients
        case nil:
            withSG = r.chance(50)
            ipTargets = r.chance(40)
            rule = r.pick(withSG ? [.nlbGroup, .clients] : [.clients, .vpc])
        }
        // Whether the target sees the client's address.
        let groupPreserved = r.chance(60)
        let preserved: Bool
        switch (fault, rule) {
        case (.vpcRulePreserved?, _): preserved = true
        case (.clientRuleNotPreserved?, _): preserved = false
        case (_, .vpc): preserved = false
        // A reference to the NLB's group matches with preservation on or off (aws-services.md §2.1).
        case (_, .nlbGroup): preserved = groupPreserved
        default: preserved = true
        }
        // Instance targets preserve by default, ip/TCP targets do not: say so only where it differs.
        let setting = preserved == !ipTargets ? "" : " preserve-client-ip \(preserved ? "on" : "off")"
        let svcIP = "\(net.a).\(net.b).\(net.thirds[2]).\(r.int(10...200))"

        var s = [
            "vpc create \(vpc) \(net.vpc)",
            "subnet create \(pubA) in \(vpc) \(net.subnet(0)) az us-east-1a",
            "subnet create \(pubB) in \(vpc) \(net.subnet(1)) az us-east-1b",
            "subnet create \(svcNet) in \(vpc) \(net.subnet(2)) az us-east-1a",
            "igw create \(gw) in \(vpc)",
            "rt create \(rt) in \(vpc)",
            "route add \(rt) 0.0.0.0/0 via \(gw)",
            "rt associate \(rt) \(pubA)",
            "rt associate \(rt) \(pubB)",
        ]
        // The NLB's group filters the clients when the targets trust it; otherwise it admits all.
        let nlbSource = fault == .nlbSGMissingClients ? out.officeCIDR : (rule == .nlbGroup ? partnerCIDR : "0.0.0.0/0")
        if withSG {
            s.append("sg create \(nlbSG) in \(vpc) \"network load balancer\"")
            s.append("sg allow \(nlbSG) in tcp \(port) from \(nlbSource)")
        }
        s.append("sg create \(svcSG) in \(vpc) \"\(svc) servers\"")
        switch rule {
        case .vpc: s.append("sg allow \(svcSG) in tcp \(port) from \(net.vpc) \"from inside the VPC\"")
        case .clients: s.append("sg allow \(svcSG) in tcp \(port) from \(partnerCIDR) \"the partner\"")
        case .nlbGroup: s.append("sg allow \(svcSG) in tcp \(port) from \(nlbSG) \"through the load balancer\"")
        }
        // Health checks come from the NLB's private addresses. With the client's address preserved
        // the targets need the VPC too; without it, that rule would admit every client.
        if rule == .clients && preserved { s.append("sg allow \(svcSG) in tcp \(port) from \(net.vpc) \"health checks\"") }
        s += [
            "launch ec2 \(svc) in \(svcNet) sg \(svcSG) ip \(svcIP)",
            "lb create \(nlb) nlb internet-facing in \(pubA),\(pubB)" + (withSG ? " sg \(nlbSG)" : ""),
            "tg create \(tg) in \(vpc) tcp \(port)" + (ipTargets ? " ip" : "") + setting,
            "tg register \(tg) \(ipTargets ? svcIP : svc)",
            "listener add \(nlb) tcp \(port) to \(tg)",
        ]

        let targets = ipTargets ? "IP-address targets" : "instance targets"
        let defaultNote =
            ipTargets
            ? "For IP targets with TCP, client IP preservation is off by default"
            : "For instance targets, client IP preservation is on by default"
        func info(_ f: F) -> (fault: Fault, concept: String, symptom: String, fix: [String]) {
            switch f {
            case .vpcRulePreserved:
                return (
                    Fault(name: f.rawValue, topic: "other-services", seed: [17, 11], traps: [31]),
                    "With client IP preservation on, \(svc) sees the client's own address, and \(svcSG)'s rule for the VPC CIDR \(net.vpc) does not match it: it is the rule that suits an ALB, or an NLB without preservation. The health checks come from the NLB's private addresses and still pass, which hides the fault (exam trap 31).",
                    "The partner's connections to \(nlb) on TCP \(port) time out, although \(svc) is healthy",
                    ["sg allow \(svcSG) in tcp \(port) from \(partnerCIDR)"])
            case .clientRuleNotPreserved:
                return (
                    Fault(name: f.rawValue, topic: "other-services", seed: [17, 11], traps: [31]),
                    "Client IP preservation is off here, so \(svc) sees the NLB's private address, and \(svcSG)'s rule for the partner's range \(partnerCIDR) never matches. Turning preservation on keeps the client's address and makes the rule work; allowing the VPC instead would let every client in.",
                    "The partner's connections to \(nlb) on TCP \(port) time out, although \(svcSG) allows the partner's range",
                    ["tg set \(tg) preserve-client-ip on"])
            case .nlbSGMissingClients:
                return (
                    Fault(name: f.rawValue, topic: "rules", seed: [17, 6], traps: [31]),
                    "This NLB has a security group, and its inbound rules are the first filter: \(nlbSG) admits TCP \(port) from \(out.officeCIDR) only, so the partner (\(partnerCIDR)) is refused at the load balancer before any target is chosen.",
                    "The partner cannot connect to \(nlb) on TCP \(port) at all",
                    ["sg allow \(nlbSG) in tcp \(port) from \(partnerCIDR)"])
            }
        }

        var d = Draft(template: .nlbClientIP, kind: kind, topic: "other-services")
        d.script = s
        d.faults = faults.map(\.rawValue)
        d.tag(seed: [17], traps: [31])
        for f in faults { d.tag(seed: info(f).fault.seed, traps: info(f).fault.traps) }
        d.difficulty = 2 + min(1, faults.count)
        d.body =
            "The internet-facing Network Load Balancer \(nlb) (in \(pubA) and \(pubB), "
            + (withSG ? "with the group \(nlbSG)" : "created without security groups")
            + ") forwards TCP \(port) to the target group \(tg), with \(targets): \(svc) (\(svcIP), group \(svcSG)) in the private subnet \(svcNet). "
            + "Client IP preservation is \(preserved ? "on" : "off")\(setting.isEmpty ? " (the default)" : ""). The partner uses the service from \(partnerCIDR); nobody else should."
        let why =
            "\(defaultNote) (Elastic Load Balancing, \"Edit target group attributes for your Network Load Balancer\"): with it on, the target sees the client's address and its group must allow the clients (or the NLB's group, when it has one); with it off, the target sees the NLB's private address."
        if kind == .scenario {
            let fromPartner = r.chance(65)
            let client = fromPartner ? partner : stranger
            d.packet = flow(client, nlb, port)
            d.stem =
                (fromPartner ? "The partner (\(partner))" : "A host outside the partner's range (\(stranger))")
                + " opens TCP \(port) to \(nlb). Does the connection \(whichCheck)"
            // Front: the NLB's group, when it has one. Back: the target's group sees the client
            // (preserved) or a node's private address.
            let frontOK = !withSG || nlbSource == "0.0.0.0/0" || (nlbSource == partnerCIDR && fromPartner)
            let backOK: Bool
            switch rule {
            case .vpc: backOK = !preserved
            case .clients: backOK = preserved && fromPartner
            case .nlbGroup: backOK = true
            }
            d.expected = firstFailure([("security-group-inbound", frontOK), ("security-group-inbound", backOK)])
            d.blockedByDesign = !fromPartner
            if let fault, fromPartner { d.topic = info(fault).fault.topic }
            if let fault, fromPartner {
                d.concept = info(fault).concept + " " + why
            } else if !frontOK {
                d.concept = "\(nlbSG) admits TCP \(port) from " + (fault == .nlbSGMissingClients ? out.officeCIDR : "the partner's range") + " only; an NLB with a security group filters clients at its own inbound rules first. " + why
            } else if !fromPartner && backOK {
                d.concept = "Nothing filters the clients here: " + (withSG ? "\(nlbSG) admits every address, and " : "the NLB has no group, and ") + (rule == .nlbGroup ? "\(svcSG) admits whatever comes through the NLB's group. " : "\(svcSG)'s VPC rule matches the NLB's private address, which is all the target sees. ") + why
            } else if !backOK {
                d.concept = "\(svcSG) admits TCP \(port) from " + (rule == .clients ? "the partner's range \(partnerCIDR)" : "the VPC") + ", and the target sees " + (preserved ? "the client's own address, which is outside it" : "the NLB's private address") + ". " + why
            } else {
                d.concept =
                    (rule == .nlbGroup
                        ? "\(svcSG) names the NLB's group: the rule admits exactly what comes through the load balancer"
                            + (preserved ? ", even with client IP preservation on" : "")
                            + " (Elastic Load Balancing, \"Update the security groups for your Network Load Balancer\"). "
                        : "")
                    + why
            }
        } else {
            guard let fault else { return d }
            d.topic = info(fault).fault.topic
            d.goal = [
                "expect allowed \(flow(partner, nlb, port))",
                "expect blocked \(flow(stranger, nlb, port))",
            ]
            d.solution = info(fault).fix
            d.stem = stem(
                symptoms: [info(fault).symptom],
                constraint: "Fix it so that the partner's range gets in and nobody else does.")
            d.concept = info(fault).concept + " " + why
        }
        return d
    }

    // MARK: VPC endpoints

    static func draftEndpoints(_ r: inout SplitMix64, _ kind: QuestionKind) -> Draft {
        enum F: String, CaseIterable {
            // Gateway endpoint (S3).
            case noPrefixListRule = "no-prefix-list-rule", wrongRouteTable = "gateway-endpoint-wrong-route-table"
            // Interface endpoint.
            case defaultGroup = "endpoint-default-group", wrongSource = "endpoint-group-wrong-source"
            case privateDNSOff = "private-dns-off", endpointNACL = "endpoint-subnet-nacl-no-ephemeral"
        }
        let vpc = r.pick(Pools.vpc)
        let net = Net.draw(&r, subnets: 2)
        let subA = r.pick(["app-a", "private-a", "inner-a"])
        let subB = subA.replacing("-a", with: "-b")
        let rt = r.pick(Pools.privateRT)
        let otherRT = r.pick(["spare-rt", "old-rt", "test-rt"])
        let acl = r.pick(["endpoint-acl", "b-acl", "svc-acl"])
        let app = r.pick(Pools.appHost)
        let other = r.pick(["legacy", "reports", "batch", "kiosk"])
        let (appSG, otherSG) = ("\(app)-sg", "\(other)-sg")
        let gateway = r.chance(45)
        let (service, serviceLabel) =
            gateway
            ? ("s3", "Amazon S3")
            : r.pick([("ssm", "Systems Manager"), ("sts", "AWS STS"), ("secretsmanager", "Secrets Manager"), ("kms", "AWS KMS"), ("logs", "CloudWatch Logs")])
        let endpoint = gateway ? "s3-gw" : "\(service.replacing(".", with: "-"))-ep"
        let vpceSG = "endpoints-sg"
        let pl = "pl-63a5400a"
        let candidates: [F] = gateway ? [.noPrefixListRule, .wrongRouteTable] : [.defaultGroup, .wrongSource, .privateDNSOff, .endpointNACL]
        let faults = drawFaults(
            &r, candidates, kind: kind, exclusive: [[.defaultGroup, .wrongSource], [.privateDNSOff, .endpointNACL]])
        let has = Set(faults)
        // The app's group: HTTPS inside the VPC only (and S3's prefix list, unless that is the
        // fault), or, for interface endpoints, sometimes the default all-traffic outbound rule.
        let restricted = gateway || kind == .fixit || r.chance(60)
        // Interface endpoint: its nodes only in the second subnet when the ACL there matters.
        let endpointSubnets = has.contains(.endpointNACL) || (!gateway && r.chance(25)) ? subB : "\(subA),\(subB)"
        let customACL = has.contains(.endpointNACL) || (!gateway && endpointSubnets == subB && r.chance(50))

        var s = [
            "vpc create \(vpc) \(net.vpc)",
            "subnet create \(subA) in \(vpc) \(net.subnet(0)) az us-east-1a",
            "subnet create \(subB) in \(vpc) \(net.subnet(1)) az us-east-1b",
            "rt create \(rt) in \(vpc)",
            "rt associate \(rt) \(subA)",
            "rt associate \(rt) \(subB)",
            "sg create \(appSG) in \(vpc) \"app servers\"",
            "sg create \(otherSG) in \(vpc) \"\(other)\"",
        ]
        if restricted {
            s += ["sg revoke \(appSG) out all to 0.0.0.0/0", "sg allow \(appSG) out tcp 443 to \(net.vpc) \"https inside the VPC\""]
            if gateway && !has.contains(.noPrefixListRule) { s.append("sg allow \(appSG) out tcp 443 to \(pl) \"s3\"") }
        }
        if gateway {
            if has.contains(.wrongRouteTable) { s.append("rt create \(otherRT) in \(vpc)") }
            s.append("endpoint create \(endpoint) gateway s3 in \(vpc) rt \(has.contains(.wrongRouteTable) ? otherRT : rt)")
            // DynamoDB is routed too: only the group keeps the app to S3.
            s.append("endpoint create ddb-gw gateway dynamodb in \(vpc) rt \(rt)")
        } else {
            if !has.contains(.defaultGroup) {
                s.append("sg create \(vpceSG) in \(vpc) \"interface endpoints\"")
                s.append("sg allow \(vpceSG) in tcp 443 from \(has.contains(.wrongSource) ? otherSG : appSG)")
            }
            s.append(
                "endpoint create \(endpoint) interface \(service) in \(endpointSubnets)"
                    + (has.contains(.defaultGroup) ? "" : " sg \(vpceSG)") + (has.contains(.privateDNSOff) ? " private-dns off" : ""))
            if customACL {
                s += [
                    "nacl create \(acl) in \(vpc)",
                    "nacl add \(acl) in 100 allow tcp 443 from \(net.vpc)",
                    "nacl add \(acl) out 100 allow tcp 443 to \(net.vpc)",
                ]
                if !has.contains(.endpointNACL) { s.append("nacl add \(acl) out 110 allow tcp 1024-65535 to \(net.vpc)") }
                s.append("nacl associate \(acl) \(subB)")
            }
        }
        s += ["launch ec2 \(app) in \(subA) sg \(appSG)", "launch ec2 \(other) in \(subA) sg \(otherSG)"]

        func info(_ f: F) -> (fault: Fault, concept: String, symptom: String, fix: [String]) {
            switch f {
            case .noPrefixListRule:
                return (
                    Fault(name: f.rawValue, topic: "inbound-outbound", seed: [7, 17], traps: [38]),
                    "\(appSG) allows HTTPS only inside the VPC, and S3's addresses are not in it: the group refuses the request before any route is looked at. A rule can name S3's AWS-managed prefix list, \(pl), which holds exactly S3's ranges in the Region (exam trap 38); a network ACL could not, it needs the CIDR blocks.",
                    "\(app)'s uploads to S3 fail at once, although the S3 gateway endpoint is in place",
                    ["sg allow \(appSG) out tcp 443 to \(pl)"])
            case .wrongRouteTable:
                return (
                    Fault(name: f.rawValue, topic: "routing", seed: [3, 17], traps: [38]),
                    "A gateway endpoint is a route-table target: it adds the route for S3's prefix list only to the route tables it is associated with. \(endpoint) was associated with \(otherRT), which no subnet uses, so \(subA)'s table \(rt) has no route to S3 (AWS PrivateLink Guide, \"Gateway endpoints\").",
                    "\(app)'s uploads to S3 fail, although \(appSG) allows HTTPS to S3's prefix list",
                    ["endpoint delete \(endpoint)", "endpoint create \(endpoint) gateway s3 in \(vpc) rt \(rt)"])
            case .defaultGroup:
                return (
                    Fault(name: f.rawValue, topic: "default-sg", seed: [8, 17], traps: [7]),
                    "\(endpoint) was created without a security group, so its network interfaces got the VPC's default group, whose only inbound rule admits its own members (exam trap 7). \(app) is not one. An interface endpoint needs a group that admits HTTPS (443) from its clients.",
                    "\(app)'s calls to \(serviceLabel) through the new interface endpoint time out",
                    [
                        "sg create \(vpceSG) in \(vpc)", "sg allow \(vpceSG) in tcp 443 from \(appSG)", "endpoint delete \(endpoint)",
                        "endpoint create \(endpoint) interface \(service) in \(endpointSubnets) sg \(vpceSG)",
                    ])
            case .wrongSource:
                return (
                    Fault(name: f.rawValue, topic: "sg-referencing", seed: [11, 17], traps: []),
                    "\(vpceSG) admits HTTPS from \(otherSG), not from \(appSG): a group reference admits the members of that group and nobody else. The endpoint's group must admit 443 from its clients.",
                    "\(app)'s calls to \(serviceLabel) through the interface endpoint time out, while \(other)'s work",
                    ["sg revoke \(vpceSG) in tcp 443 from \(otherSG)", "sg allow \(vpceSG) in tcp 443 from \(appSG)"])
            case .privateDNSOff:
                return (
                    Fault(name: f.rawValue, topic: "other-services", seed: [17], traps: []),
                    "Private DNS is off on \(endpoint), so the service's usual name resolves to its public address, and the private subnets have no way to the internet. With private DNS on, the same name resolves to the endpoint's private addresses (AWS PrivateLink Guide, \"DNS hostnames\" for interface endpoints).",
                    "\(app)'s calls to \(serviceLabel) by its usual name fail, although the interface endpoint's group admits \(app)",
                    ["endpoint set \(endpoint) private-dns on"])
            case .endpointNACL:
                return (
                    Fault(name: f.rawValue, topic: "nacl", seed: [13, 17], traps: [3, 34]),
                    "The endpoint has a network interface only in \(subB), and \(acl) on that subnet is stateless: it lets the request in on 443, but the endpoint's reply goes to \(app)'s ephemeral port, and \(acl) allows outbound only 443. Both subnets' ACLs apply to endpoint traffic.",
                    "\(app)'s calls to \(serviceLabel) through the interface endpoint in \(subB) time out",
                    ["nacl add \(acl) out 110 allow tcp 1024-65535 to \(net.vpc)"])
            }
        }

        var d = Draft(template: .endpoints, kind: kind, topic: gateway ? "routing" : "other-services")
        d.script = s
        d.faults = faults.map(\.rawValue)
        d.tag(seed: [17], traps: gateway ? [38] : [])
        for f in faults { d.tag(seed: info(f).fault.seed, traps: info(f).fault.traps) }
        d.difficulty = 2 + min(1, faults.count)
        d.body =
            "The private subnets \(subA) and \(subB) have no route to the internet: no internet gateway, no NAT. \(app) (group \(appSG)) and \(other) (group \(otherSG)) run in \(subA). "
            + (gateway
                ? "\(endpoint) is a gateway endpoint for S3 (prefix list \(pl)); DynamoDB has one too, on \(rt). \(appSG) allows outbound HTTPS inside the VPC"
                    + (has.contains(.noPrefixListRule) ? " only." : " and to \(pl) only.")
                : "\(endpoint) is an interface endpoint for \(serviceLabel) (\(service)) in \(endpointSubnets.replacing(",", with: " and "))"
                    + (has.contains(.defaultGroup) ? ", created without a security group" : ", with the group \(vpceSG)") + "."
                    + (restricted ? " \(appSG) allows outbound HTTPS inside the VPC only." : "")
                    + (customACL ? " \(subB) has a custom network ACL, \(acl)." : ""))
        let healthy =
            gateway
            ? "The S3 path that works without NAT: the gateway endpoint's prefix-list route in the subnets' route table, and an outbound rule to \(pl) in the instances' group when outbound is restricted. Replies are tracked."
            : "The interface endpoint path that works without NAT: private DNS on, so the service's name means the endpoint's private addresses; the endpoint's group admits 443 from the clients' group; custom ACLs on the endpoint's subnets let the replies out to ephemeral ports."
        if kind == .scenario {
            let fromOther = !gateway && r.chance(25)
            let source = fromOther ? other : app
            d.packet = flow(source, service, 443)
            d.stem = "\(source) calls \(serviceLabel) (\(service), HTTPS 443) by its usual name. Does the connection \(whichCheck)"
            if fromOther {
                // Only the app tier is admitted, unless the wrong-source fault admits exactly this one.
                let admitted = has.contains(.wrongSource)
                d.expected = has.contains(.privateDNSOff) ? "blocked at route-table-outbound" : (admitted ? (has.contains(.endpointNACL) ? "blocked at network-acl-outbound" : "allowed") : "blocked at security-group-inbound")
                d.topic = "sg-referencing"
                d.blockedByDesign = !admitted
                d.concept =
                    (admitted ? info(.wrongSource).concept : "The endpoint's group admits HTTPS from \(appSG) only, or is the VPC's default group, and \(other) carries neither: it is refused at the endpoint.")
                    + (has.contains(.privateDNSOff) ? " " + info(.privateDNSOff).concept : "")
                if has.contains(.privateDNSOff) { d.topic = "other-services" }
            } else {
                let checks: [(String, Bool, F?)] =
                    gateway
                    ? [
                        ("security-group-outbound", !has.contains(.noPrefixListRule), .noPrefixListRule),
                        ("route-table-outbound", !has.contains(.wrongRouteTable), .wrongRouteTable),
                    ]
                    : [
                        (restricted ? "security-group-outbound" : "route-table-outbound", !has.contains(.privateDNSOff), .privateDNSOff),
                        ("security-group-inbound", !has.contains(.defaultGroup), .defaultGroup),
                        ("security-group-inbound", !has.contains(.wrongSource), .wrongSource),
                        ("network-acl-outbound", !has.contains(.endpointNACL), .endpointNACL),
                    ]
                let failed = checks.first { !$0.1 }
                d.expected = failed.map { "blocked at \($0.0)" } ?? "allowed"
                let deciding = failed?.2
                if let deciding { d.topic = info(deciding).fault.topic }
                d.concept =
                    ((deciding.map { [info($0).concept] } ?? []) + faults.filter { $0 != deciding }.map { info($0).concept }
                    + (deciding == nil ? [healthy] : [])).joined(separator: " ")
            }
        } else {
            d.topic = info(faults[0]).fault.topic
            d.goal =
                gateway
                ? ["expect allowed \(flow(app, "s3", 443))", "expect blocked \(flow(app, "dynamodb", 443))"]
                : ["expect allowed \(flow(app, service, 443))", "expect blocked \(flow(other, service, 443))"]
            d.solution = faults.flatMap { info($0).fix }
            let order: [F] = [.noPrefixListRule, .wrongRouteTable, .privateDNSOff, .defaultGroup, .wrongSource, .endpointNACL]
            let first = order.first(where: has.contains) ?? faults[0]
            d.stem = stem(
                symptoms: [info(first).symptom],
                constraint: gateway
                    ? "Fix it without a NAT gateway, and keep \(app) to S3 (DynamoDB stays closed to it)."
                    : "Fix it without a NAT gateway, and keep the endpoint closed to \(other).")
            d.concept = (faults.map { info($0).concept } + [healthy]).joined(separator: " ")
        }
        return d
    }
}
