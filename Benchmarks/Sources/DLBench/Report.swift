import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif

/// One framework's figures on one workload: the JSON schema that `peers/keras_bench.py` and
/// `peers/torch_bench.py` write too, and that `run.py` reads. Times in seconds or milliseconds as
/// the key says; `null` where a figure does not apply.
struct Report: Codable {
    var framework = "swiftdl"
    var frameworkVersion: String
    var workload: String
    var mode: String
    var seed: Int
    var threads: Int?
    var params: Int
    var epochs: Int
    var batchSize: Int
    var trainSamples: Int
    var stepsPerEpoch: Int
    var testSamples: Int
    /// Every epoch's wall time, in order.
    var epochTimesS: [Double] = []
    /// The first epoch (includes warm-up).
    var firstEpochS: Double?
    /// The median of the epochs after the first (the first when there is only one).
    var epochS: Double?
    /// `"accuracy"` for classifiers, `"mse"` for the autoencoder.
    var qualityMetric: String
    /// Test accuracy (fraction) or test MSE after epoch 3 (or the last epoch when fewer).
    var quality: Double?
    var qualityAfterEpoch: Int?
    /// Test images per second predicted at batch 256 (median of `throughputRunsIps`).
    var throughputIps: Double?
    var throughputRunsIps: [Double] = []
    /// Median of direct single-image calls (`model(x, training: false)` on `[1, ...]`, no warm-up), ms.
    var latencyMs: Double?
    var latencyCalls: Int
    /// Median of single-image `predict()` calls, ms.
    var predictLatencyMs: Double?
    var predictLatencyCalls: Int
    /// Peak resident set size of the process (`getrusage` `ru_maxrss`), MiB.
    var peakRssMb: Double?
    /// Process start until the model is built and compiled; data is loaded after, so this
    /// excludes data loading.
    var startupMs: Double?
    /// Process start until the model is ready and the data loaded and scaled.
    var startupWithDataMs: Double?
    /// Which process-start clock `startupMs` used: `launcher` (the runner's spawn time) or `proc-stat`.
    var startupClock: String?
    /// The same start-up by `/proc/self/stat` (10 ms ticks), for comparison.
    var startupProcStatMs: Double?
    /// Data loading and scaling alone.
    var dataLoadS: Double?

    enum CodingKeys: String, CodingKey {
        case framework, frameworkVersion = "framework_version", workload, mode, seed, threads, params, epochs
        case batchSize = "batch_size", trainSamples = "train_samples", stepsPerEpoch = "steps_per_epoch"
        case testSamples = "test_samples", epochTimesS = "epoch_times_s", firstEpochS = "first_epoch_s"
        case epochS = "epoch_s", qualityMetric = "quality_metric", quality, qualityAfterEpoch = "quality_after_epoch"
        case throughputIps = "throughput_ips", throughputRunsIps = "throughput_runs_ips", latencyMs = "latency_ms"
        case latencyCalls = "latency_calls", predictLatencyMs = "predict_latency_ms"
        case predictLatencyCalls = "predict_latency_calls", peakRssMb = "peak_rss_mb", startupMs = "startup_ms"
        case startupWithDataMs = "startup_with_data_ms", startupClock = "startup_clock"
        case startupProcStatMs = "startup_proc_stat_ms", dataLoadS = "data_load_s"
    }

    /// The report as pretty JSON with sorted keys (figures that do not apply are left out).
    func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(self)
    }
}
