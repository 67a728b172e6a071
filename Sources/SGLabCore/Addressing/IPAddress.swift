/// An IP address of either family (aws-semantics.md Part 1, decision 25). An IPv4 address is
/// held as its IPv4-mapped IPv6 form (::ffff:a.b.c.d, RFC 4291 §2.5.5.2), so both families
/// share one 128-bit value: hashing, comparing and table keys need no branch, and an IPv4
/// address and an IPv6 one are never equal.
public struct IPAddress: Hashable, Comparable, Sendable, CustomStringConvertible {
    let high: UInt64
    let low: UInt64

    static let mappedPrefix: UInt64 = 0x0000_FFFF_0000_0000

    /// The 32-bit value of an IPv4 address (meaningless for IPv6).
    public var value: UInt32 { UInt32(truncatingIfNeeded: low) }

    public var isIPv6: Bool { high != 0 || low & 0xFFFF_FFFF_0000_0000 != IPAddress.mappedPrefix }

    public init(_ value: UInt32) {
        high = 0
        low = IPAddress.mappedPrefix | UInt64(value)
    }

    public init(_ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8) {
        self.init(UInt32(a) << 24 | UInt32(b) << 16 | UInt32(c) << 8 | UInt32(d))
    }

    /// An IPv6 address from its two 64-bit halves.
    public init(ipv6 high: UInt64, _ low: UInt64) {
        self.high = high
        self.low = low
    }

    /// Parses dotted-quad IPv4 (`10.0.1.5`) or IPv6 text (`2001:db8::10`); nil for anything else.
    public init?(_ text: some StringProtocol) {
        if text.utf8.contains(UInt8(ascii: ":")) {
            guard let (high, low) = IPAddress.parseIPv6(text) else { return nil }
            self.init(ipv6: high, low)
            return
        }
        guard let value = IPAddress.parseIPv4(text) else { return nil }
        self.init(value)
    }

    static func parseIPv4(_ text: some StringProtocol) -> UInt32? {
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
        return parts[0] << 24 | parts[1] << 16 | parts[2] << 8 | parts[3]
    }

    /// RFC 4291 §2.2 text: eight groups of up to four hex digits, one `::` standing for a run of
    /// zero groups, and a dotted IPv4 tail allowed in place of the last two groups.
    static func parseIPv6(_ text: some StringProtocol) -> (UInt64, UInt64)? {
        let string = String(text)
        guard string.utf8.count <= 45, !string.isEmpty else { return nil }
        var halves: [String] = []
        if let range = string.firstRange(of: "::") {
            let rest = string[range.upperBound...]
            guard rest.firstRange(of: "::") == nil else { return nil }
            halves = [String(string[..<range.lowerBound]), String(rest)]
        } else {
            halves = [string]
        }
        func groups(_ part: String) -> [UInt16]? {
            if part.isEmpty { return [] }
            var result: [UInt16] = []
            let pieces = part.split(separator: ":", omittingEmptySubsequences: false)
            for (index, piece) in pieces.enumerated() {
                if index == pieces.count - 1, piece.contains("."), let v4 = parseIPv4(piece) {
                    result.append(UInt16(v4 >> 16))
                    result.append(UInt16(v4 & 0xFFFF))
                    continue
                }
                guard (1...4).contains(piece.count), piece.allSatisfy(\.isHexDigit), let group = UInt16(piece, radix: 16)
                else { return nil }
                result.append(group)
            }
            return result
        }
        guard let head = groups(halves[0]) else { return nil }
        var all: [UInt16]
        if halves.count == 2 {
            guard let tail = groups(halves[1]), head.count + tail.count <= 7 else { return nil }
            all = head + Array(repeating: 0, count: 8 - head.count - tail.count) + tail
        } else {
            guard head.count == 8 else { return nil }
            all = head
        }
        var high: UInt64 = 0
        var low: UInt64 = 0
        for i in 0..<4 { high = high << 16 | UInt64(all[i]) }
        for i in 4..<8 { low = low << 16 | UInt64(all[i]) }
        return (high, low)
    }

