/// The dot product of two inputs along one axis of each (Keras `Dot`, `batch_dot`), optionally of
/// L2-normalized samples (the cosine similarity).
///
/// Shapes: `[batch] + s₁` and `[batch] + s₂` with `s₁[a₁] == s₂[a₂]` → `[batch] + s₁ without a₁ +
/// s₂ without a₂` (`[batch, 1]` when nothing is left): `axes: 1` on `[batch, n]` twice gives
/// `[batch, 1]`; on `[batch, a, b]` and `[batch, a, c]`, `[batch, b, c]`. Computed as a batched
/// matrix product (one BLAS call per sample) after at most one axis move per input; vectors take
/// one multiply-and-sum pass. No weights.
public final class Dot: Merge {
    /// The axis of each input to contract, counted as Keras counts them (the batch axis is 0,
    /// negative axes from the end).
    public let axes: (Int, Int)
    /// Whether `axes` was given as one integer (Keras writes it back as one).
    public let sharedAxis: Bool
    /// Whether samples are L2-normalized along the axes first (Keras's `normalize`).
    public let normalize: Bool

    /// A dot-product layer contracting axis `axes` of both inputs.
    /// - Parameters:
    ///   - axes: the axis of both inputs (not the batch axis 0).
    ///   - normalize: L2-normalize the samples along the axes first (the output is then the cosine similarity).
    ///   - name: the layer's name (default: `dot`, ...).
    public init(axes: Int, normalize: Bool = false, name: String? = nil) {
        self.axes = (axes, axes)
        self.sharedAxis = true
        self.normalize = normalize
        super.init(name: name)
    }

    /// A dot-product layer contracting axis `axes.0` of the first input with axis `axes.1` of the second.
    public init(axes: (Int, Int), normalize: Bool = false, name: String? = nil) {
        self.axes = axes
        self.sharedAxis = false
        self.normalize = normalize
        super.init(name: name)
    }

    /// Keras's class name.
    override public class var kerasClassName: String { "Dot" }

    /// Exactly two inputs.
    override public var inputCounts: ClosedRange<Int> { 2...2 }

    /// Keras's configuration: the base keys, `axes` (an integer or a pair) and `normalize`.
    override public func getConfig() -> LayerConfig {
        config(with: ["axes": sharedAxis ? .int(axes.0) : .ints([axes.0, axes.1]), "normalize": .bool(normalize)])
    }

    /// A dot-product layer from Keras's configuration (`axes`: an integer or two; `normalize`, default false).
    /// - Throws: `DLError.invalidArgument` naming the layer and the key for an unknown or ill-typed key.
    override public class func fromConfig(_ config: LayerConfig) throws -> Layer {
        try readConfig(config) { reader, base in
            let normalize = try reader.bool("normalize", default: false)
            if let raw = reader.members["axes"], raw.intValue != nil {
                return Dot(axes: try reader.int("axes"), normalize: normalize, name: base.name)
            }
            let pair = try reader.ints("axes", count: 2)
            return Dot(axes: (pair[0], pair[1]), normalize: normalize, name: base.name)
        }
    }

    /// The per-sample axes contracted for per-sample ranks `r₁`, `r₂` (Keras's axes less one).
    private func sampleAxes(_ r1: Int, _ r2: Int) throws -> (Int, Int) {
        let a1 = axes.0 < 0 ? axes.0 + r1 + 1 : axes.0, a2 = axes.1 < 0 ? axes.1 + r2 + 1 : axes.1
        try require(a1 >= 1 && a1 <= r1 && a2 >= 1 && a2 <= r2,
                    "Cannot perform batch_dot over axis 0 or an axis out of range for inputs of ranks \(r1 + 1) and \(r2 + 1). "
                    + "Received: axes=\(sharedAxis ? "\(axes.0)" : "(\(axes.0), \(axes.1))")")
        return (a1 - 1, a2 - 1)
    }

