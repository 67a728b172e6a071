import SGLabCore

/// Templates about reaching the internet: the public web server, stateful replies, the hairpin.
extension Template {
    // MARK: public web server

    static func draftPublicWeb(_ r: inout SplitMix64, _ kind: QuestionKind) -> Draft {
        enum F: String, CaseIterable {
            case noRoute = "no-igw-route", noPublicIP = "no-public-ip", sgWrongPort = "sg-wrong-port"
            case sgOfficeOnly = "sg-office-only", naclNoReply = "nacl-no-outbound", naclNoInbound = "nacl-no-inbound"
            case sshOpenToWorld = "ssh-open-to-world"
        }
        let (vpc, net, sub, gw, rt, acl, host, sg, label, port) = PublicWebNames.draw(&r)
        let wrong = Pools.wrongWebPort(port)
        let out = Outside.draw(&r)
        var faults = drawFaults(
            &r, F.allCases, kind: kind, exclusive: [[.sgWrongPort, .sgOfficeOnly], [.naclNoReply, .naclNoInbound]])
        let customACL = faults.contains(.naclNoReply) || faults.contains(.naclNoInbound) || r.chance(30)
        let adminSSH = faults.contains(.sshOpenToWorld) || r.chance(50)
        // A scenario asks about one flow and keeps only the faults on it, so the story, the world
        // and the explanation speak of the same thing (an HTTPS question is not explained with
        // the SSH rule, a download not with the inbound rules).
        var options = ["main", "main", "main", "outsider-ssh"]
        if adminSSH { options.append("office-ssh") }
        if !customACL { options.append("outbound") }
        let asked = kind == .scenario ? r.pick(options) : ""
        if kind == .scenario {
            faults = faults.filter { f in
                switch f {
                case .sshOpenToWorld: return asked.hasSuffix("ssh")
                case .sgWrongPort, .sgOfficeOnly: return asked == "main"
                case .naclNoReply, .naclNoInbound: return asked != "outbound"
                case .noRoute, .noPublicIP: return true
                }
            }
        }
        let has = Set(faults)
        let sshSource = has.contains(.sshOpenToWorld) ? "0.0.0.0/0" : out.officeCIDR

        func info(_ f: F) -> (fault: Fault, concept: String, symptom: String, fix: [String]) {
            switch f {
            case .noRoute:
                return (
                    Fault(name: f.rawValue, topic: "routing", seed: [3, 12], traps: [11]),
                    "A public subnet is one whose route table sends 0.0.0.0/0 to an internet gateway (exam trap 11). \(sub) is still on the main route table, which holds only the local route: the gateway delivers the request, and the reply has no way back out.",
                    "\(host) logs every \(label) request from the internet, yet the browsers never get an answer",
                    ["rt associate \(rt) \(sub)"])
            case .noPublicIP:
                return (
                    Fault(name: f.rawValue, topic: "internet-gateway", seed: [12], traps: [12]),
                    "An internet gateway maps a public or Elastic IP one to one onto a private address. An instance without one cannot be reached from the internet even in a public subnet (exam trap 12).",
                    "\(host) is running in a public subnet, but nobody on the internet can connect to it",
                    ["eip allocate \(host)-eip", "eip associate \(host)-eip \(host)"])
            case .sgWrongPort:
                return (
                    Fault(name: f.rawValue, topic: "public-web", seed: [6, 12, 15], traps: []),
                    "A security group admits only what its rules list, by protocol and port: a rule for TCP \(wrong) does nothing for a service listening on TCP \(port), and whatever no rule allows is denied.",
                    "Browsers cannot open \(label) on \(host) (TCP \(port)): the connection times out",
                    ["sg allow \(sg) in tcp \(port) from 0.0.0.0/0"])
            case .sgOfficeOnly:
                return (
                    Fault(name: f.rawValue, topic: "public-web", seed: [6, 12], traps: []),
                    "The rule's source decides who gets in: a rule from \(out.officeCIDR) admits the office and nobody else. A public web server allows its port from 0.0.0.0/0.",
                    "Customers on the internet cannot open \(label) on \(host) (TCP \(port)): the connection times out",
                    ["sg allow \(sg) in tcp \(port) from 0.0.0.0/0"])
            case .naclNoReply:
                return (
                    Fault(name: f.rawValue, topic: "nacl", seed: [13], traps: [3]),
                    "Network ACLs are stateless: \(acl) needs an outbound rule for the replies, to the client's ephemeral port (1024-65535 covers every client). Without it the request arrives and the reply is dropped (exam trap 3). The security group needs no such rule: it is stateful.",
                    "\(host) logs every \(label) request from the internet, yet the browsers never get an answer",
                    ["nacl add \(acl) out 100 allow tcp 1024-65535 to 0.0.0.0/0"])
            case .naclNoInbound:
                return (
                    Fault(name: f.rawValue, topic: "nacl", seed: [13], traps: [5]),
                    "A new custom network ACL denies everything until rules are added (exam trap 5): once \(acl) is associated with \(sub), every flow without an inbound rule stops at its `*` rule, whatever the security group allows.",
                    "Since the network ACL \(acl) went on \(sub), every connection to \(host) times out",
                    ["nacl add \(acl) in 100 allow tcp \(port) from 0.0.0.0/0"]
                        + (adminSSH ? ["nacl add \(acl) in 110 allow tcp 22 from \(out.officeCIDR)"] : []))
            case .sshOpenToWorld:
                return (
                    Fault(name: f.rawValue, topic: "best-practices", seed: [16, 20], traps: []),
                    "SSH open to 0.0.0.0/0 invites every scanner on the internet: allow it from the admins' range only. A security group cannot deny, and the most permissive rule wins, so the wide rule has to be replaced, not joined by a narrower one.",
                    "A security audit flags \(host): SSH (TCP 22) is open to the whole internet",
                    ["sg revoke \(sg) in tcp 22 from 0.0.0.0/0", "sg allow \(sg) in tcp 22 from \(out.officeCIDR)"])
            }
        }

        var s = publicScaffold(vpc: vpc, net: net, subnet: sub, gateway: gw, routeTable: rt, associate: !has.contains(.noRoute))
        s.append("sg create \(sg) in \(vpc) \"\(label) server\"")
        if has.contains(.sgWrongPort) {
            s.append("sg allow \(sg) in tcp \(wrong) from 0.0.0.0/0")
        } else if has.contains(.sgOfficeOnly) {
            s.append("sg allow \(sg) in tcp \(port) from \(out.officeCIDR)")
        } else {
            s.append("sg allow \(sg) in tcp \(port) from 0.0.0.0/0")
        }
        if adminSSH { s.append("sg allow \(sg) in tcp 22 from \(sshSource) \"admin SSH\"") }
        if customACL {
            s += ["nacl create \(acl) in \(vpc)", "nacl associate \(acl) \(sub)"]
            if !has.contains(.naclNoInbound) {
                s.append("nacl add \(acl) in 100 allow tcp \(port) from 0.0.0.0/0")
                if adminSSH { s.append("nacl add \(acl) in 110 allow tcp 22 from \(sshSource)") }
            }
            if !has.contains(.naclNoReply) { s.append("nacl add \(acl) out 100 allow tcp 1024-65535 to 0.0.0.0/0") }
        }
        s.append("launch ec2 \(host) in \(sub) sg \(sg)" + (has.contains(.noPublicIP) ? "" : " public-ip"))

        var d = Draft(template: .publicWeb, kind: kind, topic: "public-web")
        d.script = s
        d.faults = faults.map(\.rawValue)
        d.tag(seed: [12])
        for f in faults { d.tag(seed: info(f).fault.seed, traps: info(f).fault.traps) }
        d.difficulty = 1 + faults.count
        let context =
            "\(host) serves \(label) on TCP \(port) from subnet \(sub) of VPC \(vpc)."
            + (adminSSH ? " Admins SSH in from the office, \(out.officeCIDR)." : "")
            + (customACL ? " The subnet has its own network ACL, \(acl)." : "")

        /// Which fault decides an inbound packet, in walk order.
        func inbound(_ source: String, _ p: Int) -> (String, F?) {
            let fromOffice = CIDRCheck.contains(out.officeCIDR, source)
            let sshOK = adminSSH && (fromOffice || has.contains(.sshOpenToWorld))
            let naclIn = !customACL || (!has.contains(.naclNoInbound) && (p == port || (p == 22 && sshOK)))
            let sgIn: Bool
            if p == 22 {
                sgIn = sshOK
            } else if has.contains(.sgWrongPort) {
                sgIn = p == wrong
            } else if has.contains(.sgOfficeOnly) {
                sgIn = fromOffice
            } else {
                sgIn = p == port
            }
            let checks: [(String, Bool, F?)] = [
                ("internet-gateway-inbound", !has.contains(.noPublicIP), .noPublicIP),
                ("network-acl-inbound", naclIn, has.contains(.naclNoInbound) ? .naclNoInbound : nil),
                ("security-group-inbound", sgIn, faults.first { $0 == .sgWrongPort || $0 == .sgOfficeOnly }),
                ("network-acl-outbound", !(customACL && has.contains(.naclNoReply)), .naclNoReply),
                ("route-table-outbound", !has.contains(.noRoute), .noRoute),
            ]
            guard let failed = checks.first(where: { !$0.1 }) else { return ("allowed", nil) }
            return ("blocked at \(failed.0)", failed.2)
        }

        if kind == .scenario {
            let client: String
            let clientText: String
            if has.contains(.sgOfficeOnly) && r.chance(30) {
                client = out.officeHost
                clientText = "A browser in the office (\(out.officeHost))"
            } else if r.chance(40) {
                client = "internet"
                clientText = "An internet client (198.51.100.10)"
            } else {
                let k = r.pick([ClientKind.linux, .windows])
                let p = k.port(&r)
                client = "\(out.client):\(p)"
                clientText = "A customer at \(out.client) (\(k.short), source port \(p))"
            }
            var deciding: F?
            switch asked {
            case "outsider-ssh":
                d.packet = flow(out.badHost, host, 22)
                let (e, f) = inbound(out.badHost, 22)
                d.expected = e
                deciding = f ?? (has.contains(.sshOpenToWorld) ? .sshOpenToWorld : nil)
                d.stem = "Someone at \(out.badHost) tries SSH (TCP 22) to \(host). Does the connection \(whichCheck)"
            case "office-ssh":
                d.packet = flow(out.officeHost, host, 22)
                let (e, f) = inbound(out.officeHost, 22)
                d.expected = e
                deciding = f
                d.stem = "An admin at \(out.officeHost) opens SSH (TCP 22) to \(host). Does the connection \(whichCheck)"
            case "outbound":
                d.packet = flow(host, "internet", 443)
                let checks: [(String, Bool, F?)] = [
                    ("route-table-outbound", !has.contains(.noRoute), .noRoute),
                    ("internet-gateway-outbound", !has.contains(.noPublicIP), .noPublicIP),
                ]
                let failed = checks.first { !$0.1 }
                d.expected = failed.map { "blocked at \($0.0)" } ?? "allowed"
                deciding = failed?.2
                d.stem = "\(host) downloads updates over HTTPS from an internet server (198.51.100.10). Does the connection \(whichCheck)"
            default:
                d.packet = flow(client, host, port)
                let (e, f) = inbound(client == "internet" ? "198.51.100.10" : String(client.split(separator: ":")[0]), port)
                d.expected = e
                deciding = f
                d.stem = "\(clientText) opens \(label) to \(host) on TCP \(port). Does the request \(whichCheck)"
            }
            if let deciding {
                d.topic = info(deciding).fault.topic
            } else if d.packet?.hasSuffix(":22") == true {
                d.topic = "public-web"
                d.tag(seed: [20])
            }
            let concepts = (deciding.map { [info($0).concept] } ?? []) + faults.filter { $0 != deciding }.map { info($0).concept }
            d.concept =
                concepts.isEmpty
                ? "A public web server needs all of these: an attached internet gateway, a route 0.0.0.0/0 to it from its subnet, a public or Elastic IP, network ACL rules for the request in and the reply out, and a security-group rule for its port. The security group needs no rule for the reply: it is stateful."
                : concepts.joined(separator: " ")
            d.body = context
        } else {
            let primary = faults[0]
            d.topic = info(primary).fault.topic
            let clientPort = ClientKind.linux.port(&r)
            d.goal = [
                "expect allowed \(flow("\(out.client):\(clientPort)", host, port))",
                "expect blocked \(flow(out.badHost, host, 22))",
            ]
            if adminSSH { d.goal.append("expect allowed \(flow(out.officeHost, host, 22))") }
            let order: [F] = [.noPublicIP, .naclNoInbound, .sgWrongPort, .sgOfficeOnly, .sshOpenToWorld, .naclNoReply, .noRoute]
            d.solution = order.filter(has.contains).flatMap { info($0).fix }
            // What users see: the first broken check on the customers' path (later ones stay
            // hidden behind it), and the SSH exposure, which is a separate path.
            let path = order.filter { $0 != .sshOpenToWorld && has.contains($0) }
            let seen = Array(path.prefix(1)) + (has.contains(.sshOpenToWorld) ? [F.sshOpenToWorld] : [])
            d.stem = stem(
                symptoms: seen.map { info($0).symptom },
                constraint: adminSSH ? "Fix it so that the office, and only the office, can SSH in." : "Fix it without opening SSH to the internet.")
            d.body = context
            d.concept = faults.map { info($0).concept }.joined(separator: " ")
        }
        return d
    }

