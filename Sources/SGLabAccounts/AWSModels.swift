import Foundation

/// The describe-* output of the EC2 API as the AWS CLI prints it (JSON, AWS's field names).
/// Only the fields sglab reads are declared; every other field is ignored by the decoder.
/// Field names and shapes: the EC2 API Reference's data types (Vpc, Subnet, RouteTable, Route,
/// NetworkAcl, NetworkAclEntry, SecurityGroup, IpPermission, SecurityGroupRule,
/// NetworkInterface, Instance, InternetGateway, NatGateway, Address, ManagedPrefixList,
/// PrefixListEntry).
enum AWS {
    struct Tag: Decodable { var Key: String?; var Value: String? }

    struct CidrBlockAssociation: Decodable { var CidrBlock: String?; var CidrBlockState: State? }
    struct State: Decodable { var State: String? }
    struct Ipv6Association: Decodable { var Ipv6CidrBlock: String? }

    struct Vpc: Decodable {
        var VpcId: String
        var CidrBlock: String
        var CidrBlockAssociationSet: [CidrBlockAssociation]?
        var Ipv6CidrBlockAssociationSet: [Ipv6Association]?
        var IsDefault: Bool?
        var Tags: [Tag]?
    }

    struct Subnet: Decodable {
        var SubnetId: String
        var VpcId: String
        var CidrBlock: String?
        var AvailabilityZone: String
        var MapPublicIpOnLaunch: Bool?
        var Ipv6CidrBlockAssociationSet: [Ipv6Association]?
        var Tags: [Tag]?
    }

    struct RouteTableAssociation: Decodable { var Main: Bool?; var SubnetId: String?; var GatewayId: String? }

    struct Route: Decodable {
        var DestinationCidrBlock: String?
        var DestinationIpv6CidrBlock: String?
        var DestinationPrefixListId: String?
        var GatewayId: String?
        var NatGatewayId: String?
        var NetworkInterfaceId: String?
        var InstanceId: String?
        var VpcPeeringConnectionId: String?
        var TransitGatewayId: String?
        var EgressOnlyInternetGatewayId: String?
        var CarrierGatewayId: String?
        var LocalGatewayId: String?
        var CoreNetworkArn: String?
        var State: String?
    }

    struct RouteTable: Decodable {
        var RouteTableId: String
        var VpcId: String
        var Associations: [RouteTableAssociation]?
        var Routes: [Route]?
        var Tags: [Tag]?
    }

    struct PortRange: Decodable { var From: Int?; var To: Int? }
    struct IcmpTypeCode: Decodable { var Code: Int?; var `Type`: Int? }

    struct NetworkAclEntry: Decodable {
        var RuleNumber: Int
        var Egress: Bool
        var `Protocol`: String
        var RuleAction: String
        var CidrBlock: String?
        var Ipv6CidrBlock: String?
        var PortRange: PortRange?
        var IcmpTypeCode: IcmpTypeCode?
    }

    struct NetworkAclAssociation: Decodable { var SubnetId: String? }

    struct NetworkAcl: Decodable {
        var NetworkAclId: String
        var VpcId: String
        var IsDefault: Bool?
        var Entries: [NetworkAclEntry]?
        var Associations: [NetworkAclAssociation]?
        var Tags: [Tag]?
    }

    struct IpRange: Decodable { var CidrIp: String; var Description: String? }
    struct Ipv6Range: Decodable { var CidrIpv6: String?; var Description: String? }
    struct PrefixListId: Decodable { var PrefixListId: String; var Description: String? }
    struct UserIdGroupPair: Decodable {
        var GroupId: String?
        var UserId: String?
        var VpcPeeringConnectionId: String?
        var Description: String?
    }

    struct IpPermission: Decodable {
        var IpProtocol: String
        var FromPort: Int?
        var ToPort: Int?
        var IpRanges: [IpRange]?
        var Ipv6Ranges: [Ipv6Range]?
        var PrefixListIds: [PrefixListId]?
        var UserIdGroupPairs: [UserIdGroupPair]?
    }

    struct SecurityGroup: Decodable {
        var GroupId: String
        var GroupName: String
        var Description: String?
        var VpcId: String?
        var IpPermissions: [IpPermission]?
        var IpPermissionsEgress: [IpPermission]?
        var Tags: [Tag]?
    }

    struct ReferencedGroup: Decodable { var GroupId: String? }

    struct SecurityGroupRule: Decodable {
        var SecurityGroupRuleId: String
        var GroupId: String
        var IsEgress: Bool
        var IpProtocol: String
        var FromPort: Int?
        var ToPort: Int?
        var CidrIpv4: String?
        var CidrIpv6: String?
        var PrefixListId: String?
        var ReferencedGroupInfo: ReferencedGroup?
    }

    struct GroupIdentifier: Decodable { var GroupId: String }
    struct Association: Decodable { var PublicIp: String?; var AllocationId: String? }
    struct Attachment: Decodable { var InstanceId: String?; var DeviceIndex: Int?; var Status: String? }
    struct PrivateIp: Decodable { var PrivateIpAddress: String?; var Primary: Bool? }
    struct Ipv6Address: Decodable { var Ipv6Address: String? }

    /// describe-network-interfaces, and the `NetworkInterfaces` of each instance (same shape).
    struct NetworkInterface: Decodable {
        var NetworkInterfaceId: String
        var SubnetId: String
        var VpcId: String
        var PrivateIpAddress: String
        var PrivateIpAddresses: [PrivateIp]?
        var Ipv6Addresses: [Ipv6Address]?
        var Groups: [GroupIdentifier]?
        var Association: Association?
        var Attachment: Attachment?
        var InterfaceType: String?
        var RequesterManaged: Bool?
        var Description: String?
        var SourceDestCheck: Bool?
        var TagSet: [Tag]?
    }

    struct Instance: Decodable {
        var InstanceId: String
        var VpcId: String?
        var State: InstanceState?
        var SourceDestCheck: Bool?
        var NetworkInterfaces: [NetworkInterface]?
        var Tags: [Tag]?
    }
    struct InstanceState: Decodable { var Name: String? }
    struct Reservation: Decodable { var Instances: [Instance]? }

    struct InternetGatewayAttachment: Decodable { var VpcId: String?; var State: String? }
    struct InternetGateway: Decodable {
        var InternetGatewayId: String
        var Attachments: [InternetGatewayAttachment]?
        var Tags: [Tag]?
    }

    struct NatGatewayAddress: Decodable {
        var AllocationId: String?
        var NetworkInterfaceId: String?
        var PrivateIp: String?
        var PublicIp: String?
    }
    struct NatGateway: Decodable {
        var NatGatewayId: String
        var SubnetId: String
        var VpcId: String
        var State: String?
        var ConnectivityType: String?
        var NatGatewayAddresses: [NatGatewayAddress]?
        var Tags: [Tag]?
    }

    struct Address: Decodable {
        var AllocationId: String?
        var PublicIp: String
        var Domain: String?
        var NetworkInterfaceId: String?
        var Tags: [Tag]?
    }

    /// describe-managed-prefix-lists; Batfish's snapshots use describe-prefix-lists' shape,
    /// with the entries inline as `Cidrs`.
    struct PrefixList: Decodable {
        var PrefixListId: String
        var PrefixListName: String?
        var AddressFamily: String?
        var MaxEntries: Int?
        var Cidrs: [String]?
        var Tags: [Tag]?
    }

    struct PrefixListEntry: Decodable { var Cidr: String }
}

extension Array where Element == AWS.Tag {
    /// The `Name` tag's value, if any.
    var name: String? { first { $0.Key == "Name" }?.Value }
}
