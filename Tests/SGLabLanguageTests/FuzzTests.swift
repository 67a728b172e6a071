import SGLabCore
import Testing

@testable import SGLabLanguage

/// Random command lines built from the language's own words and likely values: nothing may
/// crash, and a rejected line must leave the world as it was.
@Suite("Robustness")
struct FuzzTests {
    typealias Generator = SplitMix64

    static let words: [String] = Grammar.commandWords + [
        "create", "delete", "attach", "detach", "associate", "add", "remove", "allow", "revoke", "deny", "in", "out",
        "from", "to", "via", "sg", "ip", "public-ip", "az", "us-east-1a", "lab", "pub", "priv", "web", "db", "gw",
        "natgw", "main", "default", "a1", "tcp", "udp", "icmp", "all", "47", "-1", "ssh", "https", "echo-request",
        "3:4", "22", "80", "443", "1024-65535", "65536", "0", "100", "32767", "10.0.0.0/16", "10.0.1.0/24",
        "10.0.2.0/24", "0.0.0.0/0", "10.0.1.5", "10.0.1.300", "10.0.0.0/33", "::/0", "internet", "internet:80",
        "web:443", "web:", ":80", "3.80.0.1", "3.80.0.1:22", "\"desc\"", "\"unterminated", "#", "vpc-0000",
        "sg-", "lab/web", "web,db", ",", "at", "security-group-inbound", "network-acl", "allowed", "blocked", "ec2",
        "rds", "lambda", "elasticache", "", "é", "\u{0}",
    ]

    static let setup = [
        "vpc create lab 10.0.0.0/16", "subnet create pub in lab 10.0.1.0/24", "subnet create priv in lab 10.0.2.0/24",
        "igw create gw in lab", "route add main 0.0.0.0/0 via gw", "nat create natgw in pub", "sg create web in lab",
        "sg create db in lab", "launch ec2 web in pub sg web public-ip", "launch rds db1 in priv sg db",
        "nacl create a1 in lab",
    ]

    @Test("random lines never crash and a rejected line changes nothing", arguments: 0..<8)
    func randomLines(seed: Int) throws {
        var rng = Generator(seed: UInt64(seed) &* 7919)
        var session = Session()
        for line in Self.setup { _ = try session.execute(line) }
        for _ in 0..<2500 {
            let count = Int.random(in: 1...9, using: &rng)
            var words: [String] = []
            if Bool.random(using: &rng) { words.append(Grammar.commandWords.randomElement(using: &rng)!) }
            for _ in 0..<count { words.append(Self.words.randomElement(using: &rng)!) }
            let line = words.joined(separator: " ")
            let before = session.world
            do {
                _ = try session.execute(line)
            } catch {
                #expect(session.world == before, "rejected `\(line)` changed the world")
                #expect(!error.message.isEmpty)
            }
        }
    }

    /// A line that follows one of the grammar's forms, with values drawn from small pools so
    /// that names often exist and numbers are often in range.
    static func grammarLine(_ rng: inout Generator) -> String {
        let form = Grammar.forms.randomElement(using: &rng)!
        var words: [String] = []
        func value(_ kind: ValueKind) -> String {
            switch kind {
            case .newName: return ["web", "x", "y", "db", "gw2", "default", "main", "sg-x", "1bad"].randomElement(using: &rng)!
            case .reference, .resourceOrInterface, .routeTarget:
                return ["lab", "pub", "priv", "web", "db", "db1", "gw", "natgw", "main", "default", "a1", "x", "lab/web", "nope"]
                    .randomElement(using: &rng)!
            case .referenceList: return ["web", "web,db", "db,default", "web,web,web,db,default,x"].randomElement(using: &rng)!
            case .cidr: return ["10.0.0.0/16", "10.0.3.0/24", "0.0.0.0/0", "10.0.1.7/24", "198.51.100.0/24", "10.0.0.0/28", "1.2.3.4/32"].randomElement(using: &rng)!
            case .cidrList: return ["10.0.0.0/8,192.0.2.0/24", "0.0.0.0/0"].randomElement(using: &rng)!
            case .address: return ["10.0.1.9", "10.0.1.0", "10.0.2.255", "10.0.1.4", "3.80.0.1"].randomElement(using: &rng)!
            case .ruleNumber, .connectionNumber: return ["1", "100", "32766", "200", "2"].randomElement(using: &rng)!
            case .port: return ["80", "8080", "0", "65536", "443", "x"].randomElement(using: &rng)!
            case .ruleTraffic: return ["tcp 22", "udp 53", "icmp", "icmp 3:4", "all", "47", "tcp 1024-65535", "ssh", "tcp"].randomElement(using: &rng)!
            case .packetTraffic: return ["tcp", "udp", "icmp", "icmp echo-request", "47", "https", "ssh"].randomElement(using: &rng)!
            case .endpoint: return ["internet", "web", "db1", "web:22", "alb:80", "s3:443", "ssm:443", "db1:5432", "natgw", "10.0.1.4:80", "3.80.0.1:443", "10.0.2.200:1", "8.8.8.8:53", "10.9.9.9:5"].randomElement(using: &rng)!
            case .peer: return ["0.0.0.0/0", "web", "db", "10.0.0.0/16", "pl"].randomElement(using: &rng)!
            case .text: return "\"a description\""
            case .zone: return ["us-east-1a", "us-east-1b", "moon"].randomElement(using: &rng)!
            case .component: return ["security-group", "network-acl-outbound", "route-table", "destination"].randomElement(using: &rng)!
            case .file: return "sg"
            case .word: return ["1", "nacl", "x"].randomElement(using: &rng)!
            case .anyReference: return ["web", "lab", "pub", "default", "nope"].randomElement(using: &rng)!
            }
        }
        func emit(_ elements: [Element]) {
            for element in elements {
                switch element {
                case .word(let w): words.append(w)
                case .choice(_, let options): words.append(options.randomElement(using: &rng)!)
                case .value(_, let kind): words.append(value(kind))
                case .optional(let inner): if Bool.random(using: &rng) { emit(inner) }
                case .anyOrder(let groups): for g in groups.shuffled(using: &rng) where Bool.random(using: &rng) { emit(g) }
                }
            }
        }
        emit(form.elements)
        return words.joined(separator: " ")
    }

    @Test("lines that follow the grammar never crash and a rejected one changes nothing", arguments: 0..<8)
    func grammarLines(seed: Int) throws {
        var rng = Generator(seed: UInt64(seed) &* 31 &+ 5)
        var session = Session()
        for line in Self.setup { _ = try session.execute(line) }
        var accepted = 0
        for _ in 0..<1500 {
            let line = Self.grammarLine(&rng)
            let before = session.world
            do {
                _ = try session.execute(line)
                accepted += 1
            } catch {
                #expect(session.world == before, "rejected `\(line)` changed the world")
            }
        }
        #expect(accepted > 100, "the generator hardly reaches the interpreter")
    }

    @Test("arbitrary bytes are read as a line without crashing", arguments: 0..<4)
    func bytes(seed: Int) {
        var rng = Generator(seed: UInt64(seed) &+ 99)
        var session = Session()
        for _ in 0..<2000 {
            let bytes = (0..<Int.random(in: 0...40, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            _ = try? session.execute(String(decoding: bytes, as: UTF8.self))
        }
    }
}
