import SGLabCore
import SGLabLanguage
import Testing

@testable import SGLabCourseware

/// Runs lines in a fresh session; the error of the first line that fails.
private func run(_ lines: [ScriptLine], in session: inout Session) -> String? {
    for line in lines {
        do { _ = try session.execute(line.text) } catch { return "line \(line.line) `\(line.text)`: \(error)" }
    }
    return nil
}

private func goals(_ q: Question, in session: Session) -> [Bool]? {
    var s = session
    var results: [Bool] = []
    for line in q.goal {
        guard case .expectation(let e)? = try? s.execute(line.text) else { return nil }
        results.append(e.passed)
    }
    return results
}

private func template(of id: String) -> String? {
    QuestionGenerator.templates.filter { id.hasPrefix("gen-\($0)-") }.max { $0.count < $1.count }
}

/// 300 questions from one seed, made once for the suites below.
private let bank: [Question] = {
    var g = QuestionGenerator(seed: 2026)
    return g.make(count: 300)
}()

@Suite("Question generator")
struct GeneratorTests {
    @Test func splitMix64MatchesTheReferenceStream() {
        var r = SplitMix64(seed: 0)
        #expect(r.next() == 0xE220_A839_7B1D_CDAF)
        #expect(r.next() == 0x6E78_9E6A_A1B9_65F4)
        var a = SplitMix64(seed: 7)
        var b = SplitMix64(seed: 7)
        #expect((0..<100).map { _ in a.int(0...9) } == (0..<100).map { _ in b.int(0...9) })
        #expect((0..<1000).allSatisfy { _ in (3...5).contains(a.int(3...5)) })
    }

    @Test func sameSeedSameQuestionsDifferentSeedDifferentOnes() {
        var a = QuestionGenerator(seed: 99)
        var b = QuestionGenerator(seed: 99)
        let first = a.make(count: 40)
        #expect(first == b.make(count: 40))
        // Also question by question, with kinds and topics asked for.
        #expect(a.next(kind: .fixit, topic: "nat") == b.next(kind: .fixit, topic: "nat"))
        var c = QuestionGenerator(seed: 100)
        let other = c.make(count: 40)
        #expect(first != other)
        #expect(Set(first.map(\.id)).isDisjoint(with: Set(other.map(\.id))))
        #expect(Set(first.map(\.script)).intersection(Set(other.map(\.script))).count < 5)
    }

    @Test func everyQuestionIsWellFormedAndTagged() {
        #expect(bank.count == 300)
        #expect(Set(bank.map(\.id)).count == bank.count, "ids are unique")
        for (n, q) in bank.enumerated() {
            let problems = ContentParser.validate(q)
            #expect(problems.isEmpty, "\(q.id): \(problems)")
            let parts = q.id.split(separator: "-")
            #expect(q.id.hasPrefix("gen-") && template(of: q.id) != nil, "\(q.id): gen-<template>-<n>-<hash>")
            #expect(parts.count >= 4 && parts[parts.count - 2] == Substring("\(n + 1)"), "\(q.id): n")
            #expect(parts.last.map { $0.count == 8 && $0.allSatisfy(\.isHexDigit) } == true, "\(q.id): hash")
            #expect(ContentParser.isIdentifier(q.id))
            #expect(q.kind == .scenario || q.kind == .fixit)
            #expect(Taxonomy.topics.contains(q.topic), "\(q.id): topic \(q.topic)")
            #expect(QuestionGenerator.topics.contains(q.topic))
            #expect(!q.seed.isEmpty && q.seed.allSatisfy(Taxonomy.seedSections.contains), "\(q.id): seed \(q.seed)")
            #expect(q.traps.allSatisfy(Taxonomy.traps.contains), "\(q.id): traps \(q.traps)")
            #expect((1...3).contains(q.difficulty))
            #expect(!q.stem.isEmpty && !q.explanation.isEmpty && !q.body.isEmpty)
            if q.kind == .scenario {
                #expect(q.stem.hasSuffix("?"), "\(q.id): a scenario asks a question")
                #expect(q.packet != nil && q.goal.isEmpty && q.solution.isEmpty)
            } else {
                #expect(q.packet == nil)
                #expect(q.goal.contains { $0.text.hasPrefix("expect allowed ") }, "\(q.id): an allowed goal")
                #expect(q.goal.contains { $0.text.hasPrefix("expect blocked ") }, "\(q.id): a blocked goal")
            }
        }
    }

    @Test func everyScenarioRunsAndItsExplanationComesFromItsTrace() throws {
        for q in bank where q.kind == .scenario {
            var session = Session()
            let failure = run(q.script, in: &session)
            #expect(failure == nil, "\(q.id): \(failure ?? "")")
            let packet = try #require(q.packet)
            guard case .trace(let trace)? = try session.execute("packet " + packet.text) else {
                Issue.record("\(q.id): `packet \(packet.text)` gave no trace")
                continue
            }
            if let hop = trace.blockedAt {
                #expect(q.explanation.hasPrefix("Blocked at \(hop.componentName) on the \(hop.leg.rawValue) leg"), "\(q.id)")
                #expect(q.explanation.contains(Explainer.sentence(hop.detail)), "\(q.id): the blocked hop's detail")
            } else {
                #expect(q.explanation.hasPrefix("Allowed"), "\(q.id)")
            }
        }
    }

