import Foundation
import Testing
import SGLabCourseware

/// The courseware commands as an instructor or CI drives them: answers files, JSON, seeds.
@Suite("Courseware commands", .serialized)
struct CoursewareCommandTests {
    static let repository = LessonTranscriptTests.repository

    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    func run(_ arguments: [String], input: String = "", data: String? = nil) throws -> Result {
        let process = Process()
        process.executableURL = EndToEndTests.binary
        process.arguments = arguments
        process.currentDirectoryURL = Self.repository
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        environment["XDG_DATA_HOME"] = data ?? FileManager.default.temporaryDirectory.appendingPathComponent("sglab-cw-\(UUID().uuidString)").path
        process.environment = environment
        let out = Pipe(), err = Pipe(), inp = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = inp
        try process.run()
        inp.fileHandleForWriting.write(Data(input.utf8))
        try inp.fileHandleForWriting.close()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }

    func file(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("sglab-answers-\(UUID().uuidString)").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test("two learners answering at once on one account lose no event and leave a valid log")
    func concurrentLearners() throws {
        // Answers that are never right or wrong by design: each question is answered, so each
        // process logs one event per question.
        let answers = try file(String(repeating: "A\ntrue\n", count: 30))
        for round in 0..<4 {
            let data = FileManager.default.temporaryDirectory.appendingPathComponent("sglab-two-\(UUID().uuidString)").path
            defer { try? FileManager.default.removeItem(atPath: data) }
            // Both processes started before either is waited for: their writes interleave.
            let learners = (0..<2).map { learner -> Process in
                let process = Process()
                process.executableURL = EndToEndTests.binary
                process.arguments = ["quiz", "--count", "12", "--seed", "\(round * 2 + learner)", "--answers", answers, "--json"]
                process.currentDirectoryURL = Self.repository
                var environment = ProcessInfo.processInfo.environment
                environment["XDG_DATA_HOME"] = data
                process.environment = environment
                process.standardOutput = FileHandle.nullDevice
                process.standardError = FileHandle.nullDevice
                return process
            }
            for learner in learners { try learner.run() }
            for learner in learners { learner.waitUntilExit() }
            let loaded = ProgressLog(directory: data + "/sglab").load()
            #expect(loaded.warnings.isEmpty, "round \(round): \(loaded.warnings)")
            // The same two quizzes, one after the other, each on its own account: what each logs.
            var expected = 0
            for learner in 0..<2 {
                let alone = FileManager.default.temporaryDirectory.appendingPathComponent("sglab-one-\(UUID().uuidString)").path
                defer { try? FileManager.default.removeItem(atPath: alone) }
                _ = try run(["quiz", "--count", "12", "--seed", "\(round * 2 + learner)", "--answers", answers, "--json"], data: alone)
                expected += ProgressLog(directory: alone + "/sglab").load().events.count
            }
            #expect(expected > 0)
            #expect(loaded.events.count == expected, "round \(round): \(loaded.events.count) events, \(expected) expected")
        }
    }

    @Test("check validates the shipped lessons and banks")
    func check() throws {
        let r = try run(["check"])
        #expect(r.status == 0, "\(r.stdout)")
        #expect(r.stdout.contains("0 errors"))
        #expect(r.stdout.contains("banks: right option longest in "))
    }

    @Test("a quiz with --seed is the same quiz every time, and --json scores it without a terminal")
    func reproducibleQuiz() throws {
        let answers = try file("A\nB\nC\ntrue\nA\n")
        // A seed whose five questions take these answers (the fourth a true/false statement).
        let seed = try #require(BankSeeds.seed(answers: [.letter(options: 3), .letter(options: 3), .letter(options: 3), .trueFalse, .letter(options: 3)]))
        let a = try run(["quiz", "--count", "5", "--seed", "\(seed)", "--answers", answers, "--json"])
        let b = try run(["quiz", "--count", "5", "--seed", "\(seed)", "--answers", answers, "--json"])
        #expect(a.stdout == b.stdout)
        let lines = a.stdout.split(separator: "\n")
        #expect(lines.count == 6)
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(lines.last!.utf8)) as? [String: Any])
        #expect(summary["total"] as? Int == 5)
        for line in lines.dropLast() {
            let q = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            #expect(q["id"] is String && q["correct"] is Bool && q["explanation"] is String)
        }
    }

    @Test("the letters --json expects are the letters shown, and the Aiken export spreads its answers")
    func lettersMatchWhatIsShown() throws {
        // An answer that is none (a fix-it gives up): every question is graded and reported; end
        // of input would stop the quiz.
        let answers = try file(String(repeating: "give up\n", count: 12))
        let json = try run(["quiz", "--count", "12", "--seed", "11", "--answers", answers, "--json"])
        let shown = try run(["quiz", "--count", "12", "--seed", "11", "--answers", answers])
        var checked = 0
        for line in json.stdout.split(separator: "\n").dropLast() {
            let q = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            guard q["kind"] as? String == "single" || q["kind"] as? String == "scenario",
                let text = q["expectedText"] as? String, let open = text.firstIndex(of: "(")
            else { continue }
            // "B (the option's text)" must be displayed as "  B. the option's text".
            let letter = text[..<open].trimmingCharacters(in: .whitespaces)
            let option = text[text.index(after: open)...].dropLast()
            #expect(shown.stdout.contains("  \(letter). \(option)\n"), "\(text)")
            checked += 1
        }
        #expect(checked >= 3)
        let aiken = try run(["quiz", "export", "--format", "aiken"])
        let letters = aiken.stdout.split(separator: "\n").filter { $0.hasPrefix("ANSWER: ") }.map { $0.dropFirst(8) }
        #expect(letters.count > 100)
        for l in Set(letters) {
            #expect(Double(letters.filter { $0 == l }.count) / Double(letters.count) <= 0.35, "ANSWER: \(l)")
        }
        // The same command writes the same file: the order depends on question ids, not on time.
        #expect(try run(["quiz", "export", "--format", "aiken"]).stdout == aiken.stdout)
    }

    @Test("answering a topic's questions right scores them all")
    func rightAnswers() throws {
        // Run once to learn the expected answers, then answer with them.
        let probe = try run(["quiz", "stateful", "--count", "4", "--seed", "7", "--answers", try file(""), "--json"])
        let expected = probe.stdout.split(separator: "\n").dropLast().compactMap { line -> String? in
            guard let q = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                let e = q["expected"] as? String, q["kind"] as? String != "fixit"
            else { return nil }
            return e
        }
        guard expected.count == 4 else { return }
        let r = try run(["quiz", "stateful", "--count", "4", "--seed", "7", "--answers", try file(expected.joined(separator: "\n")), "--json"])
        #expect(r.stdout.split(separator: "\n").last == #"{"score": 4, "total": 4}"#)
        #expect(r.status == 0)
    }

    @Test("an exam gives no feedback until the end, then a score per topic and pass or fail")
    func exam() throws {
        // submit twice: the first asks to confirm while questions are open (end of input would
        // stop the exam ungraded).
        let answers = try file("A\nflag\nB\nback\nback\ngoto 1\nC\nsubmit\nsubmit\n")
        let r = try run(["exam", "--count", "6", "--minutes", "5", "--seed", "3", "--answers", answers])
        #expect(!r.stdout.contains("✓ right") && !r.stdout.contains("✗ not quite"))
        #expect(r.stdout.contains("Result: "))
        #expect(r.stdout.contains("pass mark 72 %"))
        #expect(r.stdout.contains("scaled score (100-1000, pass at 720), not a share of questions right"))
        #expect(r.stdout.contains("Topic"))
        #expect(r.stdout.contains("Review: wrong and flagged questions"))
        let json = try run(["exam", "--count", "6", "--seed", "3", "--answers", answers, "--json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["total"] as? Int == 6)
        #expect(object["passed"] is Bool)
        #expect((object["byTopic"] as? [Any])?.isEmpty == false)
    }

    @Test("answers are logged, missed ones come back in review, and progress shows mastery")
    func progressAndReview() throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("sglab-cw-\(UUID().uuidString)").path
        // A seed whose three network ACL questions each take a typed answer (no fix-it).
        let seed = try #require(BankSeeds.seed(topic: "nacl", answers: Array(repeating: .notFixit, count: 3)))
        _ = try run(["quiz", "nacl", "--count", "3", "--seed", "\(seed)", "--answers", try file("Z\nZ\nZ\n")], data: data)
        let progress = try run(["progress"], data: data)
        #expect(progress.stdout.contains("Network ACLs"))
        #expect(progress.stdout.contains("3 questions answered"))
        let log = try String(contentsOfFile: data + "/sglab/progress.log", encoding: .utf8)
        #expect(log.hasPrefix(#"{"format":"sglab-progress","version":1}"#))
        #expect(log.split(separator: "\n").count == 4)
        let exported = data + "/copy.log"
        #expect(try run(["progress", "export", exported], data: data).status == 0)
        #expect(try run(["progress", "reset"], data: data).stdout.contains("progress reset"))
        #expect(try run(["progress", "import", exported], data: data).stdout.contains("imported 3"))
    }

    @Test("unknown lessons and options get one clear line")
    func errors() throws {
        let r = try run(["lesson", "stateful-security-grups"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("did you mean stateful-security-groups?"))
        let o = try run(["quiz", "--cont", "3"])
        #expect(o.stderr.contains("Unknown option '--cont'"))
        #expect(o.status == 2)
    }

    @Test("quiz import writes the bank to the learner's data folder (or --output), never into the program's quizzes/")
    func importDestination() throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("sglab-import-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: data) }
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        let gift = data.appendingPathComponent("mine.gift")
        try "::mine-one:: Which firewall is stateful? {=security group ~network ACL}\n".write(to: gift, atomically: true, encoding: .utf8)
        let before = try FileManager.default.contentsOfDirectory(atPath: Self.repository.appendingPathComponent("quizzes").path)
        let r = try run(["quiz", "import", gift.path], data: data.path)
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        let target = data.appendingPathComponent("sglab/my-quizzes/imported-mine.md").path
        #expect(FileManager.default.fileExists(atPath: target), "\(r.stdout)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: Self.repository.appendingPathComponent("quizzes").path) == before)
        // --output puts it where it says.
        let chosen = data.appendingPathComponent("elsewhere/bank.md").path
        #expect(try run(["quiz", "import", gift.path, "--output", chosen], data: data.path).status == 0)
        #expect(FileManager.default.fileExists(atPath: chosen))
    }

    @Test("export writes a GIFT bank Moodle can import; import reads it back")
    func gift() throws {
        let r = try run(["quiz", "export", "--format", "gift"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("$CATEGORY: sglab/"))
        #expect(r.stdout.contains("::basics-definition::"))
    }
}
