import SGLabCore
import SGLabLanguage
import Testing

// Helpers shared by the SGLabCore suites: worlds are built with the command language, the
// way a learner builds them, so each test reads like a lab script.

/// Thrown when a line produced something other than the outcome a helper needs.
struct UnexpectedOutcome: Error, CustomStringConvertible {
    let line: String
    var description: String { "`\(line)` did not produce the expected kind of outcome" }
}

/// A fresh session after running every line of `script` (blank lines and `#` comments are
/// skipped by the parser). The first failing line throws its `LanguageError`.
func lab(_ script: String) throws -> Session {
    var session = Session()
    try session.runScript(script)
    return session
}

extension Session {
    mutating func runScript(_ script: String) throws {
        for line in script.split(separator: "\n", omittingEmptySubsequences: false) {
            _ = try execute(String(line))
        }
    }

    /// The trace of `packet WORDS` (the world is not changed by a packet).
    func packet(_ words: String) throws -> Trace {
        var copy = self
        let line = "packet " + words
        guard case .trace(let trace)? = try copy.execute(line) else { throw UnexpectedOutcome(line: line) }
        return trace
    }

    /// The result of an `expect …` line.
    func expectation(_ words: String) throws -> SGLabLanguage.Expectation {
        var copy = self
        let line = "expect " + words
        guard case .expectation(let result)? = try copy.execute(line) else { throw UnexpectedOutcome(line: line) }
        return result
    }

    /// Opens a connection (`connect WORDS`) and returns its trace and the connection.
    mutating func connect(_ words: String) throws -> (Trace, Connection?) {
        let line = "connect " + words
        guard case .connected(let trace, let connection)? = try execute(line) else { throw UnexpectedOutcome(line: line) }
        return (trace, connection)
    }

    /// The error a line is rejected with, or nil when it succeeds (the session keeps the
    /// change then).
    mutating func rejection(_ line: String) -> LanguageError? {
        do {
            _ = try execute(line)
            return nil
        } catch {
            return error
        }
    }

    /// The ID of the thing `name` names, looked up among `type`.
    func id(_ type: ResourceType, _ name: String) throws -> String {
        try world.resolve(type, name)
    }

    /// The same, typed by where it is used (`world.resources[try session.id(.resource, "web")]`).
    func id<Kind: Identified>(_ type: ResourceType, _ name: String) throws -> ID<Kind> {
        precondition(type == Kind.resourceType, "asked for a \(type) as a \(Kind.self)")
        return try world.resolve(Kind.self, name)
    }
}

extension Trace {
    /// The checks that decide (notes left out), as `leg component-direction`.
    var checkpoints: [String] {
        hops.filter { $0.component != .note }.map { "\($0.leg.rawValue) \($0.componentName)" }
    }

    /// The deciding hops of one leg.
    func checks(on leg: Leg) -> [Hop] {
        hops.filter { $0.leg == leg && $0.component != .note }
    }
}

/// Section 9.1's mapping from sglab's `blockedAt` component to Reachability Analyzer codes.
let reachabilityCodes: [Component: Set<String>] = [
    .securityGroup: ["ENI_SG_RULES_MISMATCH", "SG_HAS_NO_RULES"],
    .networkACL: ["SUBNET_ACL_RESTRICTION"],
    .routeTable: ["NO_ROUTE_TO_DESTINATION", "CANNOT_ROUTE", "BAD_STATE_ROUTE"],
    .internetGateway: ["IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS", "IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS"],
    .natGateway: ["NGW_REQUIRES_SOURCE_IN_VPC", "PROTOCOL_RESTRICTION"],
]

/// A one-subnet public VPC: `lab` 10.0.0.0/16, subnet `pub` 10.0.1.0/24 routed to the
/// internet gateway `gw` through route table `pubrt`.
let publicSubnet = """
    vpc create lab 10.0.0.0/16
    subnet create pub in lab 10.0.1.0/24
    igw create gw
    igw attach gw lab
    rt create pubrt in lab
    route add pubrt 0.0.0.0/0 via gw
    rt associate pubrt pub
    """

/// `publicSubnet` plus a private subnet `priv` 10.0.2.0/24 whose route table `privrt` sends
/// 0.0.0.0/0 to the NAT gateway `natgw` in `pub`, and an instance `app` in `priv`.
let natLayout =
    publicSubnet + "\n"
    + """
    subnet create priv in lab 10.0.2.0/24
    nat create natgw in pub
    rt create privrt in lab
    route add privrt 0.0.0.0/0 via natgw
    rt associate privrt priv
    launch ec2 app in priv
    """