    public var description: String {
        isIPv6 ? ipv6Text : ipv4Text
    }

    private var ipv4Text: String {
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

    /// RFC 5952 canonical text: lowercase, no leading zeros, the longest run of two or more
    /// zero groups (the first of equal runs) written `::`.
    private var ipv6Text: String {
        let groups = (0..<8).map { i -> UInt16 in
            let word = i < 4 ? high : low
            return UInt16(truncatingIfNeeded: word >> (UInt64(3 - i % 4) * 16))
        }
        var bestStart = -1
        var bestLength = 1
        var i = 0
        while i < 8 {
            guard groups[i] == 0 else {
                i += 1
                continue
            }
            var j = i
            while j < 8 && groups[j] == 0 { j += 1 }
            if j - i > bestLength {
                bestStart = i
                bestLength = j - i
            }
            i = j
        }
        func hex(_ range: Range<Int>) -> String { groups[range].map { String($0, radix: 16) }.joined(separator: ":") }
        guard bestStart >= 0 else { return hex(0..<8) }
        return hex(0..<bestStart) + "::" + hex((bestStart + bestLength)..<8)
    }

    public static func < (lhs: IPAddress, rhs: IPAddress) -> Bool { (lhs.high, lhs.low) < (rhs.high, rhs.low) }

    public func advanced(by offset: Int) -> IPAddress {
        guard isIPv6 else { return IPAddress(UInt32(truncatingIfNeeded: Int64(value) + Int64(offset))) }
        if offset >= 0 {
            let (sum, carry) = low.addingReportingOverflow(UInt64(offset))
            return IPAddress(ipv6: high &+ (carry ? 1 : 0), sum)
        }
        let (difference, borrow) = low.subtractingReportingOverflow(UInt64(-offset))
        return IPAddress(ipv6: high &- (borrow ? 1 : 0), difference)
    }

    /// RFC 1918 private space or RFC 6598 shared space: an internet gateway never passes these
    /// to or from the internet (Reachability Analyzer explanation codes,
    /// IGW_*_RFC1918_* / IGW_*_RFC6598_*). IPv6 has no such space in a VPC: its addresses are
    /// global ("IPv6 addressing in your VPC"), unique local fc00::/7 aside.
    public var isPrivateOrShared: Bool {
        if isIPv6 { return high >> 57 == 0x7E }
        return CIDR.rfc1918.contains { $0.contains(self) } || CIDR.rfc6598.contains(self)
    }

    /// Link-local 169.254.0.0/16, or fe80::/10.
    public var isLinkLocal: Bool {
        if isIPv6 { return high >> 54 == 0x3FA }
        return CIDR.linkLocal.contains(self)
    }

    /// What kind of address no internet packet may come from, beyond private space (RFC 5735,
    /// RFC 4291): nil for an ordinary address.
    public var specialSourceKind: String? {
        if isIPv6 {
            if high >> 56 == 0xFF { return "a multicast address" }
            if high == 0 && low == 1 { return "the loopback address" }
            if high == 0 && low == 0 { return "the unspecified address" }
            if isLinkLocal { return "a link-local address" }
            return nil
        }
        if self == IPAddress(255, 255, 255, 255) { return "the broadcast address" }
        if CIDR("224.0.0.0/4").contains(self) { return "a multicast address" }
        if CIDR("127.0.0.0/8").contains(self) { return "a loopback address" }
        if CIDR("0.0.0.0/8").contains(self) { return "in 0.0.0.0/8" }
        if isLinkLocal { return "a link-local address" }
        return nil
    }
}

extension IPAddress {
    /// The block of this one address, as a rule writes it: `/32`, or `/128` for IPv6.
    public var hostBlock: String { "\(self)/\(isIPv6 ? 128 : 32)" }

    /// The address with a port: `10.0.1.4:443`, `[2001:db8::10]:443` (RFC 3986).
    public func withPort(_ port: some CustomStringConvertible) -> String {
        isIPv6 ? "[\(self)]:\(port)" : "\(self):\(port)"
    }
}

/// The name the code before IPv6 used.
public typealias IPv4Address = IPAddress
