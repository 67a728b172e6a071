import SGLabCore

/// Templates about security groups between resources: tiers, several groups, the default group.
extension Template {
    // MARK: web – app – db tiers

    static func draftTiers(_ r: inout SplitMix64, _ kind: QuestionKind) -> Draft {
        enum F: String, CaseIterable {
            case wrongReference = "wrong-reference", cidrInsteadOfGroup = "cidr-instead-of-group"
            case appWrongPort = "app-wrong-port", dbOutbound = "db-outbound-restricted"
        }
        let vpc = r.pick(Pools.vpc)
        let net = Net.draw(&r, subnets: 3)
        let webNet = r.pick(Pools.publicSubnet)
        let appNet = r.pick(Pools.privateSubnet)
        let dataNet = r.pick(Pools.dataSubnet)
        let gw = r.pick(Pools.igw)
        let rt = r.pick(Pools.publicRT)
        let web = r.pick(["web", "www", "front"])
        let app = r.pick(Pools.appHost)
        let (engine, dbPort, dbKind) = r.pick(Pools.database)
        let db = dbKind == "rds" ? r.pick(["db", "orders-db", "store"]) : r.pick(["cache", "sessions"])
        let ops = r.pick(["ops", "reports", "batch", "jumpbox"])
        let backup = r.pick(["backup", "archive", "dumps"])
        // Backup ports never collide with an app port, so a story's port names one service only.
        let (bkLabel, bkPort) = r.pick([("rsync", 873), ("NFS", 2049)])
        let appPort = r.pick(Pools.appPort)
        let wrongApp = r.pick(Pools.appPort.filter { $0 != appPort })
        let (webSG, appSG, dbSG, opsSG, bkSG) = ("\(web)-sg", "\(app)-sg", "\(db)-sg", "\(ops)-sg", "\(backup)-sg")
        var faults = drawFaults(&r, F.allCases, kind: kind, exclusive: [[.wrongReference, .cidrInsteadOfGroup]])
        let withBackup = faults.contains(.dbOutbound) || r.chance(40)
        let restricted = faults.contains(.dbOutbound) || r.chance(50)
        let appCIDR = net.subnet(1)
        // Managed databases and caches answer; they do not start backups of their own. A
        // database that sends nightly dumps is a self-managed one, on EC2.
        let dbLaunch = withBackup ? "ec2" : dbKind
        let dbNoun = withBackup ? "database" : (dbKind == "rds" ? "database" : "cache")
        // A scenario asks about one flow: the faults it keeps are the ones on that flow, so the
        // story, the world and the explanation speak of the same thing.
        var options = ["web-app", "app-db", "app-db", "web-db", "ops-db", "internet-db"]
        if withBackup { options.append("db-backup") }
        let asked = kind == .scenario ? r.pick(options) : ""
        if kind == .scenario {
            faults = faults.filter { f in
                switch f {
                case .appWrongPort: return asked == "web-app"
                case .wrongReference, .cidrInsteadOfGroup: return ["app-db", "web-db", "ops-db"].contains(asked)
                case .dbOutbound: return asked == "db-backup"
                }
            }
        }
        let has = Set(faults)

        func info(_ f: F) -> (fault: Fault, concept: String, symptom: String, fix: [String]) {
            switch f {
            case .wrongReference:
                return (
                    Fault(name: f.rawValue, topic: "sg-referencing", seed: [11, 16], traps: [20]),
                    "A group reference admits the members of THAT group and nobody else: \(dbSG) names \(webSG), so \(app) (in \(appSG)) is refused while \(web) gets straight to the database. The rule should reference \(appSG) (exam trap 20).",
                    "The app tier cannot reach the database: \(app)'s \(engine) connections to \(db) time out",
                    ["sg revoke \(dbSG) in tcp \(dbPort) from \(webSG)", "sg allow \(dbSG) in tcp \(dbPort) from \(appSG)"])
            case .cidrInsteadOfGroup:
                return (
                    Fault(name: f.rawValue, topic: "sg-referencing", seed: [11, 20], traps: [20]),
                    "A CIDR source admits every address in it: \(appCIDR) is the whole \(appNet) subnet, \(ops) included. A reference to \(appSG) admits the app tier's members and nothing else, wherever they run, with no addresses to maintain (exam trap 20).",
                    "A security review found that \(ops), which is not part of the app tier, can open \(engine) connections to \(db)",
                    ["sg revoke \(dbSG) in tcp \(dbPort) from \(appCIDR)", "sg allow \(dbSG) in tcp \(dbPort) from \(appSG)"])
            case .appWrongPort:
                return (
                    Fault(name: f.rawValue, topic: "rules", seed: [6, 15], traps: []),
                    "The reference is right, the port is not: \(appSG) allows TCP \(wrongApp) from \(webSG), while \(app) listens on TCP \(appPort). A rule matches protocol, port and source together.",
                    "\(web) gets no answer from the app tier: its calls to \(app) on TCP \(appPort) time out",
                    ["sg revoke \(appSG) in tcp \(wrongApp) from \(webSG)", "sg allow \(appSG) in tcp \(appPort) from \(webSG)"])
            case .dbOutbound:
                return (
                    Fault(name: f.rawValue, topic: "inbound-outbound", seed: [5, 7], traps: [4]),
                    "\(dbSG) has no outbound rules (the database's outbound traffic is restricted), so connections \(db) starts itself are denied at security-group-outbound. Its replies to \(app) still pass: security groups are stateful (exam trap 4). One outbound rule to \(bkSG) on TCP \(bkPort) opens exactly the dump.",
                    "\(db)'s nightly \(bkLabel) dump to \(backup) (TCP \(bkPort)) never starts",
                    ["sg allow \(dbSG) out tcp \(bkPort) to \(bkSG)"])
            }
        }

        var s = [
            "vpc create \(vpc) \(net.vpc)",
            "subnet create \(webNet) in \(vpc) \(net.subnet(0))",
            "subnet create \(appNet) in \(vpc) \(appCIDR)",
            "subnet create \(dataNet) in \(vpc) \(net.subnet(2))",
            "igw create \(gw) in \(vpc)",
            "rt create \(rt) in \(vpc)",
            "route add \(rt) 0.0.0.0/0 via \(gw)",
            "rt associate \(rt) \(webNet)",
            "sg create \(webSG) in \(vpc) \"web tier\"",
            "sg create \(appSG) in \(vpc) \"app tier\"",
            "sg create \(dbSG) in \(vpc) \"\(engine)\"",
            "sg create \(opsSG) in \(vpc) \"operations\"",
        ]
        if withBackup { s.append("sg create \(bkSG) in \(vpc) \"backups\"") }
        s.append("sg allow \(webSG) in tcp 443 from 0.0.0.0/0")
        s.append("sg allow \(appSG) in tcp \(has.contains(.appWrongPort) ? wrongApp : appPort) from \(webSG)")
        if has.contains(.wrongReference) {
            s.append("sg allow \(dbSG) in tcp \(dbPort) from \(webSG)")
        } else if has.contains(.cidrInsteadOfGroup) {
            s.append("sg allow \(dbSG) in tcp \(dbPort) from \(appCIDR) \"the app subnet\"")
        } else {
            s.append("sg allow \(dbSG) in tcp \(dbPort) from \(appSG)")
        }
        if restricted { s.append("sg revoke \(dbSG) out all to 0.0.0.0/0") }
        if withBackup {
            s.append("sg allow \(bkSG) in tcp \(bkPort) from \(dbSG)")
            s.append("sg allow \(bkSG) in tcp 22 from \(net.vpc) \"admin SSH from the VPC\"")
            if restricted && !has.contains(.dbOutbound) { s.append("sg allow \(dbSG) out tcp \(bkPort) to \(bkSG)") }
        }
        s += [
            "launch ec2 \(web) in \(webNet) sg \(webSG) public-ip",
            "launch ec2 \(app) in \(appNet) sg \(appSG)",
            "launch ec2 \(ops) in \(appNet) sg \(opsSG)",
        ]
        if withBackup { s.append("launch ec2 \(backup) in \(appNet) sg \(bkSG)") }
        s.append("launch \(dbLaunch) \(db) in \(dataNet) sg \(dbSG)")

        var d = Draft(template: .tiers, kind: kind, topic: "sg-referencing")
        d.script = s
        d.faults = faults.map(\.rawValue)
        d.tag(seed: [11, 16])
        for f in faults { d.tag(seed: info(f).fault.seed, traps: info(f).fault.traps) }
        d.difficulty = 1 + faults.count
        d.body =
            "Three tiers: \(web) (in \(webSG), public) calls \(app) (in \(appSG)) on TCP \(appPort); \(app) uses the \(engine) \(dbNoun) \(db) (in \(dbSG)\(withBackup ? ", self-managed on EC2" : "")) on TCP \(dbPort). \(ops) is an operations box in \(appNet) with a group of its own."
            + (restricted ? " The database's outbound traffic is restricted." : "")
            + (withBackup ? " \(db) sends nightly \(bkLabel) dumps to \(backup) on TCP \(bkPort)." : "")
        let healthy =
            "Each tier admits only the tier in front of it, by group reference: \(webSG) the internet, \(appSG) \(webSG), \(dbSG) \(appSG). A reference matches the members' private addresses, so a new instance in a tier is admitted with no rule change."

        if kind == .scenario {
            var deciding: F?
            switch asked {
            case "web-app":
                d.packet = flow(web, app, appPort)
                d.stem = "\(web) calls \(app) on TCP \(appPort). Does the connection \(whichCheck)"
                d.expected = has.contains(.appWrongPort) ? "blocked at security-group-inbound" : "allowed"
                deciding = has.contains(.appWrongPort) ? .appWrongPort : nil
            case "app-db":
                d.packet = flow(app, db, dbPort)
                d.stem = "\(app) opens a \(engine) connection to \(db) on TCP \(dbPort). Does the connection \(whichCheck)"
                d.expected = has.contains(.wrongReference) ? "blocked at security-group-inbound" : "allowed"
                deciding = faults.first { $0 == .wrongReference || $0 == .cidrInsteadOfGroup }
                if deciding == nil && restricted {
                    d.topic = "stateful"
                    d.tag(seed: [5], traps: [4])
                    d.concept =
                        "\(dbSG) has no outbound rule\(withBackup && !has.contains(.dbOutbound) ? " for this" : "s"), yet the reply to \(app) passes: security groups are stateful and let the reply of an admitted flow out (exam trap 4). "
                        + healthy
                }
            case "web-db":
                d.packet = flow(web, db, dbPort)
                d.stem = "\(web) tries to open a \(engine) connection straight to \(db) (TCP \(dbPort)), skipping the app tier. Does the connection \(whichCheck)"
                d.expected = has.contains(.wrongReference) ? "allowed" : "blocked at security-group-inbound"
                deciding = faults.first { $0 == .wrongReference || $0 == .cidrInsteadOfGroup }
            case "ops-db":
                d.packet = flow(ops, db, dbPort)
                d.stem = "\(ops), an operations box in \(appNet) that is not part of the app tier, opens TCP \(dbPort) to \(db). Does the connection \(whichCheck)"
                d.expected = has.contains(.cidrInsteadOfGroup) ? "allowed" : "blocked at security-group-inbound"
                deciding = faults.first { $0 == .wrongReference || $0 == .cidrInsteadOfGroup }
            case "db-backup":
                d.packet = flow(db, backup, bkPort)
                d.stem = "\(db) starts its nightly \(bkLabel) dump to \(backup) on TCP \(bkPort). Does the connection \(whichCheck)"
                d.expected = has.contains(.dbOutbound) ? "blocked at security-group-outbound" : "allowed"
                deciding = has.contains(.dbOutbound) ? .dbOutbound : nil
                if deciding == nil {
                    d.topic = "inbound-outbound"
                    d.tag(seed: [7])
                    d.concept =
                        (restricted
                            ? "\(dbSG)'s outbound traffic is restricted to one rule, TCP \(bkPort) to \(bkSG), which covers this dump; "
                            : "\(dbSG) still has the all-traffic outbound rule every new group starts with; ")
                        + "\(bkSG) admits TCP \(bkPort) from \(dbSG). Outbound rules can reference groups as well as inbound ones."
                }
            default:
                d.packet = flow("internet", db, dbPort)
                d.stem = "Someone on the internet tries \(engine) (TCP \(dbPort)) on \(db). Does the connection \(whichCheck)"
                d.expected = "blocked at internet-gateway-inbound"
                d.topic = "use-cases"
                d.tag(seed: [12])
                d.concept =
                    "\(db) has no public address and its subnet \(dataNet) no route to the internet gateway: nothing on the internet maps to it, so the internet gateway has nowhere to deliver the packet. Its security group is never even consulted. That is the design: a database tier stays unreachable from the internet. " + healthy
                d.blockedByDesign = true
            }
            if let deciding {
                d.topic = info(deciding).fault.topic
                d.concept = ([info(deciding).concept] + faults.filter { $0 != deciding }.map { info($0).concept }).joined(separator: " ")
            } else if d.concept.isEmpty {
                d.concept = (faults.map { info($0).concept } + [healthy]).joined(separator: " ")
            }
        } else {
            d.topic = info(faults[0]).fault.topic
            d.goal = [
                "expect allowed \(flow(web, app, appPort))",
                "expect allowed \(flow(app, db, dbPort))",
                "expect blocked \(flow(web, db, dbPort))",
                "expect blocked \(flow(ops, db, dbPort))",
            ]
            if has.contains(.appWrongPort) { d.goal.append("expect blocked \(flow(ops, app, appPort))") }
            if has.contains(.dbOutbound) {
                d.goal.append("expect allowed \(flow(db, backup, bkPort))")
                d.goal.append("expect blocked \(flow(db, backup, 22))")
            }
            d.solution = faults.flatMap { info($0).fix }
            d.stem = stem(
                symptoms: faults.map { info($0).symptom },
                constraint: has.contains(.dbOutbound)
                    ? "Fix it so that only the app tier reaches the database and the database starts no other connection."
                    : "Fix it so that only the app tier reaches the database.")
            d.concept = (faults.map { info($0).concept } + [healthy]).joined(separator: " ")
        }
        return d
    }

