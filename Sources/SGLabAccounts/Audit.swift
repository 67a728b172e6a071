import SGLabCore

/// How much a finding matters, with Security Hub's labels ("Severity levels for controls").
public enum Severity: Int, Comparable, Sendable, CaseIterable {
    case low = 1, medium, high, critical

    public var name: String {
        switch self {
        case .low: return "LOW"
        case .medium: return "MEDIUM"
        case .high: return "HIGH"
        case .critical: return "CRITICAL"
        }
    }

    public init?(name: String) {
        guard let found = Severity.allCases.first(where: { $0.name == name.uppercased() }) else { return nil }
        self = found
    }

    public static func < (a: Severity, b: Severity) -> Bool { a.rawValue < b.rawValue }
}

/// Whether the evaluator confirms the finding from the internet.
public enum Reachability: Sendable, Equatable {
    /// A packet from the internet gets through to this interface on this traffic.
    case reachable(interface: String, traffic: String)
    /// The rule opens something to the internet, but no packet from the internet gets through.
    case configured
    /// The finding is not about traffic from the internet.
    case notApplicable
}

/// One finding: the control, what it is about, and the one command that fixes it.
public struct Finding: Sendable {
    /// `EC2.13` (AWS Security Hub) or `SGLAB.2` (sglab's own).
    public let control: String
    /// CIS AWS Foundations Benchmark numbers where they differ from the control ID, with the
    /// benchmark version (`5.2 (v3.0.0)`).
    public let cis: [String]
    public let severity: Severity
    public let title: String
    /// The resource's ID and how commands name it.
    public let resourceID: String
    public let resource: String
    /// The rule or entry concerned, in the command language (`in tcp 22 from 0.0.0.0/0`).
    public let rule: String?
    public let fix: String
    /// What must happen before the fix can run, if anything.
    public let note: String?
    public let reachability: Reachability
}

/// `sglab audit`: Security Hub's EC2 controls that concern network access, their CIS AWS
/// Foundations numbers, and sglab's own checks, over one world. Each finding that opens
/// something to the internet is tried with the evaluator.
public enum Audit {
    /// EC2.18's authorised ports: the control's defaults ("authorizedTcpPorts": 80, 443; no UDP).
    static let authorizedTCPPorts: [UInt16] = [80, 443]
    /// EC2.19's high-risk ports ("[EC2.19] Security groups should not allow unrestricted access to ports with high risk").
    static let highRiskPorts: [UInt16] = [
        20, 21, 22, 23, 25, 110, 135, 143, 445, 1433, 1434, 3000, 3306, 3389, 4333, 5000, 5432, 5500, 5601, 8080, 8088, 8888,
        9200, 9300,
    ]
    /// Remote administration ports (EC2.53, EC2.21; CIS 5.1-5.3: "22 and 3389").
    static let adminPorts: [UInt16] = [22, 3389]
    /// Database engines' default ports (sglab's own check): SQL Server, Oracle, MySQL/Aurora,
    /// PostgreSQL, Redshift, Redis, Memcached, MongoDB, Cassandra ("Amazon RDS DB instance" ports;
    /// ElastiCache, Redshift and DocumentDB default ports).
    static let databasePorts: [UInt16] = [1433, 1521, 3306, 5432, 5439, 6379, 11211, 27017, 9042]

    public static func run(_ world: World) -> [Finding] {
        var auditor = Auditor(world: world)
        auditor.securityGroups()
        auditor.networkACLs()
        auditor.interfacesAndAddresses()
        return auditor.findings.sorted {
            ($0.severity, $1.control, $1.resource) > ($1.severity, $0.control, $0.resource)
        }
    }
}

private struct Auditor {
    let world: World
    var findings: [Finding] = []
    /// What the evaluator answered for a group, protocol and port (several controls ask the same).
    var tried: [String: Reachability] = [:]
    /// Interfaces of each group, found once.
    let members: [SecurityGroup.ID: [NetworkInterface.ID]]

    init(world: World) {
        self.world = world
        var members: [SecurityGroup.ID: [NetworkInterface.ID]] = [:]
        for eni in world.interfaces.values {
            for g in eni.securityGroupIDs { members[g, default: []].append(eni.id) }
        }
        self.members = members.mapValues { $0.sorted() }
    }

    mutating func add(
        _ control: String, _ severity: Severity, _ title: String, cis: [String] = [], id: String, resource: String, rule: String?,
        fix: String, note: String? = nil, _ reachability: Reachability = .notApplicable
    ) {
        findings.append(
            Finding(
                control: control, cis: cis, severity: severity, title: title, resourceID: id, resource: resource, rule: rule, fix: fix,
                note: note, reachability: reachability))
    }

