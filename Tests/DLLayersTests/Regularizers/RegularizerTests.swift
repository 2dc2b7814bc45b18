import DLLayers
import DLTestSupport
import XCTest

final class RegularizerTests: XCTestCase {
    private let w = Tensor([[1, -2], [3, -4]])   // Σ|w| = 10, Σw² = 30

    func testPenalties() {
        XCTAssertEqual(Regularizer.l2(0.01).penalty(w).scalar, 0.3, accuracy: 1e-6)
        XCTAssertEqual(Regularizer.l1(0.1).penalty(w).scalar, 1.0, accuracy: 1e-6)
        XCTAssertEqual(Regularizer.l1l2(l1: 0.01, l2: 0.001).penalty(w).scalar, 0.1 + 0.03, accuracy: 1e-6)
    }

    func testGradientOfL2IsTwiceFactorTimesWeight() {
        let variable = Variable(w, name: "kernel")
        let (_, gradients) = valueWithGradient(wrt: [variable]) { Regularizer.l2(0.01).penalty(variable.value) }
        assertTensorsClose(gradients[0], w * 0.02)
    }

    func testLayerSumsItsWeightsPenalties() {
        let conv = Conv2D(1, kernelSize: 1, kernelInitializer: .constant(2), biasInitializer: .constant(3),
                          kernelRegularizer: .l2(0.01), biasRegularizer: .l1l2(l1: 0.1, l2: 0.1))
        _ = conv(Tensor.zeros([1, 2, 2, 2]))
        // kernel [1, 1, 2, 1] of 2s: 0.01 · 8; bias [1] of 3: 0.1 · 3 + 0.1 · 9.
        XCTAssertEqual(conv.regularizationLoss()?.scalar ?? 0, 0.08 + 0.3 + 0.9, accuracy: 1e-5)
    }

    /// Nine million squares of 0.2: a single running `Float` sum would stall near 2^18 (its
    /// spacing there, 1/32, is close to each 0.04 term) and come out short.
    func testPenaltiesOfLargeKernelsAreExact() {
        let big = Tensor(repeating: 0.2, shape: [3000, 3000])
        XCTAssertEqual(Regularizer.l2(1e-3).penalty(big).scalar, 360, accuracy: 360 * 1e-4)
        XCTAssertEqual(Regularizer.l1(1e-3).penalty(big).scalar, 1800, accuracy: 1800 * 1e-4)
    }
}
