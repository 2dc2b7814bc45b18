import DLCore
import DLLayers
#if canImport(Glibc)
import Glibc
#endif

/// The values a weights file gives a model's variables, all read and checked before any is
/// assigned: a load that fails anywhere leaves the model exactly as it was.
package struct WeightLoadPlan {
    /// Each variable with the value it takes (the shapes already checked).
    package private(set) var assignments: [(variable: Variable, value: Tensor)] = []
    /// The layers left as they were (`skipMismatch`), each with the reason.
    package private(set) var skipped: [(layer: String, reason: String)] = []

    package init() {}

    /// Adds `values` for `variables` (as many, in order), or records `layer` as skipped when
    /// `skipMismatch` is set and a shape differs; otherwise a differing shape is `mismatch(index)`.
    mutating func add(_ values: [Tensor], to variables: [Variable], layer: Layer, skipMismatch: Bool,
                      mismatch: (Int) -> DLError) throws {
        for (index, (variable, value)) in zip(variables, values).enumerated() where variable.shape != value.shape {
            if skipMismatch {
                skipped.append((layer.name, "\(mismatch(index))"))
                return
            }
            throw mismatch(index)
        }
        assignments += zip(variables, values).map { ($0, $1) }
    }

    /// Records `layer` as left as it was (`skipMismatch` with a count that differs).
    mutating func skip(_ layer: Layer, because error: DLError) {
        skipped.append((layer.name, "\(error)"))
    }

    /// Assigns every value, then warns (as Keras does) about each layer left as it was.
    package func apply() {
        for (variable, value) in assignments { variable.assign(value) }
        for (layer, reason) in skipped {
            fputs("UserWarning: Skipping loading weights for layer '\(layer)' due to a mismatch: \(reason)\n", stderr)
        }
    }
}

extension Layer {
    /// This layer's own variables (not its sublayers'), as Keras 3 saves them: those created
    /// trainable first, then the others (`_trainable_variables + _non_trainable_variables`).
    var ownVariables: [Variable] {
        let inner = Set(sublayers.flatMap(\.weights).map(ObjectIdentifier.init))
        let own = weights.filter { !inner.contains(ObjectIdentifier($0)) }
        return own.filter(\.trainable) + own.filter { !$0.trainable }
    }

    /// The weights in Keras 2's legacy order (`_legacy_weights`): the trainable weights, then the
    /// others (a frozen layer's are all "others"; a nested model's come layer by layer in each list).
    var legacyWeights: [Variable] { trainableWeights + nonTrainableWeights }

    /// "layer 'dense' (Dense)".
    var fileErrorName: String { "layer '\(name)' (\(type(of: self).kerasClassName))" }
}
