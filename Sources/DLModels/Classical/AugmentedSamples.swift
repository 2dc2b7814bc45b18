import DLCore

/// Training samples with a constant 1 appended to each row, the feature the intercept multiplies:
/// the data side of `LinearSVM`'s and `LogisticRegression`'s objectives, whose parameters are a
/// matrix W `[features + 1, outputs]` (the last row the intercepts) kept flat, row-major, in Double
/// for the solver (`NewtonCG`). The products go through BLAS in float32.
struct AugmentedSamples {
    /// `[samples, features + 1]`, the last column all ones.
    let x: Tensor
    /// The number of score columns (classes, or 1 for a binary SVM).
    let outputs: Int
    var samples: Int { x.shape[0] }
    /// features + 1.
    var columns: Int { x.shape[1] }
    /// How many parameters W holds.
    var parameterCount: Int { columns * outputs }

    /// `x` `[samples, features]` with a column of ones appended, for `outputs` score columns.
    init(_ x: Tensor, outputs: Int) {
        let (rows, features) = (x.shape[0], x.shape[1])
        self.outputs = outputs
        self.x = Tensor(shape: [rows, features + 1]) { out in
            x.withUnsafeBufferPointer { source in
                for row in 0..<rows {
                    let target = out.baseAddress! + row * (features + 1)
                    target.update(from: source.baseAddress! + row * features, count: features)
                    target[features] = 1
                }
            }
        }
    }

    /// W as a float32 tensor `[features + 1, outputs]`.
    func matrix(_ w: [Double]) -> Tensor {
        Tensor(shape: [columns, outputs], scalars: w.map { Float($0) })
    }

    /// The scores X̃·W, `[samples, outputs]`.
    func scores(_ w: [Double]) -> Tensor { matmul(x, matrix(w)) }

    /// X̃ᵀ·R for R `[samples, outputs]`, flat like W.
    func transposedTimes(_ r: Tensor) -> [Double] {
        matmul(x, transposeA: true, r, transposeB: false).scalars.map { Double($0) }
    }

    /// The coefficients `[outputs, features]` (scikit-learn's `coef_`) and the intercepts `[outputs]`
    /// of a flat W.
    func split(_ w: [Double]) -> (coefficients: Tensor, intercepts: Tensor) {
        let features = columns - 1
        var coefficients = [Float](repeating: 0, count: outputs * features)
        for j in 0..<features {
            for k in 0..<outputs { coefficients[k * features + j] = Float(w[j * outputs + k]) }
        }
        let intercepts = (0..<outputs).map { Float(w[features * outputs + $0]) }
        return (Tensor(shape: [outputs, features], scalars: coefficients), Tensor(intercepts))
    }
}

/// Each row's scores x·coefficientsᵀ + intercepts: `[samples, features]` → `[samples, outputs]`.
func linearScores(_ x: Tensor, coefficients: Tensor, intercepts: Tensor) -> Tensor {
    matmul(x, transposeA: false, coefficients, transposeB: true) + intercepts
}

/// The column of each row's largest score (the first on ties): `[samples, outputs]` → `[samples]` indices.
func rowArgmax(_ scores: Tensor) -> [Int] {
    let (rows, columns) = (scores.shape[0], scores.shape[1])
    return scores.withUnsafeBufferPointer { s in
        (0..<rows).map { row in
            var best = 0
            for column in 1..<Swift.max(columns, 1) where s[row * columns + column] > s[row * columns + best] {
                best = column
            }
            return best
        }
    }
}
