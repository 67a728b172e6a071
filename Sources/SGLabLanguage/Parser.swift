import SGLabCore

/// Reads a line against the grammar table.
public enum Parser {
    /// Parses one line; nil for a blank or comment-only line.
    public static func parse(_ line: String) throws(LanguageError) -> ParsedCommand? {
        let tokens = try Lexer.tokens(line)
        guard let first = tokens.first else { return nil }
        let head = first.text.lowercased()
        let candidates = Grammar.forms.filter { form in
            if case .word(let w) = form.elements.first { return w == head }
            return false
        }
        guard !candidates.isEmpty else {
            let heads = Grammar.commandWords
            throw LanguageError(
                "unknown command \(first.text)", at: first,
                fix: nearest(first.text, among: heads).map { "did you mean \($0)?" } ?? "type help for the list of commands")
        }
        var best: (position: Int, error: LanguageError)?
        for form in candidates {
            var matcher = Matcher(tokens: tokens)
            do {
                try matcher.match(form.elements)
                if matcher.position < tokens.count {
                    let extra = tokens[matcher.position]
                    throw Failure(
                        position: matcher.position,
                        error: LanguageError(
                            "unexpected \(extra.text) after a complete command", at: extra,
                            fix: "the form is: \(form.synopsis)"))
                }
                let command = try form.build(matcher.bindings)
                return ParsedCommand(
                    command: command, tokens: matcher.bindings.values.mapValues(\.1), form: form)
            } catch let failure as Failure {
                if best == nil || failure.position > best!.position { best = (failure.position, failure.error) }
            } catch let error as LanguageError {
                if best == nil || tokens.count > best!.position { best = (tokens.count, error) }
            } catch {
                continue
            }
        }
        // A wrong second word ("sg deny"): list the verbs this command takes.
        let verbs = candidates.compactMap { form -> String? in
            if form.elements.count > 1, case .word(let w) = form.elements[1] { return w }
            return nil
        }
        if best!.position == 1, verbs.count == candidates.count, tokens.count > 1 {
            let word = tokens[1]
            var unique: [String] = []
            for v in verbs where !unique.contains(v) { unique.append(v) }
            let list = unique.count > 1 ? unique.dropLast().joined(separator: ", ") + " or " + unique.last! : unique[0]
            let hint = hints["\(head) \(word.text.lowercased())"]
                ?? nearest(word.text, among: unique).map { "did you mean \(head) \($0)?" }
            throw LanguageError("\(head) takes \(list), not \(word.text)", at: word, fix: hint)
        }
        throw best!.error
    }

    /// Words people reach for that AWS does not have, and what to do instead.
    static let hints: [String: String] = [
        "sg deny": "security groups have no deny rules: whatever no rule allows is denied; to block an address, add a deny rule to a network ACL",
        "sg add": "security groups take allow rules: sg allow SG in PROTOCOL PORTS from SOURCE",
        "sg remove": "sg revoke SG in|out PROTOCOL PORTS from|to PEER removes a rule",
        "nacl allow": "nacl add NACL in|out NUMBER allow PROTOCOL PORTS from|to CIDR",
        "nacl deny": "nacl add NACL in|out NUMBER deny PROTOCOL PORTS from|to CIDR",
        "nacl delete-entry": "nacl remove NACL in|out NUMBER",
        "route create": "route add RT CIDR via TARGET",
        "rt add": "route add RT CIDR via TARGET",
    ]

    struct Failure: Error {
        let position: Int
        let error: LanguageError
    }
}

/// Matches tokens against a form's elements, binding values by label.
struct Matcher {
    let tokens: [Token]
    var position = 0
    var bindings = Bindings()

    var current: Token? { position < tokens.count ? tokens[position] : nil }
    var lastToken: Token { tokens.last ?? Token(text: "", column: 0, quoted: false) }

    func fail(_ message: String, fix: String? = nil, code: String? = nil) -> Parser.Failure {
        let token = current ?? Token(text: "", column: lastToken.column + lastToken.width + 1, quoted: false)
        return Parser.Failure(position: position, error: LanguageError(message, code: code, at: token, fix: fix))
    }

