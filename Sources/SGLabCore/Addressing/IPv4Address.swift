/// An IPv4 address, held as its 32-bit value.
public struct IPv4Address: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let value: UInt32

    public init(_ value: UInt32) { self.value = value }

    public init(_ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8) {
        value = UInt32(a) << 24 | UInt32(b) << 16 | UInt32(c) << 8 | UInt32(d)
    }

    /// Parses dotted-quad text (`10.0.1.5`); nil for anything else.
    public init?(_ text: some StringProtocol) {
        var parts: [UInt32] = []
        var current: UInt32 = 0
        var digits = 0
        for byte in text.utf8 {
            if byte == UInt8(ascii: ".") {
                guard digits > 0 else { return nil }
                parts.append(current)
                current = 0
                digits = 0
            } else if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                digits += 1
                guard digits <= 3 else { return nil }
                current = current * 10 + UInt32(byte - UInt8(ascii: "0"))
            } else {
                return nil
            }
        }
        guard digits > 0 else { return nil }
        parts.append(current)
        guard parts.count == 4, parts.allSatisfy({ $0 <= 255 }) else { return nil }
        value = parts[0] << 24 | parts[1] << 16 | parts[2] << 8 | parts[3]
    }

    public var description: String {
        // Built byte by byte: traces print many addresses.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(15)
        for shift in [24, 16, 8, 0] as [UInt32] {
            let octet = UInt8(truncatingIfNeeded: value >> shift)
            if octet >= 100 { bytes.append(48 + octet / 100) }
            if octet >= 10 { bytes.append(48 + octet / 10 % 10) }
            bytes.append(48 + octet % 10)
            if shift != 0 { bytes.append(46) }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    public static func < (lhs: IPv4Address, rhs: IPv4Address) -> Bool { lhs.value < rhs.value }

    public func advanced(by offset: Int) -> IPv4Address {
        IPv4Address(UInt32(truncatingIfNeeded: Int64(value) + Int64(offset)))
    }

    /// RFC 1918 private space or RFC 6598 shared space: an internet gateway never passes these
    /// to or from the internet (Reachability Analyzer explanation codes,
    /// IGW_*_RFC1918_* / IGW_*_RFC6598_*).
    public var isPrivateOrShared: Bool {
        CIDR.rfc1918.contains { $0.contains(self) } || CIDR.rfc6598.contains(self)
    }

    /// Link-local 169.254.0.0/16.
    public var isLinkLocal: Bool { CIDR.linkLocal.contains(self) }

    /// What kind of address no internet packet may come from, beyond private space (RFC 5735):
    /// nil for an ordinary address.
    var specialSourceKind: String? {
        if self == IPv4Address(255, 255, 255, 255) { return "the broadcast address" }
        if CIDR("224.0.0.0/4").contains(self) { return "a multicast address" }
        if CIDR("127.0.0.0/8").contains(self) { return "a loopback address" }
        if CIDR("0.0.0.0/8").contains(self) { return "in 0.0.0.0/8" }
        if isLinkLocal { return "a link-local address" }
        return nil
    }
}
