/// The layer graph of a functional model, in execution order: one node per layer call (a call
/// with several outputs, such as a nested multi-output model, is one node), values kept in one
/// slot per symbolic tensor.
struct ModelGraph {
    /// One layer call of the graph.
    struct Node {
        /// A tensor the call produces (its first one in the graph).
        let output: SymbolicTensor
        /// The slots of its inputs.
        let inputIndices: [Int]
        /// For a call with several outputs: (output index, slot) of each output the graph uses.
        var outputSlots: [(index: Int, slot: Int)]
        /// Whether the layer is called on a list of inputs (`call(_: [Tensor], ...)`) rather than
        /// on one tensor: it reads several values, or its layer was built for several inputs.
        /// Decided once, when the graph is built.
        let takesSeveralInputs: Bool

        init(output: SymbolicTensor, slot: Int, inputIndices: [Int]) {
            self.output = output
            self.inputIndices = inputIndices
            outputSlots = [(output.outputIndex, slot)]
            takesSeveralInputs = inputIndices.count != 1 || (output.layer.builtInputShapes?.count ?? 1) > 1
        }

        /// Whether the call gives several outputs (run through `callOutputs`).
        var hasSeveralOutputs: Bool { output.outputCount > 1 }
    }

    /// The calls in execution order.
    let nodes: [Node]
    /// Every symbolic tensor of the graph, by slot.
    let tensors: [SymbolicTensor]
    let inputPositions: [Int]
    let outputPositions: [Int]
    /// For each node, the slots that no later node needs once it has run: `run` lets them go
    /// there, so inference holds a few activations at a time, not all of them.
    let releasedAfter: [[Int]]
    /// Distinct layers in Keras's order (`map_graph`): by depth from the outputs, deepest
    /// first, then by first visit of a depth-first walk from the outputs. A chain keeps its order;
    /// where the graph branches this differs from the execution order of `nodes`.
    let layers: [Layer]
    /// The first building error in the graph, if any.
    let error: DLError?
    /// For each output, whether it comes from a single-input, single-output layer that
    /// `providesLogits` (a `Dense` with a softmax) and that no other layer reads:
    /// `run(_:training:logitsOutputs:)` can then return its logits.
    let outputsProvidingLogits: [Bool]

    /// For each node, the slot of a plain ReLU that it applies itself (`ReLUFusable`): the node's
    /// one output is read by that ReLU alone and is not a model output. The ReLU's node then finds
    /// its value computed and is skipped.
    let fusedReLUSlots: [Int?]

    /// For each node, the node (and its output slot) of the one-input layer it runs itself
    /// (`FollowerFusable`, a `Conv2D` and the `MaxPooling2D` after it): the node's one output is
    /// read by that node alone and is not a model output. The follower's node then finds its
    /// value computed and is skipped.
    let fusedFollowers: [(node: Int, slot: Int)?]

    /// For each node, the batch normalization (and ReLU) it folds into its own call at inference
    /// (`NormalizationFoldable`, a `Conv2D` and the `BatchNormalization` after it; see
    /// `ModelGraph+NormalizationFolding.swift`). When the call folds, the normalization's (and
    /// the ReLU's) node finds its value computed and is skipped.
    let normalizationFolds: [NormalizationFold?]

    /// Whether the graph's one output provides logits (see `outputsProvidingLogits`).
    var outputProvidesLogits: Bool { outputsProvidingLogits.count == 1 && outputsProvidingLogits[0] }