    // MARK: several groups on one instance, groups per interface

    static func draftMultipleGroups(_ r: inout SplitMix64, _ kind: QuestionKind) -> Draft {
        if r.chance(30) { return interfaceGroups(&r, kind) }
        enum F: String, CaseIterable {
            case missingWebGroup = "missing-web-group", missingAdminGroup = "missing-admin-group"
            case extraOpenGroup = "extra-open-group"
        }
        let vpc = r.pick(Pools.vpc)
        let net = Net.draw(&r, subnets: 1)
        let sub = r.pick(Pools.publicSubnet)
        let gw = r.pick(Pools.igw)
        let rt = r.pick(Pools.publicRT)
        let host = r.pick(Pools.webHost)
        let (label, port) = r.pick(Pools.webService)
        let webSG = "\(host)-sg"
        let adminSG = r.pick(["admin-sg", "ssh-admin", "office-ssh"])
        let tempSG = r.pick(["temp-debug", "launch-wizard-1", "quick-ssh"])
        let out = Outside.draw(&r)
        let faults = drawFaults(&r, F.allCases, kind: kind, exclusive: [[.missingWebGroup, .missingAdminGroup]])
        let has = Set(faults)

        var s = publicScaffold(vpc: vpc, net: net, subnet: sub, gateway: gw, routeTable: rt)
        s += [
            "sg create \(webSG) in \(vpc) \"\(label) from anywhere\"",
            "sg allow \(webSG) in tcp \(port) from 0.0.0.0/0",
            "sg create \(adminSG) in \(vpc) \"SSH from the office\"",
            "sg allow \(adminSG) in tcp 22 from \(out.officeCIDR)",
        ]
        if has.contains(.extraOpenGroup) {
            s += ["sg create \(tempSG) in \(vpc) \"temporary debugging\"", "sg allow \(tempSG) in tcp 22 from 0.0.0.0/0"]
        }
        var groups: [String] = []
        if !has.contains(.missingWebGroup) { groups.append(webSG) }
        if !has.contains(.missingAdminGroup) { groups.append(adminSG) }
        if has.contains(.extraOpenGroup) { groups.append(tempSG) }
        s.append("launch ec2 \(host) in \(sub) sg \(r.shuffled(groups).joined(separator: ",")) public-ip")

        func info(_ f: F) -> (concept: String, symptom: String, fix: String) {
            switch f {
            case .missingWebGroup:
                return (
                    "\(host) carries \(groups.joined(separator: " and ")) but not \(webSG): only the groups on the interface count, and none of them allows TCP \(port). Attaching \(webSG) adds its rules to the others.",
                    "Customers cannot open \(label) on \(host) (TCP \(port))", "attach-sg \(host) \(webSG)")
            case .missingAdminGroup:
                return (
                    "\(host) carries \(groups.joined(separator: " and ")) but not \(adminSG): only the groups on the interface count, and none of them allows TCP 22 from the office"
                        + (has.contains(.extraOpenGroup) ? " once \(tempSG) is gone" : "") + ". Attaching \(adminSG) adds its rule to the others.",
                    has.contains(.extraOpenGroup)
                        ? "Admins in the office must keep their SSH access" : "Admins in the office can no longer SSH to \(host)",
                    "attach-sg \(host) \(adminSG)")
            case .extraOpenGroup:
                return (
                    "Groups never subtract: \(tempSG) allows TCP 22 from 0.0.0.0/0, so SSH is open to everyone whatever \(adminSG) says (the most permissive rule wins). Removing the group closes it; \(adminSG) keeps the office's access.",
                    "\(host)'s SSH log fills with login attempts from all over the internet", "detach-sg \(host) \(tempSG)")
            }
        }
        let union =
            "The rules of every group on an interface add up (exam trap 8): a packet is admitted when any rule of any of its groups allows it."

        var d = Draft(template: .multipleGroups, kind: kind, topic: "multiple-sgs")
        d.script = s
        d.faults = faults.map(\.rawValue)
        d.tag(seed: [10], traps: [8])
        if has.contains(.extraOpenGroup) { d.tag(seed: [20]) }
        d.difficulty = 1 + faults.count
        d.body = "\(host) serves \(label) on TCP \(port) to everyone; admins SSH in from the office, \(out.officeCIDR). Its groups: \(groups.joined(separator: ", "))."
        if kind == .scenario {
            var deciding: F?
            switch r.int(0...2) {
            case 0:
                d.packet = flow("\(out.client):\(ClientKind.windows.port(&r))", host, port)
                d.stem = "A customer at \(out.client) opens \(label) to \(host) on TCP \(port). Does the request \(whichCheck)"
                d.expected = has.contains(.missingWebGroup) ? "blocked at security-group-inbound" : "allowed"
                deciding = has.contains(.missingWebGroup) ? .missingWebGroup : nil
            case 1:
                d.packet = flow(out.officeHost, host, 22)
                d.stem = "An admin at \(out.officeHost) opens SSH to \(host). Does the connection \(whichCheck)"
                let open = !has.contains(.missingAdminGroup) || has.contains(.extraOpenGroup)
                d.expected = open ? "allowed" : "blocked at security-group-inbound"
                deciding = faults.first { $0 == .missingAdminGroup || $0 == .extraOpenGroup }
            default:
                d.packet = flow(out.badHost, host, 22)
                d.stem = "A stranger at \(out.badHost) tries SSH to \(host). Does the connection \(whichCheck)"
                d.expected = has.contains(.extraOpenGroup) ? "allowed" : "blocked at security-group-inbound"
                deciding = has.contains(.extraOpenGroup) ? .extraOpenGroup : nil
            }
            // Only the faults on this packet's port belong in its explanation: an HTTP question
            // is not explained with the SSH group.
            let asked = Int(d.packet?.split(separator: ":").last ?? "") ?? port
            func bears(_ f: F) -> Bool { f == .missingWebGroup ? asked == port : asked == 22 }
            let concepts = (deciding.map { [info($0).concept] } ?? []) + faults.filter { $0 != deciding && bears($0) }.map { info($0).concept }
            let healthy = asked == 22
                ? "\(host)'s SSH is admitted by \(adminSG), from the office range only."
                : "\(host)'s \(label) is admitted by \(webSG), from anywhere."
            d.concept = ([union] + (concepts.isEmpty ? [healthy] : concepts)).joined(separator: " ")
        } else {
            d.goal = [
                "expect allowed \(flow("\(out.client):\(ClientKind.linux.port(&r))", host, port))",
                "expect allowed \(flow(out.officeHost, host, 22))",
                "expect blocked \(flow(out.badHost, host, 22))",
            ]
            d.solution = faults.map { info($0).fix }
            let told = [F.missingWebGroup, .extraOpenGroup, .missingAdminGroup].filter(has.contains)
            d.stem = stem(symptoms: told.map { info($0).symptom }, constraint: "Fix it without changing any group's rules.")
            d.concept = ([union] + faults.map { info($0).concept }).joined(separator: " ")
        }
        return d
    }

