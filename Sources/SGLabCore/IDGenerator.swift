/// Deterministic AWS-style IDs: the prefix and 17 lowercase hex digits, drawn from SplitMix64 so
/// the same script always prints the same IDs.
struct IDGenerator: Hashable, Sendable, Codable {
    private var state: SplitMix64

    init(seed: UInt64) { state = SplitMix64(seed: seed) }

    mutating func make(_ prefix: String) -> String {
        let high = state.next() & 0xf
        let low = state.next()
        let lowHex = String(low, radix: 16)
        return prefix + String(high, radix: 16) + String(repeating: "0", count: 16 - lowHex.count) + lowHex
    }
}
