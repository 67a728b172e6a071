import SGLabCore

/// Templates about network ACLs: ephemeral ports and rule order.
extension Template {
    // MARK: ephemeral ports

    static func draftEphemeral(_ r: inout SplitMix64, _ kind: QuestionKind) -> Draft {
        /// The outbound side: which client ports the replies may go to.
        enum Range: String, CaseIterable {
            case fullRange = "range-1024-65535", windowsOnly = "range-windows-only", linuxRange = "range-linux-only"
            case docExample = "range-32768-65535", missing = "no-outbound-rule"

            var ports: ClosedRange<Int>? {
                switch self {
                case .fullRange: return 1024...65535
                case .windowsOnly: return 49152...65535
                case .linuxRange: return 32768...61000
                case .docExample: return 32768...65535
                case .missing: return nil
                }
            }
        }
        let (vpc, net, sub, gw, rt, acl, host, sg, label, port) = PublicWebNames.draw(&r)
        let out = Outside.draw(&r)
        let faultyRanges = Range.allCases.filter { $0 != .fullRange }
        // The second fault: the inbound side has no rule for the replies to the server's own calls.
        let range: Range
        let inboundFault: Bool
        if kind == .fixit {
            switch r.int(0...9) {
            case 0...3: (range, inboundFault) = (r.pick(faultyRanges), false)
            case 4...6: (range, inboundFault) = (.fullRange, true)
            default: (range, inboundFault) = (r.pick(faultyRanges), true)
            }
        } else {
            range = r.pick(Range.allCases + [.fullRange])
            inboundFault = r.chance(25)
        }
        let callsOut = inboundFault || r.chance(35)

        var s = publicScaffold(vpc: vpc, net: net, subnet: sub, gateway: gw, routeTable: rt)
        s += [
            "sg create \(sg) in \(vpc) \"\(label) server\"",
            "sg allow \(sg) in tcp \(port) from 0.0.0.0/0",
            "sg allow \(sg) in tcp 22 from \(out.officeCIDR) \"admin SSH\"",
            "nacl create \(acl) in \(vpc)",
            "nacl associate \(acl) \(sub)",
            "nacl add \(acl) in 100 allow tcp \(port) from 0.0.0.0/0",
            "nacl add \(acl) in 120 allow tcp 22 from \(out.officeCIDR)",
        ]
        if let ports = range.ports { s.append("nacl add \(acl) out 100 allow tcp \(ports.lowerBound)-\(ports.upperBound) to 0.0.0.0/0") }
        if callsOut {
            s.append("nacl add \(acl) out 130 allow tcp 443 to 0.0.0.0/0")
            if !inboundFault { s.append("nacl add \(acl) in 130 allow tcp 1024-65535 from 0.0.0.0/0") }
        }
        s.append("launch ec2 \(host) in \(sub) sg \(sg) public-ip")

        var d = Draft(template: .ephemeral, kind: kind, topic: range == .missing ? "nacl" : "ports")
        d.script = s
        if range != .fullRange { d.faults.append(range.rawValue) }
        if inboundFault { d.faults.append("no-inbound-ephemeral") }
        d.tag(seed: [13, 15], traps: [3, 34])
        d.difficulty = min(3, 1 + d.faults.count + (range == .linuxRange || range == .docExample ? 1 : 0))
        let rangeText = range.ports.map { "TCP \($0.lowerBound)-\($0.upperBound)" }
        d.body =
            "\(host) serves \(label) on TCP \(port) to everyone; admins SSH in from \(out.officeCIDR). Its subnet \(sub) has a custom network ACL, \(acl), whose outbound side allows "
            + (rangeText.map { "replies to \($0)" } ?? "nothing")
            + (callsOut ? ", plus HTTPS out for \(host)'s own calls to the internet." : ".")
        let idea =
            "Network ACLs are stateless: a reply is judged again, by the outbound rules, on its way to the client's source port, and clients pick that port from their own ephemeral range: Linux 32768-61000, Windows 49152-65535, NAT gateways, Elastic Load Balancing and Lambda 1024-65535, old Windows 1025-5000. One rule for 1024-65535 serves them all (exam trap 34); a narrower range strands some clients, whose requests arrive while the replies are dropped (exam trap 3)."
        let clientIdea =
            "The same holds the other way round: when \(host) is the client, the replies come back to ITS ephemeral port, so the inbound side needs a rule for that range too (the AWS example's inbound rule 140)."

        func reaches(_ clientPort: Int) -> Bool { range.ports?.contains(clientPort) ?? false }

        if kind == .scenario {
            if callsOut && (inboundFault ? r.chance(70) : r.chance(40)) {
                let p = ClientKind.linux.port(&r)
                d.packet = flow("\(host):\(p)", out.server, 443)
                d.stem = "\(host) (source port \(p)) calls an API at \(out.server) over HTTPS. Does the connection \(whichCheck)"
                d.expected = inboundFault ? "blocked at network-acl-inbound" : "allowed"
                d.topic = "nacl"
                d.concept = clientIdea + " " + idea
            } else {
                let k = r.pick(ClientKind.allCases)
                let high = range == .linuxRange && r.chance(70)
                let p = k.port(&r, windowsAbove61000: high)
                d.packet = flow("\(out.client):\(p)", host, port)
                d.stem = "A visitor on \(k.label), source port \(p), opens \(label) to \(host) on TCP \(port). Does the request \(whichCheck)"
                d.expected = reaches(p) ? "allowed" : "blocked at network-acl-outbound"
                d.concept = idea
                if reaches(p) && range != .fullRange {
                    d.concept += " This client's port \(p) happens to fall inside \(rangeText ?? ""), so it is served; others would not be."
                }
                if inboundFault { d.concept += " (\(acl) has a second gap, on the inbound side, that only \(host)'s own outbound calls run into.)" }
            }
        } else {
            var goal: [String] = []
            var symptoms: [String] = []
            var failing: [String] = []
            var serving: [String] = []
            if range != .fullRange {
                for k in [ClientKind.linux, .windows, .natted] {
                    let p = k.port(&r, windowsAbove61000: range == .linuxRange)
                    goal.append("expect allowed \(flow("\(out.client):\(p)", host, port))")
                    if reaches(p) { serving.append(k.short) } else { failing.append(k.short) }
                }
                goal.append("expect allowed \(flow("\(out.officeHost):\(ClientKind.linux.port(&r))", host, 22))")
                if range == .missing {
                    symptoms.append("Since the network ACL \(acl) went on \(sub), requests reach \(host) but no page ever comes back, and admin SSH sessions hang")
                    d.solution.append("nacl add \(acl) out 100 allow tcp 1024-65535 to 0.0.0.0/0")
                } else {
                    let served = serving.isEmpty ? "Some visitors load \(host) fine" : "\(serving.joined(separator: " and ")) visitors load \(host) fine"
                    let stranded = failing.isEmpty ? "other clients" : failing.map { "\($0) visitors" }.joined(separator: " and ")
                    symptoms.append("\(served), but \(stranded) never get a page")
                    d.solution.append("nacl add \(acl) out 110 allow tcp 1024-65535 to 0.0.0.0/0")
                }
            } else {
                goal.append("expect allowed \(flow("\(out.client):\(ClientKind.windows.port(&r))", host, port))")
            }
            if inboundFault {
                goal.insert("expect allowed \(flow("\(host):\(ClientKind.linux.port(&r))", out.server, 443))", at: 0)
                symptoms.append(
                    range == .fullRange
                        ? "\(host) serves its pages fine, but its own HTTPS calls to \(out.server) hang until they time out"
                        : "\(host)'s own HTTPS calls to \(out.server) hang until they time out")
                d.solution.append("nacl add \(acl) in 130 allow tcp 1024-65535 from 0.0.0.0/0")
                if range == .fullRange { d.topic = "nacl" }
            }
            goal.append("expect blocked \(flow(out.badHost, host, 22))")
            d.goal = goal
            d.stem = stem(
                symptoms: symptoms,
                constraint: "Fix it in the network ACL, with rules that serve every kind of client, without opening SSH to the internet.")
            d.concept = (inboundFault ? clientIdea + " " : "") + idea
        }
        return d
    }

