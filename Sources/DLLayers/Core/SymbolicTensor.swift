/// A placeholder for a tensor in a model graph (functional API): its per-sample shape, the layer
/// that produces it and that layer's inputs. Calling a layer on symbolic tensors records the graph
/// and infers the shape at once.
///
/// A shape error found while building the graph does not trap: the resulting tensor carries the
/// `DLError` (naming the layer and the shapes), every tensor computed from it carries it on, and
/// the model built from it throws it from its first throwing call (`fit`, `predict`, ...).
public final class SymbolicTensor {
    /// The shape of one sample (without the batch dimension).
    public let shape: [Int]
    /// The layer that computes this tensor (an `InputLayer` for model inputs).
    public let layer: Layer
    /// The tensors `layer` was called on (empty for model inputs).
    public let inputs: [SymbolicTensor]
    /// The error met while building the graph up to here, if any.
    public let error: DLError?
    /// Which call of `layer` made this tensor (Keras's node index: 0 for the first call).
    public let nodeIndex: Int
    /// Which output of that call this is (Keras's tensor index: 0 unless the layer has several).
    public let outputIndex: Int
    /// How many outputs that call gave (1 for most layers).
    public let outputCount: Int

    /// Records `layer` applied to `inputs` (its call number `nodeIndex`), producing a tensor of
    /// per-sample `shape`: output `outputIndex` of the `outputCount` that call gives.
    public init(shape: [Int], layer: Layer, inputs: [SymbolicTensor], error: DLError? = nil,
                nodeIndex: Int = 0, outputIndex: Int = 0, outputCount: Int = 1) {
        self.shape = shape
        self.layer = layer
        self.inputs = inputs
        self.error = error
        self.nodeIndex = nodeIndex
        self.outputIndex = outputIndex
        self.outputCount = outputCount
    }

    /// The shape with the batch dimension shown as Keras does (`(None, 28, 28, 1)`).
    public var batchShapeDescription: String {
        "(" + (["None"] + shape.map(String.init)).joined(separator: ", ") + ")"
    }
}

extension SymbolicTensor: Hashable {
    /// Identity equality: two symbolic tensors are the same node of the graph.
    public static func == (lhs: SymbolicTensor, rhs: SymbolicTensor) -> Bool { lhs === rhs }
    /// Hashes the identity.
    public func hash(into hasher: inout Hasher) { hasher.combine(ObjectIdentifier(self)) }
}
