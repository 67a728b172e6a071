/// A CIDR block of either family (IPv4 prefix lengths 0–32, IPv6 0–128). Always canonical: host
/// bits are zero, as AWS stores them ("AuthorizeSecurityGroupIngress": 100.68.0.18/18 is stored
/// as 100.68.0.0/18).
public struct CIDR: Hashable, Sendable, CustomStringConvertible {
    public let network: IPAddress
    public let prefixLength: Int

    public init(_ address: IPAddress, prefixLength: Int) {
        self.prefixLength = prefixLength
        if address.isIPv6 {
            precondition((0...128).contains(prefixLength))
            let (high, low) = CIDR.mask6(prefixLength)
            self.network = IPAddress(ipv6: address.high & high, address.low & low)
        } else {
            precondition((0...32).contains(prefixLength))
            self.network = IPAddress(address.value & CIDR.mask(prefixLength))
        }
    }

    public var isIPv6: Bool { network.isIPv6 }

    public static func mask(_ prefixLength: Int) -> UInt32 {
        prefixLength == 0 ? 0 : UInt32.max << UInt32(32 - prefixLength)
    }

    static func mask6(_ prefixLength: Int) -> (UInt64, UInt64) {
        func part(_ bits: Int) -> UInt64 { bits <= 0 ? 0 : bits >= 64 ? .max : UInt64.max << UInt64(64 - bits) }
        return (part(prefixLength), part(prefixLength - 64))
    }

    public var mask: UInt32 { CIDR.mask(prefixLength) }
    public var first: IPAddress { network }
    public var last: IPAddress {
        guard isIPv6 else { return IPAddress(network.value | ~mask) }
        let (high, low) = CIDR.mask6(prefixLength)
        return IPAddress(ipv6: network.high | ~high, network.low | ~low)
    }
    /// The number of addresses, capped at 2^63 (an IPv6 /64 already has 2^64).
    public var size: UInt64 {
        let bits = (isIPv6 ? 128 : 32) - prefixLength
        return bits >= 63 ? UInt64(1) << 63 : UInt64(1) << UInt64(bits)
    }

    public func contains(_ address: IPAddress) -> Bool {
        guard address.isIPv6 == isIPv6 else { return false }
        guard isIPv6 else { return address.value & mask == network.value }
        let (high, low) = CIDR.mask6(prefixLength)
        return address.high & high == network.high && address.low & low == network.low
    }

    public func contains(_ other: CIDR) -> Bool {
        other.prefixLength >= prefixLength && contains(other.network)
    }

    public func overlaps(_ other: CIDR) -> Bool { contains(other.network) || other.contains(network) }

    public var description: String { "\(network)/\(prefixLength)" }

    public static let anywhere = CIDR(IPAddress(0), prefixLength: 0)
    /// `::/0`, every IPv6 address: separate from 0.0.0.0/0 ("Security group rules").
    public static let anywhere6 = CIDR(IPAddress(ipv6: 0, 0), prefixLength: 0)
    static let rfc1918 = [
        CIDR(IPAddress(10, 0, 0, 0), prefixLength: 8),
        CIDR(IPAddress(172, 16, 0, 0), prefixLength: 12),
        CIDR(IPAddress(192, 168, 0, 0), prefixLength: 16),
    ]
    static let rfc6598 = CIDR(IPAddress(100, 64, 0, 0), prefixLength: 10)
    static let linkLocal = CIDR(IPAddress(169, 254, 0, 0), prefixLength: 16)

    /// The outcome of reading CIDR text: the block, whether the text was already canonical,
    /// or why it is not a CIDR.
    public enum ParseResult: Equatable, Sendable {
        case valid(CIDR, canonical: Bool)
        case invalid(reason: String)
    }

    /// Reads `a.b.c.d/n` or an IPv6 block (`2001:db8::/32`, `::/0`). A bare address is not a
    /// CIDR here: AWS wants a single host as /32 or /128 ("Security group rules": "a single
    /// IPv4 address ... /32 prefix length").
    public static func parse(_ text: some StringProtocol) -> ParseResult {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        let six = text.contains(":")
        guard parts.count == 2 else {
            if IPAddress(text) != nil {
                return .invalid(reason: "a CIDR needs a prefix length: write \(text)/\(six ? 128 : 32) for a single address")
            }
            return .invalid(reason: six ? "expected an IPv6 CIDR like 2001:db8::/56" : "expected an IPv4 CIDR like 10.0.0.0/16")
        }
        guard let address = IPAddress(parts[0]) else {
            return .invalid(reason: six
                ? "\(parts[0]) is not an IPv6 address (up to eight groups of hex digits separated by colons, one :: at most)"
                : "\(parts[0]) is not an IPv4 address (four numbers 0–255 separated by dots)")
        }
        let maximum = address.isIPv6 ? 128 : 32
        guard !parts[1].isEmpty, parts[1].allSatisfy({ $0.isASCII && $0.isNumber }), let length = Int(parts[1]),
            (0...maximum).contains(length)
        else {
            return .invalid(reason: "the prefix length must be 0–\(maximum)")
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
