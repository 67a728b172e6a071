import SGLabCore

/// Views of peering connections and stale rules.
extension WorldView {
    func peering(_ pcx: PeeringConnection) -> String {
        var lines = [title("peering connection", pcx.name, pcx.id, [pcx.status.rawValue])]
        func side(_ id: VPC.ID) -> String { world.vpcs[id].map { "\(labeled($0.id)) \($0.cidr)" } ?? id.rawValue }
        let sides = [pcx.requesterVPCID, pcx.accepterVPCID].map { vpc -> String in
            let text = self.routes(to: RouteTarget.peering(pcx.id), in: vpc)
            return "\(name(vpc)): " + (text.isEmpty ? "none (traffic from this side has no way in)" : text.replacingOccurrences(of: "\n", with: ", "))
        }
        lines += fields([
            ("requester", side(pcx.requesterVPCID)),
            ("accepter", side(pcx.accepterVPCID)),
            ("routes to it", sides.joined(separator: "\n")),
        ])
        if pcx.status == .pendingAcceptance {
            lines.append(style.warning("pending acceptance: routes to it are blackhole until peering accept \(pcx.name)"))
        }
        lines.append(style.dim("never transitive: traffic that comes in through it leaves through no other peering, internet gateway or NAT gateway"))
        return lines.joined(separator: "\n")
    }

    func stale(_ vpcID: VPC.ID?) -> String {
        let stale = world.staleRules(in: vpcID)
        guard !stale.isEmpty else { return "no stale security group rules" + (vpcID.map { " in \(name($0))" } ?? "") }
        return Table(
            [.init("Group"), .init("Direction"), .init("Rule ID"), .init("Protocol and ports", wraps: true),
             .init("Names group", wraps: true)],
            rows: stale.map { entry in
                let columns = WorldView.consoleColumns(entry.rule.traffic)
                var referenced = "–"
                if case .securityGroup(let id) = entry.rule.peer {
                    referenced = world.securityGroups[id] == nil ? "\(id.rawValue) (deleted)" : "\(slashed(id)) (in \(world.securityGroups[id].map { name($0.vpcID) } ?? "?"), no active peering)"
                }
                return [name(entry.group), entry.direction.rawValue, entry.rule.id.rawValue, "\(columns.ipProtocol) \(columns.ports)", referenced]
            }
        ).lines(style: style).joined(separator: "\n")
    }

    func transitGateway(_ tgw: TransitGateway) -> String {
        var lines = [title("transit gateway", tgw.name, tgw.id)]
        let attachments = world.transitGatewayAttachments.values.filter { $0.transitGatewayID == tgw.id }.sorted { $0.name < $1.name }
        let tables = world.transitGatewayRouteTables.values.filter { $0.transitGatewayID == tgw.id }.sorted { $0.name < $1.name }
        lines += fields([
            ("security-group referencing", tgw.securityGroupReferencing
                ? "on: inbound rules may name groups of other attached VPCs" : "off (AWS's default): name other VPCs by CIDR"),
            ("default route table", labeled(tgw.defaultRouteTableID)),
            ("route tables", tables.isEmpty ? "none" : tables.map(\.name).joined(separator: ", ")),
        ])
        lines.append("")
        lines.append(section("Attachments", attachments.count))
        lines += Table(
            [.init("Attachment"), .init("VPC"), .init("Subnets", wraps: true), .init("Associated with")],
            rows: attachments.map { a in
                [labeled(a.id), name(a.vpcID), a.subnetIDs.map { "\(name($0)) (\(world.subnets[$0]?.availabilityZone ?? "?"))" }.joined(separator: ", "),
                 world.transitGatewayRouteTables.values.first { $0.associations.contains(a.id) }?.name ?? "–"]
            }
        ).lines(style: style)
        return lines.joined(separator: "\n")
    }

    func transitGatewayRouteTable(_ table: TransitGatewayRouteTable) -> String {
        var lines = [title("transit gateway route table", table.name, table.id)]
        lines += fields([
            ("transit gateway", labeled(table.transitGatewayID)),
            ("associations", table.associations.isEmpty ? "none" : table.associations.map { name($0) }.joined(separator: ", ")),
            ("propagations", table.propagations.isEmpty ? "none" : table.propagations.map { name($0) }.joined(separator: ", ")),
        ])
        let routes = world.effectiveRoutes(table)
        lines.append("")
        lines.append(section("Routes", routes.count, note: "the longest matching destination wins"))
        lines += Table(
            [.init("Destination"), .init("Target"), .init("Type")],
            rows: routes.map { entry in
                let target: String
                switch entry.route.target {
                case .attachment(let id): target = labeled(id)
                case .blackhole: target = style.failed("blackhole")
                }
                return [entry.route.destination.description, target, entry.propagated ? "propagated" : "static"]
            }
        ).lines(style: style)
        return lines.joined(separator: "\n")
    }

    func transitGatewayAttachment(_ a: TransitGatewayAttachment) -> String {
        var lines = [title("transit gateway attachment", a.name, a.id)]
        lines += fields([
            ("transit gateway", labeled(a.transitGatewayID)), vpcField(a.vpcID),
            ("subnets", a.subnetIDs.map { "\(labeled($0)) \(world.subnets[$0]?.availabilityZone ?? "")" }.joined(separator: "\n")),
        ])
        lines.append(style.dim("traffic enters the transit gateway only from zones listed here"))
        return lines.joined(separator: "\n")
    }
}