    /// Groups belong to interfaces: a management interface with its own groups.
    static func interfaceGroups(_ r: inout SplitMix64, _ kind: QuestionKind) -> Draft {
        let vpc = r.pick(Pools.vpc)
        let net = Net.draw(&r, subnets: 1)
        let sub = r.pick(Pools.publicSubnet)
        let gw = r.pick(Pools.igw)
        let rt = r.pick(Pools.publicRT)
        let host = r.pick(Pools.webHost)
        let mgmt = "\(host)-mgmt"
        let (label, port) = r.pick(Pools.webService)
        let webSG = "\(host)-sg"
        let mgmtSG = r.pick(["mgmt-sg", "admin-sg", "ssh-mgmt"])
        let bastion = r.pick(["bastion", "jump", "admin-box"])
        let bastionSG = "\(bastion)-sg"
        let out = Outside.draw(&r)
        let wrongGroup = kind == .fixit || r.chance(35)

        var s = publicScaffold(vpc: vpc, net: net, subnet: sub, gateway: gw, routeTable: rt)
        s += [
            "sg create \(webSG) in \(vpc) \"\(label) from anywhere\"",
            "sg allow \(webSG) in tcp \(port) from 0.0.0.0/0",
            "sg create \(bastionSG) in \(vpc) \"bastion\"",
            "sg allow \(bastionSG) in tcp 22 from \(out.officeCIDR)",
            "sg create \(mgmtSG) in \(vpc) \"management interfaces\"",
            "sg allow \(mgmtSG) in tcp 22 from \(bastionSG)",
            "launch ec2 \(bastion) in \(sub) sg \(bastionSG) public-ip",
            "launch ec2 \(host) in \(sub) sg \(webSG) public-ip",
            "eni create \(mgmt) in \(sub) sg \(wrongGroup ? webSG : mgmtSG)",
            "eni attach \(mgmt) \(host)",
        ]
        var d = Draft(template: .multipleGroups, kind: kind, topic: "eni")
        d.script = s
        d.tag(seed: [9], traps: [9])
        d.difficulty = 2
        if wrongGroup { d.faults = ["eni-wrong-group"] }
        d.body =
            "\(host) serves \(label) on TCP \(port) through its primary interface (group \(webSG)). Admins reach it from \(bastion) through a second interface, \(mgmt), meant to carry \(mgmtSG), which allows SSH from \(bastionSG)."
        let idea =
            "Security groups belong to network interfaces, not to instances (exam trap 9): \(host)'s primary interface and \(mgmt) each have their own groups, and a packet meets only the groups of the interface whose address it is sent to."
        if kind == .scenario {
            if r.chance(50) {
                d.packet = flow(bastion, mgmt, 22)
                d.stem = "An admin on \(bastion) opens SSH to \(host)'s management interface \(mgmt). Does the connection \(whichCheck)"
                d.expected = wrongGroup ? "blocked at security-group-inbound" : "allowed"
                d.concept = idea + (wrongGroup ? " \(mgmt) was created with \(webSG), which has no rule for TCP 22." : " \(mgmt) carries \(mgmtSG), which admits SSH from \(bastionSG).")
            } else {
                d.packet = flow(bastion, host, 22)
                d.stem = "An admin on \(bastion) opens SSH to \(host) by name (its primary interface). Does the connection \(whichCheck)"
                d.expected = "blocked at security-group-inbound"
                d.concept = idea + " The name \(host) means the primary interface's address, which carries \(webSG) only: no rule there allows TCP 22."
                d.difficulty = 3
            }
        } else {
            d.goal = [
                "expect allowed \(flow(bastion, mgmt, 22))",
                "expect blocked \(flow(bastion, host, 22))",
                "expect allowed \(flow("\(out.client):\(ClientKind.linux.port(&r))", host, port))",
            ]
            d.solution = ["attach-sg \(mgmt) \(mgmtSG)", "detach-sg \(mgmt) \(webSG)"]
            d.stem = "Admins on \(bastion) cannot SSH to \(host)'s management interface \(mgmt). Fix it without opening SSH on \(host)'s primary interface."
            d.concept = idea + " \(mgmt) was created with \(webSG) instead of \(mgmtSG); giving it \(mgmtSG) (and taking \(webSG) off) fixes that interface alone."
        }
        return d
    }

