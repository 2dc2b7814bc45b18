/// A layer that runs a Swift closure (Keras `Lambda`): `[batch, ...] → body(input)`. No weights.
///
/// The output shape is `outputShape` when given, else found as Keras finds it, by running the
/// closure once on a batch of one sample of zeros (per input shape, remembered).
///
/// ## Configuration: functions by registered name
/// A closure cannot be serialized, so a `Lambda` whose configuration must round-trip (saving a
/// model, `fromConfig`) runs a function registered by name: `Lambda.register(name: "double") { $0 * 2 }`
/// then `Lambda(registered: "double")`. Its configuration holds Keras's keys: `function` as Keras 3
/// writes a named (registered) Python function, `{"module": "builtins", "class_name": "function",
/// "config": "double", "registered_name": "function"}`, `arguments` (always `{}`) and
/// `output_shape` when given. A Keras model whose `Lambda` runs a function registered in Python
/// as `@register_keras_serializable(package="p", name="f")` reads back here once a Swift closure
/// is registered as `"p>f"`. Keras's serialized Python lambdas (`{"class_name": "__lambda__", ...}`
/// with bytecode) cannot run here and are refused, as is a name nobody registered.
public final class Lambda: Layer {
    /// The registered name of the function, or nil for a closure given directly.
    public let functionName: String?
    /// The per-sample output shape given at creation, if any.
    public let outputShape: [Int]?
    private var body: ((Tensor) -> Tensor)?
    private var inferredShapes: [[Int]: [Int]] = [:]

    nonisolated(unsafe) private static var registry: [String: (Tensor) -> Tensor] = [:]

    /// Registers `body` under `name` (replacing any function of that name), for `Lambda(registered:)`
    /// and for `fromConfig` of a configuration whose `function` names it.
    public static func register(name: String, _ body: @escaping (Tensor) -> Tensor) {
        registry[name] = body
    }

    /// The function registered under `name`, if any.
    public static func registeredFunction(named name: String) -> ((Tensor) -> Tensor)? { registry[name] }

    /// A layer running `body` (its configuration cannot be rebuilt: see `Lambda(registered:)`).
    /// - Parameters:
    ///   - name: the layer's name (default: `lambda`, ...).
    ///   - outputShape: the per-sample output shape, if known (otherwise found by running `body`).
    ///   - body: the computation, on a whole batch; it must be differentiable tensor code to train through.
    public init(name: String? = nil, outputShape: [Int]? = nil, _ body: @escaping (Tensor) -> Tensor) {
        self.functionName = nil
        self.outputShape = outputShape
        self.body = body
        super.init(name: name)
    }

    /// A layer running the function registered as `registered` (see `register(name:_:)`); an unknown
    /// name is reported as a `DLError` when the layer is built.
    public init(registered functionName: String, outputShape: [Int]? = nil, name: String? = nil) {
        self.functionName = functionName
        self.outputShape = outputShape
        self.body = Lambda.registry[functionName]
        super.init(name: name)
    }

    /// Keras's class name.
    override public class var kerasClassName: String { "Lambda" }

    /// Keras's configuration: the base keys, `function` (the registered name, as Keras writes a
    /// named function; `null` for an unregistered closure), `arguments` (`{}`) and `output_shape` when given.
    override public func getConfig() -> LayerConfig {
        var members: [String: LayerConfig] = ["arguments": [:]]
        members["function"] = functionName.map {
            ["module": "builtins", "class_name": "function", "config": .string($0), "registered_name": "function"]
        } ?? .null
        if let outputShape { members["output_shape"] = .ints(outputShape) }
        return config(with: members)
    }

    /// A `Lambda` from its configuration, running the function registered under the name that
    /// `function` holds (Keras's named-function object, or the name as a plain string).
    /// - Throws: `DLError.invalidArgument` naming the key for a function not registered (naming
    ///   it), a serialized Python lambda, non-empty `arguments`, a `mask`, or an unknown or ill-typed key.
    override public class func fromConfig(_ config: LayerConfig) throws -> Layer {
        try readConfig(config) { reader, base in
            guard let raw = reader.value("function"), !raw.isNull else {
                throw DLError.invalidArgument(context: "Lambda.fromConfig", message: "the key 'function' is missing or null: "
                                              + "a Lambda's closure must be registered by name to be rebuilt. Received: function=null")
            }
            guard let name = raw.stringValue ?? (raw["class_name"] == "function" ? raw["config"]?.stringValue : nil) else {
                throw reader.typeError("function", raw, expected: "the name of a function registered with Lambda.register(name:_:) "
                                       + "(a serialized Python lambda cannot run in Swift)")
            }
            guard registry[name] != nil else {
                throw reader.valueError("function", "no function is registered under the name '\(name)'; call "
                                        + "Lambda.register(name: \"\(name)\") { ... } first. Received: function=\"\(name)\"")
            }
            if let arguments = reader.value("arguments"), !(arguments.isNull || arguments.objectValue?.isEmpty == true) {
                throw reader.valueError("arguments", "extra arguments of a Lambda's function are not supported. Received: arguments=\(arguments.json)")
            }
            try reader.ignoreIfNull(["mask"])
            let shape = try reader.optionalShape("output_shape", withBatch: false)
            return Lambda(registered: name, outputShape: shape, name: base.name)
        }
    }

    /// Checks that the function exists and finds the output shape.
    override public func build(inputShape: [Int]) throws {
        _ = try computeOutputShape(inputShape)
    }

    /// `outputShape`, or the shape the function gives a batch of one sample of zeros, without the batch.
    /// - Throws: `DLError.invalidArgument` naming the layer when its registered function is unknown.
    override public func computeOutputShape(_ inputShape: [Int]) throws -> [Int] {
        guard let body else {
            throw DLError.invalidArgument(context: errorContext, message: "no function is registered under the name "
                                          + "'\(functionName ?? "")'. Received: function=\"\(functionName ?? "")\"")
        }
        if let outputShape { return outputShape }
        if let known = inferredShapes[inputShape] { return known }
        let probe = withoutGradients { body(Tensor.zeros([1] + inputShape)) }
        let shape = Array(probe.shape.dropFirst())
        inferredShapes[inputShape] = shape
        return shape
    }

    /// `body(input)`.
    override public func call(_ input: Tensor, training: Bool) -> Tensor {
        built(body, "the function '\(functionName ?? "")'")(input)
    }
}
