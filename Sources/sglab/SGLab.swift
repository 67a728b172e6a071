import ArgumentParser
import Foundation
import SGLabAccounts
import SGLabTerminal

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `sglab`: with no subcommand, the lab (or a script, when standard input is not a terminal).
@main
struct SGLab: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sglab",
        abstract: "A terminal lab for AWS network security: security groups, network ACLs, route tables and a packet evaluator.",
        usage: "sglab [<subcommand>]    (no subcommand: the lab)",
        discussion: """
            With no subcommand, sglab starts the lab: type commands at the sglab> prompt (help lists \
            them, Tab completes, ? shows what may come next, Ctrl-D or quit leaves). When standard \
            input is not a terminal, sglab runs it as a script, exactly as `sglab run -`.
            """,
        version: "sglab 0.1.0",
        subcommands: [
            RunScript.self, Check.self, ListLessons.self, OpenLesson.self, Quiz.self, Exam.self, Review.self,
            ProgressCommand.self, ImportAccount.self, AuditAccount.self, ExposureCommand.self, ExportCommand.self,
        ])

    func run() throws {
        if isatty(STDIN_FILENO) == 0 {
            var runner = ScriptRunner()
            runner.style = Style.forStandardOutput()
            var sink = StandardSink()
            throw ExitCode(runner.run(path: "-", into: &sink))
        }
        throw ExitCode(REPL.run(commands: Courseware.commands))
    }

    /// Usage errors exit 2, as the lab's scripts do; everything else as argument-parser says.
    static func main() {
        ProcessGuards.install()
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                standardError(fullMessage(for: error) + "\n")
                Foundation.exit(2)
            }
            Self.exit(withError: error)
        }
    }
}

/// The courseware commands, as the lab and the shell share them.
enum Courseware {
    static var commands: CoursewareCommands {
        var environment: [String: String] = [:]
        for (key, value) in ProcessInfo.processInfo.environment { environment[key] = value }
        // The real path: run from PATH, argv[0] is only "sglab", and the lessons are found beside
        // the binary (share/sglab under an install prefix).
        let executable = Bundle.main.executablePath ?? CommandLine.arguments[0]
        return CoursewareCommands(environment: environment, executable: executable, style: Style.forStandardOutput())
    }

    static func run(_ command: String, _ options: CoursewareCommands.Options) throws -> Never {
        throw ExitCode(commands.run(command, options))
    }
}

/// Options that pick and replay questions.
struct QuestionOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Replay this seed: the same questions in the same order.", valueName: "N"))
    var seed: UInt64?

    @Option(help: ArgumentHelp("Read the answers from FILE, one a line, instead of the terminal.", valueName: "FILE"))
    var answers: String?

    @Flag(help: "JSON instead of prose: a quiz writes one object per answer, then the score; an exam one object at the end.")
    var json = false

    func fill(_ options: inout CoursewareCommands.Options) {
        options.seed = seed
        options.answers = answers
        options.json = json
    }
}

struct RunScript: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a script: stops at the first error (exit 2); exit 1 when an expect fails.")

    @Flag(help: "One JSON object per packet or expect line.")
    var json = false

    @Flag(help: "Print each command before its output.")
    var echo = false

    @Flag(help: "Show each command as if typed and wait for Enter (q ends): for teaching in front of a class.")
    var step = false

    @Argument(help: ArgumentHelp("The script, or - for standard input.", valueName: "FILE|-"),
              completion: .file(extensions: ["sglab"]))
    var path: String

    func run() throws {
        // The runner reads the script line by line, in bounded memory, as it runs it.
        var runner = ScriptRunner(json: json, echo: echo)
        runner.style = json ? .plain : Style.forStandardOutput()
        if step {
            // Keys come from the terminal even when the script comes from standard input.
            guard let tty = fopen("/dev/tty", "r") else {
                standardError("sglab: --step needs a terminal to read Enter from\n")
                throw ExitCode(2)
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
        var sink = StandardSink(fit: !json)
        throw ExitCode(runner.run(path: path, into: &sink))
    }
}

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Validate lessons and question banks (FILE:LINE errors).")

    @Argument(help: ArgumentHelp("Files or folders (default: lessons/ and quizzes/).", valueName: "PATH"),
              completion: .file())
    var paths: [String] = []

    func run() throws {
        var options = CoursewareCommands.Options()
        options.positional = paths
        try Courseware.run("check", options)
    }
}

struct ListLessons: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lessons", abstract: "List the lessons, with those you have done.")

    func run() throws { try Courseware.run("lessons", CoursewareCommands.Options()) }
}

