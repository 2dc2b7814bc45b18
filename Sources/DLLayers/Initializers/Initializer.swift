import COpenBLAS

/// How a weight gets its first value (Keras initializers, same formulas and defaults).
///
/// Fans follow Keras's `compute_fans`: for a kernel `[..., in, out]`, fanIn = in × receptive
/// field and fanOut = out × receptive field.
public enum Initializer: Equatable {
    /// Uniform in ±√(6 / (fanIn + fanOut)) (the Dense and Conv kernel default).
    case glorotUniform
    /// Truncated normal, stddev √(2 / (fanIn + fanOut)) / 0.8796.
    case glorotNormal
    /// Truncated normal, stddev √(2 / fanIn) / 0.8796.
    case heNormal
    /// Uniform in ±√(6 / fanIn).
    case heUniform
    /// Truncated normal, stddev √(1 / fanIn) / 0.8796.
    case lecunNormal
    /// Uniform in ±√(3 / fanIn).
    case lecunUniform
    /// All zeros (the bias default).
    case zeros
    /// All ones.
    case ones
    /// Every scalar `value`.
    case constant(Float)
    /// Normal with Keras's defaults mean 0, stddev 0.05.
    case randomNormal(mean: Float = 0, stddev: Float = 0.05)
    /// Uniform with Keras's defaults −0.05 … 0.05.
    case randomUniform(min: Float = -0.05, max: Float = 0.05)
    /// A (semi-)orthogonal matrix from the QR decomposition of a normal one (gain 1).
    case orthogonal

    /// Keras's `compute_fans` for a weight of `shape`.
    public static func fans(_ shape: [Int]) -> (fanIn: Float, fanOut: Float) {
        switch shape.count {
        case 0: return (1, 1)
        case 1: return (Float(shape[0]), Float(shape[0]))
        case 2: return (Float(shape[0]), Float(shape[1]))
        default:
            let receptive = Float(shape.dropLast(2).reduce(1, *))
            return (Float(shape[shape.count - 2]) * receptive, Float(shape[shape.count - 1]) * receptive)
        }
    }

    /// A new tensor of `shape` drawn from this initializer (the global `Random` generator).
    public func make(_ shape: [Int]) -> Tensor {
        let (fanIn, fanOut) = Initializer.fans(shape)
        let truncation: Float = 0.87962566103423978   // stddev of a unit normal truncated at ±2
        switch self {
        case .glorotUniform:
            let limit = (6 / Swift.max(1, fanIn + fanOut)).squareRoot()
            return .randomUniform(shape, min: -limit, max: limit)
        case .glorotNormal:
            return .truncatedNormal(shape, stddev: (2 / Swift.max(1, fanIn + fanOut)).squareRoot() / truncation)
        case .heNormal:
            return .truncatedNormal(shape, stddev: (2 / Swift.max(1, fanIn)).squareRoot() / truncation)
        case .heUniform:
            let limit = (6 / Swift.max(1, fanIn)).squareRoot()
            return .randomUniform(shape, min: -limit, max: limit)
        case .lecunNormal:
            return .truncatedNormal(shape, stddev: (1 / Swift.max(1, fanIn)).squareRoot() / truncation)
        case .lecunUniform:
            let limit = (3 / Swift.max(1, fanIn)).squareRoot()
            return .randomUniform(shape, min: -limit, max: limit)
        case .zeros:
            return .zeros(shape)
        case .ones:
            return .ones(shape)
        case .constant(let value):
            return Tensor(repeating: value, shape: shape)
        case let .randomNormal(mean, stddev):
            return .randomNormal(shape, mean: mean, stddev: stddev)
        case let .randomUniform(min, max):
            return .randomUniform(shape, min: min, max: max)
        case .orthogonal:
            return Initializer.orthogonal(shape)
        }
    }

    /// Keras's orthogonal initializer: rows × cols = (product of all but the last dim) × last dim;
    /// Q of the QR decomposition of a normal matrix (modified Gram–Schmidt), signs fixed by R's diagonal.
    private static func orthogonal(_ shape: [Int]) -> Tensor {
        guard shape.count >= 2 else { return .randomNormal(shape) }
        let cols = shape[shape.count - 1], rows = shape.dropLast().reduce(1, *)
        // Work on the tall orientation (n × k, n ≥ k), transpose at the end if needed.
        let (n, k) = rows >= cols ? (rows, cols) : (cols, rows)
        var a = Tensor.randomNormal([k, n]).scalars   // k column vectors of length n, stored as rows
        // Modified Gram–Schmidt on OpenBLAS's level-1 kernels: an LSTM(128)'s [128, 512] recurrent
        // kernel took 7 ms in plain loops (half of its model's start-up), 1.5 ms here.
        let length = Int32(n)
        a.withUnsafeMutableBufferPointer { buffer in
            guard let a = buffer.baseAddress else { return }   // a zero dimension: nothing to orthogonalize
            for j in 0..<k {
                let column = a + j * n
                for p in 0..<j {
                    let dot = cblas_sdot(length, column, 1, a + p * n, 1)
                    cblas_saxpy(length, -dot, a + p * n, 1, column, 1)
                }
                let norm = cblas_snrm2(length, column, 1)
                cblas_sscal(length, 1 / Swift.max(norm, 1e-12), column, 1)
            }
        }
        // a holds Qᵀ (k × n); the weight is Q (n × k) when rows ≥ cols, else Qᵀ.
        let q = Tensor(shape: [k, n], scalars: a)
        let matrix = rows >= cols ? q.transposed() : q
        return matrix.reshaped(shape)
    }
}
