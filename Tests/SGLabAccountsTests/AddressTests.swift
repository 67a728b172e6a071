import Testing

@testable import SGLabCore

@Suite struct InternetAddressTests {
    /// The blocks exposure skips are exactly the addresses the evaluator refuses as internet
    /// senders: private or shared space and the special blocks.
    @Test func theSkippedBlocksAgreeWithTheEvaluator() {
        var samples: [IPAddress] = []
        for block in IPAddress.nonInternetSources {
            samples += [block.first, block.last, block.first.advanced(by: -1), block.last.value == UInt32.max ? block.last : block.last.advanced(by: 1)]
        }
        var random = SplitMix64(seed: 13)
        for _ in 0..<20_000 { samples.append(IPAddress(UInt32(truncatingIfNeeded: random.next()))) }
        for a in samples {
            #expect(a.isInternetSource == (!a.isPrivateOrShared && a.specialSourceKind == nil), "\(a)")
        }
    }

    @Test func rangesBecomeTheFewestBlocks() {
        #expect(CIDR.blocks(from: IPAddress(0), through: IPAddress(UInt32.max)) == [CIDR.anywhere])
        #expect(CIDR.blocks(from: IPAddress(10, 0, 0, 1), through: IPAddress(10, 0, 0, 6)).map(\.description)
            == ["10.0.0.1/32", "10.0.0.2/31", "10.0.0.4/31", "10.0.0.6/32"])
        #expect(CIDR.blocks(from: IPAddress(1, 0, 0, 0), through: IPAddress(9, 255, 255, 255)).map(\.description)
            == ["1.0.0.0/8", "2.0.0.0/7", "4.0.0.0/6"] + ["8.0.0.0/7"])
    }
}
