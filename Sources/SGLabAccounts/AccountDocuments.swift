import Foundation

/// Where a record came from: the file and the JSON path inside it, for errors people can find.
struct Location: Sendable, CustomStringConvertible {
    let file: String
    let path: String
    var description: String { "\(file) at \(path)" }
    func appending(_ more: String) -> Location { Location(file: file, path: path + more) }
}

/// A record and where it was read.
struct Located<T> {
    let value: T
    let at: Location
}

/// Everything read from the describe-* files, by kind. A file is recognised by its top-level
/// key, as the AWS CLI prints it (`{"Vpcs": [...]}`), whatever its name: one file per call, or
/// Batfish's `aws_configs/<region>/` snapshot layout.
struct AccountDocuments {
    var vpcs: [Located<AWS.Vpc>] = []
    var subnets: [Located<AWS.Subnet>] = []
    var routeTables: [Located<AWS.RouteTable>] = []
    var networkACLs: [Located<AWS.NetworkAcl>] = []
    var securityGroups: [Located<AWS.SecurityGroup>] = []
    var securityGroupRules: [Located<AWS.SecurityGroupRule>] = []
    var interfaces: [Located<AWS.NetworkInterface>] = []
    var instances: [Located<AWS.Instance>] = []
    var internetGateways: [Located<AWS.InternetGateway>] = []
    var natGateways: [Located<AWS.NatGateway>] = []
    var addresses: [Located<AWS.Address>] = []
    var prefixLists: [Located<AWS.PrefixList>] = []
    /// get-managed-prefix-list-entries: the list's ID is only in the file's name.
    var prefixListEntries: [String: Located<[AWS.PrefixListEntry]>] = [:]
    /// Top-level keys sglab does not read (LoadBalancers, TargetGroups…), with their item counts.
    var unreadKeys: [String: Int] = [:]
    /// Files with no list under any top-level key: not describe-* output at all.
    var unreadFiles: [String] = []

    /// Reads one JSON document. `name` is how errors name the file.
    mutating func add(_ data: Data, name: String) throws(AccountImportError) {
        let document: Document
        do {
            document = try JSONDecoder().decode(Document.self, from: data)
        } catch let error as DecodingError {
            throw AccountImportError(AccountDocuments.describe(error, file: name))
        } catch {
            throw AccountImportError("\(name): not JSON that sglab can read (\(error.localizedDescription))")
        }
        func located<T>(_ items: [T]?, _ key: String) -> [Located<T>] {
            (items ?? []).enumerated().map { Located(value: $1, at: Location(file: name, path: "$.\(key)[\($0)]")) }
        }
        vpcs += located(document.vpcs, "Vpcs")
        subnets += located(document.subnets, "Subnets")
        routeTables += located(document.routeTables, "RouteTables")
        networkACLs += located(document.networkACLs, "NetworkAcls")
        securityGroups += located(document.securityGroups, "SecurityGroups")
        securityGroupRules += located(document.securityGroupRules, "SecurityGroupRules")
        interfaces += located(document.interfaces, "NetworkInterfaces")
        for (r, reservation) in (document.reservations ?? []).enumerated() {
            instances += located(reservation.Instances, "Reservations[\(r)].Instances").map {
                Located(value: $0.value, at: $0.at)
            }
        }
        internetGateways += located(document.internetGateways, "InternetGateways")
        natGateways += located(document.natGateways, "NatGateways")
        addresses += located(document.addresses, "Addresses")
        prefixLists += located(document.prefixLists, "PrefixLists")
        if let entries = document.entries {
            // get-managed-prefix-list-entries prints no list ID: the file's name must carry it
            // (get-managed-prefix-list-entries.pl-0123….json).
            let base = (name as NSString).lastPathComponent
            guard let range = base.range(of: #"pl-[0-9a-zA-Z]+"#, options: .regularExpression) else {
                throw AccountImportError(
                    "\(name) at $.Entries: prefix-list entries, but the file's name does not say which list (name it get-managed-prefix-list-entries.pl-ID.json)")
            }
            prefixListEntries[String(base[range])] = Located(value: entries, at: Location(file: name, path: "$.Entries"))
        }
        for (key, count) in document.unread { unreadKeys[key, default: 0] += count }
        if document.isEmpty { unreadFiles.append(name) }
    }

