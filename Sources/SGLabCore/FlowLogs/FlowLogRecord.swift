/// One VPC Flow Log record in AWS's default version-2 format ("Logging IP traffic using VPC
/// Flow Logs" › "Flow log records"): `version account-id interface-id srcaddr dstaddr srcport
/// dstport protocol packets bytes start end action log-status`.
public struct FlowLogRecord: Hashable, Sendable, CustomStringConvertible {
    public enum Action: String, Hashable, Sendable { case accept = "ACCEPT", reject = "REJECT" }

    /// The account sglab pretends to be.
    public static let accountID = "123456789012"

    public let interfaceID: NetworkInterface.ID
    public let direction: Direction
    public let source: IPAddress
    public let destination: IPAddress
    public let sourcePort: UInt16
    public let destinationPort: UInt16
    public let protocolNumber: UInt8
    public let packets: Int
    public let bytes: Int
    public let action: Action
    /// Seconds since the epoch; set by whoever keeps the clock (the core never reads one).
    public var start: Int = 0
    public var end: Int = 0

    /// Flow logs carry the IANA protocol number and, for ICMP, ports 0 ("Flow log record
    /// examples").
    public var description: String {
        "2 \(FlowLogRecord.accountID) \(interfaceID) \(source) \(destination) \(sourcePort) \(destinationPort) \(protocolNumber) \(packets) \(bytes) \(start) \(end) \(action.rawValue) OK"
    }
}

extension Walk {
    /// Logs what crossed an interface, unless an earlier check had already dropped the packet
    /// (then it never got here). `since` is where this interface's own checks begin.
    mutating func log(_ interfaceID: NetworkInterface.ID, _ direction: Direction, _ h: Header, since mark: Int) {
        if hops[..<min(mark, hops.count)].contains(where: { $0.status == .failed }) { return }
        let rejected = hops[min(mark, hops.count)...].contains { $0.status == .failed }
        let number = h.ipProtocol.number ?? 0
        flowLog.append(
            FlowLogRecord(
                interfaceID: interfaceID, direction: direction, source: h.source, destination: h.destination,
                sourcePort: h.ipProtocol.hasPorts ? h.sourcePorts.from : 0,
                destinationPort: h.ipProtocol.hasPorts ? h.destinationPorts.from : 0, protocolNumber: number,
                packets: 1, bytes: h.ipProtocol == .icmp ? 84 : 60, action: rejected ? .reject : .accept))
    }
}
