import SGLabCore
import SGLabLanguage

/// `sglab check`: everything about lessons and banks that can be proved before a learner sees
/// them — structure, tags, unique ids, every lesson's worked solution reaching its goals, every
/// scenario running, every fix-it solvable.
public enum Checker {
    public struct Report: Sendable {
        public var errors: [ContentError] = []
        public var warnings: [ContentError] = []
        public var lessons = 0
        public var questions = 0
        /// The figures over all banks read (not the lessons' recaps).
        public var bankStatistics: BankStatistics?
        public var ok: Bool { errors.isEmpty }
    }

    public static func check(lessons: [(String, String)], banks: [(String, String)]) -> Report {
        var report = Report()
        var ids: [String: SourceLocation] = [:]
        func claim(_ id: String, _ location: SourceLocation, _ what: String) {
            if let first = ids[id] {
                report.errors.append(ContentError(location: location, message: "\(what) id \(id) is already used at \(first)"))
            } else {
                ids[id] = location
            }
        }
        for (file, text) in lessons {
            do {
                let lesson = try ContentParser.lesson(text, file: file)
                report.lessons += 1
                claim(lesson.id, lesson.location, "lesson")
                checkTags(lesson, &report)
                checkSteps(lesson, &report)
                for q in lesson.quiz {
                    report.questions += 1
                    claim(q.id, q.location, "question")
                    checkQuestion(q, &report)
                }
            } catch {
                report.errors += error.errors
            }
        }
        var bankQuestions: [Question] = []
        var bankFiles = 0
        for (file, text) in banks {
            do {
                let questions = try ContentParser.bank(text, file: file)
                for q in questions {
                    report.questions += 1
                    claim(q.id, q.location, "question")
                    checkQuestion(q, &report)
                }
                report.warnings += BankStatistics(questions)
                    .warnings(at: SourceLocation(file: file, line: 0), scope: "this bank")
                bankQuestions += questions
                bankFiles += 1
            } catch {
                report.errors += error.errors
            }
        }
        // Over all banks together (what an exam or an export draws from); duplicate stems also
        // against the lessons' recap questions.
        let all = BankStatistics(bankQuestions)
        report.bankStatistics = all
        if bankFiles > 1 {
            report.warnings += all.warnings(at: SourceLocation(file: "all \(bankFiles) banks", line: 0), scope: "all banks")
        }
        let recaps = lessons.compactMap { try? ContentParser.lesson($0.1, file: $0.0) }.flatMap(\.quiz)
        report.warnings += BankStatistics(bankQuestions + recaps).duplicateWarnings
        return report
    }

    static func checkTags(_ lesson: Lesson, _ report: inout Report) {
        if lesson.seed.isEmpty { report.errors.append(ContentError(location: lesson.location, message: "the lesson lists no seed sections")) }
        for s in lesson.seed where !Taxonomy.seedSections.contains(s) {
            report.errors.append(ContentError(location: lesson.location, message: "seed section \(s) does not exist (1–24)"))
        }
        for t in lesson.traps where !Taxonomy.traps.contains(t) {
            report.errors.append(ContentError(location: lesson.location, message: "trap \(t) does not exist (1–38)"))
        }
        for t in lesson.topics where !Taxonomy.topics.contains(t) {
            report.errors.append(ContentError(location: lesson.location, message: "unknown topic \(t) (see quizzes/README.md)"))
        }
    }

    /// Runs lines in a session; the first failing one becomes an error at its line.
    static func run(_ lines: [ScriptLine], in session: inout Session, file: String, what: String) -> ContentError? {
        for line in lines {
            do {
                switch try session.execute(line.text) {
                case .expectation(let e)? where !e.passed:
                    return ContentError(location: SourceLocation(file: file, line: line.line),
                                        message: "\(what): expected \(e.expected), got \(e.actual)")
                case .assertion(let a)? where !a.passed:
                    return ContentError(location: SourceLocation(file: file, line: line.line),
                                        message: "\(what): expected \(a.statement), but \(a.actual)")
                default:
                    break
                }
            } catch {
                return ContentError(location: SourceLocation(file: file, line: line.line), message: "\(what): \(error)")
            }
        }
        return nil
    }

    /// Which goal lines hold in a session (without changing it).
    static func holding(_ lines: [ScriptLine], in session: Session) -> Bool {
        var copy = session
        return run(lines, in: &copy, file: "", what: "") == nil
    }

    static func checkSteps(_ lesson: Lesson, _ report: inout Report) {
        let file = lesson.location.file
        var session = Session()
        if let error = run(lesson.setup, in: &session, file: file, what: "setup") {
            report.errors.append(error)
            return
        }
        for (index, step) in lesson.steps.enumerated() {
            let name = "step \(index + 1) (\(step.title))"
            if let error = run(step.run, in: &session, file: file, what: "\(name) run block") {
                report.errors.append(error)
            }
            if holding(step.goal + step.hidden, in: session) {
                report.warnings.append(ContentError(location: step.location,
                                                    message: "\(name): the goals already hold before the solution, so the step checks nothing"))
            }
            if let error = run(step.solution, in: &session, file: file, what: "\(name) solution") {
                report.errors.append(error)
                return
            }
            if let error = run(step.goal, in: &session, file: file, what: "\(name) goal after the worked solution") {
                report.errors.append(error)
            }
            if let error = run(step.hidden, in: &session, file: file, what: "\(name) hidden goal after the worked solution") {
                report.errors.append(error)
            }
        }
    }

    static func checkQuestion(_ q: Question, _ report: inout Report) {
        let file = q.location.file
        switch q.kind {
        case .scenario:
            do { _ = try Presenter.verdict(of: q) } catch let error as ContentError {
                report.errors.append(ContentError(location: error.location, message: "[\(q.id)] \(error.message)"))
            } catch {
                report.errors.append(ContentError(location: q.location, message: "[\(q.id)] \(error)"))
            }
        case .fixit:
            var session = Session()
            if let error = run(q.script, in: &session, file: file, what: "[\(q.id)] world") {
                report.errors.append(error)
                return
            }
            if holding(q.goal, in: session) {
                report.errors.append(ContentError(location: q.location, message: "[\(q.id)] the goals already hold in the broken world"))
            }
            if let error = run(q.solution + q.goal, in: &session, file: file, what: "[\(q.id)] goal after the solution") {
                report.errors.append(error)
            }
        default:
            break
        }
    }
}
