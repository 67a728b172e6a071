import DequeModule
import SGLabCore

/// What one command produced.
public enum Outcome: Sendable {
    /// Lines of prose (a created resource, a change made).
    case message(String)
    case trace(Trace)
    case expectation(Expectation)
    case connected(Trace, Connection?)
    case connections([Connection], World)
    case help(String)
    /// `show`: the kind word given (if any), the resolved ID (nil: the whole world).
    case show(kind: String?, id: String?, World)
    /// `lb health`: every target's health check.
    case health(LoadBalancer.ID, [TargetHealth], World)
    /// `stale [VPC]`: rules that reference groups they can no longer match.
    case stale(VPC.ID?, World)
    /// Interface IDs to filter on (empty: all), the records, and how many older records the
    /// session no longer keeps.
    case flowLogs([NetworkInterface.ID], [FlowLogRecord], dropped: Int)
    case trail([TrailEvent], dropped: Int)
    /// The lines kept, and how many earlier lines were dropped (the first kept is line dropped+1).
    case history([String], dropped: Int)
    case say(String)
    case pause
    case assertion(Assertion)
}

/// The result of an `assert` line.
public struct Assertion: Sendable {
    public let passed: Bool
    public let statement: String
    public let actual: String
}

/// The result of an `expect` line.
public struct Expectation: Sendable {
    public let passed: Bool
    /// `blocked at network-acl-outbound`
    public let expected: String
    /// `allowed`, or `blocked at security-group-inbound (request leg, sg-…)`
    public let actual: String
    public let trace: Trace
}

/// Where a session keeps files: `save`, `load` and `record` go through it, so the language
/// layer does no I/O of its own.
public protocol SessionStore: Sendable {
    func save(_ world: World, to path: String) throws(LanguageError)
    func load(from path: String) throws(LanguageError) -> World
    func write(_ text: String, to path: String) throws(LanguageError)
    /// `import PATH`, `audit`, `exposure`, `export FORMAT` on the current world: a new world
    /// (for an import) and the lines to print.
    func account(_ request: AccountRequest, world: World) throws(LanguageError) -> (World?, [String])
}

extension SessionStore {
    public func account(_ request: AccountRequest, world: World) throws(LanguageError) -> (World?, [String]) {
        throw LanguageError("the account commands (import, audit, exposure, export) are not available here")
    }
}

/// A store that refuses: for sessions with no file system (tests, embedded uses).
public struct NoStore: SessionStore {
    public init() {}
    public func save(_ world: World, to path: String) throws(LanguageError) { throw LanguageError("files are not available here") }
    public func load(from path: String) throws(LanguageError) -> World { throw LanguageError("files are not available here") }
    public func write(_ text: String, to path: String) throws(LanguageError) { throw LanguageError("files are not available here") }
}

/// One CloudTrail-style event: a change to the world, named as the EC2 API names it
/// ("Logging API calls with CloudTrail"; CIS CloudWatch.10–14 event names).
public struct TrailEvent: Hashable, Sendable {
    public let time: Int
    public let eventName: String
    public let command: String
    /// The change was taken back by `undo` (and not made again by `redo`): the trail keeps the
    /// call, marked, as CloudTrail would keep it (it never forgets a call).
    public internal(set) var undone = false
}

/// The interpreter: a world and the commands that change or question it. A command that fails
/// leaves the world exactly as it was.
public struct Session: Sendable {
    public private(set) var world: World
    public var store: any SessionStore
    /// Explain even expectations that hold (for --json, whose hops carry their prose).
    public var explainExpectations = false
    /// How much of itself a session keeps: the most recent lines, records and events, so
    /// that a script of any length runs in bounded memory (each view says what was dropped).
    public static let logCapacity = 100_000
    /// The lines run in this session, for `history`.
    public private(set) var historyLog = BoundedLog<String>(capacity: logCapacity)
    public private(set) var flowLogRecords = BoundedLog<FlowLogRecord>(capacity: logCapacity)
    public private(set) var trailLog = BoundedLog<TrailEvent>(capacity: logCapacity)
    /// Lines that changed the world, for `record` (persistent: undo keeps a copy per step).
    private var changeList = ChangeList()
    /// Worlds and change lists to go back to. The world's tables are persistent, so each entry
    /// shares all but the changed paths with its neighbours.
    private var undoStack: Deque<Step> = []
    private var redoStack: [Step] = []

    public var history: [String] { historyLog.entries }
    /// Lines that changed the world, for `record`.
    public var changes: [String] { changeList.all }
    public var flowLog: [FlowLogRecord] { flowLogRecords.entries }
    /// The trail, each event marked when undo took its change back (CloudTrail keeps every
    /// call: the trail does too, and says which ones an undo stands against).
    public var trail: [TrailEvent] {
        guard !undoneEvents.isEmpty else { return trailLog.entries }
        let base = trailLog.dropped
        return trailLog.entries.enumerated().map { i, event in
            var event = event
            event.undone = undoneEvents.contains(base + i)
            return event
        }
    }
    /// Trail events (numbered from the session's first, dropped ones included) whose change
    /// undo took back.
    private var undoneEvents: Set<Int> = []
    /// Trail events written so far, dropped ones included: the number the next one gets.
    private var eventsWritten: Int { trailLog.dropped + trailLog.count }
    /// One change that undo or redo can take back: the world and recorded lines on the other
    /// side of it, what it was (its line), and its events in the trail.
    private struct Step: Sendable {
        var world: World
        var changes: ChangeList
        var what: String
        var events: Range<Int>
    }
    /// A logical clock: 2026-01-01T00:00:00Z, one minute further at each packet or change.
    public private(set) var clock = 1_767_225_600
    static let undoDepth = 200

    /// `logCapacity`: how many lines, flow-log records and trail events the session keeps.
    public init(world: World = World(), store: any SessionStore = NoStore(), logCapacity: Int = Session.logCapacity) {
        self.world = world
        self.store = store
        historyLog = BoundedLog(capacity: logCapacity)
        flowLogRecords = BoundedLog(capacity: logCapacity)
        trailLog = BoundedLog(capacity: logCapacity)
    }

    /// Parses and runs one line; nil for a blank or comment line.
    public mutating func execute(_ line: String) throws(LanguageError) -> Outcome? {
        guard let parsed = try Parser.parse(line) else { return nil }
        historyLog.append(line)
        return try run(parsed, line: line)
    }

