// A functional model's configuration as Keras 3 writes it (keras/src/models/functional.py
// `get_config`): `{"name", "trainable", "layers", "input_layers", "output_layers"}`, each layer
// entry being the layer's serialized form plus `name` and `inbound_nodes`, one node per call of
// the layer in this model: `{"args": [tensor or [tensors]], "kwargs": {}}`, each tensor a
// `__keras_tensor__` whose `keras_history` is `[layer, node index, tensor index]`.

extension Model {
    /// Keras classes whose `call` takes a `mask` argument: Keras records `"mask": null` in the
    /// node's kwargs when such a layer is called on one tensor.
    private static let classesTakingMask: Set<String> = ["Functional", "Sequential", "BatchNormalization", "Softmax", "Lambda"]

    /// The value `getConfig()` returns for a functional model (see the file's header).
    func functionalConfig() -> LayerConfig {
        let graph = self.graph
        // Each layer's calls that belong to this model, renumbered from 0 in call order (Keras's
        // node re-indexing: calls made for other models are left out).
        var ownCalls: [ObjectIdentifier: [Int]] = [:]
        for node in graph.nodes {
            let id = ObjectIdentifier(node.output.layer)
            if !(ownCalls[id]?.contains(node.output.nodeIndex) ?? false) { ownCalls[id, default: []].append(node.output.nodeIndex) }
        }
        for key in ownCalls.keys { ownCalls[key]?.sort() }
        func history(_ tensor: SymbolicTensor, offset: Int = 0) -> LayerConfig {
            let index = ownCalls[ObjectIdentifier(tensor.layer)]?.firstIndex(of: tensor.nodeIndex) ?? 0
            return [.string(tensor.layer.name), .int(index + offset), .int(tensor.outputIndex)]
        }
        func kerasTensor(_ tensor: SymbolicTensor) -> LayerConfig {
            ["class_name": "__keras_tensor__",
             "config": ["shape": .array([.null] + tensor.shape.map { .int($0) }), "dtype": "float32", "keras_history": history(tensor)]]
        }
        var entries: [LayerConfig] = []
        for layer in layers {
            let calls = graph.nodes.filter { $0.output.layer === layer && !$0.output.inputs.isEmpty }
                .sorted { $0.output.nodeIndex < $1.output.nodeIndex }
            let className = Self.kerasClassName(of: layer)
            let inbound: [LayerConfig] = calls.map { node in
                let inputs = node.output.inputs.map(kerasTensor)
                let several = node.takesSeveralInputs
                let kwargs: LayerConfig = !several && Self.classesTakingMask.contains(className) ? ["mask": nil] : [:]
                return ["args": several ? [.array(inputs)] : [inputs[0]], "kwargs": kwargs]
            }
            var members = ModelConfigContext.serialize(layer).objectValue ?? [:]
            members["name"] = .string(layer.name)
            members["inbound_nodes"] = .array(inbound)
            entries.append(.object(members))
        }
        // Keras counts a nested functional model's calls from 1 here (its node 0 being its own construction).
        func reference(_ tensor: SymbolicTensor) -> LayerConfig {
            history(tensor, offset: Self.kerasClassName(of: tensor.layer) == "Functional" ? 1 : 0)
        }
        func references(_ tensors: [SymbolicTensor]) -> LayerConfig {
            tensors.count == 1 ? reference(tensors[0]) : .array(tensors.map(reference))
        }
        return ["name": .string(name), "trainable": .bool(trainable), "layers": .array(entries),
                "input_layers": references(inputs), "output_layers": references(outputs)]
    }

    /// Keras's class name for `layer` (`"Functional"` for a functional model).
    static func kerasClassName(of layer: Layer) -> String { type(of: layer).kerasClassName }

    /// The model as Keras 3 serializes it (`keras.saving.serialize_keras_object(model)`, what
    /// `model.to_json()` and a `.keras` archive's `config.json` hold): `module`, `class_name`,
    /// `config` (`getConfig()`), `registered_name`, `build_config` and `compile_config`
    /// (`compileConfig()`, `{}` before `compile`). A functional model is
    /// `{"module": "keras.src.models.functional", "class_name": "Functional", "registered_name": "Functional",
    /// "build_config": {"input_shape": null}, ...}`; a `Sequential` is under module `"keras"` with its
    /// input shape in `build_config`.
    public func serializedConfig() -> LayerConfig {
        var members: [String: LayerConfig]
        if self is Sequential {
            members = ["module": "keras", "class_name": "Sequential", "config": getConfig(), "registered_name": nil]
            if let shape = inputs.first?.shape, inputs.count == 1 {
                members["build_config"] = ["input_shape": .array([.null] + shape.map { .int($0) })]
            }
        } else {
            members = ["module": "keras.src.models.functional", "class_name": "Functional", "config": getConfig(),
                       "registered_name": "Functional", "build_config": ["input_shape": nil]]
        }
        members["compile_config"] = compileConfig()
        return .object(members)
    }

    /// `serializedConfig()` as JSON text (Keras's `model.to_json()`).
    public func toJSON() -> String { serializedConfig().json }
}