struct OpenLesson: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lesson", abstract: "Open a lesson in the lab, by name or number.")

    @Argument(help: ArgumentHelp("A lesson's name (or the start of it) or its number.", valueName: "NAME"))
    var name: String

    func run() throws {
        var options = CoursewareCommands.Options()
        options.positional = [name]
        try Courseware.run("lesson", options)
    }
}

struct Quiz: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Practice questions, each answered and explained at once.",
        usage: """
            sglab quiz [<TOPIC>] [--count <N>] [--generated] [--seed <N>] [--answers <FILE>] [--json]
              sglab quiz export [--format gift|aiken] [--output <FILE>] [<TOPIC>]
              sglab quiz import [--format gift|aiken] <FILE>
            """,
        subcommands: [Practice.self, Export.self, Import.self], defaultSubcommand: Practice.self)

    struct Practice: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "practice", abstract: "Practice questions (the default: sglab quiz [TOPIC])")

        @Argument(help: ArgumentHelp("A topic such as nacl, stateful or routing (default: every topic).", valueName: "TOPIC"))
        var topic: String?

        @Option(help: ArgumentHelp("How many questions (1 to 500).", valueName: "N"))
        var count = 10

        @Flag(help: "Unlimited scenario and fix-it practice made from templates.")
        var generated = false

        @OptionGroup var questions: QuestionOptions

        func run() throws {
            var options = CoursewareCommands.Options()
            options.positional = topic.map { [$0] } ?? []
            options.count = count
            options.generated = generated
            questions.fill(&options)
            try Courseware.run("quiz", options)
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Write the question banks as GIFT or Aiken (Moodle imports both).")

        @Option(help: ArgumentHelp("gift or aiken.", valueName: "FORMAT"))
        var format = "gift"

        @Option(help: ArgumentHelp("Write to FILE instead of standard output.", valueName: "FILE"), completion: .file())
        var output: String?

        @Option(help: ArgumentHelp("Seed for the scenario answers' order.", valueName: "N"))
        var seed: UInt64?

        @Argument(help: ArgumentHelp("Only this topic.", valueName: "TOPIC"))
        var topic: String?

        func run() throws {
            var options = CoursewareCommands.Options()
            options.positional = ["export"] + (topic.map { [$0] } ?? [])
            options.format = format
            options.output = output
            options.seed = seed
            try Courseware.run("quiz", options)
        }
    }

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Read a GIFT or Aiken file as a bank of your own (in your data folder, where quizzes find it).")

        @Option(help: ArgumentHelp("gift or aiken (default: guessed from the file).", valueName: "FORMAT"))
        var format: String?

        @Option(help: ArgumentHelp("Write the bank to FILE instead.", valueName: "FILE"), completion: .file())
        var output: String?

        @Argument(help: ArgumentHelp("The GIFT or Aiken file.", valueName: "FILE"), completion: .file())
        var file: String

        func run() throws {
            var options = CoursewareCommands.Options()
            options.positional = ["import", file]
            options.format = format
            options.output = output
            try Courseware.run("quiz", options)
        }
    }
}

struct Exam: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "A timed practice exam: flag and return, pass at 72 %.")

    @Argument(help: ArgumentHelp("Only this topic.", valueName: "TOPIC"))
    var topic: String?

    @Option(help: ArgumentHelp("How many questions (1 to 500).", valueName: "N"))
    var count = 65

    @Option(help: ArgumentHelp("The time allowed (default: 2 minutes per question, 130 for 65).", valueName: "N"))
    var minutes: Int?

    @OptionGroup var questions: QuestionOptions

    func run() throws {
        var options = CoursewareCommands.Options()
        options.positional = topic.map { [$0] } ?? []
        options.count = count
        options.minutes = minutes
        questions.fill(&options)
        try Courseware.run("exam", options)
    }
}

struct Review: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Spaced repetition of what you missed: questions and lesson steps that are due.")

    @Option(help: ArgumentHelp("At most this many items (1 to 500).", valueName: "N"))
    var count = 20

    @OptionGroup var questions: QuestionOptions

    func run() throws {
        var options = CoursewareCommands.Options()
        options.count = count
        questions.fill(&options)
        try Courseware.run("review", options)
    }
}

