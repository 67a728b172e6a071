import SGLabCore

/// Templates about private subnets reaching the internet: the NAT path and blackhole routes.
extension Template {
    // MARK: NAT path

    static func draftNatPath(_ r: inout SplitMix64, _ kind: QuestionKind) -> Draft {
        enum F: String, CaseIterable {
            case natInPrivate = "nat-in-private-subnet", noPrivateRoute = "no-private-route"
            case publicNACL = "public-nacl-no-ephemeral"
        }
        let vpc = r.pick(Pools.vpc)
        let net = Net.draw(&r, subnets: 3)
        let pub = r.pick(Pools.publicSubnet)
        let priv = r.pick(Pools.privateSubnet)
        let natNet = r.pick(["natnet", "egress-net", "shared"])
        let gw = r.pick(Pools.igw)
        let pubRT = r.pick(Pools.publicRT)
        let privRT = r.pick(Pools.privateRT)
        let acl = r.pick(Pools.nacl)
        let nat = r.pick(Pools.nat)
        let app = r.pick(Pools.appHost)
        let appSG = "\(app)-sg"
        let out = Outside.draw(&r)
        let faults = drawFaults(
            &r, F.allCases, kind: kind, exclusive: [[.natInPrivate, .noPrivateRoute], [.natInPrivate, .publicNACL]])
        let has = Set(faults)
        let natInSameSubnet = r.chance(50)
        let routeMissing = r.chance(50)  // else: the private route table is not associated
        let partialRange = r.chance(40)
        let customACL = has.contains(.publicNACL) || (!has.contains(.natInPrivate) && r.chance(30))
        let restricted = kind == .fixit || r.chance(50)
        let natSubnet = has.contains(.natInPrivate) ? (natInSameSubnet ? priv : natNet) : pub

        var s = [
            "vpc create \(vpc) \(net.vpc)",
            "subnet create \(pub) in \(vpc) \(net.subnet(0))",
            "subnet create \(priv) in \(vpc) \(net.subnet(1))",
        ]
        if has.contains(.natInPrivate) && !natInSameSubnet { s.append("subnet create \(natNet) in \(vpc) \(net.subnet(2))") }
        s += [
            "igw create \(gw) in \(vpc)",
            "rt create \(pubRT) in \(vpc)",
            "route add \(pubRT) 0.0.0.0/0 via \(gw)",
            "rt associate \(pubRT) \(pub)",
            "nat create \(nat) in \(natSubnet)",
            "rt create \(privRT) in \(vpc)",
        ]
        if !(has.contains(.noPrivateRoute) && routeMissing) { s.append("route add \(privRT) 0.0.0.0/0 via \(nat)") }
        if !(has.contains(.noPrivateRoute) && !routeMissing) { s.append("rt associate \(privRT) \(priv)") }
        s.append("sg create \(appSG) in \(vpc) \"app servers\"")
        if restricted {
            s += [
                "sg revoke \(appSG) out all to 0.0.0.0/0",
                "sg allow \(appSG) out tcp 443 to 0.0.0.0/0",
                "sg allow \(appSG) out tcp 80 to 0.0.0.0/0",
            ]
        }
        if customACL {
            s += [
                "nacl create \(acl) in \(vpc)",
                "nacl associate \(acl) \(pub)",
                "nacl add \(acl) in 100 allow tcp 80 from 0.0.0.0/0",
                "nacl add \(acl) in 110 allow tcp 443 from 0.0.0.0/0",
            ]
            if !has.contains(.publicNACL) {
                s.append("nacl add \(acl) in 140 allow tcp 1024-65535 from 0.0.0.0/0")
            } else if partialRange {
                s.append("nacl add \(acl) in 140 allow tcp 32768-65535 from 0.0.0.0/0")
            }
            s += [
                "nacl add \(acl) out 100 allow tcp 80 to 0.0.0.0/0",
                "nacl add \(acl) out 110 allow tcp 443 to 0.0.0.0/0",
                "nacl add \(acl) out 140 allow tcp 32768-65535 to 0.0.0.0/0",
            ]
        }
        s.append("launch ec2 \(app) in \(priv) sg \(appSG)")

        func info(_ f: F) -> (fault: Fault, concept: String, symptom: String, fix: [String]) {
            switch f {
            case .natInPrivate:
                return (
                    Fault(name: f.rawValue, topic: "nat", seed: [3, 19], traps: [14]),
                    "A zonal public NAT gateway (the default kind, and the one modelled here) must sit in a PUBLIC subnet: its own subnet's route table needs 0.0.0.0/0 to the internet gateway (exam trap 14; a regional NAT gateway, November 2025, needs no public subnet). \(nat) is in \(natSubnet), whose route table sends internet traffic "
                        + (natInSameSubnet ? "back to the NAT gateway itself." : "nowhere (it is on the main route table, local route only)."),
                    "\(app) in the private subnet cannot reach anything on the internet, although a NAT gateway was set up for it",
                    natInSameSubnet
                        ? ["nat create \(nat)-2 in \(pub)", "route replace \(privRT) 0.0.0.0/0 via \(nat)-2"]
                        : ["rt associate \(pubRT) \(natNet)"])
            case .noPrivateRoute:
                return (
                    Fault(name: f.rawValue, topic: "nat", seed: [3, 19], traps: [13]),
                    "Private instances reach the internet through a NAT gateway only when their subnet's route table sends 0.0.0.0/0 to it (exam trap 13). "
                        + (routeMissing
                            ? "\(privRT) is associated with \(priv) but holds only the local route."
                            : "\(privRT) has the route, but \(priv) was never associated with it and still uses the main route table."),
                    "\(app) cannot download its packages: every connection to the internet fails at once",
                    routeMissing ? ["route add \(privRT) 0.0.0.0/0 via \(nat)"] : ["rt associate \(privRT) \(priv)"])
            case .publicNACL:
                return (
                    Fault(name: f.rawValue, topic: "nacl", seed: [13], traps: [3, 34]),
                    "The reply comes back to the NAT gateway's own port, which it picks anywhere in 1024-65535, not to \(app)'s port: the public subnet's network ACL must allow TCP 1024-65535 inbound (the AWS NAT scenario's rule 140; exam trap 34)"
                        + (partialRange ? ", and 32768-65535 leaves 1024-32767 to the `*` deny." : ".")
                        + " The NAT gateway has no security group to help (exam trap 15): on its side, only the network ACL filters.",
                    "\(app)'s downloads through the NAT gateway hang, waiting for replies that never come",
                    ["nacl add \(acl) in 130 allow tcp 1024-65535 from 0.0.0.0/0"])
            }
        }

        var d = Draft(template: .natPath, kind: kind, topic: "nat")
        d.script = s
        d.faults = faults.map(\.rawValue)
        d.tag(seed: [3], traps: [13])
        for f in faults { d.tag(seed: info(f).fault.seed, traps: info(f).fault.traps) }
        d.difficulty = 2 + min(1, faults.count)
        d.body =
            "\(app) runs in the private subnet \(priv) and reaches the internet through the NAT gateway \(nat) (in \(natSubnet)); \(pub) is the public subnet, routed to \(gw) by \(pubRT)."
            + (restricted ? " \(appSG) allows outbound HTTPS and HTTP only." : "")
            + (customACL ? " \(pub) has a custom network ACL, \(acl)." : "")
        let healthy =
            "The working NAT path: the private route table sends 0.0.0.0/0 to the NAT gateway; the zonal NAT gateway sits in a public subnet whose route table sends 0.0.0.0/0 to the internet gateway; the public network ACL lets the replies in on 1024-65535. \(appSG) lets the replies in by connection tracking."

        if kind == .scenario {
            let appPort = ClientKind.linux.port(&r)
            var options = ["out", "out", "out", "into-nat", "into-app"]
            if restricted { options.append("ssh-out") }
            switch r.pick(options) {
            case "into-nat":
                let p = r.pick([80, 443])
                d.packet = flow("internet", nat, p)
                d.stem = "An internet client opens TCP \(p) to \(nat)'s Elastic IP, hoping to reach \(app) behind it. Does the connection \(whichCheck)"
                d.expected = "blocked at nat-gateway-inbound"
                d.tag(seed: [], traps: [16])
                d.concept =
                    "A NAT gateway carries only connections started from inside; nothing on the internet can start one through it (exam trap 16). Reach private instances through a load balancer or a bastion."
                d.difficulty = 2
            case "into-app":
                d.packet = flow("internet", app, 22)
                d.stem = "An internet client tries SSH to \(app). Does the connection \(whichCheck)"
                d.expected = "blocked at internet-gateway-inbound"
                d.tag(seed: [], traps: [12, 16])
                d.concept =
                    "\(app) has no public address: nothing on the internet maps to it, so the internet gateway has nowhere to deliver the packet, and the NAT gateway never accepts connections from outside (exam trap 16)."
                d.difficulty = 1
            case "ssh-out":
                d.packet = flow(app, "internet", 22)
                d.stem = "\(app) opens SSH to an internet host (198.51.100.10). Does the connection \(whichCheck)"
                d.expected = "blocked at security-group-outbound"
                d.topic = "nat"
                d.concept = "\(appSG)'s outbound rules allow HTTPS and HTTP only, and outbound rules are checked first, before any route or gateway. The NAT gateway has no security group of its own (exam trap 15): the instance's group decides."
                d.tag(seed: [7], traps: [15])
            default:
                let p = r.pick([443, 443, 80])
                d.packet = flow("\(app):\(appPort)", out.server, p)
                d.stem = "\(app) (source port \(appPort)) downloads from \(out.server) over \(p == 443 ? "HTTPS" : "HTTP"). Does the connection \(whichCheck)"
                let checks: [(String, Bool, F?)] = [
                    ("route-table-outbound", !has.contains(.noPrivateRoute), .noPrivateRoute),
                    ("route-table-outbound", !has.contains(.natInPrivate), .natInPrivate),
                    ("network-acl-inbound", !has.contains(.publicNACL), .publicNACL),
                ]
                let failed = checks.first { !$0.1 }
                d.expected = failed.map { "blocked at \($0.0)" } ?? "allowed"
                let deciding = failed?.2
                if let deciding { d.topic = info(deciding).fault.topic }
                d.concept =
                    ((deciding.map { [info($0).concept] } ?? [])
                    + faults.filter { $0 != deciding }.map { info($0).concept } + (faults.isEmpty ? [healthy] : []))
                    .joined(separator: " ")
            }
        } else {
            d.topic = info(faults[0]).fault.topic
            d.goal = [
                "expect allowed \(flow("\(app):\(ClientKind.linux.port(&r))", out.server, 443))",
                "expect allowed \(flow(app, "internet", 80))",
                "expect blocked \(flow(app, "internet", 22))",
            ]
            d.solution = faults.flatMap { info($0).fix }
            // Users see the first broken check on the path; a later one stays hidden behind it.
            let first = [F.noPrivateRoute, .natInPrivate, .publicNACL].first(where: has.contains) ?? faults[0]
            d.stem = stem(
                symptoms: [info(first).symptom],
                constraint: "Fix it without giving \(app) a public address or opening other outbound ports.")
            d.concept = (faults.map { info($0).concept } + [healthy]).joined(separator: " ")
        }
        return d
    }

