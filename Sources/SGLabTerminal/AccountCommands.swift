import Foundation
import SGLabAccounts
import SGLabCore
import SGLabLanguage

/// `sglab import`, `audit`, `exposure` and `export` from the shell, and the lab's `import`:
/// one place that turns a PATH into a world and prints what the account commands find.
public enum AccountCommands {
    /// A world from PATH: a saved world (`save` file), or a file or folder of describe-* JSON.
    /// The report says what an import took and skipped (empty for a saved world).
    public static func world(from paths: [String], store: FileStore = FileStore()) throws(LanguageError) -> (World, [String]) {
        if paths.count == 1, isSavedWorld(paths[0]) { return (try store.load(from: paths[0]), []) }
        return try imported(paths)
    }

    /// The one import path: the world and its report, names and messages made visible text.
    static func imported(_ paths: [String]) throws(LanguageError) -> (World, [String]) {
        do {
            let result = try AccountImporter.read(paths: paths)
            return (result.world, result.report.map { Style.plain.visible($0) })
        } catch {
            throw LanguageError(Style.plain.visible(error.message))
        }
    }

    /// Whether `path` is a file that `save` wrote (its top-level `format` says so).
    static func isSavedWorld(_ path: String) -> Bool {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue,
            let data = FileManager.default.contents(atPath: path),
            let object = try? JSONSerialization.jsonObject(with: data.starts(with: [0xEF, 0xBB, 0xBF]) ? data.dropFirst(3) : data) as? [String: Any]
        else { return false }
        return object["format"] as? String == World.format
    }

    /// `sglab import PATH… [--save FILE]`: prints what was imported and skipped; exit 0, or 2
    /// with one error line when the input cannot be imported.
    public static func runImport(paths: [String], save: String?, into sink: inout some OutputSink) -> Int32 {
        do {
            let (world, report) = try world(from: paths)
            for line in report { sink.out(line) }
            if let save {
                try FileStore().save(world, to: save)
                sink.out("saved the world to \(save)")
            }
            return 0
        } catch {
            sink.err("error: \(error.message)")
            return 2
        }
    }
}

// MARK: Audit

extension AccountCommands {
    /// The audit as a table (severity, control, resource, rule, internet, fix) and a count.
    public static func auditText(_ findings: [Finding], world: World, style: Style) -> [String] {
        guard !findings.isEmpty else { return ["no findings: every check passed"] }
        let table = Table(
            [
                .init("Severity"), .init("Control"), .init("CIS", wraps: true, priority: 3), .init("Resource", wraps: true, priority: 1),
                .init("Rule", wraps: true, priority: 2), .init("Internet", wraps: true, priority: 3), .init("Fix", wraps: true),
            ],
            rows: findings.map { f in
                [
                    f.severity.name, f.control,
                    f.cis.isEmpty ? "—" : f.cis.map { $0.replacingOccurrences(of: ".0.0)", with: ")") }.joined(separator: ", "),
                    style.visible(f.resource), style.visible(f.rule ?? "—"), reachabilityText(f.reachability),
                    style.visible(f.fix + (f.note.map { " (\($0))" } ?? "")),
                ]
            })
        var counts: [String] = []
        for severity in Severity.allCases.reversed() {
            let n = findings.filter { $0.severity == severity }.count
            if n > 0 { counts.append("\(n) \(severity.name)") }
        }
        let reachable = findings.filter { if case .reachable = $0.reachability { return true } else { return false } }.count
        return [table.render(style: style), "\(findings.count) finding\(findings.count == 1 ? "" : "s"): \(counts.joined(separator: ", ")); \(reachable) confirmed reachable from the internet by the evaluator"]
    }

    static func reachabilityText(_ r: Reachability) -> String {
        switch r {
        case .reachable(let interface, let traffic): return "reachable: \(traffic) to \(interface)"
        case .configured: return "configured, not reachable"
        case .notApplicable: return "—"
        }
    }

