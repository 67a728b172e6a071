// libFuzzer target: the account importer (see FuzzSession for how it is built). The input is
// one more describe-* document beside a small valid account (a VPC with its main route table,
// default network ACL and default group), so what it holds reaches every stage of the import.
// Property: any bytes import or are refused with one line; an account that imports can be
// audited, analysed for exposure and exported in every format without crashing.

import Foundation
import SGLabAccounts
import SGLabCore

let base: [(name: String, data: Data)] = [
    ("vpcs.json", #"{"Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16", "Tags": [{"Key": "Name", "Value": "lab"}]}]}"#),
    ("rt.json", #"{"RouteTables": [{"RouteTableId": "rtb-1", "VpcId": "vpc-1", "Associations": [{"Main": true}], "Routes": [{"DestinationCidrBlock": "10.0.0.0/16", "GatewayId": "local"}]}]}"#),
    ("acl.json", #"{"NetworkAcls": [{"NetworkAclId": "acl-1", "VpcId": "vpc-1", "IsDefault": true, "Entries": []}]}"#),
    ("sg.json", #"{"SecurityGroups": [{"GroupId": "sg-1", "GroupName": "default", "VpcId": "vpc-1"}]}"#),
].map { ($0.0, Data($0.1.utf8)) }

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzAccounts(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = Data(bytes: data, count: size)
    let result: AccountImport
    do {
        result = try AccountImporter.read(documents: base + [("fuzz.json", input)])
    } catch {
        precondition(!error.message.isEmpty && !error.message.contains("\n"), "an import error is one line")
        return 0
    }
    _ = result.report
    _ = Audit.run(result.world)
    _ = Exposure.run(result.world)
    for format in ExportFormat.allCases { _ = Exporter.export(result.world, as: format) }
    return 0
}
