extension IPAddress {
    /// Whether a host on the internet can send from this address: not private or shared space,
    /// and none of the special blocks an internet gateway drops as a source (decision 14).
    public var isInternetSource: Bool { !IPAddress.nonInternetSources.contains { $0.contains(self) } }

    /// The blocks no internet host sends from (those of `isPrivateOrShared` and
    /// `specialSourceKind`), for skipping whole blocks at once.
    public static let nonInternetSources: [CIDR] =
        CIDR.rfc1918 + [CIDR.rfc6598, CIDR.linkLocal, CIDR("224.0.0.0/4"), CIDR("127.0.0.0/8"), CIDR("0.0.0.0/8"), CIDR("255.255.255.255/32")]
}

extension CIDR {
    /// The fewest CIDR blocks that cover exactly `first` through `last` (for printing ranges).
    public static func blocks(from first: IPAddress, through last: IPAddress) -> [CIDR] {
        var blocks: [CIDR] = []
        var start = UInt64(first.value)
        let end = UInt64(last.value)
        while start <= end {
            // The largest aligned block that starts here and stays within the range.
            var length = 32
            while length > 0 {
                let size = UInt64(1) << UInt64(32 - (length - 1))
                guard start % size == 0, start + size - 1 <= end else { break }
                length -= 1
            }
            blocks.append(CIDR(IPAddress(UInt32(start)), prefixLength: length))
            start += UInt64(1) << UInt64(32 - length)
        }
        return blocks
    }
}
