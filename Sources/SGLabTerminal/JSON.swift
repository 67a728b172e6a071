import SGLabCore
import SGLabLanguage

/// Minimal JSON writing for `--json` (the core stays free of Foundation).
enum JSON {
    static func string(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    static func optional(_ s: String?) -> String { s.map(string) ?? "null" }

    static func object(_ pairs: [(String, String)]) -> String {
        "{" + pairs.map { "\(string($0.0)): \($0.1)" }.joined(separator: ", ") + "}"
    }

    /// One line per `packet`/`expect` (commands.md, Running).
    static func trace(_ trace: Trace, line: Int, expectation: Expectation? = nil) -> String {
        let blocked: String
        if let hop = trace.blockedAt {
            // `flow` (front or back) only for a packet through a load balancer (decision 21).
            blocked = object([
                ("component", string(hop.component.rawValue)),
                ("direction", optional(hop.direction?.rawValue)),
                ("leg", string(hop.leg.rawValue)),
            ] + (hop.flow.map { [("flow", string($0.rawValue))] } ?? []) + [
                ("resource", optional(hop.resourceID)),
                ("rule", optional(hop.rule)),
                ("code", optional(hop.code)),
            ])
        } else {
            blocked = "null"
        }
        let hops = trace.hops.map { hop in
            object([
                ("leg", string(hop.leg.rawValue)),
            ] + (hop.flow.map { [("flow", string($0.rawValue))] } ?? []) + [
                ("component", string(hop.component.rawValue)),
                ("direction", optional(hop.direction?.rawValue)),
                ("resource", optional(hop.resourceID)),
                ("status", string(hop.status.rawValue)),
                ("rule", optional(hop.rule)),
                ("code", optional(hop.code)),
                ("packet", string(hop.view)),
                ("translatedTo", optional(hop.translated)),
                ("detail", string(hop.detail)),
            ])
        }
        var pairs: [(String, String)] = [
            ("line", "\(line)"),
            ("packet", string(trace.summary)),
            ("verdict", string(trace.allowed ? "allowed" : "blocked")),
            ("blockedAt", blocked),
            ("hops", "[" + hops.joined(separator: ", ") + "]"),
            ("fix", optional(trace.fix?.command)),
        ]
        if let expectation {
            pairs.append(("expected", string(expectation.expected)))
            pairs.append(("passed", expectation.passed ? "true" : "false"))
        }
        return object(pairs)
    }
}
