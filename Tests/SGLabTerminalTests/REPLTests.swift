import Foundation
import SGLabLanguage
import Testing

@testable import SGLabTerminal

@Suite("The lab loop and its helpers")
struct REPLTests {
    @Test("? lists each choice with its meaning, aligned, and <Enter> when the command is whole")
    func choiceHelp() {
        let lines = ChoiceHelp.lines(
            [Candidate(text: "in", meaning: "inbound", isPlaceholder: false),
             Candidate(text: "CIDR", meaning: "a block", isPlaceholder: true)], complete: true)
        #expect(lines == ["  in       inbound", "  CIDR     a block", "  <Enter>  run the command as it stands"])
        #expect(ChoiceHelp.lines([], complete: false) == ["  nothing can come next here"])
    }

    @Test("many names of one kind are summed up in one line")
    func choiceHelpManyNames() {
        let many = (0..<1000).map { Candidate(text: "sg-\($0)", meaning: "security group", isPlaceholder: false) }
        let lines = ChoiceHelp.lines(many + [Candidate(text: "SG", meaning: "a group", isPlaceholder: true)], complete: false)
        #expect(lines.count == 2)
        #expect(lines[0].contains("sg-0, sg-1, sg-2, …") && lines[0].contains("1000 of them"))
        #expect(lines[1].contains("SG") && lines[1].contains("a group"))
    }

    @Test("a long list of distinct choices is cut with a count of the rest")
    func choiceHelpLimit() {
        let many = (0..<100).map { Candidate(text: "w\($0)", meaning: "meaning \($0)", isPlaceholder: false) }
        let lines = ChoiceHelp.lines(many, complete: false)
        #expect(lines.count == ChoiceHelp.limit + 1)
        #expect(lines.last == "  … and 60 more: press ? again to see them all")
        // The second ? shows them all.
        let all = ChoiceHelp.lines(many, complete: false, all: true)
        #expect(all.count == 100)
        #expect(all.last?.contains("w99") == true)
    }

    @Test("the history file follows XDG_STATE_HOME, else ~/.local/state", arguments: [
        (["XDG_STATE_HOME": "/s", "HOME": "/h"], "/s/sglab/history"),
        (["HOME": "/h"], "/h/.local/state/sglab/history"),
        (["XDG_STATE_HOME": "relative", "HOME": "/h"], "/h/.local/state/sglab/history"),
        ([:], nil),
    ] as [([String: String], String?)])
    func historyPath(_ environment: [String: String], _ expected: String?) {
        #expect(HistoryFile.path(environment: { environment[$0] }) == expected)
    }

    @Test("colour codes in the prompt are marked invisible, adjacent ones as one run")
    func invisiblePrompt() {
        let marked = LibEditLineEditor.markInvisible("\u{1B}[1m\u{1B}[36msglab>\u{1B}[0m ")
        #expect(marked == "\u{1}\u{1B}[1m\u{1B}[36m\u{1}sglab>\u{1}\u{1B}[0m\u{1} ")
        #expect(LibEditLineEditor.markInvisible("sglab> ") == "sglab> ")
    }

    @Test("sglab with a script on standard input prints exactly what sglab run - prints")
    func pipedInputIsAScript() throws {
        let script = EndToEndTests.lab + "sg allow web in tcp 22 from nowhere\n"
        func run(_ arguments: [String]) throws -> (Int32, Data, Data) {
            let process = Process()
            process.executableURL = EndToEndTests.binary
            process.arguments = arguments
            let input = Pipe(), output = Pipe(), errors = Pipe()
            process.standardInput = input
            process.standardOutput = output
            process.standardError = errors
            try process.run()
            input.fileHandleForWriting.write(Data(script.utf8))
            try input.fileHandleForWriting.close()
            let o = output.fileHandleForReading.readDataToEndOfFile()
            let e = errors.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return (process.terminationStatus, o, e)
        }
        let piped = try run([])
        let explicit = try run(["run", "-"])
        #expect(piped.0 == explicit.0)
        #expect(piped.1 == explicit.1)
        #expect(piped.2 == explicit.2)
        #expect(!String(decoding: piped.1, as: UTF8.self).contains("sglab>"))
    }
}
