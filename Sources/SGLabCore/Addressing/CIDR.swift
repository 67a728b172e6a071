/// An IPv4 CIDR block. Always canonical: host bits are zero, as AWS stores them
/// ("AuthorizeSecurityGroupIngress": 100.68.0.18/18 is stored as 100.68.0.0/18).
public struct CIDR: Hashable, Sendable, CustomStringConvertible {
    public let network: IPv4Address
    public let prefixLength: Int

    public init(_ address: IPv4Address, prefixLength: Int) {
        precondition((0...32).contains(prefixLength))
        self.prefixLength = prefixLength
        self.network = IPv4Address(address.value & CIDR.mask(prefixLength))
    }

    public static func mask(_ prefixLength: Int) -> UInt32 {
        prefixLength == 0 ? 0 : UInt32.max << UInt32(32 - prefixLength)
    }

    public var mask: UInt32 { CIDR.mask(prefixLength) }
    public var first: IPv4Address { network }
    public var last: IPv4Address { IPv4Address(network.value | ~mask) }
    public var size: UInt64 { UInt64(1) << UInt64(32 - prefixLength) }

    public func contains(_ address: IPv4Address) -> Bool { address.value & mask == network.value }

    public func contains(_ other: CIDR) -> Bool {
        other.prefixLength >= prefixLength && contains(other.network)
    }

    public func overlaps(_ other: CIDR) -> Bool { contains(other.network) || other.contains(network) }

    public var description: String { "\(network)/\(prefixLength)" }

    public static let anywhere = CIDR(IPv4Address(0), prefixLength: 0)
    static let rfc1918 = [
        CIDR(IPv4Address(10, 0, 0, 0), prefixLength: 8),
        CIDR(IPv4Address(172, 16, 0, 0), prefixLength: 12),
        CIDR(IPv4Address(192, 168, 0, 0), prefixLength: 16),
    ]
    static let rfc6598 = CIDR(IPv4Address(100, 64, 0, 0), prefixLength: 10)
    static let linkLocal = CIDR(IPv4Address(169, 254, 0, 0), prefixLength: 16)

    /// The outcome of reading CIDR text: the block, whether the text was already canonical,
    /// or why it is not a CIDR.
    public enum ParseResult: Equatable, Sendable {
        case valid(CIDR, canonical: Bool)
        case invalid(reason: String)
    }

    /// Reads `a.b.c.d/n`. A bare address is not a CIDR here: AWS wants a single host as /32
    /// ("Security group rules": "a single IPv4 address ... /32 prefix length").
    public static func parse(_ text: some StringProtocol) -> ParseResult {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2 else {
            if IPv4Address(text) != nil {
                return .invalid(reason: "a CIDR needs a prefix length: write \(text)/32 for a single address")
            }
            return .invalid(reason: "expected an IPv4 CIDR like 10.0.0.0/16")
        }
        guard let address = IPv4Address(parts[0]) else {
            return .invalid(reason: "\(parts[0]) is not an IPv4 address (four numbers 0–255 separated by dots)")
        }
        guard !parts[1].isEmpty, parts[1].allSatisfy({ $0.isASCII && $0.isNumber }), let length = Int(parts[1]), (0...32).contains(length) else {
            return .invalid(reason: "the prefix length must be 0–32")
        }
        let cidr = CIDR(address, prefixLength: length)
        return .valid(cidr, canonical: cidr.network == address)
    }

    /// Convenience for tests and built-in tables: traps on invalid text.
    public init(_ text: String) {
        guard case .valid(let cidr, _) = CIDR.parse(text) else { preconditionFailure("bad CIDR literal \(text)") }
        self = cidr
    }
}
