import Foundation
import SGLabCore

/// The result of an import: the world, what it holds, and what was left out (by kind).
public struct AccountImport: Sendable {
    public let world: World
    /// Resources imported, by kind, in a fixed order (`("VPC", 1)`, …).
    public let imported: [(kind: String, count: Int)]
    /// What sglab does not model and left out, by kind (`IPv6 CIDR block` → 2), sorted.
    public let skipped: [(kind: String, count: Int)]
    /// What was read but changed or left out for a stated reason (one line each).
    public let notes: [String]

    /// Lines for people: what was imported, what was skipped and why.
    public var report: [String] {
        func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }
        var lines = ["imported " + imported.filter { $0.count > 0 }.map { count($0.count, $0.kind) }.joined(separator: ", ")]
        if skipped.isEmpty {
            lines.append("skipped nothing")
        } else {
            lines.append("skipped (not modelled by sglab): " + skipped.map { "\($0.kind) (\($0.count))" }.joined(separator: ", "))
        }
        lines += notes.map { "note: \($0)" }
        return lines
    }
}

/// `sglab import`: reads describe-* JSON and builds a world that keeps AWS's IDs and addresses.
/// Names come from the `Name` tag (a security group's from its GroupName), else the ID.
/// Anything sglab does not model is counted and skipped, never approximated; input that is
/// malformed or contradicts itself fails the whole import with the file and JSON path.
public enum AccountImporter {
    /// Reads files and folders (folders recursively, their `*.json` files in name order).
    public static func read(paths: [String], quotas: Quotas = Quotas()) throws(AccountImportError) -> AccountImport {
        var documents = AccountDocuments()
        var files: [String] = []
        for path in paths {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
                throw AccountImportError("\(path): no such file or folder")
            }
            if isFolder.boolValue {
                files += jsonFiles(in: path)
            } else {
                files.append(path)
            }
        }
        guard !files.isEmpty else { throw AccountImportError("\(paths.joined(separator: " ")): no .json files to import") }
        for file in files {
            let data: Data
            do { data = try Data(contentsOf: URL(fileURLWithPath: file)) } catch {
                throw AccountImportError("\(file): cannot be read")
            }
            try documents.add(data, name: file)
        }
        return try build(documents, quotas: quotas)
    }

    /// A folder's `*.json` files in name order; a folder with none, those of its subfolders
    /// (Batfish's `snapshot/aws_configs/<region>/`), so a folder of files is never read twice.
    static func jsonFiles(in folder: String) -> [String] {
        let entries = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
            .filter { !$0.hasPrefix(".") }.map { (folder as NSString).appendingPathComponent($0) }
        let files = entries.filter { $0.hasSuffix(".json") && !isFolder($0) }
        if !files.isEmpty { return files }
        return entries.filter(isFolder).flatMap(jsonFiles)
    }

    static func isFolder(_ path: String) -> Bool {
        var folder: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &folder) && folder.boolValue
    }

    /// Reads JSON documents given as data (`name` is how errors call each one).
    public static func read(documents list: [(name: String, data: Data)], quotas: Quotas = Quotas()) throws(AccountImportError)
        -> AccountImport
    {
        var documents = AccountDocuments()
        for (name, data) in list { try documents.add(data, name: name) }
        return try build(documents, quotas: quotas)
    }

    static func build(_ documents: AccountDocuments, quotas: Quotas) throws(AccountImportError) -> AccountImport {
        var builder = Builder(documents: documents, quotas: quotas)
        return try builder.run()
    }
}

/// One import in progress.
private struct Builder {
    let d: AccountDocuments
    var world: WorldImport
    var skipped: [String: Int] = [:]
    var notes: [String] = []
    var counts: [String: Int] = [:]
    /// Where each imported ID was read, to point a consistency error at the file.
    var origin: [String: Location] = [:]
    /// Names taken, per kind and scope, to keep imported names unique as sglab's are.
    var namesTaken: Set<String> = []
    var untypableNames = 0
    /// Each VPC's IPv6 block, for its local IPv6 route.
    var ipv6Blocks: [String: CIDR] = [:]

    init(documents: AccountDocuments, quotas: Quotas) {
        d = documents
        world = WorldImport(quotas: quotas)
    }

    mutating func skip(_ kind: String, _ n: Int = 1) {
        if n > 0 { skipped[kind, default: 0] += n }
    }

    mutating func record(_ id: String, _ at: Location, _ kind: String) throws(AccountImportError) {
        if let first = origin[id] {
            throw AccountImportError("\(at): \(id) was already read at \(first.path) of \(first.file)")
        }
        origin[id] = at
        counts[kind, default: 0] += 1
    }