    /// `file at $.Vpcs[0].CidrBlock: …` from a decoding error's coding path.
    static func describe(_ error: DecodingError, file: String) -> String {
        func path(_ keys: [any CodingKey]) -> String {
            "$" + keys.map { key in key.intValue.map { "[\($0)]" } ?? ".\(key.stringValue)" }.joined()
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "\(file) at \(path(context.codingPath)): the field \(key.stringValue) is missing"
        case .typeMismatch(let type, let context):
            return "\(file) at \(path(context.codingPath)): expected \(describe(type))"
        case .valueNotFound(let type, let context):
            return "\(file) at \(path(context.codingPath)): expected \(describe(type)), found null"
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty { return "\(file): not valid JSON" }
            return "\(file) at \(path(context.codingPath)): \(context.debugDescription)"
        @unknown default:
            return "\(file): \(error)"
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Int.Type: return "an integer"
        case is Bool.Type: return "true or false"
        default: return String(describing: type).hasPrefix("Array") ? "a list" : "an object"
        }
    }
}

/// One describe-* document: the keys sglab reads, and the count of items under the others.
private struct Document: Decodable {
    var vpcs: [AWS.Vpc]?
    var subnets: [AWS.Subnet]?
    var routeTables: [AWS.RouteTable]?
    var networkACLs: [AWS.NetworkAcl]?
    var securityGroups: [AWS.SecurityGroup]?
    var securityGroupRules: [AWS.SecurityGroupRule]?
    var interfaces: [AWS.NetworkInterface]?
    var reservations: [AWS.Reservation]?
    var internetGateways: [AWS.InternetGateway]?
    var natGateways: [AWS.NatGateway]?
    var addresses: [AWS.Address]?
    var prefixLists: [AWS.PrefixList]?
    var entries: [AWS.PrefixListEntry]?
    var unread: [String: Int] = [:]
    /// Whether nothing in it is a list: not the output of a describe call.
    var isEmpty = true

    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ string: String) { stringValue = string }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// Counts the items of a key sglab does not read, whatever they hold.
    private struct Skipped: Decodable {
        let count: Int
        init(from decoder: any Decoder) throws {
            var list = try decoder.unkeyedContainer()
            var n = 0
            while !list.isAtEnd {
                _ = try list.decode(Ignored.self)
                n += 1
            }
            count = n
        }
    }

    private struct Ignored: Decodable {
        init(from decoder: any Decoder) throws {}
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        for key in c.allKeys {
            switch key.stringValue {
            case "Vpcs": vpcs = try c.decode([AWS.Vpc].self, forKey: key)
            case "Subnets": subnets = try c.decode([AWS.Subnet].self, forKey: key)
            case "RouteTables": routeTables = try c.decode([AWS.RouteTable].self, forKey: key)
            case "NetworkAcls": networkACLs = try c.decode([AWS.NetworkAcl].self, forKey: key)
            case "SecurityGroups": securityGroups = try c.decode([AWS.SecurityGroup].self, forKey: key)
            case "SecurityGroupRules": securityGroupRules = try c.decode([AWS.SecurityGroupRule].self, forKey: key)
            case "NetworkInterfaces": interfaces = try c.decode([AWS.NetworkInterface].self, forKey: key)
            case "Reservations": reservations = try c.decode([AWS.Reservation].self, forKey: key)
            case "InternetGateways": internetGateways = try c.decode([AWS.InternetGateway].self, forKey: key)
            case "NatGateways": natGateways = try c.decode([AWS.NatGateway].self, forKey: key)
            case "Addresses": addresses = try c.decode([AWS.Address].self, forKey: key)
            case "PrefixLists": prefixLists = try c.decode([AWS.PrefixList].self, forKey: key)
            case "Entries": entries = try c.decode([AWS.PrefixListEntry].self, forKey: key)
            case "NextToken": continue
            default:
                // Only lists are describe output; any other value is not sglab's to count.
                guard let skipped = try? c.decode(Skipped.self, forKey: key) else { continue }
                unread[key.stringValue] = skipped.count
            }
            isEmpty = false
        }
    }
}

/// Why an account could not be imported: one line naming the file and the JSON path.
public struct AccountImportError: Error, Sendable, CustomStringConvertible {
    public let message: String
    init(_ message: String) { self.message = message }
    public var description: String { message }
}
