import SGLabCore
import Testing

@testable import SGLabLanguage

/// A session remembers a bounded amount of itself, and undo keeps working at any length.
@Suite("Session logs")
struct SessionLogTests {
    @Test("a bounded log keeps the most recent entries and counts the ones it let go")
    func boundedLog() {
        var log = BoundedLog<Int>(capacity: 3)
        log.append(contentsOf: 1...5)
        #expect(log.entries == [3, 4, 5])
        #expect(log.dropped == 2)
        #expect(log.suffix(2) == [4, 5])
    }

    @Test("history, flow logs and trail keep their most recent entries and count the dropped ones")
    func droppedCounts() throws {
        var session = Session(logCapacity: 4)
        for line in ["vpc create lab 10.0.0.0/16", "subnet create s in lab 10.0.1.0/24", "igw create gw in lab",
                     "sg create web in lab", "sg allow web in https from 0.0.0.0/0", "launch ec2 web in s sg web", "launch ec2 app in s sg web"] {
            _ = try session.execute(line)
        }
        for _ in 0..<3 { _ = try session.execute("packet tcp from app to web:443") }
        guard case .history(let lines, let dropped)? = try session.execute("history") else {
            Issue.record("history did not answer with its lines")
            return
        }
        #expect(lines.count == 4 && lines.last == "history")
        #expect(dropped == 7)
        guard case .trail(let events, let droppedEvents)? = try session.execute("trail") else { return }
        #expect(events.count == 4 && droppedEvents > 0)
        #expect(session.flowLogRecords.count <= 4)
        #expect(session.flowLogRecords.dropped > 0)
    }

    @Test("the change list shares its lines with every undo step and survives a million changes")
    func changeList() {
        var list = ChangeList()
        for i in 0..<1_000 { list.append("line \(i)") }
        let snapshot = list
        list.append("after")
        #expect(snapshot.all.count == 1_000 && list.all.last == "after")
        #expect(!list.isTruncated)
        // Past twice the capacity the oldest lines go (memory stays bounded), and a long chain is
        // released without recursing once per node.
        var long = ChangeList()
        for i in 0..<(2 * ChangeList.capacity + 10) { long.append("\(i)") }
        #expect(long.isTruncated)
        #expect(long.all.count <= 2 * ChangeList.capacity)
        #expect(long.all.last == "\(2 * ChangeList.capacity + 9)")
        long = ChangeList()
        #expect(long.all.isEmpty)
    }

    @Test("undo and redo walk back and forth through 300 changes, 200 deep, in a large world")
    func deepUndo() throws {
        var session = Session()
        _ = try session.execute("vpc create lab 10.0.0.0/16")
        _ = try session.execute("subnet create s in lab 10.0.0.0/20")
        _ = try session.execute("sg create web in lab")
        for i in 0..<300 { _ = try session.execute("launch ec2 i\(i) in s sg web") }
        for _ in 0..<200 { _ = try session.execute("undo") }
        #expect(session.world.resources.count == 100)
        #expect(throws: LanguageError.self) { try session.execute("undo") }
        for _ in 0..<200 { _ = try session.execute("redo") }
        #expect(session.world.resources.count == 300)
        #expect(session.changes.count == 303)
    }
}
