import Testing

@testable import SGLabCore

@Suite("Addressing: IPv4 addresses, CIDR blocks, ports and traffic specs")
struct AddressingTests {
    // MARK: IPAddress

    // Spec: commands.md "Lexical rules" (an address is four numbers 0–255 separated by dots).
    @Test(
        "A dotted quad of four numbers 0–255 parses to its 32-bit value",
        arguments: [
            ("10.0.1.5", UInt32(0x0A00_0105)),
            ("0.0.0.0", 0),
            ("255.255.255.255", 0xFFFF_FFFF),
            ("198.51.100.10", 0xC633_640A),
            ("172.31.255.254", 0xAC1F_FFFE),
        ])
    func parsesValidAddress(text: String, value: UInt32) throws {
        let address = try #require(IPAddress(text))
        #expect(address.value == value)
        #expect(address.description == text)
    }

    // Spec: aws-semantics.md §1.1 / API-ERR ("a bad IPv4 literal fails ... is malformed").
    @Test(
        "Anything that is not four numbers 0–255 separated by single dots is not an address",
        arguments: [
            "256.0.0.1", "1.2.3.256", "1.2.3", "1.2.3.4.5", "1..2.3", ".1.2.3", "1.2.3.", "a.b.c.d", "10.0.0.x",
            "", " 10.0.0.1", "10.0.0.1 ", "1000.0.0.1", "10.0.0.-1", "10.0.0.1/32", "2001:db8:::1", "2001:db8::1::2", "12345::1",
        ])
    func rejectsInvalidAddress(text: String) {
        #expect(IPAddress(text) == nil)
    }

    // Spec: aws-semantics.md §5.1 / RA-CODES IGW_*_RFC1918_* / IGW_*_RFC6598_* (private and shared space).
    @Test(
        "RFC 1918 private space and RFC 6598 shared space are private-or-shared; everything else is not",
        arguments: [
            ("10.0.0.0", true), ("10.255.255.255", true),
            ("172.16.0.0", true), ("172.31.255.255", true), ("172.15.255.255", false), ("172.32.0.0", false),
            ("192.168.0.0", true), ("192.168.255.255", true), ("192.167.255.255", false), ("192.169.0.0", false),
            ("100.64.0.0", true), ("100.127.255.255", true), ("100.63.255.255", false), ("100.128.0.0", false),
            ("198.51.100.10", false), ("3.80.0.1", false), ("8.8.8.8", false), ("11.0.0.0", false),
            ("169.254.169.254", false),
        ])
    func privateOrShared(text: String, expected: Bool) throws {
        let address = try #require(IPAddress(text))
        #expect(address.isPrivateOrShared == expected)
    }

    // MARK: CIDR

    // Spec: API-AUTH ("100.68.0.18/18 is stored as 100.68.0.0/18"), subtle case 21.
    @Test(
        "A CIDR parses to its canonical block and says whether the text was already canonical",
        arguments: [
            ("10.0.0.0/16", "10.0.0.0/16", true),
            ("0.0.0.0/0", "0.0.0.0/0", true),
            ("203.0.113.1/32", "203.0.113.1/32", true),
            ("100.68.0.18/18", "100.68.0.0/18", false),
            ("10.0.0.5/24", "10.0.0.0/24", false),
            ("10.0.1.255/23", "10.0.0.0/23", false),
            ("1.2.3.4/0", "0.0.0.0/0", false),
        ])
    func parsesCIDR(text: String, block: String, canonical: Bool) {
        guard case .valid(let cidr, let wasCanonical) = CIDR.parse(text) else {
            Issue.record("\(text) should parse")
            return
        }
        #expect(cidr.description == block)
        #expect(wasCanonical == canonical)
    }

    // Spec: aws-semantics.md §1.7 InvalidParameterValue ("CIDR block … is malformed").
    @Test(
        "Prefix lengths outside 0–32, missing prefixes and bad addresses are not CIDRs",
        arguments: ["10.0.0.0/33", "10.0.0.0/-1", "10.0.0.0/", "10.0.0.0/a", "10.0.0/16", "256.0.0.0/8", "10.0.0.0/16/2", "", "/16", "::/129", "2001:db8::1"])
    func rejectsBadCIDR(text: String) {
        guard case .invalid(let reason) = CIDR.parse(text) else {
            Issue.record("\(text) should not parse as a CIDR")
            return
        }
        #expect(!reason.isEmpty)
    }

