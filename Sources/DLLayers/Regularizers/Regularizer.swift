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
        case .l1(let factor): return abs(w).sum() * factor
        case .l2(let factor): return square(w).sum() * factor
        case let .l1l2(l1, l2): return abs(w).sum() * l1 + square(w).sum() * l2
        }
    }
}
