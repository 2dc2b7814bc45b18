/// A model: a graph of layers from input symbolic tensors to output ones (Keras functional
/// `Model`), trained with `compile` and `fit`. A model is itself a layer: it can be called on
/// tensors or symbolic tensors and nested in another model, sharing its weights.
open class Model: Layer {
    /// The graph's inputs.
    public private(set) var inputs: [SymbolicTensor]
    /// The graph's outputs.
    public private(set) var outputs: [SymbolicTensor]
    /// The graph's layers, each once, in Keras's order: by depth from the outputs, deepest (the
    /// inputs) first, then by first visit from the outputs (a chain: in call order); for a
    /// subclassed model, the layers its first call used, in the order it called them.
    public var layers: [Layer] { isSubclassed ? tracedLayers : graph.layers }
    /// The error met while building the graph, thrown by the first throwing call.
    public var graphError: DLError? { graph.error }

    /// The optimizer set by `compile` (a custom `trainStep` calls
    /// `optimizer!.apply(gradients:to:)`); nil before `compile`.
    public var optimizer: Optimizer? { plan?.optimizer }
    /// The loss set by `compile` (the first output's; nil when compiled without a loss).
    public var loss: Loss? { plan?.losses.first }
    /// The metrics set by `compile` for every output in order, resolved for each output's loss
    /// (`.accuracy` becomes the right kind).
    public var compiledMetrics: [Metric] { plan?.metrics.flatMap { $0 } ?? [] }
    /// Set to `true` (by a callback) to stop `fit` at the end of the current batch.
    public var stopTraining = false

    /// Whether the model is a subclassed one (built by tracing its `call`), not a graph.
    let isSubclassed: Bool
    /// A subclassed model's layers, found by tracing its first call.
    var tracedLayers: [Layer] = []
    /// A subclassed model's input and output shapes, known once traced.
    var subclassShapes: (inputs: [[Int]], outputs: [[Int]])?
    /// Set while a subclassed model is traced: the base `call` then reports that it was reached.
    var probingCall = false
    var callReachedBase = false

    var graph: ModelGraph {
        didSet { plan = plan?.adapted(to: self) }
    }
    /// What `compile` decided training runs; nil before `compile`.
    var plan: TrainingPlan?

    /// A model from one input to one output.
    public convenience init(inputs: SymbolicTensor, outputs: SymbolicTensor, name: String? = nil) {
        self.init(inputs: [inputs], outputs: [outputs], name: name)
    }

    /// A model from several inputs to one output (Keras `Model([a, b], c)`).
    public convenience init(inputs: [SymbolicTensor], outputs: SymbolicTensor, name: String? = nil) {
        self.init(inputs: inputs, outputs: [outputs], name: name)
    }

    /// A model from one input to several outputs (Keras `Model(a, [c, d])`).
    public convenience init(inputs: SymbolicTensor, outputs: [SymbolicTensor], name: String? = nil) {
        self.init(inputs: [inputs], outputs: outputs, name: name)
    }

    /// A model from several inputs to several outputs. A graph that cannot run (an output that
    /// needs an input not listed, an input no output depends on, a shape error) is reported as a
    /// `DLError` naming the tensor by the model's first throwing call (`graphError` has it now).
    public init(inputs: [SymbolicTensor], outputs: [SymbolicTensor], name: String? = nil) {
        self.inputs = inputs
        self.outputs = outputs
        self.graph = ModelGraph(inputs: inputs, outputs: outputs)
        self.isSubclassed = false
        super.init(name: name)
        if let shape = inputs.first?.shape, inputs.count == 1 { inputShapeHint = shape }
    }

    /// A subclassed model (Keras's subclassing API): a subclass holds its layers as properties
    /// and overrides `call(_ inputs: [Tensor], training:)`. It is built from the first data it
    /// is given (`fit`, `evaluate`, `predict`, or an eager call): that first call is traced, and
    /// the layers it calls through `callAsFunction` become the model's `layers` (and so its
    /// weights), unless the subclass overrides `sublayers`. `Sequential` uses it too.
    public init(name: String? = nil) {
        self.inputs = []
        self.outputs = []
        self.graph = ModelGraph(inputs: [], outputs: [])
        self.isSubclassed = !(Self.self is Sequential.Type)
        super.init(name: name)
    }

    /// Keras's class name.
    override open class var kerasClassName: String { "Functional" }

    /// Keras's configuration of a functional model: `name`, `trainable`, `layers` (each serialized
    /// with its `name` and `inbound_nodes`), `input_layers`, `output_layers` (Serialization/ModelConfig*.swift).
    override open func getConfig() -> LayerConfig { modelConfig() }

    /// A functional model (or a `Sequential`, for a configuration without `input_layers`) from
    /// Keras's configuration; see `fromConfig(_:customObjects:)`.
    /// - Throws: `DLError.invalidArgument` naming the layer or key that cannot be read.
    override open class func fromConfig(_ config: LayerConfig) throws -> Layer {
        try Model.fromConfig(config, customObjects: [:])
    }

