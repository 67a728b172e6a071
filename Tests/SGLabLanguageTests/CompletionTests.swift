import SGLabCore
import Testing

@testable import SGLabLanguage

@Suite("Completion and ? help")
struct CompletionTests {
    static func lab() throws -> Session {
        var s = Session()
        for line in [
            "vpc create lab 10.0.0.0/16", "subnet create pub in lab 10.0.1.0/24", "subnet create priv in lab 10.0.2.0/24",
            "igw create gw in lab", "sg create web in lab", "sg create db in lab", "launch ec2 web1 in pub sg web",
            "nacl create pub-acl in lab",
        ] { _ = try s.execute(line) }
        return s
    }

    @Test("the first word completes to command words")
    func commandWords() throws {
        let r = Completion.complete("su", world: try Self.lab().world)
        #expect(r.matches == ["subnet"])
        let all = Completion.complete("", world: World())
        #expect(all.matches.contains("vpc") && all.matches.contains("packet") && all.matches.contains("expect"))
    }

    @Test("load balancers, target groups and AWS services complete where they fit")
    func loadBalancerCompletion() throws {
        var s = try Self.lab()
        for line in [
            "subnet create pub-b in lab 10.0.3.0/24 az us-east-1b", "lb create web-alb alb internet-facing in pub,pub-b sg web",
            "tg create web-tg in lab http 8080",
        ] { _ = try s.execute(line) }
        #expect(Set(Completion.complete("lb create x ", world: s.world).matches) == ["alb", "nlb"])
        #expect(Set(Completion.complete("lb create x alb ", world: s.world).matches) == ["internet-facing", "internal"])
        #expect(Completion.complete("listener add ", world: s.world).matches == ["web-alb"])
        #expect(Completion.complete("listener add web-alb http 80 to ", world: s.world).matches == ["web-tg"])
        let destinations = Completion.complete("packet tcp from internet to ", world: s.world).matches
        #expect(destinations.contains("web-alb") && destinations.contains("s3") && destinations.contains("ssm"))
        #expect(Completion.complete("sg allow web out tcp 443 to pl-", world: s.world).matches.contains("pl-63a5400a"))
    }

    @Test("after sg allow only security groups are offered")
    func groupsOnly() throws {
        let r = Completion.complete("sg allow ", world: try Self.lab().world)
        #expect(Set(r.matches) == ["default", "web", "db"])
    }

    @Test("after launch ec2 NAME in only subnets are offered")
    func subnetsOnly() throws {
        let r = Completion.complete("launch ec2 app in ", world: try Self.lab().world)
        #expect(Set(r.matches) == ["pub", "priv"])
        let p = Completion.complete("launch ec2 app in p", world: try Self.lab().world)
        #expect(p.commonPrefix == "p")
        #expect(Set(p.matches) == ["pub", "priv"])
    }

    @Test("the keyword allowed at a position completes", arguments: [
        ("sg allow web ", ["in", "out"]),
        ("sg allow web in ", ["tcp", "udp", "icmp", "all", "ssh", "https"]),
        ("sg allow web in tcp 22 ", ["from", "to"]),
        ("nacl add pub-acl in 100 ", ["allow", "deny"]),
        ("vpc ", ["create", "delete"]),
    ])
    func keywords(_ line: String, _ expected: [String]) throws {
        let r = Completion.complete(line, world: try Self.lab().world)
        for word in expected { #expect(r.matches.contains(word), "\(line) → \(r.matches)") }
    }

    @Test("packet endpoints offer internet and resources")
    func endpoints() throws {
        let r = Completion.complete("packet https from ", world: try Self.lab().world)
        #expect(r.matches.contains("internet"))
        #expect(r.matches.contains("web1"))
        #expect(!r.matches.contains("pub"))
    }

    @Test("service names complete as protocols")
    func services() throws {
        let r = Completion.complete("sg allow web in htt", world: try Self.lab().world)
        #expect(Set(r.matches) == ["http", "https"])
        #expect(r.commonPrefix == "http")
    }

    @Test("? lists what may come next with a meaning for each")
    func question() throws {
        let help = Completion.help("sg allow web ", world: try Self.lab().world)
        #expect(help.map(\.text) == ["in", "out"])
        #expect(help.allSatisfy { !$0.meaning.isEmpty })
        let values = Completion.help("vpc create ", world: World())
        #expect(values.contains { $0.isPlaceholder && $0.text == "NAME" })
    }

    @Test("a quoted description is one word, so completion after it still knows the position")
    func quotedWords() throws {
        let world = try Self.lab().world
        // Split on spaces alone, the three words of the description counted as three positions.
        #expect(Completion.split("sg create x in lab \"web tier one\" ").words.count == 6)
        #expect(Completion.split("sg create x in lab \"web ti").partial == "\"web ti")
        #expect(Completion.complete("sg create x in lab \"web ti", world: world).matches.isEmpty)
        #expect(Completion.isInsideQuotes("sg create x in lab \"why"))
        #expect(!Completion.isInsideQuotes("sg create x in lab \"why\" "))
    }

    @Test("a whole command is complete, a partial one is not")
    func wholeCommand() {
        #expect(Completion.isComplete("vpc create lab 10.0.0.0/16 "))
        #expect(!Completion.isComplete("vpc create lab "))
        #expect(!Completion.isComplete(""))
    }
}
