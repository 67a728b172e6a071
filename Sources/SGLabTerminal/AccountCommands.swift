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

    /// Whether `path` is a file that `save` wrote (its `format` says so).
    static func isSavedWorld(_ path: String) -> Bool {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue,
            let handle = FileHandle(forReadingAtPath: path)
        else { return false }
        defer { try? handle.close() }
        let head = String(decoding: handle.readData(ofLength: 4096), as: UTF8.self)
        return head.contains("\"format\"") && head.contains("\"\(World.format)\"")
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
                .init("Severity"), .init("Control", wraps: true), .init("Resource", wraps: true), .init("Rule", wraps: true, priority: 1),
                .init("Internet", wraps: true, priority: 1), .init("Fix", wraps: true, priority: 2),
            ],
            rows: findings.map { f in
                [
                    f.severity.name, f.control + (f.cis.isEmpty ? "" : " (CIS " + f.cis.joined(separator: ", ") + ")"),
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
        }
    }
}