    // MARK: blackhole routes

    static func draftBlackhole(_ r: inout SplitMix64, _ kind: QuestionKind) -> Draft {
        enum V: String, CaseIterable {
            case healthy, deletedDefault = "deleted-nat-default-route", longerPrefix = "blackhole-longer-prefix"
        }
        let vpc = r.pick(Pools.vpc)
        let net = Net.draw(&r, subnets: 2)
        let pub = r.pick(Pools.publicSubnet)
        let priv = r.pick(Pools.privateSubnet)
        let gw = r.pick(Pools.igw)
        let pubRT = r.pick(Pools.publicRT)
        let privRT = r.pick(Pools.privateRT)
        let (old, new) = r.pick([("natgw-a", "natgw-b"), ("natgw-old", "natgw-new"), ("egress-1", "egress-2")])
        let app = r.pick(Pools.appHost)
        let appSG = "\(app)-sg"
        let out = Outside.draw(&r)
        let partnerCIDR = out.badCIDR
        let partner = out.badHost
        let variant: V = kind == .fixit ? r.pick([.deletedDefault, .longerPrefix]) : r.pick(V.allCases)
        let replacementExists = variant == .longerPrefix || r.chance(50)
        let healthyWithPrefix = variant == .healthy && r.chance(50)

        var s = publicScaffold(vpc: vpc, net: net, subnet: pub, gateway: gw, routeTable: pubRT)
        s.insert("subnet create \(priv) in \(vpc) \(net.subnet(1))", at: 2)
        s += ["nat create \(old) in \(pub)", "rt create \(privRT) in \(vpc)"]
        switch variant {
        case .longerPrefix:
            s += [
                "nat create \(new) in \(pub)",
                "route add \(privRT) 0.0.0.0/0 via \(new)",
                "route add \(privRT) \(partnerCIDR) via \(old)",
            ]
        case .healthy where healthyWithPrefix:
            s += [
                "nat create \(new) in \(pub)",
                "route add \(privRT) 0.0.0.0/0 via \(new)",
                "route add \(privRT) \(partnerCIDR) via \(old)",
            ]
        default:
            s.append("route add \(privRT) 0.0.0.0/0 via \(old)")
            if variant == .deletedDefault && replacementExists { s.append("nat create \(new) in \(pub)") }
        }
        s += [
            "rt associate \(privRT) \(priv)",
            "sg create \(appSG) in \(vpc) \"app servers\"",
            "sg revoke \(appSG) out all to 0.0.0.0/0",
            "sg allow \(appSG) out tcp 443 to 0.0.0.0/0",
            "launch ec2 \(app) in \(priv) sg \(appSG)",
        ]
        if variant != .healthy { s.append("nat delete \(old)") }

        var d = Draft(template: .blackhole, kind: kind, topic: "routing")
        d.script = s
        if variant != .healthy { d.faults = [variant.rawValue] }
        d.tag(seed: [3], traps: variant == .longerPrefix || healthyWithPrefix ? [24] : [13])
        d.difficulty = variant == .longerPrefix ? 3 : 2
        let routes =
            variant == .longerPrefix || healthyWithPrefix
            ? "\(privRT) sends 0.0.0.0/0 to \(new) and the partner's range \(partnerCIDR) to \(old)"
            : "\(privRT) sends 0.0.0.0/0 to \(old)"
        d.body =
            "\(app) runs in the private subnet \(priv); \(routes). \(appSG) allows outbound HTTPS only."
            + (variant == .healthy ? "" : " Then \(old) was deleted" + (replacementExists && variant == .deletedDefault ? "; \(new) had been created to replace it." : "."))
        let idea =
            "A route whose target is gone stays in the table as a blackhole, and the packets it matches are dropped (Reachability Analyzer: BAD_STATE_ROUTE). Routes are chosen by longest prefix first, and AWS does not fall back to a shorter route when the longest match is a blackhole."
        if kind == .scenario {
            let toPartner = (variant == .longerPrefix || healthyWithPrefix) ? r.chance(65) : r.chance(30)
            let target = toPartner ? partner : out.server
            let p = ClientKind.linux.port(&r)
            d.packet = flow("\(app):\(p)", target, 443)
            d.stem = "\(app) calls \(toPartner ? "the partner API at " : "")\(target) over HTTPS (source port \(p)). Does the connection \(whichCheck)"
            switch variant {
            case .healthy:
                d.expected = "allowed"
                d.concept =
                    healthyWithPrefix
                    ? "Longest prefix wins: \(toPartner ? "\(partner) matches \(partnerCIDR), so it leaves through \(old)" : "\(target) matches only 0.0.0.0/0, so it leaves through \(new)"). Both NAT gateways are alive, so both paths work. " + idea
                    : "The private route table sends 0.0.0.0/0 to a live NAT gateway in a public subnet: the path works. " + idea
            case .deletedDefault:
                d.expected = "blocked at route-table-outbound"
                d.concept =
                    idea + " Here 0.0.0.0/0 still points at the deleted \(old)"
                    + (replacementExists ? "; creating \(new) changed no route." : ".")
            case .longerPrefix:
                d.expected = toPartner ? "blocked at route-table-outbound" : "allowed"
                d.concept =
                    idea + (toPartner
                        ? " \(partner) matches \(partnerCIDR), whose target \(old) is gone: dropped, although 0.0.0.0/0 via \(new) would have worked."
                        : " \(target) matches only 0.0.0.0/0, which points at the live \(new): the blackhole route does not concern it.")
            }
        } else {
            d.goal = [
                "expect allowed \(flow("\(app):\(ClientKind.linux.port(&r))", out.server, 443))",
                "expect allowed \(flow(app, partner, 443))",
                "expect blocked \(flow(app, "internet", 22))",
            ]
            if variant == .deletedDefault {
                d.solution =
                    (replacementExists ? [] : ["nat create \(new) in \(pub)"]) + ["route replace \(privRT) 0.0.0.0/0 via \(new)"]
                d.stem = "After the NAT gateway \(old) was deleted, \(app) cannot reach the internet at all. Fix it without opening other outbound ports."
                d.concept = idea + " Point 0.0.0.0/0 at a live NAT gateway."
            } else {
                d.solution = ["route delete \(privRT) \(partnerCIDR)"]
                d.stem = "\(app) reaches the internet, except the partner API at \(partner), where every connection fails. Fix it without opening other outbound ports."
                d.concept = idea + " Deleting the blackhole route lets \(partnerCIDR) fall to 0.0.0.0/0 via \(new)."
            }
        }
        return d
    }
}
