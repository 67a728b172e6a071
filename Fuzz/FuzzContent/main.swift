// libFuzzer target: the lesson and question-bank parsers (see FuzzSession for how it is built).
// Property: any bytes parse or fail with errors, never crash.

import SGLabCourseware

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzContent(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    _ = try? ContentParser.bank(text, file: "fuzz.md")
    _ = try? ContentParser.lesson(text, file: "fuzz.md")
    return 0
}
