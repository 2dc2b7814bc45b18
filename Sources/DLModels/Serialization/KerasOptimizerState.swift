#if canImport(Glibc)
import Glibc
#endif
import DLCore
import DLLayers

/// A compiled model's optimizer state in Keras's files, as Keras writes and reads it:
/// - Keras 3's weights layout (`.weights.h5`, a `.keras` archive's `model.weights.h5`): the group
///   `optimizer/vars` (attribute `name`: the optimizer's name) with the datasets `0`, `1`, ... in
///   the order of `optimizer.variables` (`save_own_variables` / `load_own_variables`);
/// - the legacy full-model `.h5`: the group `optimizer_weights` whose `weight_names` attribute lists
///   each variable's dataset, Keras 3's paths (`adam/iteration`, `adam/learning_rate`,
///   `adam/mlp_dense_kernel_momentum`, ...) or tf-keras's (`iteration:0`, `Adam/m/dense/kernel:0`:
///   no learning rate).
///
/// The state is written once the optimizer has taken a step (Keras writes it once built). It is
/// restored into a loaded model compiled with an optimizer whose variables have the same count and
/// shapes; otherwise, as Keras, a warning on standard error and the optimizer starts fresh.
package enum KerasOptimizerState {
    /// A saved state, as read from a file.
    struct Saved {
        var iterations: Int
        var values: [Tensor]
        /// False for tf-keras's files, which do not save the learning rate.
        var includesLearningRate: Bool
    }

    /// The state of `model`'s optimizer for its trainable weights; nil when it is not compiled, its
    /// optimizer is not a `BaseOptimizer`, or no step was taken.
    static func state(of model: Model) -> OptimizerState? {
        guard let optimizer = model.optimizer as? BaseOptimizer else { return nil }
        let variables = model.trainableWeights
        let paths = variablePaths(in: model)
        return optimizer.exportState(for: variables, paths: variables.map { paths[ObjectIdentifier($0)] ?? $0.name })
    }

    /// Writes `model`'s optimizer state in Keras 3's layout (`optimizer/vars/<i>`) under `root`, if it has one.
    /// - Throws: `DLError.hdf5` naming the file and path when libhdf5 cannot write.
    static func writeKeras3(_ model: Model, to root: HDF5Group) throws {
        guard let state = state(of: model), let optimizer = model.optimizer else { return }
        let group = try root.createGroup("optimizer/vars")
        try group.setAttribute("name", string: optimizer.name)
        try group.writeDataset("0", int64s: [Int64(state.iterations)], shape: [])
        for (index, value) in state.values.enumerated() { try group.writeDataset("\(index + 1)", tensor: value) }
    }

    /// Writes `model`'s optimizer state as Keras 3's legacy `.h5` does (`optimizer_weights`), if it has one.
    /// - Throws: `DLError.hdf5` naming the file and path when libhdf5 cannot write.
    static func writeLegacy(_ model: Model, to root: HDF5Group) throws {
        guard let state = state(of: model) else { return }
        let group = try root.createGroup("optimizer_weights")
        var names: [String] = []
        for name in state.names {   // made unique, as each is a dataset's path
            var unique = name, counter = 0
            while names.contains(unique) { counter += 1; unique = "\(name)_\(counter)" }
            names.append(unique)
        }
        try LegacyH5Attributes.write(names, as: "weight_names", to: group)
        try group.writeDataset(names[0], int64s: [Int64(state.iterations)], shape: [])
        for (name, value) in zip(names.dropFirst(), state.values) { try group.writeDataset(name, tensor: value) }
    }

    /// The state saved in Keras 3's layout under `root` (`optimizer/vars`), nil when there is none.
    /// - Throws: `DLError.hdf5` naming the path when it cannot be read.
    static func readKeras3(from root: HDF5Group) throws -> Saved? {
        guard root.contains("optimizer/vars") else { return nil }
        let group = try root.openGroup("optimizer/vars")
        let count = try group.memberNames().count
        guard count > 0 else { return nil }
        let iterations = try readIterations(try group.openDataset("0"))
        let values = try (1..<count).map { try group.openDataset("\($0)").readTensor() }
        return Saved(iterations: iterations, values: values, includesLearningRate: true)
    }

    /// The state saved in a legacy `.h5` file (`optimizer_weights`, Keras 3's or tf-keras's), nil when there is none.
    /// - Throws: `DLError.hdf5` naming the path when it cannot be read or is a layout not supported
    ///   (tf-keras's legacy optimizers, `Adam/iter:0`).
    static func readLegacy(from root: HDF5Group) throws -> Saved? {
        guard root.contains("optimizer_weights") else { return nil }
        let group = try root.openGroup("optimizer_weights")
        let names = try LegacyH5Attributes.read("weight_names", of: group)
        guard let first = names.first else { return nil }
        let keras2 = first.hasSuffix("iteration:0")
        guard keras2 || first == "iteration" || first.hasSuffix("/iteration") else {
            throw group.contentError("the first optimizer variable is not the step count 'iteration' (tf-keras's "
                                     + "legacy optimizers are not supported). Received: '\(first)'")
        }
        let iterations = try readIterations(try group.openDataset(first))
        let values = try names.dropFirst().map { try group.openDataset($0).readTensor() }
        return Saved(iterations: iterations, values: values, includesLearningRate: !keras2)
    }

    private static func readIterations(_ dataset: HDF5Dataset) throws -> Int {
        let values = try dataset.readInt64s()
        guard values.count == 1, dataset.elementClass == .integer else {
            throw dataset.contentError("the step count must be one integer. Received: \(dataset.elementClass) "
                                       + "elements of shape \(dataset.shape)")
        }
        return Int(values[0])
    }

    /// Restores `saved` (read by `read`, which may throw) into `model`'s optimizer; when it cannot,
    /// warns on standard error as Keras does and leaves the optimizer as it is. Nothing when the
    /// model is not compiled or the file has no state (or only an unused optimizer's counters).
    static func restore(into model: Model, _ read: () throws -> Saved?) {
        guard let optimizer = model.optimizer else { return }
        do {
            // An optimizer saved before its first step (Keras writes `iteration` and `learning_rate` even
            // then) holds nothing a fresh one lacks.
            guard let saved = try read(), saved.iterations != 0 || saved.values.count > (saved.includesLearningRate ? 1 : 0)
            else { return }
            guard let base = optimizer as? BaseOptimizer else {
                throw DLError.invalidArgument(context: "optimizer '\(optimizer.name)'", message: "Skipping variable "
                    + "loading for optimizer '\(optimizer.name)', because it keeps no state that can be restored. ")
            }
            try base.importState(iterations: saved.iterations, values: saved.values, for: model.trainableWeights,
                                 includesLearningRate: saved.includesLearningRate)
        } catch let DLError.invalidArgument(_, message) {
            fputs("UserWarning: \(message)\n", stderr)
        } catch {
            fputs("UserWarning: Skipping variable loading for optimizer '\(optimizer.name)': \(error). "
                  + "The optimizer starts fresh.\n", stderr)
        }
    }

    /// Keras's path of each variable of `model`: the names of the layers leading to it and its own
    /// (`mlp/dense/kernel`), used for the legacy file's dataset names.
    private static func variablePaths(in model: Model) -> [ObjectIdentifier: String] {
        var paths: [ObjectIdentifier: String] = [:]
        func visit(_ layer: Layer, _ prefix: String) {
            let path = prefix.isEmpty ? layer.name : prefix + "/" + layer.name
            for variable in layer.ownVariables where paths[ObjectIdentifier(variable)] == nil {
                paths[ObjectIdentifier(variable)] = path + "/" + variable.name
            }
            for child in (layer as? Model)?.layers ?? layer.sublayers { visit(child, path) }
        }
        visit(model, "")
        return paths
    }
}