    /// The name a resource gets: `given` when it can be typed and is free in its scope, else the ID.
    mutating func name(_ given: String?, id: String, kind: ResourceType, scope: String?, foldCase: Bool = false) -> String {
        guard let given, !given.isEmpty, given != id else { return id }
        let builtIn = (kind == .securityGroup && given == "default")
        guard builtIn || WorldImport.isTypableName(given) else {
            untypableNames += 1
            return id
        }
        let key = "\(kind.rawValue)/\(scope ?? "")/\(foldCase ? given.lowercased() : given)"
        guard namesTaken.insert(key).inserted else {
            notes.append("\(id) is named \(given) like another \(kind.noun)\(scope == nil ? "" : " of its VPC"): it keeps its ID as its name")
            return id
        }
        return given
    }

    func cidr(_ text: String?, _ at: Location) throws(AccountImportError) -> CIDR {
        guard let text else { throw AccountImportError("\(at): a CIDR block is missing") }
        switch CIDR.parse(text) {
        case .valid(let block, _): return block
        case .invalid(let reason): throw AccountImportError("\(at): \(text) is not a CIDR block (\(reason))")
        }
    }

    func address(_ text: String, _ at: Location) throws(AccountImportError) -> IPAddress {
        guard let address = IPAddress(text) else { throw AccountImportError("\(at): \(text) is not an IPv4 address") }
        return address
    }

