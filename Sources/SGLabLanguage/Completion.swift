import SGLabCore

/// One thing that may come next, with a one-line meaning (for Tab and for `?`).
public struct Candidate: Hashable, Sendable {
    public let text: String
    public let meaning: String
    /// True for placeholders like NAME or CIDR that describe a value rather than spell it.
    public let isPlaceholder: Bool

    public init(text: String, meaning: String, isPlaceholder: Bool) {
        self.text = text
        self.meaning = meaning
        self.isPlaceholder = isPlaceholder
    }
}

/// What completion found for the word under the cursor.
public struct CompletionResult: Hashable, Sendable {
    /// The partial word being completed (may be empty).
    public let word: String
    /// Words that complete it (no placeholders).
    public let matches: [String]
    /// Everything that may come next, placeholders included, for `?` and the second Tab.
    public let choices: [Candidate]

    public init(word: String, matches: [String], choices: [Candidate]) {
        self.word = word
        self.matches = matches
        self.choices = choices
    }

    /// The longest prefix all matches share: what a first Tab can insert.
    public var commonPrefix: String {
        guard var prefix = matches.first else { return word }
        for m in matches.dropFirst() {
            while !m.lowercased().hasPrefix(prefix.lowercased()) { prefix.removeLast() }
        }
        return prefix
    }
}

/// Completion and `?` help, read from the same grammar table as the parser.
public enum Completion {
    /// A step of a form, flattened: a keyword (or one of several) or a value.
    enum Slot: Hashable {
        case keywords([String], label: String)
        case value(ValueKind, label: String)
        case ports
        case icmpType
        /// A protocol word that must (true) or must not (false) be followed by ports.
        case ruleProtocol(ports: Bool)
        case icmpProtocol
    }

    /// Every way a form can be written, as flat sequences of slots.
    static func sequences(_ elements: [Element]) -> [[Slot]] {
        var results: [[Slot]] = [[]]
        for element in elements {
            var next: [[Slot]] = []
            for alternative in expand(element) {
                for prefix in results { next.append(prefix + alternative) }
            }
            results = next
        }
        return results
    }

    static func expand(_ element: Element) -> [[Slot]] {
        switch element {
        case .word(let w): return [[.keywords([w], label: w)]]
        case .choice(let label, let options): return [[.keywords(options, label: label)]]
        case .value(_, .ruleTraffic):
            return [[.ruleProtocol(ports: true), .ports], [.ruleProtocol(ports: false)], [.icmpProtocol, .icmpType]]
        case .value(let label, .packetTraffic):
            return [[.value(.packetTraffic, label: label)], [.icmpProtocol, .icmpType]]
        case .value(let label, let kind): return [[.value(kind, label: label)]]
        case .optional(let inner): return [[]] + sequences(inner)
        case .anyOrder(let groups):
            // Every ordered selection of the groups (launch has three: 16 ways).
            var out: [[Slot]] = [[]]
            func grow(_ used: Set<Int>, _ acc: [Slot]) {
                for (i, group) in groups.enumerated() where !used.contains(i) {
                    for seq in sequences(group) {
                        out.append(acc + seq)
                        grow(used.union([i]), acc + seq)
                    }
                }
            }
            grow([], [])
            return out
        }
    }

    /// The flattened forms, computed once.
    static let flattened: [(form: Form, slots: [Slot])] = Grammar.forms.flatMap { form in
        sequences(form.elements).map { (form, $0) }
    }

    /// Whether a complete word can stand in a slot.
    static func accepts(_ slot: Slot, _ word: String) -> Bool {
        let lower = word.lowercased()
        switch slot {
        case .keywords(let words, _): return words.contains(lower)
        case .ports: return !lower.isEmpty && lower.allSatisfy { $0.isNumber || $0 == "-" }
        case .icmpType: return lower != "from" && lower != "to"
        case .ruleProtocol(let ports):
            let hasPorts = ["tcp", "udp", "6", "17"].contains(lower)
            return ports ? hasPorts : !hasPorts && lower != "icmp" && lower != "1"
        case .icmpProtocol: return lower == "icmp" || lower == "1"
        case .value(.packetTraffic, _): return lower != "icmp"
        case .value(.text, _): return true
        case .value: return true
        }
    }

