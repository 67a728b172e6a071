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

extension FileStore {
    public func importAccount(from path: String) throws(LanguageError) -> (World, [String]) {
        do {
            return try AccountCommands.imported([path])
        } catch {
            throw LanguageError("\(error.message); the current world is unchanged")
        }
    }
}
