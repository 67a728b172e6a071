import Foundation
import SGLabCore
import SGLabLanguage
import Testing

@testable import SGLabTerminal

@Suite("Account commands from the shell")
struct AccountCommandTests {
    func temporary(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("sglab-accounts-\(ProcessInfo.processInfo.processIdentifier)-\(name)").path
    }

    /// A saved world whose keys before `format` fill more than a few kilobytes (open
    /// connections sort first) is still read as a saved world, not as describe-* JSON.
    @Test func aSavedWorldIsRecognisedWhateverItsSize() throws {
        var session = Session()
        for line in ["vpc create lab 10.0.0.0/16", "subnet create pub in lab 10.0.1.0/24", "igw create gw in lab",
                     "route add main 0.0.0.0/0 via gw", "sg create web in lab \"web\"", "sg allow web in tcp 1-65535 from 0.0.0.0/0",
                     "launch ec2 web1 in pub sg web public-ip"] {
            _ = try session.execute(line)
        }
        for port in 1...60 { _ = try session.execute("connect tcp from internet:\(40000 + port) to web1:\(port)") }
        let path = temporary("big.json")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try FileStore().save(session.world, to: path)
        let head = try String(contentsOfFile: path, encoding: .utf8).prefix(4096)
        #expect(!head.contains("\"format\""), "the test needs format past the first 4 KB")
        let (world, report) = try AccountCommands.world(from: [path])
        #expect(world == session.world && report.isEmpty)
    }

    @Test func auditExitCodesFollowTheSeverity() throws {
        var session = Session()
        for line in ["vpc create lab 10.0.0.0/16", "sg create web in lab \"web\"", "sg allow web in tcp 22 from 0.0.0.0/0"] {
            _ = try session.execute(line)
        }
        let path = temporary("audit.json")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try FileStore().save(session.world, to: path)
        var sink = BufferSink()
        #expect(AccountCommands.runAudit(paths: [path], json: true, failOn: .critical, style: .plain, into: &sink) == 1)
        #expect(sink.text.contains("\"control\": \"EC2.19\""))
        // Unused group (MEDIUM) and the rest: nothing is critical once port 22 is closed.
        _ = try session.execute("sg revoke web in tcp 22 from 0.0.0.0/0")
        try FileStore().save(session.world, to: path)
        var quiet = BufferSink()
        #expect(AccountCommands.runAudit(paths: [path], json: false, failOn: .critical, style: .plain, into: &quiet) == 0)
        #expect(AccountCommands.runAudit(paths: [path], json: false, failOn: .medium, style: .plain, into: &quiet) == 1)
        var missing = BufferSink()
        #expect(AccountCommands.runAudit(paths: [temporary("none")], json: false, failOn: .high, style: .plain, into: &missing) == 2)
    }

    @Test func exposureAllowsWhatItIsTold() throws {
        var session = Session()
        for line in ["vpc create lab 10.0.0.0/16", "subnet create pub in lab 10.0.1.0/24", "igw create gw in lab",
                     "route add main 0.0.0.0/0 via gw", "sg create web in lab \"web\"", "sg allow web in https from 0.0.0.0/0",
                     "launch ec2 web1 in pub sg web public-ip"] {
            _ = try session.execute(line)
        }
        let path = temporary("exposure.json")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try FileStore().save(session.world, to: path)
        var sink = BufferSink()
        #expect(AccountCommands.runExposure(paths: [path], json: true, from: nil, allow: [], style: .plain, into: &sink) == 1)
        #expect(sink.text.contains("\"fromPort\": 443, \"toPort\": 443"))
        #expect(AccountCommands.runExposure(paths: [path], json: true, from: nil, allow: ["tcp:443"], style: .plain, into: &sink) == 0)
        var bad = BufferSink()
        #expect(AccountCommands.runExposure(paths: [path], json: true, from: nil, allow: ["tcp:99999"], style: .plain, into: &bad) == 2)
        #expect(bad.text.contains("--allow tcp:99999"))
    }
}
