import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A progress-log operation that could not be done: the sentence says what and why.
public struct ProgressLogError: Error, Hashable, Sendable, CustomStringConvertible {
    public let message: String
    public var description: String { message }
    public init(_ message: String) { self.message = message }
}

/// The progress log: the one file behind `review` and `progress`, and the only place the
/// courseware touches the disk for them.
///
/// `DIRECTORY/progress.log` holds a header line `{"format":"sglab-progress","version":1}`,
/// then one JSON event per line, oldest first. The file is only ever appended to, one whole
/// line per `write` followed by `fsync`, so a crash loses at most the line being written.
/// Everything else — repairs, imports, resets — writes a complete new file beside the log
/// and renames it into place, so the log is always either the old or the new version.
/// Nothing is ever deleted: a damaged or foreign file, and the log before a reset, are kept
/// beside it as `progress.log.corrupt-N` / `progress.log.reset-N`.
///
/// Writers take an exclusive `flock` on the log and re-open it if it was replaced while
/// they waited, so two sglab processes can share one log.
public struct ProgressLog: Sendable {
    public static let fileName = "progress.log"
    public static let format = "sglab-progress"
    public static let version = 1
    public static let header = #"{"format":"sglab-progress","version":1}"#

    public let directory: String
    public var path: String { directory + "/" + ProgressLog.fileName }

    public init(directory: String) {
        self.directory = directory
    }

    /// `$XDG_DATA_HOME/sglab`, else `$HOME/.local/share/sglab` (XDG Base Directory
    /// Specification: a relative `XDG_DATA_HOME` is invalid and ignored); nil when neither
    /// is set.
    public static func defaultDirectory(environment: [String: String]) -> String? {
        func trimmed(_ path: String) -> String {
            var path = path
            while path.count > 1, path.hasSuffix("/") { path.removeLast() }
            return path == "/" ? "" : path
        }
        if let data = environment["XDG_DATA_HOME"], data.hasPrefix("/") { return trimmed(data) + "/sglab" }
        if let home = environment["HOME"], home.hasPrefix("/") { return trimmed(home) + "/.local/share/sglab" }
        return nil
    }

    // MARK: Appending

    /// Appends one event as one line and syncs it to disk, creating the folder (0700) and
    /// the file (0600) on first use. A line cut short by an earlier crash is cut off first,
    /// so the new event never lands on a damaged line; a file that is not a progress log, or
    /// whose last whole line is not an event, is set aside first (the good events before the
    /// damage move to a fresh log). Those repairs are described in the returned warnings.
    @discardableResult
    public func append(_ event: ProgressEvent) throws(ProgressLogError) -> [String] {
        let line = try ProgressLog.encode(event)
        try makeDirectory()
        var warnings: [String] = []
        for _ in 0..<4 {
            guard let fd = try openLocked(create: true) else { continue }
            defer { close(fd) }
            var size = try fileSize(fd)
            if size > 0 {
                let (first, terminated) = try firstLine(fd)
                let cutHeader = !terminated && Data(ProgressLog.header.utf8).starts(with: first)
                if ProgressLog.headerStatus(first) != .valid, !cutHeader {
                    // Not a progress log (or one without its header): set it aside first.
                    warnings += try repairLocked(fd).warnings
                    continue  // the log was replaced: open the new one
                }
            }
            if size > 0, try byte(fd, at: size - 1) != newline {
                // The last write never finished: drop its fragment (load already ignores it).
                size = try lineStart(fd, before: size)
                try truncate(fd, to: size)
            }
            if size > 0 {
                let start = try lineStart(fd, before: size - 1)
                let last = try read(fd, from: start, count: size - 1 - start)
                if start > 0, !ProgressLog.isBlank(last), ProgressLog.decodeEvent(last) == nil {
                    // A whole line that is not an event: keep the file as it is beside the
                    // log, and continue with the events before that line.
                    let parsed = ProgressLog.parse(try readAll(fd))
                    let aside = try setAside("corrupt")
                    try ProgressLog.writeLog(parsed.events, to: path)
                    warnings.append(
                        "\(path): the last line is not a progress event: set the file aside as \(aside) and kept the \(parsed.events.count) events before it"
                    )
                    continue
                }
            }
            var bytes = Data()
            if size == 0 { bytes.append(contentsOf: Array((ProgressLog.header + "\n").utf8)) }
            bytes.append(line)
            bytes.append(newline)
            try writeAll(fd, bytes)
            guard fsync(fd) == 0 else { throw failure("cannot sync") }
            if size == 0 { syncDirectory(directory) }
            return warnings
        }
        throw ProgressLogError("cannot append to \(path): another process keeps replacing it")
    }

