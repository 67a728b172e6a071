import Testing

@testable import SGLabCourseware

/// `sglab quiz export --format gift|aiken` and `sglab quiz import`: Moodle's GIFT and Aiken
/// formats (guide/learning-tools.md §3.1, §3.2; Moodle's question/format/{gift,aiken}/format.php).
@Suite("Formats: GIFT and Aiken export and import")
struct FormatTests {
    // MARK: Fixtures

    static func presented(
        _ id: String, _ kind: QuestionKind, text: String, choices: [Choice] = [], answer: Bool? = nil,
        order: [String] = [], explanation: String = "Because security groups are stateful.", topic: String = "stateful",
        seed: [Int] = [5, 7], traps: [Int] = [4], difficulty: Int = 2
    ) -> PresentedQuestion {
        PresentedQuestion(
            id: id, kind: kind, text: text, choices: choices, answer: answer, order: order, explanation: explanation,
            topic: topic, seed: seed, traps: traps, difficulty: difficulty)
    }

    /// Texts full of what GIFT treats as syntax, or what Moodle's reader could mistake for it.
    static let nasty = [
        #"Which of ~ = # { } : \ is special?"#,
        #"C:\path\to\new and \n written literally, \\ twice"#,
        "####not general feedback # nor feedback",
        "%50% of flows start with a weight",
        "[plain] looks like a format marker",
        "::not a name:: and {braces} and }{",
        "// looks like a comment",
        "$CATEGORY: not a category",
        #"ends with a backslash \"#,
        "a -> b = c ->",
        "TRUE",
        "T",
        "unicode — café ✓ and tabs\tand  two  spaces",
        "=starts with an equals sign",
        "~starts with a tilde",
    ]

    /// A question of each kind whose every text is built from `n`, with line breaks,
    /// paragraphs and an indented code block (a scenario's world) in it.
    static func kinds(_ n: String) -> [PresentedQuestion] {
        let text = "Stem " + n + "\n\nBody " + n + "\nsecond line " + n + "\n\n    vpc create lab 10.0.0.0/16 # " + n
            + "\n    packet tcp from internet to web:443\n\nLast paragraph " + n
        let explanation = "Explanation " + n + "\n\n" + n
        return [
            presented(
                "q-single", .single, text: text,
                choices: [
                    Choice(text: n, correct: false), Choice(text: "right " + n, correct: true),
                    Choice(text: n + "\nsecond line", correct: false),
                ], explanation: explanation),
            presented(
                "q-multiple", .multiple, text: text,
                choices: [
                    Choice(text: n, correct: true), Choice(text: "b " + n, correct: false), Choice(text: n + " c", correct: true),
                    Choice(text: "d\n" + n, correct: false),
                ], explanation: explanation, topic: "nacl", seed: [13], traps: [], difficulty: 3),
            presented("q-true", .truefalse, text: text, answer: true, explanation: explanation),
            presented("q-false", .truefalse, text: text, answer: false, explanation: explanation, topic: "no-deny"),
            presented("q-order", .ordering, text: text, order: [n, "2 " + n, n + " 3", "fourth\n" + n], explanation: explanation),
        ]
    }

    /// The parsed question says what the presented one said, field by field.
    func expectSame(_ q: Question, _ p: PresentedQuestion, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        #expect(q.id == p.id, sourceLocation: sourceLocation)
        #expect(q.kind == p.kind, sourceLocation: sourceLocation)
        #expect(([q.stem] + (q.body.isEmpty ? [] : [q.body])).joined(separator: "\n\n") == p.text, sourceLocation: sourceLocation)
        #expect(q.choices == p.choices, sourceLocation: sourceLocation)
        #expect(q.answer == p.answer, sourceLocation: sourceLocation)
        #expect(q.order == p.order, sourceLocation: sourceLocation)
        #expect(q.explanation == p.explanation, sourceLocation: sourceLocation)
        #expect(q.topic == p.topic, sourceLocation: sourceLocation)
        #expect(q.seed == p.seed, sourceLocation: sourceLocation)
        #expect(q.traps == p.traps, sourceLocation: sourceLocation)
        #expect(q.difficulty == p.difficulty, sourceLocation: sourceLocation)
    }

