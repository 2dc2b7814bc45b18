/// Parametric rectified linear unit (Keras `PReLU`): `x` for `x > 0`, `alpha · x` otherwise, with
/// a learned slope per input position (`alpha` has the input's shape without the batch) or, along
/// `sharedAxes`, one slope shared by the whole axis.
///
/// Shapes: `[batch, d₁, ..., dₖ] → [batch, d₁, ..., dₖ]`. Weight: `alpha` `[d₁, ..., dₖ]` with 1 on
/// the shared axes (Keras numbers axes from the batch: axis 1 is `d₁`); it starts at 0 (a ReLU).
/// A shared axis outside `1...k` is reported when the layer is built (a thrown `DLError`).
public final class PReLU: Layer {
    /// How `alpha` starts (Keras default: zeros).
    public let alphaInitializer: Initializer
    /// Penalty on `alpha`.
    public let alphaRegularizer: Regularizer?
    /// The axes (counted from the batch axis 0) along which one slope is shared, if any
    /// (`[1, 2]` for one slope per channel of an image).
    public let sharedAxes: [Int]?

    /// The slopes, once built.
    public private(set) var alpha: Variable?

    /// A PReLU layer.
    /// - Parameters:
    ///   - alphaInitializer: how the slopes start (default zeros).
    ///   - alphaRegularizer: a penalty on the slopes.
    ///   - sharedAxes: the axes (1 is the first after the batch) that share one slope.
    ///   - inputShape: the per-sample input shape, when this layer starts a `Sequential`.
    ///   - name: the layer's name (default: `p_re_lu`, `p_re_lu_1`, ...).
    public init(alphaInitializer: Initializer = .zeros, alphaRegularizer: Regularizer? = nil, sharedAxes: [Int]? = nil,
                inputShape: [Int]? = nil, name: String? = nil) {
        self.alphaInitializer = alphaInitializer
        self.alphaRegularizer = alphaRegularizer
        self.sharedAxes = sharedAxes
        super.init(name: name, inputShape: inputShape)
    }

    /// Keras's class name.
    override public class var kerasClassName: String { "PReLU" }

    /// Keras's `supports_masking`: a sequence mask passes through unchanged.
    override public var supportsMasking: Bool { true }

    /// Keras's configuration: the base keys, `alpha_initializer`, `alpha_regularizer`,
    /// `alpha_constraint` (always `null` here) and `shared_axes`.
    override public func getConfig() -> LayerConfig {
        config(with: ["alpha_initializer": alphaInitializer.kerasConfig, "alpha_regularizer": .regularizer(alphaRegularizer),
                      "alpha_constraint": nil, "shared_axes": sharedAxes.map { .ints($0) } ?? .null])
    }

    /// A PReLU layer from Keras's configuration (`shared_axes` a list, one integer or `null`;
    /// `alpha_constraint` must be `null`).
    /// - Throws: `DLError.invalidArgument` naming the layer and the key for an unknown or ill-typed key.
    override public class func fromConfig(_ config: LayerConfig) throws -> Layer {
        try readConfig(config) { reader, base in
            let initializer = try reader.initializer("alpha_initializer", default: .zeros)
            let regularizer = try reader.regularizer("alpha_regularizer")
            try reader.ignoreIfNull(["alpha_constraint"])
            var sharedAxes: [Int]?
            if let single = reader.members["shared_axes"]?.intValue {
                sharedAxes = [single]
                _ = reader.value("shared_axes")
            } else if let raw = reader.members["shared_axes"], !raw.isNull {
                sharedAxes = try reader.intList("shared_axes")
            } else {
                _ = reader.value("shared_axes")
            }
            return PReLU(alphaInitializer: initializer, alphaRegularizer: regularizer, sharedAxes: sharedAxes,
                         inputShape: base.inputShape, name: base.name)
        }
    }

    /// Creates `alpha`: the input's shape with 1 on the shared axes.
    override public func build(inputShape: [Int]) throws {
        _ = try computeOutputShape(inputShape)
        var shape = inputShape
        for axis in sharedAxes ?? [] { shape[axis - 1] = 1 }
        alpha = addWeight(name: "alpha", shape: shape, initializer: alphaInitializer, regularizer: alphaRegularizer)
    }

    /// The input shape, unchanged.
    /// - Throws: `DLError.invalidArgument` for a shared axis outside `1...rank` of the per-sample shape.
    override public func computeOutputShape(_ inputShape: [Int]) throws -> [Int] {
        for axis in sharedAxes ?? [] {
            try require(axis >= 1 && axis <= inputShape.count,
                        "sharedAxes must lie in 1...\(inputShape.count) for an input of shape \(inputShape) (axis 0 is the batch). "
                        + "Received: sharedAxes=\(sharedAxes ?? [])")
        }
        return inputShape
    }

    /// `prelu(input, alpha: alpha)`.
    override public func call(_ input: Tensor, training: Bool) -> Tensor {
        prelu(input, alpha: built(alpha, "alpha").value)
    }
}