    // Spec: aws-semantics.md §1.1 / §1.7 ("a bad IPv4 literal fails … CIDR block … is malformed"): a prefix length is decimal digits.
    @Test("A signed prefix length is not a CIDR", arguments: ["10.0.0.0/+8", "10.0.0.0/+16"])
    func signedPrefix(text: String) {
        guard case .invalid = CIDR.parse(text) else {
            Issue.record("\(text) parsed as a CIDR")
            return
        }
    }

    // Spec: VPC-SGR ("a single IPv4 address … must be written with the /32 prefix length").
    @Test("A bare address is refused as a CIDR with a message that shows the /32 form")
    func bareAddressNeedsSlash32() {
        guard case .invalid(let reason) = CIDR.parse("203.0.113.7") else {
            Issue.record("a bare address must not parse as a CIDR")
            return
        }
        #expect(reason.contains("203.0.113.7/32"))
    }

    // Spec: aws-semantics.md §1.7 (a /33 is a malformed CIDR) — the message names the range.
    @Test("A prefix length of 33 is reported as outside 0–32")
    func slash33Message() {
        guard case .invalid(let reason) = CIDR.parse("10.0.0.0/33") else {
            Issue.record("/33 must not parse")
            return
        }
        #expect(reason.contains("0–32"))
    }

    // Spec: VPC-RT "Route priority" (longest prefix / containment of blocks).
    @Test(
        "A block contains exactly the addresses from its network to its last address",
        arguments: [
            ("10.0.0.0/16", "10.0.0.0", true), ("10.0.0.0/16", "10.0.255.255", true),
            ("10.0.0.0/16", "10.1.0.0", false), ("10.0.0.0/16", "9.255.255.255", false),
            ("0.0.0.0/0", "255.255.255.255", true), ("203.0.113.1/32", "203.0.113.1", true),
            ("203.0.113.1/32", "203.0.113.2", false), ("10.0.1.0/24", "10.0.2.0", false),
        ])
    func containsAddress(block: String, address: String, expected: Bool) throws {
        let ip = try #require(IPAddress(address))
        #expect(CIDR(block).contains(ip) == expected)
    }

    // Spec: VPC-SUBNET (a subnet block must lie inside its VPC block).
    @Test(
        "A block contains another only when the other is inside it",
        arguments: [
            ("10.0.0.0/16", "10.0.1.0/24", true), ("10.0.1.0/24", "10.0.0.0/16", false),
            ("10.0.0.0/16", "10.0.0.0/16", true), ("10.0.0.0/16", "10.1.0.0/24", false),
            ("0.0.0.0/0", "198.51.100.0/24", true), ("10.0.0.0/24", "10.0.0.0/23", false),
        ])
    func containsBlock(outer: String, inner: String, expected: Bool) {
        #expect(CIDR(outer).contains(CIDR(inner)) == expected)
    }

    // Spec: API-ERR InvalidSubnet.Conflict (subnet blocks of one VPC may not overlap).
    @Test(
        "Two blocks overlap when they share an address, whichever is given first",
        arguments: [
            ("10.0.0.0/16", "10.0.1.0/24", true), ("10.0.0.0/24", "10.0.1.0/24", false),
            ("10.0.0.0/23", "10.0.1.0/24", true), ("10.0.0.0/24", "10.0.0.128/25", true),
            ("192.168.0.0/16", "10.0.0.0/8", false), ("0.0.0.0/0", "203.0.113.0/24", true),
            ("10.0.0.0/25", "10.0.0.128/25", false),
        ])
    func overlaps(a: String, b: String, expected: Bool) {
        #expect(CIDR(a).overlaps(CIDR(b)) == expected)
        #expect(CIDR(b).overlaps(CIDR(a)) == expected)
    }

