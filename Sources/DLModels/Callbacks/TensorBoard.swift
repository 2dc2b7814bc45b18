import DLCore
import Foundation

/// Writes TensorBoard logs (Keras `TensorBoard`): event files under `logDir/train` and
/// `logDir/validation` that `tensorboard --logdir <logDir>` shows.
///
/// As Keras writes them: `epoch_<name>` scalars at each epoch (step: the 0-based epoch), training
/// logs and `epoch_learning_rate` in `train/`, validation logs without their `val_` prefix in
/// `validation/`, where `evaluation_<name>_vs_iterations` (step: the optimizer's iterations) is
/// written too; with `updateFreq` `.batch` or `.batches(n)`, `batch_<name>` scalars every `n`
/// batches (step: the batch count since training began, from 1); the model's Keras JSON (tag
/// `keras`, the Graphs dashboard) at the start. With `histogramFreq` > 0, each weight's histogram
/// (`<model>/<layer>/<weight>/histogram`) and with `writeImages` its image (`.../image`) every
/// `histogramFreq` epochs. Files are flushed at each epoch's end and closed when training ends.
///
/// Keras 3 drops epoch summaries when `updateFreq` does not divide the batch count (its batch
/// recording condition stays active); this writes them always, as tf.keras did. Keras's
/// `profile_batch`, `embeddings_freq` and its TensorFlow op graph have no equivalent here.
public final class TensorBoard: Callback {
    /// How often batch-level scalars are written (Keras `update_freq`).
    public enum UpdateFrequency: Equatable, Sendable {
        /// Epoch summaries only (Keras `"epoch"`).
        case epoch
        /// Every batch (Keras `"batch"`, the same as `.batches(1)`).
        case batch
        /// Every `n` batches (Keras's integer).
        case batches(Int)
    }

    /// The folders written under `logDir`.
    public enum Run: String, Sendable {
        /// `logDir/train`: training scalars, batch scalars, weights, the graph.
        case train
        /// `logDir/validation`: validation scalars.
        case validation
    }

    /// The log folder; runs go to its `train` and `validation` subfolders.
    public let logDir: String
    /// Every how many epochs weight histograms (and images) are written; 0 for never.
    public let histogramFreq: Int
    /// Whether the model's Keras JSON is written for the Graphs dashboard.
    public let writeGraph: Bool
    /// Whether weights are also written as images (with `histogramFreq`).
    public let writeImages: Bool
    /// Whether `epoch_steps_per_second` (and `batch_steps_per_second`) are written.
    public let writeStepsPerSecond: Bool
    /// How often batch-level scalars are written.
    public let updateFreq: UpdateFrequency

    private var writers: [Run: EventFileWriter] = [:]
    private var globalTrainBatch = 0
    private var epochStartIterations = 0
    private var epochStart = Date()
    private var batchStart = Date()

    /// A callback writing under `logDir`, with Keras's defaults.
    public init(logDir: String = "logs", histogramFreq: Int = 0, writeGraph: Bool = true, writeImages: Bool = false,
                writeStepsPerSecond: Bool = false, updateFreq: UpdateFrequency = .epoch) {
        self.logDir = logDir
        self.histogramFreq = histogramFreq
        self.writeGraph = writeGraph
        self.writeImages = writeImages
        self.writeStepsPerSecond = writeStepsPerSecond
        self.updateFreq = updateFreq
    }

    /// The event files written so far, by run (their paths).
    public var eventFiles: [Run: String] { writers.mapValues(\.path) }

    /// Throws `DLError.invalidArgument` for a negative `histogramFreq` or `.batches(n)` with
    /// `n` < 1, and `DLError.fileAccess` naming `logDir` when it cannot be created.
    override public func validateArguments() throws {
        if histogramFreq < 0 {
            throw DLError.invalidArgument(context: "TensorBoard", message: "histogramFreq must be >= 0. Received: histogramFreq=\(histogramFreq)")
        }
        if case let .batches(count) = updateFreq, count < 1 {
            throw DLError.invalidArgument(context: "TensorBoard", message: "updateFreq must be .epoch, .batch or .batches(n) with n >= 1. Received: updateFreq=.batches(\(count))")
        }
        do {
            try FileManager.default.createDirectory(atPath: logDir, withIntermediateDirectories: true)
        } catch {
            throw DLError.fileAccess(path: logDir, reason: "TensorBoard cannot create its log folder (logDir). Received: logDir=\"\(logDir)\"")
        }
    }

    /// Starts new event files (as Keras does for each `fit`) and writes the model's graph.
    override public func onTrainBegin(logs: [String: Float]) throws {
        try closeWriters()
        globalTrainBatch = 0
        if writeGraph, let model, !model.isSubclassed {
            try write([.kerasModel(model.toJSON())], step: 0, run: .train)
        }
    }

    /// Notes the optimizer's iterations and the time, for steps per second.
    override public func onEpochBegin(_ epoch: Int, logs: [String: Float]) throws {
        epochStartIterations = model?.optimizer?.iterations ?? 0
        epochStart = Date()
    }

    /// Counts the batch and notes the time.
    override public func onBatchBegin(_ batch: Int, logs: [String: Float]) throws {
        globalTrainBatch += 1
        batchStart = Date()
    }

