/// An AWS resource ID that knows what it identifies: a `Subnet.ID` cannot be passed where a
/// `VPC.ID` is expected, so the compiler, not a crash, catches a mix-up.
///
/// The IDs sglab makes (and AWS's current ones) are a prefix and 17 hex digits; those are kept
/// as numbers, so tables keyed by ID hash two integers and copy no reference-counted text.
/// Any other spelling (an imported ID of an older or foreign shape) is kept as its text. Either
/// way an ID reads and prints exactly as it was written.
public struct ID<Kind>: Hashable, Comparable, Sendable, CustomStringConvertible, Codable {
    let storage: IDStorage

    /// The ID spelled `text`. Nothing checks that such a resource exists.
    public init(_ text: String) { storage = IDStorage(text) }

    init(storage: IDStorage) { self.storage = storage }

    /// The same ID seen as another kind: only where one AWS ID names two things at once (an
    /// instance's primary interface answers for the instance).
    func retyped<Other>(as _: Other.Type = Other.self) -> ID<Other> { ID<Other>(storage: storage) }

    public var description: String { storage.text }
    public var rawValue: String { storage.text }

    public static func < (a: ID, b: ID) -> Bool { a.storage.text < b.storage.text }

    public init(from decoder: any Decoder) throws {
        self.init(try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// The prefixes of the IDs sglab generates, in a fixed order (the index is stored).
let generatedIDPrefixes = [
    "vpc-", "subnet-", "rtb-", "acl-", "sg-", "sgr-", "eni-", "i-", "db-", "function-", "cache-", "igw-", "nat-",
    "eipalloc-", "pl-", "pcx-", "tgw-", "tgw-attach-", "tgw-rtb-", "vpce-", "eigw-", "elb-", "tg-", "eipassoc-",
    "rtbassoc-", "aclassoc-",
]

enum IDStorage: Hashable, Sendable {
    /// `generatedIDPrefixes[prefix]`, then the first hex digit, then sixteen more.
    case generated(prefix: UInt8, high: UInt8, low: UInt64)
    case text(String)

    init(_ text: String) {
        let bytes = text.utf8
        if bytes.count >= 19, let dash = bytes.lastIndex(of: UInt8(ascii: "-")),
            bytes.distance(from: dash, to: bytes.endIndex) == 18
        {
            let prefixEnd = bytes.index(after: dash)
            let prefix = text[..<prefixEnd]
            if let index = generatedIDPrefixes.firstIndex(where: { $0 == prefix }) {
                var digits: [UInt8] = []
                digits.reserveCapacity(17)
                for byte in bytes[prefixEnd...] {
                    switch byte {
                    case UInt8(ascii: "0")...UInt8(ascii: "9"): digits.append(byte - UInt8(ascii: "0"))
                    case UInt8(ascii: "a")...UInt8(ascii: "f"): digits.append(byte - UInt8(ascii: "a") + 10)
                    default: break
                    }
                }
                if digits.count == 17 {
                    let low = digits[1...].reduce(UInt64(0)) { $0 << 4 | UInt64($1) }
                    self = .generated(prefix: UInt8(index), high: digits[0], low: low)
                    return
                }
            }
        }
        self = .text(text)
    }

    /// `vpc-`, `eni-`…: what kind of ID it is (up to and with the last dash before the digits;
    /// for a text ID, up to and with its first dash).
    var prefix: Substring {
        switch self {
        case .generated(let prefix, _, _): return Substring(generatedIDPrefixes[Int(prefix)])
        case .text(let text):
            guard let dash = text.firstIndex(of: "-") else { return Substring(text) }
            return text[...dash]
        }
    }

    var text: String {
        switch self {
        case .text(let text): return text
        case .generated(let prefix, let high, let low):
            let hex = Array("0123456789abcdef".utf8)
            var digits = [UInt8](repeating: 0, count: 17)
            digits[0] = hex[Int(high)]
            var rest = low
            for i in stride(from: 16, through: 1, by: -1) {
                digits[i] = hex[Int(rest & 0xf)]
                rest >>= 4
            }
            return generatedIDPrefixes[Int(prefix)] + String(decoding: digits, as: UTF8.self)
        }
    }
}

/// An ID of any kind, where one place holds several kinds (the resource of a trace's hop).
public struct AnyID: Hashable, Sendable, CustomStringConvertible {
    let storage: IDStorage

    public init<Kind>(_ id: ID<Kind>) { storage = id.storage }
    init(storage: IDStorage) { self.storage = storage }

    /// The same ID as a known kind.
    func typed<Kind>(as _: Kind.Type = Kind.self) -> ID<Kind> { ID(storage: storage) }

    public var description: String { storage.text }
}

/// Anything that can stand for an ID of some kind: every `ID<Kind>`.
public protocol AnyIdentifier: Sendable {
    var erased: AnyID { get }
}

extension ID: AnyIdentifier {
    public var erased: AnyID { AnyID(self) }
}
