// Keras's subclassed models: a `Model` subclass holds its layers as properties and overrides
// `call(_ inputs: [Tensor], training:)`. It has no graph: it is built from the first data it
// sees by running that call once on zeros of the data's shapes (`traceSubclass`), which builds
// every layer the call uses and records them (`LayerTrace`): they become the model's `layers`,
// and so its weights, in the order the call first used them.

extension Model {
    /// The forward pass on one batch per input, every output: the graph's, or a subclassed
    /// model's `call`. `logitsOutputs[i]` asks output `i`'s logits (graphs only).
    func forward(_ x: [Tensor], training: Bool, logitsOutputs: [Bool] = []) -> [Tensor] {
        if isSubclassed { return [call(x, training: training)] }
        return graph.run(x, training: training, logitsOutputs: logitsOutputs)
    }

    /// The per-sample shape of every input (the graph's, or those a subclassed model was built for).
    var inputShapes: [[Int]] { isSubclassed ? subclassShapes?.inputs ?? [] : inputs.map(\.shape) }

    /// The per-sample shape of every output.
    var outputShapes: [[Int]] { isSubclassed ? subclassShapes?.outputs ?? [] : outputs.map(\.shape) }

    /// Input `index`'s name in messages.
    func inputName(_ index: Int) -> String { isSubclassed ? "input_\(index)" : inputs[index].layer.name }

    /// Keras's output names: each output layer's name (`output_0`, ... for a subclassed model).
    var outputNames: [String] {
        isSubclassed ? outputShapes.indices.map { "output_\($0)" } : outputs.map(\.layer.name)
    }

    /// Output `index`'s shape with the batch dimension, as Keras shows it (`(None, 10)`).
    func outputShapeDescription(_ index: Int) -> String {
        "(" + (["None"] + outputShapes[index].map(String.init)).joined(separator: ", ") + ")"
    }

    /// Builds a subclassed model on its first data: runs its `call` once, without gradients and
    /// in inference mode, on zeros of one sample per input, recording the layers it calls.
    /// Later calls check that the shapes agree.
    /// - Throws: `DLError` when the model was built for other shapes.
    func traceSubclass(inputShapes shapes: [[Int]]) throws {
        if let built = subclassShapes {
            guard built.inputs == shapes else {
                throw DLError.shapeMismatch(context: "subclassed model '\(name)', built for input shapes \(built.inputs)",
                                            expected: built.inputs.map { "\($0)" }.joined(separator: ", "),
                                            received: shapes.first ?? [])
            }
            return
        }
        if let bad = shapes.first(where: { !$0.allSatisfy { $0 > 0 } }) {
            throw DLError.shapeMismatch(context: "subclassed model '\(name)' input", expected: "positive dimensions", received: bad)
        }
        probingCall = true
        callReachedBase = false
        defer { probingCall = false }
        let samples = shapes.map { Tensor.zeros([1] + $0) }
        let (output, layers) = withoutGradients { LayerTrace.tracing { call(samples, training: false) } }
        tracedLayers = layers
        if !trainable { for layer in sublayers { layer.trainable = false } }   // frozen before its layers were found
        subclassShapes = (shapes, callReachedBase ? [] : [Array(output.shape.dropFirst())])
        plan = plan?.adapted(to: self)
    }

    /// What the base `call` of a subclassed model does: while tracing, notes that the subclass has
    /// no forward pass of its own (a model with only a custom `trainStep`); otherwise it stops,
    /// as the model cannot compute anything.
    func subclassCallMissing() -> Tensor {
        guard probingCall else {
            trap("subclassed model '\(name)' (\(type(of: self))) does not override call(_ inputs: [Tensor], training:)")
        }
        callReachedBase = true
        return Tensor.zeros([1])
    }
}
