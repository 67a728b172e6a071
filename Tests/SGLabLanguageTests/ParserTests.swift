import SGLabCore
import Testing

@testable import SGLabLanguage

@Suite("Parser")
struct ParserTests {
    func error(_ line: String, setup: [String] = []) -> LanguageError? {
        var session = Session()
        for l in setup { _ = try? session.execute(l) }
        do {
            _ = try session.execute(line)
            return nil
        } catch {
            return error
        }
    }

    @Test("blank lines and comments are no commands", arguments: ["", "   ", "# a comment", "  # indented"])
    func blank(_ line: String) throws {
        var session = Session()
        let outcome = try session.execute(line)
        #expect(outcome == nil)
    }

    @Test("quoted strings keep their spaces and # inside quotes is not a comment")
    func quotes() throws {
        let tokens = try Lexer.tokens(#"sg create web in lab "web tier # 1" # trailing"#)
        #expect(tokens.map(\.text) == ["sg", "create", "web", "in", "lab", "web tier # 1"])
        #expect(tokens[5].quoted)
        #expect(tokens[2].column == 10)
    }

    @Test("an unclosed quote is an error that points at the quote")
    func unclosedQuote() {
        let e = error(#"sg create web in lab "web tier"#)
        #expect(e?.column == 21)
    }

    @Test("keywords are case-insensitive")
    func caseInsensitive() throws {
        var session = Session()
        _ = try session.execute("VPC Create lab 10.0.0.0/16")
        #expect(session.world.vpcs.count == 1)
    }

    @Test(
        "a word that looks like an address is always read as one",
        arguments: [
            ("vpc create lab 10.0.0.0/33", "the prefix length must be 0–32"),
            ("vpc create lab 10.0.0/16", "is not an IPv4 address"),
            ("vpc create lab 10.0.0.0", "needs a prefix length"),
        ])
    func addressWords(_ line: String, _ message: String) {
        let e = error(line)
        #expect(e?.message.contains(message) == true, "\(String(describing: e))")
        #expect(e?.column == 15)
    }

    @Test("the CIDR error reads as the spec shows it")
    func cidrMessage() {
        let e = error("vpc create lab 10.0.0.0/33")
        #expect(e?.message == "10.0.0.0/33 is not a valid CIDR: the prefix length must be 0–32")
    }

    @Test("an unknown command suggests the nearest one")
    func unknownCommand() {
        let e = error("sgg create web in lab")
        #expect(e?.message == "unknown command sgg")
        #expect(e?.fix == "did you mean sg?")
        #expect(e?.column == 0)
    }

    @Test("an unknown name carries the NotFound code and the nearest name")
    func unknownName() {
        let e = error(
            "sg allow wbe in tcp 22 from 0.0.0.0/0",
            setup: ["vpc create lab 10.0.0.0/16", "sg create web in lab"])
        #expect(e?.code == "InvalidGroup.NotFound")
        #expect(e?.fix == "did you mean web?")
        #expect(e?.column == 9)
    }

    @Test(
        "ports out of range and reversed ranges are refused at the word",
        arguments: [
            ("sg allow web in tcp 70000 from 0.0.0.0/0", "port 70000 is out of range"),
            ("sg allow web in tcp 90-80 from 0.0.0.0/0", "is reversed"),
            ("sg allow web in tcp 80- from 0.0.0.0/0", "is not a port number"),
            ("sg allow web in tpc 80 from 0.0.0.0/0", "unknown protocol tpc"),
            ("packet tcp from internet to web:99999", "out of range"),
        ])
    func ports(_ line: String, _ message: String) {
        let e = error(line, setup: ["vpc create lab 10.0.0.0/16", "sg create web in lab"])
        #expect(e?.message.contains(message) == true, "\(String(describing: e))")
        #expect(e?.column != nil)
    }

    @Test("a misspelled protocol suggests the right one")
    func protocolTypo() {
        let e = error("sg allow web in tpc 80 from 0.0.0.0/0", setup: ["vpc create lab 10.0.0.0/16", "sg create web in lab"])
        #expect(e?.fix == "did you mean tcp?")
    }

    @Test("in rules take from and out rules take to")
    func arrows() {
        let e = error("sg allow web in tcp 22 to 0.0.0.0/0", setup: ["vpc create lab 10.0.0.0/16", "sg create web in lab"])
        #expect(e?.message == "in rules take from, not to")
    }

    @Test("security groups have no deny rules, and the error says so")
    func sgDeny() {
        let e = error("sg deny web in tcp 22 from 0.0.0.0/0", setup: ["vpc create lab 10.0.0.0/16", "sg create web in lab"])
        #expect(e?.fix?.contains("no deny rules") == true, "\(String(describing: e))")
        #expect(e?.column == 3)
    }

    @Test(
        "words people reach for get the language's word as a suggestion",
        arguments: [
            ("sg allow web inbound tcp 22 from 0.0.0.0/0", "did you mean in?"),
            ("sg allow web egress tcp 22 to 0.0.0.0/0", "did you mean out?"),
            ("launch instance a in pub", "did you mean ec2?"),
            ("sg allow web in ssh from anywhere", "anywhere on IPv4 is written 0.0.0.0/0"),
        ])
    func synonyms(_ line: String, _ fix: String) {
        let e = error(line, setup: ["vpc create lab 10.0.0.0/16", "subnet create pub in lab 10.0.1.0/24", "sg create web in lab"])
        #expect(e?.fix == fix, "\(String(describing: e))")
    }

    @Test("extra words after a complete command are refused")
    func extraWords() {
        let e = error("vpc create lab 10.0.0.0/16 now")
        #expect(e?.message.contains("unexpected now") == true)
        #expect(e?.column == 27)
    }

    @Test("service aliases stand for their protocol and port", arguments: [("ssh", 22), ("https", 443), ("mysql", 3306), ("postgres", 5432), ("rdp", 3389), ("redis", 6379)])
    func aliases(_ alias: String, _ port: Int) throws {
        var session = Session()
        for line in ["vpc create lab 10.0.0.0/16", "sg create web in lab", "sg allow web in \(alias) from 0.0.0.0/0"] {
            _ = try session.execute(line)
        }
        let sg = try #require(session.world.securityGroups.values.first { $0.name == "web" })
        #expect(sg.ingress.first?.traffic == TrafficSpec(.tcp, .ports(PortRange(UInt16(port)))))
    }

    @Test("launch options come in any order but only once")
    func launchOptions() throws {
        var session = Session()
        for line in ["vpc create lab 10.0.0.0/16", "subnet create pub in lab 10.0.1.0/24", "sg create web in lab",
                     "launch ec2 a in pub public-ip ip 10.0.1.20 sg web"] {
            _ = try session.execute(line)
        }
        let eni = try #require(session.world.interfaces.values.first { $0.privateAddress == IPAddress("10.0.1.20")! })
        #expect(eni.publicAddress != nil)
        let e = error("launch ec2 b in pub ip 10.0.1.21 ip 10.0.1.22", setup: ["vpc create lab 10.0.0.0/16", "subnet create pub in lab 10.0.1.0/24"])
        #expect(e?.message.contains("given twice") == true)
    }

    @Test("expect at takes only the blocked-at vocabulary")
    func components() {
        let e = error("expect blocked at firewall tcp from internet to 3.80.0.1:22")
        #expect(e?.message.contains("unknown component firewall") == true)
        let f = error("expect blocked at security-grup-inbound tcp from internet to 3.80.0.1:22")
        #expect(f?.fix == "did you mean security-group-inbound?")
    }

    @Test("ICMP packets take no ports and TCP packets need one")
    func packetPorts() {
        #expect(error("packet icmp echo-request from internet to 3.80.0.1:7")?.message.contains("has no ports") == true)
        #expect(error("packet tcp from internet to 3.80.0.1")?.message.contains("needs a destination port") == true)
    }

    @Test("help lists every command word and help COMMAND shows its forms")
    func help() throws {
        var session = Session()
        guard case .help(let all)? = try session.execute("help") else { Issue.record("no help"); return }
        for word in ["vpc", "subnet", "igw", "nat", "rt", "route", "nacl", "sg", "launch", "packet", "expect", "connect"] {
            #expect(all.contains(word))
        }
        guard case .help(let sg)? = try session.execute("help sg") else { Issue.record("no help sg"); return }
        #expect(sg.contains("sg allow SG in|out PROTOCOL [PORTS] from|to PEER [DESCRIPTION]"))
    }
}

