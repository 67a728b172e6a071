import Foundation
import SGLabCore
import Testing

@testable import SGLabLanguage

/// The scenario scripts beside this file: the seed's examples, the spec's subtle cases and the
/// exam traps, each a world built by commands and `expect` lines written from the spec.
enum Scripts {
    static let folder = Bundle.module.resourceURL!.appendingPathComponent("Scripts")

    static func files(in subfolder: String? = nil) -> [String] {
        let url = subfolder.map { folder.appendingPathComponent($0) } ?? folder
        let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
        return names.filter { $0.hasSuffix(".sglab") }.sorted()
    }

    static func text(_ name: String, in subfolder: String? = nil) throws -> String {
        let url = (subfolder.map { folder.appendingPathComponent($0) } ?? folder).appendingPathComponent(name)
        return try String(contentsOf: url, encoding: .utf8)
    }
}

@Suite("Scenario scripts")
struct ScriptTests {
    @Test("the scripts folder holds the seed and subtle-case scenarios")
    func scriptsExist() {
        #expect(Scripts.files().count >= 25)
        #expect(Scripts.files(in: "Errors").count >= 10)
    }

    @Test("every expectation of a scenario script holds", arguments: Scripts.files())
    func scenario(_ name: String) throws {
        var session = Session()
        var expectations = 0
        for (index, line) in try Scripts.text(name).split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let outcome: Outcome?
            do {
                outcome = try session.execute(String(line))
            } catch {
                Issue.record("\(name):\(index + 1): error: \(error)")
                return
            }
            if case .expectation(let e)? = outcome {
                expectations += 1
                #expect(e.passed, "\(name):\(index + 1): expected \(e.expected), got \(e.actual)")
            }
        }
        #expect(expectations > 0, "\(name) checks nothing")
    }

    @Test("every error script fails on its last command with the expected AWS code", arguments: Scripts.files(in: "Errors"))
    func errorScript(_ name: String) throws {
        let expected = try Scripts.text(name.replacingOccurrences(of: ".sglab", with: ".expected-error"), in: "Errors")
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let lines = try Scripts.text(name, in: "Errors").split(separator: "\n").map(String.init)
            .filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty && !$0.hasPrefix("#") }
        var session = Session()
        for line in lines.dropLast() {
            _ = try session.execute(line)
        }
        let before = session.world
        do {
            _ = try session.execute(lines.last!)
            Issue.record("\(name): the last command succeeded")
        } catch {
            if expected == "syntax" {
                #expect(error.code == nil, "\(name): \(error)")
            } else {
                #expect(error.code == expected, "\(name): \(error)")
            }
            #expect(error.column != nil, "\(name): the error should point at a word: \(error)")
        }
        #expect(session.world == before, "\(name): a rejected command must change nothing")
    }
}
