/// The base class of every layer (Keras `Layer`).
///
/// A layer stores its configuration in `init`, creates its weights lazily in
/// `build(inputShape:)` through `addWeight(...)` the first time it sees an input, and computes
/// its output in `call(_:training:)`. Shapes given to `build` and `computeOutputShape` are
/// per-sample (without the batch dimension). A layer called several times shares its weights.
///
/// Subclass it for a custom layer: override `build(inputShape:)`, `computeOutputShape(_:)` and
/// `call(_:training:)` (multi-input layers override the `[Tensor]` / `[[Int]]` variants).
/// For its configuration (saving, `Sequential.fromConfig`), override `getConfig()` to return
/// `config(with: [its own keys])` and `fromConfig(_:)` to read them with `readConfig(_:_:)`:
///
///     override func getConfig() -> LayerConfig { config(with: ["units": .int(units)]) }
///     override class func fromConfig(_ config: LayerConfig) throws -> Layer {
///         try readConfig(config) { reader, base in MyLayer(units: try reader.int("units"), name: base.name) }
///     }
open class Layer {
    /// The layer's unique name (Keras's: `dense`, `dense_1`, ...).
    public var name: String
    /// Whether the optimizer may update this layer's weights. Setting it sets it on every
    /// sublayer too, as Keras's setter does: a frozen model freezes each inner layer (so a
    /// `BatchNormalization` inside runs in inference mode and keeps its moving statistics).
    public var trainable: Bool = true {
        didSet { for layer in sublayers { layer.trainable = trainable } }
    }
    /// The per-sample input shape given at creation (`inputShape:`), if any.
    public var inputShapeHint: [Int]?
    /// Whether `build(inputShape:)` has run.
    public var isBuilt: Bool { isBuiltFlag }
    /// The per-sample input shape(s) the layer was built for.
    public private(set) var builtInputShapes: [[Int]]?

    @usableFromInline internal var isBuiltFlag = false
    private var ownWeights: [Variable] = []
    private var weightRegularizers: [(Variable, Regularizer)] = []

    /// A layer named `name`, or a unique name derived from its Keras class name.
    public init(name: String? = nil, inputShape: [Int]? = nil) {
        self.name = name ?? LayerNames.unique(for: Self.kerasClassName)
        self.inputShapeHint = inputShape
    }

    /// Keras's class name for this layer (`Dense`, `Conv2D`, ...), used for names, summaries and files.
    open class var kerasClassName: String { String(describing: self) }

    /// "layer 'dense_1' (Dense)", for error messages.
    public var errorContext: String { "layer '\(name)' (\(Self.kerasClassName))" }

    // MARK: - To override

    /// Creates the weights for inputs of per-sample `inputShape`; throws `DLError` if the shape does not fit.
    open func build(inputShape: [Int]) throws {}

    /// Creates the weights for several inputs (merge layers); by default, builds for the first.
    open func build(inputShapes: [[Int]]) throws {
        guard inputShapes.count == 1 else {
            throw DLError.invalidArgument(context: errorContext, message: "expects one input, received \(inputShapes.count)")
        }
        try build(inputShape: inputShapes[0])
    }

    /// The per-sample output shape for a per-sample input shape (default: unchanged).
    open func computeOutputShape(_ inputShape: [Int]) throws -> [Int] { inputShape }

    /// The per-sample output shape for several inputs (merge layers); by default, the single-input rule.
    open func computeOutputShape(_ inputShapes: [[Int]]) throws -> [Int] {
        guard inputShapes.count == 1 else {
            throw DLError.invalidArgument(context: errorContext, message: "expects one input, received \(inputShapes.count)")
        }
        return try computeOutputShape(inputShapes[0])
    }

    /// The forward computation on a batch (`[batch, ...]`); `training` switches dropout and the like.
    open func call(_ input: Tensor, training: Bool) -> Tensor {
        trap("\(errorContext) does not implement call(_:training:)")
    }

    /// The forward computation on several inputs; by default, the single-input `call`.
    open func call(_ inputs: [Tensor], training: Bool) -> Tensor {
        check(inputs.count == 1, "\(errorContext) expects one input, received \(inputs.count)")
        return call(inputs[0], training: training)
    }

    /// Layers whose weights this layer owns too (models); their weights follow this layer's own.
    open var sublayers: [Layer] { [] }

