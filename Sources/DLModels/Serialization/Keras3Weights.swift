import DLCore
import DLLayers

/// Keras 3's weights layout (`.weights.h5`, and `model.weights.h5` inside a `.keras` archive), as
/// `keras/src/saving/saving_lib.py` writes it: every layer's own variables at
/// `<path>/vars/0`, `<path>/vars/1`, ... (with a `name` attribute on `vars`), where the model's
/// path is empty (its group is `/vars`) and a model's layers are at `<model path>/layers/<key>`,
/// the key being the snake-cased Keras class name with a counter per name (`dense`, `dense_1`,
/// `conv2d`; a nested functional model is `functional`, its layers `layers/functional/layers/...`).
/// A layer reached twice (a shared twin) is saved once, at its first path; its counter still counts.
/// A layer's tracked sublayers (`TrackedSublayers`: an RNN's `cell`) are at `<layer path>/<key>`.
///
/// The optimizer's variables (`optimizer/vars/...`) are `KerasOptimizerState`'s. A subclassed model's layers are keyed as a functional model's (Keras
/// keys them by attribute name, which Swift does not expose).
package enum Keras3Weights {
    /// A layer and the path of its variables' group.
    struct Entry {
        let layer: Layer
        let varsPath: String
    }

    /// Every layer of `model` (the model first) with its `vars` group, in Keras's visiting order.
    static func entries(of model: Layer) -> [Entry] {
        var entries: [Entry] = []
        var visited = Set<ObjectIdentifier>()
        func visit(_ layer: Layer, _ path: String) {
            guard visited.insert(ObjectIdentifier(layer)).inserted else { return }
            entries.append(Entry(layer: layer, varsPath: path.isEmpty ? "vars" : path + "/vars"))
            if let tracked = layer as? TrackedSublayers {   // an RNN's cell, a wrapper's layers
                for (key, child) in tracked.trackedSublayers { visit(child, (path.isEmpty ? "" : path + "/") + key) }
            }
            guard let model = layer as? Model else { return }
            var used: [String: Int] = [:]
            for child in model.layers {
                let base = LayerNames.snakeCase(type(of: child).kerasClassName)
                let count = used[base].map { $0 + 1 } ?? 0
                used[base] = count
                let key = count == 0 ? base : "\(base)_\(count)"
                visit(child, (path.isEmpty ? "" : path + "/") + "layers/" + key)
            }
        }
        visit(model, "")
        return entries
    }

    /// Writes `model`'s weights into `root` (an empty file's root group, or a `.keras` archive's
    /// `model.weights.h5`).
    /// - Throws: `DLError.hdf5` naming the file and path when libhdf5 cannot write.
    package static func write(_ model: Model, to root: HDF5Group) throws {
        for entry in entries(of: model) {
            let group = try root.createGroup(entry.varsPath)
            try group.setAttribute("name", string: entry.layer.name)
            for (index, variable) in entry.layer.ownVariables.enumerated() {
                try group.writeDataset("\(index)", tensor: variable.storedValue)
            }
        }
    }

    /// Reads and checks the values of every variable of `model` from `root` (nothing is assigned).
    /// - Throws: `DLError.hdf5` naming the file, the HDF5 path and the layer when a layer's group is
    ///   missing or holds another number of variables, or a shape differs (expected and found shapes),
    ///   unless `skipMismatch`, which leaves such layers as they are.
    package static func plan(_ model: Model, from root: HDF5Group, skipMismatch: Bool) throws -> WeightLoadPlan {
        var plan = WeightLoadPlan()
        for entry in entries(of: model) {
            let layer = entry.layer, variables = layer.ownVariables
            let path = "/" + entry.varsPath
            let stored = root.contains(entry.varsPath) ? try root.openGroup(entry.varsPath).memberNames() : []
            guard stored.count == variables.count else {
                let error = DLError.hdf5(file: root.filePath, path: path, reason: "\(layer.fileErrorName) expects "
                    + "\(variables.count) variables (\(variables.map(\.name).joined(separator: ", "))). Received: "
                    + (root.contains(entry.varsPath) ? "\(stored.count) saved variables" : "no such group in the file"))
                if skipMismatch { plan.skip(layer, because: error); continue }
                throw error
            }
            guard !variables.isEmpty else { continue }
            let group = try root.openGroup(entry.varsPath)
            let values = try variables.indices.map { try group.openDataset("\($0)").readTensor() }
            try plan.add(values, to: variables, layer: layer, skipMismatch: skipMismatch) { index in
                .hdf5(file: root.filePath, path: "\(path)/\(index)", reason: "\(layer.fileErrorName) variable "
                      + "'\(variables[index].name)' expects shape \(variables[index].shape). Received: a saved value of "
                      + "shape \(values[index].shape)")
            }
        }
        return plan
    }
}
