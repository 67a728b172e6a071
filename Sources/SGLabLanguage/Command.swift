import SGLabCore

/// A security-group peer as typed: a CIDR, or the name of a group or prefix list.
public enum PeerWord: Sendable {
    case cidr(CIDR)
    case name(Word)
}

/// `expect ... at COMPONENT[-DIRECTION]`.
public struct ComponentFilter: Hashable, Sendable {
    public let component: Component
    public let direction: Direction?

    public var description: String { component.rawValue + (direction.map { "-\($0.rawValue)" } ?? "") }
}

/// Every command of the language, fully typed.
public enum Command: Sendable {
    case createVPC(Word, CIDR, canonical: Bool)
    case deleteVPC(Word)
    case createSubnet(Word, vpc: Word, CIDR, canonical: Bool, zone: Word?)
    case deleteSubnet(Word)
    case createInternetGateway(Word, vpc: Word?)
    case attachInternetGateway(Word, vpc: Word)
    case detachInternetGateway(Word, vpc: Word)
    case deleteInternetGateway(Word)
    case createNATGateway(Word, subnet: Word, isPrivate: Bool = false)
    case deleteNATGateway(Word)
    case createRouteTable(Word, vpc: Word)
    case associateRouteTable(Word, subnet: Word)
    case deleteRouteTable(Word)
    case addRoute(table: Word, CIDR, canonical: Bool, target: Word, replace: Bool)
    case deleteRoute(table: Word, CIDR)
    case createNetworkACL(Word, vpc: Word)
    case associateNetworkACL(Word, subnet: Word)
    case deleteNetworkACL(Word)
    case addNetworkACLEntry(acl: Word, Direction, number: Int, RuleAction, TrafficSpec, CIDR)
    case removeNetworkACLEntry(acl: Word, Direction, number: Int)
    case createSecurityGroup(Word, vpc: Word, description: String?)
    case authorize(group: Word, Direction, TrafficSpec, peer: PeerWord, description: String)
    case revoke(group: Word, Direction, TrafficSpec, peer: PeerWord)
    case deleteSecurityGroup(Word)
    case launch(ResourceKind, Word, subnet: Word, groups: [Word]?, address: IPAddress?, publicIP: Bool, ipv6: Bool = false)
    case deleteResource(ResourceKind, Word)
    case addPrefixListRoute(table: Word, prefixList: Word, target: Word, replace: Bool)
    case deletePrefixListRoute(table: Word, prefixList: Word)
    /// `ec2 set NAME source-dest-check on|off`, `ec2 set NAME nat-instance on|off`,
    /// `ec2|lambda set NAME port-25 open|blocked`.
    case setResourceAttribute(ResourceKind, Word, ResourceAttribute, Bool)
    case attachSecurityGroup(target: Word, group: Word)
    case detachSecurityGroup(target: Word, group: Word)
    case createInterface(Word, subnet: Word, groups: [Word]?, address: IPAddress?)
    case attachInterface(Word, resource: Word)
    case deleteInterface(Word)
    case allocateElasticIP(Word, holder: Word?)
    case associateElasticIP(Word, target: Word)
    case disassociateElasticIP(Word)
    case releaseElasticIP(Word)
    case createPrefixList(Word, [CIDR])
    case deletePrefixList(Word)
    // Load balancers and endpoints (aws-semantics.md Part 1, decisions 21 and 22).
    case createLoadBalancer(Word, LoadBalancerType, LoadBalancerScheme, subnets: [Word], groups: [Word]?)
    case setLoadBalancerGroups(Word, groups: [Word])
    case deleteLoadBalancer(Word)
    case loadBalancerHealth(Word)
    case createTargetGroup(Word, vpc: Word, ListenerProtocol, port: UInt16, TargetType, healthPort: UInt16?, preserve: Bool?)
    /// `tg set TG health-port PORT|traffic-port` (nil: the traffic port).
    case setHealthCheckPort(Word, UInt16?)
    case setPreserveClientIP(Word, Bool)
    case registerTargets(Word, [Word])
    case deregisterTarget(Word, Word)
    case deleteTargetGroup(Word)
    case addListener(Word, ListenerProtocol, port: UInt16, targetGroup: Word)
    case deleteListener(Word, port: UInt16)
    case createInterfaceEndpoint(Word, service: Word, subnets: [Word], groups: [Word]?, privateDNS: Bool?)
    case createGatewayEndpoint(Word, service: Word, vpc: Word, tables: [Word])
    case setEndpointPrivateDNS(Word, Bool)
    case addEndpointRouteTable(Word, table: Word)
    case deleteEndpoint(Word)
    // Between VPCs (decisions 23 and 24).
    case createPeering(Word, vpc: Word, peer: Word, accept: Bool)
    case acceptPeering(Word)
    case deletePeering(Word)
    case stale(Word?)
    // IPv6 (decision 25).
    case associateVPCIPv6(Word)
    case associateSubnetIPv6(Word)
    case assignIPv6(Word)
    case createEgressOnlyInternetGateway(Word, vpc: Word)
    case deleteEgressOnlyInternetGateway(Word)
    // Transit gateways (decision 24).
    case createTransitGateway(Word, referencing: Bool)
    case setTransitGatewayReferencing(Word, Bool)
    case attachTransitGateway(Word, vpc: Word, subnets: [Word], name: Word?)
    case detachTransitGateway(Word)
    case deleteTransitGateway(Word)
    case createTransitGatewayRouteTable(Word, tgw: Word)
    case associateTransitGatewayRouteTable(Word, attachment: Word)
    case propagateTransitGatewayRouteTable(Word, attachment: Word)
    /// `tgw-route add TGWRT CIDR via ATTACHMENT|blackhole`; nil target: blackhole.
    case addTransitGatewayRoute(Word, CIDR, target: Word?)
    case deleteTransitGatewayRoute(Word, CIDR)
    /// `nat create NAME regional in VPC` (decision 26).
    case createRegionalNATGateway(Word, vpc: Word)
    /// `sg associate|disassociate SG VPC` (AssociateSecurityGroupVpc, 2024).
    case associateSecurityGroupVPC(Word, vpc: Word, associate: Bool)
    case packet(Probe)
    case expect(allowed: Bool, at: ComponentFilter?, Probe)
    case connect(Probe)
    case listConnections
    case disconnect(Int)
    case help(String?)
    case show(kind: String?, Word?)
    case flowLogs(Word?)
    case trail
    case undo
    case redo
    case reset
    case save(Word)
    case load(Word)
    /// `import PATH`, `audit`, `exposure`, `export FORMAT`: real accounts, run by the session's store.
    case account(AccountRequest)
    case record(Word)
    case history
    case say(String)
    case pause
    case assert(Fact)
    /// `check`, `hint`, `solution`, `restart`, `skip`, `next`, `goals`: handled by a lesson.
    case lesson(String)
    /// `lessons`, `lesson NAME`, `quiz [TOPIC]`, `exam [N]`, `review`, `progress`: the courseware,
    /// which the lab (not the session) runs.
    case learn(String, String?)
    /// `quit` and `exit`: the lab ends.
    case quit