    /// Replaces the graph (used by `Sequential` as layers are added).
    func setGraph(inputs: [SymbolicTensor], outputs: [SymbolicTensor]) {
        self.inputs = inputs
        self.outputs = outputs
        graph = ModelGraph(inputs: inputs, outputs: outputs)
    }

    /// The layer called `name`, if the model has one.
    public func layer(named name: String) -> Layer? { layers.first { $0.name == name } }

    /// The model's layers own its weights (in layer order, shared weights once).
    override open var sublayers: [Layer] { layers }

    /// The per-sample output shape (the first output's).
    override open func computeOutputShape(_ inputShape: [Int]) throws -> [Int] {
        try computeOutputShapes([inputShape])[0]
    }

    /// Multi-input output shape (the first output's).
    override open func computeOutputShape(_ inputShapes: [[Int]]) throws -> [Int] {
        try computeOutputShapes(inputShapes)[0]
    }

    /// The per-sample shape of every output.
    override open func computeOutputShapes(_ inputShapes: [[Int]]) throws -> [[Int]] {
        try checkGraph()
        return outputShapes
    }

    /// Checks the inputs against the graph's input shapes.
    override open func build(inputShape: [Int]) throws { try build(inputShapes: [inputShape]) }

    /// Checks the inputs against the graph's input shapes (a subclassed model is traced here on
    /// zeros of these shapes, when not yet built).
    override open func build(inputShapes: [[Int]]) throws {
        if isSubclassed { try traceSubclass(inputShapes: inputShapes) }
        try checkGraph()
        guard inputShapes == self.inputShapes else {
            throw DLError.shapeMismatch(context: "model '\(name)' input", expected: self.inputShapes.map { "\($0)" }.joined(separator: ", "),
                                        received: inputShapes.first ?? [])
        }
    }

    /// Runs the graph on one batch (first output).
    override open func call(_ input: Tensor, training: Bool) -> Tensor { call([input], training: training) }

    /// Runs the graph on one batch per input (first output). A subclassed model overrides it
    /// with its forward pass.
    override open func call(_ inputs: [Tensor], training: Bool) -> Tensor {
        if isSubclassed { return subclassCallMissing() }
        return graph.run(inputs, training: training)[0]
    }

    /// Runs the model on one batch per input and returns every output (a nested model with
    /// several outputs runs through it).
    override open func callOutputs(_ inputs: [Tensor], training: Bool) -> [Tensor] {
        forward(inputs, training: training)
    }

    /// Runs the graph on one batch per input and returns every output.
    public func callAllOutputs(_ inputs: [Tensor], training: Bool) -> [Tensor] {
        forward(inputs, training: training)
    }

    /// Builds a deferred graph (Sequential without an input shape) for inputs of these shapes.
    /// The default does nothing: a functional model's shapes are fixed by its inputs.
    open func prepareGraph(forInputShapes shapes: [[Int]]) throws {}

    /// One optimization step on one batch (Keras `train_step`): `x` holds a tensor per input,
    /// `y` a tensor per output, each `[batch, ...]`. Returns the step's logs (`"loss"`, the
    /// metrics), which `fit` shows and hands to the callbacks: running means over the epoch so
    /// far for the standard step. Override it for a model with a step of its own (VAE).
    /// - Throws: `DLError` when the model is not compiled or the batch does not fit it.
    open func trainStep(x: [Tensor], y: [Tensor]) throws -> [String: Float] {
        try standardTrainStep(x: x, y: y)
    }

    /// One evaluation step on one batch (Keras `test_step`): the loss and metrics, without
    /// training. Returns the logs so far, as `trainStep` does.
    /// - Throws: `DLError` when the model is not compiled or the batch does not fit it.
    open func testStep(x: [Tensor], y: [Tensor]) throws -> [String: Float] {
        try standardTestStep(x: x, y: y)
    }

    /// The running means a custom `trainStep`/`testStep` logs with (Keras's `metrics` property of
    /// a subclassed model): `fit` and `evaluate` reset them at the start of each epoch. None by
    /// default; override it to list the model's `MeanMetric`s.
    open var trackers: [MeanMetric] { [] }

    /// Throws the graph's building error, if any.
    public func checkGraph() throws {
        if let error = graph.error { throw error }
        if isSubclassed {
            guard subclassShapes != nil else {
                throw DLError.invalidArgument(context: "subclassed model '\(name)'", message: "is not built yet; "
                    + "give it data (fit, evaluate, predict or an eager call) first")
            }
            return
        }
        if inputs.isEmpty || outputs.isEmpty {
            throw DLError.invalidArgument(context: "model '\(name)'", message: "has no layers or no input shape yet; add layers with an inputShape, or call fit/predict on data first")
        }
    }
}
