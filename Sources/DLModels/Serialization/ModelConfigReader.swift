// A functional model rebuilt from its configuration, as Keras's `functional_from_config` does:
// every layer is created first, then the layers' calls (their `inbound_nodes`) are replayed in
// layer order, a call waiting until the tensors it reads exist. Both node formats are read:
// Keras 3's `{"args": [...], "kwargs": {...}}` with `__keras_tensor__` entries, and Keras 2's
// `[["layer", node, tensor, {kwargs}], ...]`.
//
// Node numbering differs: Keras 3 numbers a layer's calls from 0 in `inbound_nodes`, but a nested
// functional model's from 1 in `input_layers`/`output_layers`; Keras 2 numbers a nested model
// that has an input (a functional model, a `Sequential` with an input shape) from 1 everywhere,
// its node 0 being its own construction (tf-keras's `_should_skip_first_node`). Keras 3 itself
// cannot read such Keras 2 files; they are read here.

/// A reference to one output of one call of a layer: `[layer, node index, tensor index]`.
private struct TensorReference {
    let layer: String
    let node: Int
    let tensor: Int
}

/// One call of a layer, waiting to be replayed.
private struct PendingCall {
    /// The tensors it reads.
    let inputs: [TensorReference]
    /// Whether it is called on a list of tensors (a merge layer).
    let onList: Bool
    /// Whether it is written in Keras 2's format.
    let keras2: Bool
}

extension Model {
    /// The functional model `config` (`{"name", "trainable", "layers", "input_layers",
    /// "output_layers"}`) describes, its layers read through `context`.
    /// - Throws: `DLError.invalidArgument` naming the layer, node or key that cannot be read, or
    ///   the graph's own error (shapes that do not fit).
    static func functional(fromConfig config: LayerConfig, context: ModelConfigContext) throws -> Model {
        var reader = try ConfigReader(config, owner: "Functional")
        let name = try reader.optionalString("name")
        let trainable = try reader.bool("trainable", default: true)
        let rawLayers = reader.value("layers") ?? .null
        guard let entries = rawLayers.arrayValue else { throw reader.typeError("layers", rawLayers, expected: "a list of layers") }
        let inputLayers = reader.value("input_layers") ?? .array([])
        let outputLayers = reader.value("output_layers") ?? .array([])
        try reader.float32DType("dtype")
        try reader.finish()
        let owner = "Functional '\(name ?? "model")'"
        var layers: [Layer] = []
        var byName: [String: Layer] = [:]
        var pending: [[PendingCall]] = []
        var calls: [ObjectIdentifier: [[SymbolicTensor]]] = [:]
        // Nested models that have an input before any call (tf-keras's "first node skipped" ones).
        var builtWithInput = Set<ObjectIdentifier>()
        for (index, entry) in entries.enumerated() {
            let key = "layers[\(index)]"
            let layer = try context.layer(from: entry, owner: owner, key: key)
            let layerName = entry["name"]?.stringValue ?? layer.name
            guard byName[layerName] == nil else {
                throw DLError.invalidArgument(context: "\(owner).fromConfig",
                                              message: "two layers are named '\(layerName)'. Received: \(key).name=\"\(layerName)\"")
            }
            byName[layerName] = layer
            layers.append(layer)
            if let model = layer as? Model, !model.isSubclassed, !model.inputs.isEmpty { builtWithInput.insert(ObjectIdentifier(model)) }
            let rawNodes = entry["inbound_nodes"] ?? .array([])
            guard let nodes = rawNodes.arrayValue else {
                throw DLError.invalidArgument(context: "\(owner).fromConfig",
                                              message: "layer '\(layerName)': inbound_nodes must be a list. Received: \(rawNodes.json)")
            }
            pending.append(try nodes.map { try pendingCall($0, layer: layerName, owner: owner) })
            if let input = layer as? InputLayer { calls[ObjectIdentifier(input)] = [[input.makeOutput()]] }
        }
        let keras2 = pending.joined().contains { $0.keras2 }
        // The outputs of call `node` of the layer named `layerName`, numbered as the configuration does.
        func outputs(of reference: TensorReference, inbound: Bool, keras2: Bool) throws -> SymbolicTensor? {
            guard let layer = byName[reference.layer] else {
                throw DLError.invalidArgument(context: "\(owner).fromConfig", message: "a node reads the unknown layer "
                                              + "'\(reference.layer)'. Received: [\"\(reference.layer)\", \(reference.node), \(reference.tensor)]")
            }
            let made = calls[ObjectIdentifier(layer)] ?? []
            let index = layer is InputLayer ? 0 : reference.node
                - nodeOffset(of: layer, inbound: inbound, keras2: keras2, builtWithInput: builtWithInput.contains(ObjectIdentifier(layer)))
            guard index >= 0, index < made.count else { return nil }
            guard reference.tensor >= 0, reference.tensor < made[index].count else {
                throw DLError.invalidArgument(context: "\(owner).fromConfig", message: "layer '\(reference.layer)' has "
                                              + "\(made[index].count) outputs. Received: tensor index \(reference.tensor)")
            }
            return made[index][reference.tensor]
        }
        // Replays the calls in layer order until none is left, as Keras does.
        while pending.contains(where: { !$0.isEmpty }) {
            var progressed = false
            for (index, layer) in layers.enumerated() {
                while let call = pending[index].first {
                    let inputs = try call.inputs.map { try outputs(of: $0, inbound: true, keras2: call.keras2) }
                    guard inputs.allSatisfy({ $0 != nil }) else { break }
                    let arguments = inputs.compactMap { $0 }
                    let results: [SymbolicTensor]
                    if let nested = layer as? Model, nested.outputs.count > 1 {
                        results = nested.callOutputs(arguments)
                    } else {
                        results = [call.onList ? layer(arguments) : layer(arguments[0])]
                    }
                    if let error = results.lazy.compactMap(\.error).first { throw error }
                    calls[ObjectIdentifier(layer), default: []].append(results)
                    pending[index].removeFirst()
                    progressed = true
                }
            }
            guard progressed else {
                let waiting = zip(layers, pending).filter { !$1.isEmpty }.map { "'\($0.0.name)'" }.joined(separator: ", ")
                throw DLError.invalidArgument(context: "\(owner).fromConfig", message: "the graph has loops or calls that read "
                                              + "tensors no layer makes. Received: unresolved calls of \(waiting)")
            }
        }
        func tensors(_ value: LayerConfig, key: String) throws -> [SymbolicTensor] {
            let references = try tensorReferences(value, key: key, owner: owner)
            return try references.map { reference in
                guard let tensor = try outputs(of: reference, inbound: false, keras2: keras2) else {
                    throw DLError.invalidArgument(context: "\(owner).fromConfig", message: "\(key) names a call that the layers do "
                                                  + "not make. Received: [\"\(reference.layer)\", \(reference.node), \(reference.tensor)]")
                }
                return tensor
            }
        }
        let model = Model(inputs: try tensors(inputLayers, key: "input_layers"), outputs: try tensors(outputLayers, key: "output_layers"),
                          name: name)
        if let error = model.graphError { throw error }
        if !trainable { model.trainable = false }
        return model
    }