    // MARK: Loading

    /// The events of the log, and what had to be repaired to read them. Never throws:
    /// - no file: no events;
    /// - a last line cut short or unreadable (a crash mid-write): ignored, with a warning;
    /// - a missing or foreign header, or an unreadable line before the last: the file is set
    ///   aside as `progress.log.corrupt-N` (0600), every readable event is kept and written to a
    ///   fresh log, with a warning;
    /// - an unreadable file: no events, with a warning; the file is left alone.
    public func load() -> (events: [ProgressEvent], warnings: [String]) {
        let data: Data
        switch ProgressLog.readFile(path) {
        case .missing: return ([], [])
        case .failed(let reason): return ([], ["cannot read \(path): \(reason); progress starts empty this time"])
        case .data(let contents): data = contents
        }
        let parsed = ProgressLog.parse(data)
        guard let damage = parsed.damage else { return (parsed.events, parsed.warnings.map { "\(path): \($0)" }) }
        do throws(ProgressLogError) {
            guard let fd = try openLocked(create: false) else { return ([], []) }
            defer { close(fd) }
            return try repairLocked(fd)
        } catch {
            return (
                parsed.events,
                parsed.warnings.map { "\(path): \($0)" } + [
                    "\(path) \(damage); could not set it aside (\(error.message)); using its \(parsed.events.count) readable events this time"
                ]
            )
        }
    }

    // MARK: Export, import, reset

    /// Writes the log's events, as a clean log, to `destination` (a temporary file renamed
    /// into place). Returns how many events were written.
    @discardableResult
    public func export(to destination: String) throws(ProgressLogError) -> Int {
        let events = load().events
        try ProgressLog.writeLog(events, to: destination)
        return events.count
    }

    /// Merges the events of another progress log (an export from another machine) into this
    /// one, in time order. Events already present are not added again (an event present
    /// twice in each file stays twice), so importing the same file twice adds nothing.
    /// Returns the number of events added. A file that is not a readable progress log is an
    /// error and changes nothing.
    @discardableResult
    public func importFile(_ source: String) throws(ProgressLogError) -> Int {
        let data: Data
        switch ProgressLog.readFile(source) {
        case .missing: throw ProgressLogError("cannot read \(source): no such file")
        case .failed(let reason): throw ProgressLogError("cannot read \(source): \(reason)")
        case .data(let contents): data = contents
        }
        let incoming = ProgressLog.parse(data)
        if let damage = incoming.damage { throw ProgressLogError("\(source) \(damage); nothing imported") }
        guard incoming.hasHeader else {
            throw ProgressLogError(
                "\(source) is not an sglab progress log (its first line is not the sglab-progress header); nothing imported")
        }
        try makeDirectory()
        guard let fd = try openLocked(create: true) else { throw ProgressLogError("cannot open \(path)") }
        defer { close(fd) }
        let current = ProgressLog.parse(try readAll(fd))
        let repairing = current.damage != nil
        if repairing { _ = try setAside("corrupt") }
        var present: [ProgressEvent: Int] = [:]
        for event in current.events { present[event, default: 0] += 1 }
        var added: [ProgressEvent] = []
        for event in incoming.events {
            if let count = present[event], count > 0 {
                present[event] = count - 1
            } else {
                added.append(event)
            }
        }
        guard !added.isEmpty || repairing else { return 0 }
        // Stable by time: equal times keep this log's events first, each file's own order.
        let merged = (current.events + added).enumerated()
            .sorted { $0.element.time != $1.element.time ? $0.element.time < $1.element.time : $0.offset < $1.offset }
            .map(\.element)
        try ProgressLog.writeLog(merged, to: path)
        return added.count
    }

