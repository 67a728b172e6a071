import Testing

@testable import SGLabCourseware

/// Generated questions tell a story (who talks to whom, on which port), run a script, and explain
/// the result. Over many seeds the three must agree: a PostgreSQL database is asked about on
/// 5432, a managed database never starts a backup, an HTTP question is not explained with SSH,
/// and nothing about NAT is said of a world without a NAT gateway.
@Suite("Generated questions: story, ports and explanation agree")
struct GeneratorStoryTests {
    /// The standard ports of the services the templates name.
    static let servicePorts: [String: Set<Int>] = [
        "MySQL": [3306], "PostgreSQL": [5432], "SQL Server": [1433], "Redis": [6379], "Memcached": [11211],
        "SSH": [22], "HTTPS": [443, 8443], "HTTP": [80, 8080], "rsync": [873], "NFS": [2049], "MinIO": [9000],
    ]

    /// 120 seeds × 10 questions: every template, both kinds, many fault mixes.
    static let questions: [Question] = (1...120).flatMap { seed -> [Question] in
        var g = QuestionGenerator(seed: UInt64(seed))
        return g.make(count: 10)
    }

    /// `TCP N` (not a range) in prose.
    static func tcpPorts(_ text: String) -> [Int] {
        text.matches(of: /TCP (\d+)(?![\d-])/).compactMap { Int($0.output.1) }
    }

    /// `tcp from A to B:P` flows of packet and goal lines: (source, destination, port).
    static func flows(_ q: Question) -> [(String, String, Int)] {
        let lines = (q.packet.map { [$0.text] } ?? []) + q.goal.map(\.text)
        return lines.compactMap { line in
            guard let m = line.firstMatch(of: /tcp from (\S+) to ([^:\s]+):(\d+)/), let port = Int(m.output.3) else { return nil }
            return (String(m.output.1.split(separator: ":")[0]), String(m.output.2), port)
        }
    }

    /// Managed resources of the script (`launch rds|elasticache NAME`).
    static func managed(_ q: Question) -> Set<String> {
        Set(q.script.compactMap { line in
            line.text.firstMatch(of: /^launch (?:rds|elasticache) (\S+)/).map { String($0.output.1) }
        })
    }

    @Test("a named database or cache is only ever asked about on its engine's port")
    func enginesKeepTheirPorts() {
        for q in Self.questions {
            let story = q.stem + " " + q.body
            for match in story.matches(of: /(MySQL|PostgreSQL|SQL Server|Redis|Memcached) (?:database|cluster|cache) (\S+?)[ ,.(]/) {
                let engine = String(match.output.1), name = String(match.output.2)
                for (_, destination, port) in Self.flows(q) where destination == name {
                    #expect(Self.servicePorts[engine]!.contains(port), "\(q.id): the \(engine) \(name) is asked about on TCP \(port)")
                }
            }
        }
    }

    @Test("managed databases and caches start no connections, in the story or the script")
    func managedServicesOnlyAnswer() {
        for q in Self.questions {
            let managed = Self.managed(q)
            for (source, _, _) in Self.flows(q) {
                #expect(!managed.contains(source), "\(q.id): the managed \(source) starts a connection")
            }
            for name in managed {
                #expect(!(q.stem + " " + q.body).contains("\(name) sends"), "\(q.id): the managed \(name) sends something")
            }
        }
    }

    @Test("every TCP port the story names is in the script, the goals or the explanation")
    func storyPortsExist() {
        for q in Self.questions {
            let code = (q.script + q.goal + q.solution + (q.packet.map { [$0] } ?? [])).map(\.text).joined(separator: "\n")
            for port in Self.tcpPorts(q.stem + " " + q.body) {
                #expect(code.contains("\(port)") || Self.tcpPorts(q.explanation).contains(port), "\(q.id): the story's TCP \(port) appears nowhere")
            }
        }
    }

    /// The inbound TCP ports the rules of `resource`'s groups name (the wrong rule a fault put
    /// there included): an explanation may quote those.
    static func rulePorts(of resource: String, in q: Question) -> Set<Int> {
        var groups: [String] = []
        var ports: [String: Set<Int>] = [:]
        for line in q.script.map(\.text) {
            if let m = line.firstMatch(of: /^(?:launch \S+|eni create) (\S+) in \S+ sg (\S+)/), m.output.1 == resource {
                groups += m.output.2.split(separator: ",").map(String.init)
            } else if let m = line.firstMatch(of: /^attach-sg (\S+) (\S+)/), m.output.1 == resource {
                groups.append(String(m.output.2))
            } else if let m = line.firstMatch(of: /^sg allow (\S+) in tcp (\d+)/), let n = Int(m.output.2) {
                ports[String(m.output.1), default: []].insert(n)
            }
        }
        return groups.reduce(into: Set<Int>()) { $0.formUnion(ports[$1] ?? []) }
    }

    @Test("a scenario's explanation talks about the packet asked about, not another port")
    func scenarioExplanationsStayOnTheQuestion() {
        for q in Self.questions where q.kind == .scenario {
            guard let (_, destination, port) = Self.flows(q).first else { continue }
            let stem = q.stem
            let quoted = Self.rulePorts(of: destination, in: q)
            for other in Self.tcpPorts(q.explanation) where other != port && !quoted.contains(other) {
                #expect(stem.contains("\(other)"), "\(q.id): asked about TCP \(port), explained with TCP \(other)")
            }
            if port != 22 && !stem.contains("SSH") {
                #expect(!q.explanation.contains("SSH"), "\(q.id): asked about TCP \(port), explained with SSH")
            }
        }
    }

    @Test("NAT advice only where there is a NAT gateway or an outbound question")
    func natAdviceOnlyWhereItHelps() {
        for q in Self.questions {
            let hasNAT = q.script.contains { $0.text.hasPrefix("nat create") }
            guard !hasNAT, q.explanation.contains("through a NAT gateway") else { continue }
            // A world without a NAT gateway: NAT is advice for instances that start connections
            // out, never for a packet that comes in from the internet.
            let inbound = Self.flows(q).first.map { $0.0 == "internet" || $0.0.hasPrefix("198.51.100.") || $0.0.hasPrefix("203.0.113.") || $0.0.hasPrefix("192.0.2.") } ?? false
            #expect(!inbound, "\(q.id): NAT advice for a packet that comes in from the internet")
        }
    }
}
