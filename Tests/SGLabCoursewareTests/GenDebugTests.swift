import Testing
import SGLabLanguage
@testable import SGLabCourseware

@Test func debugStats() {
    for seed in [1, 2, 3, 4] as [UInt64] {
        var g = QuestionGenerator(seed: seed)
        let qs = g.make(count: 500)
        print("STATS seed \(seed) rejected \(g.rejected)")
        var verdicts: [String: Int] = [:]
        var bad: [String] = []
        for q in qs where q.kind == .scenario {
            var s = Session()
            for l in q.script { _ = try? s.execute(l.text) }
            if case .trace(let t)? = try? s.execute("packet " + q.packet!.text) {
                verdicts[t.blockedAt.map { $0.componentName + "/" + $0.leg.rawValue } ?? "allowed", default: 0] += 1
            } else { bad.append(q.id) }
        }
        print("STATS verdicts", verdicts.sorted { $0.key < $1.key }, bad)
    }
    var g = QuestionGenerator(seed: 11)
    var disagreements = 0
    for _ in 0..<1500 {
        let q = g.next(kind: .scenario)
        var s = Session()
        for l in q.script { _ = try? s.execute(l.text) }
        if case .trace(let t)? = try? s.execute("packet " + q.packet!.text) {
            let actual = t.blockedAt.map { "blocked at \($0.componentName)" } ?? "allowed"
            if actual != g.lastDraft?.expected { disagreements += 1; print("DISAGREE", q.id, g.lastDraft!.faults, q.packet!.text, g.lastDraft!.expected ?? "", actual) }
        }
    }
    print("STATS disagreements", disagreements)
}