    /// Starts an empty log. The old one is kept as `progress.log.reset-N`, whose path is
    /// returned (nil when there was nothing to keep).
    @discardableResult
    public func reset() throws(ProgressLogError) -> String? {
        guard let fd = try openLocked(create: false) else { return nil }
        defer { close(fd) }
        guard try fileSize(fd) > 0 else { return nil }
        let aside = try setAside("reset")
        try ProgressLog.writeLog([], to: path)
        return aside
    }

    // MARK: Parsing (pure)

    enum HeaderStatus: Equatable {
        case valid, newer(Int), foreign
    }

    struct Parsed {
        var events: [ProgressEvent] = []
        /// Tolerated problems (a cut-short last line), without the file name.
        var warnings: [String] = []
        /// Why the file must be set aside ("has no header line"…), to follow the file name.
        var damage: String?
        var hasHeader = false
    }

    private struct Header: Decodable {
        let format: String
        let version: Int
    }

    static func headerStatus(_ line: Data) -> HeaderStatus {
        guard let header = try? JSONDecoder().decode(Header.self, from: line), header.format == format else {
            return .foreign
        }
        if header.version == version { return .valid }
        return header.version > version ? .newer(header.version) : .foreign
    }

    /// An event, or nil for a line that is not one. A time outside 1970…year 36812 (2^40 s) is
    /// not one either: the scheduler adds intervals to times, and no arithmetic input drives
    /// may trap.
    static func decodeEvent(_ line: Data, decoder: JSONDecoder = JSONDecoder()) -> ProgressEvent? {
        guard let event = try? decoder.decode(ProgressEvent.self, from: line), (0...(1 << 40)).contains(event.time) else {
            return nil
        }
        return event
    }

    static func isBlank(_ line: Data) -> Bool {
        line.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
    }

