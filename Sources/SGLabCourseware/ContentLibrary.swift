import Foundation
import SGLabCore

/// Finds and reads the lessons and question banks. The only file access in courseware besides
/// the progress log.
public struct ContentLibrary: Sendable {
    /// The folder that holds `lessons/` and `quizzes/`.
    public let root: String

    public init(root: String) { self.root = root }

    /// More folders of banks read beside `quizzes/`: the learner's own (imported) banks.
    public var extraBankFolders: [String] = []

    /// `$SGLAB_CONTENT`, else the working directory, else the folders above the executable
    /// (a build inside the repository: `.build/debug/sglab`).
    public static func locate(environment: [String: String], executable: String, workingDirectory: String) -> ContentLibrary? {
        var candidates: [String] = []
        if let explicit = environment["SGLAB_CONTENT"], !explicit.isEmpty { candidates.append(explicit) }
        candidates.append(workingDirectory)
        var dir = URL(fileURLWithPath: executable).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<5 {
            candidates.append(dir.path)
            candidates.append(dir.appendingPathComponent("share/sglab").path)
            dir = dir.deletingLastPathComponent()
        }
        for c in candidates where FileManager.default.fileExists(atPath: c + "/lessons") || FileManager.default.fileExists(atPath: c + "/quizzes") {
            return ContentLibrary(root: c)
        }
        return nil
    }

    /// Markdown files under a path (a file, or a folder searched recursively), README excluded.
    public static func markdownFiles(_ path: String) throws -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ContentErrors(errors: [ContentError(location: SourceLocation(file: path, line: 0), message: "no such file or folder")])
        }
        if !isDirectory.boolValue { return [path] }
        let items = (FileManager.default.enumerator(atPath: path)?.allObjects as? [String]) ?? []
        return items.filter { $0.hasSuffix(".md") && !$0.hasSuffix("README.md") }.sorted().map { path + "/" + $0 }
    }

    public static func read(_ path: String) throws -> String {
        do {
            return try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ContentErrors(errors: [ContentError(location: SourceLocation(file: path, line: 0), message: "cannot read the file")])
        }
    }

    /// A file is a lesson when it starts with front matter.
    public static func isLesson(_ text: String) -> Bool { 
        TextLines.split(String(String.UnicodeScalarView(text.unicodeScalars.prefix(5)))).first == "---"
    }

    /// Every lesson, in file order.
    public func lessons() throws -> [Lesson] {
        var out: [Lesson] = []
        var errors: [ContentError] = []
        for file in (try? Self.markdownFiles(root + "/lessons")) ?? [] {
            do { out.append(try ContentParser.lesson(try Self.read(file), file: Self.relative(file, root))) } catch let e as ContentErrors {
                errors += e.errors
            }
        }
        if !errors.isEmpty && out.isEmpty { throw ContentErrors(errors: errors) }
        return out
    }

    /// Every bank question, and every lesson's recap question.
    public func questions(includeLessons: Bool = true) throws -> [Question] {
        var out: [Question] = []
        for file in (try? Self.markdownFiles(root + "/quizzes")) ?? [] {
            if let qs = try? ContentParser.bank(try Self.read(file), file: Self.relative(file, root)) { out += qs }
        }
        for folder in extraBankFolders {
            for file in (try? Self.markdownFiles(folder)) ?? [] {
                if let qs = try? ContentParser.bank(try Self.read(file), file: file) { out += qs }
            }
        }
        if includeLessons { out += (try? lessons())?.flatMap(\.quiz) ?? [] }
        return out
    }

    static func relative(_ path: String, _ root: String) -> String {
        path.hasPrefix(root + "/") ? String(path.dropFirst(root.count + 1)) : path
    }
}