    // Spec: VPC-SUBNET ("Usable IPs in a /24 → 251", 5 reserved of 256).
    @Test("A block's first and last addresses and size follow from its prefix length")
    func blockBounds() {
        let block = CIDR("10.0.1.0/24")
        #expect(block.first.description == "10.0.1.0")
        #expect(block.last.description == "10.0.1.255")
        #expect(block.size == 256)
        #expect(CIDR("0.0.0.0/0").size == 1 << 32)
        #expect(CIDR("10.0.0.0/28").last.description == "10.0.0.15")
    }

    // MARK: PortRange

    // Spec: VPC-SGR ("FromPort..ToPort inclusive; a single port or a range").
    @Test("A port range is inclusive at both ends")
    func portRangeInclusive() throws {
        let range = try #require(PortRange(from: 1024, to: 65535))
        #expect(range.contains(1024))
        #expect(range.contains(65535))
        #expect(!range.contains(1023))
        #expect(range.count == 64512)
        #expect(range.description == "1024-65535")
        #expect(PortRange(22).description == "22")
        #expect(PortRange(22).isSingle)
        #expect(!range.isSingle)
    }

    // Spec: API-IPPERM (ports 0–65535, FromPort ≤ ToPort).
    @Test(
        "Reversed ranges and ports outside 0–65535 are not port ranges",
        arguments: [(80, 22), (-1, 80), (0, 65536), (70000, 70001)])
    func invalidPortRange(from: Int, to: Int) {
        #expect(PortRange(from: from, to: to) == nil)
    }

    // Spec: aws-semantics.md Part 1 decision 8 (the NAT range must be wholly allowed: containment/overlap).
    @Test("Port ranges contain and overlap as intervals")
    func portRangeRelations() throws {
        let linux = try #require(PortRange(from: 32768, to: 61000))
        let nat = PortRange.ephemeralAWS
        let windows = try #require(PortRange(from: 49152, to: 65535))
        #expect(nat.contains(linux))
        #expect(!linux.contains(nat))
        #expect(linux.overlaps(windows))
        #expect(!PortRange(80).overlaps(PortRange(443)))
        #expect(PortRange.all.contains(nat))
        #expect(nat.from == 1024 && nat.to == 65535)
    }

    // MARK: TrafficSpec