    public mutating func run(_ parsed: ParsedCommand, line: String = "") throws(LanguageError) -> Outcome {
        switch parsed.command {
        case .undo:
            guard let step = undoStack.popLast() else {
                throw LanguageError("nothing to undo", fix: "undo takes back changes made in this session")
            }
            redoStack.append(Step(world: world, changes: changeList, what: step.what, events: step.events))
            world = step.world
            changeList = step.changes
            undoneEvents.formUnion(step.events)
            return .message("undone: \(step.what) (redo makes it again)")
        case .redo:
            guard let step = redoStack.popLast() else { throw LanguageError("nothing to redo") }
            undoStack.append(Step(world: world, changes: changeList, what: step.what, events: step.events))
            world = step.world
            changeList = step.changes
            undoneEvents.subtract(step.events)
            return .message("redone: \(step.what)" + (step.what == "reset" ? " (the world is empty again; undo brings it back)" : ""))
        case .reset:
            remember("reset")
            world = World(quotas: world.quotas)
            changeList = ChangeList()
            return .message("the world is empty again (undo brings it back)")
        case .save(let file):
            try store.save(world, to: file.text)
            return .message("saved the world to \(file.text)")
        case .load(let file):
            let loaded = try store.load(from: file.text)
            remember(line.isEmpty ? "load \(file.text)" : line)
            world = loaded
            // A recorded script starts from the same saved world.
            changeList = ChangeList([line.isEmpty ? "load \(file.text)" : line])
            func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }
            return .message(
                "loaded \(file.text): \(count(world.vpcs.count, "VPC")), \(count(world.subnets.count, "subnet")), \(count(world.resources.count, "resource"))")
        case .account(let request):
            let (changed, lines) = try store.account(request, world: world)
            if let changed, case .importAccount(let path) = request {
                let what = line.isEmpty ? "import \(path)" : line
                remember(what)
                world = changed
                // Like a loaded world, an imported one is where a recording starts.
                changeList = ChangeList([what])
            }
            return .message(lines.joined(separator: "\n"))
        case .record(let file):
            if changeList.isTruncated {
                throw LanguageError(
                    "this session made more than \(ChangeList.capacity) changes; only the most recent are kept, so a recording would not rebuild the world",
                    fix: "save the world instead (save FILE), and load it later")
            }
            let changes = changeList.all
            let script = (["# sglab script recorded from a lab session"] + changes).joined(separator: "\n") + "\n"
            try store.write(script, to: file.text)
            return .message("recorded \(changes.count) commands to \(file.text); run them again with sglab run \(file.text)")
        case .history:
            return .history(historyLog.entries, dropped: historyLog.dropped)
        case .trail:
            return .trail(trail, dropped: trailLog.dropped)
        default:
            break
        }
        var interpreter = Interpreter(world: world, tokens: parsed.tokens, explainAll: explainExpectations)
        let outcome: Outcome
        do {
            outcome = try interpreter.run(parsed.command)
        } catch let error as LanguageError {
            throw error
        } catch let error as AWSError {
            throw interpreter.language(error)
        } catch {
            throw LanguageError("\(error)")
        }
        if parsed.command.changesWorld {
            let first = eventsWritten
            let previous = (world, changeList)
            world = interpreter.world
            changeList.append(line)
            clock += 60
            for name in apiEvents(of: parsed.command, before: previous.0) {
                trailLog.append(TrailEvent(time: clock, eventName: name, command: line))
            }
            remember(line, events: first..<eventsWritten, before: previous)
        }
        return stamp(outcome)
    }

    /// The API calls a change amounts to, where the world before it decides: moving a subnet
    /// from one explicit route table to another is ReplaceRouteTableAssociation, not a second
    /// AssociateRouteTable ("ReplaceRouteTableAssociation", Amazon EC2 API Reference).
    private func apiEvents(of command: Command, before: World) -> [String] {
        if case .associateRouteTable(_, let subnetWord) = command, let subnet = before.lookup(Subnet.self, subnetWord.text),
            before.subnets[subnet]?.routeTableID != nil
        {
            return ["ReplaceRouteTableAssociation"]
        }
        return command.apiEvents
    }

    /// Flow log records get the session's time; the session keeps them for `flow-logs`.
    private mutating func stamp(_ outcome: Outcome) -> Outcome {
        func stamped(_ trace: Trace) -> Trace {
            clock += 60
            // Whoever receives an explained trace prints it: build each hop's words once.
            var copy = trace.materialized()
            copy.stampFlowLog(start: clock - 60, end: clock)
            flowLogRecords.append(contentsOf: copy.flowLog)
            return copy
        }
        switch outcome {
        case .trace(let t): return .trace(stamped(t))
        case .connected(let t, let c): return .connected(stamped(t), c)
        case .expectation(let e):
            return .expectation(Expectation(passed: e.passed, expected: e.expected, actual: e.actual, trace: stamped(e.trace)))
        case .flowLogs(let filter, _, _):
            let records = flowLogRecords.entries.filter { filter.isEmpty || filter.contains($0.interfaceID) }
            return .flowLogs(filter, records, dropped: flowLogRecords.dropped)
        default: return outcome
        }
    }

    private mutating func remember(_ what: String, events: Range<Int>? = nil, before: (World, ChangeList)? = nil) {
        let (world, changes) = before ?? (self.world, self.changeList)
        undoStack.append(Step(world: world, changes: changes, what: what, events: events ?? eventsWritten..<eventsWritten))
        if undoStack.count > Session.undoDepth { undoStack.removeFirst() }
        redoStack = []
    }
}

struct Interpreter {
    var world: World
    let tokens: [String: Token]
    var explainAll = false

    /// Errors point at the argument they name, else at the resource the command acts on.
    func language(_ error: AWSError, default token: Token? = nil) -> LanguageError {
        let subjects = [
            "sg", "nacl", "rt", "igw", "nat", "eni", "eip", "pl", "resource", "subnet", "vpc", "name", "number", "lb", "tg",
            "endpoint",
        ]
        let at = error.argument.flatMap { tokens[$0] } ?? token ?? subjects.lazy.compactMap { tokens[$0] }.first
        return LanguageError(error.message, code: error.code, at: at, fix: error.fix)
    }