    // MARK: stateful replies

    static func draftStateful(_ r: inout SplitMix64, _ kind: QuestionKind) -> Draft {
        enum V: String, CaseIterable {
            /// Outbound revoked by design: replies still flow (scenario only).
            case lockedDown = "outbound-revoked"
            /// Outbound revoked, and the instance needs to call out (fault).
            case needsOutbound = "needs-outbound"
            /// Custom ACL without outbound rules; a useless SG outbound rule was added (fault).
            case naclReply = "nacl-reply"
            /// An outbound rule for 1024-65535 "for the replies" lets the instance call out (fault).
            case replyRule = "reply-rule-not-needed"
        }
        let (vpc, net, sub, gw, rt, acl, host, sg, label, port) = PublicWebNames.draw(&r)
        let out = Outside.draw(&r)
        let variant: V = kind == .fixit ? r.pick([.needsOutbound, .naclReply, .replyRule]) : r.pick(V.allCases)
        let highPort = r.pick([4444, 6667, 8081, 31337])
        let clientPort = r.pick([ClientKind.linux, .windows]).port(&r)

        var s = publicScaffold(vpc: vpc, net: net, subnet: sub, gateway: gw, routeTable: rt)
        s += [
            "sg create \(sg) in \(vpc) \"\(label) server, outbound locked down\"",
            "sg allow \(sg) in tcp \(port) from 0.0.0.0/0",
            "sg revoke \(sg) out all to 0.0.0.0/0",
        ]
        if variant == .naclReply || variant == .replyRule {
            s.append("sg allow \(sg) out tcp 1024-65535 to 0.0.0.0/0 \"replies to clients\"")
        }
        if variant == .naclReply {
            s += [
                "nacl create \(acl) in \(vpc)", "nacl associate \(acl) \(sub)",
                "nacl add \(acl) in 100 allow tcp \(port) from 0.0.0.0/0",
            ]
        }
        s.append("launch ec2 \(host) in \(sub) sg \(sg) public-ip")

        var d = Draft(template: .stateful, kind: kind, topic: "stateful")
        d.script = s
        d.faults = variant == .lockedDown ? [] : [variant.rawValue]
        d.tag(seed: [5, 7], traps: [4])
        let context = "\(host) serves \(label) on TCP \(port); its security group \(sg) has had its outbound rules revoked"
            + (variant == .naclReply || variant == .replyRule ? ", then got an outbound rule for TCP 1024-65535 \"for the replies\"" : "")
            + (variant == .naclReply ? ", and its subnet \(sub) has a custom network ACL, \(acl)." : ".")
        let statefulIdea =
            "Security groups are stateful: the reply of a flow they admitted passes whatever the outbound rules say (exam trap 4). Outbound rules matter only for connections the instance starts itself (a group with none can start nothing)."
        let naclIdea =
            "Network ACLs are stateless: the reply needs its own outbound rule to the client's ephemeral port (exam trap 3). The security group's outbound rule for 1024-65535 changes nothing: the group already lets replies out."
        d.body = context

        if kind == .scenario {
            let choice = variant == .naclReply ? r.pick(["in", "in", "out"]) : r.pick(["in", "out"])
            if choice == "in" {
                d.packet = flow("\(out.client):\(clientPort)", host, port)
                d.stem = "A customer at \(out.client) (source port \(clientPort)) opens \(label) to \(host) on TCP \(port). Does the request \(whichCheck)"
                if variant == .naclReply {
                    d.expected = "blocked at network-acl-outbound"
                    d.topic = "sg-vs-nacl"
                    d.tag(seed: [13], traps: [3])
                    d.concept = naclIdea + " " + statefulIdea
                    d.difficulty = 3
                } else {
                    d.expected = "allowed"
                    d.concept = statefulIdea
                    d.difficulty = 2
                }
            } else if variant == .replyRule {
                d.packet = flow(host, out.server, highPort)
                d.stem = "\(host) opens a connection to \(out.server) on TCP \(highPort). Does it \(whichCheck)"
                d.expected = "allowed"
                d.concept =
                    "The outbound rule for TCP 1024-65535 was added for the replies, which a security group never needs, and it lets \(host) start connections to every high port on the internet. " + statefulIdea
                d.difficulty = 2
            } else {
                d.packet = flow(host, out.server, 443)
                d.stem = "\(host) calls an API at \(out.server) over HTTPS (TCP 443). Does the connection \(whichCheck)"
                d.expected = "blocked at security-group-outbound"
                d.topic = "inbound-outbound"
                d.tag(seed: [6], traps: [6])
                d.concept =
                    "With its outbound rules revoked, \(sg) lets out only what its remaining rules allow\(variant == .naclReply ? " (TCP 1024-65535, which does not include 443)" : " (nothing)"): connections the instance starts are denied at security-group-outbound. Replies to inbound requests are another matter. " + statefulIdea
                d.difficulty = 2
            }
        } else if variant == .needsOutbound {
            d.goal = [
                "expect allowed \(flow("\(out.client):\(clientPort)", host, port))",
                "expect allowed \(flow(host, out.server, 443))",
                "expect blocked \(flow(host, "internet", 22))",
            ]
            d.solution = ["sg allow \(sg) out tcp 443 to 0.0.0.0/0"]
            d.stem = "\(host) cannot fetch its updates from \(out.server) over HTTPS. Fix it and keep every other outbound connection closed."
            d.topic = "inbound-outbound"
            d.tag(seed: [6], traps: [6])
            d.concept =
                "Outbound rules govern connections the instance starts: with them revoked, the call to TCP 443 is denied at security-group-outbound. " + statefulIdea
                + " So one outbound rule for TCP 443 is enough, and SSH out stays closed."
            d.difficulty = 2
        } else if variant == .replyRule {
            d.goal = [
                "expect allowed \(flow("\(out.client):\(clientPort)", host, port))",
                "expect allowed \(flow(out.otherClient, host, port))",
                "expect blocked \(flow(host, out.server, highPort))",
            ]
            d.solution = ["sg revoke \(sg) out tcp 1024-65535 to 0.0.0.0/0"]
            d.stem = "An incident review found \(host) talking to \(out.server) on TCP \(highPort), although it must start no connections of its own. Fix it without breaking the site."
            d.concept =
                "The outbound rule for TCP 1024-65535 was added for the replies, which a security group never needs. " + statefulIdea
                + " Revoking it leaves \(sg) with no outbound rule, and the site keeps working."
            d.difficulty = 2
        } else {
            d.goal = [
                "expect allowed \(flow("\(out.client):\(clientPort)", host, port))",
                "expect allowed \(flow(out.otherClient, host, port))",
                "expect blocked \(flow(host, "internet", 443))",
            ]
            d.solution = ["nacl add \(acl) out 100 allow tcp 1024-65535 to 0.0.0.0/0"]
            d.stem = "Requests reach \(host) but browsers never get a page, although someone already added an outbound security-group rule for the replies. Fix it without letting \(host) start connections of its own."
            d.topic = "sg-vs-nacl"
            d.tag(seed: [13], traps: [3])
            d.concept = naclIdea + " " + statefulIdea
            d.difficulty = 3
        }
        return d
    }

