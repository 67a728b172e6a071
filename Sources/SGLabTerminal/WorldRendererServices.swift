import SGLabCore

/// Detail views of load balancers, target groups and VPC endpoints, and `lb health`.
extension WorldView {
    func loadBalancer(_ lb: LoadBalancer) -> String {
        var lines = [title(lb.type.noun, lb.name, lb.id, [lb.scheme.rawValue])]
        let groups: String
        if lb.securityGroupIDs.isEmpty {
            groups = "none: all client traffic reaches the listeners (an NLB created without groups can never get them)"
        } else {
            groups = groupNames(lb.securityGroupIDs)
        }
        lines += fields([vpcField(lb.vpcID), ("security groups", groups)])
        lines.append("")
        lines.append(section("Nodes", lb.nodeInterfaceIDs.count, note: "one per Availability Zone"))
        lines += Table(
            [.init("Subnet"), .init("Zone"), .init("Interface"), .init("Private IP"), .init("Public IP")],
            rows: lb.nodeInterfaceIDs.compactMap { world.interfaces[$0] }.map { eni in
                [name(eni.subnetID), world.subnets[eni.subnetID]?.availabilityZone ?? "–", eni.id.rawValue,
                 "\(eni.privateAddress)", eni.publicAddress.map { "\($0)" } ?? "–"]
            }
        ).lines(style: style)
        lines.append("")
        lines.append(section("Listeners", lb.listeners.count))
        if lb.listeners.isEmpty {
            lines.append(style.dim("no listeners: listener add \(lb.name) \(lb.type == .application ? "http" : "tcp") PORT to TG"))
        } else {
            lines += Table(
                [.init("Protocol"), .init("Port"), .init("Forwards to"), .init("Targets", wraps: true)],
                rows: lb.listeners.map { listener in
                    let tg = world.targetGroups[listener.targetGroupID]
                    let targets = tg.map { tg in
                        tg.targets.isEmpty ? "none registered" : tg.targets.map { "\(world.targetText($0)):\(tg.port)" }.joined(separator: ", ")
                    } ?? "–"
                    return [listener.listenerProtocol.rawValue.uppercased(), "\(listener.port)", slashed(listener.targetGroupID), targets]
                }
            ).lines(style: style)
            lines.append(style.dim("target health: lb health \(world.reference(to: lb.id))"))
        }
        return lines.joined(separator: "\n")
    }

    func targetGroup(_ tg: TargetGroup) -> String {
        var lines = [title("target group", tg.name, tg.id, [tg.targetType.rawValue])]
        let users = world.loadBalancers.values.filter { $0.listeners.contains { $0.targetGroupID == tg.id } }
        var pairs = [
            vpcField(tg.vpcID),
            ("protocol and port", "\(tg.targetProtocol.rawValue.uppercased()) \(tg.port)"),
            ("health checks", tg.healthCheckPort.map { "port \($0)" } ?? "the traffic port (\(tg.port))"),
        ]
        if tg.targetProtocol.loadBalancerType == .network {
            pairs.append(("client IP preservation", tg.preservesClientIP
                ? "on: targets see the client's address" : "off: targets see the load balancer's node address"))
        } else {
            pairs.append(("targets see", "the load balancer's node address (the client's is in X-Forwarded-For)"))
        }
        pairs.append(("load balancer", users.isEmpty ? "none yet" : users.map { labeled($0.id) }.joined(separator: ", ")))
        lines += fields(pairs)
        lines.append("")
        lines.append(section("Targets", tg.targets.count))
        lines += Table(
            [.init("Target"), .init("Address"), .init("Subnet"), .init("Zone")],
            rows: tg.targets.map { target in
                let address = world.targetAddress(target)
                let subnet = address.flatMap { world.subnet(containing: $0, in: tg.vpcID) }
                return [world.targetText(target), address.map { "\($0)" } ?? "–", subnet?.name ?? "–", subnet?.availabilityZone ?? "–"]
            }
        ).lines(style: style)
        return lines.joined(separator: "\n")
    }

    func endpoint(_ endpoint: VPCEndpoint) -> String {
        let service = AWSService.named(endpoint.service)
        var lines = [title("VPC endpoint", endpoint.name, endpoint.id, [endpoint.type.rawValue])]
        var pairs = [vpcField(endpoint.vpcID), ("service", service?.serviceName ?? endpoint.service)]
        switch endpoint.type {
        case .interface:
            pairs.append(("security groups", groupNames(endpoint.securityGroupIDs)))
            pairs.append(("private DNS", endpoint.privateDNS
                ? "on: \(endpoint.service) resolves to the endpoint's nodes in this VPC"
                : "off: \(endpoint.service) resolves to its public address (through an internet gateway or NAT)"))
            lines += fields(pairs)
            lines.append("")
            lines.append(section("Nodes", endpoint.nodeInterfaceIDs.count))
            lines += Table(
                [.init("Subnet"), .init("Zone"), .init("Interface"), .init("Private IP")],
                rows: endpoint.nodeInterfaceIDs.compactMap { world.interfaces[$0] }.map { eni in
                    [name(eni.subnetID), world.subnets[eni.subnetID]?.availabilityZone ?? "–", eni.id.rawValue, "\(eni.privateAddress)"]
                }
            ).lines(style: style)
        case .gateway:
            let list = service?.prefixListID
            pairs.append(("prefix list", list.map { "\($0) (\(service!.serviceName)): security groups can name it; network ACLs need its CIDRs" } ?? "–"))
            pairs.append(("route tables", endpoint.routeTableIDs.isEmpty ? "none: endpoint route \(endpoint.name) RT"
                : endpoint.routeTableIDs.map { name($0) }.joined(separator: ", ")))
            lines += fields(pairs)
            if let service {
                lines.append("")
                lines.append(section("Service ranges", service.ranges.count))
                lines += Table([.init("CIDR")], rows: service.ranges.map { [$0.description] }).lines(style: style)
            }
        }
        return lines.joined(separator: "\n")
    }

    func health(_ id: LoadBalancer.ID, _ results: [TargetHealth]) -> String {
        guard let lb = world.loadBalancers[id] else { return id.rawValue }
        var lines = [title("target health of", lb.name, lb.id)]
        guard !results.isEmpty else {
            lines.append(lb.listeners.isEmpty
                ? "no listeners, so no target groups to check: listener add \(lb.name) …"
                : "no registered targets: tg register TG INSTANCE")
            return lines.joined(separator: "\n")
        }
        lines += Table(
            [.init("Target group"), .init("Target"), .init("Port"), .init("Health"), .init("Reason", wraps: true)],
            rows: results.map { result in
                var reason = result.reason ?? "–"
                if let hop = result.failingHop {
                    let node = result.failingNode.flatMap { world.interfaces[$0] }.flatMap { world.subnets[$0.subnetID]?.availabilityZone }
                    reason += ": from the node in \(node ?? "?"), \(hop.leg.rawValue) leg, \(hop.componentName): \(hop.detail)"
                } else if result.reason == "Target.NotInUse" {
                    reason += ": its Availability Zone is not enabled on the load balancer"
                }
                return [name(result.targetGroupID), world.targetText(result.target), "\(result.port)",
                        result.healthy ? style.passed("healthy") : style.failed("unhealthy"), reason]
            }
        ).lines(style: style)
        if !results.contains(where: \.healthy) {
            lines.append(style.warning("every target is unhealthy: the load balancer routes to all of them anyway (fail-open)"))
        }
        return lines.joined(separator: "\n")
    }
}
