import SGLabCore

/// What a template hands the generator: the world, the packet or the goals, the tags. The
/// generator runs it through the evaluator, builds the explanation from what comes back, and
/// either keeps it or asks the template for another.
struct Draft: Sendable {
    var template: Template
    var kind: QuestionKind
    var topic: String
    var seed: [Int] = []
    var traps: [Int] = []
    var difficulty = 1
    var stem = ""
    var body = ""
    var script: [String] = []
    /// Scenario: `tcp from internet to web:443` (the words after `packet`).
    var packet: String?
    /// Scenario: what the template's own reading of aws-semantics.md predicts (`allowed` or
    /// `blocked at network-acl-outbound`). Never stored in the question: the evaluator answers.
    /// Kept so tests can hold the evaluator and the templates to the same semantics.
    var expected: String?
    var goal: [String] = []
    var solution: [String] = []
    /// The idea behind the question, in a few sentences; ends the explanation.
    var concept = ""
    /// The faults injected, by name (empty: a healthy world).
    var faults: [String] = []
    /// Scenario: the packet is stopped on purpose (a database the internet must not reach), so
    /// the explanation offers no fix for it.
    var blockedByDesign = false

    init(template: Template, kind: QuestionKind, topic: String) {
        self.template = template
        self.kind = kind
        self.topic = topic
    }

    /// Adds seed sections and traps, keeping them sorted and unique.
    mutating func tag(seed more: [Int], traps moreTraps: [Int] = []) {
        seed = Array(Set(seed + more)).sorted()
        traps = Array(Set(traps + moreTraps)).sorted()
    }
}

/// One injectable mistake: how it is tagged and what it teaches.
struct Fault: Sendable {
    let name: String
    let topic: String
    let seed: [Int]
    let traps: [Int]
}

/// Picks the faults of one question: none, one or two, never two from the same exclusive group.
/// A fix-it always gets at least one.
func drawFaults<F: Hashable>(
    _ r: inout SplitMix64, _ all: [F], kind: QuestionKind, exclusive: [[F]] = [], allowTwo: Bool = true
) -> [F] {
    let count: Int
    let roll = r.int(0...99)
    if kind == .fixit {
        count = allowTwo && roll < 30 ? 2 : 1
    } else {
        count = roll < 30 ? 0 : (allowTwo && roll >= 80 ? 2 : 1)
    }
    var chosen: [F] = []
    for f in r.shuffled(all) where chosen.count < count {
        let clashes = exclusive.contains { group in group.contains(f) && chosen.contains { group.contains($0) } }
        if !clashes { chosen.append(f) }
    }
    return chosen
}

/// The first check that fails, in walk order: `allowed` or `blocked at COMPONENT-DIRECTION`.
func firstFailure(_ checks: [(String, Bool)]) -> String {
    checks.first { !$0.1 }.map { "blocked at \($0.0)" } ?? "allowed"
}

/// Addresses of one generated VPC: 10.B.0.0/16, 172.16-31.0.0/16 or 192.168.0.0/16.
struct Net: Sendable {
    let a: Int
    let b: Int
    var thirds: [Int]

    static func draw(_ r: inout SplitMix64, subnets: Int) -> Net {
        let thirdsPool = r.shuffled(Array(0...250))
        switch r.int(0...3) {
        case 0: return Net(a: 172, b: r.int(16...31), thirds: Array(thirdsPool.prefix(subnets)))
        case 1: return Net(a: 192, b: 168, thirds: Array(thirdsPool.prefix(subnets)))
        default: return Net(a: 10, b: r.int(0...254), thirds: Array(thirdsPool.prefix(subnets)))
        }
    }

    var vpc: String { "\(a).\(b).0.0/16" }
    func subnet(_ i: Int) -> String { "\(a).\(b).\(thirds[i]).0/24" }
}

/// Internet-side roles, each from its own documentation range so that rules written for one
/// never match another by accident: clients from 198.51.100.0/24 (where `internet`,
/// 198.51.100.10, also lives); the office and the attackers share out 192.0.2.0/24 and
/// 203.0.113.0/24.
struct Outside: Sendable {
    /// `192.0.2.0/24`-style range of the office (admins), and one host in it.
    let officeCIDR: String
    let officeHost: String
    /// A hostile range and one host in it.
    let badCIDR: String
    let badHost: String
    /// A partner inside the hostile range (for "deny too wide").
    let partnerInBad: String
    /// Ordinary clients.
    let client: String
    let otherClient: String
    /// An internet server the VPC calls out to (package mirror, partner API).
    let server: String

    static func draw(_ r: inout SplitMix64) -> Outside {
        let ranges = r.shuffled(["192.0.2", "203.0.113"])
        let office = ranges[0]
        let bad = ranges[1]
        let officeCIDR: String
        let officeHost: String
        switch r.int(0...2) {
        case 0:
            officeCIDR = "\(office).0/24"
            officeHost = "\(office).\(r.int(2...254))"
        case 1:
            let base = r.pick([0, 64, 128, 192])
            officeCIDR = "\(office).\(base)/26"
            officeHost = "\(office).\(base + r.int(1...62))"
        default:
            let base = r.pick([16, 32, 48, 96, 160, 224])
            officeCIDR = "\(office).\(base)/28"
            officeHost = "\(office).\(base + r.int(1...14))"
        }
        let clientHosts = r.sample(Array(11...199), 2)
        return Outside(
            officeCIDR: officeCIDR, officeHost: officeHost,
            badCIDR: "\(bad).0/24", badHost: "\(bad).\(r.int(2...120))", partnerInBad: "\(bad).\(r.int(200...250))",
            client: "198.51.100.\(clientHosts[0])", otherClient: "198.51.100.\(clientHosts[1])",
            server: "198.51.100.\(r.int(200...254))")
    }
}