    // MARK: hairpin through a public IP

    static func draftHairpin(_ r: inout SplitMix64, _ kind: QuestionKind) -> Draft {
        let vpc = r.pick(Pools.vpc)
        let net = Net.draw(&r, subnets: 2)
        let prefix = r.pick(["pub", "edge", "front"])
        let subA = "\(prefix)-a"
        let subB = "\(prefix)-b"
        let gw = r.pick(Pools.igw)
        let rt = r.pick(Pools.publicRT)
        let client: String
        let server: String
        let port: Int
        let service: String
        switch r.int(0...2) {
        case 0:
            client = "bastion"
            server = r.pick(["web", "api", "worker"])
            port = 22
            service = "SSH"
        case 1:
            client = r.pick(["web", "frontend"])
            server = r.pick(["api", "backend"])
            port = r.pick([8080, 8443, 9000])
            service = "its API"
        default:
            client = r.pick(["monitor", "prober"])
            server = r.pick(["web", "api"])
            port = r.pick([9100, 8080])
            service = "its metrics endpoint"
        }
        let clientSG = "\(client)-sg"
        let serverSG = "\(server)-sg"
        let out = Outside.draw(&r)
        // Second fault: the server's subnet stays on the main route table (no IGW route).
        let serverNoRoute = r.chance(kind == .fixit ? 25 : 20)
        let viaPublic = kind == .fixit || r.chance(60)
        let publicRuleAlready = kind == .scenario && viaPublic && !serverNoRoute && r.chance(20)

        var s = [
            "vpc create \(vpc) \(net.vpc)",
            "subnet create \(subA) in \(vpc) \(net.subnet(0))",
            "subnet create \(subB) in \(vpc) \(net.subnet(1))",
            "igw create \(gw) in \(vpc)",
            "rt create \(rt) in \(vpc)",
            "route add \(rt) 0.0.0.0/0 via \(gw)",
            "rt associate \(rt) \(subA)",
        ]
        if !serverNoRoute { s.append("rt associate \(rt) \(subB)") }
        s += [
            "sg create \(clientSG) in \(vpc)",
            "sg create \(serverSG) in \(vpc)",
            "sg allow \(serverSG) in tcp \(port) from \(clientSG) \"\(service) from \(client)\"",
            "launch ec2 \(client) in \(subA) sg \(clientSG)",
            "launch ec2 \(server) in \(subB) sg \(serverSG)",
            "eip allocate \(client)-eip",
            "eip associate \(client)-eip \(client)",
            "eip allocate \(server)-eip",
            "eip associate \(server)-eip \(server)",
        ]
        if publicRuleAlready { s.append("sg allow \(serverSG) in tcp \(port) from {eip:\(client)-eip}/32") }

        var d = Draft(template: .hairpin, kind: kind, topic: "sg-referencing")
        d.tag(seed: [11, 12])
        d.body =
            "\(server)'s group \(serverSG) admits TCP \(port) from the group \(clientSG), which \(client) carries. Both instances have Elastic IPs (\(client)-eip, \(server)-eip)."
            + (serverNoRoute && kind == .scenario ? " \(subB) was never associated with \(rt)." : "")
        let idea =
            "A security-group reference matches the PRIVATE addresses of the group's members. Addressed to \(server)-eip, the packet leaves through the internet gateway and comes back in with \(client)'s public address as its source (a hairpin), so `from \(clientSG)` no longer matches it. Use the private address (the name), or allow the sender's public address as a /32."
        let routeIdea =
            "The hairpin also needs \(server)'s subnet to route 0.0.0.0/0 to the internet gateway: the reply to a public address leaves that way (exam trap 11)."
        if serverNoRoute {
            d.faults.append("server-subnet-no-igw-route")
            d.tag(seed: [3], traps: [11])
        }
        if kind == .scenario {
            if viaPublic {
                d.packet = flow(client, "\(server)-eip", port)
                d.stem = "\(client) connects to \(service) on \(server) through \(server)'s Elastic IP (\(server)-eip), TCP \(port). Does the connection \(whichCheck)"
                d.faults.insert("hairpin", at: 0)
                if publicRuleAlready {
                    d.expected = "allowed"
                    d.concept = idea + " Here \(serverSG) also allows \(client)'s Elastic IP as a /32, so the hairpinned packet is admitted."
                    d.difficulty = 3
                } else {
                    d.expected = "blocked at security-group-inbound"
                    d.concept = idea + (serverNoRoute ? " " + routeIdea : "")
                    d.difficulty = 3
                }
            } else {
                d.packet = flow(client, server, port)
                d.stem = "\(client) connects to \(service) on \(server) by its name (its private address), TCP \(port). Does the connection \(whichCheck)"
                d.expected = "allowed"
                d.concept = idea + " By name the packet stays inside the VPC and keeps \(client)'s private source address, which the reference matches."
                    + (serverNoRoute ? " Routes to the internet do not matter for this path: the local route carries it." : "")
                d.difficulty = 2
            }
        } else {
            d.faults.insert("hairpin", at: 0)
            d.script = s
            d.goal = [
                "expect allowed \(flow(client, "\(server)-eip", port))",
                "expect allowed \(flow(client, server, port))",
                "expect blocked \(flow(out.client, server, port))",
            ]
            d.solution =
                ["sg allow \(serverSG) in tcp \(port) from {eip:\(client)-eip}/32"]
                + (serverNoRoute ? ["rt associate \(rt) \(subB)"] : [])
            d.stem = "\(client)'s configuration reaches \(service) on \(server) through \(server)-eip, and every connection times out, although \(serverSG) allows \(clientSG). Fix it without opening TCP \(port) to anyone else."
            d.concept = idea + (serverNoRoute ? " " + routeIdea : "")
            d.difficulty = 3
        }
        d.script = s
        return d
    }
}

/// A fix-it heading: the symptoms as sentences (deduplicated), then the constraint. Symptoms are
/// written capitalised unless they start with a resource name, whose case is its own.
func stem(symptoms: [String], constraint: String) -> String {
    var seen: [String] = []
    for s in symptoms where !seen.contains(s) { seen.append(s) }
    return seen.map { $0 + ". " }.joined() + constraint
}
