import DequeModule

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

/// The lines that changed the world, for `record`, kept with each undo step. It is a
/// persistent list: the undo stack's copies share every earlier line, and appending is O(1)
/// and touches only the newest node (a hashed table would touch a random, cold path).
struct ChangeList: Sendable {
    static let capacity = 100_000

    private final class Node: @unchecked Sendable {
        let line: String
        /// Only `deinit` changes it (to unlink a chain without recursing).
        var previous: Node?
        init(_ line: String, _ previous: Node?) {
            self.line = line
            self.previous = previous
        }

        // A long chain released at once must not recurse once per node: unlink the nodes
        // nobody else holds, one by one.
        deinit {
            var next = previous
            previous = nil
            while isKnownUniquelyReferenced(&next) {
                let node = next!
                next = node.previous
                node.previous = nil
            }
        }
    }

    private var newest: Node?
    /// Lines kept: between `capacity` and twice that once the list is long; older ones are cut off.
    private(set) var count = 0
    /// Lines made before the oldest one kept.
    private var dropped = 0

    init() {}

    init(_ lines: [String]) {
        for line in lines { append(line) }
    }

    /// Lines before the first kept one were dropped to stay within `capacity`.
    var isTruncated: Bool { dropped > 0 }

    var all: [String] {
        var lines: [String] = []
        lines.reserveCapacity(count)
        var node = newest
        while let current = node, lines.count < count {
            lines.append(current.line)
            node = current.previous
        }
        return lines.reversed()
    }

    mutating func append(_ line: String) {
        newest = Node(line, newest)
        count += 1
        if count >= 2 * ChangeList.capacity {
            // Keep memory bounded: rebuild from the newest `capacity` lines (amortised O(1)).
            let kept = Array(all.suffix(ChangeList.capacity))
            dropped += count - kept.count
            newest = nil
            count = 0
            for line in kept {
                newest = Node(line, newest)
                count += 1
            }
        }
    }
}
