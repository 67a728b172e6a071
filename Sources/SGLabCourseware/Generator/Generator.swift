import SGLabCore
import SGLabLanguage

/// Generated practice: unlimited scenario and fix-it questions drawn from templates (a public web
/// server, web–app–db tiers, custom network ACLs, NAT paths, blackhole routes, several groups on
/// one instance, the default group, stateful replies, a hairpin through a public IP, an ALB and its
/// targets, NLB client IP preservation, gateway and interface endpoints, two peered VPCs, two
/// VPCs through a transit gateway, a dual-stack VPC with an egress-only gateway), each with
/// none, one or two of the mistakes people make.
///
/// Everything comes from a seeded SplitMix64 stream: the same seed gives the same questions, in
/// the same order. Every question is run through the evaluator while it is made: a scenario's
/// world and packet must run, and its explanation is built from the trace of that very packet; a
/// fix-it's goals must fail on the broken world and all hold once its solution is applied, or the
/// template is asked for another world. The verdict of a scenario is never stored: the quiz
/// engine asks the evaluator, as it does for hand-written banks.
public struct QuestionGenerator: Sendable {
    public let seed: UInt64
    private(set) var rng: SplitMix64
    /// Questions made so far; the `n` in `gen-<template>-<n>-<hash>`.
    public private(set) var count = 0
    /// Templates still to deal in this round: every template comes up once per round, so any
    /// run of `Template.allCases.count` topic-free questions reaches every template.
    private var deck: [Template] = []
    /// The last draft kept, for tests that compare the templates' reading with the evaluator's.
    private(set) var lastDraft: Draft?
    /// Drafts thrown away because the evaluator did not confirm them (by template), for tests.
    private(set) var rejected: [String: Int] = [:]

    public init(seed: UInt64) {
        self.seed = seed
        rng = SplitMix64(seed: seed)
    }

    /// The template names, as they appear in generated ids.
    public static var templates: [String] { Template.allCases.map(\.rawValue) }

    /// The topics generated questions can have (a subset of `Taxonomy.topics`).
    public static var topics: [String] {
        Taxonomy.topics.filter { t in Template.allCases.contains { $0.topics.contains(t) } }
    }

    /// One question. `kind` is `.scenario` or `.fixit` (any other kind, or nil, lets the
    /// generator choose between the two); `topic` restricts it to templates that teach that
    /// topic. When no template makes that topic in the kind asked for, the kind wins; a topic no
    /// template teaches at all is ignored (see `topics(for:)`).
    public mutating func next(kind: QuestionKind? = nil, topic: String? = nil) -> Question {
        let asked: QuestionKind? = kind == .scenario || kind == .fixit ? kind : nil
        var wanted = asked ?? (rng.chance(50) ? .scenario : .fixit)
        func eligible(_ k: QuestionKind) -> [Template] {
            topic.map { t in Template.allCases.filter { $0.topics(for: k).contains(t) } } ?? []
        }
        var candidates = eligible(wanted)
        if candidates.isEmpty, asked == nil, topic != nil {
            let other: QuestionKind = wanted == .scenario ? .fixit : .scenario
            if !eligible(other).isEmpty {
                wanted = other
                candidates = eligible(other)
            }
        }
        var template = candidates.isEmpty ? deal() : rng.pick(candidates)
        for attempt in 1...400 {
            let draft = template.draft(&rng, kind: wanted)
            if let topic, !candidates.isEmpty, draft.topic != topic {
                if attempt % 8 == 0 { template = rng.pick(candidates) }
                continue
            }
            if let question = finish(draft) {
                lastDraft = draft
                return question
            }
            // A world that failed verification: draw again, from the same template at first.
            rejected[draft.template.rawValue, default: 0] += 1
            if attempt % 20 == 0 { template = candidates.isEmpty ? deal() : rng.pick(candidates) }
        }
        preconditionFailure("question generator: no template produced a verifiable question (seed \(seed))")
    }

    /// The topics questions of a kind can be asked for.
    public static func topics(for kind: QuestionKind) -> [String] {
        Taxonomy.topics.filter { t in Template.allCases.contains { $0.topics(for: kind).contains(t) } }
    }

    /// `count` questions. With `topics`, the questions take those topics in turn.
    public mutating func make(count: Int, topics: [String]? = nil) -> [Question] {
        let topics = topics.flatMap { $0.isEmpty ? nil : $0 }
        return (0..<max(0, count)).map { i in next(topic: topics.map { $0[i % $0.count] }) }
    }

