/// An IP protocol: a number from the IANA registry, or all protocols (`-1` in the EC2 API,
/// "IpPermission").
public enum IPProtocol: Hashable, Sendable, CustomStringConvertible {
    case all
    case number(UInt8)

    public static let tcp = IPProtocol.number(6)
    public static let udp = IPProtocol.number(17)
    public static let icmp = IPProtocol.number(1)
    /// ICMP for IPv6 ("Security group rules": protocol 58, `icmpv6`).
    public static let icmpv6 = IPProtocol.number(58)

    public var number: UInt8? {
        if case .number(let n) = self { return n }
        return nil
    }

    /// tcp and udp carry port ranges; every other protocol matches on all ports
    /// ("IpPermission": "for protocols other than tcp, udp, icmp ... traffic on all ports is allowed").
    public var hasPorts: Bool { self == .tcp || self == .udp }

    /// Whether a rule for `self` covers traffic of protocol `other`.
    public func covers(_ other: IPProtocol) -> Bool { self == .all || self == other }

    public var name: String {
        switch self {
        case .all: return "all"
        case .number(6): return "tcp"
        case .number(17): return "udp"
        case .number(1): return "icmp"
        case .number(58): return "icmpv6"
        case .number(let n): return "\(n)"
        }
    }

    public var description: String { name }

    public init?(name: String) {
        switch name.lowercased() {
        case "tcp", "6": self = .tcp
        case "udp", "17": self = .udp
        case "icmp", "1": self = .icmp
        case "icmpv6", "ipv6-icmp", "58": self = .icmpv6
        case "all", "-1": self = .all
        default:
            guard let n = Int(name), (0...255).contains(n) else { return nil }
            self = .number(UInt8(n))
        }
    }
}

/// What traffic a rule covers beyond its protocol: ports for tcp/udp, type/code for ICMP,
/// nothing for the rest.
public enum TrafficMatch: Hashable, Sendable, Codable {
    case any
    case ports(PortRange)
    case icmp(ICMPTypeCode)
}

/// Protocol plus port range or ICMP type, as a rule or an entry holds it.
public struct TrafficSpec: Hashable, Sendable, Codable, CustomStringConvertible {
    public let ipProtocol: IPProtocol
    public let match: TrafficMatch

    public init(_ ipProtocol: IPProtocol, _ match: TrafficMatch = .any) {
        self.ipProtocol = ipProtocol
        // Protocol -1 and protocols without ports ignore any range given ("IpPermission",
        // "NetworkAclEntry").
        switch (ipProtocol, match) {
        case (.tcp, .ports), (.udp, .ports), (.icmp, .icmp): self.match = match
        case (.icmp, _): self.match = .icmp(.all)
        default: self.match = .any
        }
    }

    public static let allTraffic = TrafficSpec(.all)

    /// Port range in the console's sense ("All", "22", "1024 - 65535", "N/A").
    public var portText: String {
        switch match {
        case .any: return "all"
        case .ports(let r): return r == .all ? "all" : r.description
        case .icmp(let t): return t.description
        }
    }

    /// Command-language spelling: `tcp 80`, `icmp echo-request`, `all`, `47`.
    public var description: String {
        switch match {
        case .any: return ipProtocol.name
        case .ports(let r): return "\(ipProtocol.name) \(r)"
        case .icmp(let t): return t.type == nil ? "icmp" : "icmp \(t)"
        }
    }

    /// Whether this spec admits the concrete `packet` traffic.
    func admits(_ traffic: Traffic) -> Bool {
        guard ipProtocol.covers(traffic.ipProtocol) else { return false }
        switch match {
        case .any: return true
        case .ports(let r): return r.contains(traffic.destinationPort)
        case .icmp(let t): return t.admits(traffic.icmp)
        }
    }
}

/// The protocol part of a concrete packet: its protocol and destination port or ICMP type.
public struct Traffic: Hashable, Sendable, CustomStringConvertible {
    public let ipProtocol: IPProtocol
    public let destinationPort: UInt16
    public let icmp: ICMPTypeCode

    public init(_ ipProtocol: IPProtocol, port: UInt16 = 0, icmp: ICMPTypeCode = .all) {
        self.ipProtocol = ipProtocol
        self.destinationPort = ipProtocol.hasPorts ? port : 0
        self.icmp = ipProtocol == .icmp ? icmp : .all
    }

    public var description: String {
        if ipProtocol.hasPorts { return "\(ipProtocol.name) \(destinationPort)" }
        if ipProtocol == .icmp { return "icmp \(icmp)" }
        return "protocol \(ipProtocol.name)"
    }
}
