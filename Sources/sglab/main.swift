import Foundation
import SGLabTerminal

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Standard output and standard error.
struct StandardSink: OutputSink {
    mutating func out(_ text: String) { print(text) }
    mutating func err(_ text: String) {
        fflush(nil)
        standardError(text + "\n")
    }
}

func standardError(_ text: String) {
    var bytes = Array(text.utf8)
    var offset = 0
    while offset < bytes.count {
        let n = bytes.withUnsafeMutableBytes { write(STDERR_FILENO, $0.baseAddress! + offset, $0.count - offset) }
        if n <= 0 { break }
        offset += n
    }
}

let usage = """
    usage: sglab                      start the lab (reads a script when standard input is not a terminal)
           sglab run [--json] [--echo] [--step] FILE|-
                                      run a script: stops at the first error (exit 2); exit 1 when an expect fails
                                      --echo prints each command before its output; --step shows each command
                                      as if typed and waits for Enter (q ends): for teaching in front of a class
           sglab check [PATH...]          validate lessons and question banks (FILE:LINE errors)
           sglab lessons | lesson NAME    the lessons, and one of them in the lab
           sglab quiz [TOPIC] [--count N] [--seed N] [--generated] [--answers FILE] [--json]
           sglab quiz export --format gift|aiken [--output FILE] | quiz import FILE
           sglab exam [--count 65] [--minutes 130] [--seed N] [--answers FILE] [--json]
           sglab review | progress [export FILE | import FILE | reset]
           sglab --help | --version
    """

ProcessGuards.install()
var arguments = Array(CommandLine.arguments.dropFirst())
var sink = StandardSink()

if arguments.first == "--help" || arguments.first == "-h" || arguments.first == "help" {
    print(usage)
    exit(0)
}
if arguments.first == "--version" {
    print("sglab 0.1.0")
    exit(0)
}

if arguments.first == "run" {
    arguments.removeFirst()
    var json = false
    var echo = false
    var step = false
    var path: String?
    for argument in arguments {
        switch argument {
        case "--json": json = true
        case "--echo": echo = true
        case "--step": step = true
        case "-": path = "-"
        default:
            if argument.hasPrefix("-") {
                standardError("sglab: unknown option \(argument)\n\(usage)\n")
                exit(2)
            }
            guard path == nil else {
                standardError("sglab: run takes one script, got \(path!) and \(argument)\n")
                exit(2)
            }
            path = argument
        }
    }
    guard let path else {
        standardError("sglab: run needs a script file, or - for standard input\n\(usage)\n")
        exit(2)
    }
    var runner = ScriptRunner(json: json, echo: echo)
    runner.style = json ? .plain : Style.forStandardOutput()
    if step {
        // Keys come from the terminal even when the script comes from standard input.
        guard let tty = fopen("/dev/tty", "r") else {
            standardError("sglab: --step needs a terminal to read Enter from\n")
            exit(2)
        }
        let prompt = Style.forStandardOutput().bold("sglab> ")
        let readKey = { () -> Bool in
            var buffer = [CChar](repeating: 0, count: 256)
            guard fgets(&buffer, 256, tty) != nil else { return false }
            let answer = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            return answer.filter { !$0.isWhitespace }.lowercased() != "q"
        }
        runner.step = { line in
            print(prompt + line, terminator: "")
            fflush(nil)
            return readKey()
        }
        runner.waitForEnter = readKey
    }
    exit(runner.run(path: path, into: &sink))
}

if let first = arguments.first, CoursewareCommands.names.contains(first) {
    var environment: [String: String] = [:]
    for (key, value) in ProcessInfo.processInfo.environment { environment[key] = value }
    let commands = CoursewareCommands(
        environment: environment, executable: CommandLine.arguments[0], style: Style.forStandardOutput())
    exit(commands.run(first, Array(arguments.dropFirst())))
}

if let first = arguments.first {
    standardError("sglab: unknown command \(first)\n\(usage)\n")
    exit(2)
}

if isatty(STDIN_FILENO) == 0 {
    var runner = ScriptRunner()
    runner.style = Style.forStandardOutput()
    exit(runner.run(path: "-", into: &sink))
}

exit(REPL.run())