    /// The per-sample output shape (Keras's `compute_output_shape`).
    /// - Throws: `DLError.invalidArgument` naming the layer for a number of inputs other than two,
    ///   axes out of range or on the batch, or axes of different sizes (Keras's message).
    override public func computeOutputShape(_ inputShapes: [[Int]]) throws -> [Int] {
        try requireInputCount(inputShapes)
        var (s1, s2) = (inputShapes[0], inputShapes[1])
        let (a1, a2) = try sampleAxes(s1.count, s2.count)
        try require(s1[a1] == s2[a2], "Incompatible input shapes: axis values \(s1[a1]) (at axis \(a1 + 1)) != \(s2[a2]) "
                    + "(at axis \(a2 + 1)). Full input shapes: (None, \(s1.map(String.init).joined(separator: ", "))), "
                    + "(None, \(s2.map(String.init).joined(separator: ", ")))")
        s1.remove(at: a1)
        s2.remove(at: a2)
        let output = s1 + s2
        return output.isEmpty ? [1] : output
    }

    /// The batched dot product (normalized first when `normalize`).
    override public func call(_ inputs: [Tensor], training: Bool) -> Tensor {
        checkInputs(inputs)
        var (x, y) = (inputs[0], inputs[1])
        let outShape: [Int]
        let sampleAxes: (Int, Int)
        do {
            outShape = try computeOutputShape([Array(x.shape.dropFirst()), Array(y.shape.dropFirst())])
            sampleAxes = try self.sampleAxes(x.rank - 1, y.rank - 1)
        } catch { trap("\(error)") }
        let (a1, a2) = (sampleAxes.0 + 1, sampleAxes.1 + 1)   // axes of the batched tensors
        if normalize { (x, y) = (Dot.l2Normalized(x, axis: a1), Dot.l2Normalized(y, axis: a2)) }
        let batch = x.shape[0], k = x.shape[a1]
        let m = x.scalarCount / (batch * k), n = y.scalarCount / (batch * k)
        if m == 1 && n == 1 {
            return (x.reshaped([batch, k]) * y.reshaped([batch, k])).sum(axis: 1, keepDims: true).reshaped([batch] + outShape)
        }
        // x as [batch, m, k] (or its transpose [batch, k, m]), y as [batch, k, n] (or [batch, n, k]).
        let (left, transposeA) = Dot.matrix(x, axis: a1, contractedLast: true, batch: batch, k: k)
        let (right, transposeB) = Dot.matrix(y, axis: a2, contractedLast: false, batch: batch, k: k)
        return matmul(left, transposeA: transposeA, right, transposeB: transposeB).reshaped([batch] + outShape)
    }

    /// `x` as a batch of matrices with the contracted `axis` last (`contractedLast`, the left
    /// factor `[batch, rest, k]`) or first (the right factor `[batch, k, rest]`), and whether the
    /// product must transpose it: a reshape when the axis already sits at one end, else one axis move.
    private static func matrix(_ x: Tensor, axis: Int, contractedLast: Bool, batch: Int, k: Int) -> (Tensor, Bool) {
        let rest = x.scalarCount / (batch * k)
        let before = x.shape[1..<axis].reduce(1, *), after = x.shape[(axis + 1)...].reduce(1, *)
        if contractedLast {
            if after == 1 { return (x.reshaped([batch, rest, k]), false) }
            if before == 1 { return (x.reshaped([batch, k, rest]), true) }
            return (x.movingAxis(axis, to: -1).reshaped([batch, rest, k]), false)
        }
        if before == 1 { return (x.reshaped([batch, k, rest]), false) }
        if after == 1 { return (x.reshaped([batch, rest, k]), true) }
        return (x.movingAxis(axis, to: 1).reshaped([batch, k, rest]), false)
    }

    /// Keras's `normalize(x, axis)`: `x · min(1/√(Σ x²), 1/ε)` with ε = 1e-7, written `x / √max(Σ x², ε²)`.
    static func l2Normalized(_ x: Tensor, axis: Int) -> Tensor {
        let epsilon: Float = 1e-7
        return x / sqrt(clip(square(x).sum(axis: axis, keepDims: true), min: epsilon * epsilon, max: .greatestFiniteMagnitude))
    }
}
