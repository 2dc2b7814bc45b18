import DLCore

/// How `Bidirectional` joins the forward and backward outputs (Keras's `merge_mode` strings).
public enum BidirectionalMerge: String, Equatable, Sendable {
    /// Side by side on the last axis (Keras's default): `2·units`.
    case concat
    /// Element-wise sum.
    case sum
    /// Element-wise product.
    case mul
    /// Element-wise mean.
    case ave
}

/// Runs a recurrent layer over the sequence both ways and merges the two (Keras `Bidirectional`).
///
/// The wrapper makes two copies of `layer`'s configuration (fresh weights, as Keras does):
/// `forward_<name>` and `backward_<name>` (with `goBackwards`); the backward sequences are
/// turned back into input order before merging. Shapes: the wrapped layer's, with the last axis
/// doubled for `.concat`; with `returnState` the forward states, then the backward states,
/// follow the output. Weights: the forward layer's, then the backward layer's.
public final class Bidirectional: Layer, TrackedSublayers {
    /// The layer run first to last.
    public let forwardLayer: RecurrentLayer
    /// The layer run last to first.
    public let backwardLayer: RecurrentLayer
    /// How the two outputs merge.
    public let mergeMode: BidirectionalMerge
    /// Why the wrapper cannot work (reported at build), if so.
    private let setupError: DLError?

    /// Wraps `layer` (a `SimpleRNN`, `LSTM` or `GRU`); `backwardLayer` replaces the default backward copy.
    public init(_ layer: Layer, mergeMode: BidirectionalMerge = .concat, backwardLayer: Layer? = nil,
                inputShape: [Int]? = nil, name: String? = nil) {
        func copy(_ source: Layer, prefix: String, goBackwards: Bool?) -> Result<RecurrentLayer, DLError> {
            guard let recurrent = source as? RecurrentLayer, case .object(var config) = recurrent.getConfig() else {
                return .failure(.invalidArgument(context: "Bidirectional", message: "wraps a recurrent layer (SimpleRNN, LSTM, "
                    + "GRU). Received: \(type(of: source).kerasClassName) '\(source.name)'"))
            }
            let base = source.name.hasPrefix(prefix) ? String(source.name.dropFirst(prefix.count)) : source.name
            config["name"] = .string(prefix + base)
            if let goBackwards { config["go_backwards"] = .bool(goBackwards) }
            config["zero_output_for_mask"] = .bool(recurrent.returnSequences)
            do {
                guard let made = try type(of: recurrent).fromConfig(.object(config)) as? RecurrentLayer else {
                    return .failure(.invalidArgument(context: "Bidirectional", message: "cannot copy '\(source.name)'"))
                }
                // Built like its source (Keras's copy goes through a serialization with build_config).
                if let shapes = recurrent.builtInputShapes { try made.buildIfNeeded(shapes) }
                return .success(made)
            } catch let error as DLError { return .failure(error) } catch {
                return .failure(.invalidArgument(context: "Bidirectional", message: "\(error)"))
            }
        }
        let forward = copy(layer, prefix: "forward_", goBackwards: nil)
        let backward = backwardLayer.map { copy($0, prefix: "", goBackwards: nil) } ?? copy(layer, prefix: "backward_", goBackwards: true)
        var error: DLError?
        switch (forward, backward) {
        case let (.success(f), .success(b)):
            (self.forwardLayer, self.backwardLayer) = (f, b)
            if f.goBackwards == b.goBackwards || f.returnSequences != b.returnSequences || f.returnState != b.returnState {
                error = .invalidArgument(context: "Bidirectional", message: "the forward and backward layers must differ in "
                    + "go_backwards and agree on return_sequences and return_state. Received: forward go_backwards="
                    + "\(f.goBackwards), backward go_backwards=\(b.goBackwards)")
            }
        case let (.failure(e), _), let (_, .failure(e)):
            (self.forwardLayer, self.backwardLayer, error) = (LSTM(1, name: "forward_invalid"), LSTM(1, goBackwards: true, name: "backward_invalid"), e)
        }
        self.mergeMode = mergeMode
        self.setupError = error
        super.init(name: name, inputShape: inputShape)
    }

    /// Keras's class name.
    override public class var kerasClassName: String { "Bidirectional" }