    // MARK: Security groups

    func peerText(_ peer: Peer) -> String {
        switch peer {
        case .cidr(let c): return c.description
        case .securityGroup(let g): return world.reference(to: g)
        case .prefixList(let p): return world.reference(to: p)
        }
    }

    func ruleText(_ rule: SecurityGroupRule, _ direction: Direction) -> String {
        "\(direction == .inbound ? "in" : "out") \(rule.traffic) \(direction == .inbound ? "from" : "to") \(peerText(rule.peer))"
    }

    func revoke(_ group: SecurityGroup, _ rule: SecurityGroupRule, _ direction: Direction) -> String {
        "sg revoke \(world.reference(to: group.id)) \(ruleText(rule, direction))"
    }

    /// The first port of `ports` the rule opens (TCP, or UDP when `udp`), if any.
    func opened(_ traffic: TrafficSpec, _ ports: [UInt16], udp: Bool = false) -> (IPProtocol, UInt16)? {
        for p in ports {
            for proto in udp ? [IPProtocol.tcp, .udp] : [.tcp] where traffic.ipProtocol.covers(proto) {
                switch traffic.match {
                case .any: return (proto, p)
                case .ports(let r) where r.contains(p): return (proto, p)
                default: continue
                }
            }
        }
        return nil
    }

    /// Tries `proto port` from the internet to every interface of the group: the first that
    /// a packet reaches, or `.configured`.
    mutating func reachability(of group: SecurityGroup.ID, _ proto: IPProtocol, _ port: UInt16, ipv6: Bool = false) -> Reachability {
        let key = "\(group)|\(proto)|\(port)|\(ipv6)"
        if let known = tried[key] { return known }
        var answer = Reachability.configured
        for eni in members[group] ?? [] {
            // A ::/0 rule is confirmed by the IPv6 internet host (aws-semantics.md Part 1, decision 25).
            let client: EndpointReference = ipv6 ? .address(EndpointReference.internetHost6) : .internet
            let probe = Probe(proto, from: client, port: nil, to: .name(eni.rawValue), port: port)
            if let trace = try? world.evaluate(probe, explain: false), trace.allowed {
                answer = .reachable(interface: interfaceLabel(world, eni), traffic: "\(proto) \(port)")
                break
            }
        }
        tried[key] = answer
        return answer
    }

