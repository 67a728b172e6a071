import SGLabCore

/// How the words of one argument are read.
public enum ValueKind: Hashable, Sendable {
    /// The name of something being created.
    case newName(ResourceType)
    /// A reference (NAME, ID or VPC/NAME) to an existing thing of that kind.
    case reference(ResourceType)
    /// Comma-separated references.
    case referenceList(ResourceType)
    /// An EC2 instance, RDS DB, Lambda function or ElastiCache cluster, or a network interface.
    case resourceOrInterface
    /// The target of a route: an internet gateway, NAT gateway, instance or network interface.
    case routeTarget
    case cidr
    case cidrList
    case address
    case ruleNumber
    /// A port 1–65535 (listeners, target groups, health checks).
    case port
    case connectionNumber
    /// A protocol with its ports or ICMP type, or a service alias (rules).
    case ruleTraffic
    /// A protocol, its ICMP type, or a service alias (packets).
    case packetTraffic
    /// `internet`, an address, or a name, with an optional `:PORT`.
    case endpoint
    /// A CIDR, a security group or a prefix list.
    case peer
    /// A double-quoted description.
    case text
    case zone
    case component
    case file
    /// A free word, described by the string (`a lesson's name or number`).
    case word(String)
    /// Any named thing: a VPC, subnet, route table, ACL, group, resource, gateway, address.
    case anyReference
}

/// One position in a command form.
public indirect enum Element: Hashable, Sendable {
    case word(String)
    case choice(label: String, [String])
    case value(label: String, ValueKind)
    case optional([Element])
    /// Optional clauses that may come in any order, each at most once.
    case anyOrder([[Element]])
}

/// A command form: its words, what it does in AWS terms, and an example. Completion, `?`,
/// `help` and the parser all read these.
public struct Form: Sendable {
    public let elements: [Element]
    public let topic: String
    public let summary: String
    public let example: String
    let build: @Sendable (Bindings) throws(LanguageError) -> Command

    /// `sg allow SG in PROTOCOL [PORTS] from SOURCE ["description"]` style synopsis.
    public var synopsis: String { Form.render(elements) }

    static func render(_ elements: [Element]) -> String {
        elements.map { element -> String in
            switch element {
            case .word(let w): return w
            case .choice(_, let options): return options.joined(separator: "|")
            case .value(_, .ruleTraffic): return "PROTOCOL [PORTS]"
            case .value(let label, .endpoint): return label.uppercased() + "[:PORT]"
            case .value(let label, .referenceList): return "\(label.uppercased())[,\(label.uppercased())…]"
            case .value(let label, _): return label.uppercased()
            case .optional(let inner): return "[\(render(inner))]"
            case .anyOrder(let groups): return groups.map { "[\(render($0))]" }.joined(separator: " ")
            }
        }.joined(separator: " ")
    }
}

/// What a form matched: each label's value and the word it came from.
public struct Bindings: Sendable {
    var values: [String: (Value, Token)] = [:]

    subscript(_ label: String) -> Value? { values[label]?.0 }
    func token(_ label: String) -> Token? { values[label]?.1 }

    func word(_ label: String) -> Word {
        guard let (value, token) = values[label], case .word(let text) = value else {
            return Word(text: "", token: Token(text: "", column: 0, quoted: false))
        }
        return Word(text: text, token: token)
    }

    func optionalWord(_ label: String) -> Word? { values[label] == nil ? nil : word(label) }

    func has(_ label: String) -> Bool { values[label] != nil }
}

/// A word typed by the user, kept with its position so errors can point at it.
public struct Word: Hashable, Sendable {
    public let text: String
    public let token: Token
}

/// A parsed argument value.
public enum Value: Sendable {
    case word(String)
    case words([String])
    case cidr(CIDR, canonical: Bool)
    case cidrs([CIDR])
    case address(IPAddress)
    case number(Int)
    case traffic(TrafficSpec)
    case packetTraffic(IPProtocol, ICMPTypeCode, port: UInt16?)
    case endpoint(EndpointReference, port: UInt16?)
    case peerCIDR(CIDR)
    case text(String)
}
