import Foundation
import Testing

/// Runs the built `sglab` binary as a person or CI would.
@Suite("sglab binary", .serialized)
struct EndToEndTests {
    static var binary: URL {
        // Test resources sit in the build products folder, next to the executable.
        Bundle.module.bundleURL.deletingLastPathComponent().appendingPathComponent("sglab")
    }

    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    func run(_ arguments: [String], input: String? = nil) throws -> Result {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = arguments
        let out = Pipe(), err = Pipe(), inp = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = inp
        try process.run()
        if let input { inp.fileHandleForWriting.write(Data(input.utf8)) }
        try inp.fileHandleForWriting.close()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }

    func temporary(_ text: String, name: String = "lab.sglab") throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sglab-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    static let lab = """
        vpc create lab 10.0.0.0/16
        subnet create pub in lab 10.0.1.0/24
        igw create gw
        igw attach gw lab
        route add main 0.0.0.0/0 via gw
        sg create web in lab
        sg allow web in tcp 443 from 0.0.0.0/0
        launch ec2 web in pub sg web public-ip
        expect allowed tcp from internet to web:443
        expect blocked at security-group-inbound tcp from internet to web:22

        """

    @Test("a script whose expectations hold exits 0 and ends with the count")
    func passing() throws {
        let r = try run(["run", try temporary(Self.lab)])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasSuffix("2 passed, 0 failed\n"))
    }

    @Test("a failed expectation is reported with file and line, the script goes on, exit 1")
    func failing() throws {
        let path = try temporary(Self.lab + "expect allowed tcp from internet to web:22\nexpect allowed tcp from internet to web:443\n")
        let r = try run(["run", path])
        #expect(r.status == 1)
        #expect(r.stderr.contains("\(path):11: expectation failed: expected allowed, got blocked at security-group-inbound"))
        #expect(r.stdout.hasSuffix("3 passed, 1 failed\n"))
    }

    @Test("the first failing command stops the script with FILE:LINE: error and exit 2")
    func error() throws {
        let path = try temporary("vpc create lab 10.0.0.0/16\nvpc create other 10.0.0.0/33\nexpect allowed tcp from internet to 3.80.0.1:1\n")
        let r = try run(["run", path])
        #expect(r.status == 2)
        #expect(r.stderr.contains("\(path):2: error: 10.0.0.0/33 is not a valid CIDR: the prefix length must be 0–32"))
    }

    @Test("standard input runs as a script, with run - and when piped, identically")
    func standardInput() throws {
        let a = try run(["run", "-"], input: Self.lab)
        let b = try run([], input: Self.lab)
        #expect(a.status == 0)
        #expect(a.stdout == b.stdout)
        #expect(a.stdout.hasSuffix("2 passed, 0 failed\n"))
    }

    @Test("--json prints one JSON object per packet or expect line")
    func json() throws {
        let r = try run(["run", "--json", try temporary(Self.lab + "packet tcp from internet to web:22\n")])
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.count == 3)
        for line in lines {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            #expect(object["line"] is Int)
            #expect(["allowed", "blocked"].contains(object["verdict"] as? String))
            #expect(object["hops"] is [Any])
        }
        let last = try #require(try JSONSerialization.jsonObject(with: Data(lines[2].utf8)) as? [String: Any])
        let blocked = try #require(last["blockedAt"] as? [String: Any])
        #expect(blocked["component"] as? String == "security-group")
        #expect(blocked["direction"] as? String == "inbound")
        #expect(blocked["leg"] as? String == "request")
        #expect((blocked["resource"] as? String)?.hasPrefix("sg-") == true)
        #expect(r.stderr.contains("2 passed, 0 failed"))
    }

    @Test("a missing file is a one-line error, exit 2")
    func missingFile() throws {
        let r = try run(["run", "/nonexistent/lab.sglab"])
        #expect(r.status == 2)
        #expect(r.stderr.hasPrefix("sglab: cannot read /nonexistent/lab.sglab"))
    }

    @Test("bytes that are not text do not crash the runner")
    func garbage() throws {
        var bytes = [UInt8](repeating: 0, count: 512)
        for i in bytes.indices { bytes[i] = UInt8(truncatingIfNeeded: i &* 7919 &+ 13) }
        let r = try run(["run", "-"], input: String(decoding: bytes, as: UTF8.self))
        #expect(r.status == 2)
        // The first byte, 13, is a carriage return: a line end, so the error is on line 2.
        #expect(r.stderr.contains("<stdin>:2: error:"))
    }

    @Test("unknown options are refused with the usage")
    func usage() throws {
        let r = try run(["run", "--jsn", "x"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("Unknown option '--jsn'"))
    }
}