    /// Resolves a word to an ID of `type`, pointing errors at the word.
    func id<Kind: Identified>(_ kind: Kind.Type, _ word: Word, in vpcID: VPC.ID? = nil) throws(LanguageError) -> ID<Kind> {
        do {
            return try world.resolve(kind, word.text, in: vpcID)
        } catch {
            throw LanguageError(error.message, code: error.code, at: word.token, fix: error.fix)
        }
    }

    func pointed<T>(_ word: Word, _ body: () throws(AWSError) -> T) throws(LanguageError) -> T {
        do { return try body() } catch {
            let at = error.argument.flatMap { tokens[$0] } ?? word.token
            throw LanguageError(error.message, code: error.code, at: at, fix: error.fix)
        }
    }

    func perform<T>(_ body: () throws(AWSError) -> T) throws(LanguageError) -> T {
        do { return try body() } catch { throw language(error) }
    }

    /// A resource's primary interface, or the interface named.
    func interface(_ word: Word) throws(LanguageError) -> NetworkInterface.ID {
        if let resource = world.lookup(Resource.self, word.text) { return world.resources[resource]!.primaryInterfaceID }
        if let eni = world.lookup(NetworkInterface.self, word.text) { return eni }
        if world.lookup(.natGateway, word.text) != nil {
            throw LanguageError(
                "\(word.text) is a NAT gateway: NAT gateways have no security groups and take no Elastic IP but their own",
                code: "InvalidParameterValue", at: word.token, fix: "control a NAT gateway's traffic with its subnet's network ACL")
        }
        let names = world.allNames(of: .resource) + world.allNames(of: .networkInterface)
        throw LanguageError(
            "there is no resource or network interface named \(word.text)", code: "InvalidInstanceID.NotFound",
            at: word.token, fix: nearest(word.text, among: names).map { "did you mean \($0)?" })
    }

    func routeTarget(_ word: Word, vpcID: VPC.ID) throws(LanguageError) -> RouteTarget {
        var found: [RouteTarget] = []
        if let id = world.lookup(InternetGateway.self, word.text) { found.append(.internetGateway(id)) }
        if let id = world.lookup(NATGateway.self, word.text, in: vpcID) { found.append(.natGateway(id)) }
        if let id = world.lookup(Resource.self, word.text, in: vpcID), let resource = world.resources[id] {
            found.append(.networkInterface(resource.primaryInterfaceID))
        }
        if let id = world.lookup(NetworkInterface.self, word.text, in: vpcID) { found.append(.networkInterface(id)) }
        if let id = world.lookup(PeeringConnection.self, word.text) { found.append(.peering(id)) }
        if let id = world.lookup(EgressOnlyInternetGateway.self, word.text, in: vpcID) { found.append(.egressOnlyInternetGateway(id)) }
        if let id = world.lookup(TransitGateway.self, word.text) { found.append(.transitGateway(id)) }
        if let id = world.lookup(RegionalNATGateway.self, word.text, in: vpcID) { found.append(.regionalNATGateway(id)) }
        if found.count == 1 { return found[0] }
        if found.count > 1 {
            throw LanguageError("\(word.text) names more than one possible target; use its ID", at: word.token)
        }
        if word.text.lowercased() == "local" {
            throw LanguageError("the local route is created with the VPC and cannot be added", code: "InvalidParameterValue", at: word.token)
        }
        let names = world.allNames(of: .internetGateway) + world.allNames(of: .natGateway) + world.allNames(of: .resource)
            + world.allNames(of: .networkInterface) + world.allNames(of: .peeringConnection)
            + world.allNames(of: .egressOnlyInternetGateway) + world.allNames(of: .transitGateway)
        throw LanguageError(
            "there is no internet gateway, NAT gateway, instance, network interface or peering connection named \(word.text)",
            code: "InvalidParameterValue", at: word.token, fix: nearest(word.text, among: names).map { "did you mean \($0)?" })
    }

    func peer(_ peer: PeerWord, vpcID: VPC.ID) throws(LanguageError) -> Peer {
        switch peer {
        case .cidr(let c): return .cidr(c)
        case .name(let word):
            if let id = world.lookup(SecurityGroup.self, word.text, in: vpcID) { return .securityGroup(id) }
            if let id = world.lookup(PrefixList.self, word.text) { return .prefixList(id) }
            let names = world.allNames(of: .securityGroup) + world.allNames(of: .prefixList)
                + AWSService.managedPrefixLists.map(\.name)
            let anywhere = ["anywhere", "any", "all", "everyone", "everywhere", "internet", "world"].contains(word.text.lowercased())
            throw LanguageError(
                "there is no security group or prefix list named \(word.text)", code: "InvalidGroup.NotFound",
                at: word.token,
                fix: anywhere ? "anywhere on IPv4 is written 0.0.0.0/0" : nearest(word.text, among: names).map { "did you mean \($0)?" })
        }
    }

    func label(_ id: String) -> String { world.label(id) }

    /// A route target for messages: an instance's interface goes by the instance's name.
    func targetLabel(_ target: RouteTarget) -> String {
        if case .networkInterface(let id) = target, let eni = world.interfaces[id], let owner = eni.attachedResourceID,
            let name = world.name(of: owner)
        {
            return "\(name) (\(id))"
        }
        return label(target.id)
    }

    /// What AWS did with a block written with host bits: it stores the canonical block
    /// (CreateVpc, CreateSubnet, CreateRoute; aws-semantics.md Part 1, decision 18).
    func storedNote(_ canonical: Bool) -> String {
        canonical ? "" : " (host bits cleared: AWS stores the canonical block)"
    }
    func label<Kind: Identified>(_ id: ID<Kind>) -> String { world.label(id) }