    mutating func run() throws(AccountImportError) -> AccountImport {
        let vpcIDs = Set(d.vpcs.map(\.value.VpcId))
        guard !d.vpcs.isEmpty else {
            throw AccountImportError("no VPCs to import: give the output of aws ec2 describe-vpcs (a file whose top-level key is Vpcs)")
        }
        try prefixLists()
        // The main route table, default network ACL and default group of each VPC.
        var mainTable: [String: String] = [:]
        var tableOfSubnet: [String: String] = [:]
        for rt in d.routeTables {
            for a in rt.value.Associations ?? [] {
                if a.Main == true { mainTable[rt.value.VpcId] = rt.value.RouteTableId }
                if let s = a.SubnetId { tableOfSubnet[s] = rt.value.RouteTableId }
                if a.GatewayId != nil { skip("route table association with a gateway (edge association)") }
            }
        }
        var defaultACL: [String: String] = [:]
        var aclOfSubnet: [String: String] = [:]
        for acl in d.networkACLs {
            if acl.value.IsDefault == true { defaultACL[acl.value.VpcId] = acl.value.NetworkAclId }
            for a in acl.value.Associations ?? [] { if let s = a.SubnetId { aclOfSubnet[s] = acl.value.NetworkAclId } }
        }
        var defaultGroup: [String: String] = [:]
        for g in d.securityGroups where g.value.GroupName == "default" {
            if let v = g.value.VpcId { defaultGroup[v] = g.value.GroupId }
        }
        var vpcBlocks: [String: CIDR] = [:]
        for vpc in d.vpcs {
            let v = vpc.value
            let block = try cidr(v.CidrBlock, vpc.at.appending(".CidrBlock"))
            vpcBlocks[v.VpcId] = block
            let more = (v.CidrBlockAssociationSet ?? []).filter { $0.CidrBlock != nil && $0.CidrBlock != v.CidrBlock }
            skip("secondary IPv4 block of a VPC", more.count)
            let sixes = (v.Ipv6CidrBlockAssociationSet ?? []).compactMap(\.Ipv6CidrBlock)
            skip("second IPv6 CIDR block of a VPC", max(0, sixes.count - 1))
            func required(_ id: String?, _ what: String, _ call: String) throws(AccountImportError) -> String {
                guard let id else {
                    throw AccountImportError("\(vpc.at): \(v.VpcId) has no \(what) in the input (give the output of aws ec2 \(call))")
                }
                return id
            }
            try record(v.VpcId, vpc.at, "VPC")
            world.addVPC(
                id: v.VpcId, name: name(v.Tags?.name, id: v.VpcId, kind: .vpc, scope: nil), cidr: block,
                mainRouteTableID: try required(mainTable[v.VpcId], "main route table", "describe-route-tables"),
                defaultNetworkACLID: try required(defaultACL[v.VpcId], "default network ACL", "describe-network-acls"),
                defaultSecurityGroupID: try required(defaultGroup[v.VpcId], "default security group", "describe-security-groups"))
            if let six = sixes.first {
                let block = try cidr(six, vpc.at.appending(".Ipv6CidrBlockAssociationSet[0].Ipv6CidrBlock"))
                world.setIPv6(vpc: v.VpcId, block)
                ipv6Blocks[v.VpcId] = block
            }
        }
        var subnetsIn: [String: (vpc: String, block: CIDR)] = [:]
        for subnet in d.subnets {
            let s = subnet.value
            guard vpcIDs.contains(s.VpcId) else { throw AccountImportError("\(subnet.at): \(s.SubnetId) is in \(s.VpcId), which is not in the input") }
            guard s.CidrBlock != nil else {
                skip("IPv6-only subnet")
                continue
            }
            let block = try cidr(s.CidrBlock, subnet.at.appending(".CidrBlock"))
            let subnetSixes = (s.Ipv6CidrBlockAssociationSet ?? []).compactMap(\.Ipv6CidrBlock)
            skip("second IPv6 CIDR block of a subnet", max(0, subnetSixes.count - 1))
            if s.MapPublicIpOnLaunch == true { skip("subnet setting MapPublicIpOnLaunch") }
            guard let acl = aclOfSubnet[s.SubnetId] else {
                throw AccountImportError("\(subnet.at): no network ACL is associated with \(s.SubnetId) (give the output of aws ec2 describe-network-acls)")
            }
            try record(s.SubnetId, subnet.at, "subnet")
            subnetsIn[s.SubnetId] = (s.VpcId, block)
            world.addSubnet(
                id: s.SubnetId, name: name(s.Tags?.name, id: s.SubnetId, kind: .subnet, scope: s.VpcId), vpcID: s.VpcId,
                cidr: block, availabilityZone: s.AvailabilityZone, routeTableID: tableOfSubnet[s.SubnetId], networkACLID: acl)
            if let six = subnetSixes.first {
                world.setIPv6(subnet: s.SubnetId, try cidr(six, subnet.at.appending(".Ipv6CidrBlockAssociationSet[0].Ipv6CidrBlock")))
            }
        }
        let interfaces = try self.interfaces(subnetsIn)
        try routeTables(vpcBlocks, interfaces: interfaces)
        try networkACLs(vpcIDs)
        try securityGroups(vpcIDs)
        try internetGateways(vpcIDs)

        switch world.finish() {
        case .success(let built):
            skip("untypable Name tag (the ID is the name)", untypableNames)
            for (key, n) in d.unreadKeys { skip("\(key) (an output sglab does not read)", n) }
            notes += d.unreadFiles.map { "\($0) holds no describe-* output: skipped" }
            let order = [
                "VPC", "subnet", "route table", "network ACL", "security group", "network interface", "EC2 instance",
                "internet gateway", "NAT gateway", "Elastic IP", "prefix list",
            ]
            return AccountImport(
                world: built, imported: order.map { ($0, counts[$0] ?? 0) },
                skipped: skipped.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }, notes: notes)
        case .failure(let problem):
            // The message names an ID: point at where that resource was read.
            let words = problem.message.split(whereSeparator: { " (),:".contains($0) }).map(String.init)
            let origin = self.origin
            let place = words.compactMap { origin[$0] }.first
            throw AccountImportError(
                (place.map { "\($0): " } ?? "") + "the account is not consistent: \(problem.message); nothing was imported")
        }
    }

    // MARK: Prefix lists

    var prefixListIDs: Set<String> = []

    mutating func prefixLists() throws(AccountImportError) {
        for list in d.prefixLists {
            let p = list.value
            if let family = p.AddressFamily, family != "IPv4" {
                skip("IPv6 prefix list")
                continue
            }
            var blocks: [CIDR] = []
            if let cidrs = p.Cidrs {
                for (i, text) in cidrs.enumerated() { blocks.append(try cidr(text, list.at.appending(".Cidrs[\(i)]"))) }
            } else if let entries = d.prefixListEntries[p.PrefixListId] {
                for (i, e) in entries.value.enumerated() { blocks.append(try cidr(e.Cidr, entries.at.appending("[\(i)].Cidr"))) }
            } else {
                notes.append("prefix list \(p.PrefixListId) is skipped: its entries are not in the input (aws ec2 get-managed-prefix-list-entries)")
                skip("prefix list without its entries")
                continue
            }
            try record(p.PrefixListId, list.at, "prefix list")
            prefixListIDs.insert(p.PrefixListId)
            let given = p.Tags?.name ?? p.PrefixListName
            world.addPrefixList(
                id: p.PrefixListId, name: name(given, id: p.PrefixListId, kind: .prefixList, scope: nil), entries: blocks,
                maxEntries: max(p.MaxEntries ?? blocks.count, 1))
        }
    }

    // MARK: Interfaces, instances, NAT gateways, Elastic IPs

    /// Imports interfaces, instances, NAT gateways and Elastic IPs; returns the imported
    /// interfaces' IDs.
    mutating func interfaces(_ subnets: [String: (vpc: String, block: CIDR)]) throws(AccountImportError) -> Set<String> {
        // Interfaces by ID: describe-network-interfaces first, then those only an instance lists.
        var byID: [String: Located<AWS.NetworkInterface>] = [:]
        var order: [String] = []
        for eni in d.interfaces {
            if byID[eni.value.NetworkInterfaceId] != nil {
                throw AccountImportError("\(eni.at): \(eni.value.NetworkInterfaceId) appears twice")
            }
            byID[eni.value.NetworkInterfaceId] = eni
            order.append(eni.value.NetworkInterfaceId)
        }
        var instanceOf: [String: String] = [:]
        var liveInstances: [Located<AWS.Instance>] = []
        for instance in d.instances {
            let state = instance.value.State?.Name ?? "running"
            if ["terminated", "shutting-down"].contains(state) {
                skip("terminated EC2 instance")
                continue
            }
            if state != "running" && state != "pending" {
                notes.append("\(instance.value.InstanceId) is \(state): sglab evaluates it as running")
            }
            liveInstances.append(instance)
            for (i, eni) in (instance.value.NetworkInterfaces ?? []).enumerated() {
                instanceOf[eni.NetworkInterfaceId] = instance.value.InstanceId
                if byID[eni.NetworkInterfaceId] == nil {
                    byID[eni.NetworkInterfaceId] = Located(value: eni, at: instance.at.appending(".NetworkInterfaces[\(i)]"))
                    order.append(eni.NetworkInterfaceId)
                }
            }
        }
        // NAT gateways and the interfaces they own.
        var natOfInterface: [String: String] = [:]
        var natAllocation: [String: (allocation: String, publicIp: String?)] = [:]
        var liveNATs: [Located<AWS.NatGateway>] = []
        for nat in d.natGateways {
            let n = nat.value
            guard (n.State ?? "available") == "available" || n.State == "pending" else {
                skip("NAT gateway that is \(n.State ?? "")")
                continue
            }
            if n.ConnectivityType == "private" {
                skip("private NAT gateway")
                continue
            }
            let addresses = n.NatGatewayAddresses ?? []
            guard let primary = addresses.first, let eniID = primary.NetworkInterfaceId, let allocation = primary.AllocationId else {
                throw AccountImportError("\(nat.at).NatGatewayAddresses: \(n.NatGatewayId) has no address with an interface and an allocation")
            }
            skip("secondary address of a NAT gateway", addresses.count - 1)
            guard let subnet = subnets[n.SubnetId] else {
                throw AccountImportError("\(nat.at): \(n.NatGatewayId) is in \(n.SubnetId), which is not in the input")
            }
            if byID[eniID] == nil, let ip = primary.PrivateIp {
                byID[eniID] = Located(
                    value: AWS.NetworkInterface(
                        NetworkInterfaceId: eniID, SubnetId: n.SubnetId, VpcId: n.VpcId, PrivateIpAddress: ip,
                        Association: AWS.Association(PublicIp: primary.PublicIp, AllocationId: allocation),
                        InterfaceType: "nat_gateway"),
                    at: nat.at.appending(".NatGatewayAddresses[0]"))
                order.append(eniID)
            }
            // An emulator may give a NAT gateway an address outside its subnet, which AWS never does.
            if let ip = byID[eniID].flatMap({ IPAddress($0.value.PrivateIpAddress) }), !subnet.block.contains(ip) {
                notes.append(
                    "\(n.NatGatewayId) is skipped: its address \(ip) is outside its subnet's \(subnet.block), which AWS never does (emulator output?); routes to it are blackholes")
                skip("NAT gateway with an address outside its subnet")
                byID[eniID] = nil
                continue
            }
            natOfInterface[eniID] = n.NatGatewayId
            natAllocation[n.NatGatewayId] = (allocation, primary.PublicIp)
            liveNATs.append(nat)
        }
        let liveInstanceIDs = Set(liveInstances.map(\.value.InstanceId))
        // Which interfaces are imported.
        var imported: [String: Located<AWS.NetworkInterface>] = [:]
        var instanceInterfaces: [String: [(Int, String)]] = [:]
        for id in order {
            guard let eni = byID[id] else { continue }
            let e = eni.value
            if natOfInterface[id] == nil {
                if e.InterfaceType == "nat_gateway" {
                    skip("interface of a NAT gateway not in the input")
                    continue
                }
                if let type = e.InterfaceType, type != "interface" {
                    skip("network interface of type \(type)")
                    continue
                }
                if e.RequesterManaged == true {
                    skip("requester-managed network interface (load balancer, endpoint, Lambda, RDS…)")
                    continue
                }
            }
            guard subnets[e.SubnetId] != nil else {
                throw AccountImportError("\(eni.at): \(id) is in \(e.SubnetId), which is not in the input")
            }
            if let instance = e.Attachment?.InstanceId ?? instanceOf[id] {
                guard liveInstanceIDs.contains(instance) else {
                    skip("network interface of an instance not in the input")
                    continue
                }
                instanceInterfaces[instance, default: []].append((e.Attachment?.DeviceIndex ?? 0, id))
            }
            imported[id] = eni
        }
        // Elastic IPs: those of describe-addresses, and any an imported interface names.
        var elastic: [String: (publicIp: String, interface: String?, at: Location, tags: [AWS.Tag]?)] = [:]
        var elasticOrder: [String] = []
        for a in d.addresses {
            guard let allocation = a.value.AllocationId, a.value.Domain ?? "vpc" == "vpc" else {
                skip("EC2-Classic Elastic IP")
                continue
            }
            var interface = a.value.NetworkInterfaceId.flatMap { $0.isEmpty ? nil : $0 }
            if let i = interface, imported[i] == nil {
                notes.append("\(allocation) is imported unassociated: its interface \(i) is not imported")
                interface = nil
            }
            elastic[allocation] = (a.value.PublicIp, interface, a.at, a.value.Tags)
            elasticOrder.append(allocation)
        }
        for id in order {
            guard let eni = imported[id], let association = eni.value.Association, let allocation = association.AllocationId,
                let ip = association.PublicIp
            else { continue }
            if elastic[allocation] == nil {
                elastic[allocation] = (ip, id, eni.at.appending(".Association"), nil)
                elasticOrder.append(allocation)
            } else {
                elastic[allocation]!.interface = id
            }
        }
        for allocation in elasticOrder {
            let e = elastic[allocation]!
            try record(allocation, e.at, "Elastic IP")
            world.addElasticIP(
                allocationID: allocation, name: name(e.tags?.name, id: allocation, kind: .elasticIP, scope: nil),
                publicAddress: try address(e.publicIp, e.at.appending(".PublicIp")), interfaceID: e.interface)
        }
        for id in order {
            guard let eni = imported[id] else { continue }
            let e = eni.value
            let privates = e.PrivateIpAddresses ?? []
            skip("secondary private IPv4 address", max(0, privates.count - 1))
            let eniSixes = (e.Ipv6Addresses ?? []).compactMap(\.Ipv6Address)
            skip("second IPv6 address of an interface", max(0, eniSixes.count - 1))
            let natID = natOfInterface[id]
            // A NAT gateway's interface has no security groups ("NAT gateways": "You can't
            // associate a security group with a NAT gateway").
            let groups = natID == nil ? (e.Groups ?? []).map(\.GroupId) : []
            if natID != nil, !(e.Groups ?? []).isEmpty {
                notes.append("\(id) belongs to a NAT gateway, which has no security groups: its groups are not imported")
            }
            let allocation = e.Association?.AllocationId ?? natID.flatMap { natAllocation[$0]?.allocation }
            let publicText = e.Association?.PublicIp ?? allocation.flatMap { elastic[$0]?.publicIp }
            try record(id, eni.at, "network interface")
            let instance = e.Attachment?.InstanceId ?? instanceOf[id]
            world.addNetworkInterface(
                id: id, name: name(e.TagSet?.name, id: id, kind: .networkInterface, scope: e.VpcId), subnetID: e.SubnetId,
                vpcID: e.VpcId, privateAddress: try address(e.PrivateIpAddress, eni.at.appending(".PrivateIpAddress")),
                publicAddress: try publicText.map { (t: String) throws(AccountImportError) in try address(t, eni.at.appending(".Association.PublicIp")) },
                elasticIPAllocationID: allocation, securityGroupIDs: groups, resourceID: instance, natGatewayID: natID)
            if let six = eniSixes.first {
                world.setIPv6(interface: id, try address(six, eni.at.appending(".Ipv6Addresses[0].Ipv6Address")))
            }
        }
        for instance in liveInstances {
            let i = instance.value
            guard let interfaces = instanceInterfaces[i.InstanceId], !interfaces.isEmpty else {
                skip("EC2 instance without a network interface in the input")
                continue
            }
            guard let vpc = i.VpcId ?? imported[interfaces[0].1]?.value.VpcId else { continue }
            try record(i.InstanceId, instance.at, "EC2 instance")
            world.addInstance(
                id: i.InstanceId, name: name(i.Tags?.name, id: i.InstanceId, kind: .resource, scope: vpc), vpcID: vpc,
                interfaceIDs: interfaces.sorted { $0.0 < $1.0 }.map(\.1), sourceDestinationCheck: i.SourceDestCheck ?? true)
        }
        for nat in liveNATs {
            let n = nat.value
            guard let eniID = natOfInterface.first(where: { $0.value == n.NatGatewayId })?.key, imported[eniID] != nil,
                let allocation = natAllocation[n.NatGatewayId]?.allocation
            else { continue }
            try record(n.NatGatewayId, nat.at, "NAT gateway")
            world.addNATGateway(
                id: n.NatGatewayId, name: name(n.Tags?.name, id: n.NatGatewayId, kind: .natGateway, scope: n.VpcId),
                subnetID: n.SubnetId, vpcID: n.VpcId, interfaceID: eniID, allocationID: allocation)
        }
        return Set(imported.keys)
    }

    // MARK: Route tables

    mutating func routeTables(_ blocks: [String: CIDR], interfaces: Set<String>) throws(AccountImportError) {
        let primaryInterface = Dictionary(
            d.instances.compactMap { i in
                (i.value.NetworkInterfaces ?? []).first { ($0.Attachment?.DeviceIndex ?? 0) == 0 }.map { (i.value.InstanceId, $0.NetworkInterfaceId) }
            }, uniquingKeysWith: { a, _ in a })
        for rt in d.routeTables {
            let t = rt.value
            guard let vpcBlock = blocks[t.VpcId] else {
                throw AccountImportError("\(rt.at): \(t.RouteTableId) is in \(t.VpcId), which is not in the input")
            }
            var routes: [(CIDR?, prefixList: String?, RouteTarget)] = []
            for (i, r) in (t.Routes ?? []).enumerated() {
                let at = rt.at.appending(".Routes[\(i)]")
                // IPv6 routes: the local one and those to the internet gateway (decision 25).
                if let six = r.DestinationIpv6CidrBlock {
                    let destination = try cidr(six, at.appending(".DestinationIpv6CidrBlock"))
                    if r.GatewayId == "local" {
                        if destination == ipv6Blocks[t.VpcId] { routes.append((destination, nil, .local)) } else { skip("IPv6 local route of a VPC block not in the input") }
                    } else if let g = r.GatewayId, g.hasPrefix("igw-") {
                        routes.append((destination, nil, .internetGateway(InternetGateway.ID(g))))
                    } else {
                        skip("IPv6 " + unmodelledTarget(r))
                    }
                    continue
                }
                let target: RouteTarget
                if r.GatewayId == "local" {
                    target = .local
                } else if let g = r.GatewayId, g.hasPrefix("igw-") {
                    target = .internetGateway(InternetGateway.ID(g))
                } else if let n = r.NatGatewayId {
                    target = .natGateway(NATGateway.ID(n))
                } else if let e = r.NetworkInterfaceId ?? r.InstanceId.flatMap({ primaryInterface[$0] }) {
                    target = .networkInterface(NetworkInterface.ID(e))
                } else {
                    skip(unmodelledTarget(r))
                    continue
                }
                if let list = r.DestinationPrefixListId {
                    guard prefixListIDs.contains(list) else {
                        skip("route to a prefix list not in the input")
                        continue
                    }
                    routes.append((nil, list, target))
                    continue
                }
                let destination = try cidr(r.DestinationCidrBlock, at.appending(".DestinationCidrBlock"))
                if target == .local && destination != vpcBlock {
                    skip("local route of a secondary VPC block")
                    continue
                }
                routes.append((destination, nil, target))
            }
            try record(t.RouteTableId, rt.at, "route table")
            world.addRouteTable(
                id: t.RouteTableId, name: name(t.Tags?.name, id: t.RouteTableId, kind: .routeTable, scope: t.VpcId),
                vpcID: t.VpcId, routes: routes)
        }
    }

    func unmodelledTarget(_ r: AWS.Route) -> String {
        if let g = r.GatewayId {
            if g.hasPrefix("vpce-") { return "route to a VPC endpoint" }
            if g.hasPrefix("vgw-") { return "route to a virtual private gateway" }
            return "route to a gateway sglab does not model"
        }
        if r.VpcPeeringConnectionId != nil { return "route to a VPC peering connection" }
        if r.TransitGatewayId != nil { return "route to a transit gateway" }
        if r.EgressOnlyInternetGatewayId != nil { return "route to an egress-only internet gateway" }
        if r.CarrierGatewayId != nil { return "route to a carrier gateway" }
        if r.LocalGatewayId != nil { return "route to a local gateway" }
        if r.CoreNetworkArn != nil { return "route to a Cloud WAN core network" }
        return "route with no target sglab models"
    }

    // MARK: Network ACLs

    /// ICMP type and code as the API writes them: -1 (or nothing) for all ("NetworkAclEntry", "IcmpTypeCode").
    static func icmp(type: Int?, code: Int?) -> ICMPTypeCode {
        guard let type, (0...255).contains(type) else { return .all }
        guard let code, (0...255).contains(code) else { return ICMPTypeCode(type: UInt8(type)) }
        return ICMPTypeCode(type: UInt8(type), code: UInt8(code))
    }

    /// Protocol and ports of an entry or rule; nil for IPv6-only protocols (ICMPv6).
    func traffic(_ protocolText: String, from: Int?, to: Int?, icmpType: Int?, icmpCode: Int?, _ at: Location) throws(AccountImportError)
        -> TrafficSpec?
    {
        if protocolText == "icmpv6" || protocolText == "58" { return nil }
        guard let p = IPProtocol(name: protocolText) else {
            throw AccountImportError("\(at): \(protocolText) is not a protocol (a name such as tcp, a number 0-255, or -1)")
        }
        switch p {
        case .tcp, .udp:
            // No range, or -1, means every port ("IpPermission": FromPort/ToPort).
            guard let from, let to, from != -1 || to != -1 else { return TrafficSpec(p, .ports(.all)) }
            guard let range = PortRange(from: from, to: to) else {
                throw AccountImportError("\(at): \(from)-\(to) is not a port range (0-65535, from ≤ to)")
            }
            return TrafficSpec(p, .ports(range))
        case .icmp:
            return TrafficSpec(p, .icmp(Builder.icmp(type: icmpType, code: icmpCode)))
        default:
            return TrafficSpec(p)
        }
    }

    mutating func networkACLs(_ vpcs: Set<String>) throws(AccountImportError) {
        for acl in d.networkACLs {
            let a = acl.value
            guard vpcs.contains(a.VpcId) else {
                throw AccountImportError("\(acl.at): \(a.NetworkAclId) is in \(a.VpcId), which is not in the input")
            }
            var inbound: [WorldImport.Entry] = []
            var outbound: [WorldImport.Entry] = []
            for (i, e) in (a.Entries ?? []).enumerated() {
                let at = acl.at.appending(".Entries[\(i)]")
                // IPv6 entries are kept (aws-semantics.md Part 1, decision 25): they decide IPv6
                // traffic; the IPv6 `*` entry is sglab's own, as the IPv4 one is.
                let block = e.Ipv6CidrBlock != nil
                    ? try cidr(e.Ipv6CidrBlock, at.appending(".Ipv6CidrBlock")) : try cidr(e.CidrBlock, at.appending(".CidrBlock"))
                guard let action = RuleAction(rawValue: e.RuleAction) else {
                    throw AccountImportError("\(at).RuleAction: \(e.RuleAction) is not allow or deny")
                }
                guard let spec = try traffic(
                    e.Protocol, from: e.PortRange?.From, to: e.PortRange?.To, icmpType: e.IcmpTypeCode?.Type,
                    icmpCode: e.IcmpTypeCode?.Code, at.appending(".Protocol"))
                else {
                    skip("ICMPv6 network ACL entry (sglab does not match ICMPv6 types yet)")
                    continue
                }
                // The `*` entry every ACL ends with ("Network ACL rules"): sglab adds its own.
                // AWS numbers the IPv6 one 32768.
                if e.RuleNumber == NetworkACLEntry.catchAllNumber || (e.RuleNumber == NetworkACLEntry.catchAllNumber + 1 && block.isIPv6) {
                    guard spec == .allTraffic, block == .anywhere || block == .anywhere6, action == .deny else {
                        throw AccountImportError("\(at): rule 32767 is the * deny-all entry, but this one is \(action.rawValue) \(spec) \(block)")
                    }
                    continue
                }
                guard (1...32766).contains(e.RuleNumber) else {
                    throw AccountImportError("\(at).RuleNumber: \(e.RuleNumber) is not a rule number (1-32766)")
                }
                let entry = WorldImport.Entry(ruleNumber: e.RuleNumber, traffic: spec, cidr: block, action: action)
                if e.Egress { outbound.append(entry) } else { inbound.append(entry) }
            }
            try record(a.NetworkAclId, acl.at, "network ACL")
            world.addNetworkACL(
                id: a.NetworkAclId, name: name(a.Tags?.name, id: a.NetworkAclId, kind: .networkACL, scope: a.VpcId),
                vpcID: a.VpcId, isDefault: a.IsDefault ?? false, inbound: inbound, outbound: outbound)
        }
    }

    // MARK: Security groups

    mutating func securityGroups(_ vpcs: Set<String>) throws(AccountImportError) {
        let groupIDs = Set(d.securityGroups.map(\.value.GroupId))
        let vpcOfGroup = Dictionary(d.securityGroups.map { ($0.value.GroupId, $0.value.VpcId ?? "") }, uniquingKeysWith: { a, _ in a })
        // describe-security-group-rules gives each rule's ID: matched by what the rule says.
        var ruleIDs: [String: [String]] = [:]
        for rule in d.securityGroupRules {
            let r = rule.value
            let peer = r.CidrIpv4 ?? r.CidrIpv6 ?? r.PrefixListId ?? r.ReferencedGroupInfo?.GroupId ?? ""
            ruleIDs[ruleKey(r.GroupId, r.IsEgress, r.IpProtocol, r.FromPort, r.ToPort, peer), default: []].append(r.SecurityGroupRuleId)
        }
        for group in d.securityGroups {
            let g = group.value
            guard let vpc = g.VpcId, vpcs.contains(vpc) else {
                throw AccountImportError("\(group.at): \(g.GroupId) is in \(g.VpcId ?? "no VPC"), which is not in the input")
            }
            var directions: [[WorldImport.Rule]] = []
            for (key, egress) in [("IpPermissions", false), ("IpPermissionsEgress", true)] {
                var rules: [WorldImport.Rule] = []
                for (i, p) in ((egress ? g.IpPermissionsEgress : g.IpPermissions) ?? []).enumerated() {
                    let at = group.at.appending(".\(key)[\(i)]")
                    guard let spec = try traffic(p.IpProtocol, from: p.FromPort, to: p.ToPort, icmpType: p.FromPort, icmpCode: p.ToPort, at.appending(".IpProtocol")) else {
                        skip("ICMPv6 security group rule (sglab does not match ICMPv6 types yet)")
                        continue
                    }
                    func id(_ peer: String) -> String? {
                        let k = ruleKey(g.GroupId, egress, p.IpProtocol, p.FromPort, p.ToPort, peer)
                        guard let first = ruleIDs[k]?.first else { return nil }
                        ruleIDs[k]!.removeFirst()
                        return first
                    }
                    for (j, r) in (p.IpRanges ?? []).enumerated() {
                        let block = try cidr(r.CidrIp, at.appending(".IpRanges[\(j)].CidrIp"))
                        rules.append(.init(id: id(r.CidrIp), traffic: spec, peer: .cidr(block), description: r.Description ?? ""))
                    }
                    // IPv6 ranges are rules of their own (::/0 is never covered by 0.0.0.0/0).
                    for (j, r) in (p.Ipv6Ranges ?? []).enumerated() {
                        let block = try cidr(r.CidrIpv6, at.appending(".Ipv6Ranges[\(j)].CidrIpv6"))
                        rules.append(.init(id: id(r.CidrIpv6 ?? ""), traffic: spec, peer: .cidr(block), description: r.Description ?? ""))
                    }
                    for list in p.PrefixListIds ?? [] {
                        guard prefixListIDs.contains(list.PrefixListId) else {
                            skip("rule naming a prefix list not in the input")
                            continue
                        }
                        rules.append(.init(id: id(list.PrefixListId), traffic: spec, peer: .prefixList(PrefixList.ID(list.PrefixListId)), description: list.Description ?? ""))
                    }
                    for pair in p.UserIdGroupPairs ?? [] {
                        guard let other = pair.GroupId, groupIDs.contains(other), pair.VpcPeeringConnectionId == nil,
                            vpcOfGroup[other] == vpc
                        else {
                            skip("rule naming a group of another VPC or account")
                            continue
                        }
                        rules.append(.init(id: id(other), traffic: spec, peer: .securityGroup(SecurityGroup.ID(other)), description: pair.Description ?? ""))
                    }
                }
                directions.append(rules)
            }
            try record(g.GroupId, group.at, "security group")
            world.addSecurityGroup(
                id: g.GroupId, name: name(g.GroupName, id: g.GroupId, kind: .securityGroup, scope: vpc, foldCase: true),
                description: g.Description ?? "", vpcID: vpc, ingress: directions[0], egress: directions[1])
        }
    }

    func ruleKey(_ group: String, _ egress: Bool, _ p: String, _ from: Int?, _ to: Int?, _ peer: String) -> String {
        "\(group)|\(egress)|\(IPProtocol(name: p)?.name ?? p)|\(from ?? -1)|\(to ?? -1)|\(peer)"
    }

    // MARK: Internet gateways

    mutating func internetGateways(_ vpcs: Set<String>) throws(AccountImportError) {
        for igw in d.internetGateways {
            let g = igw.value
            let attached = (g.Attachments ?? []).first { $0.State == "available" || $0.State == "attached" }?.VpcId
            if let v = attached, !vpcs.contains(v) {
                throw AccountImportError("\(igw.at): \(g.InternetGatewayId) is attached to \(v), which is not in the input")
            }
            try record(g.InternetGatewayId, igw.at, "internet gateway")
            world.addInternetGateway(
                id: g.InternetGatewayId, name: name(g.Tags?.name, id: g.InternetGatewayId, kind: .internetGateway, scope: nil),
                vpcID: attached)
        }
    }
}
