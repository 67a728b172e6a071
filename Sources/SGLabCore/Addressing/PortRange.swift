/// An inclusive range of TCP/UDP ports, always ordered (`from <= to`).
public struct PortRange: Hashable, Sendable, CustomStringConvertible {
    public let from: UInt16
    public let to: UInt16

    public init?(from: Int, to: Int) {
        guard (0...65535).contains(from), (0...65535).contains(to), from <= to else { return nil }
        self.from = UInt16(from)
        self.to = UInt16(to)
    }

    public init(_ port: UInt16) {
        from = port
        to = port
    }

    public static let all = PortRange(from: 0, to: 65535)!
    /// The range NAT gateways, Elastic Load Balancing and Lambda use for their source ports
    /// ("Network ACLs" › "Ephemeral ports").
    public static let ephemeralAWS = PortRange(from: 1024, to: 65535)!

    public func contains(_ port: UInt16) -> Bool { from <= port && port <= to }
    public func contains(_ other: PortRange) -> Bool { from <= other.from && other.to <= to }
    public func overlaps(_ other: PortRange) -> Bool { from <= other.to && other.from <= to }
    public var isSingle: Bool { from == to }
    public var count: Int { Int(to) - Int(from) + 1 }

    public var description: String { isSingle ? "\(from)" : "\(from)-\(to)" }
}

/// An ICMP type with an optional code; nil means "all" (AWS encodes it as -1).
public struct ICMPTypeCode: Hashable, Sendable, CustomStringConvertible {
    public let type: UInt8?
    public let code: UInt8?

    public init(type: UInt8?, code: UInt8? = nil) {
        self.type = type
        self.code = type == nil ? nil : code
    }

    public static let all = ICMPTypeCode(type: nil)
    public static let echoRequest = ICMPTypeCode(type: 8, code: 0)
    public static let echoReply = ICMPTypeCode(type: 0, code: 0)

    /// Whether a rule written with `self` admits a message of `other` (type and code concrete).
    public func admits(_ other: ICMPTypeCode) -> Bool {
        guard let type else { return true }
        guard other.type == type else { return false }
        guard let code else { return true }
        return other.code == code
    }

    public var description: String {
        switch (type, code) {
        case (nil, _): return "all"
        case (8, 0?): return "echo-request"
        case (0, 0?): return "echo-reply"
        case (let t?, nil): return "\(t)"
        case (let t?, let c?): return "\(t):\(c)"
        }
    }
}
