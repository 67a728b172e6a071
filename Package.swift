// swift-tools-version: 6.1
import PackageDescription

// The core library depends only on swift-collections' persistent tables. Benchmarks live in their own package under
// Benchmarks/ so that `swift build` and `make test` never compile the harness.
let package = Package(
    name: "sglab",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "sglab", targets: ["sglab"]),
        .library(name: "SGLabCore", targets: ["SGLabCore"]),
        .library(name: "SGLabLanguage", targets: ["SGLabLanguage"]),
        .library(name: "SGLabTerminal", targets: ["SGLabTerminal"]),
        .library(name: "SGLabCourseware", targets: ["SGLabCourseware"]),
        .library(name: "SGLabAccounts", targets: ["SGLabAccounts"]),
    ],
    dependencies: [
        // The `sglab` command line: subcommands, --help, errors and shell completion scripts.
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // Persistent (structurally shared) tables for the world: a change copies O(log n) nodes, so
        // undo can keep 200 worlds of any size (issue: engine at scale). Only the small
        // HashTreeCollections and DequeModule products are used.
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        // YAML for `sglab export --format cloudformation` (SGLabAccounts only).
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        // libedit's native API (Debian: libedit-dev). pkg-config supplies -I…/include/editline and
        // -ledit; `providers` only adds the "you may be able to install…" hint. Only SGLabTerminal
        // imports it.
        .systemLibrary(name: "CEditLine", pkgConfig: "libedit", providers: [.apt(["libedit-dev"])]),
        // The domain: the VPC world and the packet evaluator. Pure values, no I/O.
        .target(
            name: "SGLabCore",
            dependencies: [.product(name: "HashTreeCollections", package: "swift-collections")]),
        // Lexer, grammar table, parser and interpreter of the command language.
        .target(
            name: "SGLabLanguage",
            dependencies: ["SGLabCore", .product(name: "DequeModule", package: "swift-collections")]),
        // Real accounts: describe-* JSON in (Foundation's decoder), audit, exposure and export.
        .target(name: "SGLabAccounts", dependencies: ["SGLabCore", .product(name: "Yams", package: "Yams")]),
        // Rendering, the script runner, the line editor and the lab loop.
        .target(
            name: "SGLabTerminal", dependencies: ["SGLabCore", "SGLabLanguage", "SGLabCourseware", "SGLabAccounts", "CEditLine"]),
        // Lessons, question banks, the question generator, the scheduler and the progress log.
        .target(name: "SGLabCourseware", dependencies: ["SGLabCore", "SGLabLanguage"]),
        .executableTarget(
            name: "sglab",
            dependencies: [
                "SGLabTerminal", "SGLabLanguage", "SGLabCore", "SGLabCourseware", "SGLabAccounts",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        // libFuzzer targets (`make fuzz`): do-nothing programs in a plain build.
        .executableTarget(name: "FuzzSession", dependencies: ["SGLabCore", "SGLabLanguage"], path: "Fuzz/FuzzSession"),
        .executableTarget(name: "FuzzContent", dependencies: ["SGLabCourseware"], path: "Fuzz/FuzzContent"),
        .executableTarget(name: "FuzzWorld", dependencies: ["SGLabCore", "SGLabLanguage"], path: "Fuzz/FuzzWorld"),
        .executableTarget(name: "FuzzProgress", dependencies: ["SGLabCourseware"], path: "Fuzz/FuzzProgress"),
        .executableTarget(name: "FuzzAccounts", dependencies: ["SGLabAccounts", "SGLabCore"], path: "Fuzz/FuzzAccounts"),
        .testTarget(name: "SGLabCoreTests", dependencies: ["SGLabCore", "SGLabLanguage"]),
        .testTarget(
            name: "SGLabLanguageTests", dependencies: ["SGLabLanguage", "SGLabCore"],
            resources: [.copy("Scripts")]),
        .testTarget(
            name: "SGLabAccountsTests", dependencies: ["SGLabAccounts", "SGLabCore", "SGLabLanguage"],
            resources: [.copy("Fixtures")]),
        .testTarget(name: "SGLabCoursewareTests", dependencies: ["SGLabCourseware", "SGLabLanguage", "SGLabCore"]),
        .testTarget(
            name: "SGLabTerminalTests", dependencies: ["SGLabTerminal", "SGLabLanguage", "SGLabCore", "SGLabCourseware"],
            resources: [.copy("Transcripts"), .copy("LessonTranscripts"), .copy("SavedWorlds")]),
    ]
)
