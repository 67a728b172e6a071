/// The kinds of check a packet meets, named as `expect ... at COMPONENT` names them
/// (aws-semantics.md Part 1, decision 10). `note` marks hops that explain without deciding.
public enum Component: String, Hashable, Sendable, CaseIterable {
    case internetGateway = "internet-gateway"
    case routeTable = "route-table"
    case networkACL = "network-acl"
    case securityGroup = "security-group"
    case natGateway = "nat-gateway"
    case destination = "destination"
    /// What sits behind an interface: nothing (a detached ENI), a function that accepts no
    /// inbound connection, an instance that does not forward, port 25 held back
    /// (aws-semantics.md Part 1, decisions 15–17 and 19).
    case resource = "resource"
    /// A load balancer itself: no listener on the port, no registered target, no target in an
    /// enabled zone (aws-semantics.md Part 1, decision 21).
    case loadBalancer = "load-balancer"
    case note = "note"
}

/// The two flows of a packet through a load balancer (decision 21): client → node, then node
/// → target, a new connection.
public enum Flow: String, Hashable, Sendable {
    case front, back
}

public enum Leg: String, Hashable, Sendable {
    case request, response
}

/// One step of a packet's walk: the resource, the rule that decided, pass or fail.
public struct Hop: Hashable, Sendable {
    public enum Status: String, Hashable, Sendable { case passed, failed, info }

    /// A hop's words, built only when someone reads them: rendering is separate from
    /// evaluation, so evaluating a packet does no string work for prose nobody prints.
    struct Text {
        let detail: String
        let view: String
        let translated: String?
        let resourceName: String?
    }

    public let leg: Leg
    /// Which flow of a load-balanced packet the hop belongs to; nil for a direct packet.
    public internal(set) var flow: Flow? = nil
    public let component: Component
    /// Seen from the resource that owns the check (aws-semantics.md decision 10).
    public let direction: Direction?
    let resource: AnyID?
    public var resourceID: String? { resource?.description }
    public let status: Status
    /// The rule that decided: `100`, `*`, an `sgr-` ID, a route `0.0.0.0/0 → igw-…`.
    public let rule: String?
    /// The Reachability Analyzer explanation code AWS would give for a failed check.
    public let code: String?
    let failure: Failure?
    let text: (@Sendable () -> Text)?

    /// One sentence for people.
    public var detail: String { text?().detail ?? "" }
    /// The packet as this hop sees it: `198.51.100.10:49152 → 10.0.1.10:443`.
    public var view: String { text?().view ?? "" }
    /// For a hop that translates addresses or ports, the packet as it leaves.
    public var translated: String? { text?().translated }
    /// The resource's name (for an interface, its resource's), when the trace is explained.
    public var resourceName: String? { text?().resourceName }

    public static func == (a: Hop, b: Hop) -> Bool {
        a.leg == b.leg && a.flow == b.flow && a.component == b.component && a.direction == b.direction && a.resource == b.resource
            && a.status == b.status && a.rule == b.rule && a.code == b.code && a.failure == b.failure
            && a.detail == b.detail && a.view == b.view
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(leg)
        hasher.combine(component)
        hasher.combine(direction)
        hasher.combine(resource)
        hasher.combine(status)
        hasher.combine(rule)
        hasher.combine(code)
    }

    public var passed: Bool { status != .failed }

    /// The same hop with its words built now, once: reading `detail`, `view`, `translated` and
    /// `resourceName` of a lazy hop would build them four times.
    func materialized() -> Hop {
        guard let words = text?() else { return self }
        return Hop(
            leg: leg, flow: flow, component: component, direction: direction, resource: resource, status: status,
            rule: rule, code: code, failure: failure, text: { words })
    }

    /// `network-acl-outbound` style name.
    public var componentName: String {
        guard let direction, component != .destination, component != .note else { return component.rawValue }
        return "\(component.rawValue)-\(direction.rawValue)"
    }
}

