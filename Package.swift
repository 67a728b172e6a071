// swift-tools-version: 6.1
import PackageDescription

// The core library has no dependencies. Benchmarks live in their own package under
// Benchmarks/ so that `swift build` and `make test` never compile the harness.
let package = Package(
    name: "sglab",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "sglab", targets: ["sglab"]),
        .library(name: "SGLabCore", targets: ["SGLabCore"]),
        .library(name: "SGLabLanguage", targets: ["SGLabLanguage"]),
        .library(name: "SGLabTerminal", targets: ["SGLabTerminal"]),
    ],
    targets: [
        // The domain: the VPC world and the packet evaluator. Pure values, no I/O.
        .target(name: "SGLabCore"),
        // Lexer, grammar table, parser and interpreter of the command language.
        .target(name: "SGLabLanguage", dependencies: ["SGLabCore"]),
        // Rendering, the script runner and (later) the line editor.
        .target(name: "SGLabTerminal", dependencies: ["SGLabCore", "SGLabLanguage"]),
        .executableTarget(name: "sglab", dependencies: ["SGLabTerminal", "SGLabLanguage", "SGLabCore"]),
        .testTarget(name: "SGLabCoreTests", dependencies: ["SGLabCore", "SGLabLanguage"]),
        .testTarget(
            name: "SGLabLanguageTests", dependencies: ["SGLabLanguage", "SGLabCore"],
            resources: [.copy("Scripts")]),
        .testTarget(
            name: "SGLabTerminalTests", dependencies: ["SGLabTerminal", "SGLabLanguage", "SGLabCore"],
            resources: [.copy("Transcripts")]),
    ]
)
