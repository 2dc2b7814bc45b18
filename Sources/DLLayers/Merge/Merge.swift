/// The base of the element-wise merge layers (Keras's `Merge` in `base_merge.py`): `Add`,
/// `Subtract`, `Multiply`, `Average`, `Maximum` and `L1Distance`.
///
/// A merge layer is called on a list of inputs (`layer([a, b])` on symbolic tensors, or eagerly
/// on tensors). Their per-sample shapes must broadcast together as Keras's rule says: aligned from
/// the last dimension, each pair of sizes equal or one of them 1; an input of lower rank gets
/// size-1 axes inserted after the batch axis (Keras's `expand_dims(x, axis=1)`). The output has
/// the broadcast shape: `[batch] + broadcast(shapes)`. Inputs of one shape merge in one pass.
/// No weights.
///
/// A subclass implements `merge(_:)` and, when it takes a fixed number of inputs, `inputCounts`.
open class Merge: Layer {
    /// A merge layer named `name` (default: its Keras class name in snake case, made unique).
    public init(name: String? = nil) {
        super.init(name: name, inputShape: nil)
    }

    /// The numbers of inputs the layer accepts (default: two or more).
    open var inputCounts: ClosedRange<Int> { 2...Int.max }

    /// Merges `inputs` of equal rank (batch included) whose shapes broadcast together.
    open func merge(_ inputs: [Tensor]) -> Tensor {
        trap("\(errorContext) does not implement merge(_:)")
    }

    // MARK: - Shapes

    /// Checks the number of inputs and that their shapes broadcast together.
    override open func build(inputShapes: [[Int]]) throws {
        _ = try computeOutputShape(inputShapes)
    }

    /// A merge layer called on one tensor: always a `DLError`.
    override open func build(inputShape: [Int]) throws {
        _ = try computeOutputShape([inputShape])
    }

    /// A merge layer asked for the output of one tensor: always a `DLError`.
    override open func computeOutputShape(_ inputShape: [Int]) throws -> [Int] {
        try computeOutputShape([inputShape])
    }

    /// The broadcast per-sample shape of `inputShapes` (Keras's `_compute_elemwise_op_output_shape`, folded).
    /// - Throws: `DLError.invalidArgument` naming the layer for a wrong number of inputs, or two
    ///   shapes that do not broadcast together ("Inputs have incompatible shapes. Received shapes (4,) and (3,)").
    override open func computeOutputShape(_ inputShapes: [[Int]]) throws -> [Int] {
        try requireInputCount(inputShapes)
        var output = inputShapes[0]
        for shape in inputShapes.dropFirst() {
            guard let merged = Self.broadcastShape(output, shape) else {
                throw DLError.invalidArgument(context: errorContext, message: "Inputs have incompatible shapes. Received shapes "
                                              + "\(Self.pythonTuple(output)) and \(Self.pythonTuple(shape))")
            }
            output = merged
        }
        return output
    }

    /// Throws unless the layer accepts `inputShapes.count` inputs (Keras's messages).
    public func requireInputCount(_ inputShapes: [[Int]]) throws {
        guard inputCounts.contains(inputShapes.count) else {
            let shapes = inputShapes.map(Self.pythonTuple).joined(separator: ", ")
            let wanted = inputCounts.upperBound == inputCounts.lowerBound ? "exactly \(inputCounts.lowerBound)"
                                                                          : "at least \(inputCounts.lowerBound)"
            throw DLError.invalidArgument(context: errorContext, message: "A merge layer should be called on a list of "
                                          + "\(wanted) inputs. Received \(inputShapes.count) inputs: input_shape=[\(shapes)]")
        }
    }

    /// Keras's element-wise shape rule for per-sample shapes: aligned from the end, sizes equal or one of them 1.
    public static func broadcastShape(_ a: [Int], _ b: [Int]) -> [Int]? {
        let (long, short) = a.count >= b.count ? (a, b) : (b, a)
        var output = Array(long.prefix(long.count - short.count))
        for (i, j) in zip(long.suffix(short.count), short) {
            if i == j || j == 1 { output.append(i) } else if i == 1 { output.append(j) } else { return nil }
        }
        return output
    }

    /// A per-sample shape written as Keras writes a Python tuple: `(4,)`, `(2, 3)`.
    public static func pythonTuple(_ shape: [Int]) -> String {
        shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
    }

    // MARK: - Calling

    /// A merge layer called on one tensor: traps (a merge needs a list of inputs).
    override open func call(_ input: Tensor, training: Bool) -> Tensor {
        trap("\(errorContext): A merge layer should be called on a list of inputs. Received: one tensor of shape \(input.shape)")
    }

    /// Checks the inputs (a readable trap naming the layer and the shapes), brings them to one
    /// rank by inserting size-1 axes after the batch axis, and merges them.
    override open func call(_ inputs: [Tensor], training: Bool) -> Tensor {
        checkInputs(inputs)
        let rank = inputs.map(\.rank).max() ?? 0
        let aligned = inputs.map { x in
            x.rank == rank ? x : x.reshaped([x.shape[0]] + Array(repeating: 1, count: rank - x.rank) + x.shape.dropFirst())
        }
        return merge(aligned)
    }

    /// Traps, naming the layer and the shapes, unless `inputs` have one batch size and per-sample
    /// shapes the layer accepts (`computeOutputShape`).
    public func checkInputs(_ inputs: [Tensor]) {
        check(inputs.allSatisfy { $0.rank >= 1 && $0.shape[0] == inputs[0].shape[0] },
              "\(errorContext): Cannot merge tensors with different batch sizes. Received tensors with shapes \(inputs.map(\.shape))")
        do { _ = try computeOutputShape(inputs.map { Array($0.shape.dropFirst()) }) } catch { trap("\(error)") }
    }

    /// Whether all `inputs` have the same shape (the one-pass kernels apply).
    public static func sameShapes(_ inputs: [Tensor]) -> Bool {
        inputs.allSatisfy { $0.shape == inputs[0].shape }
    }
}
