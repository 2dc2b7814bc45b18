import DLCore
import DLLayers

extension Model {
    /// Saves the weights to an HDF5 file, in Keras 3's layout for a name ending in `.weights.h5`
    /// (`layers/<key>/vars/<i>`; Keras 3's `load_weights` reads it) and in Keras 2's legacy layout
    /// for any other `.h5` name (`layer_names`, `<layer>/<layer>/kernel:0`, as tf-keras writes it;
    /// Keras 2 and Keras 3 read it). In Keras 3's layout a compiled model's optimizer state is saved
    /// too once it has taken a step (`optimizer/vars`), as Keras 3 saves it; `loadWeights` ignores it.
    ///
    /// The file is written under a temporary name in the same folder and renamed when complete: on
    /// any error (or a crash) a previous file at `path` stays intact. With several ranks
    /// (`Distributed`), only rank 0 writes; the others check the arguments only.
    /// - Throws: `DLError.invalidArgument` for a name ending in neither `.weights.h5` nor `.h5`, or a
    ///   model not built yet; `DLError.hdf5` / `DLError.fileAccess` naming the file when it cannot be written.
    public func saveWeights(to path: String) throws {
        let layout = try Self.weightsLayout(forName: path)
        try checkBuiltForWeights("saveWeights(to:)")
        guard Distributed.isChief else { return }   // data-parallel training: rank 0 writes, the others hold the same weights
        try AtomicFile.write(to: path) { temporary in
            try HDF5File.withFile(temporary, mode: .create) { root in
                switch layout {
                case .keras3:
                    try Keras3Weights.write(self, to: root)
                    try KerasOptimizerState.writeKeras3(self, to: root)
                case .legacy: try LegacyH5Weights.write(self, to: root)
                }
            }
        }
    }

    /// Loads weights saved by `saveWeights(to:)`, by Keras 3 (`.weights.h5`) or by Keras 2 / tf-keras
    /// (`save_weights("m.h5")`, or a full model saved as `.h5`, whose `model_weights` are read); the
    /// layout is found from the file's content. Layers are matched as Keras matches them: Keras 3's
    /// by their path of class-name keys (`layers/dense_1`), Keras 2's by order among the layers
    /// with weights. Optimizer variables in the file are ignored.
    ///
    /// Every count and shape is checked before any weight changes: a failed load leaves the model
    /// exactly as it was. With `skipMismatch` (Keras's `skip_mismatch`), a layer whose weights have
    /// other shapes (a new head) — or, in Keras 3's layout, another number of weights — keeps its
    /// own weights, with a warning on standard error.
    /// - Throws: `DLError.fileAccess` / `DLError.invalidFile` for a missing file, an empty one or one
    ///   that is not HDF5 or not a Keras weights file; `DLError.hdf5` naming the file, the HDF5 path,
    ///   the layer, and the expected and found shapes or counts for a file that does not fit the model.
    public func loadWeights(from path: String, skipMismatch: Bool = false) throws {
        try checkBuiltForWeights("loadWeights(from:skipMismatch:)")
        let plan = try HDF5File.withFile(path, mode: .readOnly) { root in
            try weightsPlan(from: root, skipMismatch: skipMismatch)
        }
        plan.apply()
    }

    /// Reads and checks the weights in `root` (either layout) without assigning them: the step a
    /// whole-model load shares with `loadWeights`.
    package func weightsPlan(from root: HDF5Group, skipMismatch: Bool) throws -> WeightLoadPlan {
        let (layout, group) = try KerasWeightsLayout.detect(in: root)
        switch layout {
        case .keras3: return try Keras3Weights.plan(self, from: group, skipMismatch: skipMismatch)
        case .legacy: return try LegacyH5Weights.plan(self, from: group, skipMismatch: skipMismatch)
        }
    }

    /// The layout `saveWeights` writes for the file name `path`.
    static func weightsLayout(forName path: String) throws -> KerasWeightsLayout {
        if path.hasSuffix(".weights.h5") { return .keras3 }
        if path.hasSuffix(".h5") { return .legacy }
        throw DLError.invalidArgument(context: "Model.saveWeights(to:)", message: "the file name must end in "
            + "'.weights.h5' (Keras 3's layout) or '.h5' (Keras 2's legacy layout). Received: path=\(path)")
    }

    /// Keras refuses to save or load the weights of a model that has not been built.
    func checkBuiltForWeights(_ call: String) throws {
        if let graphError { throw graphError }
        let unbuilt = layers.first { layer in !layer.isBuilt && !(layer is InputLayer) }
        guard unbuilt == nil, !layers.isEmpty || isBuilt else {
            throw DLError.invalidArgument(context: "model '\(name)'.\(call)", message: "the model has not been built "
                + "yet: give its first layer an input shape or call it on data first. Received: an unbuilt model"
                + (unbuilt.map { " (\($0.fileErrorName) is not built)" } ?? ""))
        }
    }
}
