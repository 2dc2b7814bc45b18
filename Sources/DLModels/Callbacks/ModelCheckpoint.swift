import DLCore
import FoundationEssentials

/// Saves the model or its weights during training (Keras 3 `ModelCheckpoint`).
///
/// After each epoch the model is written to `filepath`, whose Python-style fields are filled with
/// the epoch (1-based) and the epoch's logs (`"model.{epoch:02d}-{val_loss:.2f}.keras"`). With
/// `saveBestOnly`, only when the monitored value improves on the best so far (a missing key warns with
/// the available keys and saves, as Keras does). With `saveWeightsOnly`, `saveWeights(to:)` writes the
/// weights alone (the name must end in `.weights.h5`); otherwise `save(to:)` writes the whole model
/// (`.keras` or `.h5`). Folders in the name are created. Every file is written to a temporary name and
/// renamed, so a run stopped halfway leaves the previous checkpoint intact.
public final class ModelCheckpoint: Callback {
    /// The file name template.
    public let filepath: String
    /// The log key compared with `saveBestOnly`.
    public let monitor: String
    /// 1 prints a line for each save (and for each epoch that did not improve).
    public let verbose: Int
    /// Whether to save only when `monitor` improves.
    public let saveBestOnly: Bool
    /// Whether to save the weights alone (`saveWeights(to:)`) instead of the whole model.
    public let saveWeightsOnly: Bool
    /// Whether lower or higher values of `monitor` are better.
    public let mode: MonitorMode
    /// The best monitored value so far (starts at `initialValueThreshold`).
    public private(set) var best: Float?
    private let initialValueThreshold: Float?
    private var warnings = MonitorWarnings()

    /// A checkpoint callback with Keras's defaults (`save_freq="epoch"`: one save per epoch).
    public init(filepath: String, monitor: String = "val_loss", verbose: Int = 0, saveBestOnly: Bool = false,
                saveWeightsOnly: Bool = false, mode: MonitorMode = .auto, initialValueThreshold: Float? = nil) {
        self.filepath = filepath
        self.monitor = monitor
        self.verbose = verbose
        self.saveBestOnly = saveBestOnly
        self.saveWeightsOnly = saveWeightsOnly
        self.mode = mode
        self.initialValueThreshold = initialValueThreshold
        self.best = initialValueThreshold
    }

    /// Keras's checks of the file name's extension (its constructor raises them).
    override public func validateArguments() throws {
        if saveWeightsOnly && !filepath.hasSuffix(".weights.h5") {
            throw DLError.invalidArgument(context: "ModelCheckpoint", message: "When using `saveWeightsOnly: true` in "
                + "`ModelCheckpoint`, the filepath provided must end in `.weights.h5` (Keras weights format). "
                + "Received: filepath=\(filepath)")
        }
        if !saveWeightsOnly && !filepath.hasSuffix(".keras") && !filepath.hasSuffix(".h5") {
            throw DLError.invalidArgument(context: "ModelCheckpoint", message: "The filepath provided must end in "
                + "`.keras` (Keras model format). Received: filepath=\(filepath)")
        }
    }

    /// Starts a training run: the best value goes back to `initialValueThreshold`.
    override public func onTrainBegin(logs: [String: Float]) {
        best = initialValueThreshold
        warnings = MonitorWarnings()
    }

    /// Saves when the epoch's logs say so; a file that cannot be written ends `fit` with its error.
    override public func onEpochEnd(_ epoch: Int, logs: [String: Float]) throws {
        guard let model else { return }
        var values = logs.mapValues(FilepathTemplate.Value.float)
        values["epoch"] = .int(epoch + 1)
        let path = try FilepathTemplate(template: filepath).format(values)
        guard shouldSave(epoch: epoch, logs: logs, path: path) else { return }
        try createFolder(of: path)
        if saveWeightsOnly { try model.saveWeights(to: path) } else { try model.save(to: path) }
        if verbose > 0 { print("\nEpoch \(epoch + 1): finished saving model to \(path)") }
    }

    private func shouldSave(epoch: Int, logs: [String: Float], path: String) -> Bool {
        guard saveBestOnly else {
            if verbose > 0 { print("\nEpoch \(epoch + 1): saving model to \(path)") }
            return true
        }
        let current = warnings.value(of: monitor, in: logs) { available in
            "Can save best model only with \(monitor) available. Available metrics are: \(available)"
        }
        guard let current else { return true }
        let bestText = best.map { Self.fiveDecimals($0) } ?? "None"
        let improved = best.map { mode.maximizes(monitor) ? current > $0 : current < $0 } ?? true
        if improved {
            if verbose > 0 {
                print("\nEpoch \(epoch + 1): \(monitor) improved from \(bestText) to \(Self.fiveDecimals(current)), "
                      + "saving model to \(path)")
            }
            best = current
        } else if verbose > 0 {
            print("\nEpoch \(epoch + 1): \(monitor) did not improve from \(bestText)")
        }
        return improved
    }

    /// Creates the folders of `path` that do not exist yet (Keras's `makedirs`).
    private func createFolder(of path: String) throws {
        guard let slash = path.lastIndex(of: "/"), slash != path.startIndex else { return }
        let folder = String(path[..<slash])
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw DLError.fileAccess(path: folder, reason: "ModelCheckpoint cannot create the folder for '\(path)': \(error)")
        }
    }

    private static func fiveDecimals(_ value: Float) -> String { ProgressBar.formatted(Double(value), "%.5f") }
}
