import SGLabCore
import SGLabLanguage
import Testing

@testable import SGLabTerminal

/// A small lab built by commands, as a learner would: a public and a private subnet, an
/// internet gateway, a NAT gateway, a custom network ACL, two groups (one referencing the other)
/// and two resources.
struct Lab {
    var session = Session()

    static let commands = [
        "vpc create lab 10.0.0.0/16",
        "subnet create pub in lab 10.0.1.0/24",
        "subnet create priv in lab 10.0.2.0/24",
        "igw create gw in lab",
        "rt create public in lab",
        "route add public 0.0.0.0/0 via gw",
        "rt associate public pub",
        "nat create natgw in pub",
        "rt create private in lab",
        "route add private 0.0.0.0/0 via natgw",
        "rt associate private priv",
        "nacl create pub-acl in lab",
        "nacl associate pub-acl pub",
        "nacl add pub-acl in 120 allow tcp 1024-65535 from 0.0.0.0/0",
        "nacl add pub-acl in 100 allow tcp 443 from 0.0.0.0/0",
        "nacl add pub-acl out 100 allow all to 0.0.0.0/0",
        "sg create web in lab \"web tier\"",
        "sg allow web in https from 0.0.0.0/0 \"public site\"",
        "sg allow web in ssh from 192.0.2.0/24",
        "sg create db in lab",
        "sg allow db in postgres from web \"from web\"",
        "sg revoke db out all to 0.0.0.0/0",
        "launch ec2 www in pub sg web public-ip",
        "launch rds orders in priv sg db",
    ]

    init(_ extra: [String] = []) throws {
        for line in Lab.commands + extra { _ = try session.execute(line) }
    }

    var world: World { session.world }

    /// What `line` (a `show` command) prints.
    mutating func show(_ line: String, style: Style = .plain) throws -> String {
        guard case .show(let kind, let id, let world)? = try session.execute(line) else {
            Issue.record("\(line) is not a show command")
            return ""
        }
        return WorldRenderer.render(kind: kind, id: id, world: world, style: style)
    }

    func id(_ type: ResourceType, _ name: String) throws -> String { try world.resolve(type, name) }
    func id<Kind: Identified>(_ type: ResourceType, _ name: String) throws -> ID<Kind> {
        precondition(type == Kind.resourceType)
        return try world.resolve(Kind.self, name)
    }
}

/// Lines of `text` from the first that starts with `┌` to the next that starts with `└`.
func firstBox(in text: String, after marker: String = "") -> [String] {
    var lines = text.split(separator: "\n").map(String.init)
    if !marker.isEmpty, let start = lines.firstIndex(where: { $0.contains(marker) }) { lines = Array(lines[start...]) }
    guard let top = lines.firstIndex(where: { $0.hasPrefix("┌") }),
        let bottom = lines[top...].firstIndex(where: { $0.hasPrefix("└") })
    else { return [] }
    return Array(lines[top...bottom])
}

/// Cells of a table row split on runs of two or more spaces.
func cells(_ line: String) -> [String] {
    let inner = line.hasPrefix("│") ? String(line.dropFirst().dropLast()) : line
    var parts: [String] = []
    var rest = Substring(inner)
    while let range = rest.firstRange(of: "  ") {
        parts.append(String(rest[..<range.lowerBound]))
        rest = rest[range.upperBound...]
    }
    parts.append(String(rest))
    return parts.map(trimmed).filter { !$0.isEmpty }
}

/// `text` without spaces at either end.
func trimmed(_ text: some StringProtocol) -> String {
    var text = Substring(text)
    while text.first == " " { text.removeFirst() }
    while text.last == " " { text.removeLast() }
    return String(text)
}

@Suite("Table layout")
struct TableTests {
    @Test(
        "display width counts what a terminal shows",
        arguments: [
            ("abc", 3), ("10.0.0.0/16 → gw", 16), ("✓ allowed", 9), ("│─┌┐└┘", 6), ("\u{1B}[1;31mDeny\u{1B}[0m", 4),
            ("e\u{301}", 1), ("表", 2), ("", 0),
        ])
    func displayWidth(text: String, width: Int) {
        #expect(Table.width(text) == width)
    }

