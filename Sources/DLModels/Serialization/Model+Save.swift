#if canImport(Glibc)
import Glibc
#endif
import DLCore
import DLLayers

// Whole models in Keras's two file formats: the legacy `.h5` file (root attributes `model_config`,
// `training_config`, `keras_version`, `backend`, the weights in Keras 2's layout under `model_weights`)
// and the Keras 3 `.keras` archive (`config.json`, `metadata.json`, `model.weights.h5`).

extension Model {
    /// The Keras version written into files: the layouts follow Keras 3.15, which reads them.
    static let savedKerasVersion = "3.15.1"

    /// Saves the whole model, architecture, weights and compile settings: a name ending in `.keras` gets
    /// Keras 3's archive, one ending in `.h5` Keras's legacy full-model HDF5 file; Keras 3 loads both (tf-keras
    /// cannot read Keras 3's model configurations, ours or Keras's own, but reads `saveWeights` files). A compiled model's optimizer is saved with its settings and, once it has
    /// taken a step, its running state (step count, moments), as Keras saves it (`KerasOptimizerState`).
    ///
    /// The file is written under a temporary name in the same folder and renamed when complete: a crash or
    /// a full disk never leaves a half-written model under `path`, and a previous file stays intact.
    /// With several ranks (`Distributed`), only rank 0 writes; the others check the arguments only.
    /// - Throws: `DLError.invalidArgument` for another name or an unbuilt or subclassed model (its
    ///   architecture is Swift code, not a configuration: save its weights); `DLError.hdf5` /
    ///   `DLError.fileAccess` naming the file when it cannot be written.
    public func save(to path: String) throws {
        guard path.hasSuffix(".keras") || path.hasSuffix(".h5") else {
            throw DLError.invalidArgument(context: "model '\(name)'.save(to:)", message: "the file name must end in "
                + "'.keras' (Keras 3's archive) or '.h5' (Keras's legacy HDF5 file); for the weights alone use "
                + "saveWeights(to:) with '.weights.h5'. Received: path=\(path)")
        }
        if isSubclassed {
            throw DLError.invalidArgument(context: "model '\(name)'.save(to:)", message: "a subclassed model's "
                + "architecture is its Swift code, which a file cannot hold: save its weights with "
                + "saveWeights(to:) and rebuild it in code. Received: a subclass of Model")
        }
        try checkBuiltForWeights("save(to:)")
        guard Distributed.isChief else { return }   // data-parallel training: rank 0 writes, the others hold the same model
        if path.hasSuffix(".keras") { try saveKerasArchive(to: path) } else { try saveLegacyH5(to: path) }
    }

    /// Loads a whole model saved by `save(to:)`, by Keras 3 (`model.save("m.keras")`, `model.save("m.h5")`)
    /// or by Keras 2 / tf-keras (`model.save("m.h5")`): its architecture, weights and, when the file has one,
    /// its compile settings (optimizer, losses, metrics), as Keras's `load_model`, with the optimizer's
    /// running state when the file has it (Keras 3 and tf-keras's) and it fits the optimizer, so that
    /// training resumes where it stopped (otherwise a warning, as Keras's, and a fresh optimizer).
    /// The format is found from the file's content, not its name.
    /// - Throws: `DLError.fileAccess` / `DLError.invalidFile` naming the file when it is missing, empty or
    ///   neither format, or holds weights alone; the configuration's errors (an unknown layer class, a
    ///   Python `Lambda`, naming the layer); the weights' errors (HDF5 path, layer, shapes).
    public static func load(from path: String) throws -> Model {
        try load(from: path, customObjects: [:])
    }

    /// `load(from:)` with the user's own layers: `customObjects` maps a layer's name (tried first) or its
    /// class name to a function building the layer from its configuration, as Keras's `custom_objects`.
    /// This is how a file's Python `Lambda` gets a Swift closure: `["double": { _ in Lambda { $0 * 2 } }]`.
    public static func load(from path: String, customObjects: [String: (LayerConfig) throws -> Layer]) throws -> Model {
        switch try SavedModelFormat.detect(path) {
        case .kerasArchive: return try loadKerasArchive(from: path, customObjects: customObjects)
        case .hdf5: return try loadLegacyH5(from: path, customObjects: customObjects)
        }
    }