    mutating func match(_ elements: [Element]) throws(Parser.Failure) {
        for element in elements { try match(element) }
    }

    /// Whether `element` can start at the current word (used for optional parts).
    func starts(_ element: Element) -> Bool {
        guard let token = current else { return false }
        switch element {
        case .word(let w): return token.text.lowercased() == w
        case .choice(_, let options): return options.contains(token.text.lowercased())
        case .value(_, .text): return token.quoted
        case .value: return true
        case .optional(let inner): return inner.first.map(starts) ?? false
        case .anyOrder(let groups): return groups.contains { $0.first.map(starts) ?? false }
        }
    }

    mutating func match(_ element: Element) throws(Parser.Failure) {
        switch element {
        case .word(let w):
            guard let token = current else { throw fail("expected \(w) here") }
            guard token.text.lowercased() == w else {
                throw fail("expected \(w), not \(token.text)", fix: nearest(token.text, among: [w]).map { _ in "did you mean \(w)?" })
            }
            position += 1
        case .choice(let label, let options):
            guard let token = current else { throw fail("expected \(options.joined(separator: " or ")) here") }
            let word = token.text.lowercased()
            if label == "kind", ["alb", "nlb", "elb", "load-balancer"].contains(word) {
                throw fail(
                    "a load balancer is not launched: create it with lb create",
                    fix: "lb create NAME \(word == "nlb" ? "nlb" : "alb") internet-facing in SUBNET,SUBNET")
            }
            if label == "kind", ["vpce", "endpoint"].contains(word) {
                throw fail("a VPC endpoint is not launched: create it with endpoint create",
                           fix: "endpoint create NAME interface ssm in SUBNET")
            }
            if label == "kind", Matcher.notModelledKinds.contains(word) {
                throw fail("\(token.text) is not modelled yet in sglab: launch ec2, rds, lambda or elasticache")
            }
            guard options.contains(word) else {
                let synonym = Matcher.synonyms[word].flatMap { options.contains($0) ? $0 : nil }
                throw fail(
                    "expected \(options.joined(separator: " or ")), not \(token.text)",
                    fix: (synonym ?? nearest(word, among: options)).map { "did you mean \($0)?" })
            }
            bindings.values[label] = (.word(word), token)
            position += 1
        case .value(let label, let kind):
            guard let token = current else {
                throw fail("expected \(Matcher.describe(label, kind)) here")
            }
            let start = token
            let value = try read(kind, label: label)
            bindings.values[label] = (value, start)
        case .optional(let inner):
            if let first = inner.first, starts(first) { try match(inner) }
        case .anyOrder(let groups):
            var used = Set<Int>()
            while let token = current {
                guard let index = groups.indices.first(where: { !used.contains($0) && (groups[$0].first.map(starts) ?? false) })
                else {
                    if groups.indices.contains(where: { used.contains($0) && (groups[$0].first.map(starts) ?? false) }) {
                        throw fail("\(token.text) is given twice")
                    }
                    return
                }
                used.insert(index)
                try match(groups[index])
            }
        }
    }

    /// Words people type for the language's keywords.
    static let synonyms: [String: String] = [
        "inbound": "in", "ingress": "in", "outbound": "out", "egress": "out", "permit": "allow", "accept": "allow",
        "block": "deny", "drop": "deny", "reject": "deny", "pass": "allowed", "fail": "blocked", "denied": "blocked",
        "instance": "ec2", "db": "rds", "database": "rds", "function": "lambda", "cache": "elasticache", "redis": "elasticache",
    ]

    /// Resource kinds people may try that sglab does not model yet (aws-semantics.md Part 1,
    /// decision 1): a clear answer, never a wrong verdict.
    static let notModelledKinds: Set<String> = [
        "gwlb", "clb", "ecs", "eks", "efs", "redshift",
        "transit-gateway", "vpn", "nat-instance",
    ]

