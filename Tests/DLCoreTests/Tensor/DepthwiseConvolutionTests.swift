import DLCore
import DLTestSupport
import XCTest

final class DepthwiseConvolutionTests: XCTestCase {
    /// Two channels, a 2×2 window of ones on channel 0 and of (1, 0; 0, −1) on channel 1, multiplier 1.
    func testWorkedExample() {
        // x[0, h, w, 0] = 1...9 row-major, x[0, h, w, 1] = 10 · that.
        let scalars = (1...9).flatMap { [Float($0), Float(10 * $0)] }
        let x = Tensor(shape: [1, 3, 3, 2], scalars: scalars)
        let kernel = Tensor(shape: [2, 2, 2, 1], scalars: [1, 1, 1, 0, 1, 0, 1, -1])
        let y = depthwiseConv2d(x, kernel: kernel, bias: Tensor([0.5, 0]))
        XCTAssertEqual(y.shape, [1, 2, 2, 2])
        // Channel 0: window sums + 0.5; channel 1: 10 · (top-left − bottom-right) = −40.
        XCTAssertEqual(y.scalars, [12.5, -40, 16.5, -40, 24.5, -40, 28.5, -40])
    }

    /// Multiplier 2: output channel c·2 + m uses kernel[:, :, c, m].
    func testDepthMultiplierOrdersChannelsAsKeras() {
        let x = Tensor(shape: [1, 1, 1, 2], scalars: [2, 3])
        let kernel = Tensor(shape: [1, 1, 2, 2], scalars: [1, 10, 100, 1000])
        XCTAssertEqual(depthwiseConv2d(x, kernel: kernel).scalars, [2, 20, 300, 3000])
    }

    func testOutputShapesFollowTensorFlow() {
        let x = Tensor.zeros([2, 7, 6, 3])
        XCTAssertEqual(depthwiseConv2d(x, kernel: Tensor.zeros([3, 2, 3, 2])).shape, [2, 5, 5, 6])
        XCTAssertEqual(depthwiseConv2d(x, kernel: Tensor.zeros([3, 3, 3, 1]), strides: (2, 2), padding: .same).shape, [2, 4, 3, 3])
    }

    func testGradientsMatchFiniteDifferences() {
        for (strides, padding, multiplier) in [((1, 1), Padding.valid, 1), ((2, 2), .same, 2), ((2, 1), .same, 1)] {
            let x = Variable(Tensor.randomNormal([2, 5, 6, 3], seed: 1), name: "x")
            let k = Variable(Tensor.randomNormal([3, 2, 3, multiplier], seed: 2), name: "kernel")
            let b = Variable(Tensor.randomNormal([3 * multiplier], seed: 3), name: "bias")
            let probe = depthwiseConv2d(x.value, kernel: k.value, strides: strides, padding: padding)
            let r = Tensor.randomNormal(probe.shape, seed: 4)
            GradientCheck.assertGradientsMatch(
                of: { depthwiseConv2d(x.value, kernel: k.value, bias: b.value, strides: strides, padding: padding) * r },
                wrt: [x, k, b], "strides \(strides) \(padding) M\(multiplier)")
        }
    }

    func testGradientOfKernelAloneWithoutBias() {
        let x = Tensor.randomNormal([1, 4, 4, 2], seed: 5)
        let k = Variable(Tensor.randomNormal([2, 2, 2, 1], seed: 6), name: "kernel")
        GradientCheck.assertGradientsMatch(of: { square(depthwiseConv2d(x, kernel: k.value)) }, wrt: [k])
    }
}