    init(inputs: [SymbolicTensor], outputs: [SymbolicTensor]) {
        var order: [SymbolicTensor] = []
        var slot: [ObjectIdentifier: Int] = [:]
        var visiting = Set<ObjectIdentifier>()
        // Depth-first post-order from the outputs gives a topological order.
        func visit(_ tensor: SymbolicTensor) {
            let id = ObjectIdentifier(tensor)
            if slot[id] != nil || visiting.contains(id) { return }
            visiting.insert(id)
            for input in tensor.inputs { visit(input) }
            slot[id] = order.count
            order.append(tensor)
        }
        for input in inputs { visit(input) }
        for output in outputs { visit(output) }
        tensors = order
        // One node per call: the outputs of a call with several share its node.
        var nodes: [Node] = []
        var nodeOfCall: [CallKey: Int] = [:]
        for (position, tensor) in order.enumerated() {
            let key = CallKey(tensor)
            if tensor.outputCount > 1, let existing = nodeOfCall[key] {
                nodes[existing].outputSlots.append((tensor.outputIndex, position))
                continue
            }
            nodeOfCall[key] = nodes.count
            nodes.append(Node(output: tensor, slot: position, inputIndices: tensor.inputs.map { slot[ObjectIdentifier($0)]! }))
        }
        self.nodes = nodes
        inputPositions = inputs.map { slot[ObjectIdentifier($0)]! }
        outputPositions = outputs.map { slot[ObjectIdentifier($0)]! }
        releasedAfter = Self.releasePlan(nodes, slots: order.count, keeping: Set(outputPositions))
        layers = Self.kerasLayerOrder(inputs: inputs, outputs: outputs)
        error = Self.firstError(inputs: inputs, outputs: outputs, order: order, reached: Self.ancestors(of: outputs))
        let soleReaders = Self.soleReaders(nodes, keeping: Set(outputPositions))
        fusedReLUSlots = Self.reluFusions(nodes, soleReaders: soleReaders)
        fusedFollowers = Self.followerFusions(nodes, soleReaders: soleReaders)
        normalizationFolds = Self.normalizationFolds(nodes, soleReaders: soleReaders, keeping: Set(outputPositions))
        let read = Set(nodes.flatMap(\.inputIndices))
        let outputPositions = self.outputPositions
        outputsProvidingLogits = outputPositions.map { position in
            let tensor = order[position]
            return tensor.inputs.count == 1 && tensor.outputCount == 1 && (tensor.layer.builtInputShapes?.count ?? 1) == 1
                && tensor.layer.providesLogits && !read.contains(position)
                && outputPositions.filter { $0 == position }.count == 1
        }
    }

    /// A layer call: the layer and its call number.
    private struct CallKey: Hashable {
        let layer: ObjectIdentifier
        let node: Int
        init(_ tensor: SymbolicTensor) {
            layer = ObjectIdentifier(tensor.layer)
            node = tensor.nodeIndex
        }
    }

    /// Keras's `Function._operations` order (keras/src/ops/function.py `map_graph`): a
    /// depth-first walk from the outputs numbers each layer at its first visit and lists the calls
    /// in post-order; going back over them, a call's depth is the largest of its consumers' plus
    /// one (a shared layer takes the largest depth of its calls). Layers sort by depth, deepest
    /// first, then by visit number; an input no output reads comes at depth 0, number -1.
    private static func kerasLayerOrder(inputs: [SymbolicTensor], outputs: [SymbolicTensor]) -> [Layer] {
        var finished = Set<CallKey>()
        var postOrder: [SymbolicTensor] = []
        var visitNumber: [ObjectIdentifier: Int] = [:]
        var layerOf: [ObjectIdentifier: Layer] = [:]
        func visit(_ tensor: SymbolicTensor) {
            let key = CallKey(tensor)
            if !finished.insert(key).inserted { return }   // symbolic graphs have no cycles
            let id = ObjectIdentifier(tensor.layer)
            if visitNumber[id] == nil {
                visitNumber[id] = visitNumber.count
                layerOf[id] = tensor.layer
            }
            for input in tensor.inputs { visit(input) }
            postOrder.append(tensor)
        }
        for output in outputs { visit(output) }
        var callDepth: [CallKey: Int] = [:]
        var layerDepth: [ObjectIdentifier: Int] = [:]
        for tensor in postOrder.reversed() {
            let key = CallKey(tensor), id = ObjectIdentifier(tensor.layer)
            let depth = max(callDepth[key] ?? 0, layerDepth[id] ?? 0)
            layerDepth[id] = depth
            callDepth[key] = depth
            for input in tensor.inputs {
                let parent = CallKey(input)
                callDepth[parent] = max(depth + 1, callDepth[parent] ?? 0)
            }
        }
        var ranked = layerDepth.map { (id: $0.key, depth: $0.value, number: visitNumber[$0.key] ?? 0) }
        for (index, input) in inputs.enumerated() where layerOf[ObjectIdentifier(input.layer)] == nil {
            let id = ObjectIdentifier(input.layer)
            layerOf[id] = input.layer
            ranked.append((id, 0, Int.min / 2 + index))   // Keras's -1, in input order
        }
        ranked.sort { $0.depth != $1.depth ? $0.depth > $1.depth : $0.number < $1.number }
        return ranked.compactMap { layerOf[$0.id] }
    }

