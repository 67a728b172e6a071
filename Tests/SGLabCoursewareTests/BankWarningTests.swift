import SGLabCore
import Testing

@testable import SGLabCourseware

/// `sglab check` warns when a bank gives its answers away: the right option is the longest,
/// one letter holds the right answers, statements are nearly all false (or true), or a stem is
/// asked twice. Options are shuffled per question id and seed, everywhere they are shown.
@Suite("Banks that give answers away, and option shuffling")
struct BankWarningTests {
    /// A single-choice question; `rightIsLongest` decides whether the right option is the longest.
    static func single(_ n: Int, rightIsLongest: Bool, choices: Int = 4) -> String {
        let right = rightIsLongest ? "The right answer, written out at much greater length than the others" : "Right"
        let wrong = (1..<choices).map { "- [ ] Wrong option number \($0), of ordinary length" }
        return """
            ## Single question number \(n) about security groups?
            id: single-\(n)
            kind: single
            seed: 4
            topic: rules
            traps:
            difficulty: 1

            - [x] \(right)
            \(wrong.joined(separator: "\n"))

            Explanation: Because.

            """
    }

    static func truefalse(_ n: Int, _ answer: Bool) -> String {
        """
        ## Statement number \(n) about network ACLs holds.
        id: tf-\(n)
        kind: truefalse
        seed: 13
        topic: nacl
        traps:
        difficulty: 1
        answer: \(answer)

        Explanation: Because.

        """
    }

    static func bank(_ parts: [String]) -> String { "# A bank\n\n" + parts.joined(separator: "\n") }

    static func warnings(_ banks: [(String, String)]) -> [String] {
        Checker.check(lessons: [], banks: banks).warnings.map(\.description)
    }

    @Test("a bank whose right option is the longest in most single-choice questions is flagged")
    func longestCorrect() {
        let bad = Self.bank((1...10).map { Self.single($0, rightIsLongest: $0 <= 4) })
        let w = Self.warnings([("bad.md", bad)])
        #expect(w.contains { $0.hasPrefix("bad.md: ") && $0.contains("longest in 4 of 10") })
        let fair = Self.bank((1...10).map { Self.single($0, rightIsLongest: $0 <= 3) })
        #expect(!Self.warnings([("fair.md", fair)]).contains { $0.contains("longest") })
    }

    @Test("true/false statements must be 40-60 % true, in a bank and over all banks")
    func trueFalseBalance() {
        let allFalse = Self.bank((1...6).map { Self.truefalse($0, false) })
        let w = Self.warnings([("false.md", allFalse)])
        #expect(w.contains { $0.hasPrefix("false.md: ") && $0.contains("0 of 6 true/false statements are true") })
        let balanced = Self.bank((1...6).map { Self.truefalse($0, $0 % 2 == 0) })
        #expect(!Self.warnings([("even.md", balanced)]).contains { $0.contains("true/false") })
        // Two banks of three: each too small to judge alone, together 1 of 6 true.
        let a = Self.bank((1...3).map { Self.truefalse($0, $0 == 1) })
        let b = Self.bank((4...6).map { Self.truefalse($0, false) })
        let both = Self.warnings([("a.md", a), ("b.md", b)])
        #expect(both.contains { $0.hasPrefix("all 2 banks: ") && $0.contains("1 of 6") })
        #expect(!both.contains { $0.hasPrefix("a.md") || $0.hasPrefix("b.md") })
    }

    @Test("one letter holding the right answers beyond chance is flagged, a chance spread is not")
    func positionSpread() throws {
        // Forty questions whose right answer is written first: shuffled, no letter stands out.
        let written = try ContentParser.bank(Self.bank((1...40).map { Self.single($0, rightIsLongest: false) }), file: "w.md")
        var s = BankStatistics(written)
        #expect(s.answerCount == 40)
        #expect(s.warnings(at: SourceLocation(file: "w.md", line: 0), scope: "this bank").isEmpty)
        // The same bank left in the order it was written (as an unshuffled export would be).
        s.positions = [40, 0, 0, 0]
        let w = s.warnings(at: SourceLocation(file: "w.md", line: 0), scope: "this bank").map(\.description)
        #expect(w == ["w.md: this bank: 100 % of the right answers are A as presented (at most 35 % per letter): answers A 40, B 0, C 0, D 0"])
        // 38 % on one letter of 26 answers happens by chance with shuffled options: no warning.
        s.positions = [10, 6, 5, 5]
        #expect(s.warnings(at: SourceLocation(file: "w.md", line: 0), scope: "this bank").isEmpty)
    }

    @Test("the same stem twice is flagged at the repeat, across banks")
    func duplicateStems() {
        let a = Self.bank([Self.single(1, rightIsLongest: false)])
        let b = Self.bank([Self.single(1, rightIsLongest: false).replacingOccurrences(of: "id: single-1", with: "id: other-1")
            .replacingOccurrences(of: "number 1 about", with: "NUMBER 1, about")])
        let w = Self.warnings([("a.md", a), ("b.md", b)])
        #expect(w.contains("b.md:3: [other-1] the same question as at a.md:3: ask it once, or ask something else"))
    }

    @Test("the shipped banks give nothing away: figures within the acceptance limits, no warnings")
    func shippedBanks() throws {
        let root = URLPath.repository
        let banks = try ContentLibrary.markdownFiles(root + "/quizzes").map { ($0, try ContentLibrary.read($0)) }
        let lessons = try ContentLibrary.markdownFiles(root + "/lessons").map { ($0, try ContentLibrary.read($0)) }
        let report = Checker.check(lessons: lessons, banks: banks)
        #expect(report.warnings.isEmpty, "\(report.warnings.map(\.description))")
        let s = try #require(report.bankStatistics)
        #expect(s.longestCorrectShare <= 0.30)
        #expect(BankStatistics.trueShare.contains(s.trueShare))
        #expect((s.busiestPosition?.share ?? 1) <= 0.35)
        #expect(s.duplicates.isEmpty)
    }

    @Test("options are ordered by question id and seed: the same everywhere, different across questions")
    func shuffling() throws {
        let q = try ContentParser.bank(Self.bank([Self.single(1, rightIsLongest: false)]), file: "b.md")[0]
        let once = try Presenter.present(q, seed: 7)
        #expect(try Presenter.present(q, seed: 7) == once)
        // Over many seeds the right answer visits every letter.
        let letters = Set(try (0..<40).map { seed in try Presenter.present(q, seed: UInt64(seed)).choices.firstIndex(where: \.correct)! })
        #expect(letters == [0, 1, 2, 3])
        // Forty questions with the right answer written first: the export moves it around.
        let many = try ContentParser.bank(Self.bank((1...40).map { Self.single($0, rightIsLongest: false) }), file: "m.md")
        let firsts = try many.filter { try Presenter.present($0, seed: 0).choices[0].correct }.count
        #expect(firsts < 20)
        // An ordering question is never shown already in order.
        let o = PresentedQuestion(id: "o", kind: .ordering, text: "t", order: ["a", "b"], explanation: "", topic: "nacl", seed: [13], traps: [], difficulty: 1)
        for seed in 0..<20 { #expect(Presenter.displayOrder(o, seed: UInt64(seed)) == [1, 0]) }
    }
}

/// The repository root, from this file's path.
enum URLPath {
    static var repository: String {
        var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(3)
        return parts.joined(separator: "/")
    }
}
