import SGLabAccounts
import SGLabCore
import SGLabLanguage
import Testing

@Suite struct ExposureTests {
    func world(_ lines: [String]) throws -> World {
        var session = Session()
        for line in lines { _ = try session.execute(line) }
        return session.world
    }

    func summary(_ exposures: [InterfaceExposure]) -> [String] {
        exposures.flatMap { e in e.ranges.map { "\(e.label): \($0.traffic) from \($0.sources.joined(separator: ","))" } }
    }

    @Test func theAWSLabExposesSSHAndHTTPSOfWeb() throws {
        let world = try AccountImporter.read(paths: [Fixture.path("aws-json")]).world
        #expect(summary(Exposure.run(world)) == [
            "web-1 (eni-0f100000000000001): tcp 22 from 0.0.0.0/0", "web-1 (eni-0f100000000000001): tcp 443 from 0.0.0.0/0",
        ])
        let db = try Exposure.source("web-sg", in: world)
        #expect(summary(Exposure.run(world, from: db)) == ["db-1 (eni-0f100000000000002): tcp 5432 from web-1 (eni-0f100000000000001)"])
    }

    static let split = [
        "vpc create lab 10.0.0.0/16", "subnet create pub in lab 10.0.1.0/24", "igw create gw in lab",
        "route add main 0.0.0.0/0 via gw", "sg create web in lab \"web\"",
        "sg allow web in tcp 1000-2000 from 0.0.0.0/0", "sg allow web in tcp 22 from 203.0.113.0/24",
        "sg allow web in udp 53 from 0.0.0.0/0", "sg allow web in all from 198.51.100.0/24",
        "nacl create edge in lab", "nacl associate edge pub",
        "nacl add edge in 100 deny tcp 1500-1600 from 0.0.0.0/0", "nacl add edge in 200 allow all from 0.0.0.0/0",
        "nacl add edge out 100 allow all to 0.0.0.0/0",
        "launch ec2 web1 in pub sg web public-ip", "launch ec2 web2 in pub sg web public-ip",
    ]

    @Test func rangesAreCutAtEveryBoundaryAndSendersNamed() throws {
        let found = summary(Exposure.run(try world(Self.split)))
        let web1 = found.filter { $0.hasPrefix("web1") }
        #expect(web1.contains("web1 (\(try world(Self.split).resources.values.first { $0.name == "web1" }!.primaryInterfaceID)): tcp 22 from 198.51.100.0/24,203.0.113.0/24"))
        #expect(web1.contains { $0.hasSuffix("tcp 1000-1499 from 0.0.0.0/0") })
        #expect(web1.contains { $0.hasSuffix("tcp 1601-2000 from 0.0.0.0/0") })
        #expect(web1.contains { $0.hasSuffix("tcp 1500-1600 from 198.51.100.0/24") } == false)
        #expect(web1.contains { $0.hasSuffix("udp 53 from 0.0.0.0/0") })
        #expect(web1.contains { $0.hasSuffix("icmp echo-request from 198.51.100.0/24") })
        #expect(web1.contains { $0.hasSuffix("every other protocol from 198.51.100.0/24") })
        // web2 has the same subnet and group: the same ranges, its own example path.
        let web2 = found.filter { $0.hasPrefix("web2") }
        #expect(web2.count == web1.count)
    }

    /// The intervals agree with the evaluator on every single TCP port, for a sender in each
    /// source piece: the answer does not depend on which ports were tried.
    @Test func everyPortAgreesWithTheEvaluator() throws {
        let w = try world(Self.split)
        let exposure = Exposure.run(w).first { $0.label.hasPrefix("web1") }!
        let web1 = exposure.interfaceID
        for (sender, last) in [("8.8.8.8", 65535), ("203.0.113.77", 4095), ("198.51.100.200", 4095)] {
            let covered = exposure.ranges.filter { r in
                r.ipProtocol == .tcp && r.sources.contains { CIDR(String($0)).contains(IPAddress(sender)!) }
            }.compactMap(\.ports)
            for port in 0...last {
                let probe = Probe(.tcp, from: .address(IPAddress(sender)!), port: nil, to: .name(web1.rawValue), port: UInt16(port))
                let allowed = try w.evaluate(probe, explain: false).allowed
                #expect(allowed == covered.contains { $0.contains(UInt16(port)) }, "\(sender) tcp \(port)")
                if allowed != covered.contains(where: { $0.contains(UInt16(port)) }) { return }
            }
        }
    }

    // Decision 25: closed over IPv4, open over IPv6 by a ::/0 rule: the IPv6 address is listed
    // with the ports that rule opens, cut at the rule's boundaries.
    @Test func aForgottenIPv6RuleIsAnExposureOfItsOwn() throws {
        let w = try world([
            "vpc create lab 10.0.0.0/16", "vpc ipv6 lab", "subnet create pub in lab 10.0.1.0/24", "subnet ipv6 pub",
            "igw create gw in lab", "route add main ::/0 via gw", "sg create db in lab", "sg allow db in tcp 5432 from ::/0",
            "sg allow db in tcp 6000-6010 from 2001:db8:5::/48", "launch ec2 box in pub sg db ipv6",
        ])
        let exposures = Exposure.run(w)
        #expect(exposures.count == 1)
        let six = try #require(exposures.first)
        #expect(six.address.isIPv6)
        #expect(six.ranges.map(\.traffic) == ["tcp 5432", "tcp 6000-6010"])
        #expect(six.ranges.last?.sources == ["2001:db8:5::/48"])
    }

    @Test func aSourceThatIsNotThereIsAnError() throws {
        let w = try world(Self.split)
        #expect(throws: AWSError.self) { try Exposure.source("nope", in: w) }
    }
}