    mutating func run(_ command: Command) throws -> Outcome {
        switch command {
        case .createVPC(let name, let cidr, let canonical):
            let id = try pointed(name) { () throws(AWSError) in try world.createVPC(name: name.text, cidr: cidr) }
            let vpc = world.vpcs[id]!
            return .message(
                "created VPC \(name.text) (\(id)) \(cidr)\(storedNote(canonical)): main route table \(vpc.mainRouteTableID), default network ACL \(vpc.defaultNetworkACLID), default security group \(vpc.defaultSecurityGroupID)")
        case .deleteVPC(let word):
            let id = try self.id(VPC.self, word)
            try perform { () throws(AWSError) in try world.deleteVPC(id) }
            return .message("deleted VPC \(word.text) (\(id))")
        case .createSubnet(let name, let vpcWord, let cidr, let canonical, let zone):
            let vpcID = try self.id(VPC.self, vpcWord)
            let id = try pointed(name) { () throws(AWSError) in
                try world.createSubnet(name: name.text, vpcID: vpcID, cidr: cidr, availabilityZone: zone?.text)
            }
            let subnet = world.subnets[id]!
            return .message(
                "created subnet \(name.text) (\(id)) \(cidr)\(storedNote(canonical)) in \(vpcWord.text), \(subnet.availabilityZone): \(cidr.size - 5) usable addresses; main route table, default network ACL")
        case .deleteSubnet(let word):
            let id = try self.id(Subnet.self, word)
            try perform { () throws(AWSError) in try world.deleteSubnet(id) }
            return .message("deleted subnet \(word.text) (\(id))")
        case .createInternetGateway(let name, let vpcWord):
            let vpcID = try vpcWord.map { w throws(LanguageError) in try self.id(VPC.self, w) }
            let id = try pointed(name) { () throws(AWSError) in try world.createInternetGateway(name: name.text) }
            if let vpcID, let vpcWord {
                try pointed(vpcWord) { () throws(AWSError) in try world.attachInternetGateway(id, to: vpcID) }
                return .message("created internet gateway \(name.text) (\(id)) and attached it to \(vpcWord.text)")
            }
            return .message("created internet gateway \(name.text) (\(id)), detached")
        case .attachInternetGateway(let igwWord, let vpcWord):
            let igw = try self.id(InternetGateway.self, igwWord), vpc = try self.id(VPC.self, vpcWord)
            try perform { () throws(AWSError) in try world.attachInternetGateway(igw, to: vpc) }
            return .message("attached internet gateway \(igwWord.text) to \(vpcWord.text)")
        case .detachInternetGateway(let igwWord, let vpcWord):
            let igw = try self.id(InternetGateway.self, igwWord), vpc = try self.id(VPC.self, vpcWord)
            try perform { () throws(AWSError) in try world.detachInternetGateway(igw, from: vpc) }
            return .message("detached internet gateway \(igwWord.text) from \(vpcWord.text); routes to it are now blackhole")
        case .deleteInternetGateway(let word):
            let id = try self.id(InternetGateway.self, word)
            try perform { () throws(AWSError) in try world.deleteInternetGateway(id) }
            return .message("deleted internet gateway \(word.text) (\(id))")
        case .createNATGateway(let name, let subnetWord, let isPrivate):
            let subnetID = try self.id(Subnet.self, subnetWord)
            let id = try pointed(name) { () throws(AWSError) in
                try world.createNATGateway(name: name.text, subnetID: subnetID, isPrivate: isPrivate)
            }
            let nat = world.natGateways[id]!
            let eni = world.interfaces[nat.interfaceID]!
            guard let publicAddress = eni.publicAddress, let allocation = nat.allocationID else {
                return .message(
                    "created private NAT gateway \(name.text) (\(id)) in \(subnetWord.text): private \(eni.privateAddress), no Elastic IP (it translates to \(eni.privateAddress), for other VPCs or on-premises)")
            }
            return .message(
                "created NAT gateway \(name.text) (\(id)) in \(subnetWord.text): private \(eni.privateAddress), Elastic IP \(publicAddress) (\(allocation))")
        case .deleteNATGateway(let word) where world.lookup(NATGateway.self, word.text) == nil
            && world.lookup(RegionalNATGateway.self, word.text) != nil:
            let id = try self.id(RegionalNATGateway.self, word)
            try perform { () throws(AWSError) in try world.deleteRegionalNATGateway(id) }
            return .message("deleted regional NAT gateway \(word.text) (\(id)); routes to it are now blackhole")
        case .deleteNATGateway(let word):
            let id = try self.id(NATGateway.self, word)
            try perform { () throws(AWSError) in try world.deleteNATGateway(id) }
            return .message("deleted NAT gateway \(word.text) (\(id)); its Elastic IP stays allocated; routes to it are now blackhole")
        case .createRouteTable(let name, let vpcWord):
            let vpcID = try self.id(VPC.self, vpcWord)
            let id = try pointed(name) { () throws(AWSError) in try world.createRouteTable(name: name.text, vpcID: vpcID) }
            return .message("created route table \(name.text) (\(id)) in \(vpcWord.text) with the local route \(world.vpcs[vpcID]!.cidr)")
        case .associateRouteTable(let rtWord, let subnetWord):
            let subnet = try self.id(Subnet.self, subnetWord)
            let rt = try self.id(RouteTable.self, rtWord, in: world.subnets[subnet]?.vpcID)
            try perform { () throws(AWSError) in try world.associateRouteTable(rt, with: subnet) }
            return .message("subnet \(subnetWord.text) now uses route table \(rtWord.text)")
        case .deleteRouteTable(let word):
            let id = try self.id(RouteTable.self, word)
            try perform { () throws(AWSError) in try world.deleteRouteTable(id) }
            return .message("deleted route table \(word.text) (\(id))")
        case .addRoute(let rtWord, let cidr, let canonical, let targetWord, let replace):
            let rt = try self.id(RouteTable.self, rtWord)
            let target = try routeTarget(targetWord, vpcID: world.routeTables[rt]!.vpcID)
            try perform { () throws(AWSError) in
                try world.addRoute(to: rt, destination: cidr, target: target, replace: replace)
            }
            return .message("route table \(rtWord.text): \(cidr)\(storedNote(canonical)) → \(targetLabel(target))\(replace ? " (replaced)" : "")")
        case .addPrefixListRoute(let rtWord, let plWord, let targetWord, let replace):
            let rt = try self.id(RouteTable.self, rtWord)
            let list = try self.id(PrefixList.self, plWord)
            let target = try routeTarget(targetWord, vpcID: world.routeTables[rt]!.vpcID)
            try perform { () throws(AWSError) in try world.addRoute(to: rt, prefixList: list, target: target, replace: replace) }
            return .message("route table \(rtWord.text): prefix list \(plWord.text) → \(targetLabel(target))\(replace ? " (replaced)" : "")")
        case .deletePrefixListRoute(let rtWord, let plWord):
            let rt = try self.id(RouteTable.self, rtWord)
            let list = try self.id(PrefixList.self, plWord)
            try perform { () throws(AWSError) in try world.deleteRoute(from: rt, prefixList: list) }
            return .message("route table \(rtWord.text): deleted the route to prefix list \(plWord.text)")
        case .deleteRoute(let rtWord, let cidr):
            let rt = try self.id(RouteTable.self, rtWord)
            try perform { () throws(AWSError) in try world.deleteRoute(from: rt, destination: cidr) }
            return .message("route table \(rtWord.text): deleted the route to \(cidr)")
        case .createNetworkACL(let name, let vpcWord):
            let vpcID = try self.id(VPC.self, vpcWord)
            let id = try pointed(name) { () throws(AWSError) in try world.createNetworkACL(name: name.text, vpcID: vpcID) }
            return .message("created network ACL \(name.text) (\(id)) in \(vpcWord.text): only the * deny rules, so it blocks everything until you add rules")
        case .associateNetworkACL(let aclWord, let subnetWord):
            let subnet = try self.id(Subnet.self, subnetWord)
            let acl = try self.id(NetworkACL.self, aclWord, in: world.subnets[subnet]?.vpcID)
            try perform { () throws(AWSError) in try world.associateNetworkACL(acl, with: subnet) }
            return .message("subnet \(subnetWord.text) now uses network ACL \(aclWord.text)")
        case .deleteNetworkACL(let word):
            let id = try self.id(NetworkACL.self, word)
            try perform { () throws(AWSError) in try world.deleteNetworkACL(id) }
            return .message("deleted network ACL \(word.text) (\(id))")
        case .addNetworkACLEntry(let aclWord, let direction, let number, let action, let traffic, let cidr):
            let acl = try self.id(NetworkACL.self, aclWord)
            try perform { () throws(AWSError) in
                try world.addNetworkACLEntry(acl, direction: direction, ruleNumber: number, action: action, traffic: traffic, cidr: cidr)
            }
            return .message(
                "network ACL \(aclWord.text) \(direction): rule \(number) \(action.rawValue) \(traffic) \(direction == .inbound ? "from" : "to") \(cidr)")
        case .removeNetworkACLEntry(let aclWord, let direction, let number):
            let acl = try self.id(NetworkACL.self, aclWord)
            try perform { () throws(AWSError) in try world.removeNetworkACLEntry(acl, direction: direction, ruleNumber: number) }
            return .message("network ACL \(aclWord.text) \(direction): removed rule \(number)")
        case .createSecurityGroup(let name, let vpcWord, let description):
            let vpcID = try self.id(VPC.self, vpcWord)
            let id = try pointed(name) { () throws(AWSError) in
                try world.createSecurityGroup(name: name.text, vpcID: vpcID, description: description)
            }
            return .message("created security group \(name.text) (\(id)) in \(vpcWord.text): no inbound rules, all outbound traffic allowed")
        case .authorize(let groupWord, let direction, let traffic, let peerWord, let description):
            let group = try self.id(SecurityGroup.self, groupWord)
            let peer = try peer(peerWord, vpcID: world.securityGroups[group]!.vpcID)
            let ruleID = try perform { () throws(AWSError) in
                try world.authorize(group, direction: direction, traffic: traffic, peer: peer, description: description)
            }
            return .message(
                "security group \(groupWord.text) \(direction): \(ruleID) allows \(traffic) \(direction == .inbound ? "from" : "to") \(peerLabel(peer))")
        case .revoke(let groupWord, let direction, let traffic, let peerWord):
            let group = try self.id(SecurityGroup.self, groupWord)
            let peer = try peer(peerWord, vpcID: world.securityGroups[group]!.vpcID)
            let ruleID = try perform { () throws(AWSError) in
                try world.revoke(group, direction: direction, traffic: traffic, peer: peer)
            }
            return .message("security group \(groupWord.text) \(direction): revoked \(ruleID) (\(traffic) \(direction == .inbound ? "from" : "to") \(peerLabel(peer)))")
        case .deleteSecurityGroup(let word):
            let id = try self.id(SecurityGroup.self, word)
            try perform { () throws(AWSError) in try world.deleteSecurityGroup(id) }
            return .message("deleted security group \(word.text) (\(id))")
        case .launch(let kind, let name, let subnetWord, let groupWords, let address, let publicIP, let ipv6):
            let subnetID = try self.id(Subnet.self, subnetWord)
            let vpcID = world.subnets[subnetID]!.vpcID
            var groups: [SecurityGroup.ID] = []
            for word in groupWords ?? [] { groups.append(try self.id(SecurityGroup.self, word, in: vpcID)) }
            let id = try pointed(name) { () throws(AWSError) in
                try world.launch(kind: kind, name: name.text, subnetID: subnetID, securityGroupIDs: groups, address: address, publicAddress: publicIP)
            }
            if ipv6 {
                let primary = world.resources[id]!.primaryInterfaceID
                try pointed(name) { () throws(AWSError) in _ = try world.assignIPv6(primary) }
            }
            let eni = world.interfaces[world.resources[id]!.primaryInterfaceID]!
            let groupNames = eni.securityGroupIDs.map { world.name(of: $0) ?? $0.rawValue }.joined(separator: ", ")
            return .message(
                "launched \(kind.noun) \(name.text) (\(id)) in \(subnetWord.text): \(eni.id) \(eni.privateAddress)\(eni.publicAddress.map { ", public \($0)" } ?? "")\(eni.ipv6Address.map { ", IPv6 \($0)" } ?? ""), security groups \(groupNames)")
        case .setResourceAttribute(let kind, let word, let attribute, let on):
            let id = try self.id(Resource.self, word)
            guard world.resources[id]?.kind == kind else {
                throw LanguageError(
                    "\(word.text) is \(withArticle(world.resources[id]!.kind.noun)), not \(withArticle(kind.noun))", at: word.token)
            }
            try pointed(word) { () throws(AWSError) in
                switch attribute {
                case .sourceDestinationCheck: try world.setSourceDestinationCheck(id, on: on)
                case .natInstance: try world.setNATInstance(id, on: on)
                case .port25: try world.setPort25(id, unblocked: on)
                }
            }
            switch attribute {
            case .sourceDestinationCheck:
                return .message("\(word.text): source/destination check \(on ? "on: it drops traffic that is not addressed to it or from it" : "off: it may forward traffic for others")")
            case .natInstance:
                let check = world.resources[id]!.sourceDestinationCheck
                return .message("\(word.text) \(on ? "is a NAT instance: it rewrites the source of what it forwards to its own address" : "no longer translates what it forwards")\(on && check ? " (its source/destination check is still on: turn it off, or it forwards nothing)" : "")")
            case .port25:
                return .message("\(word.text): outbound TCP 25 to the internet \(on ? "open (as if AWS had granted the removal request)" : "blocked again, as AWS does by default")")
            }
        case .deleteResource(let kind, let word):
            let id = try self.id(Resource.self, word)
            guard world.resources[id]?.kind == kind else {
                throw LanguageError(
                    "\(word.text) is \(withArticle(world.resources[id]!.kind.noun)), not \(withArticle(kind.noun))", at: word.token,
                    fix: "\(world.resources[id]!.kind.rawValue) delete \(word.text)")
            }
            try perform { () throws(AWSError) in try world.deleteResource(id) }
            return .message("deleted \(kind.noun) \(word.text) (\(id)) and its network interface")
        case .attachSecurityGroup(let targetWord, let groupWord):
            let eniID: NetworkInterface.ID
            do { eniID = try interface(targetWord) } catch { throw swapped("attach-sg", targetWord, groupWord) ?? error }
            let eni = world.interfaces[eniID]!
            let group = try self.id(SecurityGroup.self, groupWord, in: eni.vpcID)
            if eni.securityGroupIDs.contains(group) {
                throw LanguageError("\(targetWord.text) already has security group \(groupWord.text)", at: groupWord.token)
            }
            try pointed(groupWord) { () throws(AWSError) in try world.setSecurityGroups(eni.securityGroupIDs + [group], on: eniID) }
            return .message("\(targetWord.text) (\(eniID)) now has security groups \(groupList(eniID))")
        case .detachSecurityGroup(let targetWord, let groupWord):
            let eniID: NetworkInterface.ID
            do { eniID = try interface(targetWord) } catch { throw swapped("detach-sg", targetWord, groupWord) ?? error }
            let eni = world.interfaces[eniID]!
            let group = try self.id(SecurityGroup.self, groupWord, in: eni.vpcID)
            guard eni.securityGroupIDs.contains(group) else {
                throw LanguageError("\(targetWord.text) does not have security group \(groupWord.text)", at: groupWord.token,
                                    fix: "it has \(groupList(eniID))")
            }
            try pointed(groupWord) { () throws(AWSError) in
                try world.setSecurityGroups(eni.securityGroupIDs.filter { $0 != group }, on: eniID)
            }
            return .message("\(targetWord.text) (\(eniID)) now has security groups \(groupList(eniID))")
        case .createInterface(let name, let subnetWord, let groupWords, let address):
            let subnetID = try self.id(Subnet.self, subnetWord)
            let vpcID = world.subnets[subnetID]!.vpcID
            var groups: [SecurityGroup.ID] = []
            for word in groupWords ?? [] { groups.append(try self.id(SecurityGroup.self, word, in: vpcID)) }
            let id = try pointed(name) { () throws(AWSError) in
                try world.createInterface(name: name.text, subnetID: subnetID, securityGroupIDs: groups, address: address)
            }
            return .message("created network interface \(name.text) (\(id)) in \(subnetWord.text): \(world.interfaces[id]!.privateAddress), security groups \(groupList(id))")
        case .attachInterface(let eniWord, let resourceWord):
            let eni = try self.id(NetworkInterface.self, eniWord), resource = try self.id(Resource.self, resourceWord)
            try perform { () throws(AWSError) in try world.attachInterface(eni, to: resource) }
            return .message("attached network interface \(eniWord.text) to \(resourceWord.text)")
        case .deleteInterface(let word):
            let id = try self.id(NetworkInterface.self, word)
            try perform { () throws(AWSError) in try world.deleteInterface(id) }
            return .message("deleted network interface \(word.text) (\(id))")
        case .allocateElasticIP(let name, let holder):
            let eniID = try holder.map { w throws(LanguageError) in try interface(w) }
            let id = try pointed(name) { () throws(AWSError) in try world.allocateElasticIP(name: name.text) }
            let address = world.elasticIPs[id]!.publicAddress
            if let eniID, let holder {
                try pointed(holder) { () throws(AWSError) in try world.associateElasticIP(id, with: eniID) }
                return .message("allocated Elastic IP \(name.text) \(address) (\(id)) and associated it with \(holder.text)")
            }
            return .message("allocated Elastic IP \(name.text) \(address) (\(id))")
        case .associateElasticIP(let eipWord, let targetWord):
            let eip = try self.id(ElasticIP.self, eipWord)
            let eniID = try interface(targetWord)
            try pointed(targetWord) { () throws(AWSError) in try world.associateElasticIP(eip, with: eniID) }
            return .message("\(targetWord.text) now has the public address \(world.elasticIPs[eip]!.publicAddress) (Elastic IP \(eipWord.text))")
        case .disassociateElasticIP(let word):
            let eip = try self.id(ElasticIP.self, word)
            let eniID = world.elasticIPs[eip]!.interfaceID
            try perform { () throws(AWSError) in try world.disassociateElasticIP(eip) }
            let now = eniID.flatMap { world.interfaces[$0]?.publicAddress }.map { "; it got a new public address \($0)" } ?? ""
            return .message("disassociated Elastic IP \(word.text) from \(eniID.map { label($0) } ?? "its interface")\(now)")
        case .releaseElasticIP(let word):
            let eip = try self.id(ElasticIP.self, word)
            try perform { () throws(AWSError) in try world.releaseElasticIP(eip) }
            return .message("released Elastic IP \(word.text)")
        case .createPrefixList(let name, let cidrs):
            let id = try pointed(name) { () throws(AWSError) in try world.createPrefixList(name: name.text, entries: cidrs) }
            return .message("created prefix list \(name.text) (\(id)): \(world.prefixLists[id]!.entries.map(\.description).joined(separator: ", "))")
        case .deletePrefixList(let word):
            let id = try self.id(PrefixList.self, word)
            try perform { () throws(AWSError) in try world.deletePrefixList(id) }
            return .message("deleted prefix list \(word.text) (\(id))")
        case .createLoadBalancer, .setLoadBalancerGroups, .deleteLoadBalancer, .loadBalancerHealth, .createTargetGroup,
            .setHealthCheckPort, .setPreserveClientIP, .registerTargets, .deregisterTarget, .deleteTargetGroup, .addListener,
            .deleteListener, .createInterfaceEndpoint, .createGatewayEndpoint, .setEndpointPrivateDNS, .addEndpointRouteTable,
            .deleteEndpoint:
            return try runService(command)
        case .createPeering, .acceptPeering, .deletePeering, .stale, .associateVPCIPv6, .associateSubnetIPv6, .assignIPv6,
            .createEgressOnlyInternetGateway, .deleteEgressOnlyInternetGateway, .createTransitGateway, .setTransitGatewayReferencing,
            .attachTransitGateway, .detachTransitGateway, .deleteTransitGateway, .createTransitGatewayRouteTable,
            .associateTransitGatewayRouteTable, .propagateTransitGatewayRouteTable, .addTransitGatewayRoute,
            .deleteTransitGatewayRoute, .createRegionalNATGateway, .associateSecurityGroupVPC:
            return try runConnectivity(command)
        case .packet(let probe):
            return .trace(try perform { () throws(AWSError) in try world.evaluate(probe) })
        case .expect(let allowed, let filter, let probe):
            // A holding expectation needs only the verdict; a failed one is explained in full.
            var trace = try perform { () throws(AWSError) in try world.evaluate(probe, explain: explainAll) }
            var judged = Interpreter.judge(trace, allowed: allowed, at: filter)
            if !judged.passed && !explainAll {
                trace = try perform { () throws(AWSError) in try world.evaluate(probe) }
                judged = Interpreter.judge(trace, allowed: allowed, at: filter)
            }
            return .expectation(judged)
        case .connect(let probe):
            let (trace, connection) = try perform { () throws(AWSError) in try world.connect(probe) }
            return .connected(trace, connection)
        case .listConnections:
            return .connections(world.connections, world)
        case .disconnect(let number):
            try perform { () throws(AWSError) in try world.disconnect(number) }
            return .message("closed connection #\(number)")
        case .help(let topic):
            return .help(try Help.text(topic, token: tokens["topic"]))
        case .show(let kind, let word):
            guard let word else { return .show(kind: nil, id: nil, world) }
            return .show(kind: kind, id: try anyID(word, kind: kind), world)
        case .flowLogs(let word):
            guard let word else { return .flowLogs([], [], dropped: 0) }
            let id = try anyID(word, kind: nil)
            var enis = world.resources[Resource.ID(id)]?.interfaceIDs ?? []
            if world.interfaces[NetworkInterface.ID(id)] != nil { enis = [NetworkInterface.ID(id)] }
            if let nat = world.natGateways[NATGateway.ID(id)] { enis = [nat.interfaceID] }
            if let subnet = world.subnets[Subnet.ID(id)] { enis = world.interfaces.values.filter { $0.subnetID == subnet.id }.map(\.id) }
            if let vpc = world.vpcs[VPC.ID(id)] { enis = world.interfaces.values.filter { $0.vpcID == vpc.id }.map(\.id) }
            if let lb = world.loadBalancers[LoadBalancer.ID(id)] { enis = lb.nodeInterfaceIDs }
            if let endpoint = world.vpcEndpoints[VPCEndpoint.ID(id)] { enis = endpoint.nodeInterfaceIDs }
            if enis.isEmpty {
                throw LanguageError("flow logs are kept for resources, interfaces, NAT gateways, subnets and VPCs", at: word.token)
            }
            return .flowLogs(enis, [], dropped: 0)
        case .assert(let fact):
            return .assertion(try check(fact))
        case .lesson(let word):
            throw LanguageError(
                "\(word) works inside a lesson", at: tokens.values.first,
                fix: "start one with sglab lesson NAME (sglab lessons lists them)")
        case .learn(let word, _):
            throw LanguageError(
                "\(word) works at the lab's prompt", at: tokens.values.first,
                fix: "from a shell or a script's caller: sglab \(word)")
        case .quit:
            throw LanguageError("quit and exit leave the lab; a script ends at its last line", at: tokens.values.first)
        case .say(let text):
            return .say(text)
        case .pause:
            return .pause
        case .trail, .undo, .redo, .reset, .save, .load, .account, .record, .history:
            return .message("")
        }
    }