    mutating func securityGroups() {
        let counts = members.mapValues(\.count)
        let defaults = Set(world.vpcs.values.map(\.defaultSecurityGroupID))
        var referenced: [SecurityGroup.ID: SecurityGroup.ID] = [:]
        for group in world.securityGroups.values {
            for rule in group.ingress + group.egress {
                if case .securityGroup(let other) = rule.peer, other != group.id { referenced[other] = group.id }
            }
        }
        for group in world.securityGroups.values.sorted(by: { $0.id < $1.id }) {
            let name = world.reference(to: group.id)
            // [EC2.2] The VPC default security group should not allow inbound or outbound traffic;
            // CIS 5.4 (v3.0.0), 5.5 (v5.0.0).
            if defaults.contains(group.id) {
                for (direction, rules) in [(Direction.inbound, group.ingress), (.outbound, group.egress)] {
                    for rule in rules {
                        add(
                            "EC2.2", .high, "VPC default security groups should not allow inbound or outbound traffic",
                            cis: ["5.4 (v3.0.0)", "5.5 (v5.0.0)"], id: group.id.rawValue, resource: name,
                            rule: ruleText(rule, direction), fix: revoke(group, rule, direction))
                    }
                }
            } else if counts[group.id, default: 0] == 0 {
                // [EC2.22] Unused security groups should be removed (a VPC's default group cannot be).
                let blocker = referenced[group.id].map { "first revoke the rules of \(world.reference(to: $0)) that name it" }
                add(
                    "EC2.22", .medium, "Unused security groups should be removed", id: group.id.rawValue, resource: name,
                    rule: nil, fix: "sg delete \(name)", note: blocker)
            }
            for rule in group.ingress {
                // "Unrestricted" is 0.0.0.0/0 or ::/0 for these controls (EC2.54 is the IPv6 twin of EC2.53).
                guard case .cidr(let block) = rule.peer, block == .anywhere || block == .anywhere6 else { continue }
                let six = block == .anywhere6
                let everywhere = six ? "::/0" : "0.0.0.0/0"
                let text = ruleText(rule, .inbound)
                let fix = revoke(group, rule, .inbound)
                // Each control that applies, then the evaluator once per protocol and port.
                var hits: [(String, Severity, String, [String], (IPProtocol, UInt16))] = []
                func report(_ control: String, _ severity: Severity, _ title: String, cis: [String] = [], _ hit: (IPProtocol, UInt16)) {
                    hits.append((control, severity, title, cis, hit))
                }
                // [EC2.13] No ingress from 0.0.0.0/0 to port 22; CIS 4.1 (v1.2.0).
                if let hit = opened(rule.traffic, [22]) {
                    report("EC2.13", .high, "Security groups should not allow ingress from 0.0.0.0/0 or ::/0 to port 22", cis: ["4.1 (v1.2.0)"], hit)
                }
                // [EC2.14] No ingress from 0.0.0.0/0 to port 3389; CIS 4.2 (v1.2.0).
                if let hit = opened(rule.traffic, [3389]) {
                    report("EC2.14", .high, "Security groups should not allow ingress from 0.0.0.0/0 or ::/0 to port 3389", cis: ["4.2 (v1.2.0)"], hit)
                }
                // [EC2.53] No ingress from 0.0.0.0/0 to remote administration ports (TCP, UDP or all);
                // CIS 5.2 (v3.0.0), 5.3 (v5.0.0).
                if let hit = opened(rule.traffic, Audit.adminPorts, udp: true) {
                    report(
                        six ? "EC2.54" : "EC2.53", .high,
                        "Security groups should not allow ingress from \(everywhere) to remote server administration ports",
                        cis: six ? ["5.3 (v3.0.0)", "5.4 (v5.0.0)"] : ["5.2 (v3.0.0)", "5.3 (v5.0.0)"], hit)
                }
                // [EC2.19] No unrestricted access to high-risk ports.
                if let hit = opened(rule.traffic, Audit.highRiskPorts) {
                    report("EC2.19", .critical, "Security groups should not allow unrestricted access to ports with high risk", hit)
                }
                // [EC2.18] Unrestricted ingress only to authorised ports (TCP 80 and 443 by default).
                if let hit = unauthorised(rule.traffic) {
                    report("EC2.18", .high, "Security groups should only allow unrestricted incoming traffic for authorized ports", hit)
                }
                // sglab: a database port open to the whole internet.
                if let hit = opened(rule.traffic, Audit.databasePorts) {
                    report("SGLAB.4", .high, "A security group allows a database port from \(everywhere)", hit)
                }
                for (control, severity, title, cis, hit) in hits {
                    let reachable = reachability(of: group.id, hit.0, hit.1, ipv6: six)
                    add(control, severity, title, cis: cis, id: group.id.rawValue, resource: name, rule: text, fix: fix, reachable)
                }
            }
            redundantRules(group)
        }
    }

    /// The first port (TCP or UDP) the rule opens beyond EC2.18's authorised ones.
    func unauthorised(_ traffic: TrafficSpec) -> (IPProtocol, UInt16)? {
        switch (traffic.ipProtocol, traffic.match) {
        case (.udp, .ports(let r)): return (.udp, r.from)
        case (.tcp, .ports(let r)):
            var port = Int(r.from)
            while port <= Int(r.to) {
                if !Audit.authorizedTCPPorts.contains(UInt16(port)) { return (.tcp, UInt16(port)) }
                port += 1
            }
            return nil
        case (.all, _): return (.tcp, 0)
        case (.tcp, _): return (.tcp, 0)
        default: return nil
        }
    }

    /// sglab: a rule that another rule of the same group and direction already covers.
    mutating func redundantRules(_ group: SecurityGroup) {
        for (direction, rules) in [(Direction.inbound, group.ingress), (.outbound, group.egress)] {
            for (i, rule) in rules.enumerated() {
                guard case .cidr(let block) = rule.peer else { continue }
                let cover = rules.enumerated().first { j, other in
                    guard j != i, case .cidr(let wider) = other.peer, wider.contains(block), covers(other.traffic, rule.traffic) else {
                        return false
                    }
                    // Of two identical rules, the later one is the redundant one.
                    return !(wider == block && other.traffic == rule.traffic && j > i)
                }
                if let (_, other) = cover {
                    add(
                        "SGLAB.3", .low, "A rule is made redundant by another rule of the same group (\(ruleText(other, direction)))",
                        id: group.id.rawValue, resource: world.reference(to: group.id), rule: ruleText(rule, direction),
                        fix: revoke(group, rule, direction))
                }
            }
        }
    }

    /// Whether every packet `inner` admits, `outer` admits too.
    func covers(_ outer: TrafficSpec, _ inner: TrafficSpec) -> Bool {
        guard outer.ipProtocol.covers(inner.ipProtocol) else { return false }
        if outer.ipProtocol == .all && inner.ipProtocol != .all { return true }
        switch (outer.match, inner.match) {
        case (.any, _): return true
        case (.ports(let a), .ports(let b)): return a.contains(b)
        case (.icmp(let a), .icmp(let b)):
            guard let type = a.type else { return true }
            return b.type == type && (a.code == nil || a.code == b.code)
        default: return false
        }
    }

