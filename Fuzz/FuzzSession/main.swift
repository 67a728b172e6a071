// libFuzzer target: the command parser and the session. Built plainly (`swift build`), this
// file has no top-level code and the program does nothing; built for fuzzing
// (`make fuzz`: --sanitize fuzzer,address with -parse-as-library), libFuzzer provides `main`
// and calls the entry point below with each input.
//
// Properties: no line crashes, and a rejected line changes nothing (the world is as before).

import SGLabCore
import SGLabLanguage

/// A small world every input starts from, so that names resolve and packets travel.
let fuzzSessionStart: Session = {
    var session = Session()
    for line in [
        "vpc create lab 10.0.0.0/16", "subnet create pub in lab 10.0.1.0/24", "subnet create priv in lab 10.0.2.0/24",
        "igw create gw in lab", "rt create public in lab", "route add public 0.0.0.0/0 via gw", "rt associate public pub",
        "sg create web in lab", "sg allow web in https from 0.0.0.0/0", "launch ec2 web in pub sg web public-ip",
        "launch rds db in priv", "nat create natgw in pub", "prefix-list create office 192.0.2.0/24",
    ] {
        _ = try? session.execute(line)
    }
    return session
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSession(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    var session = fuzzSessionStart
    for line in String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
        .split(separator: "\n", maxSplits: 16, omittingEmptySubsequences: true)
    {
        let before = session.world
        do {
            _ = try session.execute(String(line))
        } catch {
            if session.world != before { fatalError("a rejected line changed the world: \(line)") }
        }
    }
    return 0
}
