/// Reshapes each sample (Keras `Reshape`): `[batch, ...inputShape] → [batch, ...targetShape]`.
///
/// One entry of `targetShape` may be -1: it is inferred from the sample's size. A target whose
/// size differs from the input's is reported when the layer is built (a thrown `DLError`).
public final class Reshape: Layer {
    /// The per-sample output shape as given (may hold one -1).
    public let targetShape: [Int]

    /// A layer reshaping each sample to `targetShape`.
    /// - Parameters:
    ///   - targetShape: the per-sample output shape (no batch dimension); at most one -1.
    ///   - inputShape: the per-sample input shape, when this layer starts a `Sequential`.
    ///   - name: the layer's name (default: `reshape`, `reshape_1`, ...).
    public init(_ targetShape: [Int], inputShape: [Int]? = nil, name: String? = nil) {
        self.targetShape = targetShape
        super.init(name: name, inputShape: inputShape)
    }

    /// Keras's class name.
    override public class var kerasClassName: String { "Reshape" }

    /// Keras's configuration: the base keys and `target_shape`.
    override public func getConfig() -> LayerConfig { config(with: ["target_shape": .ints(targetShape)]) }

    /// A reshape layer from Keras's configuration (`target_shape` a list of integers, one may be -1).
    /// - Throws: `DLError.invalidArgument` naming the layer and the key for an unknown or ill-typed key.
    override public class func fromConfig(_ config: LayerConfig) throws -> Layer {
        try readConfig(config) { reader, base in
            Reshape(try reader.intList("target_shape"), inputShape: base.inputShape, name: base.name)
        }
    }

    /// Checks the target shape against the input shape.
    override public func build(inputShape: [Int]) throws {
        _ = try computeOutputShape(inputShape)
    }

    /// `targetShape` with its -1 resolved.
    /// - Throws: `DLError.invalidArgument` for more than one -1 or another non-positive entry;
    ///   `DLError.shapeMismatch` when the sizes differ.
    override public func computeOutputShape(_ inputShape: [Int]) throws -> [Int] {
        let unknowns = targetShape.indices.filter { targetShape[$0] == -1 }
        try require(unknowns.count <= 1,
                    "targetShape may contain at most one -1. Received: targetShape=\(targetShape)")
        try require(targetShape.allSatisfy { $0 > 0 || $0 == -1 },
                    "targetShape entries must be positive or -1. Received: targetShape=\(targetShape)")
        let size = inputShape.reduce(1, *)
        let known = targetShape.filter { $0 != -1 }.reduce(1, *)
        var resolved = targetShape
        if let unknown = unknowns.first {
            guard size % known == 0 else { throw sizeMismatch(inputShape) }
            resolved[unknown] = size / known
        }
        guard resolved.reduce(1, *) == size else { throw sizeMismatch(inputShape) }
        return resolved
    }

    private func sizeMismatch(_ inputShape: [Int]) -> DLError {
        .shapeMismatch(context: "\(errorContext), target shape \(targetShape)",
                       expected: "a shape with as many scalars as \(targetShape)", received: inputShape)
    }

    /// Reshapes to `[batch] + targetShape`.
    override public func call(_ input: Tensor, training: Bool) -> Tensor {
        let sampleShape = (try? computeOutputShape(Array(input.shape.dropFirst()))) ?? targetShape
        return input.reshaped([input.shape.first ?? 1] + sampleShape)
    }
}