    /// Whether this layer's output is the softmax of logits that `callLogits(_:training:)`
    /// returns (a `Dense` with a softmax activation). A model whose output layer says so trains a
    /// cross-entropy loss on those logits, one fused op, as Keras's TensorFlow backend does.
    /// False by default; a layer that overrides `callLogits` overrides this too.
    open var providesLogits: Bool { false }

    /// The logits whose softmax is this layer's output, `[batch, ...]` as `call` gives, when
    /// `providesLogits`; nil otherwise (the default).
    open func callLogits(_ input: Tensor, training: Bool) -> Tensor? { nil }

    // MARK: - Configuration (Layer+Config.swift)

    /// Keras's `get_config()`: the layer's settings under Keras's keys, as Keras 3 writes them in
    /// `config.json`. The base holds `name`, `trainable` and `dtype`; a subclass returns
    /// `config(with: [its own keys])`.
    open func getConfig() -> LayerConfig { config(with: [:]) }

    /// Keras's `from_config`: a new, unbuilt layer from `getConfig()`'s value (or Keras's JSON).
    /// A subclass implements it with `readConfig(_:_:)`.
    /// - Throws: `DLError.invalidArgument` naming the layer and the key for an unknown, missing or
    ///   ill-typed key; the base class throws, as a layer without its own `fromConfig` cannot be rebuilt.
    open class func fromConfig(_ config: LayerConfig) throws -> Layer {
        throw DLError.invalidArgument(context: "\(kerasClassName).fromConfig",
                                      message: "the layer class does not implement fromConfig(_:). Received: \(config.json)")
    }

    // MARK: - Weights

    /// Creates, registers and returns a weight (Keras `add_weight`); call it from `build`.
    @discardableResult
    public func addWeight(name: String, shape: [Int], initializer: Initializer,
                          regularizer: Regularizer? = nil, trainable: Bool = true) -> Variable {
        let variable = Variable(initializer.make(shape), name: name, trainable: trainable)
        ownWeights.append(variable)
        if let regularizer { weightRegularizers.append((variable, regularizer)) }
        return variable
    }

    /// All weights in Keras order: this layer's own (kernel, bias, ...), then its sublayers'.
    public var weights: [Variable] {
        var all = ownWeights
        var seen = Set(all.map(ObjectIdentifier.init))
        for layer in sublayers {
            for weight in layer.weights where seen.insert(ObjectIdentifier(weight)).inserted { all.append(weight) }
        }
        return all
    }

    /// The weights the optimizer updates (none when the layer is not trainable).
    public var trainableWeights: [Variable] {
        guard trainable else { return [] }
        var result = ownWeights.filter { $0.trainable }
        var seen = Set(result.map(ObjectIdentifier.init))
        for layer in sublayers {
            for weight in layer.trainableWeights where seen.insert(ObjectIdentifier(weight)).inserted { result.append(weight) }
        }
        return result
    }

    /// The weights the optimizer leaves alone.
    public var nonTrainableWeights: [Variable] {
        let trainableIDs = Set(trainableWeights.map(ObjectIdentifier.init))
        return weights.filter { !trainableIDs.contains(ObjectIdentifier($0)) }
    }

    /// The number of scalars in all weights.
    public func countParams() -> Int { weights.reduce(0) { $0 + $1.storedValue.scalarCount } }

    /// The sum of the regularization penalties of this layer's weights and its sublayers', or nil
    /// when there are none. Recorded on the tape: add it to the loss.
    public func regularizationLoss() -> Tensor? {
        var total: Tensor?
        for (variable, regularizer) in weightRegularizers {
            let penalty = regularizer.penalty(variable.value)
            total = total.map { $0 + penalty } ?? penalty
        }
        var seen = Set<ObjectIdentifier>()
        for layer in sublayers where seen.insert(ObjectIdentifier(layer)).inserted {
            if let penalty = layer.regularizationLoss() { total = total.map { $0 + penalty } ?? penalty }
        }
        return total
    }

    // MARK: - Building

    /// Builds the layer for `inputShapes` on first use; later calls check the shapes agree.
    public func buildIfNeeded(_ inputShapes: [[Int]]) throws {
        if let built = builtInputShapes {
            guard built == inputShapes else {
                throw DLError.shapeMismatch(context: "\(errorContext), built for input shape \(built.count == 1 ? "\(built[0])" : "\(built)")",
                                            expected: built.map { "\($0)" }.joined(separator: ", "),
                                            received: inputShapes.first ?? [])
            }
            return
        }
        if let hint = inputShapeHint, inputShapes.count == 1, hint != inputShapes[0] {
            throw DLError.shapeMismatch(context: "\(errorContext), declared inputShape", expected: "\(hint)", received: inputShapes[0])
        }
        if inputShapes.count == 1 { try build(inputShape: inputShapes[0]) } else { try build(inputShapes: inputShapes) }
        builtInputShapes = inputShapes
        isBuiltFlag = true
    }

