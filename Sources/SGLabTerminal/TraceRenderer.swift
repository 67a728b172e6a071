import SGLabCore

/// Renders traces as text: pure, values in, text out.
public enum TraceRenderer {
    static func mark(_ status: Hop.Status, _ style: Style) -> String {
        switch status {
        case .passed: return style.passed("✓")
        case .failed: return style.failed("✗")
        case .info: return style.dim("·")
        }
    }

    /// The human-readable trace of one packet: each leg drawn as a path in the seed's order
    /// (internet → gateway → route table → network ACL → security group → resource), then
    /// every hop with the rule that decided it, the verdict, the concept and the fix.
    ///
    /// `showFix: false` (a lesson whose hints are not spent) keeps the exact fix command back and
    /// says how to get it: the learner works the fix out first.
    public static func render(_ trace: Trace, title: String = "packet", style: Style = .plain, showFix: Bool = true) -> String {
        var lines = ["\(style.bold(title)) \(trace.summary)"]
        if let number = trace.connection { lines.append("  part of open connection #\(number)") }
        var part: (Leg, Flow?)?
        for hop in trace.hops {
            if part == nil || part! != (hop.leg, hop.flow) {
                part = (hop.leg, hop.flow)
                // A load-balanced packet is two flows, each with its legs (decision 21).
                let heading = hop.flow.map { "\($0.rawValue) flow, \(hop.leg.rawValue)" } ?? hop.leg.rawValue
                lines.append("  \(style.bold(heading)): \(hop.view)")
                if let path = path(trace, hop.leg, hop.flow, style) { lines.append("    \(path)") }
            }
            if hop.status == .info {
                lines.append("    \(style.dim("· \(hop.detail)"))")
            } else {
                let name = hop.componentName
                let padded = name + String(repeating: " ", count: max(1, 27 - name.count))
                var line = "    \(mark(hop.status, style)) \(padded)\(hop.detail)"
                if let code = hop.code { line += " " + style.dim("[\(code)]") }
                lines.append(line)
            }
            if let translated = hop.translated { lines.append(style.dim("      packet now \(translated)")) }
        }
        lines.append(verdict(trace, style: style))
        if let concept = concept(trace) { lines.append("  \(style.accent("why")): \(concept)") }
        if trace.fix != nil || !trace.planSteps.isEmpty, !showFix {
            lines.append("  \(style.accent("fix")): \(style.dim("work it out: hint gives clues, and the exact command once the hints are spent"))")
        } else if let fix = trace.fix {
            lines.append("  \(style.accent("fix")): \(style.bold(fix.command))")
            lines.append("       \(fix.explanation)")
        } else if let advice = trace.advice {
            lines.append("  \(style.accent("to fix")): \(advice)")
        }
        return lines.joined(separator: "\n")
    }

    /// `internet → igw gw ✓ → router → nacl default ✓ → sg web ✓ → web`
    static func path(_ trace: Trace, _ leg: Leg, _ flow: Flow? = nil, _ style: Style) -> String? {
        guard var ends = trace.ends else { return nil }
        if flow == .back {
            // The back flow runs from the load balancer to the target the request reached.
            let target = trace.hops.first { $0.flow == .back && $0.component == .note && $0.detail.hasPrefix("reaches") }
            ends = (ends.destination, target?.resourceName ?? "target")
        }
        let (from, to) = leg == .request ? (ends.source, ends.destination) : (ends.destination, ends.source)
        var steps = [from]
        for hop in trace.hops where hop.leg == leg && hop.flow == flow {
            switch hop.component {
            case .note:
                if hop.detail.hasPrefix("VPC router") { steps.append("router") }
                if hop.resourceID?.hasPrefix("vpce-") == true, hop.detail.contains("endpoint") {
                    steps.append("vpce \(hop.resourceName ?? "")")
                }
            case .destination:
                steps.append("\(hop.resourceName ?? "destination") \(mark(hop.status, style))")
            default:
                let short: String
                switch hop.component {
                case .internetGateway: short = "igw"
                case .routeTable: short = "rt"
                case .networkACL: short = "nacl"
                case .securityGroup: short = "sg"
                case .natGateway: short = "nat"
                case .loadBalancer: short = "lb"
                default: short = hop.component.rawValue
                }
                steps.append("\(short) \(hop.resourceName ?? "") \(mark(hop.status, style))")
            }
        }
        let arrived = trace.hops.contains { hop in
            hop.leg == leg && hop.component == .note && (hop.detail.hasPrefix("reaches") || hop.detail.hasPrefix("the reply reaches"))
                && (flow == nil || hop.flow == flow || (flow == .back && leg == .response && hop.flow == .front))
        }
        // A back flow's reply ends at the load balancer, which then answers on the front flow.
        if arrived || (flow == .back && leg == .response) {
            steps.append(to)
        }
        return steps.joined(separator: style.dim(" → "))
    }

    /// `verdict: BLOCKED at network-acl-outbound (response leg, acl-…, rule *)`
    public static func verdict(_ trace: Trace, style: Style = .plain) -> String {
        guard let hop = trace.blockedAt else { return "  verdict: \(style.passed("ALLOWED"))" }
        var where_ = (hop.flow.map { "\($0.rawValue) flow, " } ?? "") + "\(hop.leg.rawValue) leg"
        if let resource = hop.resourceID { where_ += ", \(resource)" }
        if let rule = hop.rule { where_ += ", rule \(rule)" }
        return "  verdict: \(style.failed("BLOCKED")) at \(hop.componentName) (\(where_))"
    }