    // MARK: - Legacy .h5

    private func saveLegacyH5(to path: String) throws {
        let modelConfig = legacySerializedConfig(), training = trainingConfig()
        try AtomicFile.write(to: path) { temporary in
            try HDF5File.withFile(temporary, mode: .create) { root in
                try root.setAttribute("backend", string: "tensorflow")
                try root.setAttribute("keras_version", string: Self.savedKerasVersion)
                try root.setAttribute("model_config", json: modelConfig)
                if let training { try root.setAttribute("training_config", json: training) }
                try LegacyH5Weights.write(self, to: try root.createGroup("model_weights"))
                try KerasOptimizerState.writeLegacy(self, to: root)
            }
        }
    }

    private static func loadLegacyH5(from path: String, customObjects: CustomObjects) throws -> Model {
        let (model, plan, state) = try HDF5File.withFile(path, mode: .readOnly) { root in
            guard root.hasAttribute("model_config") else {
                throw DLError.invalidFile(path: path, reason: "the file holds no model configuration (no "
                    + "'model_config' attribute): it is a weights file, so build the model in code and call "
                    + "loadWeights(from:)")
            }
            let model = try Model.deserialize(try root.jsonAttribute("model_config"), customObjects: customObjects,
                                              compile: false)
            if root.hasAttribute("training_config") { try model.compile(fromConfig: try root.jsonAttribute("training_config")) }
            return (model, try model.weightsPlan(from: root, skipMismatch: false),
                    Result { try KerasOptimizerState.readLegacy(from: root) })
        }
        plan.apply()
        KerasOptimizerState.restore(into: model) { try state.get() }
        return model
    }

    // MARK: - .keras

    private func saveKerasArchive(to path: String) throws {
        let weights = try TemporaryFile.bytes(writtenBy: { temporary in
            try HDF5File.withFile(temporary, mode: .create) { root in
                try Keras3Weights.write(self, to: root)
                try KerasOptimizerState.writeKeras3(self, to: root)
            }
        }, for: path)
        let metadata: LayerConfig = ["keras_version": .string(Self.savedKerasVersion), "date_saved": .string(Self.dateSaved())]
        try KerasArchive(config: serializedConfig().json, metadata: metadata.json, weights: weights).write(to: path)
    }

    private static func loadKerasArchive(from path: String, customObjects: CustomObjects) throws -> Model {
        let archive = try KerasArchive.read(from: path)
        let model = try Model.fromJSON(archive.config, customObjects: customObjects, compile: true)
        guard let weights = archive.weights else { return model }
        let (plan, state) = try TemporaryFile.reading(weights, for: path) { temporary in
            do {
                return try HDF5File.withFile(temporary, mode: .readOnly) { root in
                    (try model.weightsPlan(from: root, skipMismatch: false), Result { try KerasOptimizerState.readKeras3(from: root) })
                }
            } catch let DLError.hdf5(_, hdf5Path, reason) {
                throw DLError.hdf5(file: path + "/" + KerasArchive.weightsEntry, path: hdf5Path, reason: reason)
            }
        }
        plan.apply()
        KerasOptimizerState.restore(into: model) { try state.get() }
        return model
    }

    /// Keras's `date_saved`: `2026-11-30@03:54:22` (local time).
    private static func dateSaved() -> String {
        var now = time(nil), parts = tm()
        localtime_r(&now, &parts)
        let pad = { (value: Int32) in value < 10 ? "0\(value)" : "\(value)" }
        return "\(parts.tm_year + 1900)-\(pad(parts.tm_mon + 1))-\(pad(parts.tm_mday))@"
            + "\(pad(parts.tm_hour)):\(pad(parts.tm_min)):\(pad(parts.tm_sec))"
    }
}
