// libFuzzer target: the progress log (see FuzzSession for how it is built). Each input is
// written as a progress log and loaded: any bytes load or are set aside with a warning, never
// crash; the events that load feed the scheduler and the mastery figures without trapping.

import Foundation
import SGLabCourseware

let fuzzProgressFolder = FileManager.default.temporaryDirectory.appendingPathComponent("sglab-fuzz-progress-\(getpid())").path

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzProgress(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    try? FileManager.default.removeItem(atPath: fuzzProgressFolder)
    try? FileManager.default.createDirectory(atPath: fuzzProgressFolder, withIntermediateDirectories: true)
    let log = ProgressLog(directory: fuzzProgressFolder)
    _ = FileManager.default.createFile(atPath: log.path, contents: Data(bytes: data, count: size))
    let loaded = log.load()
    let progress = Progress(events: loaded.events)
    _ = progress.due(at: 1_767_225_600)
    _ = try? log.append(ProgressEvent(time: 1_767_225_600, kind: .answer, item: "fuzz", topic: "fuzz", correct: true))
    return 0
}