    private mutating func deal() -> Template {
        if deck.isEmpty { deck = rng.shuffled(Template.allCases) }
        return deck.removeFirst()
    }

    // MARK: Verification and explanation

    /// Runs the draft; nil when the world does not behave as a question of its kind must.
    private mutating func finish(_ draft: Draft) -> Question? {
        var session = Session()
        var d = draft
        guard let script = Self.run(draft.script, in: &session) else { return nil }
        d.script = script
        d.goal = d.goal.map { Self.resolve($0, session.world) }
        let explanation: String
        switch d.kind {
        case .scenario:
            guard let packet = d.packet, case .trace(let trace)? = try? session.execute("packet " + packet) else { return nil }
            // What the evaluator's suggested fix would do in this world: clear everything, or
            // only the first check.
            var afterFix: Trace?
            if let fix = trace.fix {
                var probe = session
                if (try? probe.execute(fix.command)) != nil, case .trace(let t)? = try? probe.execute("packet " + packet) {
                    afterFix = t
                }
            }
            explanation = Explainer.scenario(trace, afterFix: afterFix, concept: d.concept, offerFix: !d.blockedByDesign)
        case .fixit:
            guard d.goal.contains(where: { $0.hasPrefix("expect allowed") }),
                d.goal.contains(where: { $0.hasPrefix("expect blocked") }),
                let before = Self.expectations(d.goal, in: session),
                before.contains(where: { !$0.passed })
            else { return nil }
            var fixed = session
            guard let solution = Self.run(d.solution, in: &fixed), let after = Self.expectations(d.goal, in: fixed),
                after.allSatisfy(\.passed)
            else { return nil }
            d.solution = solution
            explanation = Explainer.fixit(goals: d.goal, before: before, solution: d.solution, concept: d.concept)
        default:
            return nil
        }
        count += 1
        let id = "gen-\(d.template.rawValue)-\(count)-\(Self.digest(d))"
        func numbered(_ lines: [String], from start: Int = 1) -> [ScriptLine] {
            lines.enumerated().map { ScriptLine(text: $0.element, line: start + $0.offset) }
        }
        var q = Question(
            id: id, kind: d.kind, stem: d.stem, body: d.body, seed: d.seed, topic: d.topic, traps: d.traps,
            difficulty: min(3, max(1, d.difficulty)), script: numbered(d.script),
            packet: d.packet.map { ScriptLine(text: $0, line: d.script.count + 1) },
            explanation: explanation, location: SourceLocation(file: "generated(seed: \(seed))", line: count))
        if d.kind == .fixit {
            q.goal = numbered(d.goal)
            q.solution = numbered(d.solution)
        }
        return q
    }

    /// Runs lines, each with its `{eip:NAME}` placeholders resolved in the world as it stands;
    /// the lines as run, or nil when one fails.
    static func run(_ lines: [String], in session: inout Session) -> [String]? {
        var ran: [String] = []
        for line in lines {
            let resolved = resolve(line, session.world)
            do { _ = try session.execute(resolved) } catch { return nil }
            ran.append(resolved)
        }
        return ran
    }

    /// The result of each `expect` line, on a copy of the session.
    static func expectations(_ lines: [String], in session: Session) -> [Expectation]? {
        var s = session
        var results: [Expectation] = []
        for line in lines {
            guard case .expectation(let e)? = try? s.execute(line) else { return nil }
            results.append(e)
        }
        return results
    }

    /// `{eip:NAME}` becomes the address of that Elastic IP in the world as built.
    static func resolve(_ line: String, _ world: World) -> String {
        guard line.contains("{eip:") else { return line }
        var out = line
        for eip in world.elasticIPs.values {
            out = out.replacing("{eip:\(eip.name)}", with: "\(eip.publicAddress)")
        }
        return out
    }

    /// Eight hex digits of FNV-1a over the question's content: stable across runs and platforms
    /// (Swift's `Hasher` is seeded per process, so it cannot be used here).
    static func digest(_ d: Draft) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        let text = ([d.stem] + d.script + [d.packet ?? ""] + d.goal + d.solution).joined(separator: "\n")
        for byte in text.utf8 {
            h ^= UInt64(byte)
            h = h &* 0x100_0000_01b3
        }
        let hex = String(h & 0xffff_ffff, radix: 16)
        return String(repeating: "0", count: 8 - hex.count) + hex
    }
}

/// Explanations built from the evaluator's own traces.
enum Explainer {
    static func sentence(_ s: String) -> String {
        var t = s
        while t.hasSuffix(".") || t.hasSuffix(" ") { t.removeLast() }
        return t
    }

