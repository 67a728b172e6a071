import DequeModule
import HashTreeCollections

/// What a session remembers of itself (history, flow-log records, trail events): the most recent
/// `capacity` entries, and a count of the older ones it let go. A script of a million packets
/// runs in bounded memory, and a view of the log says what it no longer holds.
public struct BoundedLog<Element: Sendable>: Sendable {
    public let capacity: Int
    /// Entries dropped to stay within `capacity`, oldest first.
    public private(set) var dropped = 0
    private var storage: Deque<Element> = []

    public init(capacity: Int) {
        precondition(capacity > 0)
        self.capacity = capacity
    }

    public var entries: [Element] { Array(storage) }
    public var count: Int { storage.count }
    public var isEmpty: Bool { storage.isEmpty }

    public mutating func append(_ element: Element) {
        if storage.count == capacity {
            storage.removeFirst()
            dropped += 1
        }
        storage.append(element)
    }

    public mutating func append(contentsOf elements: some Sequence<Element>) {
        for element in elements { append(element) }
    }

    /// The most recent entries, oldest first.
    public func suffix(_ n: Int) -> [Element] { Array(storage.suffix(n)) }
}

/// The lines that changed the world, for `record`, kept with each undo step. It is persistent:
/// copying it for the undo stack costs nothing, and appending to a copy shares all earlier
/// lines, so a session of any length pays O(log n) per change, not a copy of every line.
struct ChangeList: Sendable, Hashable {
    static let capacity = 100_000

    private var lines: TreeDictionary<Int, String> = [:]
    private var start = 0
    private var end = 0

    init() {}

    init(_ lines: [String]) {
        for line in lines { append(line) }
    }

    var count: Int { end - start }
    /// Lines before the first kept one were dropped to stay within `capacity`.
    var isTruncated: Bool { start > 0 }
    var all: [String] { (start..<end).compactMap { lines[$0] } }

    mutating func append(_ line: String) {
        lines[end] = line
        end += 1
        if count > ChangeList.capacity {
            lines[start] = nil
            start += 1
        }
    }
}