    func errors(_ body: () throws(ContentErrors) -> [Question]) -> [ContentError] {
        do {
            let questions = try body()
            Issue.record("expected errors, parsed \(questions.map(\.id))")
            return []
        } catch {
            return error.errors
        }
    }

    // MARK: GIFT export

    @Test("GIFT escapes exactly Moodle's repchar set: \\ # = ~ { } : and newlines as \\n, \\r dropped")
    func giftEscaping() {
        #expect(GIFT.escape("a\\b#c=d~e{f}g:h\ni\r\nj") == ##"a\\b\#c\=d\~e\{f\}g\:h\ni\nj"##)
        // Nothing else: Moodle has no escape for these.
        #expect(GIFT.escape("%50% [html] -> > - // $CATEGORY") == "%50% [html] -> > - // $CATEGORY")
    }

    @Test("A single-choice question is written the way Moodle writes multiple choice")
    func giftSingleShape() {
        let q = Self.presented(
            "sg-stateful-reply", .single, text: "Which rule lets the replies of inbound HTTPS out?",
            choices: [
                Choice(text: "An outbound rule for TCP 1024-65535", correct: false),
                Choice(text: "None: security groups are stateful", correct: true),
                Choice(text: "A network ACL outbound rule", correct: false),
            ], explanation: "Security groups track connections.", seed: [5], difficulty: 1)
        let expected = """
            // sglab questions in Moodle's GIFT format (Question bank > Import > GIFT format).
            // The [tag:…] comments carry sglab's topic, seed sections, exam traps and difficulty.

            $CATEGORY: sglab/stateful

            // [id:sg-stateful-reply] [tag:sglab] [tag:topic-stateful] [tag:seed-5] [tag:trap-4] [tag:difficulty-1]
            ::sg-stateful-reply::[markdown]Which rule lets the replies of inbound HTTPS out?{
            \t~An outbound rule for TCP 1024-65535
            \t=None\\: security groups are stateful
            \t~A network ACL outbound rule
            \t####Security groups track connections.
            }


            """
        #expect(GIFT.export([q]) == expected)
    }

    @Test("True/false is written {TRUE}/{FALSE} with the explanation as general feedback")
    func giftTrueFalseShape() {
        let t = Self.presented("t", .truefalse, text: "SGs are stateful.", answer: true, explanation: "Replies pass.")
        let f = Self.presented("f", .truefalse, text: "SGs can deny.", answer: false, explanation: "")
        let out = GIFT.export([t, f])
        #expect(out.contains("::t::[markdown]SGs are stateful.{TRUE####Replies pass.}\n"))
        #expect(out.contains("::f::[markdown]SGs can deny.{FALSE}\n"))
    }

