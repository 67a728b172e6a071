import Foundation
import SGLabLanguage
import Testing

@testable import SGLabCore

@Suite("Loaded worlds are validated")
struct WorldValidationTests {
    /// The checks a loaded file must pass never refuse a world sglab built itself: random labs,
    /// after their fixes and after deleting resources, gateways and groups.
    @Test("every world built by commands passes the load checks and loads back equal", arguments: 0..<120)
    func builtWorldsPass(seed: Int) throws {
        var lab = RandomLab(seed: UInt64(seed))
        var session = Session()
        for line in lab.build() { _ = try? session.execute(line) }
        for _ in 0..<4 {
            if case .trace(let trace)? = try? session.execute(lab.packet()), let fix = trace.fix {
                _ = try? session.execute(fix.command)
            }
        }
        _ = try? session.execute("connect tcp from internet to r0:443")
        for line in ["ec2 delete r1", "nat delete natgw", "eip allocate spare", "eni create extra in s2 sg g1", "sg delete g3"] {
            _ = try? session.execute(line)
        }
        let world = session.world
        #expect(world.integrityProblem() == nil, "seed \(seed): \(world.integrityProblem() ?? "")")
        let loaded = try JSONDecoder().decode(World.self, from: JSONEncoder().encode(world))
        #expect(loaded == world, "seed \(seed)")
    }

    @Test("an ID keeps its text whatever its shape, and sglab's own are stored as numbers")
    func idStorage() {
        let generated = ID<VPC>("vpc-0a1b2c3d4e5f60718")
        #expect(generated.rawValue == "vpc-0a1b2c3d4e5f60718")
        if case .generated = generated.storage {} else { Issue.record("a 17-digit ID is stored as text") }
        for text in ["vpc-12345678", "vpc-0A1B2C3D4E5F60718", "sg-abc", "", "-", "weird id", "tgw-attach-0123456789abcdef0"] {
            #expect(ID<VPC>(text).rawValue == text)
            #expect(ID<VPC>(text) == ID<VPC>(text))
        }
        #expect(ID<VPC>("vpc-12345678") != ID<VPC>("vpc-12345679"))
    }
}