    /// The first building error: one carried by an output, an output computed from an input the
    /// model was not given, an input no output depends on, or an input listed twice.
    private static func firstError(inputs: [SymbolicTensor], outputs: [SymbolicTensor], order: [SymbolicTensor],
                                   reached: Set<ObjectIdentifier>) -> DLError? {
        if let error = outputs.lazy.compactMap({ $0.error }).first { return error }
        let inputIDs = Set(inputs.map(ObjectIdentifier.init))
        for tensor in order where tensor.inputs.isEmpty && !inputIDs.contains(ObjectIdentifier(tensor)) {
            return .invalidArgument(context: "model graph", message: "input '\(tensor.layer.name)' is needed by the "
                + "outputs but is not one of the model's inputs. Received: inputs \(names(inputs))")
        }
        var listed = Set<ObjectIdentifier>()
        for input in inputs where !listed.insert(ObjectIdentifier(input)).inserted {
            return .invalidArgument(context: "model graph", message: "input '\(input.layer.name)' is listed twice. "
                + "Received: inputs \(names(inputs))")
        }
        if !outputs.isEmpty, let unused = inputs.first(where: { !reached.contains(ObjectIdentifier($0)) }) {
            return .invalidArgument(context: "model graph", message: "no output depends on input '\(unused.layer.name)' "
                + "\(unused.batchShapeDescription). Received: outputs \(names(outputs))")
        }
        return nil
    }

    /// `['a', 'b']`: the tensors' layer names, for messages.
    private static func names(_ tensors: [SymbolicTensor]) -> String {
        "[" + tensors.map { "'\($0.layer.name)'" }.joined(separator: ", ") + "]"
    }

    /// The tensors the outputs are computed from, the outputs included.
    private static func ancestors(of outputs: [SymbolicTensor]) -> Set<ObjectIdentifier> {
        var reached = Set<ObjectIdentifier>()
        var stack = outputs
        while let tensor = stack.popLast() {
            if reached.insert(ObjectIdentifier(tensor)).inserted { stack.append(contentsOf: tensor.inputs) }
        }
        return reached
    }

    /// For each node, the node that alone reads its one output, when that output is not a model
    /// output and the reader takes it as its only input and gives one output: the pairs a fusion
    /// may run as one call (`reluFusions`, `followerFusions`).
    private static func soleReaders(_ nodes: [Node], keeping outputs: Set<Int>) -> [Int?] {
        var readers: [Int: [Int]] = [:]
        for (index, node) in nodes.enumerated() {
            for input in node.inputIndices { readers[input, default: []].append(index) }
        }
        return nodes.map { node in
            let slot = node.outputSlots[0].slot
            guard !node.hasSeveralOutputs, node.outputSlots.count == 1, !outputs.contains(slot),
                  let reader = readers[slot], reader.count == 1 else { return nil }
            let follower = nodes[reader[0]]
            guard follower.inputIndices == [slot], !follower.takesSeveralInputs, !follower.hasSeveralOutputs,
                  follower.outputSlots.count == 1 else { return nil }
            return reader[0]
        }
    }

    /// `fusedReLUSlots`: a `ReLUFusable` node whose sole reader (`soleReaders`) is a plain ReLU.
    private static func reluFusions(_ nodes: [Node], soleReaders: [Int?]) -> [Int?] {
        zip(nodes, soleReaders).map { node, reader in
            guard node.output.layer is ReLUFusable, let reader, nodes[reader].output.layer.isPlainReLU else { return nil }
            return nodes[reader].outputSlots[0].slot
        }
    }

    /// `fusedFollowers`: a `FollowerFusable` node of one input whose sole reader (`soleReaders`) is a
    /// layer it `canRunFollowed(by:)`.
    private static func followerFusions(_ nodes: [Node], soleReaders: [Int?]) -> [(node: Int, slot: Int)?] {
        zip(nodes, soleReaders).map { node, reader in
            guard let fusable = node.output.layer as? FollowerFusable, !node.takesSeveralInputs, let reader,
                  fusable.canRunFollowed(by: nodes[reader].output.layer) else { return nil }
            return (reader, nodes[reader].outputSlots[0].slot)
        }
    }

    /// The last node that reads each slot decides when it is released; outputs are kept.
    private static func releasePlan(_ nodes: [Node], slots: Int, keeping outputs: Set<Int>) -> [[Int]] {
        var lastReader = [Int?](repeating: nil, count: slots)
        for (index, node) in nodes.enumerated() {
            for input in node.inputIndices { lastReader[input] = index }
        }
        var plan = [[Int]](repeating: [], count: nodes.count)
        for (value, reader) in lastReader.enumerated() {
            if let reader, !outputs.contains(value) { plan[reader].append(value) }
        }
        return plan
    }

