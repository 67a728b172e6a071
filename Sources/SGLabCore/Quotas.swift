/// AWS's default quotas ("Amazon VPC quotas"), in one place.
public struct Quotas: Hashable, Sendable, Codable {
    public var vpcsPerRegion = 5
    public var subnetsPerVPC = 200
    public var securityGroupsPerRegion = 2500
    /// Inbound and outbound are counted separately, each up to this number.
    public var rulesPerSecurityGroup = 60
    public var securityGroupsPerInterface = 5
    public var networkACLsPerVPC = 200
    /// Per direction, including the `*` default deny.
    public var entriesPerNetworkACL = 20
    public var routeTablesPerVPC = 200
    public var routesPerRouteTable = 50
    public var internetGatewaysPerRegion = 5
    public var elasticIPsPerRegion = 5
    public var natGatewaysPerAvailabilityZone = 5

    public init() {}

    /// Generous limits for benchmarks and stress tests of very large worlds.
    public static var unlimited: Quotas {
        var q = Quotas()
        q.vpcsPerRegion = .max
        q.subnetsPerVPC = .max
        q.securityGroupsPerRegion = .max
        q.elasticIPsPerRegion = .max
        q.internetGatewaysPerRegion = .max
        return q
    }
}