    /// What may follow `line` (the text before the cursor), and what completes its last word.
    public static func complete(_ line: String, world: World) -> CompletionResult {
        let (words, partial) = split(line)
        var slots: [(Slot, Form)] = []
        for (form, sequence) in flattened where sequence.count > words.count {
            var ok = true
            for (i, word) in words.enumerated() where !accepts(sequence[i], word) {
                ok = false
                break
            }
            if ok { slots.append((sequence[words.count], form)) }
        }
        var seen = Set<String>()
        var choices: [Candidate] = []
        for (slot, form) in slots {
            for candidate in candidates(slot, form: form, position: words.count, world: world)
            where seen.insert(candidate.text).inserted {
                choices.append(candidate)
            }
        }
        let matches = choices.filter { !$0.isPlaceholder && $0.text.lowercased().hasPrefix(partial.lowercased()) }
            .map(\.text)
        return CompletionResult(word: partial, matches: matches, choices: choices)
    }

    /// The complete words before the last one, and the last (partial) word, as the lexer reads
    /// them: `"…"` holds spaces, so a description in quotes is one word, and an unclosed quote
    /// makes the rest of the line the partial word.
    static func split(_ line: String) -> (words: [String], partial: String) {
        var words: [String] = []
        var current = ""
        var inWord = false
        var inQuotes = false
        for character in line {
            if inQuotes {
                current.append(character)
                if character == "\"" { inQuotes = false }
            } else if character == " " || character == "\t" {
                if inWord { words.append(current) }
                current = ""
                inWord = false
            } else {
                if character == "\"" { inQuotes = true }
                current.append(character)
                inWord = true
            }
        }
        return (words, inWord ? current : "")
    }

    /// Whether `line` already reads as a whole command, so that Enter would run it (`?` shows
    /// `<Enter>` then, as a Cisco console shows `<cr>`).
    public static func isComplete(_ line: String) -> Bool {
        // `try?` flattens: nil for an error and for a blank line alike.
        (try? Parser.parse(line)) != nil
    }

    /// Whether the cursor stands inside an open `"…"` (a description being typed), where `?` is
    /// just a character.
    public static func isInsideQuotes(_ line: String) -> Bool {
        line.reduce(false) { open, character in character == "\"" ? !open : open }
    }

    /// `?`: everything that may come next, with meanings.
    public static func help(_ line: String, world: World) -> [Candidate] {
        let result = complete(line, world: world)
        if result.word.isEmpty { return result.choices }
        return result.choices.filter { $0.isPlaceholder || $0.text.lowercased().hasPrefix(result.word.lowercased()) }
    }

    static func names(_ type: ResourceType, _ world: World) -> [String] { world.allNames(of: type).sorted() }

    static func candidates(_ slot: Slot, form: Form, position: Int, world: World) -> [Candidate] {
        func words(_ list: [String], _ meaning: String) -> [Candidate] {
            list.map { Candidate(text: $0, meaning: meaning, isPlaceholder: false) }
        }
        func placeholder(_ text: String, _ meaning: String) -> [Candidate] {
            [Candidate(text: text, meaning: meaning, isPlaceholder: true)]
        }
        switch slot {
        case .keywords(let list, let label):
            if position == 0 {
                return words(list, form.summary)
            }
            return list.map { Candidate(text: $0, meaning: keywordMeaning($0, label: label, form: form), isPlaceholder: false) }
        case .ports:
            return placeholder("PORTS", "a port (443) or a range (1024-65535)")
        case .icmpType:
            return words(["echo-request", "echo-reply", "fragmentation-needed", "time-exceeded"], "an ICMP message type")
                + placeholder("TYPE[:CODE]", "an ICMP type and code, like 3:4")
        case .ruleProtocol(let ports):
            if ports { return words(["tcp", "udp"], "a protocol with ports") }
            return words(["all"], "all protocols and ports (protocol -1)")
                + ServiceAlias.table.map { Candidate(text: $0.name, meaning: $0.meaning, isPlaceholder: false) }
                + placeholder("NUMBER", "an IP protocol number, e.g. 47 (GRE) or 50 (ESP)")
        case .icmpProtocol:
            return words(["icmp"], "ICMP, with an optional message type")
        case .value(let kind, let label):
            return valueCandidates(kind, label: label, world: world)
        }
    }

