import SGLabCore
import SGLabLanguage
import Testing

/// Seeded, so every failing case can be replayed.
typealias SeededGenerator = SplitMix64

/// Random worlds built by commands: subnets, gateways, routes, custom ACLs with random
/// entries, groups with random rules, resources with and without public addresses.
struct RandomLab {
    var rng: SeededGenerator
    var lines: [String] = []
    var resources: [String] = []
    var balancers: [String] = []
    var farResources: [String] = []
    var dualStack: [String] = []

    init(seed: UInt64) { rng = SeededGenerator(seed: seed) }

    mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &rng) < p }
    mutating func pick<T>(_ items: [T]) -> T { items.randomElement(using: &rng)! }

    static let ports = [22, 80, 443, 3306, 5432, 8080]
    static let peers = ["0.0.0.0/0", "10.0.0.0/16", "198.51.100.0/24", "203.0.113.0/24", "10.0.1.0/24", "198.51.100.10/32"]

    mutating func build() -> [String] {
        lines = ["vpc create lab 10.0.0.0/16"]
        let subnets = ["s1", "s2", "s3"]
        for (i, s) in subnets.enumerated() { lines.append("subnet create \(s) in lab 10.0.\(i + 1).0/24") }
        let hasGateway = chance(0.8)
        if hasGateway { lines.append("igw create gw in lab") }
        if hasGateway && chance(0.7) {
            lines.append("rt create public in lab")
            lines.append("route add public 0.0.0.0/0 via gw")
            lines.append("rt associate public s1")
        }
        if hasGateway && chance(0.5) {
            lines.append("nat create natgw in \(pick(["s1", "s2"]))")
            lines.append("rt create private in lab")
            lines.append("route add private 0.0.0.0/0 via natgw")
            lines.append("rt associate private s3")
        }
        for acl in ["a1", "a2"] where chance(0.6) {
            lines.append("nacl create \(acl) in lab")
            lines.append("nacl associate \(acl) \(pick(subnets))")
            var used = Set<Int>()
            for _ in 0..<Int.random(in: 0...5, using: &rng) {
                let n = Int.random(in: 1...30, using: &rng) * 10
                guard used.insert(n).inserted else { continue }
                let direction = pick(["in", "out"])
                let arrow = direction == "in" ? "from" : "to"
                let traffic = pick(["tcp \(pick(Self.ports))", "tcp 1024-65535", "tcp 32768-65535", "all", "icmp", "udp 53"])
                lines.append("nacl add \(acl) \(direction) \(n) \(pick(["allow", "allow", "deny"])) \(traffic) \(arrow) \(pick(Self.peers))")
            }
        }
        let groups = ["g1", "g2", "g3"]
        for g in groups { lines.append("sg create \(g) in lab") }
        for g in groups {
            for _ in 0..<Int.random(in: 0...4, using: &rng) {
                let peer = chance(0.3) ? pick(groups) : pick(Self.peers)
                lines.append("sg allow \(g) in \(pick(["tcp \(pick(Self.ports))", "icmp", "all"])) from \(peer)")
            }
            if chance(0.3) { lines.append("sg revoke \(g) out all to 0.0.0.0/0") }
        }
        for i in 0..<4 {
            let name = "r\(i)"
            resources.append(name)
            let kind = pick(["ec2", "ec2", "rds", "lambda", "elasticache"])
            let publicIP = kind != "lambda" && kind != "elasticache" && hasGateway && chance(0.5) ? " public-ip" : ""
            lines.append("launch \(kind) \(name) in \(pick(subnets)) sg \(pick(groups))\(publicIP)")
        }
        // A NAT instance for the third subnet, at some stage of being set up (decision 19).
        if hasGateway && chance(0.3) {
            lines.append("launch ec2 natbox in s1 sg \(pick(groups)) public-ip")
            lines.append("rt create viabox in lab")
            lines.append("route add viabox 0.0.0.0/0 via natbox")
            lines.append("rt associate viabox s3")
            if chance(0.6) { lines.append("ec2 set natbox source-dest-check off") }
            if chance(0.6) { lines.append("ec2 set natbox nat-instance on") }
        }
        // A load balancer in two zones in front of some of the instances (decision 21), at some
        // stage of being set up.
        if chance(0.5) {
            lines.append("subnet create l1 in lab 10.0.4.0/24 az us-east-1a")
            lines.append("subnet create l2 in lab 10.0.5.0/24 az us-east-1b")
            if hasGateway && chance(0.7) {
                lines.append("rt create lbrt in lab")
                lines.append("route add lbrt 0.0.0.0/0 via gw")
                lines.append("rt associate lbrt l1")
                lines.append("rt associate lbrt l2")
            }
            let nlb = chance(0.4)
            let scheme = hasGateway && chance(0.7) ? "internet-facing" : "internal"
            let groups = nlb && chance(0.5) ? "" : " sg \(pick(groups))"
            lines.append("lb create lb \(nlb ? "nlb" : "alb") \(scheme) in l1,l2\(groups)")
            let targetPort = pick(Self.ports)
            lines.append("tg create tg in lab \(nlb ? "tcp" : "http") \(targetPort)")
            if nlb && chance(0.4) { lines.append("tg set tg preserve-client-ip off") }
            if chance(0.3) { lines.append("tg set tg health-port \(pick(Self.ports))") }
            for r in resources where chance(0.6) { lines.append("tg register tg \(r)") }
            lines.append("listener add lb \(nlb ? "tcp" : "http") \(pick([80, 443])) to tg")
            balancers.append("lb")
        }
        // A second VPC joined by a peering or a transit gateway, at some stage of set-up
        // (decisions 23 and 24).
        if chance(0.4) {
            lines += ["vpc create far 10.1.0.0/16", "subnet create f1 in far 10.1.1.0/24 az us-east-1a", "sg create fg in far"]
            for _ in 0..<Int.random(in: 0...3, using: &rng) {
                let peer = chance(0.3) ? "lab/\(pick(groups))" : pick(Self.peers + ["10.0.0.0/16", "10.0.1.0/24"])
                lines.append("sg allow fg in tcp \(pick(Self.ports)) from \(peer)")
            }
            lines.append("launch ec2 f0 in f1 sg fg")
            farResources.append("f0")
            if chance(0.5) {
                lines.append("peering create p lab far")
                if chance(0.8) { lines.append("route add lab/main 10.1.0.0/16 via p") }
                if chance(0.8) { lines.append("route add far/main 10.0.0.0/16 via p") }
            } else {
                lines.append(chance(0.5) ? "tgw create hub sg-referencing on" : "tgw create hub")
                lines.append("tgw attach hub lab in \(pick(subnets))")
                lines.append("tgw attach hub far in f1")
                if chance(0.8) { lines.append("route add lab/main 10.1.0.0/16 via hub") }
                if chance(0.8) { lines.append("route add far/main 10.0.0.0/16 via hub") }
            }
        }
        // Dual stack (decision 25): some resources get IPv6 addresses, rules and routes for ::/0
        // come or do not.
        if chance(0.4) {
            lines += ["vpc ipv6 lab", "subnet ipv6 s1", "subnet ipv6 s2"]
            for r in resources where chance(0.6) {
                lines.append("ipv6 assign \(r)")
                dualStack.append(r)
            }
            if hasGateway && chance(0.6) { lines.append("route add \(chance(0.5) ? "public" : "main") ::/0 via gw") }
            for g in groups where chance(0.4) { lines.append("sg allow \(g) in tcp \(pick(Self.ports)) from ::/0") }
        }
        // An interface left attached to nothing (decision 15).
        if chance(0.2) {
            lines.append("eni create idle in \(pick(subnets)) sg \(pick(groups))")
            resources.append("idle")
        }
        return lines
    }

    mutating func packet() -> String {
        let a = pick(resources)
        var b = pick(resources)
        while b == a { b = pick(resources) }
        let port = pick(Self.ports + [25])
        if let far = farResources.first, chance(0.25) {
            return chance(0.5) ? "packet tcp from \(a) to \(far):\(port)" : "packet tcp from \(far) to \(a):\(port)"
        }
        if !dualStack.isEmpty, chance(0.25) {
            return "packet tcp from internet6 to \(pick(dualStack)):\(port)"
        }
        if let lb = balancers.first, chance(0.3) {
            return chance(0.6) ? "packet tcp from internet to \(lb):\(pick([80, 443]))" : "packet tcp from \(a) to \(lb):\(pick([80, 443]))"
        }
        switch Int.random(in: 0..<4, using: &rng) {
        case 0: return "packet tcp from internet to \(a):\(port)"
        case 1: return "packet tcp from \(a) to internet:\(port)"
        case 2: return "packet icmp echo-request from \(a) to \(b)"
        default: return "packet tcp from \(a) to \(b):\(port)"
        }
    }
}

