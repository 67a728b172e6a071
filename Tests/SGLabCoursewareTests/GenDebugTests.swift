import Foundation
import Testing
import SGLabLanguage
@testable import SGLabCourseware

func render(_ q: Question) -> String {
    var out = "## \(q.stem)\nid: \(q.id)\nkind: \(q.kind.rawValue)\nseed: \(q.seed.map(String.init).joined(separator: ", "))\ntopic: \(q.topic)\ntraps: \(q.traps.map(String.init).joined(separator: ", "))\ndifficulty: \(q.difficulty)\n\n\(q.body)\n\n```sglab\n"
    out += q.script.map(\.text).joined(separator: "\n") + "\n```\n\n"
    if let p = q.packet { out += "packet: \(p.text)\n\n" }
    if !q.goal.isEmpty { out += "```sglab goal\n" + q.goal.map(\.text).joined(separator: "\n") + "\n```\n\n```sglab solution\n" + q.solution.map(\.text).joined(separator: "\n") + "\n```\n\n" }
    out += "Explanation: \(q.explanation)\n"
    return out
}

@Test func debugSamples() {
    var g = QuestionGenerator(seed: 2026)
    let qs = g.make(count: 60)
    var seen = Set<String>()
    var text = ""
    for q in qs {
        let key = String(q.id.split(separator: "-").dropFirst().dropLast(2).joined(separator: "-")) + q.kind.rawValue
        if seen.insert(key).inserted { text += render(q) + "\n\n" }
    }
    try? text.write(toFile: "/tmp/exp/samples.md", atomically: true, encoding: .utf8)
}
