import Foundation
import SGLabCore
import SGLabLanguage
import Testing

@testable import SGLabTerminal

@Suite("Session tools: save, load, record, undo")
struct SessionToolsTests {
    static func lab() throws -> Session {
        var s = Session(store: FileStore())
        for line in [
            "vpc create lab 10.0.0.0/16", "subnet create pub in lab 10.0.1.0/24", "igw create gw in lab",
            "route add main 0.0.0.0/0 via gw", "sg create web in lab", "sg allow web in https from 0.0.0.0/0",
            "launch ec2 web1 in pub sg web public-ip", "nat create natgw in pub", "prefix-list create offices 192.0.2.0/24",
            "connect tcp from internet to web1:443",
        ] { _ = try s.execute(line) }
        return s
    }

    func temporary(_ name: String) -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sglab-tools-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir.appendingPathComponent(name).path
    }

    @Test("a saved world loads back equal, and packets get the same verdicts")
    func roundTrip() throws {
        var s = try Self.lab()
        let path = temporary("lab.json")
        _ = try s.execute("save \(path)")
        var t = Session(store: FileStore())
        _ = try t.execute("load \(path)")
        #expect(t.world == s.world)
        guard case .trace(let a)? = try s.execute("packet tcp from internet to web1:22"),
            case .trace(let b)? = try t.execute("packet tcp from internet to web1:22")
        else { Issue.record("no traces"); return }
        #expect(a.hops.map(\.detail) == b.hops.map(\.detail))
        // IDs go on from where they were: the next resource gets the same ID in both.
        guard case .message(let m1)? = try s.execute("sg create db in lab"), case .message(let m2)? = try t.execute("sg create db in lab")
        else { Issue.record("no messages"); return }
        #expect(m1 == m2)
    }

    @Test("saving writes atomically: no temporary file is left beside the target")
    func atomic() throws {
        var s = try Self.lab()
        let path = temporary("lab.json")
        _ = try s.execute("save \(path)")
        _ = try s.execute("save \(path)")
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["lab.json"])
    }

    @Test(
        "a truncated, foreign or missing file is a clear error and the current world stays",
        arguments: [
            ("truncated", "the current world is unchanged"), ("foreign", "not an sglab world"),
            ("missing", "no such file"), ("garbage", "not a readable sglab world"),
            ("inconsistent", "inconsistent"),
        ])
    func badFiles(_ kind: String, _ phrase: String) throws {
        var s = try Self.lab()
        let path = temporary("bad.json")
        let good = temporary("good.json")
        _ = try s.execute("save \(good)")
        let text = try String(contentsOfFile: good, encoding: .utf8)
        switch kind {
        case "truncated": try String(text.prefix(text.count / 2)).write(toFile: path, atomically: true, encoding: .utf8)
        case "foreign": try #"{"name": "something else", "version": 3}"#.write(toFile: path, atomically: true, encoding: .utf8)
        case "garbage": try Data([0xff, 0x00, 0x13, 0x37]).write(to: URL(fileURLWithPath: path))
        case "inconsistent":
            try text.replacingOccurrences(of: "\"vpcID\" : \"vpc-", with: "\"vpcID\" : \"vpc-0")
                .write(toFile: path, atomically: true, encoding: .utf8)
        default: break
        }
        let before = s.world
        #expect(throws: LanguageError.self) { _ = try s.execute("load \(path)") }
        do { _ = try s.execute("load \(path)") } catch {
            #expect(error.message.contains(phrase), "\(error)")
        }
        #expect(s.world == before)
    }

    @Test("record writes the commands that changed the world, and the script rebuilds it")
    func record() throws {
        var s = try Self.lab()
        _ = try s.execute("packet tcp from internet to web1:443")
        _ = try? s.execute("sg allow nope in ssh from 0.0.0.0/0")
        let path = temporary("lab.sglab")
        _ = try s.execute("record \(path)")
        let script = try String(contentsOfFile: path, encoding: .utf8)
        #expect(!script.contains("packet"))
        #expect(!script.contains("nope"))
        var runner = ScriptRunner()
        var sink = BufferSink()
        #expect(runner.run(script, file: path, into: &sink) == 0)
        #expect(runner.session.world == s.world)
    }

    @Test("undo and redo step through the changes; reset empties and undo brings it back")
    func undo() throws {
        var s = try Self.lab()
        let full = s.world
        _ = try s.execute("sg revoke web in https from 0.0.0.0/0")
        let revoked = s.world
        _ = try s.execute("undo")
        #expect(s.world == full)
        _ = try s.execute("redo")
        #expect(s.world == revoked)
        _ = try s.execute("reset")
        #expect(s.world.vpcs.isEmpty)
        _ = try s.execute("undo")
        #expect(s.world == revoked)
        var empty = Session()
        #expect(throws: LanguageError.self) { _ = try empty.execute("undo") }
    }

    @Test("every change leaves a CloudTrail event named as the EC2 API names it")
    func trail() throws {
        let s = try Self.lab()
        let names = s.trail.map(\.eventName)
        #expect(names.prefix(6) == ["CreateVpc", "CreateSubnet", "CreateInternetGateway", "AttachInternetGateway", "CreateRoute", "CreateSecurityGroup"])
        #expect(names.contains("AuthorizeSecurityGroupIngress") && names.contains("RunInstances") && names.contains("CreateNatGateway"))
    }

    @Test("every fired packet leaves version-2 flow log records: inbound ACCEPT and outbound REJECT when a NACL drops the reply")
    func flowLogs() throws {
        var s = try Self.lab()
        for line in ["nacl create n in lab", "nacl associate n pub", "nacl add n in 100 allow tcp 443 from 0.0.0.0/0"] {
            _ = try s.execute(line)
        }
        _ = try s.execute("packet tcp from 203.0.113.9:50000 to web1:443")
        let records = s.flowLog.suffix(2).map(\.description)
        #expect(records.count == 2)
        #expect(records[0].hasPrefix("2 123456789012 eni-"))
        #expect(records[0].contains(" 203.0.113.9 10.0.1.4 50000 443 6 ") && records[0].hasSuffix(" ACCEPT OK"))
        #expect(records[1].contains(" 10.0.1.4 203.0.113.9 443 50000 6 ") && records[1].hasSuffix(" REJECT OK"))
    }
}
