/// A linear stack of layers (Keras `Sequential`), built on the functional graph: each layer is
/// called on the previous one's output.
///
/// The graph is built as soon as the input shape is known: from the first layer's `inputShape:`
/// (or an `InputLayer`), otherwise from the first data given to `fit`, `predict` or `evaluate`.
public final class Sequential: Model {
    /// The layers in order, an `InputLayer` first when one was given (read by Sequential+Config.swift).
    private(set) var stack: [Layer] = []

    /// A stack of `layers`, in order.
    public init(_ layers: [Layer] = [], name: String? = nil) {
        super.init(name: name)
        for layer in layers { add(layer) }
    }

    /// Keras's class name.
    override public class var kerasClassName: String { "Sequential" }

    /// Keras's configuration: `name`, `trainable`, `dtype`, `layers` (each serialized as Keras 3
    /// writes it, the input layer first once the input shape is known) and `build_input_shape`.
    override public func getConfig() -> LayerConfig { sequentialConfig() }

    /// A sequential model of known layers from Keras's configuration (Keras 3's or Keras 2's).
    /// - Throws: `DLError.invalidArgument` naming the model or layer and the key for an unknown
    ///   layer class or an unknown, ill-typed or unsupported key.
    override public class func fromConfig(_ config: LayerConfig) throws -> Layer { try sequential(fromConfig: config) }

    /// The stacked layers (without the implicit input layer), as in Keras.
    override public var layers: [Layer] { stack.filter { !($0 is InputLayer) } }

    /// Appends `layer` on top of the stack.
    public func add(_ layer: Layer) {
        stack.append(layer)
        rebuildGraph(inputShape: declaredInputShape)
    }

    /// Removes the top layer and returns it, as Keras's `pop()` (`nil` when the stack is empty); the
    /// other layers keep their weights, so a pretrained model can take a new head (`add`).
    @discardableResult
    public func pop() -> Layer? {
        guard let removed = stack.popLast() else { return nil }
        rebuildGraph(inputShape: declaredInputShape ?? inputs.first?.shape)
        return removed
    }

    /// The input shape declared by the first layer (`inputShape:` or an `InputLayer`).
    private var declaredInputShape: [Int]? {
        guard let first = stack.first else { return nil }
        if let input = first as? InputLayer { return input.inputShape }
        return first.inputShapeHint
    }

    /// Builds the graph on first data when no input shape was declared.
    override public func prepareGraph(forInputShapes shapes: [[Int]]) throws {
        guard inputs.isEmpty, !stack.isEmpty, shapes.count == 1 else { return }
        rebuildGraph(inputShape: shapes[0])
    }

    /// Builds a deferred graph when the model is called eagerly or nested.
    override public func build(inputShapes: [[Int]]) throws {
        try prepareGraph(forInputShapes: inputShapes)
        try super.build(inputShapes: inputShapes)
    }

    private func rebuildGraph(inputShape: [Int]?) {
        guard let inputShape, !stack.isEmpty else {
            setGraph(inputs: [], outputs: [])
            return
        }
        let input: SymbolicTensor
        var rest = stack[...]
        if let inputLayer = stack.first as? InputLayer {
            input = inputLayer.makeOutput()
            rest = stack.dropFirst()
        } else {
            input = Input(shape: inputShape)
        }
        var output = input
        for layer in rest {
            if let extra = layer as? InputLayer {   // Keras raises here; `add` does not throw, so `fit` will
                output = SymbolicTensor(shape: [], layer: extra, inputs: [output], error: .invalidArgument(
                    context: "Sequential model '\(name)'", message: "only the first layer can be an InputLayer; the "
                        + "model is already configured to use input shape \(input.batchShapeDescription). Received: "
                        + "\(extra.errorContext) of shape \(extra.inputShape) as layer \(stack.firstIndex { $0 === extra } ?? 0)"))
            } else {
                output = layer(output)
            }
        }
        setGraph(inputs: [input], outputs: [output])
    }
}