    static func describe(_ label: String, _ kind: ValueKind) -> String {
        switch kind {
        case .newName(let type): return "a name for the new \(type.noun)"
        case .reference(let type), .referenceList(let type): return "\(withArticle(type.noun)) (name or ID)"
        case .resourceOrInterface: return "a resource or network interface"
        case .routeTarget: return "a route target (internet gateway, NAT gateway, instance or network interface)"
        case .cidr: return "a CIDR like 10.0.0.0/16"
        case .cidrList: return "CIDRs separated by commas"
        case .address: return "an IPv4 address"
        case .ruleNumber: return "a rule number (1–32766)"
        case .port: return "a port number (1–65535)"
        case .connectionNumber: return "a connection number"
        case .ruleTraffic: return "a protocol (tcp, udp, icmp, all, a number, or a service like ssh)"
        case .packetTraffic: return "a protocol (tcp, udp, icmp, a number, or a service like https)"
        case .endpoint: return "internet, an address, or a resource name"
        case .peer: return "a CIDR, a security group or a prefix list"
        case .text: return "a description in double quotes"
        case .zone: return "an Availability Zone like us-east-1a"
        case .component: return "a component like security-group-inbound"
        case .file: return "a file name"
        case .word(let what): return what
        case .anyReference: return "a name or ID"
        }
    }

    // MARK: Values

    mutating func read(_ kind: ValueKind, label: String) throws(Parser.Failure) -> Value {
        let token = current!
        let text = token.text
        switch kind {
        case .newName, .reference, .resourceOrInterface, .routeTarget, .zone, .file, .word, .anyReference:
            if looksLikeAddress(text), kind != .zone, kind != .file {
                if case .word = kind { position += 1; return .word(text) }
                if case .newName = kind {} else if kind == .routeTarget {} else {
                    throw fail("\(text) is an address, but a name or ID goes here")
                }
            }
            position += 1
            return .word(text)
        case .referenceList:
            let parts = text.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            if parts.contains(where: \.isEmpty) { throw fail("\(text) has an empty item: separate names with single commas") }
            position += 1
            return .words(parts)
        case .cidr:
            let cidr = try readCIDR(text)
            position += 1
            return cidr
        case .cidrList:
            var cidrs: [CIDR] = []
            for part in text.split(separator: ",", omittingEmptySubsequences: false) {
                guard case .cidr(let c, _) = try readCIDR(String(part)) else { continue }
                cidrs.append(c)
            }
            position += 1
            return .cidrs(cidrs)
        case .address:
            if text.contains(":") {
                throw fail(
                    "a fixed IPv6 address is not modelled yet in sglab", fix: "write ipv6 instead: AWS assigns the next free address")
            }
            guard let address = IPAddress(text) else {
                throw fail("\(text) is not a valid IPv4 address: four numbers 0–255 separated by dots")
            }
            position += 1
            return .address(address)
        case .port:
            let port = try readPort(text)
            guard port >= 1 else { throw fail("port 0 is not a port a listener or target uses: ports are 1–65535") }
            position += 1
            return .number(Int(port))
        case .ruleNumber, .connectionNumber:
            guard let n = Int(text), text.allSatisfy(\.isASCII) else {
                throw fail("\(text) is not a number: expected \(Matcher.describe(label, kind))")
            }
            if kind == .ruleNumber && !(1...32766).contains(n) {
                throw fail(
                    "rule number \(text) is out of range: network ACL rule numbers are 1–32766",
                    code: "InvalidParameterValue")
            }
            position += 1
            return .number(n)
        case .text:
            guard token.quoted else { throw fail("expected a description in double quotes") }
            position += 1
            return .text(text)
        case .peer:
            if looksLikeAddress(text) || text.contains(":") {
                guard case .cidr(let c, _) = try readCIDR(text) else { throw fail("bad CIDR") }
                position += 1
                return .peerCIDR(c)
            }
            position += 1
            return .word(text)
        case .endpoint:
            return try readEndpoint(text)
        case .ruleTraffic:
            return try readRuleTraffic()
        case .packetTraffic:
            return try readPacketTraffic()
        case .component:
            position += 1
            return .word(text.lowercased())
        }
    }