    /// How much a configuration's node index of `layer` exceeds its call number here (see the header).
    /// `builtWithInput`: the nested model had an input when created (a functional model, a
    /// `Sequential` whose configuration gives its input shape), before any call here.
    private static func nodeOffset(of layer: Layer, inbound: Bool, keras2: Bool, builtWithInput: Bool) -> Int {
        guard let model = layer as? Model, !model.isSubclassed else { return 0 }
        if keras2 { return builtWithInput ? 1 : 0 }
        return !inbound && !(model is Sequential) ? 1 : 0
    }

    /// One node of `inbound_nodes`, in Keras 3's or Keras 2's format.
    private static func pendingCall(_ node: LayerConfig, layer: String, owner: String) throws -> PendingCall {
        func fail(_ what: String) -> DLError {
            .invalidArgument(context: "\(owner).fromConfig", message: "layer '\(layer)': \(what). Received: \(node.json)")
        }
        if let references = node.arrayValue {   // Keras 2: [["layer", node, tensor, {kwargs}], ...]
            let inputs = try references.map { reference -> TensorReference in
                guard let parts = reference.arrayValue, parts.count >= 3 else {
                    throw fail("an inbound node entry must be [layer, node, tensor, kwargs]")
                }
                if parts.count > 3, !(parts[3].objectValue?.values.allSatisfy(\.isNull) ?? parts[3].isNull) {
                    throw fail("call arguments besides the inputs are not supported here")
                }
                return try reference3(Array(parts.prefix(3)), fail: fail)
            }
            return PendingCall(inputs: inputs, onList: inputs.count != 1, keras2: true)
        }
        guard let args = node["args"]?.arrayValue, args.count == 1 else {
            throw fail("a node's args must hold one tensor or one list of tensors")
        }
        if let kwargs = node["kwargs"], !(kwargs.objectValue?.values.allSatisfy(\.isNull) ?? kwargs.isNull) {
            throw fail("call arguments besides the inputs are not supported here")
        }
        let onList = args[0].arrayValue != nil
        let tensors = args[0].arrayValue ?? [args[0]]
        let inputs = try tensors.map { tensor -> TensorReference in
            guard tensor["class_name"] == "__keras_tensor__", let history = tensor["config"]?["keras_history"]?.arrayValue else {
                throw fail("a node's argument must be a __keras_tensor__ with a keras_history")
            }
            return try reference3(history, fail: fail)
        }
        return PendingCall(inputs: inputs, onList: onList, keras2: false)
    }

    /// `[layer, node, tensor]` read.
    private static func reference3(_ parts: [LayerConfig], fail: (String) -> DLError) throws -> TensorReference {
        guard parts.count == 3, let layer = parts[0].stringValue, let node = parts[1].intValue, let tensor = parts[2].intValue else {
            throw fail("a tensor reference must be [layer name, node index, tensor index]")
        }
        return TensorReference(layer: layer, node: node, tensor: tensor)
    }

    /// The references of `input_layers` or `output_layers`: one `[layer, node, tensor]` or a list of them.
    private static func tensorReferences(_ value: LayerConfig, key: String, owner: String) throws -> [TensorReference] {
        let fail = { (what: String) in
            DLError.invalidArgument(context: "\(owner).fromConfig", message: "key '\(key)': \(what). Received: \(key)=\(value.json)")
        }
        guard let list = value.arrayValue else { throw fail("must be a list of [layer, node, tensor] references") }
        if list.first?.stringValue != nil { return [try reference3(list, fail: fail)] }
        return try list.map { entry in
            guard let parts = entry.arrayValue else { throw fail("must be a list of [layer, node, tensor] references") }
            return try reference3(parts, fail: fail)
        }
    }
}
