#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What the process does when something outside it ends it: a crash prints one line and exits
/// (no register dump, no 30-second wait for a key on a terminal), a file that outgrows
/// `ulimit -f` ends the run with a message, and a temporary file being written is removed
/// first in every case, so a killed `save` leaves nothing half-written behind.
public enum ProcessGuards {
    /// The temporary file being written, as a C string, or an empty string: read by the signal
    /// handlers, which may only call async-signal-safe functions.
    nonisolated(unsafe) static let pendingTemporary: UnsafeMutablePointer<CChar> = {
        let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(PATH_MAX) + 1)
        buffer.initialize(repeating: 0, count: Int(PATH_MAX) + 1)
        return buffer
    }()

    static let crashSignals: [Int32] = [SIGILL, SIGTRAP, SIGSEGV, SIGBUS, SIGFPE, SIGABRT]

    /// Installs the handlers; called once at start-up. Replaces the Swift runtime's backtracer,
    /// which would otherwise print registers and, on a terminal, wait for a key.
    public static func install() {
        _ = pendingTemporary
        // A process started from a thread that blocks signals (a test runner's, say) inherits
        // the mask: a blocked SIGXFSZ would never arrive.
        var unblock = sigset_t()
        sigemptyset(&unblock)
        for signal in crashSignals + [SIGXFSZ, SIGHUP, SIGTERM] { sigaddset(&unblock, signal) }
        pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
        for signal in crashSignals { handle(signal, with: crashed) }
        handle(SIGXFSZ, with: fileTooLarge)
        handle(SIGHUP, with: hungUp)
        handle(SIGTERM, with: hungUp)
        handle(SIGINT, with: hungUp)
    }

    private static func handle(_ signal: Int32, with handler: @convention(c) (Int32) -> Void) {
        var action = sigaction()
        sigemptyset(&action.sa_mask)
        action.sa_flags = Int32(bitPattern: UInt32(SA_RESETHAND))
        #if canImport(Glibc)
            action.__sigaction_handler.sa_handler = handler
        #else
            action.__sigaction_u.__sa_handler = handler
        #endif
        sigaction(signal, &action, nil)
    }

    /// Marks `path` as the temporary file to remove if the process is ended while writing it.
    static func writing(_ path: String) {
        var bytes = Array(path.utf8CString.prefix(Int(PATH_MAX)))
        bytes.append(0)
        pendingTemporary[0] = 0
        for (i, byte) in bytes.enumerated().dropFirst() { pendingTemporary[i] = byte }
        pendingTemporary[0] = bytes[0]
    }

    /// The temporary file is renamed into place or removed: nothing to clean up any more.
    static func doneWriting() { pendingTemporary[0] = 0 }

    /// Async-signal-safe: `unlink`, `write` and `_exit` only.
    private static func removeTemporary() {
        if pendingTemporary[0] != 0 { unlink(pendingTemporary) }
    }

    private static func say(_ text: StaticString) {
        _ = write(STDERR_FILENO, text.utf8Start, text.utf8CodeUnitCount)
    }
}

private let crashed: @convention(c) (Int32) -> Void = { signal in
    ProcessGuards.removeTemporaryForSignal()
    ProcessGuards.sayForSignal("sglab: internal error: sglab stopped on a fault it should have caught; please report it with the command or file that caused it\n")
    _exit(128 + signal)
}

private let fileTooLarge: @convention(c) (Int32) -> Void = { signal in
    ProcessGuards.removeTemporaryForSignal()
    ProcessGuards.sayForSignal("sglab: a file grew past the file size limit (ulimit -f); stopped, and nothing was left half-written\n")
    _exit(128 + signal)
}

private let hungUp: @convention(c) (Int32) -> Void = { signal in
    ProcessGuards.removeTemporaryForSignal()
    _exit(128 + signal)
}

extension ProcessGuards {
    fileprivate static func removeTemporaryForSignal() { removeTemporary() }
    fileprivate static func sayForSignal(_ text: StaticString) { say(text) }
}