    /// Whether a successful run of this command can change the world (and so is undoable,
    /// recorded by `record`, and logged to the trail).
    public var changesWorld: Bool {
        switch self {
        case .packet, .expect, .listConnections, .help, .show, .flowLogs, .trail, .undo, .redo, .reset, .save,
            .load, .account, .record, .history, .say, .pause, .assert, .lesson, .learn, .quit, .loadBalancerHealth, .stale:
            return false
        default:
            return true
        }
    }
}

/// What the lab asks of the account commands (`sglab import`, `audit`, `exposure`, `export`).
public enum AccountRequest: Sendable, Equatable {
    /// Replace the world with the account described by the describe-* JSON at PATH.
    case importAccount(path: String)
    case audit
    /// From the internet, or from the interfaces a subnet, group or resource name.
    case exposure(from: String?)
    /// `aws-cli`, `cloudformation` or `terraform`.
    case export(format: String)
}

/// A fact about the world that lessons check (`assert …`).
public enum Fact: Sendable {
    case subnetIsPublic(Word, Bool)
    case hasGroup(Word, group: Word)
    case hasPublicIP(Word, Bool)
    case references(group: Word, other: Word)
    case ruleCount(group: Word, Direction, Int)
    case aclOn(acl: Word, subnet: Word)
    case tableOn(table: Word, subnet: Word)
}

/// A parsed line: the command and where each argument stood, for errors that point at words.
public struct ParsedCommand: Sendable {
    public let command: Command
    public let tokens: [String: Token]
    public let form: Form
}

/// What `KIND set NAME …` changes on a resource (aws-semantics.md Part 1, decisions 17 and 19).
public enum ResourceAttribute: String, Sendable, CaseIterable {
    case sourceDestinationCheck = "source-dest-check"
    case natInstance = "nat-instance"
    case port25 = "port-25"
}