    static func encode(_ event: ProgressEvent) throws(ProgressLogError) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            return try encoder.encode(event)
        } catch {
            throw ProgressLogError("cannot encode a progress event: \(error)")
        }
    }

    static let cutShort = "the last line was cut short (sglab stopped while writing it); that one event is lost"

    /// Reads a log's bytes: the header, then events; see `load()` for what counts as damage.
    static func parse(_ data: Data) -> Parsed {
        var result = Parsed()
        let bytes = [UInt8](data)
        guard !bytes.isEmpty else { return result }
        // Lines with their 1-based numbers; the last one is unterminated if the file does
        // not end with a newline.
        var lines: [(number: Int, text: Data, terminated: Bool)] = []
        var start = 0
        for index in bytes.indices where bytes[index] == 0x0A {
            lines.append((lines.count + 1, Data(bytes[start..<index]), true))
            start = index + 1
        }
        if start < bytes.count { lines.append((lines.count + 1, Data(bytes[start...]), false)) }

        let decoder = JSONDecoder()
        let first = lines[0]
        var body = lines.dropFirst()
        switch headerStatus(first.text) {
        case .valid:
            result.hasHeader = true
            if !first.terminated { return result }  // a header with no event yet
        case .newer(let version):
            result.damage = "was written by a newer sglab (progress log version \(version))"
            return result
        case .foreign:
            if !first.terminated, Data(header.utf8).starts(with: first.text) {
                // The very first write was cut short inside the header.
                result.warnings.append(cutShort)
                return result
            }
            guard decodeEvent(first.text, decoder: decoder) != nil else {
                result.damage = "is not an sglab progress log"
                return result
            }
            result.damage = "has no header line"
            body = lines[...]
        }
        let lastNumber = lines.count
        for line in body {
            if line.terminated, isBlank(line.text) { continue }
            if let event = decodeEvent(line.text, decoder: decoder) {
                result.events.append(event)
            } else if line.number == lastNumber {
                result.warnings.append(line.terminated ? "the last line is unreadable; it is ignored" : cutShort)
            } else if result.damage == nil {
                // One bad line sets the file aside, but every readable event is kept, those after
                // it included.
                result.damage = "line \(line.number) is not a progress event"
            }
        }
        return result
    }

    // MARK: Files (POSIX: exact control over append, fsync, locks and permissions)

    private static let newlineByte: UInt8 = 0x0A
    private var newline: UInt8 { ProgressLog.newlineByte }

    enum ReadResult {
        case missing, failed(String), data(Data)
    }

    static func readFile(_ path: String) -> ReadResult {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return errno == ENOENT ? .missing : .failed(ProgressLog.errorText()) }
        defer { close(fd) }
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = buffer.withUnsafeMutableBytes { systemRead(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return .failed(ProgressLog.errorText())
            }
            if count == 0 { return .data(data) }
            data.append(contentsOf: buffer[0..<count])
        }
    }

    static func errorText(_ code: Int32 = errno) -> String { String(cString: strerror(code)) }

    private func failure(_ what: String, _ target: String? = nil) -> ProgressLogError {
        ProgressLogError("\(what) \(target ?? path): \(ProgressLog.errorText())")
    }

    private func makeDirectory() throws(ProgressLogError) {
        do {
            try FileManager.default.createDirectory(
                atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw ProgressLogError("cannot create \(directory): \(error.localizedDescription)")
        }
    }

    /// Opens the log for reading and appending under an exclusive lock. If another process
    /// replaced the file while this one waited for the lock, the new file is opened instead.
    /// nil when the file does not exist and `create` is false.
    private func openLocked(create: Bool) throws(ProgressLogError) -> Int32? {
        for _ in 0..<16 {
            let flags = O_RDWR | O_APPEND | O_CLOEXEC | (create ? O_CREAT : 0)
            let fd = open(path, flags, mode_t(0o600))
            guard fd >= 0 else {
                if !create, errno == ENOENT { return nil }
                throw failure("cannot open")
            }
            while flock(fd, LOCK_EX) != 0 {
                if errno != EINTR {
                    let error = failure("cannot lock")
                    close(fd)
                    throw error
                }
            }
            var opened = stat()
            var current = stat()
            if fstat(fd, &opened) == 0, stat(path, &current) == 0, opened.st_ino == current.st_ino,
                opened.st_dev == current.st_dev
            {
                return fd
            }
            close(fd)
        }
        throw ProgressLogError("cannot open \(path): another process keeps replacing it")
    }

    /// With the lock held: sets a damaged log aside and writes every readable event to a fresh
    /// log.
    private func repairLocked(_ fd: Int32) throws(ProgressLogError) -> (events: [ProgressEvent], warnings: [String]) {
        let parsed = ProgressLog.parse(try readAll(fd))
        var warnings = parsed.warnings.map { "\(path): \($0)" }
        guard let damage = parsed.damage else { return (parsed.events, warnings) }
        let aside = try setAside("corrupt")
        try ProgressLog.writeLog(parsed.events, to: path)
        let kept =
            parsed.events.isEmpty
            ? "started a new, empty log"
            : "kept its \(parsed.events.count) readable event\(parsed.events.count == 1 ? "" : "s")"
        warnings.append("\(path) \(damage): set it aside as \(aside) and \(kept)")
        return (parsed.events, warnings)
    }

    /// Keeps the current log as `progress.log.KIND-N` (the first free N) and returns that
    /// path. A hard link never overwrites; where links are not supported, a rename to a
    /// name checked to be free does the same.
    private func setAside(_ kind: String) throws(ProgressLogError) -> String {
        for n in 1...10_000 {
            let target = "\(path).\(kind)-\(n)"
            if link(path, target) == 0 {
                // A progress log is private, its set-aside copy too.
                chmod(target, 0o600)
                syncDirectory(directory)
                return target
            }
            if errno == EEXIST { continue }
            if access(target, F_OK) == 0 { continue }
            guard rename(path, target) == 0 else { throw failure("cannot set aside") }
            chmod(target, 0o600)
            syncDirectory(directory)
            return target
        }
        throw ProgressLogError("cannot set aside \(path): too many copies already")
    }

    /// A complete log (header and events) written atomically: temporary file, fsync, rename.
    static func writeLog(_ events: [ProgressEvent], to destination: String) throws(ProgressLogError) {
        var data = Data((header + "\n").utf8)
        for event in events {
            data.append(try encode(event))
            data.append(newlineByte)
        }
        try writeAtomically(data, to: destination)
    }

    static func writeAtomically(_ data: Data, to destination: String) throws(ProgressLogError) {
        let folder = (destination as NSString).deletingLastPathComponent
        let directory = folder.isEmpty ? "." : folder
        var template = Array((directory + "/.sglab-progress-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }  // mode 0600
        guard fd >= 0 else { throw ProgressLogError("cannot write \(destination): \(errorText())") }
        let temporary = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        do throws(ProgressLogError) {
            defer { close(fd) }
            try writeAll(fd, data, name: destination)
            guard fsync(fd) == 0 else { throw ProgressLogError("cannot write \(destination): \(errorText())") }
            guard rename(temporary, destination) == 0 else {
                throw ProgressLogError("cannot write \(destination): \(errorText())")
            }
        } catch {
            unlink(temporary)
            throw error
        }
        syncDirectory(directory)
    }

    static func writeAll(_ fd: Int32, _ data: Data, name: String) throws(ProgressLogError) {
        let bytes = [UInt8](data)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + offset, bytes.count - offset) }
            if written < 0 {
                if errno == EINTR { continue }
                throw ProgressLogError("cannot write \(name): \(errorText())")
            }
            offset += written
        }
    }

    private func writeAll(_ fd: Int32, _ data: Data) throws(ProgressLogError) {
        try ProgressLog.writeAll(fd, data, name: path)
    }

    private func syncDirectory(_ directory: String) { ProgressLog.syncDirectory(directory) }

    /// Makes a new or renamed directory entry durable.
    static func syncDirectory(_ directory: String) {
        let fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        close(fd)
    }

    private func fileSize(_ fd: Int32) throws(ProgressLogError) -> Int {
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw failure("cannot read") }
        return Int(info.st_size)
    }

    private func truncate(_ fd: Int32, to size: Int) throws(ProgressLogError) {
        guard ftruncate(fd, off_t(size)) == 0 else { throw failure("cannot repair") }
    }

    private func read(_ fd: Int32, from offset: Int, count: Int) throws(ProgressLogError) -> Data {
        var buffer = [UInt8](repeating: 0, count: count)
        var done = 0
        while done < count {
            let got = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + done, count - done, off_t(offset + done)) }
            if got < 0 {
                if errno == EINTR { continue }
                throw failure("cannot read")
            }
            if got == 0 { break }
            done += got
        }
        return Data(buffer[0..<done])
    }

    private func readAll(_ fd: Int32) throws(ProgressLogError) -> Data {
        try read(fd, from: 0, count: try fileSize(fd))
    }

    private func byte(_ fd: Int32, at offset: Int) throws(ProgressLogError) -> UInt8? {
        try read(fd, from: offset, count: 1).first
    }

    /// The offset just after the last newline before `end` (0 if there is none): where the
    /// line containing byte `end - 1` starts.
    private func lineStart(_ fd: Int32, before end: Int) throws(ProgressLogError) -> Int {
        var chunkEnd = end
        while chunkEnd > 0 {
            let chunkStart = max(0, chunkEnd - 4096)
            let chunk = try read(fd, from: chunkStart, count: chunkEnd - chunkStart)
            if let index = chunk.lastIndex(of: newline) { return chunkStart + (index - chunk.startIndex) + 1 }
            chunkEnd = chunkStart
        }
        return 0
    }

    /// The first line (without its newline), read from at most the first 4 KiB, and whether
    /// a newline ended it.
    private func firstLine(_ fd: Int32) throws(ProgressLogError) -> (line: Data, terminated: Bool) {
        let head = try read(fd, from: 0, count: 4096)
        guard let end = head.firstIndex(of: newline) else { return (head, false) }
        return (head[head.startIndex..<end], true)
    }
}

/// POSIX `read`, named apart from `ProgressLog`'s own `read(_:from:count:)`.
private func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    read(fd, buffer, count)
}