    /// Runs the graph on one batch per input; returns one tensor per output. With `logitsOutput`
    /// (only when `outputProvidesLogits`), the one output is its layer's logits.
    func run(_ inputValues: [Tensor], training: Bool, logitsOutput: Bool = false) -> [Tensor] {
        run(inputValues, training: training, logitsOutputs: logitsOutput ? [true] : [])
    }

    /// Runs the graph on one batch per input; returns one tensor per output. Output `i` is its
    /// layer's logits where `logitsOutputs[i]` is true (only where `outputsProvidingLogits[i]`).
    func run(_ inputValues: [Tensor], training: Bool, logitsOutputs: [Bool]) -> [Tensor] {
        check(inputValues.count == inputPositions.count,
              "model: expected \(inputPositions.count) inputs, received \(inputValues.count)")
        var logitsSlots = Set<Int>()
        for (index, wanted) in logitsOutputs.enumerated() where wanted {
            check(index < outputsProvidingLogits.count && outputsProvidingLogits[index],
                  "model: logits asked of output \(index), whose layer provides none")
            logitsSlots.insert(outputPositions[index])
        }
        var values = [Tensor?](repeating: nil, count: tensors.count)
        var masks = [Tensor?](repeating: nil, count: tensors.count)   // Keras's masks, beside their tensors
        for (position, value) in zip(inputPositions, inputValues) { values[position] = value }
        var folded = Set<Int>()   // nodes a folded call stood for
        for (index, node) in nodes.enumerated() {
            let first = node.outputSlots[0].slot
            if folded.contains(index) {   // computed by a fold: what it read last goes now
                for released in releasedAfter[index] { values[released] = nil; masks[released] = nil }
                continue
            }
            if values[first] != nil { continue }   // a model input, or computed by a fusion
            let args = node.inputIndices.compactMap { values[$0] }
            check(args.count == node.inputIndices.count, "model: a layer's input was released before its last reader")
            let layer = node.output.layer
            let inputMasks = node.inputIndices.map { masks[$0] }
            masks[first] = layer.computeMask(args, masks: inputMasks)
            if layer.readsMasks && inputMasks.contains(where: { $0 != nil }) {
                let results = layer.callOutputs(args, masks: inputMasks, training: training)
                for (outputIndex, slot) in node.outputSlots {
                    check(outputIndex < results.count, "\(layer.errorContext) gave \(results.count) outputs, expected \(node.output.outputCount)")
                    values[slot] = results[outputIndex]
                }
            } else if node.hasSeveralOutputs {
                let results = layer.callOutputs(args, training: training)
                for (outputIndex, slot) in node.outputSlots {
                    check(outputIndex < results.count, "\(layer.errorContext) gave \(results.count) outputs, expected \(node.output.outputCount)")
                    values[slot] = results[outputIndex]
                }
            } else if let target = fusedReLUSlots[index], let fusable = layer as? ReLUFusable {
                // The layer and the plain ReLU that alone reads it, as one call; the ReLU's node is skipped.
                values[target] = fusable.callFollowedByReLU(args, training: training)
                masks[target] = masks[first]   // the ReLU passes its input's mask on (Keras's supports_masking)
            } else if let fold = normalizationFolds[index], let foldable = layer as? NormalizationFoldable,
                      inputMasks.allSatisfy({ $0 == nil }),
                      let result = runFold(fold, foldable, args[0], values: values, training: training) {
                // The layer, the batch normalization that alone reads it (and its ReLU, or its residual
                // Add and ReLU), as one call with folded weights; their nodes are skipped. In training
                // the call declines (nil).
                values[result.slot] = result.value
                folded.formUnion(result.skippedNodes)
                masks[result.slot] = masks[first]   // each passes its inputs' masks on (none here)
            } else if let follower = fusedFollowers[index], let fusable = layer as? FollowerFusable,
                      inputMasks.allSatisfy({ $0 == nil }) {
                // The layer and the one layer that alone reads it, as one call; the follower's node is skipped.
                values[follower.slot] = fusable.callFollowed(by: nodes[follower.node].output.layer, args[0], training: training)
            } else if node.takesSeveralInputs {
                values[first] = layer.call(args, training: training)
            } else if logitsSlots.contains(first) {
                guard let logits = layer.callLogits(args[0], training: training) else {
                    trap("\(layer.errorContext) says it provides logits but callLogits returned none")
                }
                values[first] = logits
            } else {
                values[first] = layer.call(args[0], training: training)
            }
            for released in releasedAfter[index] { values[released] = nil; masks[released] = nil }
        }
        return outputPositions.map { position in
            guard let value = values[position] else { trap("model: output \(position) was not computed") }
            return value
        }
    }
}
