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
        // A byte order mark (an editor on Windows adds one) is not JSON, and not the world's.
        let json = data.starts(with: [0xEF, 0xBB, 0xBF]) ? data.dropFirst(3) : data
        do {
            return try JSONDecoder().decode(World.self, from: json)
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

    /// Writes a temporary file beside `path` and renames it into place, so the old file stays
    /// whole until the new one is complete. Only a regular file is ever replaced: a FIFO, a
    /// device, a folder or a symbolic link at `path` is refused, never replaced or written
    /// through. The new file keeps the old one's permissions (a new file gets the usual
    /// 0666 less the umask). A process ended mid-write leaves no temporary file
    /// (`ProcessGuards`).
    func write(_ data: Data, to path: String) throws(LanguageError) {
        var mode = mode_t(0o666) & ~FileStore.currentUmask()
        var existing = stat()
        if lstat(path, &existing) == 0 {
            let kind = existing.st_mode & S_IFMT
            guard kind == S_IFREG else {
                throw LanguageError(
                    "cannot write \(path): it is \(FileStore.describeKind(kind)), not a regular file; sglab replaces regular files only",
                    fix: "choose another file name")
            }
            mode = existing.st_mode & 0o7777
        } else if errno != ENOENT {
            throw LanguageError("cannot write \(path): \(String(cString: strerror(errno)))")
        }
        let slash = path.lastIndex(of: "/")
        let folder = slash.map { String(path[..<$0]) } ?? "."
        let base = slash.map { String(path[path.index(after: $0)...]) } ?? path
        var template = Array(((folder.isEmpty ? "" : folder) + "/." + base + ".sglab-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw LanguageError("cannot write \(path): \(String(cString: strerror(errno)))") }
        let temporary = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        ProcessGuards.writing(temporary)
        defer { ProcessGuards.doneWriting() }
        var failure: Int32?
        let bytes = [UInt8](data)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { systemWrite(fd, $0.baseAddress! + offset, bytes.count - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                failure = errno
                break
            }
            offset += n
        }
        if failure == nil, fchmod(fd, mode) != 0 { failure = errno }
        if failure == nil, fsync(fd) != 0 { failure = errno }
        close(fd)
        if failure == nil, rename(temporary, path) != 0 { failure = errno }
        if let failure {
            unlink(temporary)
            let reason = failure == ENOSPC ? "the disk is full" : String(cString: strerror(failure))
            throw LanguageError("cannot write \(path): \(reason); the old file, if any, is unchanged")
        }
    }

    static func currentUmask() -> mode_t {
        let mask = umask(0o022)
        umask(mask)
        return mask
    }

    static func describeKind(_ kind: mode_t) -> String {
        switch kind {
        case S_IFLNK: return "a symbolic link"
        case S_IFIFO: return "a FIFO"
        case S_IFCHR, S_IFBLK: return "a device"
        case S_IFDIR: return "a folder"
        case S_IFSOCK: return "a socket"
        default: return "a special file"
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
