// The weights of a layer with a batch normalization folded in (`NormalizationFoldable`), kept
// between inference calls. They are current while the variables they were made from are the same
// objects at the same `version`: every write of a variable (assignment, `assign`, an optimizer's
// in-place update, loading weights) advances its version, so the next call sees a stale copy and
// makes it again.

/// A folded kernel and bias with the variables (and their versions) they were made from.
final class FoldedWeights {
    /// The folded kernel, held by a variable of its own so that the convolution keeps its
    /// Winograd transform between calls (`Variable.derivedScalars`).
    let kernel: Variable
    /// The folded bias `[filters]`.
    let bias: Tensor
    /// The variables read to make them, in a fixed order, and each one's `version` then.
    private let sources: [Variable]
    private let versions: [UInt64]

    /// Folded weights made from `sources` (at their current versions).
    init(kernel: Tensor, bias: Tensor, sources: [Variable]) {
        self.kernel = Variable(kernel, name: "folded_kernel", trainable: false)
        self.bias = bias
        self.sources = sources
        versions = sources.map(\.version)
    }

    /// Whether these weights were made from exactly `sources`, none written since.
    func isCurrent(for sources: [Variable]) -> Bool {
        guard sources.count == self.sources.count else { return false }
        for (index, source) in sources.enumerated() where source !== self.sources[index] || source.version != versions[index] {
            return false
        }
        return true
    }

    /// `kernel · scale` along the last (filters) axis and `(bias − mean) · scale + shift`: the
    /// weights of a layer computing `x ⊛ kernel + bias` followed by `(y − mean) · scale + shift`
    /// per filter. Shapes: kernel `[..., filters]`, bias (nil: zeros), scale, mean, shift `[filters]`.
    /// Nil when a folded value is not finite (a zero variance with a zero ε, an infinite γ).
    static func fold(kernel: Tensor, bias: Tensor?, scale: [Float], mean: [Float], shift: [Float]) -> (Tensor, Tensor)? {
        let filters = scale.count
        guard filters > 0, kernel.shape.last == filters, mean.count == filters, shift.count == filters,
              bias.map({ $0.shape == [filters] }) ?? true else { return nil }
        let biasValues = bias?.scalars ?? [Float](repeating: 0, count: filters)
        var foldedBias = [Float](repeating: 0, count: filters)
        for f in 0..<filters { foldedBias[f] = (biasValues[f] - mean[f]) * scale[f] + shift[f] }
        var foldedKernel = kernel.scalars
        foldedKernel.withUnsafeMutableBufferPointer { k in
            scale.withUnsafeBufferPointer { s in
                var index = 0
                while index < k.count {
                    for f in 0..<filters { k[index + f] *= s[f] }
                    index += filters
                }
            }
        }
        let finite = foldedBias.withUnsafeBufferPointer(ReductionKernels.allFinite)
            && foldedKernel.withUnsafeBufferPointer(ReductionKernels.allFinite)
        guard finite else { return nil }
        return (Tensor(shape: kernel.shape, scalars: foldedKernel), Tensor(shape: [filters], scalars: foldedBias))
    }
}