    @Test("An ordering question becomes a matching question of Step N -> item pairs")
    func giftOrderingShape() {
        let q = Self.presented(
            "o", .ordering, text: "Order the checks of an outbound packet.",
            order: ["Security group outbound", "Network ACL outbound", "Route table"], explanation: "SG, NACL, route.")
        #expect(GIFT.export([q]).contains("""
            ::o::[markdown]Order the checks of an outbound packet.{
            \t=Step 1 -> Security group outbound
            \t=Step 2 -> Network ACL outbound
            \t=Step 3 -> Route table
            \t####SG, NACL, route.
            }
            """))
    }

    @Test("Multiple response: equal shares for the right answers, -100 % for each wrong one", arguments: [
        (2, 4, "50"), (3, 6, "33.33333"), (2, 5, "50"), (4, 6, "25"), (5, 6, "20"), (6, 8, "16.66667"),
    ])
    func giftMultipleWeights(right: Int, total: Int, share: String) throws {
        let marked = (0..<total).map { i in Choice(text: "choice \(i)", correct: i < right) }
        let q = Self.presented("m", .multiple, text: "Choose \(right).", choices: marked)
        let out = GIFT.export([q])
        for i in 0..<total {
            let weight = i < right ? share : "-100"
            #expect(out.contains("\t~%\(weight)%choice \(i)\n"))
        }
        #expect(!out.contains("\t="))
        // Moodle's grading: the weights of the ticked boxes, floored at 0. Only the exact set of
        // right answers gets full marks; any wrong pick, or ticking everything, scores 0 — to
        // Moodle's precision: six shares of 16.66667 (Moodle's 0.1666667) leave 0.00002 %.
        let weights = try (0..<total).map { i in try #require(Double(i < right ? share : "-100")) }
        for subset in 1..<(1 << total) {
            let picked = (0..<total).filter { subset & (1 << $0) != 0 }
            let score = max(0, picked.map { weights[$0] }.reduce(0, +))
            if picked.contains(where: { $0 >= right }) {
                #expect(score < 0.001)
            } else if picked.count == right {
                #expect(abs(score - 100) < 0.001)
            } else {
                #expect(score > 0 && score < 100)
            }
        }
        let parsed = try GIFT.parse(out, file: "m.gift")
        #expect(parsed.first?.kind == .multiple)
        #expect(parsed.first?.choices == marked)
    }

    @Test("Shares of 100 % have at most 5 decimals, as Moodle's grade list", arguments: [
        (1, "100"), (2, "50"), (3, "33.33333"), (4, "25"), (5, "20"), (6, "16.66667"), (7, "14.28571"), (8, "12.5"),
        (9, "11.11111"), (10, "10"),
    ])
    func giftShares(n: Int, share: String) {
        #expect(GIFT.share(n) == share)
    }

    @Test("Each topic's questions follow one $CATEGORY: sglab/<topic> line; a given category replaces them")
    func giftCategories() throws {
        let a = Self.presented("a", .truefalse, text: "A.", answer: true, topic: "nacl")
        let b = Self.presented("b", .truefalse, text: "B.", answer: true, topic: "stateful")
        let c = Self.presented("c", .truefalse, text: "C.", answer: false, topic: "nacl")
        let out = GIFT.export([a, b, c])
        let categories = out.split(separator: "\n").filter { $0.hasPrefix("$CATEGORY:") }
        #expect(categories == ["$CATEGORY: sglab/nacl", "$CATEGORY: sglab/stateful"])
        #expect(try GIFT.parse(out, file: "x.gift").map(\.id) == ["a", "c", "b"])

        let course = GIFT.export([a, b, c], category: "$course$/top/Network security")
        #expect(course.split(separator: "\n").filter { $0.hasPrefix("$CATEGORY:") } == ["$CATEGORY: $course$/top/Network security"])
        // The topic survives in the tags.
        #expect(try GIFT.parse(course, file: "x.gift").map(\.topic) == ["nacl", "stateful", "nacl"])
    }

    @Test("Kinds with no GIFT form are left out with a comment Moodle ignores")
    func giftSkips() throws {
        let fixit = Self.presented("fix-db", .fixit, text: "Fix it.")
        let unanswered = Self.presented("tf-nil", .truefalse, text: "No answer.")
        let ok = Self.presented("ok", .truefalse, text: "Fine.", answer: true)
        let out = GIFT.export([fixit, ok, unanswered])
        #expect(out.contains("// sglab skipped fix-db: a fixit question has no GIFT form\n"))
        #expect(out.contains("// sglab skipped tf-nil: a truefalse question has no GIFT form\n"))
        #expect(try GIFT.parse(out, file: "x.gift").map(\.id) == ["ok"])
    }

    // MARK: GIFT round trips

    @Test("GIFT export → import gives back every kind, whatever the texts hold", arguments: nasty)
    func giftRoundTrip(_ n: String) throws {
        let questions = Self.kinds(n)
        let text = GIFT.export(questions)
        let parsed = try GIFT.parse(text, file: "bank.gift")
        let byID = Dictionary(uniqueKeysWithValues: parsed.map { ($0.id, $0) })
        #expect(parsed.count == questions.count)
        for p in questions {
            let q = try #require(byID[p.id])
            expectSame(q, p)
        }
    }

    /// Deterministic pseudo-random strings over GIFT's syntax characters and their neighbours.
    static let randomTexts: [String] = {
        let alphabet: [String] = ["~", "=", "#", "{", "}", ":", "\\", "\n", "%", "[", "]", "-", ">", "/", "$", "a", " ", "T", "\t", "n", "5", "é"]
        var state: UInt64 = 0x5EED
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        return (0..<100).map { _ in (0..<(1 + next(24))).map { _ in alphabet[next(alphabet.count)] }.joined() }
    }()

    @Test("Random strings of GIFT syntax survive export → import in every field", arguments: randomTexts)
    func giftRandomRoundTrip(_ r: String) throws {
        let t = "x" + r + "x"  // fields are trimmed, as Moodle trims them
        let bare = Interchange.trim(r).isEmpty ? "w" : Interchange.trim(r)
        let questions = [
            Self.presented(
                "s", .single, text: "Stem\n\n" + t,
                choices: [Choice(text: bare, correct: false), Choice(text: t, correct: true), Choice(text: "w", correct: false)],
                explanation: t),
            Self.presented(
                "m", .multiple, text: "Stem\n\n" + t,
                choices: [
                    Choice(text: t, correct: true), Choice(text: bare, correct: false), Choice(text: "r", correct: true),
                    Choice(text: "w", correct: false),
                ], explanation: t),
            Self.presented("tf", .truefalse, text: "Stem\n\n" + t, answer: false, explanation: t),
            Self.presented("o", .ordering, text: "Stem", order: [bare, t, "z"], explanation: t),
        ]
        let parsed = try GIFT.parse(GIFT.export(questions), file: "r.gift")
        try #require(parsed.count == questions.count)
        for (q, p) in zip(parsed, questions) { expectSame(q, p) }
    }

    @Test("Each exported question is one block of lines (Moodle splits at blank lines): tags, ::id::text{, answers, }",
          arguments: nasty)
    func giftOneBlockPerQuestion(_ n: String) {
        let text = GIFT.export(Self.kinds(n))
        let blocks = text.split(separator: "\n\n").filter { $0.hasPrefix("// [id:") }
        #expect(blocks.count == 5)
        for block in blocks {
            let lines = block.split(separator: "\n", omittingEmptySubsequences: false)
            #expect(lines.count >= 2 && lines[1].hasPrefix("::q-"))
            #expect(lines.last?.hasSuffix("}") == true)
            #expect(!lines.dropFirst().contains { $0.trimmingPrefix(while: { $0 == " " || $0 == "\t" }).hasPrefix("//") })
        }
    }

    // MARK: GIFT import: Moodle's examples

    struct Example: Sendable, CustomTestStringConvertible {
        let gift: String
        let id: String
        let kind: QuestionKind
        let stem: String
        let choices: [(String, Bool)]
        var answer: Bool? = nil
        var explanation = ""
        var testDescription: String { String(gift.prefix(40)) }
    }

    static let moodleExamples: [Example] = [
        Example(
            gift: "Who's buried in Grant's tomb?{~Grant ~Jefferson =no one}", id: "gift-1", kind: .single,
            stem: "Who's buried in Grant's tomb?", choices: [("Grant", false), ("Jefferson", false), ("no one", true)]),
        Example(
            gift: "Grant is {~buried =entombed ~living} in Grant's tomb.", id: "gift-1", kind: .single,
            stem: "Grant is _____ in Grant's tomb.", choices: [("buried", false), ("entombed", true), ("living", false)]),
        Example(
            gift: "The American holiday of Thanksgiving is celebrated on the {\n    ~second\n    ~third\n    =fourth\n} Thursday of November.",
            id: "gift-1", kind: .single, stem: "The American holiday of Thanksgiving is celebrated on the _____ Thursday of November.",
            choices: [("second", false), ("third", false), ("fourth", true)]),
        Example(
            gift: "Grant is buried in Grant's tomb.{FALSE#No one is buried in Grant's tomb.}", id: "gift-1", kind: .truefalse,
            stem: "Grant is buried in Grant's tomb.", choices: [], answer: false, explanation: "No one is buried in Grant's tomb."),
        Example(
            gift: "// true/false, with general feedback\n::Q1:: 42 is the Absolute Answer to everything.{\nFALSE#42 is the Ultimate Answer.#You gave the right answer.\n####This is, of course, a Hitchhiker's Guide to the Galaxy reference.}",
            id: "q1", kind: .truefalse, stem: "42 is the Absolute Answer to everything.", choices: [], answer: false,
            explanation: "This is, of course, a Hitchhiker's Guide to the Galaxy reference."),
        Example(gift: "::2-08 TSL::TSL is blablabla.{T}", id: "2-08-tsl", kind: .truefalse, stem: "TSL is blablabla.", choices: [], answer: true),
        Example(gift: "The sun rises in the east.{TRUE}", id: "gift-1", kind: .truefalse, stem: "The sun rises in the east.", choices: [], answer: true),
        Example(
            gift: "// multiple choice, multiple response\n::colours:: What's between orange and green in the spectrum?\n{\n    ~%50%yellow # right; good!\n    ~%-100%red # [html]wrong\n    ~%50%off-beige # right; good!\n    ~%-100%[plain]blue # wrong\n}",
            id: "colours", kind: .multiple, stem: "What's between orange and green in the spectrum?",
            choices: [("yellow", true), ("red", false), ("off-beige", true), ("blue", false)],
            explanation: "right; good!\n\nright; good!"),
        Example(
            gift: "What two people are entombed in Grant's tomb? {\n    ~No one\n    ~%50%Grant\n    ~%50%Grant's wife\n    ~Grant's father }",
            id: "gift-1", kind: .multiple, stem: "What two people are entombed in Grant's tomb?",
            choices: [("No one", false), ("Grant", true), ("Grant's wife", true), ("Grant's father", false)]),
        Example(
            gift: "Which answer equals 5? {\n     ~ \\= 2 + 2\n     = \\= 2 + 3\n     ~ \\= 2 + 4  }", id: "gift-1", kind: .single,
            stem: "Which answer equals 5?", choices: [("= 2 + 2", false), ("= 2 + 3", true), ("= 2 + 4", false)]),
        Example(
            gift: """
                ::GIFT Control Characters::
                Which of the following is NOT a control character for the GIFT import format? {
                   ~ \\~     # \\~ is a control character.
                   ~ \\=     # \\= is a control character.
                   ~ \\#     # \\# is a control character.
                   ~ \\{     # \\{ is a control character.
                   ~ \\}     # \\} is a control character.
                   = \\\\     # Correct! \\\\ (backslash) is not a control character. BUT,
                              it is used to escape the control characters.
                }
                """,
            id: "gift-control-characters", kind: .single,
            stem: "Which of the following is NOT a control character for the GIFT import format?",
            choices: [("~", false), ("=", false), ("#", false), ("{", false), ("}", false), ("\\", true)],
            explanation: "Correct! \\ (backslash) is not a control character. BUT,\nit is used to escape the control characters."),
        Example(
            gift: "Difficult question.{~wrong answer ~%50%half credit answer =full credit answer}", id: "gift-1", kind: .single,
            stem: "Difficult question.", choices: [("wrong answer", false), ("half credit answer", false), ("full credit answer", true)]),
        Example(
            gift: "::Jesus' hometown::Jesus Christ was from {\n    ~Jerusalem#This was an important city, but the wrong answer.\n    ~%25%Bethlehem#He was born here, but not raised here.\n    ~%50%Galilee#You need to be more specific.\n    =Nazareth#Yes! That's right!}.",
            id: "jesus-hometown", kind: .single, stem: "Jesus Christ was from _____.",
            choices: [("Jerusalem", false), ("Bethlehem", false), ("Galilee", false), ("Nazareth", true)], explanation: "Yes! That's right!"),
        // What Moodle's exporter writes (guide §3.1, "Canonical export shape").
        Example(
            gift: "// question: 123  name: SG statefulness\n::SG statefulness::[html]<p>Security groups are <b>stateful</b>.</p>{TRUE#Return traffic is tracked &amp; allowed.#Correct.}",
            id: "sg-statefulness", kind: .truefalse, stem: "Security groups are stateful.", choices: [], answer: true, explanation: "Correct."),
        Example(
            gift: "// question: 124  name: NACL ports\n::NACL ports::Which ports must the NACL allow outbound for return traffic?{\n\t=Ephemeral 1024-65535#Right\\: NACLs are stateless.\n\t~Only 443#No — return traffic uses the client's ephemeral port.\n\t####See the VPC User Guide, \"Network ACLs\".\n}\n",
            id: "nacl-ports", kind: .single, stem: "Which ports must the NACL allow outbound for return traffic?",
            choices: [("Ephemeral 1024-65535", true), ("Only 443", false)], explanation: "See the VPC User Guide, \"Network ACLs\"."),
        Example(
            gift: "::c::A question\n// a comment line inside a question does not end it\n{=a ~b ~c}", id: "c", kind: .single, stem: "A question",
            choices: [("a", true), ("b", false), ("c", false)]),
    ]

    @Test("Moodle's own GIFT examples import as sglab questions with the documented defaults", arguments: moodleExamples)
    func giftMoodleExamples(_ e: Example) throws {
        let questions = try GIFT.parse("// header comment\n\n" + e.gift, file: "moodle.gift")
        let q = try #require(questions.first)
        #expect(questions.count == 1)
        #expect(q.id == e.id)
        #expect(q.kind == e.kind)
        #expect(q.stem == e.stem)
        #expect(q.body == "")
        #expect(q.choices == e.choices.map { Choice(text: $0.0, correct: $0.1) })
        #expect(q.answer == e.answer)
        #expect(q.explanation == e.explanation)
        #expect(q.topic == "exam-traps")
        #expect(q.seed == [19])
        #expect(q.traps == [])
        #expect(q.difficulty == 1)
        #expect(q.location == SGLabCourseware.SourceLocation(file: "moodle.gift", line: e.gift.hasPrefix("//") ? 4 : 3))
    }

    @Test("Moodle's [id:] and [tag:] comments and the $CATEGORY: path give id, topic, seed, traps and difficulty")
    func giftMetadata() throws {
        let text = """
            // question: 0  name: Switch category to $course$/top/Default for C1/sglab/nacl
            $CATEGORY: $course$/top/Default for C1/sglab/nacl

            // [id:Q-0042] [tag:seed-13] [tag:trap-3] [tag:Difficulty-2] [tag:vpc]
            Is a network ACL stateful?{F}

            ::Named::Are security groups stateful?{T}

            // [tag:topic-stateful]
            Replies of allowed requests pass a security group.{T}

            $CATEGORY: Default for C1

            Unknown category.{T}
            """
        let q = try GIFT.parse(text, file: "meta.gift")
        #expect(q.map(\.id) == ["q-0042", "named", "gift-3", "gift-4"])
        #expect(q.map(\.topic) == ["nacl", "nacl", "stateful", "exam-traps"])
        #expect(q.map(\.seed) == [[13], [19], [19], [19]])
        #expect(q.map(\.traps) == [[3], [], [], []])
        #expect(q.map(\.difficulty) == [2, 1, 1, 1])
        #expect(q.map(\.location.line) == [5, 7, 10, 14])
    }

    @Test("Names become ids; repeated ones are numbered")
    func giftIDs() throws {
        let text = "::2-08 TSL::A.{T}\n\n::2-08 TSL::B.{TRUE}\n\n::  ::C.{F}\n\n::Ça va? Très bien!::D.{F}"
        #expect(try GIFT.parse(text, file: "x").map(\.id) == ["2-08-tsl", "2-08-tsl-2", "gift-3", "a-va-tr-s-bien"])
    }

    @Test("A byte order mark at the start of a file is ignored")
    func byteOrderMark() throws {
        #expect(try GIFT.parse("\u{FEFF}// comment\n\nSGs are stateful.{T}", file: "bom.gift").map(\.stem) == ["SGs are stateful."])
        #expect(try Aiken.parse("\u{FEFF}Which?\nA) a\nB) b\nANSWER: A", file: "bom.txt").map(\.stem) == ["Which?"])
    }

    // MARK: GIFT import: errors

    @Test("Types sglab cannot hold are errors at the question's line", arguments: [
        ("Write about NACLs.{}", "essay"),
        ("When was Ulysses S. Grant born?{#1822:5}", "numerical"),
        ("Two plus two equals {=four =4}.", "short-answer"),
        ("Match these.{=Canada -> Ottawa =Italy -> Rome =Japan -> Tokyo}", "matching"),
        ("A description with no answer block.", "description"),
    ])
    func giftUnsupported(_ gift: String, _ what: String) {
        let e = errors { () throws(ContentErrors) in try GIFT.parse("// c\n\n\(gift)\n", file: "u.gift") }
        #expect(e.count == 1)
        #expect(e.first?.location == SGLabCourseware.SourceLocation(file: "u.gift", line: 3))
        #expect(e.first?.message.contains(what) == true, "\(e)")
    }

    @Test("Malformed questions are errors at FILE:LINE", arguments: [
        ("Q?\n{=a\n~b ~c", 2, "never closed"),
        ("Q? =a ~b}", 1, "without an opening {"),
        ("Q?\n}{=a ~b}", 2, "without an opening {"),
        ("Q?{~a ~b ~c}", 1, "no right answer"),
        ("Q?{~%-50%a ~%0%b}", 1, "no right answer"),
        ("Q?{=a =b ~c}", 1, "2 right answers"),
        ("Q?{=a\n~\n~c}", 2, "empty answer"),
        ("Q?{~only}", 1, "at least two answers"),
        ("Q?{=a ~b}\n{~c =d}", 2, "a second {"),
        ("Q {=a ~b { ~c}", 1, "a second {"),
        ("Q?{\n=Step 1 -> a\n=Step 2\n}", 3, "needs ->"),
        ("Q?{=Step 1 -> a =Step 3 -> b}", 1, "matching"),
    ])
    func giftMalformed(_ gift: String, _ line: Int, _ message: String) {
        let e = errors { () throws(ContentErrors) in try GIFT.parse(gift, file: "bad.gift") }
        #expect(e.count == 1, "\(e)")
        #expect(e.first?.location.line == line, "\(e)")
        #expect(e.first?.message.contains(message) == true, "\(e)")
        #expect(e.first?.description.hasPrefix("bad.gift:\(line): ") == true)
    }

    @Test("Every malformed question of a file is reported, not just the first")
    func giftCollectsErrors() {
        let text = "Fine?{=a ~b}\n\nNo right?{~a ~b}\n\n// comment\nUnclosed?{=a ~b\n\nAlso fine?{T}\n\nEssay?{}\n"
        let e = errors { () throws(ContentErrors) in try GIFT.parse(text, file: "many.gift") }
        #expect(e.map { String($0.description.prefix { $0 != " " }) } == ["many.gift:3:", "many.gift:6:", "many.gift:10:"])
        #expect(e.map(\.location.line) == [3, 6, 10])
    }

    // MARK: Aiken

    @Test("Aiken holds single-answer questions only; the others come back as the skip list")
    func aikenSkips() {
        let three = [Choice(text: "a", correct: false), Choice(text: "b", correct: true), Choice(text: "c", correct: false)]
        let questions = [
            Self.presented("single", .single, text: "Which?", choices: three),
            Self.presented("multi", .multiple, text: "Which two?", choices: three.map { Choice(text: $0.text, correct: true) } + three),
            Self.presented("tf", .truefalse, text: "True?", answer: true),
            Self.presented("order", .ordering, text: "Order.", order: ["1", "2", "3"]),
            Self.presented("looks-like-option", .single, text: "A. starts like an option", choices: three),
            Self.presented("looks-like-answer", .single, text: "ANSWER: is not a question", choices: three),
            Self.presented("too-many", .single, text: "Which of 27?",
                           choices: (0..<27).map { Choice(text: "c\($0)", correct: $0 == 0) }),
            Self.presented("one-choice", .single, text: "Only one?", choices: [Choice(text: "a", correct: true)]),
            Self.presented("two-right", .single, text: "Two right?", choices: three.map { Choice(text: $0.text, correct: true) }),
            Self.presented("single-2", .single, text: "Which of 26?", choices: (0..<26).map { Choice(text: "c\($0)", correct: $0 == 25) }),
        ]
        let (text, skipped) = Aiken.export(questions)
        #expect(skipped == ["multi", "tf", "order", "looks-like-option", "looks-like-answer", "too-many", "one-choice", "two-right"])
        #expect(text.hasPrefix("Which?\nA) a\nB) b\nC) c\nANSWER: B\n\nWhich of 26?\nA) c0\n"))
        #expect(text.hasSuffix("Z) c25\nANSWER: Z\n\n"))
    }

    @Test("Aiken export → import keeps the question, its options and the answer, text made one line", arguments: nasty)
    func aikenRoundTrip(_ n: String) throws {
        let single = Self.kinds(n)[0]
        let (text, skipped) = Aiken.export([single])
        #expect(skipped.isEmpty)
        let q = try #require(try Aiken.parse(text, file: "bank.aiken").first)
        #expect(q.id == "aiken-1")
        #expect(q.kind == .single)
        #expect(q.stem == "Stem \(n) Body \(n) second line \(n) vpc create lab 10.0.0.0/16 # \(n); packet tcp from internet to web:443 Last paragraph \(n)")
        #expect(q.body == "")
        #expect(q.choices == single.choices.map { Choice(text: Interchange.oneLine($0.text), correct: $0.correct) })
        #expect(q.explanation == "")
        #expect((q.topic, q.seed, q.difficulty) == ("exam-traps", [19], 1))
    }

    @Test("Moodle's Aiken: A. and A) labels, an optional space, blank lines, and \\n, \\r\\n or \\r line ends",
          arguments: ["\n", "\r\n", "\r"])
    func aikenMoodleExample(_ end: String) throws {
        let text = [
            "Which component is stateless?", "A. Security group", "B. Network ACL", "C) Route table", "D)Internet gateway", "ANSWER: B",
            "", "Which port does HTTPS use?", "A) 80", "", "B) 443", "ANSWER:B",
        ].joined(separator: end)
        let q = try Aiken.parse(text, file: "m.txt")
        #expect(q.map(\.id) == ["aiken-1", "aiken-2"])
        #expect(q[0].stem == "Which component is stateless?")
        #expect(q[0].choices.map(\.text) == ["Security group", "Network ACL", "Route table", "Internet gateway"])
        #expect(q[0].choices.map(\.correct) == [false, true, false, false])
        #expect(q[1].choices == [Choice(text: "80", correct: false), Choice(text: "443", correct: true)])
        #expect(q.map(\.location.line) == [1, 8])
    }

    @Test("Malformed Aiken is reported at FILE:LINE", arguments: [
        ("A) an option first\nQ?\nA) a\nB) b\nANSWER: A", [1], "option line before"),
        ("ANSWER: A", [1], "without a question"),
        ("Which question\nspans two lines?\nA) a\nB) b\nANSWER: A", [1], "starts at line 2"),
        ("Q?\nA) a\nANSWER: A", [3], "at least two options"),
        ("Q?\nA) a\nB) b\nANSWER: C", [4], "A to B"),
        ("Q?\nA) a\nB) b\nANSWER: b", [4], "A to B"),
        ("Q?\nA) a\nB) b\n", [1], "no ANSWER"),
        ("Q1?\nA) a\nB) b\nQ2?\nA) a\nANSWER: A\nANSWER: A", [1, 6, 7], "starts at line 4"),
    ])
    func aikenMalformed(_ text: String, _ lines: [Int], _ message: String) {
        let e = errors { () throws(ContentErrors) in try Aiken.parse(text, file: "bad.txt") }
        #expect(e.map(\.location.line) == lines, "\(e)")
        #expect(e.first?.message.contains(message) == true, "\(e)")
        #expect(e.first?.description.hasPrefix("bad.txt:\(lines[0]): ") == true)
    }
}
