import DLLayers
import DLTestSupport
import XCTest

final class InitializerTests: XCTestCase {
    private func statistics(_ t: Tensor) -> (mean: Float, variance: Float, maxAbs: Float) {
        let values = t.scalars.map(Double.init)
        let mean = values.reduce(0, +) / Double(values.count)
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)
        return (Float(mean), Float(variance), Float(values.map(Swift.abs).max() ?? 0))
    }

    func testGlorotUniformLimitAndVariance() {
        Random.seed(1)
        let w = Initializer.glorotUniform.make([784, 200])
        let limit = (6 / Float(784 + 200)).squareRoot()   // 0.0781
        let stats = statistics(w)
        XCTAssertLessThanOrEqual(stats.maxAbs, limit)
        XCTAssertGreaterThan(stats.maxAbs, 0.99 * limit)
        XCTAssertEqual(stats.mean, 0, accuracy: 0.001)
        XCTAssertEqual(stats.variance, 2 / Float(784 + 200), accuracy: 0.02 * 2 / Float(784 + 200))   // limit² / 3
    }

    func testHeNormalStddev() {
        Random.seed(2)
        let stats = statistics(Initializer.heNormal.make([784, 200]))
        XCTAssertEqual(stats.variance.squareRoot(), (2 / Float(784)).squareRoot(), accuracy: 0.02 * (2 / Float(784)).squareRoot())
        // Truncated at two (untruncated) standard deviations.
        XCTAssertLessThanOrEqual(stats.maxAbs, 2 * (2 / Float(784)).squareRoot() / 0.8796 + 1e-6)
    }

    func testConvolutionFansUseTheReceptiveField() {
        let (fanIn, fanOut) = Initializer.fans([5, 5, 1, 6])
        XCTAssertEqual(fanIn, 25)
        XCTAssertEqual(fanOut, 150)
        Random.seed(3)
        let limit = (6 / Float(25 + 150)).squareRoot()
        XCTAssertLessThanOrEqual(statistics(Initializer.glorotUniform.make([5, 5, 1, 6])).maxAbs, limit)
    }

    func testOrthogonalGivesOrthonormalColumns() {
        Random.seed(4)
        for shape in [[50, 20], [20, 50], [3, 3, 4, 8]] {
            let w = Initializer.orthogonal.make(shape)
            XCTAssertEqual(w.shape, shape)
            let cols = shape[shape.count - 1], rows = w.scalarCount / cols
            let matrix = w.reshaped([rows, cols])
            // The smaller Gram matrix is the identity: WᵀW for tall W, WWᵀ for wide W.
            let gram = rows >= cols ? matmul(matrix.transposed(), matrix) : matmul(matrix, matrix.transposed())
            assertTensorsClose(gram, Self.identity(Swift.min(rows, cols)), accuracy: 1e-4, "\(shape)")
        }
        // A zero dimension (an LSTM of 0 units): an empty weight, no crash.
        XCTAssertEqual(Initializer.orthogonal.make([0, 8]).shape, [0, 8])
        XCTAssertEqual(Initializer.orthogonal.make([8, 0]).shape, [8, 0])
    }

    /// Keras's rule beyond orthonormality: the weight is the Q of the drawn normal matrix A = QR,
    /// signs fixed so that R's diagonal is positive. The initializer draws A as k × n rows (k = the
    /// smaller side); redrawn with the same seed, R = Qᵀ·A must be upper triangular with a positive diagonal.
    func testOrthogonalIsTheQOfTheDrawnMatrixWithAPositiveDiagonal() {
        for (rows, cols) in [(512, 128), (128, 512), (37, 37)] {
            Random.seed(11)
            let w = Initializer.orthogonal.make([rows, cols])
            Random.seed(11)
            let (n, k) = (Swift.max(rows, cols), Swift.min(rows, cols))
            let drawn = Tensor.randomNormal([k, n])             // A's columns as rows
            let q = rows >= cols ? w.transposed() : w            // Qᵀ, k × n
            let r = matmul(q, drawn.transposed())                // Qᵀ·A, k × k
            for i in 0..<k {
                XCTAssertGreaterThan(r.scalars[i * k + i], 0, "\(rows)×\(cols): R[\(i), \(i)]")
                for j in 0..<i {
                    XCTAssertEqual(r.scalars[i * k + j], 0, accuracy: 1e-3, "\(rows)×\(cols): R[\(i), \(j)]")
                }
            }
            // Orthonormal too, at the LSTM's size.
            assertTensorsClose(matmul(q, q.transposed()), Self.identity(k), accuracy: 1e-4, "\(rows)×\(cols)")
        }
    }

    /// The n × n identity matrix.
    private static func identity(_ n: Int) -> Tensor {
        var scalars = [Float](repeating: 0, count: n * n)
        for i in 0..<n { scalars[i * n + i] = 1 }
        return Tensor(shape: [n, n], scalars: scalars)
    }

    func testConstantsAndDefaults() {
        XCTAssertEqual(Initializer.zeros.make([2, 3]), Tensor.zeros([2, 3]))
        XCTAssertEqual(Initializer.ones.make([4]), Tensor.ones([4]))
        XCTAssertEqual(Initializer.constant(0.5).make([2]).scalars, [0.5, 0.5])
        Random.seed(5)
        let stats = statistics(Initializer.randomNormal().make([100, 100]))
        XCTAssertEqual(stats.variance.squareRoot(), 0.05, accuracy: 0.002)
        XCTAssertLessThanOrEqual(statistics(Initializer.randomUniform().make([100, 100])).maxAbs, 0.05)
        XCTAssertEqual(Dense(3).kernelInitializer, .glorotUniform)
        XCTAssertEqual(Dense(3).biasInitializer, .zeros)
    }
}
