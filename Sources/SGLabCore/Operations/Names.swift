/// ID prefixes AWS uses; a NAME may not start with one, so names and IDs never collide.
public let awsIDPrefixes = [
    "vpc-", "subnet-", "sg-", "sgr-", "eni-", "i-", "acl-", "aclassoc-", "rtb-", "rtbassoc-", "igw-",
    "eigw-", "nat-", "eipalloc-", "eipassoc-", "pcx-", "tgw-", "vgw-", "vpce-", "pl-", "dopt-", "nip-",
    "nia-",
]

extension World {
    /// Checks a new resource's name: the lexical rule of commands.md and uniqueness per kind
    /// within a VPC (security groups ignoring case, as AWS does: "Security groups").
    func checkNewName(_ type: ResourceType, _ name: String, vpcID: VPC.ID?) throws(AWSError) {
        try checkNameSyntax(name)
        let existing = ids(of: type, named: name).filter { !type.scopedToVPC || self.vpcID(of: type, $0) == vpcID }
        if type == .securityGroup {
            let clash = securityGroups.values.contains {
                $0.vpcID == vpcID && $0.name.lowercased() == name.lowercased()
            }
            if clash {
                throw AWSError(
                    "InvalidGroup.Duplicate",
                    "The security group '\(name)' already exists for VPC '\(vpcID?.rawValue ?? "")'", argument: "name",
                    fix: "group names are unique in a VPC, ignoring case; choose another name")
            }
            return
        }
        if !existing.isEmpty {
            let place = vpcID.flatMap { vpcs[$0]?.name }.map { " in \($0)" } ?? ""
            throw AWSError(nil, "\(withArticle(type.noun)) named \(name) already exists\(place)", argument: "name",
                           fix: "choose another name")
        }
    }

    func checkNameSyntax(_ name: String) throws(AWSError) {
        guard let first = name.unicodeScalars.first, first.properties.isAlphabetic, first.isASCII else {
            throw AWSError(nil, "\(name) is not a valid name: a name starts with an ASCII letter (a-z, A-Z)", argument: "name")
        }
        let allowed = name.unicodeScalars.allSatisfy {
            $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "." || $0 == "_" || $0 == "-")
        }
        guard allowed else {
            throw AWSError(
                nil, "\(name) is not a valid name: use ASCII letters (a-z, A-Z), digits, '.', '_' and '-'", argument: "name")
        }
        guard name.count <= 255 else {
            throw AWSError(nil, "a name is at most 255 characters", argument: "name")
        }
        if let prefix = awsIDPrefixes.first(where: { name.lowercased().hasPrefix($0) }) {
            throw AWSError(
                nil, "\(name) is not a valid name: it starts with the AWS ID prefix \(prefix)", argument: "name",
                fix: "names may not look like IDs")
        }
    }
}