    /// Writes `batch_<name>` scalars every `updateFreq` batches.
    override public func onBatchEnd(_ batch: Int, logs: [String: Float]) throws {
        let every: Int
        switch updateFreq {
        case .epoch: return
        case .batch: every = 1
        case let .batches(count): every = count
        }
        guard globalTrainBatch % every == 0 else { return }
        var values: [SummaryValue] = []
        if writeStepsPerSecond {
            values.append(.scalar("batch_steps_per_second", Float(1 / Date().timeIntervalSince(batchStart))))
        }
        values += logs.keys.sorted().map { .scalar("batch_\($0)", logs[$0] ?? 0) }
        try write(values, step: globalTrainBatch, run: .train)
    }

    /// Writes the epoch's scalars (and weights every `histogramFreq` epochs), then flushes.
    override public func onEpochEnd(_ epoch: Int, logs: [String: Float]) throws {
        if !logs.isEmpty { try logEpochScalars(epoch, logs: logs) }
        if histogramFreq > 0 && epoch % histogramFreq == 0 { try logWeights(step: epoch) }
        for writer in writers.values { try writer.flush() }
    }

    /// Closes the event files.
    override public func onTrainEnd(logs: [String: Float]) throws {
        try closeWriters()
    }

    /// Writes one scalar at `step` to `run` and flushes, for values a custom loop computes.
    /// - Throws: `DLError.fileAccess` when the event file cannot be created or written.
    public func logScalar(_ tag: String, _ value: Float, step: Int, run: Run = .train) throws {
        try write([.scalar(tag, value)], step: step, run: run)
        try writers[run]?.flush()
    }

    /// Writes images (`[N, H, W, C]`, `C` 1, 3 or 4, values in [0, 1]; e.g. a batch of
    /// reconstructions) at `step` to `run` as `tf.summary.image` does, the first `maxOutputs` of
    /// them, and flushes. Works during and after `fit` (a new event file once training closed them).
    /// - Throws: `DLError.invalidArgument` for another shape, `DLError.fileAccess` when the event
    ///   file cannot be created or written.
    public func logImages(_ tag: String, _ images: Tensor, step: Int, maxOutputs: Int = 3, run: Run = .train) throws {
        let value = try SummaryValue.images(tag, images, maxOutputs: maxOutputs, context: "TensorBoard.logImages(\"\(tag)\")")
        try write([value], step: step, run: run)
        try writers[run]?.flush()
    }

    /// Keras's `_log_epoch_metrics` (after `on_test_end`'s `evaluation_<name>_vs_iterations`):
    /// training logs, the learning rate and steps per second in `train/`, `val_` logs unprefixed in
    /// `validation/`.
    private func logEpochScalars(_ epoch: Int, logs: [String: Float]) throws {
        var train = logs.filter { !$0.key.hasPrefix("val_") }
        let validation = Dictionary(uniqueKeysWithValues: logs.filter { $0.key.hasPrefix("val_") }.map { (String($0.key.dropFirst(4)), $0.value) })
        if !validation.isEmpty, let iterations = model?.optimizer?.iterations {
            try write(validation.keys.sorted().map { .scalar("evaluation_\($0)_vs_iterations", validation[$0] ?? 0) },
                      step: iterations, run: .validation)
        }
        var names = train.keys.sorted()
        if let optimizer = model?.optimizer {
            if train["learning_rate"] == nil { names.append("learning_rate") }
            train["learning_rate"] = optimizer.learningRate
        }
        if writeStepsPerSecond {
            let iterations = (model?.optimizer?.iterations ?? 0) - epochStartIterations
            train["steps_per_second"] = Float(Double(iterations) / Date().timeIntervalSince(epochStart))
            names.append("steps_per_second")
        }
        try write(names.map { .scalar("epoch_\($0)", train[$0] ?? 0) }, step: epoch, run: .train)
        if !validation.isEmpty {
            try write(validation.keys.sorted().map { .scalar("epoch_\($0)", validation[$0] ?? 0) }, step: epoch, run: .validation)
        }
    }

    /// Each weight's histogram and, with `writeImages`, its images, tagged by its Keras path.
    private func logWeights(step: Int) throws {
        guard let model else { return }
        var paths: [ObjectIdentifier: String] = [:]
        func visit(_ layer: Layer, _ prefix: String) {
            let path = prefix + "/" + layer.name
            for variable in layer.ownVariables where paths[ObjectIdentifier(variable)] == nil {
                paths[ObjectIdentifier(variable)] = path + "/" + variable.name
            }
            for child in (layer as? Model)?.layers ?? layer.sublayers { visit(child, path) }
        }
        model.layers.forEach { visit($0, model.name) }
        var values: [SummaryValue] = []
        for layer in model.layers {
            for weight in layer.weights {
                let name = (paths[ObjectIdentifier(weight)] ?? weight.name).replacingOccurrences(of: ":", with: "_")
                values.append(.histogram(name + "/histogram", weight.value.scalars))
                if writeImages, let images = WeightImage.images(of: weight.value) {
                    values.append(try .images(name + "/image", images, maxOutputs: 3, context: "TensorBoard"))
                }
            }
        }
        try write(values, step: step, run: .train)
    }

    /// Writes each value as its own event (as `tf.summary` does) to `run`'s file, opening it first.
    private func write(_ values: [SummaryValue], step: Int, run: Run) throws {
        guard !values.isEmpty else { return }
        let writer = try writers[run] ?? EventFileWriter(folder: (logDir as NSString).appendingPathComponent(run.rawValue))
        writers[run] = writer
        for value in values {
            try writer.write(TensorBoardEvent(wallTime: Date().timeIntervalSince1970, step: Int64(step), content: .summary([value])))
        }
    }

    private func closeWriters() throws {
        let open = writers.values
        writers = [:]
        for writer in open { try writer.close() }
    }
}
