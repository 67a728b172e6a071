import Foundation
import SGLabCore
import SGLabLanguage
import Testing

@testable import SGLabTerminal

/// Saved worlds from other versions and from other hands: the format stays readable, and a
/// file that claims something impossible is refused whole, before it can crash anything.
@Suite("Saved worlds: compatibility and validation")
struct SavedWorldTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("SavedWorlds")

    static func built() throws -> Session {
        let script = try String(contentsOf: folder.appendingPathComponent("two-tier.sglab"), encoding: .utf8)
        var session = Session()
        for line in script.split(separator: "\n") { _ = try session.execute(String(line)) }
        return session
    }

    static func savedByFirstWave() throws -> Data {
        try Data(contentsOf: folder.appendingPathComponent("two-tier-v1.json"))
    }

    @Test("a world saved by the first wave's sglab loads into the world its script builds today, IDs and all")
    func firstWaveFileLoads() throws {
        let loaded = try JSONDecoder().decode(World.self, from: Self.savedByFirstWave())
        let today = try Self.built().world
        #expect(loaded == today)
        #expect(loaded.resources.count == 4 && loaded.connections.count == 1)
        // Saved again, it is the same file: the format did not change.
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        #expect(String(decoding: try encoder.encode(loaded), as: UTF8.self) == String(decoding: try Self.savedByFirstWave(), as: UTF8.self))
        // And the loaded world answers packets as the built one does.
        let probe = Probe(.tcp, from: .internet, port: nil, to: .name("web1"), port: 443)
        #expect(try loaded.evaluate(probe).allowed == true)
        #expect(try loaded.evaluate(Probe(.tcp, from: .name("app1"), port: nil, to: .name("orders"), port: 5432)).allowed)
    }

    /// Edits the first wave's file: `edit` gets the decoded JSON object.
    static func crafted(_ edit: (inout [String: Any]) -> Void) throws -> Data {
        var object = try #require(try JSONSerialization.jsonObject(with: savedByFirstWave()) as? [String: Any])
        edit(&object)
        return try JSONSerialization.data(withJSONObject: object)
    }

    static func editFirst(_ key: String, _ object: inout [String: Any], _ change: (inout [String: Any]) -> Void) {
        var items = object[key] as! [[String: Any]]
        change(&items[0])
        object[key] = items
    }

    /// Each crafted file, and the words its refusal must contain.
    static let craftedFiles: [(String, String, @Sendable (inout [String: Any]) -> Void)] = [
        ("change counter at Int.max", "counter", { $0["serial"] = Int.max }),
        ("connection number at Int.max", "connection number", { $0["nextConnectionNumber"] = Int.max }),
        ("a route table without its local route", "local route", { o in
            editFirst("routeTables", &o) { $0["routes"] = [] as [Any] }
        }),
        ("a group rule naming a missing group", "missing group", { o in
            var groups = o["securityGroups"] as! [[String: Any]]
            for i in groups.indices {
                var rules = groups[i]["ingress"] as! [[String: Any]]
                for j in rules.indices where (rules[j]["peer"] as? [String: Any])?["securityGroup"] != nil {
                    rules[j]["peer"] = ["securityGroup": ["_0": "sg-0000000000000000f"]]
                }
                groups[i]["ingress"] = rules
            }
            o["securityGroups"] = groups
        }),
        ("the same VPC ID twice", "used twice", { o in
            let vpcs = o["vpcs"] as! [[String: Any]]
            o["vpcs"] = vpcs + vpcs
        }),
        ("a subnet outside its VPC", "inside its VPC", { o in editFirst("subnets", &o) { $0["cidr"] = "192.168.0.0/24" } }),
        ("a network ACL rule number past 32766", "rule numbers", { o in
            var acls = o["networkACLs"] as! [[String: Any]]
            let custom = acls.firstIndex { ($0["isDefault"] as? Bool) == false }!
            var inbound = acls[custom]["inbound"] as! [[String: Any]]
            inbound[0]["ruleNumber"] = 40000
            acls[custom]["inbound"] = inbound
            o["networkACLs"] = acls
        }),
        ("a name a command would refuse", "not a valid name", { o in
            editFirst("securityGroups", &o) { $0["name"] = "caf\u{E9}" }
        }),
        ("a public address sglab never handed out", "never handed out", { o in
            editFirst("elasticIPs", &o) { $0["publicAddress"] = "3.90.0.1" }
        }),
        ("a prefix list claiming Int.max entries", "maximum", { o in
            editFirst("prefixLists", &o) { $0["maxEntries"] = Int.max }
        }),
        ("a quota of zero", "quota", { o in
            var quotas = o["quotas"] as! [String: Any]
            quotas["rulesPerSecurityGroup"] = 0
            o["quotas"] = quotas
        }),
        ("an interface outside its subnet", "usable address", { o in
            editFirst("interfaces", &o) { $0["privateAddress"] = "10.0.9.9" }
        }),
        ("a connection to a missing interface", "missing interface", { o in
            var connections = o["connections"] as! [[String: Any]]
            var tracking = connections[0]["tracking"] as! [[String: Any]]
            tracking[0]["interfaceID"] = "eni-0000000000000000f"
            connections[0]["tracking"] = tracking
            o["connections"] = connections
        }),
    ]

    @Test("a crafted file is refused whole with the reason, and the current world is unchanged", arguments: craftedFiles.indices)
    func craftedFilesAreRefused(_ index: Int) throws {
        let (label, words, edit) = Self.craftedFiles[index]
        let data = try Self.crafted(edit)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("sglab-crafted-\(getpid())-\(index).json").path
        try data.write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        var session = try Self.built()
        session.store = FileStore()
        let before = session.world
        do {
            _ = try session.execute("load \(path)")
            Issue.record("\(label): loaded")
        } catch {
            #expect("\(error)".contains(words), "\(label): \(error)")
            #expect("\(error)".contains("unchanged"), "\(label): \(error)")
        }
        #expect(session.world == before, "\(label)")
        // The session goes on: the next change and the next packet work.
        _ = try session.execute("vpc create other 10.1.0.0/16")
        _ = try session.execute("packet https from internet to web1")
    }

    @Test("every world the scenario scripts build saves and loads back equal")
    func scenarioWorldsPassValidation() throws {
        let scripts = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("SGLabLanguageTests/Scripts")
        let files = try FileManager.default.contentsOfDirectory(atPath: scripts.path).filter { $0.hasSuffix(".sglab") }
        #expect(files.count > 20)
        for file in files {
            var session = Session()
            let text = try String(contentsOf: scripts.appendingPathComponent(file), encoding: .utf8)
            for line in text.split(separator: "\n") { _ = try session.execute(String(line)) }
            let data = try JSONEncoder().encode(session.world)
            let loaded = try JSONDecoder().decode(World.self, from: data)
            #expect(loaded == session.world, "\(file)")
        }
    }
}
