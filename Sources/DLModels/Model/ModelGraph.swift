/// The layer graph of a functional model, in execution order.
struct ModelGraph {
    /// One layer call of the graph: the symbolic tensor it produces.
    struct Node {
        let output: SymbolicTensor
        let inputIndices: [Int]   // positions in `nodes` of its inputs
        /// Whether the layer is called on a list of inputs (`call(_: [Tensor], ...)`) rather than
        /// on one tensor: it reads several values, or its layer was built for several inputs.
        /// Decided once, when the graph is built.
        let takesSeveralInputs: Bool

        init(output: SymbolicTensor, inputIndices: [Int]) {
            self.output = output
            self.inputIndices = inputIndices
            takesSeveralInputs = inputIndices.count != 1 || (output.layer.builtInputShapes?.count ?? 1) > 1
        }
    }

    let nodes: [Node]
    let inputPositions: [Int]
    let outputPositions: [Int]
    /// For each node, the values (positions in `nodes`) that no later node needs once it has run:
    /// `run` lets them go there, so inference holds a few activations at a time, not all of them.
    let releasedAfter: [[Int]]
    /// Distinct layers in execution order.
    let layers: [Layer]
    /// The first building error in the graph, if any.
    let error: DLError?
    /// Whether the graph's one output comes from a single-input layer that `providesLogits`
    /// (a `Dense` with a softmax): `run(_:training:logitsOutput:)` can then return its logits.
    let outputProvidesLogits: Bool

    init(inputs: [SymbolicTensor], outputs: [SymbolicTensor]) {
        var order: [SymbolicTensor] = []
        var position: [ObjectIdentifier: Int] = [:]
        var visiting = Set<ObjectIdentifier>()
        // Depth-first post-order from the outputs gives a topological order.
        func visit(_ tensor: SymbolicTensor) {
            let id = ObjectIdentifier(tensor)
            if position[id] != nil || visiting.contains(id) { return }
            visiting.insert(id)
            for input in tensor.inputs { visit(input) }
            position[id] = order.count
            order.append(tensor)
        }
        for input in inputs { visit(input) }
        for output in outputs { visit(output) }
        nodes = order.map { tensor in Node(output: tensor, inputIndices: tensor.inputs.map { position[ObjectIdentifier($0)]! }) }
        inputPositions = inputs.map { position[ObjectIdentifier($0)]! }
        outputPositions = outputs.map { position[ObjectIdentifier($0)]! }
        releasedAfter = Self.releasePlan(nodes, keeping: Set(outputPositions))
        var seen = Set<ObjectIdentifier>()
        layers = order.map { $0.layer }.filter { seen.insert(ObjectIdentifier($0)).inserted }
        var firstError = outputs.lazy.compactMap { $0.error }.first
        if firstError == nil {
            for tensor in order where tensor.inputs.isEmpty && !inputs.contains(tensor) {
                firstError = .invalidArgument(context: "model graph", message: "input '\(tensor.layer.name)' is needed by the outputs but is not one of the model's inputs")
                break
            }
        }
        error = firstError
        if outputPositions.count == 1 {
            let node = nodes[outputPositions[0]]
            outputProvidesLogits = !node.takesSeveralInputs && node.output.layer.providesLogits
        } else {
            outputProvidesLogits = false
        }
    }

    /// The last node that reads each value decides when it is released; outputs are kept.
    private static func releasePlan(_ nodes: [Node], keeping outputs: Set<Int>) -> [[Int]] {
        var lastReader = [Int?](repeating: nil, count: nodes.count)
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
    /// (only when `outputProvidesLogits`), the output is the output layer's logits.
    func run(_ inputValues: [Tensor], training: Bool, logitsOutput: Bool = false) -> [Tensor] {
        check(inputValues.count == inputPositions.count,
              "model: expected \(inputPositions.count) inputs, received \(inputValues.count)")
        check(!logitsOutput || outputProvidesLogits, "model: logits asked of an output layer that provides none")
        var values = [Tensor?](repeating: nil, count: nodes.count)
        for (position, value) in zip(inputPositions, inputValues) { values[position] = value }
        for (index, node) in nodes.enumerated() where values[index] == nil {
            let args = node.inputIndices.compactMap { values[$0] }
            check(args.count == node.inputIndices.count, "model: a layer's input was released before its last reader")
            let layer = node.output.layer
            if node.takesSeveralInputs {
                values[index] = layer.call(args, training: training)
            } else if logitsOutput && index == outputPositions[0] {
                guard let logits = layer.callLogits(args[0], training: training) else {
                    trap("\(layer.errorContext) says it provides logits but callLogits returned none")
                }
                values[index] = logits
            } else {
                values[index] = layer.call(args[0], training: training)
            }
            for released in releasedAfter[index] { values[released] = nil }
        }
        return outputPositions.map { position in
            guard let value = values[position] else { trap("model: output \(position) was not computed") }
            return value
        }
    }
}