    func looksLikeAddress(_ text: String) -> Bool {
        !text.isEmpty && text.first!.isNumber && text.allSatisfy { $0.isNumber || $0 == "." || $0 == "/" }
            && text.contains(".")
    }

    func readCIDR(_ text: String) throws(Parser.Failure) -> Value {
        switch CIDR.parse(text) {
        case .valid(let cidr, let canonical): return .cidr(cidr, canonical: canonical)
        case .invalid(let reason):
            throw fail(
                "\(text) is not a valid CIDR: \(reason)",
                fix: reason.contains("write") ? nil : "a CIDR is an address and a prefix length 0–32, like 10.0.0.0/16",
                code: "InvalidParameterValue")
        }
    }

    func readPort(_ text: String) throws(Parser.Failure) -> UInt16 {
        guard let n = Int(text), text.allSatisfy(\.isASCII) else {
            throw fail("\(text) is not a port number: ports are 0–65535")
        }
        guard (0...65535).contains(n) else { throw fail("port \(n) is out of range: ports are 0–65535") }
        return UInt16(n)
    }

    func readPortRange(_ text: String) throws(Parser.Failure) -> PortRange {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        if parts.count == 1 { return PortRange(try readPort(parts[0])) }
        guard parts.count == 2 else { throw fail("\(text) is not a port range: write 80 or 1024-65535") }
        let from = try readPort(parts[0]), to = try readPort(parts[1])
        guard let range = PortRange(from: Int(from), to: Int(to)) else {
            throw fail("the port range \(text) is reversed: write \(to)-\(from)")
        }
        return range
    }

    func isPortRangeText(_ text: String) -> Bool {
        !text.isEmpty && text.first!.isNumber && text.allSatisfy { $0.isNumber || $0 == "-" }
    }

    func readICMP(_ text: String) throws(Parser.Failure) -> ICMPTypeCode? {
        switch text.lowercased() {
        case "echo-request", "ping": return .echoRequest
        case "echo-reply": return .echoReply
        case "all": return .all
        case "fragmentation-needed", "frag-needed": return ICMPTypeCode(type: 3, code: 4)
        case "time-exceeded": return ICMPTypeCode(type: 11, code: 0)
        case "destination-unreachable": return ICMPTypeCode(type: 3)
        default: break
        }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard parts.count <= 2, let type = Int(parts[0]), parts.allSatisfy({ $0.allSatisfy(\.isNumber) }) else { return nil }
        guard (0...255).contains(type) else { throw fail("ICMP type \(type) is out of range: 0–255") }
        if parts.count == 2 {
            guard let code = Int(parts[1]), (0...255).contains(code) else {
                throw fail("ICMP code \(parts[1]) is out of range: 0–255")
            }
            return ICMPTypeCode(type: UInt8(type), code: UInt8(code))
        }
        return ICMPTypeCode(type: UInt8(type))
    }

    func unknownProtocol(_ text: String) -> Parser.Failure {
        let names = ["tcp", "udp", "icmp", "all"] + ServiceAlias.table.map(\.name)
        return fail(
            "unknown protocol \(text): use tcp, udp, icmp, all, a protocol number 0–255, or a service like ssh",
            fix: nearest(text, among: names).map { "did you mean \($0)?" })
    }

    /// `tcp 80`, `udp 1024-65535`, `icmp echo-request`, `icmp 3:4`, `all`, `47`, `ssh`.
    mutating func readRuleTraffic() throws(Parser.Failure) -> Value {
        let text = current!.text
        if let alias = ServiceAlias.lookup(text) {
            position += 1
            return .traffic(TrafficSpec(alias.ipProtocol, .ports(PortRange(alias.port))))
        }
        guard let ipProtocol = IPProtocol(name: text) else { throw unknownProtocol(text) }
        position += 1
        if ipProtocol.hasPorts {
            guard let next = current, isPortRangeText(next.text) else {
                return .traffic(TrafficSpec(ipProtocol))
            }
            let range = try readPortRange(next.text)
            position += 1
            return .traffic(TrafficSpec(ipProtocol, .ports(range)))
        }
        if ipProtocol == .icmp {
            if let next = current, let icmp = try readICMP(next.text) {
                position += 1
                return .traffic(TrafficSpec(.icmp, .icmp(icmp)))
            }
            return .traffic(TrafficSpec(.icmp, .icmp(.all)))
        }
        // Protocol -1 and protocols without ports ignore a port range ("IpPermission").
        if let next = current, isPortRangeText(next.text) {
            _ = try readPortRange(next.text)
            position += 1
        }
        return .traffic(TrafficSpec(ipProtocol))
    }