    // MARK: - Calling

    /// Applies the layer to a batch eagerly, building it on first use.
    /// - Precondition: the per-sample input shape fits the layer (models check this and throws first).
    public func callAsFunction(_ input: Tensor, training: Bool = false) -> Tensor {
        if builtInputShapes == nil {
            do { try buildIfNeeded([Array(input.shape.dropFirst())]) } catch { trap("\(error)") }
        }
        if LayerTrace.isActive { return LayerTrace.recording(self) { call(input, training: training) } }
        return call(input, training: training)
    }

    /// Applies the layer to several batches eagerly (merge layers).
    public func callAsFunction(_ inputs: [Tensor], training: Bool = false) -> Tensor {
        if builtInputShapes == nil {
            do { try buildIfNeeded(inputs.map { Array($0.shape.dropFirst()) }) } catch { trap("\(error)") }
        }
        if LayerTrace.isActive { return LayerTrace.recording(self) { call(inputs, training: training) } }
        return call(inputs, training: training)
    }

    /// Records the layer in a model graph (functional API) and infers the output shape.
    /// A layer with several outputs gives a tensor carrying a `DLError` here: use `callOutputs(_:)`.
    public func callAsFunction(_ input: SymbolicTensor) -> SymbolicTensor { connect([input], multiInput: false)[0] }

    /// Records a multi-input layer (merge layers) in a model graph.
    public func callAsFunction(_ inputs: [SymbolicTensor]) -> SymbolicTensor { connect(inputs, multiInput: true)[0] }

    /// Records the layer in a model graph and returns every output of that call, in order: one
    /// tensor for most layers, one per output for a model with several outputs (nested models).
    /// One input is passed as a single tensor, several as a list (merge layers).
    public func callOutputs(_ inputs: [SymbolicTensor]) -> [SymbolicTensor] {
        connect(inputs, multiInput: inputs.count != 1, allOutputs: true)
    }

    /// Every output of the layer on one batch per input (eager): what a model graph runs for a
    /// call recorded by `callOutputs(_:)`. By default, the one output of `call`.
    open func callOutputs(_ inputs: [Tensor], training: Bool) -> [Tensor] {
        if inputs.count == 1 && (builtInputShapes?.count ?? 1) == 1 { return [call(inputs[0], training: training)] }
        return [call(inputs, training: training)]
    }

    /// Keras's `supports_masking` for a layer that keeps the steps of a sequence apart (Dense,
    /// Dropout, the activation layers, BatchNormalization, TimeDistributed): its output carries its
    /// first input's mask unchanged. False by default: the mask stops at the layer, as Keras drops it
    /// (with a warning) at a layer without masking support.
    open var supportsMasking: Bool { false }

    /// Whether the layer's `callOutputs(_:masks:training:)` reads the masks (Keras's `call(..., mask=)`:
    /// the recurrent layers, Bidirectional, BatchNormalization's training moments). A model graph
    /// calls that method only for such layers, the plain (fused) call for the others.
    open var readsMasks: Bool { false }

    /// Keras's `compute_mask`: the mask `[batch, steps]` (1 a real step, 0 padding) of this layer's
    /// first output, given its inputs and their masks (nil where none), or nil. A model graph carries
    /// each mask beside its tensor. By default the first input's mask with `supportsMasking`, else nil;
    /// `Embedding(maskZero:)` and `Masking` make one, the recurrent layers read it.
    open func computeMask(_ inputs: [Tensor], masks: [Tensor?]) -> Tensor? {
        supportsMasking ? masks.first ?? nil : nil
    }

    /// Every output of the layer on inputs that carry masks (nil where none): what a model graph
    /// runs when a mask reaches a layer that `readsMasks`. By default the masks are ignored
    /// (`callOutputs(_:training:)`).
    open func callOutputs(_ inputs: [Tensor], masks: [Tensor?], training: Bool) -> [Tensor] {
        callOutputs(inputs, training: training)
    }