    // MARK: the default security group

    static func draftDefaultGroup(_ r: inout SplitMix64, _ kind: QuestionKind) -> Draft {
        enum F: String, CaseIterable {
            case notMember = "not-a-member", selfReferenceRevoked = "self-reference-revoked"
            case webInDefault = "web-in-default-group"
        }
        let vpc = r.pick(Pools.vpc)
        let net = Net.draw(&r, subnets: 2)
        let sub = r.pick(Pools.publicSubnet)
        let dataNet = r.pick(Pools.dataSubnet)
        let gw = r.pick(Pools.igw)
        let rt = r.pick(Pools.publicRT)
        let member = r.pick(["app", "svc", "api"])
        let web = r.pick(["web", "www", "site"])
        let worker = r.pick(["worker", "batch", "etl"])
        let stranger = r.pick(["reports", "legacy", "vendor-box"])
        let (engine, cachePort, cacheKind) = r.pick(Pools.database)
        let cache = cacheKind == "rds" ? r.pick(["db", "store"]) : r.pick(["cache", "sessions"])
        let workerSG = "\(worker)-sg"
        let strangerSG = "\(stranger)-sg"
        let faults: [F]
        if kind == .fixit {
            faults = r.chance(25) ? r.shuffled([.notMember, .selfReferenceRevoked]) : [r.pick(F.allCases)]
        } else {
            faults = r.chance(30) ? [.selfReferenceRevoked] : []
        }
        let has = Set(faults)
        let withWeb = has.contains(.webInDefault) || (kind == .scenario && r.chance(30))

        var s = publicScaffold(vpc: vpc, net: net, subnet: sub, gateway: gw, routeTable: rt)
        s += [
            "subnet create \(dataNet) in \(vpc) \(net.subnet(1))",
            "sg create \(workerSG) in \(vpc) \"batch workers\"",
            "sg create \(strangerSG) in \(vpc) \"legacy reporting\"",
            "launch ec2 \(member) in \(sub) public-ip",
            "launch \(cacheKind) \(cache) in \(dataNet)",
            "launch ec2 \(worker) in \(dataNet) sg \(workerSG)",
            "launch ec2 \(stranger) in \(dataNet) sg \(strangerSG)",
        ]
        if withWeb { s.append("launch ec2 \(web) in \(sub) public-ip") }
        if has.contains(.selfReferenceRevoked) { s.append("sg revoke default in all from default") }

        let idea =
            "Every VPC has a security group named default: its inbound rule admits all traffic from its own members (a self-reference) and nothing else, its outbound rule allows everything (exam trap 7), and resources launched without a group get it."
        func info(_ f: F) -> (concept: String, symptom: String, constraint: String, fix: [String]) {
            switch f {
            case .notMember:
                return (
                    "\(worker) carries \(workerSG), so it is not a member of default and the self-reference does not match it. Making it a member of default would work, but it spreads the group that AWS Security Hub control EC2.2 wants left without rules: a dedicated group on \(cache) that admits \(workerSG) on TCP \(cachePort) gives \(worker) exactly that port.",
                    has.contains(.selfReferenceRevoked)
                        ? "\(worker), a batch worker, needs to reach \(cache) on TCP \(cachePort) as well"
                        : "\(worker), a batch worker, cannot reach \(cache) on TCP \(cachePort), while \(member) can",
                    "Fix it without opening \(cache) to the rest of the VPC, and without adding anyone to the default group.", [])
            case .selfReferenceRevoked:
                return (
                    "With its self-reference revoked, the default group admits nothing at all: its members can no longer reach each other. Putting the rule back would work, but a default group without rules is what AWS Security Hub control EC2.2 (CIS 5.4) asks for: give the client and the \(engine) \(cacheKind == "rds" ? "database" : "cluster") dedicated groups, the server's admitting the client's on TCP \(cachePort) only.",
                    "Since someone emptied the default security group (as Security Hub control EC2.2 asks), \(member) can no longer reach \(cache) on TCP \(cachePort)",
                    "Fix it with dedicated groups, leaving the default group without rules.", [])
            case .webInDefault:
                return (
                    "The default group alone never admits the internet. Give \(web) a group of its own: opening the default group instead would open every other member too.",
                    "\(web) was launched without choosing a security group, and nobody on the internet can open HTTPS on it",
                    "Fix it without opening \(member) to the internet.",
                    [
                        "sg create \(web)-sg in \(vpc) \"HTTPS from anywhere\"", "sg allow \(web)-sg in tcp 443 from 0.0.0.0/0",
                        "attach-sg \(web) \(web)-sg",
                    ])
            }
        }

        var d = Draft(template: .defaultGroup, kind: kind, topic: "default-sg")
        d.script = s
        d.faults = faults.map(\.rawValue)
        d.tag(seed: [8], traps: [7])
        d.difficulty = 1 + faults.count
        d.body =
            "\(member)\(withWeb ? ", \(web)" : "") and the \(engine) \(cacheKind == "rds" ? "database" : "cluster") \(cache) were launched without choosing a security group. \(worker) and \(stranger) have groups of their own (\(workerSG), \(strangerSG))."
        if kind == .scenario {
            var options = ["member-cache", "member-cache", "worker-cache", "internet-member", "member-internet"]
            if withWeb { options.append("internet-web") }
            var concept = idea
            switch r.pick(options) {
            case "member-cache":
                // The engine's own port: a story about a MySQL database asks about MySQL.
                let p = cachePort
                d.packet = flow(member, cache, p)
                d.stem = "\(member) opens \(engine) (TCP \(p)) to \(cache). Does the connection \(whichCheck)"
                d.expected = has.contains(.selfReferenceRevoked) ? "blocked at security-group-inbound" : "allowed"
                concept += has.contains(.selfReferenceRevoked)
                    ? " " + info(.selfReferenceRevoked).concept
                    : " Both are members, and the self-reference allows all protocols and ports between members (TCP \(p) included). It works, but best practice leaves the default group without rules and gives each role a dedicated group (AWS Security Hub control EC2.2)."
            case "worker-cache":
                d.packet = flow(worker, cache, cachePort)
                d.stem = "\(worker) (in \(workerSG)) connects to \(cache) on TCP \(cachePort). Does the connection \(whichCheck)"
                d.expected = "blocked at security-group-inbound"
                concept += " " + info(.notMember).concept
                d.difficulty = 2
            case "internet-member":
                d.packet = flow("internet", member, 80)
                d.stem = "An internet client opens HTTP (TCP 80) to \(member), which has a public IP. Does the request \(whichCheck)"
                d.expected = "blocked at security-group-inbound"
                concept += " An internet client is not a member, so the default group alone never admits it."
                d.difficulty = 2
            case "internet-web":
                d.packet = flow("internet", web, 443)
                d.stem = "An internet client opens HTTPS (TCP 443) to \(web), which has a public IP. Does the request \(whichCheck)"
                d.expected = "blocked at security-group-inbound"
                concept += " " + info(.webInDefault).concept
                d.difficulty = 2
            default:
                d.packet = flow(member, "internet", 443)
                d.stem = "\(member) downloads from an internet server (198.51.100.10) over HTTPS. Does the connection \(whichCheck)"
                d.expected = "allowed"
                concept += " Outbound, the default group allows everything, and the reply is let in by connection tracking."
            }
            d.concept = concept
        } else {
            if has.contains(.webInDefault) {
                d.goal = [
                    "expect allowed \(flow("internet", web, 443))",
                    "expect blocked \(flow("internet", member, 443))",
                    "expect blocked \(flow("internet", web, 22))",
                ]
                d.tag(seed: [6], traps: [6])
            } else if has.contains(.notMember) {
                d.goal = [
                    "expect allowed \(flow(worker, cache, cachePort))",
                    "expect allowed \(flow(member, cache, cachePort))",
                    "expect blocked \(flow(stranger, cache, cachePort))",
                ]
                d.tag(seed: [11])
            } else {
                d.goal = [
                    "expect allowed \(flow(member, cache, cachePort))",
                    "expect blocked \(flow(stranger, cache, cachePort))",
                    "expect blocked \(flow(worker, cache, cachePort))",
                ]
            }
            // Dedicated groups, never the default one (Security Hub EC2.2): one for the server,
            // admitting each client's group on the engine's port only.
            if has.contains(.webInDefault) {
                d.solution = info(.webInDefault).fix
            } else {
                d.solution = ["sg create \(cache)-sg in \(vpc) \"\(engine)\""]
                if has.contains(.selfReferenceRevoked) {
                    d.solution += [
                        "sg create \(member)-sg in \(vpc) \"\(engine) clients\"", "attach-sg \(member) \(member)-sg",
                        "sg allow \(cache)-sg in tcp \(cachePort) from \(member)-sg",
                    ]
                }
                if has.contains(.notMember) { d.solution.append("sg allow \(cache)-sg in tcp \(cachePort) from \(workerSG)") }
                d.solution.append("attach-sg \(cache) \(cache)-sg")
                d.tag(seed: [20])
            }
            let told = [F.selfReferenceRevoked, .notMember, .webInDefault].filter(has.contains)
            d.stem = stem(symptoms: told.map { info($0).symptom }, constraint: info(told[0]).constraint)
            d.concept = ([idea] + faults.map { info($0).concept }).joined(separator: " ")
        }
        return d
    }
}