    @Test("every line of a boxed table has the same display width, multi-byte and coloured cells included")
    func aligned() {
        let style = Style(colour: true)
        let table = Table(
            [.init("Name"), .init("Route"), .init("Check")],
            rows: [["a", "0.0.0.0/0 → gw", style.passed("✓")], ["longer name", "local", style.failed("✗ blocked")]])
        let lines = table.lines(style: style)
        #expect(lines.count == 6)
        #expect(Set(lines.map { Table.width($0) }).count == 1)
        #expect(lines[0].contains("┌") && lines[2].contains("├") && lines[5].contains("└"))
    }

    @Test("a table wider than allowed wraps its wrapping columns and keeps every line the same width")
    func wraps() {
        let long = "a description long enough to push the table past the edge of a narrow terminal window"
        let table = Table(
            [.init("ID"), .init("Description", wraps: true)], rows: [["sgr-0123456789abcdef0", long]], maxWidth: 50)
        let lines = table.render(style: .plain).split(separator: "\n")
        #expect(lines.allSatisfy { Table.width($0) == 50 })
        #expect(lines.count > 5)
        #expect(lines.contains { $0.contains("sgr-0123456789abcdef0") })
    }

    @Test("a plain key-value list aligns its values and leaves no trailing spaces")
    func keyValue() {
        let lines = Table.keyValue([("VPC", "lab"), ("route table", "public")]).lines(style: .plain)
        #expect(lines == ["VPC          lab", "route table  public"])
    }
}

@Suite("World views")
struct WorldRendererTests {
    @Test("an empty world says how to begin")
    func emptyWorld() throws {
        var session = Session()
        guard case .show(let kind, let id, let world)? = try session.execute("show") else {
            Issue.record("show did not produce a view")
            return
        }
        let text = WorldRenderer.render(kind: kind, id: id, world: world)
        #expect(text == "the world is empty: start with vpc create NAME CIDR")
    }