    /// Whether the output holds every step (the wrapped layer's `returnSequences`).
    public var returnSequences: Bool { forwardLayer.returnSequences }
    /// Whether the final states follow the output (the wrapped layer's `returnState`).
    public var returnState: Bool { forwardLayer.returnState }

    /// The forward and backward layers, whose weights this one owns.
    override public var sublayers: [Layer] { [forwardLayer, backwardLayer] }
    /// Keras 3 saves them under `forward_layer` and `backward_layer`.
    public var trackedSublayers: [(key: String, layer: Layer)] { [("forward_layer", forwardLayer), ("backward_layer", backwardLayer)] }

    /// Keras's configuration: `merge_mode` and both layers serialized.
    override public func getConfig() -> LayerConfig {
        config(with: ["merge_mode": .string(mergeMode.rawValue), "layer": LayerRegistry.serialize(forwardLayer),
                      "backward_layer": LayerRegistry.serialize(backwardLayer)])
    }

    /// A wrapper from Keras's configuration (its layers built as their `build_config` says).
    /// - Throws: `DLError.invalidArgument` naming the key for an unknown key or layer class, or `merge_mode: null`.
    override public class func fromConfig(_ config: LayerConfig) throws -> Layer {
        try readConfig(config) { reader, base in
            let modeName = try reader.string("merge_mode", default: "concat")
            guard let mode = BidirectionalMerge(rawValue: modeName) else {
                throw reader.valueError("merge_mode", "must be one of concat, sum, mul, ave. Received: merge_mode=\(modeName)")
            }
            let forward = try WrappedLayer.read(&reader, "layer")
            let backward = try reader.value("backward_layer").map { try WrappedLayer.deserialize($0, key: "backward_layer") }
            return Bidirectional(forward, mergeMode: mode, backwardLayer: backward, inputShape: base.inputShape, name: base.name)
        }
    }

    /// Builds both layers for `[steps, features]`.
    /// - Throws: the setup's error (a layer that is not recurrent, mismatched layers); the layers' own errors.
    override public func build(inputShape: [Int]) throws {
        if let setupError { throw setupError }
        try forwardLayer.buildIfNeeded([inputShape])
        try backwardLayer.buildIfNeeded([inputShape])
    }

    /// The forward layer's output shape, the last axis doubled for `.concat`.
    override public func computeOutputShape(_ inputShape: [Int]) throws -> [Int] { try computeOutputShapes([inputShape])[0] }

    /// The merged output's shape, then the forward and the backward states' shapes.
    override public func computeOutputShapes(_ inputShapes: [[Int]]) throws -> [[Int]] {
        if let setupError { throw setupError }
        let forward = try forwardLayer.computeOutputShapes(inputShapes)
        let backward = try backwardLayer.computeOutputShapes(inputShapes)
        var output = forward[0]
        if mergeMode == .concat { output[output.count - 1] += backward[0][backward[0].count - 1] }
        return [output] + forward.dropFirst() + backward.dropFirst()
    }

    /// The merged output.
    override public func call(_ input: Tensor, training: Bool) -> Tensor { callOutputs([input], training: training)[0] }

    /// The merged output, then (with `returnState`) the forward and backward states.
    override public func callOutputs(_ inputs: [Tensor], training: Bool) -> [Tensor] {
        callOutputs(inputs, masks: [nil], training: training)
    }

    /// The input's mask with `returnSequences`, else none.
    override public func computeMask(_ inputs: [Tensor], masks: [Tensor?]) -> Tensor? {
        returnSequences ? masks.first ?? nil : nil
    }

    /// The recurrence reads the input's mask (a padded step keeps the states).
    override public var readsMasks: Bool { true }

    /// The merged output and states, both layers skipping the steps the mask marks as padding.
    override public func callOutputs(_ inputs: [Tensor], masks: [Tensor?], training: Bool) -> [Tensor] {
        let forward = forwardLayer.callOutputs(inputs, masks: masks, training: training)
        let backward = backwardLayer.callOutputs(inputs, masks: masks, training: training)
        let (f, b) = (forward[0], returnSequences ? backward[0].reversed(axis: 1) : backward[0])
        let merged: Tensor
        switch mergeMode {
        case .concat: merged = concatenate([f, b], axis: -1)
        case .sum: merged = f + b
        case .mul: merged = f * b
        case .ave: merged = (f + b) * 0.5
        }
        return [merged] + forward.dropFirst() + backward.dropFirst()
    }
}