    static func valueCandidates(_ kind: ValueKind, label: String, world: World) -> [Candidate] {
        func named(_ types: [ResourceType], _ meaning: (ResourceType) -> String) -> [Candidate] {
            types.flatMap { type in names(type, world).map { Candidate(text: $0, meaning: meaning(type), isPlaceholder: false) } }
        }
        let placeholder = { (text: String) in
            [Candidate(text: text, meaning: Matcher.describe(label, kind), isPlaceholder: true)]
        }
        switch kind {
        case .newName: return placeholder("NAME")
        case .reference(let type):
            return named([type]) { $0.noun } + placeholder(Form.render([.value(label: label, kind)]))
        case .referenceList(let type):
            return named([type]) { $0.noun } + placeholder("\(label.uppercased())[,\(label.uppercased())...]")
        case .resourceOrInterface:
            return named([.resource, .networkInterface]) { $0.noun } + placeholder("RESOURCE")
        case .routeTarget:
            return named([.internetGateway, .natGateway, .resource, .networkInterface, .peeringConnection,
                          .egressOnlyInternetGateway, .transitGateway]) { $0.noun }
                + placeholder("TARGET")
        case .endpoint:
            return [Candidate(text: "internet", meaning: "a client on the internet (198.51.100.10)", isPlaceholder: false)]
                + named([.resource, .networkInterface, .natGateway, .elasticIP, .loadBalancer, .vpcEndpoint]) { $0.noun }
                + AWSService.catalog.map { Candidate(text: $0.name, meaning: "the AWS service \($0.serviceName)", isPlaceholder: false) }
                + placeholder("ADDRESS[:PORT]")
        case .peer:
            return [Candidate(text: "0.0.0.0/0", meaning: "anywhere on IPv4", isPlaceholder: false)]
                + named([.securityGroup, .prefixList]) { $0.noun }
                + AWSService.managedPrefixLists.map {
                    Candidate(text: $0.id.rawValue, meaning: "AWS-managed prefix list \($0.name)", isPlaceholder: false)
                }
                + placeholder("CIDR")
        case .cidr: return placeholder("CIDR")
        case .cidrList: return placeholder("CIDR[,CIDR...]")
        case .address: return placeholder("ADDRESS")
        case .ruleNumber: return placeholder("NUMBER")
        case .port: return placeholder("PORT")
        case .connectionNumber: return placeholder("N")
        case .text: return placeholder("\"TEXT\"")
        case .zone:
            return ["us-east-1a", "us-east-1b", "us-east-1c"].map {
                Candidate(text: $0, meaning: "an Availability Zone", isPlaceholder: false)
            }
        case .component:
            return Component.allCases.filter { $0 != .note }.flatMap { c -> [Candidate] in
                let base = Candidate(text: c.rawValue, meaning: "blocked first by a \(String(c.rawValue.map { $0 == "-" ? " " : $0 })) check", isPlaceholder: false)
                guard c != .destination else { return [base] }
                return [base] + ["inbound", "outbound"].map {
                    Candidate(text: "\(c.rawValue)-\($0)", meaning: "… on its \($0) side", isPlaceholder: false)
                }
            }
        case .file: return placeholder("FILE")
        case .word: return placeholder(label.uppercased())
        case .anyReference:
            return named([.vpc, .subnet, .securityGroup, .networkACL, .routeTable, .resource, .internetGateway, .natGateway])
                { $0.noun } + placeholder("NAME")
        case .ruleTraffic, .packetTraffic: return []
        }
    }

    static func keywordMeaning(_ word: String, label: String, form: Form) -> String {
        switch (label, word) {
        case ("direction", "in"): return "inbound: traffic coming to the resource or subnet"
        case ("direction", "out"): return "outbound: traffic leaving it"
        case ("arrow", "from"): return "the source (with in)"
        case ("arrow", "to"): return "the destination (with out)"
        case ("action", "allow"): return "let matching traffic through"
        case ("action", "deny"): return "drop matching traffic (network ACLs only)"
        case ("verdict", "allowed"): return "the packet must get through, both ways"
        case ("verdict", "blocked"): return "some check must stop it"
        case ("kind", let k):
            if let kind = ResourceKind(rawValue: k) { return kind.noun }
            return "show a \(k)"
        case (_, "at"): return "name the check that must stop it first"
        case (_, "in") where label == "in": return "where it goes"
        case (_, "via"): return "the route's target"
        case (_, "az"): return "choose the Availability Zone"
        case (_, "sg"): return "security groups, comma separated"
        case (_, "ip"): return "a fixed private address"
        case (_, "public-ip"): return "also give it a public IPv4 address"
        case (_, "for"): return "associate it with a resource at once"
        case (_, "from"): return "where the packet starts"
        case (_, "to"): return "where it goes"
        default:
            let verbForms = Grammar.forms.filter { f in
                f.elements.count > 1 && f.elements[0] == form.elements[0] && f.elements[1] == .word(word)
            }
            return verbForms.first?.summary ?? form.summary
        }
    }
}
