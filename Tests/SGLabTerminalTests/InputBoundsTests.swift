import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Input that never ends, or is huge, or is not text: `sglab run -` reads it line by line in
/// bounded memory and ends with a clear error or result in bounded time.
@Suite("Input bounds", .serialized, .timeLimit(.minutes(2)))
struct InputBoundsTests {
    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
        let seconds: Double
    }

    /// Runs `sglab run -` with `produce` writing standard input from another thread.
    func run(_ arguments: [String] = ["run", "-"], produce: @escaping @Sendable (FileHandle) -> Void) throws -> Result {
        let process = Process()
        process.executableURL = EndToEndTests.binary
        process.arguments = arguments
        let out = Pipe(), err = Pipe(), inp = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = inp
        let start = ContinuousClock.now
        try process.run()
        let writer = inp.fileHandleForWriting
        let producer = Thread {
            produce(writer)
            try? writer.close()
        }
        producer.start()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let elapsed = ContinuousClock.now - start
        return Result(
            status: process.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self),
            seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }

    /// The peak resident memory of the largest child this process has waited for, in MB.
    func peakChildMegabytes() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_CHILDREN.rawValue, &usage)
        return usage.ru_maxrss / 1024
    }

    @Test("a 10 MB line ends at once with a one-line error, in bounded memory")
    func tenMegabyteLine() throws {
        let r = try run { handle in
            // The write fails once sglab has stopped reading: that is the point.
            signal(SIGPIPE, SIG_IGN)
            let chunk = Data(repeating: UInt8(ascii: "a"), count: 1 << 20)
            for _ in 0..<10 { guard (try? handle.write(contentsOf: chunk)) != nil else { return } }
        }
        #expect(r.status == 2)
        #expect(r.stderr.hasPrefix("<stdin>:1: error: the line is longer than 65536 bytes"), "\(r.stderr.prefix(300))")
        #expect(r.stderr.utf8.count < 200)
        #expect(r.seconds < 10)
        #expect(peakChildMegabytes() < 200)
    }

    @Test("a million blank and comment lines end with 'nothing ran', in bounded time and memory")
    func millionLines() throws {
        let r = try run { handle in
            let chunk = Data(String(repeating: "\n# a comment\r\n   \n", count: 10_000).utf8)
            for _ in 0..<34 { try? handle.write(contentsOf: chunk) }
        }
        #expect(r.status == 2)
        #expect(r.stderr == "<stdin>: error: nothing ran: every line is blank or a comment\n", "\(r.stderr)")
        #expect(r.stdout.isEmpty)
        #expect(r.seconds < 30)
        #expect(peakChildMegabytes() < 200)
    }

    @Test("random binary input ends with a one-line error, exit 2")
    func randomBinary() throws {
        for seed in [1, 2, 3] as [UInt64] {
            let r = try run { handle in
                signal(SIGPIPE, SIG_IGN)
                var state = seed
                var bytes = [UInt8](repeating: 0, count: 1 << 20)
                for i in bytes.indices {
                    state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                    bytes[i] = UInt8(truncatingIfNeeded: state >> 33)
                }
                _ = try? handle.write(contentsOf: Data(bytes))
            }
            #expect(r.status == 2, "\(r.stderr)")
            #expect(r.stderr.split(separator: "\n").count == 1, "\(r.stderr.prefix(400))")
            #expect(r.stderr.contains(": error: "))
            #expect(!r.stderr.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
            #expect(r.seconds < 10)
        }
    }

    @Test("a script from a slow producer runs each line as it arrives")
    func streaming() throws {
        let process = Process()
        process.executableURL = EndToEndTests.binary
        process.arguments = ["run", "-"]
        let out = Pipe(), inp = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        process.standardInput = inp
        try process.run()
        defer { if process.isRunning { process.terminate() } }
        try inp.fileHandleForWriting.write(contentsOf: Data("vpc create lab 10.0.0.0/16\n".utf8))
        // The first command's result arrives while standard input is still open.
        let reader = out.fileHandleForReading
        var seen = Data()
        let deadline = ContinuousClock.now + .seconds(10)
        while !String(decoding: seen, as: UTF8.self).contains("created VPC lab") && ContinuousClock.now < deadline {
            var descriptor = pollfd(fd: reader.fileDescriptor, events: Int16(POLLIN), revents: 0)
            if poll(&descriptor, 1, 100) > 0 { seen += reader.availableData }
        }
        #expect(String(decoding: seen, as: UTF8.self).contains("created VPC lab"))
        try inp.fileHandleForWriting.write(contentsOf: Data("say \"done\"\n".utf8))
        try inp.fileHandleForWriting.close()
        seen += reader.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(String(decoding: seen, as: UTF8.self).hasSuffix("done\n"))
    }
}
