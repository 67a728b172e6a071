import Foundation
import SGLabCore
import SGLabLanguage

/// Files for `save`, `load` and `record`: JSON with a format version, written atomically
/// (a temporary file renamed over the target), read back with clear errors.
public struct FileStore: SessionStore {
    public init() {}

    public func save(_ world: World, to path: String) throws(LanguageError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let data: Data
        do {
            data = try encoder.encode(world)
        } catch {
            throw LanguageError("could not encode the world: \(error)")
        }
        try write(data, to: path)
    }

    public func load(from path: String) throws(LanguageError) -> World {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw LanguageError("cannot read \(path): \(FileStore.reason(error))")
        }
        if FileStore.isScript(data) {
            throw LanguageError("\(path) is an sglab script, not a saved world; the current world is unchanged",
                                fix: "run it with sglab run \(path) (save FILE writes worlds that load reads)")
        }
        do {
            return try JSONDecoder().decode(World.self, from: data)
        } catch let error as World.LoadError {
            throw LanguageError("\(path): \(error.description); the current world is unchanged")
        } catch let error as DecodingError {
            throw LanguageError("\(path) is not a readable sglab world (\(FileStore.describe(error))); the current world is unchanged",
                                fix: "was it truncated? save writes complete files only")
        } catch {
            throw LanguageError("\(path) is not a readable sglab world; the current world is unchanged")
        }
    }

    public func write(_ text: String, to path: String) throws(LanguageError) {
        try write(Data(text.utf8), to: path)
    }

    func write(_ data: Data, to path: String) throws(LanguageError) {
        do {
            // .atomic writes a temporary file beside the target and renames it into place.
            try data.write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw LanguageError("cannot write \(path): \(FileStore.reason(error))")
        }
    }

    static func reason(_ error: any Error) -> String {
        let ns = error as NSError
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        if ns.domain == NSCocoaErrorDomain {
            switch ns.code {
            case NSFileReadNoSuchFileError, NSFileNoSuchFileError: return "no such file"
            case NSFileReadNoPermissionError, NSFileWriteNoPermissionError: return "permission denied"
            case NSFileWriteOutOfSpaceError: return "the disk is full"
            default: break
            }
        }
        return ns.localizedDescription
    }

    static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty ? "it is not complete JSON" : "\(path(context)): \(context.debugDescription)"
        case .keyNotFound(let key, _): return "\(key.stringValue) is missing"
        case .typeMismatch(_, let context), .valueNotFound(_, let context): return "\(path(context)) has the wrong type"
        @unknown default: return "unreadable"
        }
    }
}