    // Spec: VPC-SGR / API-IPPERM (tcp/udp rules match the destination port range).
    @Test(
        "A tcp range admits tcp packets to ports inside it and nothing else",
        arguments: [
            (Traffic(.tcp, port: 1024), true), (Traffic(.tcp, port: 65535), true), (Traffic(.tcp, port: 40000), true),
            (Traffic(.tcp, port: 1023), false), (Traffic(.tcp, port: 22), false), (Traffic(.udp, port: 2000), false),
            (Traffic(.icmp, icmp: .echoRequest), false), (Traffic(.number(47)), false),
        ])
    func tcpRange(traffic: Traffic, admitted: Bool) throws {
        let spec = TrafficSpec(.tcp, .ports(try #require(PortRange(from: 1024, to: 65535))))
        #expect(spec.admits(traffic) == admitted)
    }

    // Spec: API-IPPERM ICMP encoding (FromPort = type, ToPort = code, -1 = all).
    @Test(
        "An ICMP rule admits its type (and code, when given); type all admits every message",
        arguments: [
            (ICMPTypeCode(type: 8), ICMPTypeCode.echoRequest, true),
            (ICMPTypeCode(type: 8), ICMPTypeCode(type: 8, code: 5), true),
            (ICMPTypeCode(type: 8), ICMPTypeCode.echoReply, false),
            (ICMPTypeCode(type: 3, code: 4), ICMPTypeCode(type: 3, code: 4), true),
            (ICMPTypeCode(type: 3, code: 4), ICMPTypeCode(type: 3, code: 1), false),
            (ICMPTypeCode.all, ICMPTypeCode(type: 11, code: 0), true),
            (ICMPTypeCode.all, ICMPTypeCode.echoReply, true),
        ])
    func icmpTypeCode(rule: ICMPTypeCode, message: ICMPTypeCode, admitted: Bool) {
        let spec = TrafficSpec(.icmp, .icmp(rule))
        #expect(spec.admits(Traffic(.icmp, icmp: message)) == admitted)
        // An ICMP rule never admits other protocols.
        #expect(!spec.admits(Traffic(.tcp, port: 8)))
    }

    // Spec: API-IPPERM / API-NACLE, subtle case 32 ("Protocol -1 ignores ports").
    @Test(
        "Protocol -1 given a port range still admits every protocol and port",
        arguments: [
            Traffic(.tcp, port: 22), Traffic(.tcp, port: 443), Traffic(.udp, port: 53),
            Traffic(.icmp, icmp: .echoRequest), Traffic(.number(47)), Traffic(.number(50)),
        ])
    func allProtocolsIgnorePorts(traffic: Traffic) {
        let spec = TrafficSpec(.all, .ports(PortRange(22)))
        #expect(spec.match == .any)
        #expect(spec.admits(traffic))
    }

    // Spec: API-IPPERM ("any protocol other than tcp/udp/icmp (e.g. 50 ESP) … allows all ports"), subtle case 32.
    @Test("Protocol 50 given a port range admits all protocol-50 traffic and no other protocol")
    func protocol50IgnoresPorts() {
        let spec = TrafficSpec(.number(50), .ports(PortRange(22)))
        #expect(spec.match == .any)
        #expect(spec.admits(Traffic(.number(50))))
        #expect(!spec.admits(Traffic(.number(51))))
        #expect(!spec.admits(Traffic(.tcp, port: 22)))
    }

    // Spec: API-IPPERM (protocol names/numbers: 6 tcp, 17 udp, 1 icmp, -1 all).
    @Test(
        "Protocol names and IANA numbers read the same",
        arguments: [("tcp", "6"), ("udp", "17"), ("icmp", "1"), ("all", "-1")])
    func protocolNames(name: String, number: String) throws {
        let byName = try #require(IPProtocol(name: name))
        #expect(byName == IPProtocol(name: number))
        #expect(byName.name == name)
        #expect(IPProtocol(name: "256") == nil)
        #expect(IPProtocol(name: "tpc") == nil)
    }

    // Decision 25: IPv6 addresses and blocks (RFC 4291 text in, RFC 5952 text out).
    @Test(
        "IPv6 text reads in any RFC 4291 spelling and prints in RFC 5952's",
        arguments: [
            ("2001:db8::10", "2001:db8::10"), ("2001:0DB8:0000:0000:0000:0000:0000:0010", "2001:db8::10"),
            ("::", "::"), ("::1", "::1"), ("fe80::1:0:0:1", "fe80::1:0:0:1"), ("2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"),
            ("::ffff:10.0.0.1", "10.0.0.1"), ("2600:1f18:0:100::", "2600:1f18:0:100::"),
        ])
    func ipv6Text(text: String, printed: String) throws {
        let address = try #require(IPAddress(text))
        #expect(address.description == printed)
    }

    @Test("IPv6 blocks contain their addresses only; IPv4 and IPv6 never match each other")
    func ipv6Blocks() throws {
        let block = CIDR("2600:1f18:1:200::/56")
        #expect(block.contains(try #require(IPAddress("2600:1f18:1:2ff::5"))))
        #expect(!block.contains(try #require(IPAddress("2600:1f18:1:300::5"))))
        #expect(CIDR.anywhere6.contains(try #require(IPAddress("2001:db8::10"))))
        #expect(!CIDR.anywhere.contains(try #require(IPAddress("2001:db8::10"))))
        #expect(!CIDR.anywhere6.contains(IPAddress(10, 0, 0, 1)))
        #expect(block.last.description == "2600:1f18:1:2ff:ffff:ffff:ffff:ffff")
        guard case .valid(let c, let canonical) = CIDR.parse("2001:db8::1/64") else {
            Issue.record("not parsed")
            return
        }
        #expect(c.description == "2001:db8::/64" && !canonical)
    }
}