    /// One JSON object: the findings, each with its control, CIS numbers and fix.
    public static func auditJSON(_ findings: [Finding]) -> String {
        let items = findings.map { f -> String in
            var reachable = "null"
            switch f.reachability {
            case .reachable(let interface, let traffic):
                reachable = JSON.object([("reachable", "true"), ("interface", JSON.string(interface)), ("traffic", JSON.string(traffic))])
            case .configured: reachable = JSON.object([("reachable", "false")])
            case .notApplicable: break
            }
            return JSON.object([
                ("control", JSON.string(f.control)), ("cis", "[" + f.cis.map(JSON.string).joined(separator: ", ") + "]"),
                ("severity", JSON.string(f.severity.name)), ("title", JSON.string(f.title)), ("resourceId", JSON.string(f.resourceID)),
                ("resource", JSON.string(f.resource)), ("rule", JSON.optional(f.rule)), ("fix", JSON.string(f.fix)),
                ("note", JSON.optional(f.note)), ("internet", reachable),
            ])
        }
        return "{\"findings\": [" + items.joined(separator: ",\n ") + "]}"
    }

    /// `sglab audit [--json] [--fail-on SEVERITY] PATH…`: exit 1 when a finding at or above the
    /// severity exists, 0 when none does, 2 when PATH cannot be read.
    public static func runAudit(paths: [String], json: Bool, failOn: Severity, style: Style, into sink: inout some OutputSink) -> Int32 {
        let world: World
        do { world = try Self.world(from: paths).0 } catch {
            sink.err("error: \(error.message)")
            return 2
        }
        let findings = Audit.run(world)
        if json {
            sink.out(auditJSON(findings))
        } else {
            for line in auditText(findings, world: world, style: style) { sink.out(line) }
        }
        return findings.contains { $0.severity >= failOn } ? 1 : 0
    }
}

// MARK: Exposure

extension AccountCommands {
    /// One row per exposed range: interface, address, traffic, senders, the example's path.
    public static func exposureText(_ exposures: [InterfaceExposure], source: ExposureSource, style: Style) -> [String] {
        let from: String
        switch source {
        case .internet: from = "the internet"
        case .interfaces(let label, _): from = label
        }
        guard !exposures.isEmpty else { return ["nothing is reachable from \(style.visible(from))"] }
        let rows = exposures.flatMap { e in
            e.ranges.map { r in
                [
                    style.visible(e.label), e.address.description, r.traffic, style.visible(r.sources.joined(separator: ", ")),
                    style.visible(TraceRenderer.path(r.trace, .request, nil, .plain) ?? ""),
                ]
            }
        }
        let table = Table(
            [.init("Interface", wraps: true), .init("Address"), .init("Traffic"), .init("From", wraps: true, priority: 1),
             .init("Example path", wraps: true, priority: 2)],
            rows: rows)
        let count = exposures.reduce(0) { $0 + $1.ranges.count }
        return [
            table.render(style: style),
            "\(Set(exposures.map(\.interfaceID)).count) interface\(Set(exposures.map(\.interfaceID)).count == 1 ? "" : "s") reachable from \(style.visible(from)) on \(count) protocol and port range\(count == 1 ? "" : "s") (every port tried by the evaluator; ICMP as an echo request)",
        ]
    }

    public static func exposureJSON(_ exposures: [InterfaceExposure]) -> String {
        let items = exposures.map { e in
            JSON.object([
                ("interfaceId", JSON.string(e.interfaceID.rawValue)), ("name", JSON.string(e.label)), ("address", JSON.string(e.address.description)),
                ("reachable", "[" + e.ranges.map { r in
                    JSON.object([
                        ("protocol", JSON.string(r.ipProtocol == .all ? "other" : r.ipProtocol.name)),
                        ("fromPort", r.ports.map { "\($0.from)" } ?? "null"), ("toPort", r.ports.map { "\($0.to)" } ?? "null"),
                        ("traffic", JSON.string(r.traffic)),
                        ("sources", "[" + r.sources.map(JSON.string).joined(separator: ", ") + "]"),
                        ("examplePath", JSON.string(TraceRenderer.path(r.trace, .request, nil, .plain) ?? "")),
                        ("exampleVerdict", JSON.string(TraceRenderer.verdict(r.trace))),
                    ])
                }.joined(separator: ", ") + "]"),
            ])
        }
        return "{\"interfaces\": [" + items.joined(separator: ",\n ") + "]}"
    }