    /// The protocol of a packet: `tcp`, `icmp echo-request`, `icmp 3:4`, `47`, or `https`.
    mutating func readPacketTraffic() throws(Parser.Failure) -> Value {
        let text = current!.text
        if let alias = ServiceAlias.lookup(text) {
            position += 1
            return .packetTraffic(alias.ipProtocol, .all, port: alias.port)
        }
        guard let ipProtocol = IPProtocol(name: text) else { throw unknownProtocol(text) }
        if ipProtocol == .all {
            throw fail("a packet has one protocol: tcp, udp, icmp or a number, not all")
        }
        position += 1
        if ipProtocol == .icmp {
            if let next = current, next.text.lowercased() != "from" {
                guard let icmp = try readICMP(next.text), icmp.type != nil else {
                    throw fail("\(next.text) is not an ICMP type: write echo-request, echo-reply, 8 or 3:4")
                }
                position += 1
                return .packetTraffic(.icmp, icmp.code == nil ? ICMPTypeCode(type: icmp.type, code: 0) : icmp, port: nil)
            }
            return .packetTraffic(.icmp, .echoRequest, port: nil)
        }
        return .packetTraffic(ipProtocol, .all, port: nil)
    }

    /// `internet`, `web`, `web:443`, `10.0.1.5:22`, `203.0.113.7:40000`.
    mutating func readEndpoint(_ text: String) throws(Parser.Failure) -> Value {
        var name = text
        var port: UInt16?
        if text.filter({ $0 == ":" }).count > 1 {
            // An IPv6 address: bare (`2001:db8::10`), or in brackets with a port
            // (`[2001:db8::10]:443`, RFC 3986's spelling).
            var body = Substring(text)
            if body.hasPrefix("[") {
                guard let close = body.firstIndex(of: "]") else { throw fail("\(text) opens [ but never closes it") }
                let rest = body[body.index(after: close)...]
                body = body[body.index(after: body.startIndex)..<close]
                if !rest.isEmpty {
                    guard rest.hasPrefix(":"), rest.count > 1 else {
                        throw fail("after ] write :PORT, like [\(body)]:443")
                    }
                    port = try readPort(String(rest.dropFirst()))
                }
            }
            guard let address = IPAddress(body), address.isIPv6 else {
                throw fail(
                    "\(text) is not a valid IPv6 address", fix: "write it like 2001:db8::10, or [2001:db8::10]:443 with a port")
            }
            position += 1
            return .endpoint(.address(address), port: port)
        }
        if let colon = text.lastIndex(of: ":") {
            name = String(text[..<colon])
            let portText = String(text[text.index(after: colon)...])
            guard !portText.isEmpty else { throw fail("\(text) has a colon but no port after it") }
            port = try readPort(portText)
        }
        guard !name.isEmpty else { throw fail("expected a name or an address before :\(port.map(String.init) ?? "")") }
        let reference: EndpointReference
        if name.lowercased() == "internet" {
            reference = .internet
        } else if name.lowercased() == "internet6" {
            reference = .address(EndpointReference.internetHost6)
        } else if looksLikeAddress(name) {
            if name.contains("/") { throw fail("\(name) is a CIDR: a packet goes to one address, like \(name.split(separator: "/")[0])") }
            guard let address = IPAddress(name) else {
                throw fail("\(name) is not a valid IPv4 address: four numbers 0–255 separated by dots")
            }
            reference = .address(address)
        } else {
            reference = .name(name)
        }
        position += 1
        return .endpoint(reference, port: port)
    }
}