    /// `attach-sg GROUP RESOURCE`: the arguments the wrong way round get an error saying which
    /// is which; nil when they are not simply swapped.
    func swapped(_ verb: String, _ first: Word, _ second: Word) -> LanguageError? {
        guard (try? id(SecurityGroup.self, first)) != nil, (try? interface(second)) != nil else { return nil }
        return LanguageError(
            "\(verb) takes the resource first, then the security group: \(first.text) is a security group", at: first.token,
            fix: "\(verb) \(second.text) \(first.text)")
    }

    /// Finds anything by name or ID; `kind` (a `show` kind word) narrows the search.
    func anyID(_ word: Word, kind: String?) throws(LanguageError) -> String {
        let types: [ResourceType]
        switch kind {
        case "vpc": types = [.vpc]
        case "subnet": types = [.subnet]
        case "rt": types = [.routeTable]
        case "nacl": types = [.networkACL]
        case "sg": types = [.securityGroup]
        case "eni": types = [.networkInterface]
        case "igw": types = [.internetGateway]
        case "nat": types = [.natGateway, .regionalNATGateway]
        case "eip": types = [.elasticIP]
        case "prefix-list": types = [.prefixList]
        case "lb": types = [.loadBalancer]
        case "tg": types = [.targetGroup]
        case "endpoint": types = [.vpcEndpoint]
        case "peering": types = [.peeringConnection]
        case "eigw": types = [.egressOnlyInternetGateway]
        case "tgw": types = [.transitGateway]
        case "tgw-attachment": types = [.transitGatewayAttachment]
        case "tgw-rt": types = [.transitGatewayRouteTable]
        case "ec2", "rds", "lambda", "elasticache": types = [.resource]
        default:
            types = [.resource, .networkInterface, .securityGroup, .subnet, .vpc, .networkACL, .routeTable, .internetGateway,
                     .natGateway, .elasticIP, .prefixList, .loadBalancer, .targetGroup, .vpcEndpoint, .peeringConnection,
                     .egressOnlyInternetGateway, .transitGateway, .transitGatewayAttachment, .transitGatewayRouteTable,
                     .regionalNATGateway]
        }
        var found: [(ResourceType, String)] = []
        for type in types {
            if let id = world.lookup(type, word.text) { found.append((type, id)) }
        }
        // Built-in names repeat across kinds (`default` is a group and an ACL): the first kind
        // in the list wins unless the user names the kind.
        if let first = found.first {
            if found.count > 1 && kind == nil && !["default", "main"].contains(word.text) {
                throw LanguageError(
                    "\(word.text) names several things: \(found.map(\.0.noun).joined(separator: ", "))", at: word.token,
                    fix: "name the kind, e.g. show \(Interpreter.kindWord(found[0].0)) \(word.text)")
            }
            return first.1
        }
        let names = types.flatMap { world.allNames(of: $0) }
        throw LanguageError(
            "there is nothing named \(word.text)", code: kind.map { _ in types[0].notFoundCode }, at: word.token,
            fix: nearest(word.text, among: names).map { "did you mean \($0)?" })
    }