    // MARK: Network ACLs

    mutating func networkACLs() {
        var used = Set<NetworkACL.ID>()
        for subnet in world.subnets.values { used.insert(subnet.networkACLID) }
        for acl in world.networkACLs.values.sorted(by: { $0.id < $1.id }) {
            let name = world.reference(to: acl.id)
            // [EC2.16] Unused network ACLs should be removed (the default one is never flagged).
            if !acl.isDefault && !used.contains(acl.id) {
                add("EC2.16", .low, "Unused network ACLs should be removed", id: acl.id.rawValue, resource: name, rule: nil,
                    fix: "nacl delete \(name)")
            }
            for (direction, entries) in [(Direction.inbound, acl.inbound), (.outbound, acl.outbound)] {
                let word = direction == .inbound ? "in" : "out"
                for (i, entry) in entries.enumerated() where !entry.isCatchAll {
                    let text = "\(word) \(entry.ruleNumber) \(entry.action.rawValue) \(entry.traffic) \(direction == .inbound ? "from" : "to") \(entry.cidr)"
                    let fix = "nacl remove \(name) \(word) \(entry.ruleNumber)"
                    // [EC2.21] Network ACLs should not allow ingress from 0.0.0.0/0 to port 22 or 3389
                    // (the default ACL is not evaluated); CIS 5.1 (v3.0.0), 5.2 (v5.0.0).
                    if direction == .inbound, !acl.isDefault, entry.action == .allow, entry.cidr == .anywhere,
                        let hit = opened(entry.traffic, Audit.adminPorts, udp: true)
                    {
                        add(
                            "EC2.21", .medium, "Network ACLs should not allow ingress from 0.0.0.0/0 to port 22 or port 3389",
                            cis: ["5.1 (v3.0.0)", "5.2 (v5.0.0)"], id: acl.id.rawValue, resource: name, rule: text, fix: fix,
                            aclReachability(acl.id, hit.0, hit.1))
                    }
                    // sglab: an entry that an earlier entry matches for every packet never decides anything.
                    if let earlier = entries[..<i].first(where: { $0.cidr.contains(entry.cidr) && covers($0.traffic, entry.traffic) }) {
                        let effect = earlier.action == entry.action ? "redundant" : "never takes effect"
                        add(
                            "SGLAB.2", earlier.action == entry.action ? .low : .medium,
                            "A network ACL entry is shadowed by rule \(earlier.ruleNumber) (\(effect))", id: acl.id.rawValue,
                            resource: name, rule: text, fix: fix)
                    }
                }
            }
        }
    }

    /// Tries the traffic from the internet to each interface of the ACL's subnets.
    func aclReachability(_ acl: NetworkACL.ID, _ proto: IPProtocol, _ port: UInt16) -> Reachability {
        let subnets = Set(world.subnets.values.filter { $0.networkACLID == acl }.map(\.id))
        for eni in world.interfaces.values.filter({ subnets.contains($0.subnetID) && $0.natGatewayID == nil }).map(\.id).sorted() {
            let probe = Probe(proto, from: .internet, port: nil, to: .name(eni.rawValue), port: port)
            if let trace = try? world.evaluate(probe, explain: false), trace.allowed {
                return .reachable(interface: interfaceLabel(world, eni), traffic: "\(proto) \(port)")
            }
        }
        return .configured
    }

    // MARK: Interfaces and addresses

    mutating func interfacesAndAddresses() {
        // [EC2.12] Unused Elastic IP addresses should be removed.
        for eip in world.elasticIPs.values.sorted(by: { $0.allocationID < $1.allocationID }) where eip.interfaceID == nil {
            let name = world.reference(to: eip.allocationID)
            add("EC2.12", .low, "Unused Elastic IP addresses should be removed", id: eip.allocationID.rawValue, resource: name,
                rule: nil, fix: "eip release \(name)")
        }
        // [EC2.180] Network interfaces should have source/destination checking enabled (sglab
        // models the check per EC2 instance).
        for instance in world.resources.values.sorted(by: { $0.id < $1.id }) where instance.kind == .ec2 && !instance.sourceDestinationCheck {
            let name = world.reference(to: instance.id)
            add("EC2.180", .medium, "Network interfaces should have source/destination checking enabled", id: instance.id.rawValue,
                resource: name, rule: nil, fix: "ec2 set \(name) source-dest-check on")
        }
    }
}
