import SGLabCore
import Benchmark
let benchmarks: @Sendable () -> Void = {}
