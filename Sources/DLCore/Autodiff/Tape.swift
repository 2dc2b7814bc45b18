/// A tensor's place on a gradient tape: which recording (generation) and which node.
@usableFromInline
internal struct TapeRef {
    @usableFromInline let generation: Int
    @usableFromInline let node: Int
}

/// The dynamic gradient tape (TF2 `GradientTape` style). While a recording is active, each
/// differentiable op whose inputs are on the tape records its pullback; inference records nothing.
internal final class Tape {
    /// One recorded operation: its inputs' nodes, its output shape and its pullback.
    struct Node {
        let inputs: [Int]
        let outputShape: [Int]
        /// Maps the output's gradient to one gradient per input (`nil` where none flows).
        let pullback: ((Tensor) -> [Tensor?])?
    }

    /// The recording in progress, if any.
    static var current: Tape?
    private static var nextGeneration = 0

    let generation: Int
    private(set) var nodes: [Node] = []
    /// Leaf nodes of the variables being differentiated, keyed by identity.
    private var leaves: [ObjectIdentifier: Int] = [:]
    private let watched: Set<ObjectIdentifier>

    init(watching variables: [Variable]) {
        Tape.nextGeneration += 1
        generation = Tape.nextGeneration
        watched = Set(variables.map { ObjectIdentifier($0) })
    }

    /// The node of `tensor` if it was recorded on this tape.
    func node(of tensor: Tensor) -> Int? {
        guard let ref = tensor.tapeRef, ref.generation == generation else { return nil }
        return ref.node
    }

    /// The leaf node for `variable`, made on first read; `nil` if the variable is not watched.
    func leaf(for variable: Variable, shape: [Int]) -> Int? {
        let id = ObjectIdentifier(variable)
        if let node = leaves[id] { return node }
        guard watched.contains(id) else { return nil }
        nodes.append(Node(inputs: [], outputShape: shape, pullback: nil))
        leaves[id] = nodes.count - 1
        return nodes.count - 1
    }

    func append(_ node: Node) -> Int {
        nodes.append(node)
        return nodes.count - 1
    }

    /// Runs the pullbacks in reverse from `output` (seeded with ones) and returns the gradient of
    /// each variable (zeros where no gradient reaches it).
    func gradients(of output: Tensor, wrt variables: [Variable]) -> [Tensor] {
        var grads = [Tensor?](repeating: nil, count: nodes.count)
        if let root = node(of: output) { grads[root] = Tensor.ones(output.shape) }
        for index in stride(from: nodes.count - 1, through: 0, by: -1) {
            guard let grad = grads[index], let pullback = nodes[index].pullback else { continue }
            grads[index] = nil   // release what is no longer needed as we go
            let inputGrads = pullback(grad)
            let node = nodes[index]
            check(inputGrads.count == node.inputs.count, "autodiff: pullback returned \(inputGrads.count) gradients for \(node.inputs.count) inputs")
            for (input, inputGrad) in zip(node.inputs, inputGrads) {
                guard var inputGrad = inputGrad else { continue }
                inputGrad = inputGrad.detached
                check(inputGrad.shape == nodes[input].outputShape,
                      "autodiff: gradient of shape \(inputGrad.shape) for a tensor of shape \(nodes[input].outputShape)")
                if var existing = grads[input] {
                    grads[input] = nil   // keeps `existing` uniquely referenced: the sum is written in place
                    existing.addInPlace(inputGrad)
                    grads[input] = existing
                } else {
                    grads[input] = inputGrad
                }
            }
        }
        return variables.map { variable in
            let value = variable.storedValue
            guard let leaf = leaves[ObjectIdentifier(variable)], let grad = grads[leaf] else {
                return Tensor.zeros(value.shape)
            }
            return grad
        }
    }
}

/// Records `output` as computed from `inputs` on the active tape, with `pullback` mapping the
/// output's gradient to one gradient per input (`nil` where none flows, e.g. integer labels).
///
/// This is how a custom differentiable op is written: compute the output with any tensor code,
/// then record its pullback. When no recording is active, or no input is on the tape, the output
/// is returned as it is and nothing is recorded.
@inlinable
public func recordOperation(
    inputs: [Tensor], output: Tensor, pullback: @escaping (Tensor) -> [Tensor?]
) -> Tensor {
    _recordOperation(inputs: inputs, output: output, pullback: pullback)
}

@usableFromInline
internal func _recordOperation(
    inputs: [Tensor], output: Tensor, pullback: @escaping (Tensor) -> [Tensor?]
) -> Tensor {
    guard let tape = Tape.current else { return output }
    var anyTracked = false
    var inputNodes = [Int]()
    inputNodes.reserveCapacity(inputs.count)
    for input in inputs {
        if let node = tape.node(of: input) {
            anyTracked = true
            inputNodes.append(node)
        } else {
            inputNodes.append(-1)
        }
    }
    guard anyTracked else { return output }
    // Inputs that are constants get a gradient-free placeholder so indices stay aligned.
    let tracked = inputNodes.enumerated().filter { $0.element >= 0 }
    let trackedPositions = tracked.map { $0.offset }
    let node = tape.append(Tape.Node(
        inputs: tracked.map { $0.element },
        outputShape: output.shape,
        pullback: { grad in
            let all = pullback(grad)
            return trackedPositions.map { all[$0] }
        }))
    var result = output
    result.tapeRef = TapeRef(generation: tape.generation, node: node)
    return result
}

/// Whether a gradient recording is active (`valueWithGradient` is running its body).
public var isRecordingGradients: Bool { Tape.current != nil }

extension Tensor {
    /// Whether this tensor is on the active recording, so that a gradient must flow back to it
    /// (ops use it to skip the backward work of constant inputs).
    public var isOnActiveTape: Bool { Tape.current?.node(of: self) != nil }
}
