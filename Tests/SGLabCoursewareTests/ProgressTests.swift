import Foundation
import Testing

@testable import SGLabCourseware

private let day = 86_400

/// A fresh directory under the system temporary folder, removed by `cleanUp`.
private func temporaryDirectory() throws -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("sglab-progress-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

private func cleanUp(_ path: String) { try? FileManager.default.removeItem(atPath: path) }

private func answer(_ item: String, at time: Int, topic: String? = "sg-basics", correct: Bool, quality: Int? = nil)
    -> ProgressEvent
{
    ProgressEvent(time: time, kind: .answer, item: item, topic: topic, correct: correct, quality: quality ?? (correct ? 5 : 1))
}

private func text(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }

private func appendRaw(_ string: String, to path: String) throws {
    let handle = try #require(FileHandle(forWritingAtPath: path))
    try handle.seekToEnd()
    try handle.write(contentsOf: Data(string.utf8))
    try handle.close()
}

private func permissions(_ path: String) throws -> Int {
    let attributes = try FileManager.default.attributesOfItem(atPath: path)
    return try #require(attributes[.posixPermissions] as? Int)
}

@Suite("Progress: SM-2 scheduling, mastery, chart and the append-only progress log")
struct ProgressTests {
    // MARK: SM-2

    /// Replays grades one day apart and returns (interval, EF in hundredths) after each.
    private func replay(_ grades: [Int]) -> [(interval: Int, easiness: Int)] {
        var schedule = Progress.Schedule()
        var result: [(Int, Int)] = []
        for (index, grade) in grades.enumerated() {
            schedule = schedule.reviewed(grade: grade, at: index * day)
            result.append((schedule.interval, schedule.easinessHundredths))
        }
        return result
    }

    // learning-tools.md §3.3 step 4: per-grade deltas q5 +0.10, q4 0, q3 −0.14, q2 −0.32, q1 −0.54, q0 −0.80.
    @Test(
        "SM-2 changes the E-Factor by 0.1 − (5 − q)(0.08 + (5 − q)·0.02) per grade",
        arguments: [(5, 10), (4, 0), (3, -14), (2, -32), (1, -54), (0, -80)])
    func easinessChange(grade: Int, hundredths: Int) {
        #expect(Progress.Schedule.easinessChange(grade: grade) == hundredths)
        let after = Progress.Schedule().reviewed(grade: grade, at: 0)
        #expect(after.easinessHundredths == 250 + hundredths)
        #expect(abs(after.easiness - (2.5 + Double(hundredths) / 100)) < 1e-9)
    }

    @Test("SM-2 intervals are 1 day, 6 days, then the previous interval × EF rounded up")
    func intervalsWithGoodGrades() {
        // Grade 4 keeps EF at 2.5: 6 × 2.5 = 15, 15 × 2.5 = 37.5 → 38, 38 × 2.5 = 95.
        #expect(replay([4, 4, 4, 4, 4]).map(\.interval) == [1, 6, 15, 38, 95])
        // Grade 5 raises EF first, and the new EF scales the interval: 6 × 2.8 = 16.8 → 17,
        // 17 × 2.9 = 49.3 → 50.
        let perfect = replay([5, 5, 5, 5])
        #expect(perfect.map(\.interval) == [1, 6, 17, 50])
        #expect(perfect.map(\.easiness) == [260, 270, 280, 290])
        // Exact in hundredths: 15 × 2.6 is 39 days, not 40 through a binary-fraction error.
        #expect(replay([4, 4, 4, 5, 5]).map(\.interval) == [1, 6, 15, 39, 106])  // 39 × 2.7 = 105.3 → 106
    }

    @Test("SM-2 grade below 3 restarts the repetitions at 1 day, and the lowered EF scales later intervals")
    func failureRestarts() {
        var schedule = Progress.Schedule()
        for (index, grade) in [4, 4, 4].enumerated() { schedule = schedule.reviewed(grade: grade, at: index * day) }
        #expect(schedule.repetitions == 3)
        #expect(schedule.interval == 15)
        schedule = schedule.reviewed(grade: 1, at: 10 * day)
        #expect(schedule.repetitions == 0)
        #expect(schedule.interval == 1)
        #expect(schedule.easinessHundredths == 196)
        #expect(schedule.lapses == 1)
        #expect(schedule.due == 11 * day)
        schedule = schedule.reviewed(grade: 4, at: 11 * day)
        #expect(schedule.interval == 1)
        schedule = schedule.reviewed(grade: 4, at: 12 * day)
        #expect(schedule.interval == 6)
        schedule = schedule.reviewed(grade: 4, at: 18 * day)
        #expect(schedule.interval == 12)  // 6 × 1.96 = 11.76 → 12
        #expect(schedule.due == 30 * day)
        #expect(schedule.reviews == 7)
    }

    @Test("SM-2 E-Factor never drops below 1.3")
    func easinessFloor() {
        #expect(replay([0, 0, 0, 0]).map(\.easiness) == [170, 130, 130, 130])
        #expect(replay([3, 3, 3, 3, 3, 3, 3, 3, 3]).last?.easiness == 130)
    }

    @Test("Quality follows the caller convention: 5 first try, 4 after a retry, 3 after hints, 2 solution, 1 wrong")
    func qualityConvention() {
        #expect(ProgressEvent.quality(correct: true) == 5)
        #expect(ProgressEvent.quality(correct: true, attempts: 2) == 4)
        #expect(ProgressEvent.quality(correct: true, hints: 1) == 3)
        #expect(ProgressEvent.quality(correct: true, solutionShown: true) == 2)
        #expect(ProgressEvent.quality(correct: false) == 1)
        #expect(ProgressEvent(time: 0, kind: .answer, item: "q", correct: true).grade == 4)
        #expect(ProgressEvent(time: 0, kind: .answer, item: "q", quality: 9).grade == 5)
        #expect(ProgressEvent(time: 0, kind: .hint, item: "q", quality: 1).grade == nil)
    }

    @Test("Step items are lessonID/step-N and parse back")
    func stepItems() {
        #expect(ProgressEvent.stepItem(lesson: "stateful-1", step: 3) == "stateful-1/step-3")
        #expect(ProgressEvent.parseStepItem("stateful-1/step-3")! == ("stateful-1", 3))
        #expect(ProgressEvent.parseStepItem("q-sg-basics-4") == nil)
        #expect(ProgressEvent.parseStepItem("lesson/step-0") == nil)
    }

    // MARK: Progress

    @Test("Missed questions and failed steps enter the review schedule; questions right from the start do not")
    func reviewEntry() {
        let step = ProgressEvent.stepItem(lesson: "nacl-1", step: 2)
        let progress = Progress(events: [
            answer("q1", at: 0, correct: true),
            answer("q2", at: 10, correct: false),
            ProgressEvent(time: 20, kind: .hint, item: step),
            ProgressEvent(time: 30, kind: .solution, item: step),
            ProgressEvent(time: 40, kind: .step, item: step, topic: "nacl", correct: false, quality: 2),
            answer("q3", at: 50, correct: true),
            answer("q3", at: 60, correct: false),
        ])
        #expect(progress.reviewItems == ["q2", step, "q3"])
        #expect(progress.due(at: day - 1).isEmpty)
        #expect(progress.due(at: 10 + day) == ["q2"])
        #expect(progress.due(at: 60 + day) == ["q2", step, "q3"])
        #expect(progress.nextDue == 10 + day)
        #expect(progress.schedules["q1"]?.interval == 1)  // scheduled by SM-2, but not in review
        #expect(progress.counts.answers == 4)
        #expect(progress.counts.correctAnswers == 2)
        #expect(progress.counts.questions == 3)
        #expect(progress.counts.steps == 1)
        #expect(progress.counts.hints == 1)
        #expect(progress.counts.solutions == 1)
    }

    @Test("A reviewed item answered right moves its due date out by SM-2")
    func reviewMovesDueDate() {
        let progress = Progress(events: [
            answer("q2", at: 0, correct: false),
            answer("q2", at: day, correct: true),
            answer("q2", at: 2 * day, correct: true),
        ])
        #expect(progress.due(at: 2 * day).isEmpty)
        #expect(progress.due(at: 8 * day) == ["q2"])
    }

    @Test("Mastery is the share of right answers among a topic's last 10 attempts")
    func mastery() {
        var events: [ProgressEvent] = []
        // 12 attempts on nacl: two wrong ones first (they leave the window), then 7 right, 3 wrong.
        let results = [false, false] + Array(repeating: true, count: 7) + [false, false, false]
        for (index, right) in results.enumerated() {
            events.append(answer("n\(index)", at: index, topic: "nacl", correct: right))
        }
        events.append(answer("s1", at: 100, topic: "stateful", correct: true))
        events.append(answer("s2", at: 101, topic: "stateful", correct: true))
        events.append(answer("s3", at: 102, topic: "stateful", correct: false))
        events.append(ProgressEvent(time: 103, kind: .step, item: "l/step-1", topic: "stateful", correct: true, quality: 3))
        events.append(ProgressEvent(time: 104, kind: .lessonDone, item: "l"))
        let progress = Progress(events: events)
        #expect(progress.mastery(of: "nacl") == 0.7)
        #expect(progress.topics["nacl"]?.attempts == 12)
        #expect(progress.topics["nacl"]?.correct == 7)
        #expect(progress.mastery(of: "stateful") == 0.75)
        #expect(progress.topics["stateful"]?.attempts == 4)
        #expect(progress.mastery(of: "routing") == 0)
        #expect(progress.lessonsCompleted == ["l"])
        let perfect = Progress(events: (0..<15).map { answer("p\($0)", at: $0, topic: "nat", correct: true) })
        #expect(perfect.mastery(of: "nat") == 1)
        // Divided by the attempts made, not by the window: 1 of 1 and 7 of 7 are 100 %.
        let once = Progress(events: [answer("o", at: 0, topic: "eni", correct: true)])
        #expect(once.mastery(of: "eni") == 1)
        let seven = Progress(events: (0..<7).map { answer("v\($0)", at: $0, topic: "ports", correct: true) })
        #expect(seven.mastery(of: "ports") == 1)
        #expect(ProgressChart.render(seven).contains("100%  7 attempts"))
    }

    // MARK: Chart

    @Test("The chart has one line per topic in taxonomy order and a summary, with no colour codes")
    func chart() {
        let progress = Progress(events: [
            answer("a", at: 0, topic: "stateful", correct: true),
            answer("b", at: 1, topic: "stateful", correct: true),
            answer("c", at: 2, topic: "stateful", correct: true),
            answer("d", at: 3, topic: "nacl", correct: false),
            ProgressEvent(time: 4, kind: .lessonDone, item: "intro"),
        ])
        let lines = ProgressChart.render(progress, width: 20, now: 3 + day).split(separator: "\n").map(String.init)
        #expect(lines.count == Taxonomy.topics.count + 1)
        for (line, topic) in zip(lines, Taxonomy.topics) { #expect(line.hasPrefix(Taxonomy.title(of: topic) + " ")) }
        let stateful = lines[Taxonomy.topics.firstIndex(of: "stateful")!]
        #expect(stateful.hasSuffix("  ████████████████████  100%  3 attempts"))
        let nacl = lines[Taxonomy.topics.firstIndex(of: "nacl")!]
        #expect(nacl.hasSuffix("  " + String(repeating: "░", count: 20) + "    0%  1 attempt"))
        #expect(lines[0].hasSuffix("  " + String(repeating: "░", count: 20) + "     –  not tried"))
        #expect(lines.last == "1 lesson done · 4 questions answered · 1 review due")
        #expect(!lines.joined().contains("\u{1B}"))
        #expect(ProgressChart.render(progress).split(separator: "\n").last == "1 lesson done · 4 questions answered · 1 item in review")
    }

    @Test("Bars fill to the eighth of a cell", arguments: [(0.0, "░░░░░"), (1.0, "█████"), (0.3, "█▌░░░"), (0.5, "██▌░░"), (0.025, "▏░░░░")])
    func bars(fraction: Double, bar: String) {
        #expect(ProgressChart.bar(fraction, width: 5) == bar)
        #expect(ProgressChart.bar(fraction, width: 5).count == 5)
    }

    // MARK: Log

    @Test("The data directory is $XDG_DATA_HOME/sglab, else ~/.local/share/sglab")
    func defaultDirectory() {
        #expect(ProgressLog.defaultDirectory(environment: ["XDG_DATA_HOME": "/x/data/", "HOME": "/h"]) == "/x/data/sglab")
        #expect(ProgressLog.defaultDirectory(environment: ["XDG_DATA_HOME": "relative", "HOME": "/h"]) == "/h/.local/share/sglab")
        #expect(ProgressLog.defaultDirectory(environment: ["HOME": "/h"]) == "/h/.local/share/sglab")
        #expect(ProgressLog.defaultDirectory(environment: [:]) == nil)
    }

    @Test("Appended events load back in order, under a header line, in a private folder and file")
    func roundTrip() throws {
        let root = try temporaryDirectory()
        defer { cleanUp(root) }
        let log = ProgressLog(directory: root + "/data/sglab")
        #expect(log.load().events.isEmpty)
        let events = [
            answer("q1", at: 100, correct: true),
            ProgressEvent(time: 101, kind: .hint, item: "l1/step-1", detail: "line one\nline two"),
            ProgressEvent(time: 102, kind: .step, item: "l1/step-1", topic: "nacl", correct: true, quality: 3),
            ProgressEvent(time: 103, kind: .lessonDone, item: "l1"),
        ]
        for event in events { #expect(try log.append(event).isEmpty) }
        let loaded = log.load()
        #expect(loaded.events == events)
        #expect(loaded.warnings.isEmpty)
        let lines = try text(log.path).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.first == #"{"format":"sglab-progress","version":1}"#)
        #expect(lines.count == events.count + 2)  // header, events, and the final newline
        #expect(lines[1] == #"{"correct":true,"item":"q1","kind":"answer","quality":5,"time":100,"topic":"sg-basics"}"#)
        #expect(try permissions(log.path) == 0o600)
        #expect(try permissions(log.directory) == 0o700)
    }

    @Test("A last line cut short by a crash loses only that event, and the next append starts a clean line")
    func truncatedLastLine() throws {
        let root = try temporaryDirectory()
        defer { cleanUp(root) }
        let log = ProgressLog(directory: root)
        let events = (0..<3).map { answer("q\($0)", at: $0, correct: true) }
        for event in events { try log.append(event) }
        try appendRaw(#"{"correct":false,"item":"q9","ki"#, to: log.path)
        let loaded = log.load()
        #expect(loaded.events == events)
        #expect(loaded.warnings.count == 1)
        #expect(loaded.warnings.first?.contains("cut short") == true)
        #expect(!FileManager.default.fileExists(atPath: log.path + ".corrupt-1"))
        let next = answer("q3", at: 3, correct: false)
        try log.append(next)
        let after = log.load()
        #expect(after.events == events + [next])
        #expect(after.warnings.isEmpty)
    }

    @Test("A crash inside the very first write leaves an empty log, not a foreign file")
    func truncatedHeader() throws {
        let root = try temporaryDirectory()
        defer { cleanUp(root) }
        let log = ProgressLog(directory: root)
        try Data(#"{"format":"sglab-pr"#.utf8).write(to: URL(fileURLWithPath: log.path))
        let loaded = log.load()
        #expect(loaded.events.isEmpty)
        #expect(loaded.warnings.count == 1)
        let event = answer("q1", at: 1, correct: true)
        try log.append(event)
        #expect(log.load().events == [event])
        #expect(log.load().warnings.isEmpty)
    }

    @Test("An unreadable line in the middle sets the file aside (0600) and keeps every readable event, later ones too")
    func corruptMiddleLine() throws {
        let root = try temporaryDirectory()
        defer { cleanUp(root) }
        let log = ProgressLog(directory: root)
        let events = (0..<2).map { answer("q\($0)", at: $0, correct: true) }
        for event in events { try log.append(event) }
        let later = String(decoding: try ProgressLog.encode(answer("q5", at: 5, correct: true)), as: UTF8.self)
        try appendRaw("not json at all\n" + later + "\n", to: log.path)
        let original = try text(log.path)

        let loaded = log.load()
        let kept = events + [answer("q5", at: 5, correct: true)]
        #expect(loaded.events == kept)
        #expect(loaded.warnings.count == 1)
        #expect(loaded.warnings.first?.contains("line 4") == true)
        #expect(loaded.warnings.first?.contains("progress.log.corrupt-1") == true)
        #expect(try text(log.path + ".corrupt-1") == original)
        #expect(try permissions(log.path + ".corrupt-1") == 0o600)
        // The new log holds the kept events and reads clean.
        let again = log.load()
        #expect(again.events == kept)
        #expect(again.warnings.isEmpty)
        #expect(try permissions(log.path) == 0o600)
    }

    @Test("A whole unreadable last line is ignored by load, and set aside by the next append")
    func unreadableLastLine() throws {
        let root = try temporaryDirectory()
        defer { cleanUp(root) }
        let log = ProgressLog(directory: root)
        let events = (0..<2).map { answer("q\($0)", at: $0, correct: true) }
        for event in events { try log.append(event) }
        try appendRaw("garbage\n", to: log.path)
        let original = try text(log.path)
        let loaded = log.load()
        #expect(loaded.events == events)
        #expect(loaded.warnings.count == 1)
        #expect(!FileManager.default.fileExists(atPath: log.path + ".corrupt-1"))
        let next = answer("q2", at: 2, correct: false)
        let warnings = try log.append(next)
        #expect(warnings.count == 1)
        #expect(try text(log.path + ".corrupt-1") == original)
        let after = log.load()
        #expect(after.events == events + [next])
        #expect(after.warnings.isEmpty)
    }

    @Test(
        "A foreign file is set aside with a warning and the log starts empty",
        arguments: ["hello, world\nsecond line\n", #"{"format":"other-tool","version":1}"# + "\n", #"{"format":"sglab-progress","version":2}"# + "\n"])
    func foreignFile(contents: String) throws {
        let root = try temporaryDirectory()
        defer { cleanUp(root) }
        let log = ProgressLog(directory: root)
        try Data(contents.utf8).write(to: URL(fileURLWithPath: log.path))
        let loaded = log.load()
        #expect(loaded.events.isEmpty)
        #expect(loaded.warnings.count == 1)
        #expect(loaded.warnings.first?.contains("set it aside as \(log.path).corrupt-1") == true)
        #expect(try text(log.path + ".corrupt-1") == contents)
        #expect(try text(log.path) == ProgressLog.header + "\n")
        // A second foreign file gets the next free name.
        try Data(contents.utf8).write(to: URL(fileURLWithPath: log.path))
        _ = log.load()
        #expect(FileManager.default.fileExists(atPath: log.path + ".corrupt-2"))
    }

    @Test("Appending to a foreign file sets it aside first and never mixes events into it")
    func appendToForeignFile() throws {
        let root = try temporaryDirectory()
        defer { cleanUp(root) }
        let log = ProgressLog(directory: root)
        try Data("someone else's notes\n".utf8).write(to: URL(fileURLWithPath: log.path))
        let event = answer("q1", at: 1, correct: true)
        let warnings = try log.append(event)
        #expect(warnings.count == 1)
        #expect(try text(log.path + ".corrupt-1") == "someone else's notes\n")
        #expect(log.load().events == [event])
    }

    @Test("A log without its header keeps the events it has, and is set aside")
    func missingHeader() throws {
        let root = try temporaryDirectory()
        defer { cleanUp(root) }
        let log = ProgressLog(directory: root)
        let event = answer("q1", at: 1, correct: true)
        try Data((String(decoding: ProgressLog.encode(event), as: UTF8.self) + "\n").utf8).write(to: URL(fileURLWithPath: log.path))
        let loaded = log.load()
        #expect(loaded.events == [event])
        #expect(loaded.warnings.first?.contains("has no header line") == true)
        #expect(FileManager.default.fileExists(atPath: log.path + ".corrupt-1"))
        #expect(log.load().warnings.isEmpty)
    }

    @Test("Import merges another log in time order and does not add an event twice")
    func importMerges() throws {
        let root = try temporaryDirectory()
        defer { cleanUp(root) }
        let log = ProgressLog(directory: root + "/here")
        let other = ProgressLog(directory: root + "/there")
        let a = answer("q1", at: 10, correct: true)
        let b = answer("q2", at: 20, correct: false)
        let c = answer("q3", at: 15, correct: true)
        let d = answer("q4", at: 30, correct: true)
        for event in [a, b] { try log.append(event) }
        for event in [b, c, d] { try other.append(event) }
        let exported = root + "/export.log"
        #expect(try other.export(to: exported) == 3)
        #expect(try log.importFile(exported) == 2)
        #expect(log.load().events == [a, c, b, d])
        #expect(try log.importFile(exported) == 0)
        #expect(log.load().events == [a, c, b, d])
        #expect(log.load().warnings.isEmpty)
    }

    @Test("Importing a file that is not a progress log is an error and changes nothing")
    func importForeign() throws {
        let root = try temporaryDirectory()
        defer { cleanUp(root) }
        let log = ProgressLog(directory: root + "/log")
        let event = answer("q1", at: 1, correct: true)
        try log.append(event)
        let foreign = root + "/notes.txt"
        try Data("just notes\n".utf8).write(to: URL(fileURLWithPath: foreign))
        let error = #expect(throws: ProgressLogError.self) { try log.importFile(foreign) }
        #expect(error?.message.contains("not an sglab progress log") == true)
        #expect(throws: ProgressLogError.self) { try log.importFile(root + "/missing.log") }
        #expect(log.load().events == [event])
    }

    @Test("Export writes a clean log that loads back the same events")
    func exportRoundTrip() throws {
        let root = try temporaryDirectory()
        defer { cleanUp(root) }
        let log = ProgressLog(directory: root)
        let events = (0..<3).map { answer("q\($0)", at: $0, correct: $0 != 1) }
        for event in events { try log.append(event) }
        try appendRaw("{\"cut", to: log.path)
        let file = root + "/backup.log"
        #expect(try log.export(to: file) == 3)
        #expect(try text(file).hasSuffix("\n"))
        let copy = ProgressLog(directory: root + "/copy")
        #expect(try copy.importFile(file) == 3)
        #expect(copy.load().events == events)
    }

    @Test("Reset sets the old log aside and starts empty; nothing is deleted")
    func reset() throws {
        let root = try temporaryDirectory()
        defer { cleanUp(root) }
        let log = ProgressLog(directory: root)
        #expect(try log.reset() == nil)
        let event = answer("q1", at: 1, correct: true)
        try log.append(event)
        let before = try text(log.path)
        #expect(try log.reset() == log.path + ".reset-1")
        #expect(log.load().events.isEmpty)
        #expect(log.load().warnings.isEmpty)
        #expect(try text(log.path + ".reset-1") == before)
        try log.append(event)
        #expect(try log.reset() == log.path + ".reset-2")
        #expect(FileManager.default.fileExists(atPath: log.path + ".reset-1"))
    }

    @Test("Progress derived from a loaded log matches progress derived from the events")
    func derivedFromLog() throws {
        let root = try temporaryDirectory()
        defer { cleanUp(root) }
        let log = ProgressLog(directory: root)
        let events = [answer("q1", at: 0, correct: false), answer("q1", at: day, correct: true)]
        for event in events { try log.append(event) }
        #expect(Progress(events: log.load().events) == Progress(events: events))
    }

    @Test("an event whose time no clock can reach is not an event: importing it cannot break progress or review")
    func absurdTime() throws {
        let root = try temporaryDirectory()
        defer { cleanUp(root) }
        let log = ProgressLog(directory: root)
        try log.append(answer("q0", at: 100, correct: true))
        var huge = answer("q1", at: 0, correct: false)
        huge.time = Int.max
        let line = String(decoding: try ProgressLog.encode(huge), as: UTF8.self)
        #expect(ProgressLog.decodeEvent(Data(line.utf8)) == nil)
        try appendRaw(line + "\n", to: log.path)
        let loaded = log.load()
        #expect(loaded.events.map(\.item) == ["q0"])
        _ = Progress(events: loaded.events)
    }
}
