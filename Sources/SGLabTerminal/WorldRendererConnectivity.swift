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
}
