import SGLabCore

/// Renders traces as text: pure, values in, text out.
public enum TraceRenderer {
    static func mark(_ status: Hop.Status) -> String {
        switch status {
        case .passed: return "✓"
        case .failed: return "✗"
        case .info: return "·"
        }
    }

    /// The human-readable trace of one packet.
    public static func render(_ trace: Trace, title: String = "packet") -> String {
        var lines = ["\(title) \(trace.summary)"]
        if let number = trace.connection { lines.append("  part of open connection #\(number)") }
        var leg: Leg?
        for hop in trace.hops {
            if hop.leg != leg {
                leg = hop.leg
                lines.append("  \(hop.leg.rawValue): \(hop.view)")
            }
            if hop.status == .info {
                lines.append("    · \(hop.detail)")
            } else {
                let name = hop.componentName
                let padded = name + String(repeating: " ", count: max(1, 27 - name.count))
                var line = "    \(mark(hop.status)) \(padded)\(hop.detail)"
                if let code = hop.code { line += " [\(code)]" }
                lines.append(line)
            }
            if let translated = hop.translated { lines.append("      packet now \(translated)") }
        }
        lines.append(verdict(trace))
        if let fix = trace.fix {
            lines.append("  fix: \(fix.command)")
            lines.append("       \(fix.explanation)")
        } else if let advice = trace.advice {
            lines.append("  to fix: \(advice)")
        }
        return lines.joined(separator: "\n")
    }

    /// `verdict: BLOCKED at network-acl-outbound (response leg, acl-…, rule *)`
    public static func verdict(_ trace: Trace) -> String {
        guard let hop = trace.blockedAt else { return "  verdict: ALLOWED" }
        var where_ = "\(hop.leg.rawValue) leg"
        if let resource = hop.resourceID { where_ += ", \(resource)" }
        if let rule = hop.rule { where_ += ", rule \(rule)" }
        return "  verdict: BLOCKED at \(hop.componentName) (\(where_))"
    }

    public static func tracking(_ tracking: [Tracking], world: World) -> [String] {
        tracking.map { t in
            let eni = world.interfaces[t.interfaceID]
            let owner = eni?.attachedResourceID.flatMap { world.name(of: $0) } ?? eni?.name ?? t.interfaceID
            return "  \(owner) (\(t.interfaceID)): \(t.tracked ? "tracked" : "not tracked") — \(t.reason)"
        }
    }
}