struct ProgressCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "progress", abstract: "Mastery per topic; export, import or reset the progress log.",
        usage: "sglab progress [export <FILE> | import <FILE> | reset]",
        subcommands: [Show.self, Export.self, Import.self, Reset.self], defaultSubcommand: Show.self)

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Mastery per topic (the default).")
        func run() throws { try Courseware.run("progress", CoursewareCommands.Options()) }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Copy the progress log to FILE.")
        @Argument(help: ArgumentHelp("Where to write it.", valueName: "FILE"), completion: .file())
        var file: String
        func run() throws {
            var options = CoursewareCommands.Options()
            options.positional = ["export", file]
            try Courseware.run("progress", options)
        }
    }

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add the events of FILE that the log lacks.")
        @Argument(help: ArgumentHelp("An exported progress log.", valueName: "FILE"), completion: .file())
        var file: String
        func run() throws {
            var options = CoursewareCommands.Options()
            options.positional = ["import", file]
            try Courseware.run("progress", options)
        }
    }

    struct Reset: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Start a new log (the old one is kept beside it).")
        func run() throws {
            var options = CoursewareCommands.Options()
            options.positional = ["reset"]
            try Courseware.run("progress", options)
        }
    }
}

// MARK: - Real accounts

struct ImportAccount: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Read a real account's describe-* JSON (files, or folders such as a Batfish snapshot): print what was imported and what was skipped.")

    @Option(help: ArgumentHelp("Save the imported world to FILE (load FILE in the lab).", valueName: "FILE"), completion: .file())
    var save: String?

    @Argument(help: ArgumentHelp("Files or folders of aws ec2 describe-* output.", valueName: "PATH"), completion: .file())
    var paths: [String]

    func run() throws {
        var sink = StandardSink()
        throw ExitCode(AccountCommands.runImport(paths: paths, save: save, into: &sink))
    }
}

struct AuditAccount: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Security Hub (and CIS) network controls and sglab's own checks over a saved world or describe-* JSON; exit 1 when a finding at or above --fail-on exists.")

    @Flag(help: "One JSON object with every finding.")
    var json = false

    @Option(help: ArgumentHelp("The lowest severity that makes the exit status 1: low, medium, high or critical.", valueName: "SEVERITY"))
    var failOn = "high"

    @Argument(help: ArgumentHelp("A saved world, or files or folders of describe-* output.", valueName: "PATH"), completion: .file())
    var paths: [String]

    func validate() throws {
        guard Severity(name: failOn) != nil else { throw ValidationError("--fail-on takes low, medium, high or critical, not \(failOn)") }
    }

    func run() throws {
        var sink = StandardSink(fit: !json)
        throw ExitCode(
            AccountCommands.runAudit(
                paths: paths, json: json, failOn: Severity(name: failOn)!, style: json ? .plain : Style.forStandardOutput(), into: &sink))
    }
}

struct ExposureCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exposure",
        abstract: "Per interface, the protocols and port ranges reachable from the internet (or --from a subnet, group or resource), each with an example path; exit 1 when anything beyond --allow is reachable.")

    @Flag(help: "One JSON object with every interface and range.")
    var json = false

    @Option(help: ArgumentHelp("Who sends: internet (the default), or a subnet, security group or resource by name or ID.", valueName: "SOURCE"))
    var from: String?

    @Option(help: ArgumentHelp("Traffic that may be reachable without failing: tcp:443,tcp:80,udp:53,icmp.", valueName: "LIST"))
    var allow: String?

    @Argument(help: ArgumentHelp("A saved world, or files or folders of describe-* output.", valueName: "PATH"), completion: .file())
    var paths: [String]

    func run() throws {
        var sink = StandardSink(fit: !json)
        let allowed = allow.map { $0.split(separator: ",").map(String.init) } ?? []
        throw ExitCode(
            AccountCommands.runExposure(
                paths: paths, json: json, from: from, allow: allowed, style: json ? .plain : Style.forStandardOutput(), into: &sink))
    }
}

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a saved world (or describe-* JSON) as an AWS CLI script, a CloudFormation template or Terraform.")

    @Option(help: ArgumentHelp("aws-cli, cloudformation or terraform.", valueName: "FORMAT"))
    var format: String

    @Option(help: ArgumentHelp("Write to FILE instead of standard output.", valueName: "FILE"), completion: .file())
    var output: String?

    @Argument(help: ArgumentHelp("A saved world, or files or folders of describe-* output.", valueName: "PATH"), completion: .file())
    var paths: [String]

    func validate() throws {
        guard ExportFormat(rawValue: format) != nil else {
            throw ValidationError("--format takes aws-cli, cloudformation or terraform, not \(format)")
        }
    }

    func run() throws {
        var sink = StandardSink(fit: false)
        throw ExitCode(AccountCommands.runExport(paths: paths, format: ExportFormat(rawValue: format)!, output: output, into: &sink))
    }
}

// MARK: - Input and output

/// Standard output and standard error.
struct StandardSink: OutputSink {
    /// Prose is fitted to the terminal; JSON is written as it is.
    var fit = true
    mutating func out(_ text: String) { print(fit ? Terminal.fit(text) : text) }
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