    static func kindWord(_ type: ResourceType) -> String {
        switch type {
        case .vpc: return "vpc"
        case .subnet: return "subnet"
        case .routeTable: return "rt"
        case .networkACL: return "nacl"
        case .securityGroup: return "sg"
        case .networkInterface: return "eni"
        case .resource: return "ec2"
        case .internetGateway: return "igw"
        case .natGateway: return "nat"
        case .elasticIP: return "eip"
        case .prefixList: return "prefix-list"
        case .loadBalancer: return "lb"
        case .targetGroup: return "tg"
        case .vpcEndpoint: return "endpoint"
        case .peeringConnection: return "peering"
        case .egressOnlyInternetGateway: return "eigw"
        case .transitGateway: return "tgw"
        case .transitGatewayAttachment: return "tgw-attachment"
        case .transitGatewayRouteTable: return "tgw-rt"
        case .regionalNATGateway: return "nat"
        }
    }

    func check(_ fact: Fact) throws(LanguageError) -> Assertion {
        switch fact {
        case .subnetIsPublic(let word, let wanted):
            let subnet = world.subnets[try self.id(Subnet.self, word)]!
            let table = world.routeTable(of: subnet)
            let isPublic = table.routes.contains { route in
                if case .internetGateway = route.target { return world.isActive(route, in: subnet.vpcID) }
                return false
            }
            return Assertion(passed: isPublic == wanted, statement: "subnet \(word.text) is \(wanted ? "public" : "private")",
                             actual: "its route table \(table.name) \(isPublic ? "has" : "has no") active route to an internet gateway")
        case .hasGroup(let word, let groupWord):
            let eni = world.interfaces[try interface(word)]!
            let group = try self.id(SecurityGroup.self, groupWord, in: eni.vpcID)
            return Assertion(passed: eni.securityGroupIDs.contains(group), statement: "\(word.text) has group \(groupWord.text)",
                             actual: "\(word.text) has \(groupList(eni.id))")
        case .hasPublicIP(let word, let wanted):
            let eni = world.interfaces[try interface(word)]!
            return Assertion(passed: (eni.publicAddress != nil) == wanted,
                             statement: "\(word.text) \(wanted ? "has" : "has no") public IP",
                             actual: eni.publicAddress.map { "its public address is \($0)" } ?? "it has no public address")
        case .references(let groupWord, let otherWord):
            let group = try self.id(SecurityGroup.self, groupWord)
            let other = try self.id(SecurityGroup.self, otherWord, in: world.securityGroups[group]!.vpcID)
            let sg = world.securityGroups[group]!
            let yes = (sg.ingress + sg.egress).contains { $0.peer == .securityGroup(other) }
            return Assertion(passed: yes, statement: "group \(groupWord.text) references \(otherWord.text)",
                             actual: yes ? "it does" : "no rule of \(groupWord.text) names \(otherWord.text)")
        case .ruleCount(let groupWord, let direction, let count):
            let sg = world.securityGroups[try self.id(SecurityGroup.self, groupWord)]!
            let actual = sg.rules(direction).count
            return Assertion(passed: actual == count, statement: "group \(groupWord.text) has \(count) \(direction) rules",
                             actual: "it has \(actual)")
        case .aclOn(let aclWord, let subnetWord):
            let subnet = world.subnets[try self.id(Subnet.self, subnetWord)]!
            let acl = try self.id(NetworkACL.self, aclWord, in: subnet.vpcID)
            return Assertion(passed: subnet.networkACLID == acl, statement: "subnet \(subnetWord.text) uses network ACL \(aclWord.text)",
                             actual: "it uses \(world.name(of: subnet.networkACLID) ?? subnet.networkACLID.rawValue)")
        case .tableOn(let tableWord, let subnetWord):
            let subnet = world.subnets[try self.id(Subnet.self, subnetWord)]!
            let table = try self.id(RouteTable.self, tableWord, in: subnet.vpcID)
            let current = world.routeTable(of: subnet)
            return Assertion(passed: current.id == table, statement: "subnet \(subnetWord.text) uses route table \(tableWord.text)",
                             actual: "it uses \(current.name)")
        }
    }

