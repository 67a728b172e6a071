// swift-tools-version: 6.1
import PackageDescription

// Benchmarks for sglab, kept out of the root package so that `swift build` and `make test`
// never compile the harness. Run from this directory:
//   swift package --allow-writing-to-package-directory benchmark
// The end-to-end benchmark times the release `sglab` binary of the root package: build it
// first with `swift build -c release` at the root (or set SGLAB_BIN).
let package = Package(
    name: "sglab-benchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        // `name:` pins the identity used below; a bare path dependency is identified by its
        // directory's name, which differs between clones (main, a CI checkout, …).
        .package(name: "sglab", path: ".."),
        // Only the MallocInterposer trait: the default traits add RuntimeInterposer, whose
        // dependency (ordo-one/swift-runtime-interposer) is not available offline.
        .package(url: "https://github.com/ordo-one/package-benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "SGLabBenchmarks",
            dependencies: [
                .product(name: "SGLabCore", package: "sglab"),
                .product(name: "Benchmark", package: "package-benchmark"),
            ],
            path: "Benchmarks/SGLabBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "package-benchmark")]
        ),
        // The lab at a terminal: start to first prompt, and completion in a large world.
        .executableTarget(
            name: "SGLabREPLBenchmarks",
            dependencies: [
                .product(name: "SGLabCore", package: "sglab"),
                .product(name: "SGLabLanguage", package: "sglab"),
                .product(name: "Benchmark", package: "package-benchmark"),
            ],
            path: "Benchmarks/SGLabREPLBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "package-benchmark")]
        ),
        // Real accounts at scale: import, audit and exposure of a 10,000-interface account.
        .executableTarget(
            name: "SGLabAccountsBenchmarks",
            dependencies: [
                .product(name: "SGLabCore", package: "sglab"),
                .product(name: "SGLabAccounts", package: "sglab"),
                .product(name: "Benchmark", package: "package-benchmark"),
            ],
            path: "Benchmarks/SGLabAccountsBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "package-benchmark")]
        ),
        // The engine at scale: building 1k-64k instances, the 10,000-line mix, 100,000
        // expectations, undo in a large world.
        .executableTarget(
            name: "SGLabScaleBenchmarks",
            dependencies: [
                .product(name: "SGLabCore", package: "sglab"),
                .product(name: "SGLabLanguage", package: "sglab"),
                .product(name: "Benchmark", package: "package-benchmark"),
            ],
            path: "Benchmarks/SGLabScaleBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "package-benchmark")]
        ),
    ]
)
