/// The EC2 (and RDS, Lambda, ElastiCache) API actions a command amounts to: CloudTrail's
/// eventName for each ("Logging API calls with CloudTrail"; the CIS CloudWatch.10–14 filters
/// name the security group, network ACL, gateway and route table ones).
extension Command {
    public var apiEvents: [String] {
        switch self {
        case .createVPC: return ["CreateVpc"]
        case .deleteVPC: return ["DeleteVpc"]
        case .createSubnet: return ["CreateSubnet"]
        case .deleteSubnet: return ["DeleteSubnet"]
        case .createInternetGateway(_, let vpc): return vpc == nil ? ["CreateInternetGateway"] : ["CreateInternetGateway", "AttachInternetGateway"]
        case .attachInternetGateway: return ["AttachInternetGateway"]
        case .detachInternetGateway: return ["DetachInternetGateway"]
        case .deleteInternetGateway: return ["DeleteInternetGateway"]
        case .createNATGateway(_, _, let isPrivate): return isPrivate ? ["CreateNatGateway"] : ["AllocateAddress", "CreateNatGateway"]
        case .deleteNATGateway: return ["DeleteNatGateway"]
        case .createRouteTable: return ["CreateRouteTable"]
        case .associateRouteTable: return ["AssociateRouteTable"]
        case .deleteRouteTable: return ["DeleteRouteTable"]
        case .addRoute(_, _, _, _, let replace): return [replace ? "ReplaceRoute" : "CreateRoute"]
        case .deleteRoute, .deletePrefixListRoute: return ["DeleteRoute"]
        case .addPrefixListRoute(_, _, _, let replace): return [replace ? "ReplaceRoute" : "CreateRoute"]
        case .createNetworkACL: return ["CreateNetworkAcl"]
        case .associateNetworkACL: return ["ReplaceNetworkAclAssociation"]
        case .deleteNetworkACL: return ["DeleteNetworkAcl"]
        case .addNetworkACLEntry: return ["CreateNetworkAclEntry"]
        case .removeNetworkACLEntry: return ["DeleteNetworkAclEntry"]
        case .createSecurityGroup: return ["CreateSecurityGroup"]
        case .authorize(_, let direction, _, _, _):
            return [direction == .inbound ? "AuthorizeSecurityGroupIngress" : "AuthorizeSecurityGroupEgress"]
        case .revoke(_, let direction, _, _):
            return [direction == .inbound ? "RevokeSecurityGroupIngress" : "RevokeSecurityGroupEgress"]
        case .deleteSecurityGroup: return ["DeleteSecurityGroup"]
        case .launch(let kind, _, _, _, _, _, _):
            switch kind {
            case .ec2: return ["RunInstances"]
            case .rds: return ["CreateDBInstance"]
            case .lambda: return ["CreateFunction"]
            case .elasticache: return ["CreateCacheCluster"]
            }
        case .deleteResource(let kind, _):
            switch kind {
            case .ec2: return ["TerminateInstances"]
            case .rds: return ["DeleteDBInstance"]
            case .lambda: return ["DeleteFunction"]
            case .elasticache: return ["DeleteCacheCluster"]
            }
        case .attachSecurityGroup, .detachSecurityGroup: return ["ModifyNetworkInterfaceAttribute"]
        // The source/destination check is an instance attribute; a NAT instance is configured
        // inside its operating system, and the port 25 removal is a support request: no EC2 call.
        case .setResourceAttribute(_, _, let attribute, _):
            return attribute == .sourceDestinationCheck ? ["ModifyInstanceAttribute"] : []
        case .createInterface: return ["CreateNetworkInterface"]
        case .attachInterface: return ["AttachNetworkInterface"]
        case .deleteInterface: return ["DeleteNetworkInterface"]
        case .allocateElasticIP(_, let holder): return holder == nil ? ["AllocateAddress"] : ["AllocateAddress", "AssociateAddress"]
        case .associateElasticIP: return ["AssociateAddress"]
        case .disassociateElasticIP: return ["DisassociateAddress"]
        case .releaseElasticIP: return ["ReleaseAddress"]
        case .createPrefixList: return ["CreateManagedPrefixList"]
        case .deletePrefixList: return ["DeleteManagedPrefixList"]
        case .createLoadBalancer: return ["CreateLoadBalancer"]
        case .setLoadBalancerGroups: return ["SetSecurityGroups"]
        case .deleteLoadBalancer: return ["DeleteLoadBalancer"]
        case .createTargetGroup(_, _, _, _, _, _, let preserve):
            return preserve == nil ? ["CreateTargetGroup"] : ["CreateTargetGroup", "ModifyTargetGroupAttributes"]
        case .setHealthCheckPort: return ["ModifyTargetGroup"]
        case .setPreserveClientIP: return ["ModifyTargetGroupAttributes"]
        case .registerTargets: return ["RegisterTargets"]
        case .deregisterTarget: return ["DeregisterTargets"]
        case .deleteTargetGroup: return ["DeleteTargetGroup"]
        case .addListener: return ["CreateListener"]
        case .deleteListener: return ["DeleteListener"]
        case .createInterfaceEndpoint, .createGatewayEndpoint: return ["CreateVpcEndpoint"]
        case .setEndpointPrivateDNS, .addEndpointRouteTable: return ["ModifyVpcEndpoint"]
        case .deleteEndpoint: return ["DeleteVpcEndpoints"]
        case .loadBalancerHealth, .stale: return []
        case .createPeering(_, _, _, let accept):
            return accept ? ["CreateVpcPeeringConnection", "AcceptVpcPeeringConnection"] : ["CreateVpcPeeringConnection"]
        case .acceptPeering: return ["AcceptVpcPeeringConnection"]
        case .deletePeering: return ["DeleteVpcPeeringConnection"]
        case .associateVPCIPv6: return ["AssociateVpcCidrBlock"]
        case .associateSubnetIPv6: return ["AssociateSubnetCidrBlock"]
        case .assignIPv6: return ["AssignIpv6Addresses"]
        case .createEgressOnlyInternetGateway: return ["CreateEgressOnlyInternetGateway"]
        case .deleteEgressOnlyInternetGateway: return ["DeleteEgressOnlyInternetGateway"]
        case .createTransitGateway: return ["CreateTransitGateway"]
        case .setTransitGatewayReferencing: return ["ModifyTransitGateway"]
        case .attachTransitGateway: return ["CreateTransitGatewayVpcAttachment"]
        case .detachTransitGateway: return ["DeleteTransitGatewayVpcAttachment"]
        case .deleteTransitGateway: return ["DeleteTransitGateway"]
        case .createTransitGatewayRouteTable: return ["CreateTransitGatewayRouteTable"]
        case .associateTransitGatewayRouteTable: return ["AssociateTransitGatewayRouteTable"]
        case .propagateTransitGatewayRouteTable: return ["EnableTransitGatewayRouteTablePropagation"]
        case .addTransitGatewayRoute: return ["CreateTransitGatewayRoute"]
        case .deleteTransitGatewayRoute: return ["DeleteTransitGatewayRoute"]
        case .createRegionalNATGateway: return ["CreateNatGateway"]
        case .associateSecurityGroupVPC(_, _, let associate):
            return [associate ? "AssociateSecurityGroupVpc" : "DisassociateSecurityGroupVpc"]
        case .connect, .disconnect: return []
        case .packet, .expect, .listConnections, .help, .show, .flowLogs, .trail, .undo, .redo, .reset, .save, .load,
            .account, .record, .history, .say, .pause, .assert, .lesson, .learn, .quit:
            return []
        }
    }
}
