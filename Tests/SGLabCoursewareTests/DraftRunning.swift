import SGLabCore
import SGLabLanguage

@testable import SGLabCourseware

/// What the per-template generator suites share: running a draft's world and its goals.
enum DraftRunning {
    /// Runs a draft's world; nil when a line fails.
    static func world(_ d: Draft) -> Session? {
        var session = Session()
        for line in d.script {
            guard (try? session.execute(line)) != nil else { return nil }
        }
        return session
    }

    /// Whether each `expect` line holds in the session; nil when one is not an expectation.
    static func expectations(_ lines: [String], in session: Session) -> [Bool]? {
        var s = session
        var results: [Bool] = []
        for line in lines {
            guard case .expectation(let e)? = try? s.execute(line) else { return nil }
            results.append(e.passed)
        }
        return results
    }
}
