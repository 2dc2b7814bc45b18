import ArgumentParser
import DL
import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif

/// `DLBench`: one benchmark workload of BENCHMARKS.md per process, so that peak memory and
/// start-up belong to that workload alone. `Benchmarks/run.py` (`make bench`) runs it beside the
/// Keras and PyTorch versions in `Benchmarks/peers/` and compares the JSON they write.
@main
struct DLBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "DLBench",
        abstract: "Run one SwiftDL benchmark workload and write its figures as JSON.")

    @Option(help: "The workload: \(Workload.allCases.map(\.rawValue).joined(separator: ", ")).")
    var workload: Workload

    @Option(help: "quick: \(Mode.quickSteps) steps per epoch and \(Mode.quickTestSamples) test images; full: whole epochs and the whole test set.")
    var mode: Mode = .quick

    @Option(help: "Epochs to train (accuracy is taken after epoch 3, or the last when fewer).")
    var epochs: Int = 3

    @Option(help: "Steps per epoch in quick mode.")
    var steps: Int = Mode.quickSteps

    @Option(help: "Where to write the JSON figures (default: standard output only).")
    var json: String?

    @Flag(help: "Print progress to standard error.")
    var verbose = false

    @Flag(help: "Only build and compile the model, write {\"startup_ms\": …} and exit (run.py's cold and warm start-up probes).")
    var startupOnly = false

    @Flag(help: "Run one warm-up and one marked training step and prediction, for Benchmarks/callgrind.py (make callgrind) under valgrind.")
    var callgrind = false

    @Flag(help: "Print the CPU model and the vector kernels this build takes on it (\"kernels: avx512\"), then exit; the workload is not run.")
    var kernels = false

    static let batchSize = 128
    static let inferenceBatchSize = 256
    static let seed: UInt64 = 42

    func validate() throws {
        guard epochs >= 1 else { throw ValidationError("--epochs must be at least 1. Received: \(epochs)") }
        guard steps >= 1 else { throw ValidationError("--steps must be at least 1. Received: \(steps)") }
    }

    func run() throws {
        if kernels {
            print("cpu: \(VectorUnit.cpuModel)")
            print("kernels: \(VectorUnit.active.name)")
            return
        }
        if callgrind { return try CallgrindProbe.run(workload, batchSize: Self.batchSize) }
        // Start-up: the model is built and compiled before any data is loaded.
        Random.seed(Self.seed)
        let model = workload.makeModel()
        workload.compile(model)
        let age = Measure.processAge()
        if startupOnly {
            let startup = ["startup_ms": (age.launcher ?? age.procStat).map { $0 * 1000 } ?? -1]
            let output = try JSONEncoder().encode(startup)
            if let json { try output.write(to: URL(fileURLWithPath: json)) }
            print(String(decoding: output, as: UTF8.self))
            return
        }

        var data: BenchData!
        let dataLoad = try Measure.time {
            data = try BenchData.load(for: workload,
                                      trainSamples: mode == .quick ? steps * Self.batchSize : nil,
                                      testSamples: mode == .quick ? Mode.quickTestSamples : nil,
                                      batchSize: Self.batchSize, testBatchSize: Self.inferenceBatchSize)
        }
        let ageWithData = Measure.processAge()

        let trainCount = data.train.count
        var report = Report(
            frameworkVersion: ProcessInfo.processInfo.environment["DLBENCH_VERSION"] ?? "dev",
            workload: workload.rawValue, mode: mode.rawValue, seed: Int(Self.seed),
            threads: ProcessInfo.processInfo.environment["OPENBLAS_NUM_THREADS"].flatMap { Int($0) },
            params: model.countParams(), epochs: epochs, batchSize: Self.batchSize, trainSamples: trainCount,
            stepsPerEpoch: (trainCount + Self.batchSize - 1) / Self.batchSize, testSamples: data.test.count,
            qualityMetric: workload.isClassifier ? "accuracy" : "mse",
            latencyCalls: Mode.latencyCalls, predictLatencyCalls: mode.predictLatencyCalls)
        let clock = age.launcher != nil ? "launcher" : "proc-stat"
        report.startupClock = clock
        report.startupMs = (age.launcher ?? age.procStat).map { $0 * 1000 }
        report.startupProcStatMs = age.procStat.map { $0 * 1000 }
        report.startupWithDataMs = (ageWithData.launcher ?? ageWithData.procStat).map { $0 * 1000 }
        report.dataLoadS = dataLoad
        log("\(workload.rawValue): ready in \(format(report.startupMs)) ms, data in \(format(dataLoad)) s")

        try train(model, on: data, into: &report)
        try measureInference(model, on: data, into: &report)
        report.peakRssMb = Measure.peakRSSMegabytes()

        let output = try report.jsonData()
        if let json { try output.write(to: URL(fileURLWithPath: json)) }
        print(String(decoding: output, as: UTF8.self))
    }

    /// Trains for `epochs` epochs, timing each, and takes the test quality after epoch 3 (outside
    /// the epoch's time).
    private func train(_ model: Model, on data: BenchData, into report: inout Report) throws {
        let qualityEpoch = min(3, epochs)
        var epochStart = 0.0
        var times: [Double] = []
        var quality: Double? = nil
        var evaluationError: Error? = nil
        let workload = self.workload
        let timer = LambdaCallback(
            onEpochBegin: { _, _ in epochStart = Measure.now() },
            onEpochEnd: { epoch, logs in
                times.append(Measure.now() - epochStart)
                self.log("epoch \(epoch + 1): \(format(times.last)) s, loss \(logs["loss"] ?? .nan)")
                guard epoch + 1 == qualityEpoch else { return }
                do {
                    let results = try model.evaluate(data.test)
                    quality = (workload.isClassifier ? results["accuracy"] : results["loss"]).map(Double.init)
                } catch {
                    evaluationError = error
                }
            })
        try model.fit(data.train, epochs: epochs, verbose: 0, callbacks: [timer])
        if let evaluationError { throw evaluationError }
        report.epochTimesS = times
        report.firstEpochS = times.first
        report.epochS = Measure.median(times.count > 1 ? Array(times.dropFirst()) : times)
        report.quality = quality
        report.qualityAfterEpoch = qualityEpoch
    }

    /// Throughput at batch 256 over the test images (pairs for siamese), then single-image (one
    /// pair for siamese) latency: the model called
    /// directly as users call it (`model(x, training: false)`, no warm-up calls: every call counts,
    /// the median of `latencyCalls`), and `predict()` (after `warmUpCalls`).
    private func measureInference(_ model: Model, on data: BenchData, into report: inout Report) throws {
        let count = data.test.count
        if let warmUp = data.test.firstBatch { _ = try model.predict(warmUp.x, batchSize: Self.inferenceBatchSize) }
        for _ in 0..<Mode.throughputRuns {
            let seconds = try Measure.time { _ = try model.predict(data.test) }
            report.throughputRunsIps.append(Double(count) / seconds)
        }
        report.throughputIps = Measure.median(report.throughputRunsIps)
        log("throughput: \(format(report.throughputIps)) images/s")

        // One image, or the two images of a pair: `model(image)` where the model has one input.
        let inputs = data.firstTestInputs
        let direct = (0..<Mode.latencyCalls).map { _ in
            Measure.time { _ = inputs.count == 1 ? model(inputs[0], training: false) : model(inputs, training: false) }
        }
        report.latencyMs = Measure.median(direct).map { $0 * 1000 }

        var predicted: [Double] = []
        for call in 0..<(Mode.warmUpCalls + mode.predictLatencyCalls) {
            let seconds = try Measure.time { _ = try model.predict(inputs, batchSize: 1) }
            if call >= Mode.warmUpCalls { predicted.append(seconds) }
        }
        report.predictLatencyMs = Measure.median(predicted).map { $0 * 1000 }
        log("latency: \(format(report.latencyMs)) ms direct, \(format(report.predictLatencyMs)) ms predict()")
    }

    private func log(_ message: String) {
        guard verbose else { return }
        fputs("[DLBench] \(message)\n", stderr)
    }
}

/// How much of the work a run does.
enum Mode: String, ExpressibleByArgument, CaseIterable {
    case quick, full

    static let quickSteps = 60
    static let quickTestSamples = 2000
    static let throughputRuns = 3
    /// Calls of `predict()` made before the timed ones (the direct call has none).
    static let warmUpCalls = 20
    static let latencyCalls = 200

    /// `predict()` costs far more per call in Keras (about 40 ms), so quick mode calls it less.
    var predictLatencyCalls: Int { self == .quick ? 50 : 200 }
}

/// A figure with three decimals, or "-" when missing.
func format(_ value: Double?) -> String { value.map { ProgressBar.formatted($0, "%.3f") } ?? "-" }