    /// The per-sample shape of every output for these input shapes; by default, the one
    /// output's (`computeOutputShape`). A layer with several outputs overrides it.
    open func computeOutputShapes(_ inputShapes: [[Int]]) throws -> [[Int]] {
        inputShapes.count == 1 ? [try computeOutputShape(inputShapes[0])] : [try computeOutputShape(inputShapes)]
    }

    /// The input of the layer's first call in a graph still alive (Keras `layer.input`; the first
    /// input of a multi-input layer); nil before any symbolic call.
    public var input: SymbolicTensor? { firstCall?.inputs.first }

    /// The output of the layer's first call in a graph still alive (Keras `layer.output`; the
    /// first output of a layer with several), for feature extraction:
    /// `Model(inputs: m.inputs, outputs: m.layers[5].output!)`. (A `Sequential` rebuilds its graph
    /// as layers are added: its current graph's call is the one alive.)
    public var output: SymbolicTensor? { firstCall }

    /// The number of times the layer was called on symbolic tensors (Keras's inbound nodes): the
    /// next call's `nodeIndex`.
    public private(set) var symbolicCallCount = 0
    /// The first output of each symbolic call, weakly held (the graphs that hold them keep them alive).
    private var calls: [WeakSymbolicTensor] = []

    /// The first output of the first symbolic call still alive.
    var firstCall: SymbolicTensor? { calls.lazy.compactMap(\.tensor).first }

    /// Notes a symbolic call's first output (forgetting the calls no graph holds any more).
    func recordCall(_ output: SymbolicTensor) {
        calls.removeAll { $0.tensor == nil }
        calls.append(WeakSymbolicTensor(tensor: output))
    }

    private func connect(_ inputs: [SymbolicTensor], multiInput: Bool, allOutputs: Bool = false) -> [SymbolicTensor] {
        let node = symbolicCallCount
        symbolicCallCount += 1
        func failed(_ error: DLError) -> [SymbolicTensor] {
            [SymbolicTensor(shape: [], layer: self, inputs: inputs, error: error, nodeIndex: node)]
        }
        if let error = inputs.lazy.compactMap({ $0.error }).first { return failed(error) }
        let shapes = inputs.map { $0.shape }
        let outputShapes: [[Int]]
        do {
            try buildIfNeeded(shapes)
            if allOutputs {
                outputShapes = try computeOutputShapes(shapes)
            } else {
                outputShapes = [multiInput ? try computeOutputShape(shapes) : try computeOutputShape(shapes[0])]
                if let count = try? computeOutputShapes(shapes).count, count > 1 {
                    return failed(.invalidArgument(context: errorContext, message: "has \(count) outputs; call "
                        + "callOutputs(_:) to wire them all. Received: a call that keeps one output"))
                }
            }
        } catch let error as DLError {
            return failed(error)
        } catch {
            return failed(.invalidArgument(context: errorContext, message: "\(error)"))
        }
        let outputs = outputShapes.enumerated().map { index, shape in
            SymbolicTensor(shape: shape, layer: self, inputs: inputs, nodeIndex: node,
                           outputIndex: index, outputCount: outputShapes.count)
        }
        recordCall(outputs[0])
        return outputs
    }
}

/// A symbolic tensor held without keeping it alive.
struct WeakSymbolicTensor {
    weak var tensor: SymbolicTensor?
}

/// Keras-style unique layer names: `dense`, `dense_1`, `dense_2`, ...
public enum LayerNames {
    private static var counters: [String: Int] = [:]

    /// The next unique name for a layer of Keras class `className`.
    public static func unique(for className: String) -> String {
        let base = snakeCase(className)
        let count = counters[base, default: 0]
        counters[base] = count + 1
        return count == 0 ? base : "\(base)_\(count)"
    }

    /// Forgets the names given so far (Keras `clear_session`).
    public static func reset() { counters = [:] }

    /// Keras's `to_snake_case`: `MaxPooling2D` → `max_pooling2d`.
    public static func snakeCase(_ name: String) -> String {
        let chars = Array(name)
        var out = ""
        for (i, c) in chars.enumerated() {
            if c.isUppercase, i > 0 {
                let previous = chars[i - 1]
                let nextIsLower = i + 1 < chars.count && chars[i + 1].isLowercase
                if previous.isLowercase || nextIsLower {
                    out.append("_")
                }
            }
            out.append(contentsOf: c.lowercased())
        }
        return out
    }
}