@Suite("Suggested fixes")
struct FixPropertyTests {
    /// aws-semantics.md Part 1, decision 11: running the suggested fix makes the hop that
    /// blocked the packet pass.
    @Test("running the suggested fix of a blocked packet makes that hop pass", arguments: 0..<300)
    func fixMakesHopPass(seed: Int) throws {
        _ = try Self.tryFixes(seed: seed, checkExposure: true)
    }

    @Test("the random labs exercise fixes at every kind of check")
    func coverage() throws {
        var seen: [String: Int] = [:]
        for seed in 0..<300 {
            for name in try Self.tryFixes(seed: seed) { seen[name, default: 0] += 1 }
        }
        for name in ["security-group-inbound", "security-group-outbound", "network-acl-inbound", "network-acl-outbound",
                     "route-table-outbound", "internet-gateway-outbound", "load-balancer-inbound"] {
            #expect(seen[name, default: 0] > 0, "no fix was tried at \(name): \(seen)")
        }
    }

    /// Builds lab `seed`, fires packets, applies each suggested fix and checks the hop; returns
    /// the checks whose fixes were tried.
    static func tryFixes(seed: Int, checkExposure: Bool = false) throws -> [String] {
        var tried: [String] = []
        var lab = RandomLab(seed: UInt64(seed))
        var session = Session()
        // Random rules may repeat one another; a refused duplicate changes nothing.
        for line in lab.build() { _ = try? session.execute(line) }
        for _ in 0..<6 {
            let line = lab.packet()
            // A packet may be refused outright (an IPv6 packet to a resource without an IPv6
            // address): nothing to fix then.
            guard case .trace(let trace)? = try? session.execute(line), let blocked = trace.blockedAt else { continue }
            // A fix is one command, or a plan of commands when no single one works (issue 8).
            let commands = trace.fix.map { [$0.command] } ?? trace.planSteps
            guard !commands.isEmpty else {
                #expect(trace.advice != nil || blocked.component == .natGateway || blocked.component == .destination
                            || blocked.component == .internetGateway,
                        "seed \(seed): \(line) is blocked at \(blocked.componentName) with neither a fix nor advice")
                continue
            }
            tried.append(blocked.componentName)
            let exposedBefore = checkExposure ? exposure(session) : []
            let worldBefore = session.world
            var failed = false
            for command in commands where !failed {
                do {
                    _ = try session.execute(command)
                } catch {
                    Issue.record("seed \(seed): the fix `\(command)` for `\(line)` fails: \(error)")
                    failed = true
                }
            }
            if failed { continue }
            // A fix never opens a resource to the internet that the packet did not ask to reach:
            // only the destination asked for from the internet, or the sender itself when it asked
            // to reach the internet (a public instance in a public subnet is reachable by design).
            // A route makes a whole subnet public: instances launched there with a public address
            // are public by intent, so they may follow their neighbour.
            let words = line.split(separator: " ")
            var ends = [String(words[3].split(separator: ":")[0]), String(words[5].split(separator: ":")[0])]
            // A packet to a load balancer asks to reach its targets.
            for end in ends {
                guard let lbID = worldBefore.lookup(LoadBalancer.self, end), let lb = worldBefore.loadBalancers[lbID] else { continue }
                for listener in lb.listeners {
                    for target in worldBefore.targetGroups[listener.targetGroupID]?.targets ?? [] {
                        ends.append(worldBefore.targetText(target))
                    }
                }
            }
            ends += neighboursWithPublicAddresses(of: ends, in: worldBefore)
            for opened in (checkExposure ? exposure(session) : []).subtracting(exposedBefore)
            where !ends.contains(where: { opened.hasPrefix("\($0):") }) {
                Issue.record("seed \(seed): `\(commands)` for `\(line)` also opens \(opened) to the internet")
            }
            guard case .trace(let after)? = try session.execute(line) else { continue }
            let same = after.hops.filter {
                $0.leg == blocked.leg && $0.flow == blocked.flow && $0.component == blocked.component
                    && $0.direction == blocked.direction
                    && ($0.resourceID == blocked.resourceID || blocked.component == .internetGateway)
            }
            #expect(
                !same.contains { $0.status == .failed }, "seed \(seed): after `\(commands)`, `\(line)` is still blocked at \(blocked.componentName) (\(blocked.leg))")
            #expect(!same.isEmpty || after.allowed || after.blockedAt != blocked, "seed \(seed): the hop vanished")
        }
        return tried
    }

    /// Names of the resources with a public address that share a subnet with one of `names`.
    static func neighboursWithPublicAddresses(of names: [String], in world: World) -> [String] {
        // A NAT gateway's subnet is public by design too: the fix that gives it its internet
        // route makes its public instances reachable, as AWS does.
        let subnetsOfEnds = Set(names.compactMap { world.lookup(Resource.self, $0) }.compactMap { world.resources[$0] }
            .compactMap { world.interfaces[$0.primaryInterfaceID]?.subnetID } + world.natGateways.values.map(\.subnetID))
        return world.resources.values.filter { r in
            guard let eni = world.interfaces[r.primaryInterfaceID] else { return false }
            return subnetsOfEnds.contains(eni.subnetID) && eni.publicAddress != nil
        }.map(\.name)
    }

    /// `resource:port` pairs the internet can reach (the ports the random labs use).
    static func exposure(_ session: Session) -> Set<String> {
        var open = Set<String>()
        for id in session.world.resources.keys {
            guard let name = session.world.name(of: id) else { continue }
            for port in RandomLab.ports {
                let probe = Probe(.tcp, from: .internet, port: nil, to: .name(name), port: UInt16(port))
                if (try? session.world.evaluate(probe, explain: false))?.allowed == true { open.insert("\(name):\(port)") }
            }
        }
        return open
    }
}