    /// The idea behind the verdict, in one line (the seed's concepts and exam traps).
    public static func concept(_ trace: Trace) -> String? {
        guard let hop = trace.blockedAt else {
            guard trace.hops.contains(where: { $0.leg == .response }) else {
                return trace.hops.contains { $0.component == .note && $0.detail.contains("never filtered") }
                    ? "the Amazon DNS server, instance metadata and Time Sync are never filtered by security groups or network ACLs"
                    : nil
            }
            return "stateful vs stateless: the security groups let the reply through by connection tracking, while each network ACL on the way back judged it again by its own rules"
        }
        switch (hop.component, hop.leg, hop.code) {
        case (.securityGroup, .request, _) where hop.detail.contains("matches private addresses only"):
            return "a security-group reference matches the private addresses of the group's members; through a public or Elastic IP the packet hairpins via the internet gateway and no longer matches"
        case (.securityGroup, .request, _)
        where hop.flow == .back && hop.direction == .inbound
            && trace.hops.contains(where: { $0.component == .loadBalancer && $0.detail.contains("preservation is on") }):
            return "with client IP preservation on, the target sees the client's own address: its group must allow the clients (or name the NLB's security group, which still matches), and turning preservation off makes it see the load balancer's nodes instead"
        case (.securityGroup, .request, _) where hop.flow == .back && hop.direction == .inbound:
            return "a load balancer opens its own connection to each target: the target sees the node's private address (an ALB always, an NLB without client IP preservation), so the target's group must allow the load balancer's security group (for an NLB without groups, its subnets or the VPC's block), not the client's CIDR"
        case (.securityGroup, .request, _) where hop.flow == .back:
            return "the load balancer's security group must also allow the traffic out to its targets, on the target port and the health-check port"
        case (.securityGroup, .request, _) where hop.direction == .inbound:
            // "AWS WAF IP sets": behind an ALB or CloudFront the subnet sees the load balancer's
            // address, so a network ACL cannot single out a client there.
            return "implicit deny: a security group has allow rules only, and whatever no rule allows is denied (to block one address, use a network ACL deny rule; behind a load balancer or CloudFront, an AWS WAF IP set)"
        case (.securityGroup, .request, _) where hop.direction == .outbound && hop.view.contains("["):
            return "IPv6 needs rules of its own: 0.0.0.0/0 never covers IPv6 (a new group's default outbound rule is IPv4 only), so allow ::/0 or the IPv6 peer"
        case (.securityGroup, .request, _):
            return "outbound rules restricted: a new group allows all outbound traffic, but this one no longer allows this"
        case (.securityGroup, .response, _):
            return "an untracked flow's reply is allowed only by the rule that made it untracked; that rule is gone"
        case (.networkACL, .response, _):
            return "network ACLs are stateless: the reply needs its own rule, on the client's ephemeral ports (1024-65535 covers every client, NAT gateways included)"
        case (.networkACL, _, _) where hop.rule == "*":
            return "first matching rule wins, and the * rule at the end denies whatever no numbered rule allowed (a new custom network ACL denies everything)"
        case (.networkACL, _, _):
            return "first matching rule wins: rule \(hop.rule ?? "") denies it before any later rule is read"
        case (.routeTable, _, _) where hop.detail.contains("VPCs are isolated"):
            return "VPCs are isolated from each other: another VPC's private addresses are reached only through a peering connection or a transit gateway, with a route on each side"
        case (.routeTable, _, "BAD_STATE_ROUTE") where hop.rule?.contains("pcx-") == true:
            return "a route to a peering connection that was deleted (or is not yet accepted) is a blackhole: point it at an active connection"
        case (.routeTable, _, _) where hop.resourceID?.hasPrefix("pcx-") == true:
            return "VPC peering is never transitive: a peering carries traffic only between its two VPCs, never on through another peering, an internet gateway or a NAT gateway"
        case (.routeTable, _, "BAD_STATE_ROUTE"):
            return "blackhole: the longest matching route points at a gateway that is gone, and AWS does not fall back to a shorter route"
        case (.routeTable, .response, _):
            return "the reply must leave the way the request came in: a public subnet's route table sends 0.0.0.0/0 to the internet gateway"
        case (.routeTable, _, _):
            return "a subnet is public when its route table sends internet traffic to an internet gateway; private subnets use a NAT gateway"
        case (.internetGateway, _, "IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS"), (.internetGateway, _, "IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS"):
            return "an internet gateway translates one private address to one public or Elastic IP; without one, an instance has no internet even in a public subnet"
        case (.internetGateway, _, _):
            return "the internet carries only public addresses: an internet gateway drops private ones, and a VPC is reached from outside only through its internet gateway"
        case (.natGateway, _, _):
            return "a NAT gateway lets private instances start connections out; nothing on the internet can start one in, and it has no security group"
        case (.destination, _, _) where hop.detail.contains("broadcast") || hop.detail.contains("multicast"):
            return "a VPC carries unicast only: no broadcast, and multicast only inside a transit gateway multicast domain"
        case (.destination, _, _):
            return "nothing answers at an address no network interface has"
        case (.loadBalancer, _, _):
            return "a load balancer takes connections only on its listeners' ports and forwards them to targets registered in its enabled zones; with no registered target the client gets 503"
        case (.resource, _, _):
            return "a security group and a network ACL decide what may reach an interface, but something must be behind it to answer: an attached instance, a service that listens"
        case (.note, _, _):
            return nil
        }
    }

    public static func tracking(_ tracking: [Tracking], world: World) -> [String] {
        tracking.map { t in
            let eni = world.interfaces[t.interfaceID]
            let owner = eni?.attachedResourceID.flatMap { world.name(of: $0) } ?? eni?.name ?? t.interfaceID.rawValue
            return "  \(owner) (\(t.interfaceID)): \(t.tracked ? "tracked" : "not tracked") — \(t.reason)"
        }
    }
}
