/// A weight penalty added to the loss during training (Keras regularizers, same formulas).
public enum Regularizer: Equatable {
    /// `factor · Σ|w|`.
    case l1(Float)
    /// `factor · Σw²` (no ½, as in Keras).
    case l2(Float)
    /// `l1 · Σ|w| + l2 · Σw²`.
    case l1l2(l1: Float, l2: Float)

    /// The penalty for weight `w` (rank 0, recorded on the tape).
    public func penalty(_ w: Tensor) -> Tensor {
        switch self {
        case .l1(let factor): return Self.total(abs(w)) * factor
        case .l2(let factor): return Self.total(square(w)) * factor
        case let .l1l2(l1, l2): return Self.total(abs(w)) * l1 + Self.total(square(w)) * l2
        }
    }

    /// The sum of all of `t`'s values, over the first axis first: one running `Float` sum of
    /// millions of small terms stalls once they fall under half its spacing (the 37.7 million
    /// squares of a Koch Dense(4096) kernel came out 10% short); sums of rows of it do not.
    private static func total(_ t: Tensor) -> Tensor {
        t.rank >= 2 ? t.sum(axis: 0).sum() : t.sum()
    }
}
