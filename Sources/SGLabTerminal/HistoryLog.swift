import SGLabCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The history file, shared by every lab session of one user: each line typed is appended
/// under an exclusive `flock` (as the progress log does), so two sessions at once both keep
/// theirs; no session rewrites the file with its own view of it. A symbolic link at the path is
/// never followed, nor anything but a regular file written. A write the disk cannot take whole
/// is cut back off, so the file never ends in half an entry, and the caller is told.
///
/// The format is libedit's (`_HiStOrY_V2_`, then one entry a line with spaces, backslashes and
/// control characters written as `\ooo` octal), so files written by earlier versions read
/// back unchanged.
struct HistoryLog {
    static let header = "_HiStOrY_V2_"
    let path: String
    /// Entries kept; the file is compacted to these when it holds twice as many.
    var limit = 1000

    enum Failure: Error, Equatable {
        case notRegular(String)
        case system(String)

        var message: String {
            switch self {
            case .notRegular(let what): return what
            case .system(let what): return what
            }
        }
    }

    /// The entries in the file, oldest first; none when there is no file.
    func load() throws(Failure) -> [String] {
        // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer forever.
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else {
            if errno == ENOENT { return [] }
            throw problem("cannot read")
        }
        defer { close(fd) }
        try requireRegular(fd)
        while flock(fd, LOCK_SH) != 0 && errno == EINTR {}
        let entries = HistoryLog.decode(try readAll(fd))
        guard entries.count > 2 * limit else { return entries }
        // Compaction takes the exclusive lock on its own descriptor: this shared one must go
        // first, or the two would wait for each other.
        _ = flock(fd, LOCK_UN)
        compact()
        return Array(entries.suffix(limit))
    }

    /// Appends one entry.
    func append(_ entry: String) throws(Failure) {
        let line = Array((HistoryLog.encode(entry) + "\n").utf8)
        for _ in 0..<8 {
            let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK, 0o600)
            guard fd >= 0 else { throw problem("cannot write") }
            defer { close(fd) }
            try requireRegular(fd)
            while flock(fd, LOCK_EX) != 0 {
                if errno != EINTR { throw problem("cannot lock") }
            }
            // A compaction may have replaced the file while this one waited for the lock.
            var opened = stat()
            var current = stat()
            guard fstat(fd, &opened) == 0, lstat(path, &current) == 0, opened.st_ino == current.st_ino,
                opened.st_dev == current.st_dev
            else { continue }
            let size = opened.st_size
            let bytes = size == 0 ? Array((HistoryLog.header + "\n").utf8) + line : line
            if let failure = writeAll(fd, bytes) {
                // Never leave half an entry behind: cut back to where this write started.
                _ = ftruncate(fd, size)
                throw .system(
                    "cannot write the history to \(path): \(failure == ENOSPC ? "the disk is full" : String(cString: strerror(failure))); the last entry was not saved"
                )
            }
            return
        }
        throw .system("cannot write the history to \(path): another process keeps replacing it")
    }

    /// Rewrites the file with its newest entries, read again under the exclusive lock so that no
    /// line appended meanwhile is lost (a temporary file renamed into place). Best effort: the
    /// file only grows when it fails.
    private func compact() {
        let fd = open(path, O_RDWR | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { return }
        defer { close(fd) }
        while flock(fd, LOCK_EX) != 0 && errno == EINTR {}
        guard let bytes = try? readAll(fd) else { return }
        let entries = HistoryLog.decode(bytes).suffix(limit)
        var template = Array((path + ".XXXXXX").utf8CString)
        let temporary = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard temporary >= 0 else { return }
        let name = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        ProcessGuards.writing(name)
        defer { ProcessGuards.doneWriting() }
        let text = ([HistoryLog.header] + entries.map(HistoryLog.encode)).joined(separator: "\n") + "\n"
        let failed = writeAll(temporary, Array(text.utf8)) != nil || fsync(temporary) != 0
        close(temporary)
        if failed || rename(name, path) != 0 { unlink(name) }
    }

    private func requireRegular(_ fd: Int32) throws(Failure) {
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw problem("cannot read") }
        guard info.st_mode & S_IFMT == S_IFREG else { throw .notRegular("\(path) is not a regular file") }
    }

    private func problem(_ what: String) -> Failure {
        if errno == ELOOP { return .notRegular("\(path) is a symbolic link, which sglab does not follow") }
        return .system("\(what) \(path): \(String(cString: strerror(errno)))")
    }

    private func readAll(_ fd: Int32) throws(Failure) -> [UInt8] {
        var data: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = buffer.withUnsafeMutableBytes { systemRead(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw problem("cannot read")
            }
            if n == 0 { return data }
            data += buffer[0..<n]
        }
    }

    /// Writes everything; the errno of a failure, or nil.
    private func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Int32? {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { systemWrite(fd, $0.baseAddress! + offset, bytes.count - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                return errno
            }
            if n == 0 { return ENOSPC }
            offset += n
        }
        return nil
    }

    // MARK: Format

    /// An entry as one line: backslash, space and every control byte as `\ooo`; other
    /// characters, non-ASCII ones included, as they are.
    static func encode(_ entry: String) -> String {
        var out: [UInt8] = []
        for byte in entry.utf8 {
            if byte == UInt8(ascii: "\\") || byte <= 0x20 || byte == 0x7F {
                let octal = String(byte, radix: 8)
                out += Array(("\\" + String(repeating: "0", count: 3 - octal.count) + octal).utf8)
            } else {
                out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The entries of a history file's bytes: libedit's escapes (`\ooo`, `\\`, C-style `\n`
    /// `\t` `\s`…) undone; the header and blank lines skipped; any line structure accepted.
    static func decode(_ bytes: [UInt8]) -> [String] {
        var entries: [String] = []
        for line in TextLines.split(String(decoding: bytes, as: UTF8.self)) where !line.isEmpty && line != header {
            let raw = Array(line.utf8)
            var out: [UInt8] = []
            var i = 0
            while i < raw.count {
                let byte = raw[i]
                guard byte == UInt8(ascii: "\\"), i + 1 < raw.count else {
                    out.append(byte)
                    i += 1
                    continue
                }
                let next = raw[i + 1]
                if (UInt8(ascii: "0")...UInt8(ascii: "7")).contains(next) {
                    var value = 0
                    var j = i + 1
                    while j < raw.count, j < i + 4, (UInt8(ascii: "0")...UInt8(ascii: "7")).contains(raw[j]) {
                        value = value * 8 + Int(raw[j] - UInt8(ascii: "0"))
                        j += 1
                    }
                    out.append(UInt8(truncatingIfNeeded: value))
                    i = j
                    continue
                }
                let escapes: [UInt8: UInt8] = [
                    UInt8(ascii: "n"): 0x0A, UInt8(ascii: "t"): 0x09, UInt8(ascii: "r"): 0x0D, UInt8(ascii: "s"): 0x20,
                    UInt8(ascii: "a"): 0x07, UInt8(ascii: "b"): 0x08, UInt8(ascii: "f"): 0x0C, UInt8(ascii: "v"): 0x0B,
                    UInt8(ascii: "E"): 0x1B,
                ]
                out.append(escapes[next] ?? next)
                i += 2
            }
            entries.append(String(decoding: out, as: UTF8.self))
        }
        return entries
    }
}
