/// Deterministic AWS-style IDs: the prefix and 17 lowercase hex digits, drawn from SplitMix64 so
/// the same script always prints the same IDs.
struct IDGenerator: Hashable, Sendable, Codable {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    private mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func make(_ prefix: String) -> String {
        let high = next() & 0xf
        let low = next()
        let lowHex = String(low, radix: 16)
        return prefix + String(high, radix: 16) + String(repeating: "0", count: 16 - lowHex.count) + lowHex
    }
}
