// Benchmarks for the engine at scale (ordo-one package-benchmark). Run from Benchmarks/:
//
//   swift build -c release --package-path ..            # the sglab binary the script cases run
//   swift package --allow-writing-to-package-directory benchmark --target SGLabScaleBenchmarks
//
// Script cases: `sglab run FILE` (RELEASE binary, process start included) on the scripts of
// make-scale-script.sh, each timed as a whole; the child's peak resident memory (wait4's
// ru_maxrss) is reported as the custom metric "peak memory (MB)". Targets (issue: engine at
// scale), on a 2-core machine: build 16,000 instances ≤ 0.5 s and ≤ 200 MB; 64,000 ≤ 4.5× the
// 16,000 time; the 10,000-line mix ≤ 0.3 s; 100,000 expect lines over 10,000 ENIs ≤ 5 s.
//
// In-process case: `undo` right after building 16,000 instances (target ≤ 5 ms); each iteration
// measures one undo, then redoes it outside the measurement.

import Benchmark
import Foundation
import SGLabCore
import SGLabLanguage

#if canImport(Glibc)
    import Glibc
#endif

let benchmarks: @Sendable () -> Void = {
    let peakMemory = BenchmarkMetric.custom("peak memory (MB)", polarity: .prefersSmaller, useScalingFactor: false)
    let scripts: [(String, [String], Int)] = [
        ("build 1,000 instances", ["build", "1000"], 20),
        ("build 4,000 instances", ["build", "4000"], 10),
        ("build 16,000 instances", ["build", "16000"], 10),
        ("build 64,000 instances (/20 subnets)", ["build", "64000"], 5),
        ("the 10,000-line mix", ["mix"], 20),
        ("100,000 expect lines over 10,000 ENIs", ["expect", "100000"], 5),
    ]
    for (label, arguments, iterations) in scripts {
        Benchmark(
            "sglab run: \(label)",
            configuration: .init(
                metrics: [.wallClock, peakMemory], warmupIterations: 1, maxDuration: .seconds(60),
                maxIterations: iterations),
            closure: { benchmark, run in
                for _ in benchmark.scaledIterations {
                    guard let result = run.once() else {
                        benchmark.error("sglab run \(run.script) failed")
                        return
                    }
                    benchmark.measurement(peakMemory, result.peakKilobytes / 1024)
                }
            },
            setup: { try ScriptRun.prepare(arguments) },
            teardown: { try? FileManager.default.removeItem(atPath: ScriptRun.path(for: arguments)) })
    }

    Benchmark(
        "undo right after building 16,000 instances (in process)",
        configuration: .init(metrics: [.wallClock], warmupIterations: 5, maxDuration: .seconds(10), maxIterations: 200),
        closure: { benchmark, built in
            var session = built.session
            for _ in benchmark.scaledIterations {
                benchmark.startMeasurement()
                let undone = try? session.execute("undo")
                benchmark.stopMeasurement()
                blackHole(undone)
                _ = try? session.execute("redo")
            }
        },
        setup: { try BuiltSession.make(instances: 16_000) })
}

struct BenchmarkSetupError: Error, CustomStringConvertible {
    let description: String
}

/// Benchmarks/ (this package), from this file's path.
let packageDirectory = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// A generated script and the release binary that runs it.
struct ScriptRun: Sendable {
    let binary: String
    let script: String

    /// Where the script for `arguments` is generated (removed in teardown).
    static func path(for arguments: [String]) -> String {
        FileManager.default.temporaryDirectory
            .appendingPathComponent("sglab-scale-\(arguments.joined(separator: "-"))-\(getpid()).sglab").path
    }

    static func prepare(_ arguments: [String]) throws -> ScriptRun {
        let root = packageDirectory.deletingLastPathComponent()
        let binary = ProcessInfo.processInfo.environment["SGLAB_BIN"] ?? root.appendingPathComponent(".build/release/sglab").path
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            throw BenchmarkSetupError(
                description: "no release sglab at \(binary): run `swift build -c release` in \(root.path) first (or set SGLAB_BIN)")
        }
        let script = path(for: arguments)
        let generator = Process()
        generator.executableURL = URL(fileURLWithPath: "/bin/bash")
        generator.arguments = [packageDirectory.appendingPathComponent("make-scale-script.sh").path] + arguments + [script]
        try generator.run()
        generator.waitUntilExit()
        guard generator.terminationStatus == 0 else {
            throw BenchmarkSetupError(description: "make-scale-script.sh \(arguments) exited \(generator.terminationStatus)")
        }
        let run = ScriptRun(binary: binary, script: script)
        // One checked run: the script must run to its end with every expectation holding.
        guard let checked = run.once() else { throw BenchmarkSetupError(description: "sglab run \(script) failed") }
        FileHandle.standardError.write(Data("\(arguments): peak \(checked.peakKilobytes / 1024) MB\n".utf8))
        return run
    }

    /// Runs the script once, output discarded; nil unless it exits 0.
    func once() -> (status: Int32, peakKilobytes: Int)? {
        var pid: pid_t = 0
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv: [UnsafeMutablePointer<CChar>?] = [strdup(binary), strdup("run"), strdup(script), nil]
        defer { for arg in argv { free(arg) } }
        guard posix_spawn(&pid, binary, &actions, nil, argv, environ) == 0 else { return nil }
        var status: Int32 = 0
        var usage = rusage()
        guard wait4(pid, &status, 0, &usage) == pid else { return nil }
        let exited = status & 0x7f == 0 ? (status >> 8) & 0xff : -1
        guard exited == 0 else { return nil }
        return (exited, usage.ru_maxrss)
    }
}

/// A session that has just run `build N` (make-scale-script.sh), for the undo case.
struct BuiltSession: @unchecked Sendable {
    var session: Session

    static func make(instances: Int) throws -> BuiltSession {
        let generator = Process()
        let pipe = Pipe()
        generator.executableURL = URL(fileURLWithPath: "/bin/bash")
        generator.arguments = [packageDirectory.appendingPathComponent("make-scale-script.sh").path, "build", "\(instances)"]
        generator.standardOutput = pipe
        try generator.run()
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        generator.waitUntilExit()
        var session = Session()
        for line in text.split(separator: "\n") { _ = try session.execute(String(line)) }
        guard session.world.resources.count == instances else {
            throw BenchmarkSetupError(description: "built \(session.world.resources.count) instances, not \(instances)")
        }
        return BuiltSession(session: session)
    }
}