/// What a failed check needs for a fix to be suggested.
enum Failure: Hashable, Sendable {
    case securityGroup(interfaceID: NetworkInterface.ID, direction: Direction, traffic: Traffic, remote: IPAddress)
    case networkACL(
        aclID: NetworkACL.ID, direction: Direction, traffic: Traffic, ports: PortRange?, remote: IPAddress, ruleNumber: Int)
    case noRoute(routeTableID: RouteTable.ID, destination: IPAddress, senderID: NetworkInterface.ID)
    case blackhole(routeTableID: RouteTable.ID, route: Route, destination: IPAddress, senderID: NetworkInterface.ID)
    case routeToNATAgain(routeTableID: RouteTable.ID, route: Route, clientShares: Bool)
    case replyNeedsGateway(routeTableID: RouteTable.ID, destination: IPAddress, vpcID: VPC.ID)
    case noOwner(address: IPAddress, subnetID: Subnet.ID)
    case noPublicAddress(interfaceID: NetworkInterface.ID)
    case noInternetGateway(vpcID: VPC.ID)
    case idleInterface(interfaceID: NetworkInterface.ID)
    case port25(resourceID: Resource.ID)
    case sourceDestinationCheck(resourceID: Resource.ID)
    case functionAcceptsNoInbound
    case noListener(loadBalancerID: LoadBalancer.ID, port: UInt16, ipProtocol: IPProtocol)
    case noTargets(targetGroupID: TargetGroup.ID)
    case hairpin(targetGroupID: TargetGroup.ID)
    case nonTransitive(peeringID: PeeringConnection.ID, destination: IPAddress)
    case egressOnly(vpcID: VPC.ID)
    case attachmentZone(attachmentID: TransitGatewayAttachment.ID, zone: String)
    case transitGatewayNoRoute(tableID: TransitGatewayRouteTable.ID, destination: IPAddress)
    case unfixable
}

/// Whether security groups track a flow at one interface, and why ("Security group connection
/// tracking").
public struct Tracking: Hashable, Sendable, Codable {
    public let interfaceID: NetworkInterface.ID
    public let tracked: Bool
    public let reason: String
}

/// A suggested single command that makes the first failing check pass.
public struct Fix: Hashable, Sendable {
    public let command: String
    public let explanation: String
}

/// The whole answer for one packet.
public struct Trace: Hashable, Sendable {
    public let summary: String
    /// Who sends and who receives, by name (`internet`, `web`), when explained.
    public internal(set) var ends: (source: String, destination: String)? {
        get { endNames.count == 2 ? (endNames[0], endNames[1]) : nil }
        set { endNames = newValue.map { [$0.source, $0.destination] } ?? [] }
    }
    var endNames: [String] = []
    public let hops: [Hop]
    public let tracking: [Tracking]
    /// The number of the open connection the packet belongs to, if any.
    public let connection: Int?
    public let fix: Fix?
    /// Set when no fix can be one command; says what would be needed.
    public let advice: String?
    /// The VPC Flow Log records the packet leaves, one per interface and direction.
    public internal(set) var flowLog: [FlowLogRecord] = []

    public var blockedAt: Hop? { hops.first { $0.status == .failed } }

    /// The commands of the advice's plan, in order, when no single command fixes the packet
    /// (`World.plan` writes them as "run, in order: 1. … 2. …").
    public var planSteps: [String] {
        guard let advice, let start = advice.firstRange(of: "run, in order: ") else { return [] }
        var steps: [String] = []
        for part in advice[start.upperBound...].split(separator: "  ") {
            guard let dot = part.firstIndex(of: "."), Int(part[..<dot]) == steps.count + 1 else { continue }
            steps.append(String(part[part.index(after: dot)...]).trimmingSpaces())
        }
        return steps
    }

    /// The trace with every hop's words built once, for whoever will print it.
    public func materialized() -> Trace {
        var copy = Trace(
            summary: summary, hops: hops.map { $0.materialized() }, tracking: tracking, connection: connection, fix: fix,
            advice: advice)
        copy.endNames = endNames
        copy.flowLog = flowLog
        return copy
    }

    /// Sets the capture window of the flow log records (the caller keeps the clock).
    public mutating func stampFlowLog(start: Int, end: Int) {
        for i in flowLog.indices {
            flowLog[i].start = start
            flowLog[i].end = end
        }
    }
    public var allowed: Bool { blockedAt == nil }
}

extension String {
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while s.first == " " { s.removeFirst() }
        while s.last == " " { s.removeLast() }
        return String(s)
    }
}
