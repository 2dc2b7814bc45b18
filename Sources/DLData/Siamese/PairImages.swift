import DLCore

/// The images a `SiamesePairs` indexes: `Float` samples, or bytes converted one batch at a time.
enum PairImages {
    /// `Float` samples `[samples, ...]`, gathered as they are.
    case floats(Tensor)
    /// Byte samples `[samples, ...]`, gathered as `Float(byte) * scale` (`ByteTensor.gathering`).
    case bytes(ByteTensor, scale: Float)

    /// The samples' shape, `[samples, ...]`.
    var shape: [Int] {
        switch self {
        case .floats(let x): return x.shape
        case .bytes(let images, _): return images.shape
        }
    }

    /// The samples at `rows`, in that order, as `Float`: `[rows.count] + shape[1...]`.
    /// - Precondition: every row lies within `0..<shape[0]`.
    func gathering(rows: [Int]) -> Tensor {
        switch self {
        case .floats(let x): return x.gathering(rows: rows)
        case .bytes(let images, let scale): return images.gathering(rows: rows, scale: scale)
        }
    }

    /// Every sample as `Float` (for bytes, a converted copy of the whole set).
    var tensor: Tensor {
        switch self {
        case .floats(let x): return x
        case .bytes(let images, let scale): return images.tensor(scale: scale)
        }
    }
}