    func groupList(_ eniID: NetworkInterface.ID) -> String {
        (world.interfaces[eniID]?.securityGroupIDs ?? []).map { world.name(of: $0) ?? $0.rawValue }.joined(separator: ", ")
    }

    func peerLabel(_ peer: Peer) -> String {
        switch peer {
        case .cidr(let c): return c.description
        case .securityGroup(let id): return label(id)
        case .prefixList(let id): return label(id)
        }
    }

    /// An expectation holds when the verdict matches and, for `at`, the first failing check is
    /// of that component (and direction, when given).
    static func judge(_ trace: Trace, allowed: Bool, at filter: ComponentFilter?) -> Expectation {
        let expected = allowed ? "allowed" : "blocked" + (filter.map { " at \($0.description)" } ?? "")
        let actual: String
        let passed: Bool
        if let hop = trace.blockedAt {
            actual = "blocked at \(hop.componentName) (\(hop.flow.map { "\($0.rawValue) flow, " } ?? "")\(hop.leg.rawValue) leg\(hop.resourceID.map { ", \($0)" } ?? "")\(hop.rule.map { ", rule \($0)" } ?? ""))"
            if allowed {
                passed = false
            } else if let filter {
                passed = hop.component == filter.component && (filter.direction == nil || filter.direction == hop.direction)
            } else {
                passed = true
            }
        } else {
            actual = "allowed"
            passed = allowed
        }
        return Expectation(passed: passed, expected: expected, actual: actual, trace: trace)
    }
}
