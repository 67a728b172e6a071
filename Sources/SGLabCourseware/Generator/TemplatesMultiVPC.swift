import SGLabCore

/// Templates beyond one VPC and IPv4 (aws-semantics.md decisions 23, 24 and 25; aws-services.md
/// §4, §6 and §7): two peered VPCs with a database that names the peer's group, two VPCs joined
/// by a transit gateway, and a dual-stack VPC with an IPv6 web server, an administration host and
/// an egress-only internet gateway.
extension Template {
    // MARK: VPC peering

    static func draftPeering(_ r: inout SplitMix64, _ kind: QuestionKind) -> Draft {
        enum F: String, CaseIterable {
            case noRouteA = "peer-route-missing-requester", noRouteB = "peer-route-missing-accepter"
            case cidrRule = "db-allows-peer-vpc-cidr", wrongGroup = "db-allows-other-peer-group"
            case deleted = "peering-deleted-stale-rule"
        }
        let (vpcA, vpcB) = r.pick([("app", "data"), ("front", "core"), ("shop", "records"), ("web", "backend")])
        let netA = Net.draw(&r, subnets: 1)
        var netB = Net.draw(&r, subnets: 1)
        // Peered VPCs never overlap (AWS refuses the peering): draw B again until it differs.
        while netB.vpc == netA.vpc { netB = Net.draw(&r, subnets: 1) }
        let subA = r.pick(["app-net", "apps", "workers"])
        let subB = r.pick(["db-net", "data-a", "storage"])
        let app = r.pick(Pools.appHost)
        let other = r.pick(["reports", "batch", "ops", "cron"])
        let (engine, port, launchKind) = r.pick(Pools.database)
        let db = r.pick(["db", "store", "cache", "ledger"])
        let (appSG, otherSG, dbSG) = ("\(app)-sg", "\(other)-sg", "\(db)-sg")
        let pcx = "\(vpcA)-\(vpcB)"
        let pcx2 = "\(pcx)-2"
        let (rtA, rtB) = ("\(vpcA)/main", "\(vpcB)/main")

        // A scenario asks about one flow; the faults it carries are those on that flow.
        let asked = kind == .scenario ? r.pick(["app", "app", "app", "other"]) : ""
        var faults = drawFaults(&r, F.allCases, kind: kind, exclusive: [[.cidrRule, .wrongGroup], [.deleted, .noRouteA, .noRouteB]])
        if asked == "other" { faults = faults.filter { $0 == .cidrRule || $0 == .wrongGroup } }
        let has = Set(faults)

        var s = [
            "vpc create \(vpcA) \(netA.vpc)",
            "vpc create \(vpcB) \(netB.vpc)",
            "subnet create \(subA) in \(vpcA) \(netA.subnet(0))",
            "subnet create \(subB) in \(vpcB) \(netB.subnet(0))",
            "sg create \(appSG) in \(vpcA) \"app servers\"",
            "sg create \(otherSG) in \(vpcA) \"\(other) host\"",
            "sg create \(dbSG) in \(vpcB) \"\(engine) database\"",
            "launch ec2 \(app) in \(subA) sg \(appSG)",
            "launch ec2 \(other) in \(subA) sg \(otherSG)",
            "launch \(launchKind) \(db) in \(subB) sg \(dbSG)",
            // aws-services.md §4: a peering is only a route target; each side needs its route.
            "peering create \(pcx) \(vpcA) \(vpcB)",
        ]
        if !has.contains(.noRouteA) { s.append("route add \(rtA) \(netB.vpc) via \(pcx)") }
        if !has.contains(.noRouteB) { s.append("route add \(rtB) \(netA.vpc) via \(pcx)") }
        // A rule may name a peer VPC's group only while an active peering joins them.
        if has.contains(.cidrRule) {
            s.append("sg allow \(dbSG) in tcp \(port) from \(netA.vpc) \"the \(vpcA) VPC\"")
        } else {
            s.append("sg allow \(dbSG) in tcp \(port) from \(vpcA)/\(has.contains(.wrongGroup) ? otherSG : appSG) \"from the \(vpcA) VPC\"")
        }
        if has.contains(.deleted) { s.append("peering delete \(pcx)") }

        func info(_ f: F) -> (fault: Fault, concept: String, symptom: String, fix: [String]) {
            switch f {
            case .noRouteA:
                return (
                    Fault(name: f.rawValue, topic: "routing", seed: [3], traps: [22]),
                    "A peering is only a route target: \(vpcA)'s route table needs a route for \(netB.vpc) through \(pcx), or the request never leaves \(subA) (Amazon VPC Peering Guide, \"Update your route tables for a VPC peering connection\").",
                    "Since \(pcx) was created, \(app) still cannot open a connection to \(db)",
                    ["route add \(rtA) \(netB.vpc) via \(pcx)"])
            case .noRouteB:
                return (
                    Fault(name: f.rawValue, topic: "routing", seed: [3], traps: [22]),
                    "Routes are needed on both sides: the request crosses \(pcx), but \(db)'s reply leaves \(vpcB) through \(vpcB)'s own route table, which has no route for \(netA.vpc) (Amazon VPC Peering Guide, \"Update your route tables for a VPC peering connection\").",
                    "\(db) receives \(app)'s connection attempts, but \(app) never gets an answer",
                    ["route add \(rtB) \(netA.vpc) via \(pcx)"])
            case .cidrRule:
                return (
                    Fault(name: f.rawValue, topic: "sg-referencing", seed: [11, 20], traps: [20]),
                    "\(dbSG) admits \(engine) from the whole of \(vpcA), \(netA.vpc): \(other) gets in too. Across an active peering in the same Region, the rule can name \(vpcA)'s group \(appSG) instead, which admits exactly its members (Amazon VPC Peering Guide, \"Update your security groups to reference peer security groups\").",
                    "A security review found that \(other), in \(vpcA), can reach \(db) on TCP \(port)",
                    ["sg revoke \(dbSG) in tcp \(port) from \(netA.vpc)", "sg allow \(dbSG) in tcp \(port) from \(vpcA)/\(appSG)"])
            case .wrongGroup:
                return (
                    Fault(name: f.rawValue, topic: "sg-referencing", seed: [11], traps: [20]),
                    "\(dbSG) names \(vpcA)'s group \(otherSG), not \(appSG): a reference to a peer VPC's group admits exactly that group's members, so \(app) is refused and \(other) is let in.",
                    "\(app) is refused by \(db) while \(other) can connect",
                    ["sg revoke \(dbSG) in tcp \(port) from \(vpcA)/\(otherSG)", "sg allow \(dbSG) in tcp \(port) from \(vpcA)/\(appSG)"])
            case .deleted:
                return (
                    Fault(name: f.rawValue, topic: "sg-referencing", seed: [11, 3], traps: [22]),
                    "\(pcx) was deleted: the routes to it stay as blackholes, and \(dbSG)'s rule naming \(vpcA)'s group stays too, stale, matching nothing (DescribeStaleSecurityGroups lists it). A new peering, with both routes pointed at it, makes the rule match again (Amazon VPC Peering Guide, \"Identify your referenced security groups\").",
                    "After a clean-up deleted the peering \(pcx), \(app) cannot reach \(db) any more",
                    ["peering create \(pcx2) \(vpcA) \(vpcB)", "route replace \(rtA) \(netB.vpc) via \(pcx2)", "route replace \(rtB) \(netA.vpc) via \(pcx2)"])
            }
        }

        var d = Draft(template: .peering, kind: kind, topic: "routing")
        d.script = s
        d.faults = faults.map(\.rawValue)
        d.tag(seed: [11, 3], traps: [22])
        for f in faults { d.tag(seed: info(f).fault.seed, traps: info(f).fault.traps) }
        d.difficulty = 2 + min(1, faults.count)
        d.body =
            "VPC \(vpcA) (\(netA.vpc)) runs \(app) (group \(appSG)) and \(other) (group \(otherSG)) in \(subA). VPC \(vpcB) (\(netB.vpc)) runs the \(engine) database \(db) (group \(dbSG)) in \(subB). The two VPCs, in the same account and Region, are connected by the peering \(pcx)"
            + (has.contains(.deleted) ? ", which someone has since deleted." : ".")
        let healthy =
            "The design that works: an active peering, a route for the other VPC's block through it on each side, and \(dbSG) admitting \(engine) from \(vpcA)'s group \(appSG), which admits exactly the app servers."

        if kind == .scenario {
            let source = asked == "other" ? other : app
            d.packet = flow(source, db, port)
            d.stem = "\(source) opens \(engine) (TCP \(port)) to \(db) in the peer VPC. Does the connection \(whichCheck)"
            if asked == "other" {
                let admitted = has.contains(.cidrRule) || has.contains(.wrongGroup)
                d.expected = admitted ? "allowed" : "blocked at security-group-inbound"
                d.topic = "sg-referencing"
                d.blockedByDesign = !admitted
                d.concept =
                    faults.first.map { info($0).concept }
                    ?? "\(dbSG) admits \(vpcA)'s group \(appSG) only, and \(other) carries \(otherSG): the peer reference admits members of that group, not every host of the peer VPC. \(other) is refused, as intended."
            } else {
                let checks: [(String, Bool, F?)] = [
                    ("route-table-outbound", !has.contains(.noRouteA), .noRouteA),
                    ("route-table-outbound", !has.contains(.deleted), .deleted),
                    ("security-group-inbound", !has.contains(.wrongGroup), .wrongGroup),
                    ("route-table-outbound", !has.contains(.noRouteB), .noRouteB),
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
            d.goal = ["expect allowed \(flow(app, db, port))", "expect blocked \(flow(other, db, port))"]
            // The new peering first: a rule can name the peer's group only across an active one.
            let order: [F] = [.deleted, .noRouteA, .noRouteB, .cidrRule, .wrongGroup]
            d.solution = order.filter(has.contains).flatMap { info($0).fix }
            d.stem = stem(
                symptoms: order.filter(has.contains).map { info($0).symptom },
                constraint: "Fix it so that \(app) reaches \(db) on TCP \(port) across the peering, and \(other) does not.")
            d.concept = (faults.map { info($0).concept } + [healthy]).joined(separator: " ")
        }
        return d
    }

    // MARK: IPv6, dual stack

    static func draftDualStack(_ r: inout SplitMix64, _ kind: QuestionKind) -> Draft {
        enum F: String, CaseIterable {
            case noV6Route = "no-ipv6-default-route", noV6Rule = "sg-ipv4-only-rule", naclV4Only = "nacl-ipv4-entries-only"
            case adminExposed = "admin-open-to-ipv6-internet"
            case noEigwRoute = "no-egress-only-route", workerEgressV4 = "worker-group-ipv4-egress-only"
        }
        let vpc = r.pick(Pools.vpc)
        let net = Net.draw(&r, subnets: 3)
        let pub = r.pick(Pools.publicSubnet)
        let mgmt = r.pick(["mgmt", "admin-net", "ops-net"])
        let priv = r.pick(Pools.privateSubnet)
        let gw = r.pick(Pools.igw)
        let pubRT = r.pick(Pools.publicRT)
        let privRT = r.pick(Pools.privateRT)
        let acl = r.pick(Pools.nacl)
        let eigw = r.pick(["out6", "egress6", "v6-out"])
        let web = r.pick(Pools.webHost)
        let admin = r.pick(["admin", "bastion", "jump"])
        let worker = r.pick(["worker", "batch", "builder"])
        let (webSG, adminSG, workerSG) = ("\(web)-sg", "\(admin)-sg", "\(worker)-sg")
        let (label, port) = r.pick(Pools.webService)

        // A scenario asks about one flow and keeps the faults on it.
        let asked = kind == .scenario ? r.pick(["web", "web", "admin", "worker"]) : ""
        let onFlow: [String: [F]] = [
            "web": [.noV6Route, .noV6Rule, .naclV4Only], "admin": [.adminExposed], "worker": [.noEigwRoute, .workerEgressV4],
        ]
        let pool = kind == .scenario ? onFlow[asked] ?? F.allCases : F.allCases
        let faults = drawFaults(&r, pool, kind: kind, allowTwo: pool.count > 1)
        let has = Set(faults)
        let customACL = has.contains(.naclV4Only) || ((kind == .fixit || asked == "web") && r.chance(35))

        var s = [
            "vpc create \(vpc) \(net.vpc)",
            // aws-semantics.md decision 25: an Amazon-provided /56 for the VPC, a /64 per subnet.
            "vpc ipv6 \(vpc)",
            "subnet create \(pub) in \(vpc) \(net.subnet(0))",
            "subnet create \(mgmt) in \(vpc) \(net.subnet(1))",
            "subnet create \(priv) in \(vpc) \(net.subnet(2))",
            "subnet ipv6 \(pub)",
            "subnet ipv6 \(mgmt)",
            "subnet ipv6 \(priv)",
            "igw create \(gw) in \(vpc)",
            "rt create \(pubRT) in \(vpc)",
            "route add \(pubRT) 0.0.0.0/0 via \(gw)",
        ]
        // Routes are chosen per family: 0.0.0.0/0 never covers an IPv6 destination.
        if !has.contains(.noV6Route) { s.append("route add \(pubRT) ::/0 via \(gw)") }
        s += [
            "rt associate \(pubRT) \(pub)",
            "rt associate \(pubRT) \(mgmt)",
            "eigw create \(eigw) in \(vpc)",
            "rt create \(privRT) in \(vpc)",
        ]
        if !has.contains(.noEigwRoute) { s.append("route add \(privRT) ::/0 via \(eigw)") }
        s += [
            "rt associate \(privRT) \(priv)",
            "sg create \(webSG) in \(vpc) \"web servers\"",
            "sg allow \(webSG) in tcp \(port) from 0.0.0.0/0",
        ]
        // Security-group rules are per family too: 0.0.0.0/0 does not cover IPv6 sources.
        if !has.contains(.noV6Rule) { s.append("sg allow \(webSG) in tcp \(port) from ::/0") }
        s += [
            "sg create \(adminSG) in \(vpc) \"administration\"",
            "sg allow \(adminSG) in tcp 22 from \(net.vpc) \"ssh from the VPC\"",
        ]
        if has.contains(.adminExposed) { s.append("sg allow \(adminSG) in tcp 22 from ::/0 \"temporary test\"") }
        // A new custom group's default outbound rule covers IPv4 only (aws-services.md §6).
        s.append("sg create \(workerSG) in \(vpc) \"batch workers\"")
        if !has.contains(.workerEgressV4) { s.append("sg allow \(workerSG) out tcp 443 to ::/0") }
        if customACL {
            s += [
                "nacl create \(acl) in \(vpc)",
                "nacl add \(acl) in 100 allow tcp \(port) from 0.0.0.0/0",
                "nacl add \(acl) out 100 allow tcp 1024-65535 to 0.0.0.0/0",
            ]
            // A network ACL's IPv4 entries never match IPv6 traffic.
            if !has.contains(.naclV4Only) {
                s += ["nacl add \(acl) in 110 allow tcp \(port) from ::/0", "nacl add \(acl) out 110 allow tcp 1024-65535 to ::/0"]
            }
            s.append("nacl associate \(acl) \(pub)")
        }
        s += [
            "launch ec2 \(web) in \(pub) sg \(webSG) public-ip ipv6",
            "launch ec2 \(admin) in \(mgmt) sg \(adminSG) ipv6",
            "launch ec2 \(worker) in \(priv) sg \(workerSG) ipv6",
        ]

        func info(_ f: F) -> (fault: Fault, concept: String, symptom: String, fix: [String]) {
            switch f {
            case .noV6Route:
                return (
                    Fault(name: f.rawValue, topic: "routing", seed: [3, 12], traps: [11]),
                    "\(pubRT) sends 0.0.0.0/0 to \(gw) but has nothing for IPv6: routes are chosen per address family, so an IPv6 client's request gets in through the local route while \(web)'s reply finds no route out. IPv6 needs ::/0 to the internet gateway too (Amazon VPC User Guide, \"Route tables\").",
                    "IPv6 clients time out on \(web) while IPv4 clients are served",
                    ["route add \(pubRT) ::/0 via \(gw)"])
            case .noV6Rule:
                return (
                    Fault(name: f.rawValue, topic: "rules", seed: [6, 12], traps: []),
                    "\(webSG) allows TCP \(port) from 0.0.0.0/0 only, and 0.0.0.0/0 covers no IPv6 address: IPv6 clients need a rule of their own, from ::/0 (Amazon VPC User Guide, \"Security group rules\").",
                    "IPv6 clients time out on \(web) while IPv4 clients are served",
                    ["sg allow \(webSG) in tcp \(port) from ::/0"])
            case .naclV4Only:
                return (
                    Fault(name: f.rawValue, topic: "nacl", seed: [13], traps: [3]),
                    "\(acl) has IPv4 entries only: a network ACL matches IPv6 traffic only with IPv6 entries, so IPv6 requests meet the final deny. It needs TCP \(port) in from ::/0 and, stateless, the replies' ports 1024-65535 out to ::/0 (Amazon VPC User Guide, \"Control subnet traffic with network access control lists\").",
                    "IPv6 clients time out on \(web) while IPv4 clients are served",
                    ["nacl add \(acl) in 110 allow tcp \(port) from ::/0", "nacl add \(acl) out 110 allow tcp 1024-65535 to ::/0"])
            case .adminExposed:
                return (
                    Fault(name: f.rawValue, topic: "internet-gateway", seed: [12, 19], traps: [12]),
                    "\(admin) has no public IPv4 address, but its IPv6 address is global and \(mgmt) routes ::/0 to \(gw): with \(adminSG) admitting SSH from ::/0, anyone on the IPv6 internet can connect. The internet gateway translates nothing for IPv6 (Amazon VPC User Guide, \"Enable internet access for a VPC using an internet gateway\").",
                    "A scan from the internet found SSH open on \(admin)'s IPv6 address, although \(admin) has no public IP",
                    ["sg revoke \(adminSG) in tcp 22 from ::/0"])
            case .noEigwRoute:
                return (
                    Fault(name: f.rawValue, topic: "routing", seed: [3, 12], traps: [17]),
                    "\(eigw), the egress-only internet gateway, exists, but \(privRT) has no ::/0 route to it, so \(worker)'s IPv6 traffic has nowhere to go. The route to the egress-only gateway lets connections out and their replies back, and nothing in (Amazon VPC User Guide, \"Enable outbound IPv6 traffic using an egress-only internet gateway\").",
                    "\(worker) cannot download its updates over IPv6",
                    ["route add \(privRT) ::/0 via \(eigw)"])
            case .workerEgressV4:
                return (
                    Fault(name: f.rawValue, topic: "inbound-outbound", seed: [7, 12], traps: [6]),
                    "\(workerSG) has only the default outbound rule of a new group, which covers IPv4: \(worker)'s HTTPS to an IPv6 address matches no outbound rule. It needs TCP 443 out to ::/0 (Amazon VPC User Guide, \"Security group rules\").",
                    "\(worker) cannot download its updates over IPv6",
                    ["sg allow \(workerSG) out tcp 443 to ::/0"])
            }
        }

        var d = Draft(template: .dualStack, kind: kind, topic: "internet-gateway")
        d.script = s
        d.faults = faults.map(\.rawValue)
        d.tag(seed: [12, 3], traps: [17])
        for f in faults { d.tag(seed: info(f).fault.seed, traps: info(f).fault.traps) }
        d.difficulty = 2 + min(1, faults.count)
        d.body =
            "VPC \(vpc) (\(net.vpc)) has an Amazon-provided IPv6 block, the internet gateway \(gw) and the egress-only internet gateway \(eigw). \(web) serves \(label) on TCP \(port) in \(pub), with a public IPv4 and an IPv6 address; \(admin), in \(mgmt), has an IPv6 address and no public IPv4 address; \(pub) and \(mgmt) both use the route table \(pubRT). \(worker) runs in \(priv), whose route table is \(privRT)."
            + (customACL ? " \(pub) has a custom network ACL, \(acl)." : "")
        let healthyWeb =
            "Dual stack means every IPv4 setting has an IPv6 twin: ::/0 beside 0.0.0.0/0 in the public route table, in the group's rules and in the network ACL's entries."
        let healthyWorker =
            "Out only, over IPv6: ::/0 to the egress-only gateway in the private route table, and an outbound rule for IPv6 in the group, since a new group's default one covers IPv4 only."
        let healthy = healthyWeb + " " + healthyWorker + " And no rule for ::/0 where the internet must not get in."

        if kind == .scenario {
            switch asked {
            case "admin":
                d.packet = flow("internet6", admin, 22)
                d.stem = "A host on the IPv6 internet (2001:db8::10) opens SSH to \(admin), which has no public IPv4 address. Does the connection \(whichCheck)"
                d.expected = has.contains(.adminExposed) ? "allowed" : "blocked at security-group-inbound"
                d.topic = "internet-gateway"
                d.blockedByDesign = !has.contains(.adminExposed)
                d.concept =
                    has.contains(.adminExposed)
                    ? info(.adminExposed).concept
                    : "\(adminSG) admits SSH from the VPC's IPv4 block only: the request reaches \(admin) through \(gw), since its IPv6 address is global, and the group refuses it, as intended. No public IPv4 address is no protection over IPv6: the rules are."
            case "worker":
                d.packet = flow(worker, "internet6", 443)
                d.stem = "\(worker) downloads updates over HTTPS from the IPv6 internet (2001:db8::10). Does the connection \(whichCheck)"
                let checks: [(String, Bool, F?)] = [
                    ("security-group-outbound", !has.contains(.workerEgressV4), .workerEgressV4),
                    ("route-table-outbound", !has.contains(.noEigwRoute), .noEigwRoute),
                ]
                let failed = checks.first { !$0.1 }
                d.expected = failed.map { "blocked at \($0.0)" } ?? "allowed"
                if let deciding = failed?.2 { d.topic = info(deciding).fault.topic }
                d.concept =
                    faults.isEmpty
                    ? "\(workerSG) allows HTTPS out to ::/0 and \(privRT) sends ::/0 to the egress-only gateway \(eigw), which lets the connection out and its reply back. " + healthyWorker
                    : faults.map { info($0).concept }.joined(separator: " ")
            default:
                d.packet = flow("internet6", web, port)
                d.stem = "A client on the IPv6 internet (2001:db8::10) opens \(label) (TCP \(port)) to \(web). Does the request \(whichCheck)"
                let checks: [(String, Bool, F?)] = [
                    ("network-acl-inbound", !has.contains(.naclV4Only), .naclV4Only),
                    ("security-group-inbound", !has.contains(.noV6Rule), .noV6Rule),
                    ("route-table-outbound", !has.contains(.noV6Route), .noV6Route),
                ]
                let failed = checks.first { !$0.1 }
                d.expected = failed.map { "blocked at \($0.0)" } ?? "allowed"
                let deciding = failed?.2
                if let deciding { d.topic = info(deciding).fault.topic }
                d.concept =
                    ((deciding.map { [info($0).concept] } ?? [])
                    + faults.filter { $0 != deciding }.map { info($0).concept } + (deciding == nil ? [healthyWeb] : []))
                    .joined(separator: " ")
            }
        } else {
            d.topic = info(faults[0]).fault.topic
            d.goal = [
                "expect allowed \(flow("internet6", web, port))",
                "expect allowed \(flow("internet", web, port))",
                "expect blocked \(flow("internet6", admin, 22))",
                "expect allowed \(flow(worker, "internet6", 443))",
            ]
            d.solution = faults.flatMap { info($0).fix }
            d.stem = stem(
                symptoms: faults.map { info($0).symptom },
                constraint: "Fix it so that \(web) serves both IPv4 and IPv6 clients, \(worker) reaches the IPv6 internet, and nothing on the internet can open SSH to \(admin).")
            d.concept = (faults.map { info($0).concept } + [healthy]).joined(separator: " ")
        }
        return d
    }

    // MARK: Transit gateway

    static func draftTransitGateway(_ r: inout SplitMix64, _ kind: QuestionKind) -> Draft {
        enum F: String, CaseIterable {
            case noRouteA = "tgw-vpc-route-missing-requester", noRouteB = "tgw-vpc-route-missing-accepter"
            case zone = "tgw-attachment-missing-zone", referencingOff = "tgw-referencing-off"
            case blackhole = "tgw-blackhole-route", isolated = "tgw-isolated-route-table"
        }
        let (vpcA, vpcB) = r.pick([("apps", "services"), ("dev", "shared"), ("spoke", "central"), ("retail", "payments")])
        let netA = Net.draw(&r, subnets: 2)
        var netB = Net.draw(&r, subnets: 1)
        while netB.vpc == netA.vpc { netB = Net.draw(&r, subnets: 1) }
        let hub = r.pick(["hub", "core-tgw", "transit"])
        let (tgwSub, appSub, svcSub) = ("\(vpcA)-tgw", "\(vpcA)-app", "\(vpcB)-svc")
        let (attA, attB) = ("\(hub)-\(vpcA)", "\(hub)-\(vpcB)")
        let table = "\(hub)-default"
        let isolatedTable = r.pick(["isolated", "spokes", "app-routes"])
        let app = r.pick(Pools.appHost)
        let other = r.pick(["reports", "batch", "ops", "cron"])
        let svc = r.pick(["api-svc", "billing", "search", "auth"])
        let (appSG, otherSG, svcSG) = ("\(app)-sg", "\(other)-sg", "\(svc)-sg")
        let port = r.pick([443, 443, 8443, 9000])
        let (rtA, rtB) = ("\(vpcA)/main", "\(vpcB)/main")

        let faults = drawFaults(&r, F.allCases, kind: kind, exclusive: [[.blackhole, .isolated]])
        let has = Set(faults)
        // aws-services.md §7: traffic enters the transit gateway only in zones where the
        // attachment has a subnet.
        let appZone = has.contains(.zone) ? "us-east-1c" : "us-east-1a"

        var s = [
            "vpc create \(vpcA) \(netA.vpc)",
            "vpc create \(vpcB) \(netB.vpc)",
            "subnet create \(tgwSub) in \(vpcA) \(netA.subnet(0)) az us-east-1a",
            "subnet create \(appSub) in \(vpcA) \(netA.subnet(1)) az \(appZone)",
            "subnet create \(svcSub) in \(vpcB) \(netB.subnet(0)) az us-east-1a",
            "sg create \(appSG) in \(vpcA) \"app servers\"",
            "sg create \(otherSG) in \(vpcA) \"\(other) host\"",
            "sg create \(svcSG) in \(vpcB) \"\(svc) service\"",
            "launch ec2 \(app) in \(appSub) sg \(appSG)",
            "launch ec2 \(other) in \(appSub) sg \(otherSG)",
            "launch ec2 \(svc) in \(svcSub) sg \(svcSG)",
            "tgw create \(hub) sg-referencing on",
            "tgw attach \(hub) \(vpcA) in \(tgwSub)",
            "tgw attach \(hub) \(vpcB) in \(svcSub)",
        ]
        // VPC route tables send the other VPC's block to the transit gateway, on both sides.
        if !has.contains(.noRouteA) { s.append("route add \(rtA) \(netB.vpc) via \(hub)") }
        if !has.contains(.noRouteB) { s.append("route add \(rtB) \(netA.vpc) via \(hub)") }
        // Inbound rules may name a group of another attached VPC while referencing is on (2024).
        s.append("sg allow \(svcSG) in tcp \(port) from \(vpcA)/\(appSG) \"app servers across \(hub)\"")
        if has.contains(.referencingOff) { s.append("tgw set \(hub) sg-referencing off") }
        if has.contains(.blackhole) { s.append("tgw-route add \(table) \(netB.vpc) blackhole") }
        if has.contains(.isolated) { s += ["tgw-rt create \(isolatedTable) in \(hub)", "tgw-rt associate \(isolatedTable) \(attA)"] }

        func info(_ f: F) -> (fault: Fault, concept: String, symptom: String, fix: [String]) {
            switch f {
            case .noRouteA:
                return (
                    Fault(name: f.rawValue, topic: "routing", seed: [3], traps: []),
                    "Attaching a VPC adds no route to its route tables: \(vpcA)'s table needs \(netB.vpc) through \(hub), or the request never leaves \(appSub) (Amazon VPC Transit Gateways, \"Transit gateway attachments to a VPC\").",
                    "\(app) cannot reach \(svc) since both VPCs were attached to \(hub)",
                    ["route add \(rtA) \(netB.vpc) via \(hub)"])
            case .noRouteB:
                return (
                    Fault(name: f.rawValue, topic: "routing", seed: [3], traps: []),
                    "Routes are needed on both sides, as with a peering: \(svc)'s reply leaves \(vpcB) through \(vpcB)'s own route table, which has no route for \(netA.vpc) through \(hub).",
                    "\(svc) receives \(app)'s connection attempts, but \(app) never gets an answer",
                    ["route add \(rtB) \(netA.vpc) via \(hub)"])
            case .zone:
                return (
                    Fault(name: f.rawValue, topic: "routing", seed: [3], traps: []),
                    "\(attA) has a subnet in us-east-1a only, and \(app) runs in us-east-1c: traffic enters a transit gateway only in zones where the attachment has a subnet (Amazon VPC Transit Gateways, \"Amazon VPC attachments in AWS Transit Gateway\"). The attachment needs a subnet in us-east-1c as well.",
                    "\(app), in us-east-1c, cannot reach \(svc) although its route table sends \(netB.vpc) to \(hub)",
                    ["tgw detach \(attA)", "tgw attach \(hub) \(vpcA) in \(tgwSub),\(appSub) as \(attA)"])
            case .referencingOff:
                return (
                    Fault(name: f.rawValue, topic: "sg-referencing", seed: [11], traps: []),
                    "\(svcSG)'s rule names \(vpcA)'s group \(appSG), and such a rule matches across a transit gateway only while security group referencing is on for it; turned off, the rule is stale and matches nothing (Amazon VPC Transit Gateways, \"Security group referencing\").",
                    "Since someone turned off security group referencing on \(hub), \(app) is refused by \(svc)",
                    ["tgw set \(hub) sg-referencing on"])
            case .blackhole:
                return (
                    Fault(name: f.rawValue, topic: "routing", seed: [3, 16], traps: []),
                    "\(table) has a static blackhole route for \(netB.vpc): it wins over the route propagated from \(attB), and the transit gateway drops the traffic (Amazon VPC Transit Gateways, \"Transit gateway route tables\").",
                    "\(app) cannot reach \(svc) since a change to \(hub)'s route table",
                    ["tgw-route delete \(table) \(netB.vpc)"])
            case .isolated:
                return (
                    Fault(name: f.rawValue, topic: "routing", seed: [3, 16], traps: []),
                    "\(attA) is associated with \(isolatedTable), which holds no route to \(vpcB): the table an attachment is associated with decides where its traffic can go, and nothing propagates into \(isolatedTable) (Amazon VPC Transit Gateways, \"Transit gateway route tables\").",
                    "Since \(attA) was moved to the route table \(isolatedTable), \(app) cannot reach \(svc)",
                    ["tgw-rt propagate \(isolatedTable) \(attB)"])
            }
        }

        var d = Draft(template: .transitGateway, kind: kind, topic: "routing")
        d.script = s
        d.faults = faults.map(\.rawValue)
        d.tag(seed: [3, 11], traps: [22])
        for f in faults { d.tag(seed: info(f).fault.seed, traps: info(f).fault.traps) }
        d.difficulty = 2 + min(1, faults.count)
        d.body =
            "VPC \(vpcA) (\(netA.vpc)) runs \(app) (group \(appSG)) and \(other) (group \(otherSG)) in \(appSub), in \(appZone). VPC \(vpcB) (\(netB.vpc)) runs \(svc) (group \(svcSG)), which admits TCP \(port) from \(vpcA)'s group \(appSG). Both VPCs are attached to the transit gateway \(hub): \(attA) through \(tgwSub) (us-east-1a), \(attB) through \(svcSub)."
        let healthy =
            "The design that works: each VPC attached with a subnet in every zone it sends from, both attachments associated with and propagating to a route table of \(hub), a route to the other VPC's block through \(hub) on each side, and security group referencing on, so that \(svcSG) can admit \(appSG) by name."

        if kind == .scenario {
            d.packet = flow(app, svc, port)
            d.stem = "\(app) opens TCP \(port) to \(svc) in the other VPC, through \(hub). Does the connection \(whichCheck)"
            let checks: [(String, Bool, F?)] = [
                ("route-table-outbound", !has.contains(.noRouteA), .noRouteA),
                ("route-table-outbound", !has.contains(.zone), .zone),
                ("route-table-outbound", !has.contains(.blackhole), .blackhole),
                ("route-table-outbound", !has.contains(.isolated), .isolated),
                ("security-group-inbound", !has.contains(.referencingOff), .referencingOff),
                ("route-table-outbound", !has.contains(.noRouteB), .noRouteB),
            ]
            let failed = checks.first { !$0.1 }
            d.expected = failed.map { "blocked at \($0.0)" } ?? "allowed"
            let deciding = failed?.2
            if let deciding { d.topic = info(deciding).fault.topic }
            d.concept =
                ((deciding.map { [info($0).concept] } ?? [])
                + faults.filter { $0 != deciding }.map { info($0).concept } + (deciding == nil ? [healthy] : []))
                .joined(separator: " ")
        } else {
            d.topic = info(faults[0]).fault.topic
            d.goal = ["expect allowed \(flow(app, svc, port))", "expect blocked \(flow(other, svc, port))"]
            let order: [F] = [.zone, .noRouteA, .noRouteB, .blackhole, .isolated, .referencingOff]
            d.solution = order.filter(has.contains).flatMap { info($0).fix }
            d.stem = stem(
                symptoms: order.filter(has.contains).map { info($0).symptom },
                constraint: "Fix it so that \(app) reaches \(svc) on TCP \(port) through \(hub), and \(other) does not.")
            d.concept = (faults.map { info($0).concept } + [healthy]).joined(separator: " ")
        }
        return d
    }
}
