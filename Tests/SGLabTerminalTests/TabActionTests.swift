import SGLabLanguage
import Testing

@testable import SGLabTerminal

@Suite("What Tab does")
struct TabActionTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let word: String
        let matches: [String]
        var placeholders: [String] = []
        var secondPress = false
        let expected: TabAction

        var testDescription: String { name }

        var result: CompletionResult {
            let words = matches.map { Candidate(text: $0, meaning: "m", isPlaceholder: false) }
            let holes = placeholders.map { Candidate(text: $0, meaning: "m", isPlaceholder: true) }
            return CompletionResult(word: word, matches: matches, choices: words + holes)
        }
    }

    static let cases: [Case] = [
        Case(name: "one match: the rest of it and a space", word: "sub", matches: ["subnet"],
             expected: .edit(delete: 0, insert: "net ")),
        Case(name: "one match already typed in full: just the space", word: "web", matches: ["web"],
             expected: .edit(delete: 0, insert: " ")),
        Case(name: "one match after an empty word: all of it", word: "", matches: ["gw"], placeholders: ["TARGET"],
             expected: .edit(delete: 0, insert: "gw ")),
        Case(name: "one match spelt differently: the word is replaced", word: "WE", matches: ["web"],
             expected: .edit(delete: 2, insert: "web ")),
        Case(name: "several sharing a longer prefix: the prefix", word: "htt", matches: ["http", "https"],
             expected: .edit(delete: 0, insert: "p")),
        Case(name: "several, nothing to add, first press: beep", word: "p", matches: ["pub", "priv"],
             expected: .beep),
        Case(name: "several, nothing to add, second press: the choices", word: "p", matches: ["pub", "priv"],
             secondPress: true, expected: .list(["pub", "priv"])),
        Case(name: "second press on an empty word lists placeholders too", word: "", matches: ["db", "default", "web"],
             placeholders: ["SG"], secondPress: true, expected: .list(["db", "default", "web", "SG"])),
        Case(name: "only a placeholder, first press: beep", word: "", matches: [], placeholders: ["NAME"],
             expected: .beep),
        Case(name: "only a placeholder, second press: it is shown", word: "", matches: [], placeholders: ["NAME"],
             secondPress: true, expected: .list(["NAME"])),
        Case(name: "nothing at all, second press: still a beep", word: "zz", matches: [], secondPress: true,
             expected: .beep),
    ]

    @Test("Tab decides from the completion result", arguments: cases)
    func decide(_ c: Case) {
        #expect(TabAction.decide(result: c.result, secondPress: c.secondPress) == c.expected)
    }

    @Test("Tab on real completions of the grammar", arguments: [
        ("sub", TabAction.edit(delete: 0, insert: "net ")),
        ("sg allow web in htt", .edit(delete: 0, insert: "p")),
        ("vpc cr", .edit(delete: 0, insert: "eate ")),
    ])
    func grammar(_ line: String, _ expected: TabAction) {
        let result = Completion.complete(line, world: .init())
        #expect(TabAction.decide(result: result, secondPress: false) == expected)
    }

    @Test("choices are laid out down then across, within the width", arguments: [
        (["db", "default", "web", "SG"], 80, ["db       default  web      SG"]),
        (["alpha", "beta", "gamma", "delta", "epsilon"], 20, ["alpha    delta", "beta     epsilon", "gamma"]),
        (["a-very-long-name-indeed"], 10, ["a-very-long-name-indeed"]),
    ])
    func columns(_ items: [String], _ width: Int, _ expected: [String]) {
        #expect(Columns.layout(items, width: width) == expected)
    }
}