    /// `sglab exposure [--json] [--from SOURCE] [--allow TRAFFIC,…] PATH…`: exit 1 when something
    /// is reachable beyond the allowed traffic (`tcp:443`, `tcp:1024-65535`, `udp:53`, `icmp`), 0
    /// when nothing is, 2 when PATH or an option cannot be read.
    public static func runExposure(
        paths: [String], json: Bool, from: String?, allow: [String], style: Style, into sink: inout some OutputSink
    ) -> Int32 {
        let world: World
        let source: ExposureSource
        let allowed: [TrafficSpec]
        do throws(LanguageError) {
            world = try Self.world(from: paths).0
            if let from {
                do { source = try Exposure.source(from, in: world) } catch { throw LanguageError("--from \(from): \(error.message)") }
            } else {
                source = .internet
            }
            allowed = try allow.map(allowedTraffic)
        } catch {
            sink.err("error: \(error.message)")
            return 2
        }
        let exposures = Exposure.run(world, from: source)
        if json {
            sink.out(exposureJSON(exposures))
        } else {
            for line in exposureText(exposures, source: source, style: style) { sink.out(line) }
        }
        let beyond = exposures.flatMap(\.ranges).contains { r in
            !allowed.contains { a in
                guard a.ipProtocol == r.ipProtocol else { return false }
                if case .ports(let p) = a.match, let ports = r.ports { return p.contains(ports) }
                return true
            }
        }
        return beyond ? 1 : 0
    }

    /// `tcp:443`, `tcp:1024-65535`, `udp:53`, `icmp`.
    static func allowedTraffic(_ text: String) throws(LanguageError) -> TrafficSpec {
        let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
        guard let p = IPProtocol(name: parts[0]), p != .all else {
            throw LanguageError("--allow \(text): expected PROTOCOL[:PORTS] such as tcp:443, udp:53 or icmp")
        }
        guard parts.count == 2 else { return TrafficSpec(p, p.hasPorts ? .ports(.all) : .any) }
        let bounds = parts[1].split(separator: "-").map { Int($0) }
        guard p.hasPorts, let first = bounds.first ?? nil, bounds.count <= 2, let last = bounds.last ?? nil,
            let range = PortRange(from: first, to: last)
        else { throw LanguageError("--allow \(text): \(parts[1]) is not a port or range (0-65535)") }
        return TrafficSpec(p, .ports(range))
    }
}

// MARK: Export

extension AccountCommands {
    /// `sglab export --format FORMAT PATH… [--output FILE]`: the world as FORMAT on standard
    /// output or in FILE; 2 when PATH cannot be read.
    public static func runExport(paths: [String], format: ExportFormat, output: String?, into sink: inout some OutputSink) -> Int32 {
        do {
            let world = try Self.world(from: paths).0
            let text = Exporter.export(world, as: format)
            if let output {
                try FileStore().write(text, to: output)
            } else {
                // On a terminal, text from the account (descriptions) shows its control characters.
                sink.out(Style.plain.visible(String(text.dropLast())))
            }
            for line in Exporter.omissions(world) { sink.err("note: not exported: \(Style.plain.visible(line))") }
            return 0
        } catch {
            sink.err("error: \(error.message)")
            return 2
        }
    }
}

extension FileStore {
    public func account(_ request: AccountRequest, world: World) throws(LanguageError) -> (World?, [String]) {
        switch request {
        case .importAccount(let path):
            do {
                let (imported, report) = try AccountCommands.imported([path])
                return (imported, report)
            } catch {
                throw LanguageError("\(error.message); the current world is unchanged")
            }
        case .audit:
            return (nil, AccountCommands.auditText(Audit.run(world), world: world, style: .plain))
        case .exposure(let from):
            let source: ExposureSource
            do { source = try from.map { (f: String) throws(AWSError) in try Exposure.source(f, in: world) } ?? .internet } catch {
                throw LanguageError(error.message, fix: error.fix)
            }
            return (nil, AccountCommands.exposureText(Exposure.run(world, from: source), source: source, style: .plain))
        case .export(let format):
            guard let format = ExportFormat(rawValue: format) else {
                throw LanguageError("export writes aws-cli, cloudformation or terraform, not \(format)")
            }
            return (nil, [Style.plain.visible(Exporter.export(world, as: format))])
        }
    }
}