    // MARK: rule order

    static func draftNaclOrder(_ r: inout SplitMix64, _ kind: QuestionKind) -> Draft {
        enum V: String, CaseIterable {
            case denyAfterAllow = "deny-after-allow", denyBeforeAllow = "deny-before-allow"
            case noDeny = "no-nacl-deny", denyTooWide = "deny-too-wide"
        }
        let (vpc, net, sub, gw, rt, acl, host, sg, label, port) = PublicWebNames.draw(&r)
        let out = Outside.draw(&r)
        let variant: V = kind == .fixit ? r.pick([.denyAfterAllow, .noDeny, .denyTooWide]) : r.pick(V.allCases)
        let allowNumber = r.pick([100, 110, 120, 200])
        let denyNumber =
            variant == .denyAfterAllow ? allowNumber + r.pick([10, 50, 100]) : r.pick([10, 50, 90])
        let aclName = variant == .noDeny ? "default" : acl

        var s = publicScaffold(vpc: vpc, net: net, subnet: sub, gateway: gw, routeTable: rt)
        s += ["sg create \(sg) in \(vpc) \"\(label) server\"", "sg allow \(sg) in tcp \(port) from 0.0.0.0/0"]
        if variant != .noDeny {
            s += ["nacl create \(acl) in \(vpc)", "nacl associate \(acl) \(sub)"]
            var rules = [
                "nacl add \(acl) in \(allowNumber) allow tcp \(port) from 0.0.0.0/0",
                "nacl add \(acl) in \(denyNumber) deny tcp \(port) from \(out.badCIDR)",
            ]
            rules = r.shuffled(rules)
            s += rules
            s.append("nacl add \(acl) out 100 allow tcp 1024-65535 to 0.0.0.0/0")
        }
        s.append("launch ec2 \(host) in \(sub) sg \(sg) public-ip")

        var d = Draft(template: .naclOrder, kind: kind, topic: "nacl")
        d.script = s
        if variant != .denyBeforeAllow { d.faults = [variant.rawValue] }
        d.tag(seed: [13, 14])
        d.difficulty = 2
        let order =
            "Network ACL rules are read from the lowest number up, and the first rule that matches decides: later rules are never read (exam trap 2). A deny meant to win must be numbered below the allows it overrides (exam trap 1); the order in which the rules were added does not matter."
        let noDeny =
            "Security groups have allow rules only: they cannot refuse one range while admitting everyone else (exam trap 1). A network ACL can: a deny rule numbered below the allow (the default network ACL allows all at rule 100)."
        switch variant {
        case .denyAfterAllow:
            d.tag(seed: [], traps: [2])
            d.body = "\(host) serves \(label) on TCP \(port). Attacks come from \(out.badCIDR), and the team added a deny rule for that range to \(acl), the subnet's network ACL."
        case .denyBeforeAllow:
            d.tag(seed: [], traps: [1, 2])
            d.body = "\(host) serves \(label) on TCP \(port). Attacks come from \(out.badCIDR), and the team added a deny rule for that range to \(acl), the subnet's network ACL."
        case .noDeny:
            d.topic = "no-deny"
            d.tag(seed: [], traps: [1])
            d.body = "\(host) serves \(label) on TCP \(port) from 0.0.0.0/0 (security group \(sg)); \(sub) uses the VPC's default network ACL. Attacks come from \(out.badCIDR)."
        case .denyTooWide:
            d.tag(seed: [], traps: [1])
            d.body = "\(host) serves \(label) on TCP \(port). Attacks come from \(out.badCIDR), and the team denied that whole range in \(acl); a partner's server, \(out.partnerInBad), sits in the same range."
        }
        if kind == .scenario {
            let who = r.pick(variant == .denyTooWide ? ["attacker", "partner", "partner", "client"] : ["attacker", "attacker", "client"])
            switch who {
            case "attacker":
                d.packet = flow(out.badHost, host, port)
                d.stem = "A request comes from \(out.badHost), in the attacking range, to \(host) on TCP \(port). Does it \(whichCheck)"
                d.expected = variant == .denyAfterAllow || variant == .noDeny ? "allowed" : "blocked at network-acl-inbound"
            case "partner":
                d.packet = flow(out.partnerInBad, host, port)
                d.stem = "The partner's server \(out.partnerInBad) calls \(host) on TCP \(port). Does the request \(whichCheck)"
                d.expected = "blocked at network-acl-inbound"
            default:
                d.packet = flow("\(out.client):\(ClientKind.linux.port(&r))", host, port)
                d.stem = "A customer at \(out.client) opens \(label) to \(host) on TCP \(port). Does the request \(whichCheck)"
                d.expected = "allowed"
                d.difficulty = 1
            }
            d.concept = variant == .noDeny ? noDeny : order
        } else {
            d.goal = [
                "expect blocked \(flow(out.badHost, host, port))",
                "expect allowed \(flow("\(out.client):\(ClientKind.windows.port(&r))", host, port))",
            ]
            switch variant {
            case .denyAfterAllow:
                d.solution = [
                    "nacl add \(acl) in \(allowNumber - 10) deny tcp \(port) from \(out.badCIDR)", "nacl remove \(acl) in \(denyNumber)",
                ]
                d.stem = "Requests from the attacking range \(out.badCIDR) still reach \(host), although \(acl) has a deny rule for it. Keep the attackers out and everyone else in."
                d.concept = order
            case .noDeny:
                d.solution = ["nacl add \(aclName) in 90 deny tcp \(port) from \(out.badCIDR)"]
                d.stem = "\(host) is flooded with requests from \(out.badCIDR). Block that range and nobody else."
                d.concept = noDeny
            default:
                d.goal.append("expect allowed \(flow(out.partnerInBad, host, port))")
                d.solution = ["nacl add \(acl) in \(denyNumber - 5) allow tcp \(port) from \(out.partnerInBad)/32"]
                d.stem = "Since the deny rule for \(out.badCIDR) went in, the partner's server \(out.partnerInBad) cannot reach \(host) either. Let the partner in and keep the rest of the range out."
                d.concept = order + " An allow for the partner's /32 numbered below the deny lets it through while the rest of the range stays out."
            }
            d.difficulty = variant == .noDeny ? 2 : 3
        }
        return d
    }
}
