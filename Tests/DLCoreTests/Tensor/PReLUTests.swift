import DLCore
import DLTestSupport
import XCTest

final class PReLUOpTests: XCTestCase {
    func testWorkedExample() {
        let x = Tensor(shape: [2, 3], scalars: [-2, 0, 3, 4, -5, -1])
        let y = prelu(x, alpha: Tensor([0.5, 2, 0.1]))
        XCTAssertEqual(y.scalars, [-1, 0, 3, 4, -10, -0.1])
    }

    /// Shared axes: alpha `[1, 1, C]` gives one slope per channel of an image.
    func testSharedAxesBroadcastOverPositions() {
        let x = Tensor(shape: [1, 2, 2, 2], scalars: [-1, -1, 2, -2, -3, 3, 4, -4])
        let y = prelu(x, alpha: Tensor(shape: [1, 1, 2], scalars: [0.5, 0.25]))
        XCTAssertEqual(y.scalars, [-0.5, -0.25, 2, -0.5, -1.5, 3, 4, -1])
    }

    /// Keras's formula `relu(x) − alpha · relu(−x)`, on full and shared slopes.
    func testEqualsKerasFormula() {
        let x = Tensor.randomNormal([3, 4, 5, 2], seed: 1)
        for alphaShape in [[4, 5, 2], [1, 1, 2], [4, 1, 1], [1, 5, 2]] {
            let alpha = Tensor.randomNormal(alphaShape, seed: 2)
            assertTensorsClose(prelu(x, alpha: alpha), relu(x) - alpha.reshaped([1] + alphaShape) * relu(-x), accuracy: 1e-6)
        }
    }

    func testGradientsMatchFiniteDifferences() {
        for alphaShape in [[3, 4], [1, 4], [3, 1], [1, 1]] {
            let x = Variable(distinctInput([2, 3, 4], spacing: 0.1), name: "x")
            let alpha = Variable(Tensor.randomNormal(alphaShape, seed: 3), name: "alpha")
            let r = Tensor.randomNormal([2, 3, 4], seed: 4)
            GradientCheck.assertGradientsMatch(of: { prelu(x.value, alpha: alpha.value) * r }, wrt: [x, alpha],
                                               epsilon: 1e-3, "alpha \(alphaShape)")
        }
    }

    /// Large enough to be split over the workers; gradients against the composite formula's.
    func testLargeBatchGradientsMatchComposite() {
        let x = Variable(Tensor.randomNormal([64, 16, 16, 8], seed: 5), name: "x")
        let alpha = Variable(Tensor.randomNormal([1, 1, 8], seed: 6), name: "alpha")
        let r = Tensor.randomNormal([64, 16, 16, 8], seed: 7)
        let (_, fast) = valueWithGradient(wrt: [x, alpha]) { (prelu(x.value, alpha: alpha.value) * r).sum() }
        let (_, slow) = valueWithGradient(wrt: [x, alpha]) {
            ((relu(x.value) - alpha.value.reshaped([1, 1, 1, 8]) * relu(-x.value)) * r).sum()
        }
        assertTensorsClose(fast[0], slow[0], accuracy: 1e-5)
        assertTensorsClose(fast[1], slow[1], accuracy: 1e-2)
    }
}
