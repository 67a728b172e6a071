// libFuzzer target: the saved-world loader (see FuzzSession for how it is built). Property: any
// bytes load or are refused; a world that loads answers a packet and takes a change without
// crashing (every counter and reference it claims was validated).

import Foundation
import SGLabCore
import SGLabLanguage

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzWorld(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard let world = try? JSONDecoder().decode(World.self, from: Data(bytes: data, count: size)) else { return 0 }
    var session = Session(world: world)
    for line in ["vpc create fuzzed 10.99.0.0/16", "connect tcp from internet to web:443", "show", "packet tcp from web to db:5432"] {
        _ = try? session.execute(line)
    }
    for id in world.resources.keys {
        guard let name = world.name(of: id) else { continue }
        _ = try? world.evaluate(Probe(.tcp, from: .internet, port: nil, to: .name(name), port: 443))
    }
    return 0
}