/// Just enough CIDR arithmetic for the generator's own bookkeeping.
enum CIDRCheck {
    static func value(_ address: Substring) -> UInt32 {
        address.split(separator: ".").reduce(UInt32(0)) { $0 << 8 | (UInt32($1) ?? 0) }
    }

    static func contains(_ cidr: String, _ host: String) -> Bool {
        let parts = cidr.split(separator: "/")
        guard parts.count == 2, let bits = Int(parts[1]) else { return false }
        let mask: UInt32 = bits == 0 ? 0 : ~UInt32(0) << UInt32(32 - bits)
        return value(parts[0]) & mask == value(Substring(host)) & mask
    }
}

/// Ephemeral source ports, by the client's operating system (aws-semantics.md §3.1).
enum ClientKind: CaseIterable, Sendable {
    case linux, windows, natted, legacyWindows

    var label: String {
        switch self {
        case .linux: return "a Linux laptop (ephemeral ports 32768-61000)"
        case .windows: return "a Windows 10 PC (ephemeral ports 49152-65535)"
        case .natted: return "an office behind a NAT router that rewrites source ports into 1024-65535"
        case .legacyWindows: return "an old Windows Server 2003 machine (ephemeral ports 1025-5000)"
        }
    }

    var short: String {
        switch self {
        case .linux: return "Linux"
        case .windows: return "Windows"
        case .natted: return "NAT-ed"
        case .legacyWindows: return "Windows Server 2003"
        }
    }

    /// A port this kind of client really uses; `above` narrows Windows ports past 61000.
    func port(_ r: inout SplitMix64, windowsAbove61000: Bool = false) -> Int {
        switch self {
        case .linux: return r.int(32768...48999)
        case .windows: return windowsAbove61000 ? r.int(61001...65535) : r.int(49152...65535)
        case .natted: return r.int(1024...32767)
        case .legacyWindows: return r.int(1025...5000)
        }
    }
}

/// Name pools: every name is letters, digits and `-`, never starting with an AWS ID prefix.
enum Pools {
    static let vpc = ["lab", "shop", "prod", "blog", "acme", "orbit", "atlas", "cedar", "harbor", "maple", "nova", "kite"]
    static let igw = ["gw", "inet", "edge-gw", "door"]
    static let publicSubnet = ["pub", "public", "dmz", "edge", "front"]
    static let privateSubnet = ["priv", "private", "inner", "back", "workers"]
    static let dataSubnet = ["data", "db-net", "storage", "vault"]
    static let publicRT = ["pubrt", "public-rt", "edge-rt", "web-routes"]
    static let privateRT = ["privrt", "private-rt", "app-routes", "inner-rt"]
    static let nacl = ["web-acl", "pubacl", "edge-acl", "front-acl"]
    static let nat = ["natgw", "egress", "outbound-gw", "natgw-a"]
    static let webHost = ["web", "www", "site", "portal", "shopfront"]
    static let appHost = ["app", "api", "backend", "orders"]

    /// (label, port) of a public web service.
    static let webService: [(String, Int)] = [("HTTPS", 443), ("HTTP", 80), ("HTTPS", 8443), ("HTTP", 8080)]
    static let appPort = [8080, 8000, 9000, 3000, 5000]
    /// (engine, port, launch kind).
    static let database: [(String, Int, String)] = [
        ("MySQL", 3306, "rds"), ("PostgreSQL", 5432, "rds"), ("SQL Server", 1433, "rds"), ("Redis", 6379, "elasticache"),
        ("Memcached", 11211, "elasticache"),
    ]

    /// The port a web service is confused with (the mistake people make).
    static func wrongWebPort(_ port: Int) -> Int {
        switch port {
        case 443: return 80
        case 80: return 443
        case 8443: return 443
        default: return 80
        }
    }
}

/// The common shape of a public subnet: VPC, subnet, attached gateway, public route table.
func publicScaffold(vpc: String, net: Net, subnet: String, gateway: String, routeTable: String, associate: Bool = true)
    -> [String]
{
    var lines = [
        "vpc create \(vpc) \(net.vpc)",
        "subnet create \(subnet) in \(vpc) \(net.subnet(0))",
        "igw create \(gateway) in \(vpc)",
        "rt create \(routeTable) in \(vpc)",
        "route add \(routeTable) 0.0.0.0/0 via \(gateway)",
    ]
    if associate { lines.append("rt associate \(routeTable) \(subnet)") }
    return lines
}

/// `tcp from A to B:P`, the words after `packet` or `expect allowed|blocked`.
func flow(_ source: String, _ destination: String, _ port: Int) -> String { "tcp from \(source) to \(destination):\(port)" }

/// The names of a one-subnet public web world, drawn in one fixed order (so seeds replay):
/// VPC, block, subnet, gateway, route table, network ACL, host, its group, and its service.
enum PublicWebNames {
    static func draw(_ r: inout SplitMix64)
        -> (vpc: String, net: Net, sub: String, gw: String, rt: String, acl: String, host: String, sg: String, label: String, port: Int)
    {
        let vpc = r.pick(Pools.vpc)
        let net = Net.draw(&r, subnets: 1)
        let sub = r.pick(Pools.publicSubnet)
        let gw = r.pick(Pools.igw)
        let rt = r.pick(Pools.publicRT)
        let acl = r.pick(Pools.nacl)
        let host = r.pick(Pools.webHost)
        let (label, port) = r.pick(Pools.webService)
        return (vpc, net, sub, gw, rt, acl, host, "\(host)-sg", label, port)
    }
}