    @Test("show draws the world as a tree: VPC, subnets marked public or private, resources, tables, groups")
    func tree() throws {
        var lab = try Lab(["eip allocate spare-ip", "prefix-list create offices 192.0.2.0/24", "igw create other-gw"])
        let text = try lab.show("show")
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines[0].hasPrefix("VPC lab (vpc-") && lines[0].hasSuffix("10.0.0.0/16"))
        #expect(text.contains("internet gateway gw (igw-"))
        #expect(lines.contains { $0.hasPrefix("├─ subnet pub") && $0.hasSuffix("us-east-1a · public") })
        #expect(lines.contains { $0.hasPrefix("├─ subnet priv") && $0.hasSuffix("us-east-1a · private") })
        #expect(lines.contains { $0.contains("├─ EC2 instance www (i-") && $0.contains("10.0.1.") && $0.contains("public 3.80.") && $0.hasSuffix("sg web") })
        #expect(lines.contains { $0.contains("└─ NAT gateway natgw (nat-") && $0.contains("Elastic IP 3.80.") })
        #expect(lines.contains { $0.contains("└─ RDS DB instance orders") && $0.hasSuffix("sg db") })
        #expect(lines.contains { $0.contains("├─ route tables") })
        #expect(lines.contains { $0.contains("main (rtb-") && $0.contains("· main ·") })
        #expect(lines.contains { $0.contains("pub-acl (acl-") && $0.contains("2 inbound, 1 outbound rule") })
        #expect(lines.contains { $0.contains("web (sg-") && $0.contains("2 inbound, 1 outbound rule") })
        #expect(lines.contains { $0.contains("db (sg-") && $0.contains("1 inbound, 0 outbound rules") })
        #expect(lines.contains { $0 == "internet gateways not attached" })
        #expect(lines.contains { $0.contains("spare-ip (eipalloc-") && $0.contains("not associated") })
        #expect(lines.contains { $0.contains("offices (pl-") && $0.hasSuffix("192.0.2.0/24") })
    }

    @Test("a security group shows the console's inbound and outbound tables")
    func securityGroup() throws {
        var lab = try Lab()
        let text = try lab.show("show sg web")
        #expect(text.hasPrefix("security group web (sg-"))
        #expect(text.contains("description    web tier"))
        #expect(text.contains("used by        EC2 instance www"))
        #expect(text.contains("referenced by  db inbound rule sgr-"))
        let inbound = firstBox(in: text, after: "Inbound rules (2)")
        #expect(cells(inbound[1]) == ["Type", "Protocol", "Port range", "Source", "Description", "Rule ID"])
        let https = try #require(inbound.first { $0.contains("HTTPS") })
        let ruleID = lab.world.securityGroups[try lab.id(.securityGroup, "web")]!.ingress[0].id
        #expect(cells(https) == ["HTTPS", "TCP", "443", "0.0.0.0/0", "public site", ruleID.rawValue])
        #expect(cells(try #require(inbound.first { $0.contains("SSH") })).prefix(5) == ["SSH", "TCP", "22", "192.0.2.0/24", "–"])
        let outbound = firstBox(in: text, after: "Outbound rules (1)")
        #expect(cells(outbound[1]).contains("Destination"))
        #expect(cells(try #require(outbound.first { $0.contains("All traffic") })).prefix(4) == ["All traffic", "All", "All", "0.0.0.0/0"])
    }

    @Test("a group reference reads sg-… / name, and an empty direction says what AWS does")
    func referenceAndEmpty() throws {
        var lab = try Lab()
        let text = try lab.show("show sg db")
        let web = try lab.id(.securityGroup, "web")
        let row = try #require(firstBox(in: text, after: "Inbound rules").first { $0.contains("PostgreSQL") })
        #expect(cells(row).prefix(5) == ["PostgreSQL", "TCP", "5432", "\(web) / web", "from web"])
        #expect(text.contains("no outbound rules: all outbound traffic is denied"))
        var fresh = try Lab(["sg create empty in lab"])
        #expect(try fresh.show("show sg empty").contains("no inbound rules: all inbound traffic is denied"))
    }

    @Test(
        "the Type, Protocol and Port range columns read as the console's",
        arguments: [
            (TrafficSpec(.tcp, .ports(PortRange(443))), "HTTPS", "TCP", "443"),
            (TrafficSpec(.tcp, .ports(PortRange(22))), "SSH", "TCP", "22"),
            (TrafficSpec(.tcp, .ports(PortRange(3306))), "MYSQL/Aurora", "TCP", "3306"),
            (TrafficSpec(.tcp, .ports(PortRange(3389))), "RDP", "TCP", "3389"),
            (TrafficSpec(.tcp, .ports(PortRange(6379))), "Custom TCP", "TCP", "6379"),
            (TrafficSpec(.tcp, .ports(PortRange(from: 1024, to: 65535)!)), "Custom TCP", "TCP", "1024 - 65535"),
            (TrafficSpec(.tcp, .ports(.all)), "All TCP", "TCP", "0 - 65535"),
            (TrafficSpec(.udp, .ports(PortRange(53))), "DNS (UDP)", "UDP", "53"),
            (TrafficSpec.allTraffic, "All traffic", "All", "All"),
            (TrafficSpec(.icmp), "All ICMP - IPv4", "ICMP", "All"),
            (TrafficSpec(.icmp, .icmp(.echoRequest)), "Custom ICMP - IPv4", "Echo Request", "N/A"),
            (TrafficSpec(.number(47)), "Custom protocol", "47 (GRE)", "All"),
        ])
    func consoleColumns(traffic: TrafficSpec, type: String, ipProtocol: String, ports: String) {
        let columns = WorldView.consoleColumns(traffic)
        #expect(columns.type == type)
        #expect(columns.ipProtocol == ipProtocol)
        #expect(columns.ports == ports)
    }

    @Test("a network ACL lists its entries in evaluation order and ends each direction with the * deny")
    func networkACL() throws {
        var lab = try Lab()
        let text = try lab.show("show nacl pub-acl")
        #expect(text.hasPrefix("network ACL pub-acl (acl-") && text.contains("· custom"))
        #expect(text.contains("subnets  pub (subnet-"))
        let inbound = firstBox(in: text, after: "Inbound rules (3)")
        #expect(cells(inbound[1]) == ["Rule number", "Type", "Protocol", "Port range", "Source", "Allow/Deny"])
        let rows = inbound.dropFirst(3).dropLast().map(cells)
        #expect(rows.map { $0[0] } == ["100", "120", "*"])
        #expect(rows[0] == ["100", "HTTPS", "TCP", "443", "0.0.0.0/0", "Allow"])
        #expect(rows[1] == ["120", "Custom TCP", "TCP", "1024 - 65535", "0.0.0.0/0", "Allow"])
        #expect(rows.last == ["*", "All traffic", "All", "All", "0.0.0.0/0", "Deny"])
        let outbound = firstBox(in: text, after: "Outbound rules (2)")
        #expect(cells(outbound[1]).contains("Destination"))
        #expect(outbound.dropLast().last.map(cells) == ["*", "All traffic", "All", "All", "0.0.0.0/0", "Deny"])
    }

    @Test("a route table shows its subnets, explicit and (for the main table) implicit, and each route's status")
    func routeTable() throws {
        var lab = try Lab(["subnet create spare in lab 10.0.9.0/24"])
        let main = try lab.show("show rt main")
        #expect(main.contains("· main route table"))
        #expect(main.contains("implicit subnets  spare (subnet-"))
        let routes = firstBox(in: try lab.show("show rt public"))
        #expect(cells(routes[1]) == ["Destination", "Target", "Status"])
        let igw = try lab.id(.internetGateway, "gw")
        #expect(routes.map(cells).contains(["0.0.0.0/0", "\(igw) / gw", "active"]))
        #expect(routes.map(cells).contains(["10.0.0.0/16", "local", "active"]))
        #expect(try lab.show("show rt public").contains("explicit subnets  pub (subnet-"))
    }

    @Test("a route to a deleted NAT gateway shows as blackhole")
    func blackhole() throws {
        var lab = try Lab()
        let nat = try lab.id(.natGateway, "natgw")
        _ = try lab.session.execute("nat delete natgw")
        let text = try lab.show("show rt private")
        #expect(firstBox(in: text).map(cells).contains(["0.0.0.0/0", nat, "blackhole"]))
        #expect(text.contains("a blackhole route's target was detached or deleted"))
        #expect(try lab.show("show").contains("1 blackhole"))
    }

    @Test("a resource shows its subnet, route table, network ACL and each interface's addresses and groups")
    func resource() throws {
        var lab = try Lab(["eip allocate www-ip", "eip associate www-ip www"])
        let text = try lab.show("show ec2 www")
        let eni = lab.world.resources[try lab.id(.resource, "www")]!.primaryInterfaceID
        let allocation = try lab.id(.elasticIP, "www-ip")
        #expect(text.hasPrefix("EC2 instance www (i-"))
        #expect(text.contains("subnet           pub (subnet-"))
        #expect(text.contains("route table      public (rtb-"))
        #expect(text.contains("network ACL      pub-acl (acl-"))
        #expect(text.contains("security groups  web (sg-"))
        let interfaces = firstBox(in: text, after: "Network interfaces (1)")
        #expect(cells(interfaces[1]) == ["Interface", "Subnet", "Private IP", "Public IP", "Security groups"])
        let address = lab.world.interfaces[eni]!.publicAddress!
        #expect(interfaces.map(cells).contains { $0.first == eni.rawValue && $0.contains("\(address) (Elastic IP)") && $0.last == "web" })
        #expect(interfaces.map(cells).contains { $0 == [allocation] })
        #expect(try lab.show("show orders").hasPrefix("RDS DB instance orders (db-"))
    }

    @Test("an interface, a subnet, a gateway, an Elastic IP and a prefix list each have a view")
    func otherViews() throws {
        var lab = try Lab([
            "eni create mgmt in pub sg web", "eip allocate free-ip", "prefix-list create offices 192.0.2.0/24,198.51.100.0/24",
            "sg allow web in https from offices",
        ])
        let eni = try lab.show("show eni mgmt")
        #expect(eni.contains("attached to      nothing: the interface is detached"))
        #expect(eni.contains("private IP       10.0.1."))
        #expect(eni.contains("route table      public (rtb-"))
        let subnet = try lab.show("show subnet pub")
        #expect(subnet.contains("public: its route table sends 0.0.0.0/0 to internet gateway gw"))
        #expect(subnet.contains("251 usable addresses"))
        #expect(firstBox(in: subnet, after: "Resources (3)").contains { $0.contains("NAT gateway natgw") })
        #expect(try lab.show("show subnet priv").contains("private: its route table has no active route to an internet gateway"))
        let igw = try lab.show("show igw gw")
        #expect(igw.contains("attached to     VPC lab (vpc-") && igw.contains("public subnets  pub (subnet-"))
        let nat = try lab.show("show nat natgw")
        #expect(nat.contains("Elastic IP") && nat.contains("routes to it  private: 0.0.0.0/0"))
        #expect(try lab.show("show eip free-ip").contains("associated with  nothing"))
        let list = try lab.show("show prefix-list offices")
        #expect(list.contains("referenced by  web inbound rule sgr-"))
        #expect(firstBox(in: list).map(cells).contains(["198.51.100.0/24"]))
    }

    @Test("show vpc draws the VPC: the gateway on top, a box per subnet, an arrow into each public subnet")
    func diagram() throws {
        var lab = try Lab()
        let text = try lab.show("show vpc lab")
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines[1].contains("internet gateway gw · igw-"))
        #expect(lines[2].contains("┬"))
        #expect(lines[3].hasPrefix("┌──┼─ VPC lab · vpc-") && lines[3].hasSuffix("┐"))
        let publicBox = try #require(lines.first { $0.contains("┌─ public subnet pub · 10.0.1.0/24") })
        let privateBox = try #require(lines.first { $0.contains("┌─ private subnet priv · 10.0.2.0/24") })
        #expect(publicBox.contains("──→"))
        #expect(!privateBox.contains("→"))
        #expect(text.contains("route table  public · 0.0.0.0/0 → gw"))
        #expect(text.contains("route table  private · 0.0.0.0/0 → natgw"))
        #expect(text.contains("network ACL  pub-acl"))
        #expect(lines.contains { $0.contains("ec2 www") && $0.contains("public 3.80.") && $0.contains("sg web") })
        #expect(lines.contains { $0.contains("nat natgw") && $0.contains("EIP 3.80.") })
        #expect(lines.contains { $0.contains("rds orders") && $0.contains("sg db") })
        // The VPC box: every line from its top to its bottom wall has the same width.
        let vpc = lines[3...].prefix { !$0.hasPrefix("└") } + [lines.first { $0.hasPrefix("└") }!]
        #expect(Set(vpc.map { Table.width($0) }).count == 1)
        #expect(lines.allSatisfy { Table.width($0) <= 100 })
    }

    @Test("a VPC without an internet gateway says so and draws no gateway")
    func diagramWithoutGateway() throws {
        var session = Session()
        for line in ["vpc create closed 10.1.0.0/16", "subnet create a in closed 10.1.1.0/24"] { _ = try session.execute(line) }
        guard case .show(let kind, let id, let world)? = try session.execute("show vpc closed") else { return }
        let text = WorldRenderer.render(kind: kind, id: id, world: world)
        #expect(text.hasPrefix("┌─ VPC closed"))
        #expect(text.contains("no internet gateway"))
        #expect(text.contains("┌─ private subnet a"))
        #expect(!text.contains("→ ┌"))
    }

    static let views = [
        "show", "show vpc lab", "show sg web", "show sg db", "show nacl pub-acl", "show rt main", "show rt public",
        "show rt private", "show ec2 www", "show orders", "show subnet pub", "show igw gw", "show nat natgw", "show default",
    ]

    @Test("with Style.plain no view has an escape code, and every view fits 100 columns", arguments: views)
    func plainAndNarrow(line: String) throws {
        var lab = try Lab()
        let text = try lab.show(line, style: .plain)
        #expect(!text.contains("\u{1B}"))
        #expect(text.split(separator: "\n").allSatisfy { Table.width($0) <= 100 })
    }

    @Test("with colour every table line still has the same display width", arguments: views)
    func colourAligned(line: String) throws {
        var lab = try Lab()
        let coloured = try lab.show(line, style: Style(colour: true))
        let plain = try lab.show(line, style: .plain)
        #expect(Table.plain(coloured) == plain)
        var box: [String] = []
        for text in coloured.split(separator: "\n").map(String.init) {
            let visible = Table.plain(text)
            if visible.hasPrefix("┌") || !box.isEmpty { box.append(text) }
            if visible.hasPrefix("└") && !box.isEmpty {
                #expect(Set(box.map { Table.width($0) }).count == 1, "\(line): \(box.map(Table.plain))")
                box = []
            }
        }
    }
}
