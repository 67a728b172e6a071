/// A small seedable generator (Steele, Lea and Flood's SplitMix64): the same seed always gives the
/// same stream, on every platform, so generated questions can be reproduced from their seed. The
/// helpers below draw from it directly and never use the standard library's random algorithms,
/// whose details may change between Swift releases. The one seedable generator of sglab: IDs,
/// generated questions, seeded quizzes and tests all draw from it.
public struct SplitMix64: RandomNumberGenerator, Hashable, Sendable, Codable {
    public private(set) var state: UInt64

    public init(seed: UInt64) { state = seed }

    /// Saved as its bare state (a saved world's `ids`).
    public init(from decoder: any Decoder) throws {
        state = try decoder.singleValueContainer().decode(UInt64.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(state)
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `range`, uniform up to a negligible bias (rejection keeps it exact).
    public mutating func int(_ range: ClosedRange<Int>) -> Int {
        let width = UInt64(range.upperBound - range.lowerBound) &+ 1
        if width == 0 { return Int(truncatingIfNeeded: next()) }
        let limit = UInt64.max - UInt64.max % width
        var x = next()
        while x >= limit { x = next() }
        return range.lowerBound + Int(x % width)
    }

    /// True with probability `percent`/100.
    public mutating func chance(_ percent: Int) -> Bool { int(0...99) < percent }

    public mutating func pick<T>(_ items: [T]) -> T {
        precondition(!items.isEmpty, "pick from an empty list")
        return items[int(0...(items.count - 1))]
    }

    /// Fisher–Yates with this generator.
    public mutating func shuffled<T>(_ items: [T]) -> [T] {
        var a = items
        guard a.count > 1 else { return a }
        for i in stride(from: a.count - 1, to: 0, by: -1) {
            let j = int(0...i)
            a.swapAt(i, j)
        }
        return a
    }

    /// `count` distinct items, in random order.
    public mutating func sample<T>(_ items: [T], _ count: Int) -> [T] { Array(shuffled(items).prefix(count)) }
}