    /// Where a hop is: its check and leg, and for a packet through a load balancer which of the
    /// two flows (decision 21).
    static func where_(_ hop: Hop) -> String {
        let flow: String
        switch hop.flow {
        case .front?: flow = " of the front flow (client → load balancer)"
        case .back?: flow = " of the back flow (load balancer → target)"
        case nil: flow = ""
        }
        return "\(hop.componentName) on the \(hop.leg.rawValue) leg" + flow
    }

    static func scenario(_ trace: Trace, afterFix: Trace? = nil, concept: String, offerFix: Bool = true) -> String {
        var parts: [String] = []
        if let blocked = trace.blockedAt {
            var first = "Blocked at \(where_(blocked))."
            let index = trace.hops.firstIndex(of: blocked) ?? 0
            let passedBefore = trace.hops[..<index].filter { $0.status == .passed }
            if !passedBefore.isEmpty {
                let names = passedBefore.map { hop in
                    hop.resourceName.map { "\(hop.componentName) (\($0))" } ?? hop.componentName
                }
                first += " It gets past \(names.joined(separator: ", ")) first."
            }
            first += " Then: \(sentence(blocked.detail))."
            parts.append(first)
            let later = trace.hops[(index + 1)...].filter { $0.status == .failed }
            if !later.isEmpty {
                parts.append(
                    "The trace marks what would stop it next, too: "
                        + later.map { "\(where_($0)): \(sentence($0.detail))" }.joined(separator: "; ") + ".")
            }
            // A packet that comes in from the internet is never helped by a NAT gateway (it only
            // carries connections started inside): advice about one does not fit an inbound question.
            let inboundFromInternet = blocked.leg == .request && blocked.component == .internetGateway
            if !offerFix {
                // Blocked on purpose: nothing to fix.
            } else if let fix = trace.fix, let afterFix {
                var text = "The evaluator's one-command fix for that first check: `\(fix.command)` (\(sentence(fix.explanation)))."
                if let next = afterFix.blockedAt {
                    text += " In this world it is not enough: the packet then stops at \(where_(next)) (\(sentence(next.detail)))."
                } else {
                    text += " With it, the packet gets through."
                }
                parts.append(text)
            } else if let advice = trace.advice, !(inboundFromInternet && advice.contains("NAT gateway")) {
                parts.append("No single command fixes it: \(sentence(advice)).")
            }
        } else {
            var text = "Allowed, there and back."
            for leg in [Leg.request, .response] {
                let hops = trace.hops.filter { $0.leg == leg && $0.status == .passed }
                guard !hops.isEmpty else { continue }
                text += " \(leg == .request ? "Request" : "Reply"): " + hops.map { sentence($0.detail) }.joined(separator: "; ") + "."
            }
            parts.append(text)
        }
        if !concept.isEmpty { parts.append(concept) }
        return parts.joined(separator: "\n\n")
    }

    static func fixit(goals: [String], before: [Expectation], solution: [String], concept: String) -> String {
        var failing: [String] = []
        var more = 0
        for (goal, e) in zip(goals, before) where !e.passed {
            if failing.count == 3 {
                more += 1
                continue
            }
            if let hop = e.trace.blockedAt {
                failing.append("`\(goal)` fails: the packet is blocked at \(where_(hop)) (\(sentence(hop.detail)))")
            } else {
                let admitted = e.trace.hops.last { $0.leg == .request && $0.component == .securityGroup && $0.status == .passed }
                    ?? e.trace.hops.last { $0.leg == .request && $0.status == .passed }
                failing.append(
                    "`\(goal)` fails: the packet gets through"
                        + (admitted.map { " (\(sentence($0.detail)))" } ?? ""))
            }
        }
        var parts = [
            "On the broken world, " + failing.joined(separator: "; ")
                + (more > 0 ? "; and \(more) more goal\(more == 1 ? "" : "s") fail\(more == 1 ? "s" : "") the same way" : "") + "."
        ]
        let guards = zip(goals, before).filter { $0.0.hasPrefix("expect blocked") && $0.1.passed }.map { "`\($0.0)`" }
        var solved = "One solution: " + solution.map { "`\($0)`" }.joined(separator: ", then ") + "."
        solved += " After it every goal holds"
        if !guards.isEmpty {
            solved += ", and \(guards.joined(separator: " and ")) still \(guards.count == 1 ? "holds" : "hold"): a wider rule than needed would break \(guards.count == 1 ? "it" : "them")"
        }
        parts.append(solved + ".")
        if !concept.isEmpty { parts.append(concept) }
        return parts.joined(separator: "\n\n")
    }
}