    @Test func everyFixitFailsBeforeAndHoldsAfterItsSolution() {
        for q in bank where q.kind == .fixit {
            var session = Session()
            let failure = run(q.script, in: &session)
            #expect(failure == nil, "\(q.id): \(failure ?? "")")
            let before = goals(q, in: session)
            #expect(before != nil && before?.contains(false) == true, "\(q.id): some goal must fail on the broken world")
            let solutionFailure = run(q.solution, in: &session)
            #expect(solutionFailure == nil, "\(q.id): solution \(solutionFailure ?? "")")
            let after = goals(q, in: session)
            #expect(after != nil && after?.allSatisfy { $0 } == true, "\(q.id): every goal must hold after the solution")
        }
    }

    @Test func verdictsAreSpreadOverSeveralBlockingChecks() {
        var allowed = 0
        var blocked: [String: Int] = [:]
        for q in bank where q.kind == .scenario {
            var session = Session()
            _ = run(q.script, in: &session)
            guard let packet = q.packet, case .trace(let trace)? = try? session.execute("packet " + packet.text) else { continue }
            if let hop = trace.blockedAt { blocked[hop.componentName, default: 0] += 1 } else { allowed += 1 }
        }
        let scenarios = bank.filter { $0.kind == .scenario }.count
        #expect(scenarios > 100 && bank.count - scenarios > 100, "both kinds are made")
        #expect(allowed > scenarios / 10, "allowed: \(allowed) of \(scenarios)")
        #expect(blocked.values.reduce(0, +) > scenarios / 3, "blocked: \(blocked)")
        #expect(blocked.count >= 6, "blocking checks: \(blocked)")
        for component in ["security-group-inbound", "network-acl-outbound", "route-table-outbound", "internet-gateway-inbound"] {
            #expect(blocked[component, default: 0] > 0, "\(component) never blocks: \(blocked)")
        }
    }

    @Test func everyTemplateIsReachedAndTagsVary() {
        let reached = Set(bank.compactMap { template(of: $0.id) })
        #expect(reached == Set(QuestionGenerator.templates), "missing: \(Set(QuestionGenerator.templates).subtracting(reached))")
        #expect(QuestionGenerator.templates.count >= 8)
        // Each template appears in both kinds.
        for t in QuestionGenerator.templates {
            let kinds = Set(bank.filter { template(of: $0.id) == t }.map(\.kind))
            #expect(kinds == [.scenario, .fixit], "\(t): \(kinds)")
        }
        #expect(Set(bank.map(\.topic)).count >= 12, "topics: \(Set(bank.map(\.topic)))")
        #expect(Set(bank.flatMap(\.traps)).count >= 12)
        #expect(Set(bank.map(\.difficulty)) == [1, 2, 3])
    }

    @Test func kindsAndTopicsCanBeAskedFor() {
        var g = QuestionGenerator(seed: 5)
        for kind in [QuestionKind.scenario, .fixit] {
            for topic in QuestionGenerator.topics(for: kind) {
                let q = g.next(kind: kind, topic: topic)
                #expect(q.topic == topic && q.kind == kind, "\(topic) \(kind): got \(q.topic) \(q.kind)")
            }
        }
        #expect(QuestionGenerator.topics.count >= 15)
        // Without a kind, a topic only one kind teaches picks that kind.
        let useCases = g.next(topic: "use-cases")
        #expect(useCases.topic == "use-cases" && useCases.kind == .scenario)
        let some = g.make(count: 6, topics: ["nat", "default-sg"])
        #expect(some.map(\.topic) == ["nat", "default-sg", "nat", "default-sg", "nat", "default-sg"])
        // A topic no template teaches is ignored rather than mislabelled.
        let q = g.next(topic: "quotas")
        #expect(q.topic != "quotas" && Taxonomy.topics.contains(q.topic))
        #expect(g.next(kind: .single).kind != .single)
    }

    @Test func templatesDeclareTheTopicsTheyProduce() {
        var r = SplitMix64(seed: 3)
        for t in Template.allCases {
            for kind in [QuestionKind.scenario, .fixit] {
                var seen: Set<String> = []
                for _ in 0..<300 { seen.insert(t.draft(&r, kind: kind).topic) }
                #expect(seen == t.topics(for: kind), "\(t.rawValue) \(kind): makes \(seen.sorted()), declares \(t.topics(for: kind).sorted())")
            }
        }
    }

    /// The templates predict each verdict from aws-semantics.md; the evaluator decides. They
    /// must agree: a disagreement is a bug in one of them.
    @Test func templatesAndEvaluatorAgree() {
        var g = QuestionGenerator(seed: 77)
        var disagreements: [String] = []
        for _ in 0..<250 {
            let q = g.next(kind: .scenario)
            guard let draft = g.lastDraft, let expected = draft.expected else {
                disagreements.append("\(q.id): no prediction")
                continue
            }
            var session = Session()
            _ = run(q.script, in: &session)
            guard let packet = q.packet, case .trace(let trace)? = try? session.execute("packet " + packet.text) else { continue }
            let actual = trace.blockedAt.map { "blocked at \($0.componentName)" } ?? "allowed"
            if actual != expected {
                disagreements.append("\(q.id) [\(draft.faults.joined(separator: ","))] packet \(packet.text): template says \(expected), evaluator \(actual)")
            }
        }
        #expect(disagreements.isEmpty, "\(disagreements.joined(separator: "\n"))")
    }
}
