import DLCore
import DLLayers

/// Keras 2's legacy HDF5 weights layout, as tf-keras writes it (`save_weights("m.h5")`, and the
/// `model_weights` group of a full-model `.h5`): the group's attributes `layer_names` (every layer
/// of the model, in order), `backend` and `keras_version`; one group per layer whose
/// `weight_names` attribute lists its weights (`dense/kernel:0`, `dense/bias:0`), each a dataset
/// at that name inside the layer's group (`dense/dense/kernel:0`); an empty `top_level_model_weights`.
///
/// Loading follows `load_weights_from_hdf5_group`: the layers with weights are matched in order to
/// the saved layers with weights (their names do not matter), counts must agree, and each layer's
/// saved weights are read in the order of its `weight_names`. The optimizer's weights are
/// `KerasOptimizerState`'s.
package enum LegacyH5Weights {
    /// The Keras version written in `keras_version`: the tf-keras release whose layout this is.
    package static let kerasVersion = "2.21.0"
    /// The backend written in `backend`.
    package static let backend = "tensorflow"

    /// Writes `model`'s weights into `group` (a file's root, or a full model's `model_weights`).
    /// - Throws: `DLError.hdf5` naming the file and path when libhdf5 cannot write, or two weights of
    ///   one layer would have the same name.
    package static func write(_ model: Model, to group: HDF5Group) throws {
        try group.setAttribute("backend", string: backend)
        try group.setAttribute("keras_version", string: kerasVersion)
        try LegacyH5Attributes.write(model.layers.map(\.name), as: "layer_names", to: group)
        let owners = ownerNames(in: model)
        for layer in model.layers {
            try writeWeights(layer.legacyWeights, of: layer.name, owners: owners, to: group)
        }
        try writeWeights([], of: "top_level_model_weights", owners: owners, to: group)
    }

    private static func writeWeights(_ weights: [Variable], of name: String, owners: [ObjectIdentifier: String],
                                     to parent: HDF5Group) throws {
        let group = try parent.createGroup(name)
        let names = weights.map { "\(owners[ObjectIdentifier($0)] ?? name)/\($0.name):0" }
        if let duplicate = names.first(where: { name in names.filter { $0 == name }.count > 1 }) {
            throw group.contentError("two weights of layer '\(name)' would have the same name. Received: \(duplicate)")
        }
        try LegacyH5Attributes.write(names, as: "weight_names", to: group)
        for (weightName, variable) in zip(names, weights) {
            try group.writeDataset(weightName, tensor: variable.storedValue)
        }
    }

    /// The name of the layer that created each variable of `model` (a nested model's weights are
    /// named after its inner layers, as tf-keras names them: `conv2d/kernel:0`; a layer's own
    /// sublayers, an RNN's cell or a wrapper's layers, after the path to them, as tf-keras's name
    /// scopes do: `lstm/lstm_cell/kernel:0`, `bidirectional/forward_lstm/lstm_cell/kernel:0`).
    private static func ownerNames(in model: Layer) -> [ObjectIdentifier: String] {
        var owners: [ObjectIdentifier: String] = [:]
        func visit(_ layer: Layer, _ prefix: String) {
            for variable in layer.ownVariables where owners[ObjectIdentifier(variable)] == nil {
                owners[ObjectIdentifier(variable)] = prefix + layer.name
            }
            let inner = layer is Model ? "" : prefix + layer.name + "/"
            for sublayer in layer.sublayers { visit(sublayer, inner) }
        }
        visit(model, "")
        return owners
    }

    /// Reads and checks the values of every weight of `model` from `group` (nothing is assigned).
    /// - Throws: `DLError.hdf5` naming the file, the HDF5 path and the layer when the numbers of
    ///   layers with weights differ, a layer's number of weights differs, a dataset is missing, or
    ///   (unless `skipMismatch`, which leaves such layers as they are) a shape differs.
    package static func plan(_ model: Model, from group: HDF5Group, skipMismatch: Bool) throws -> WeightLoadPlan {
        let layers = model.layers.filter { !$0.legacyWeights.isEmpty }
        var saved: [(name: String, weights: [String])] = []
        for name in try LegacyH5Attributes.read("layer_names", of: group) {
            let weights = try LegacyH5Attributes.read("weight_names", of: try group.openGroup(name))
            if !weights.isEmpty { saved.append((name, weights)) }
        }
        guard saved.count == layers.count else {
            throw DLError.hdf5(file: group.filePath, path: group.attributePath("layer_names"), reason:
                "layer count mismatch: the model has \(layers.count) layers with weights "
                + "(\(layers.map(\.name).joined(separator: ", "))). Received: \(saved.count) saved layers with weights "
                + "(\(saved.map(\.name).joined(separator: ", ")))")
        }
        var plan = WeightLoadPlan()
        for (index, (layer, stored)) in zip(layers, saved).enumerated() {
            let variables = layer.legacyWeights
            let layerGroup = try group.openGroup(stored.name)
            guard stored.weights.count == variables.count else {
                throw DLError.hdf5(file: group.filePath, path: layerGroup.path, reason: "weight count mismatch for layer "
                    + "#\(index) (\(layer.fileErrorName) in the model, '\(stored.name)' in the file): it expects "
                    + "\(variables.count) weights. Received: \(stored.weights.count) saved weights")
            }
            let datasets = try stored.weights.map { try layerGroup.openDataset($0) }
            let values = try datasets.map { try $0.readTensor() }
            try plan.add(values, to: variables, layer: layer, skipMismatch: skipMismatch) { weight in
                .hdf5(file: group.filePath, path: datasets[weight].path, reason: "layer #\(index) (\(layer.fileErrorName)) "
                      + "weight '\(variables[weight].name)' expects shape \(variables[weight].shape). Received: a saved "
                      + "weight of shape \(values[weight].shape)")
            }
        }
        return plan
    }
}
