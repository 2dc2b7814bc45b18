import DLCore
import DLTestSupport
import XCTest

/// The two batch normalization ops: worked values, both against central differences for every
/// input (the training op's input gradient is the test of the fused backward), and the inference
/// op against the reference formula.
final class BatchNormalizationTests: XCTestCase {
    func testTrainingOpOnAWorkedExample() {
        // Channel 0: 1, 3 (mean 2, variance 1); channel 1: 2, 2 (mean 2, variance 0).
        let x = Tensor([[1, 2], [3, 2]])
        let (y, mean, variance) = batchNormalization(x, gamma: Tensor([2, 1]), beta: Tensor([0.5, -1]), epsilon: 0)
        XCTAssertEqual(mean.scalars, [2, 2])
        XCTAssertEqual(variance.scalars, [1, 0])
        XCTAssertEqual(y.scalars[0], -1.5)
        XCTAssertEqual(y.scalars[2], 2.5)
        let withEpsilon = batchNormalization(x, gamma: nil, beta: nil, epsilon: 3).output
        assertTensorsClose(withEpsilon, Tensor([[-0.5, 0], [0.5, 0]]))
    }

    func testInferenceOpUsesTheGivenStatistics() {
        let x = Tensor(shape: [2, 3, 2], scalars: (0..<12).map { Float($0) })
        let y = batchNormalization(x, mean: Tensor([1, 2, 3]), variance: Tensor([4, 1, 0.25]), gamma: Tensor([1, 2, 3]),
                                   beta: Tensor([0, 1, 2]), axis: 1, epsilon: 0)
        let expected = BatchNormKernels.referenceNormalize(x.scalars, outer: 2, channels: 3, inner: 2, mean: [1, 2, 3],
                                                           variance: [4, 1, 0.25], gamma: [1, 2, 3], beta: [0, 1, 2], epsilon: 0)
        assertScalarsClose(y.scalars, expected)
        XCTAssertEqual(y.scalars[0], -0.5)
    }

    func testTrainingOpGradients() {
        let x4 = Tensor.randomNormal([3, 2, 3, 4], mean: 0.3, seed: 1)
        let gamma = Tensor.randomUniform([4], min: 0.5, max: 1.5, seed: 2), beta = Tensor.randomNormal([4], seed: 3)
        GradientCheck.assertOpGradients([x4, gamma, beta], "channels-last") {
            batchNormalization($0[0], gamma: $0[1], beta: $0[2], epsilon: 0.001).output
        }
        let x3 = Tensor.randomNormal([4, 3, 5], seed: 4)
        let gamma3 = Tensor.randomUniform([3], min: 0.5, max: 1.5, seed: 5)
        GradientCheck.assertOpGradients([x3, gamma3], "axis 1, no beta") {
            batchNormalization($0[0], gamma: $0[1], beta: nil, axis: 1, epsilon: 0.01).output
        }
        GradientCheck.assertOpGradients([x3], "axis 0, neither") {
            batchNormalization($0[0], gamma: nil, beta: nil, axis: 0, epsilon: 0.001).output
        }
        // A projection of mixed signs (not only positive weights): sum(y ⊙ R).
        let variables = [Variable(x4, name: "x"), Variable(gamma, name: "gamma"), Variable(beta, name: "beta")]
        let projection = Tensor.randomNormal(x4.shape, seed: 6)
        GradientCheck.assertGradientsMatch(of: {
            batchNormalization(variables[0].value, gamma: variables[1].value, beta: variables[2].value, epsilon: 0.001).output * projection
        }, wrt: variables, "signed projection")
    }

    func testInferenceOpGradients() {
        let x = Tensor.randomNormal([3, 2, 4], seed: 7)
        let mean = Tensor.randomNormal([2], seed: 8), variance = Tensor.randomUniform([2], min: 0.5, max: 2, seed: 9)
        let gamma = Tensor.randomUniform([2], min: 0.5, max: 1.5, seed: 10), beta = Tensor.randomNormal([2], seed: 11)
        GradientCheck.assertOpGradients([x, mean, variance, gamma, beta], "axis 1, all inputs") {
            batchNormalization($0[0], mean: $0[1], variance: $0[2], gamma: $0[3], beta: $0[4], axis: 1, epsilon: 0.001)
        }
        let x2 = Tensor.randomNormal([5, 3], seed: 12)
        let mean2 = Tensor.randomNormal([3], seed: 13), variance2 = Tensor.randomUniform([3], min: 0.5, max: 2, seed: 14)
        GradientCheck.assertOpGradients([x2, mean2, variance2], "channels-last, no gamma or beta") {
            batchNormalization($0[0], mean: $0[1], variance: $0[2], gamma: nil, beta: nil, epsilon: 0.001)
        }
    }

    func testReLUFusedOpsEqualReLUOfTheOpsWithTheSameGradients() {
        let x = Variable(Tensor.randomNormal([4, 3, 3, 5], mean: 0.2, seed: 30), name: "x")
        let gamma = Variable(Tensor.randomUniform([5], min: 0.5, max: 1.5, seed: 31), name: "gamma")
        let beta = Variable(Tensor.randomNormal([5], seed: 32), name: "beta")
        let mean = Variable(Tensor.randomNormal([5], seed: 33), name: "mean")
        let variance = Variable(Tensor.randomUniform([5], min: 0.5, max: 2, seed: 34), name: "variance")
        let gamma3 = Variable(Tensor.randomUniform([3], min: 0.5, max: 1.5, seed: 36), name: "gamma3")
        let projection = Tensor.randomNormal(x.value.shape, seed: 35)
        let cases: [(String, [Variable], (Bool) -> Tensor)] = [
            ("training", [x, gamma, beta], {
                batchNormalization(x.value, gamma: gamma.value, beta: beta.value, epsilon: 0.001, relu: $0).output }),
            ("inference", [x, mean, variance, gamma, beta], {
                batchNormalization(x.value, mean: mean.value, variance: variance.value, gamma: gamma.value, beta: beta.value,
                                   epsilon: 0.001, relu: $0) }),
            ("axis 1", [x, gamma3], {
                batchNormalization(x.value, gamma: gamma3.value, beta: nil, axis: 1, epsilon: 0.001, relu: $0).output }),
        ]
        for (name, variables, op) in cases {
            let fused = op(true), plain = op(false)
            XCTAssertEqual(fused, relu(plain), name)
            XCTAssertTrue(fused.scalars.contains(0) && fused.scalars.contains { $0 > 0 }, name)
            let (_, fusedGradients) = valueWithGradient(wrt: variables) { (op(true) * projection).sum() }
            let (_, composedGradients) = valueWithGradient(wrt: variables) { (relu(op(false)) * projection).sum() }
            for (index, (a, b)) in zip(fusedGradients, composedGradients).enumerated() {
                assertScalarsClose(a.scalars, b.scalars, accuracy: 1e-5, "\(name): gradient \(index)")
            }
        }
    }

    func testReLUFusedTrainingOpAgainstCentralDifferences() {
        // Data whose normalized values keep clear of ReLU's kink (checked), so that differences apply.
        let x = Tensor.randomNormal([6, 4], seed: 40)
        let gamma = Tensor([1.2, 0.8, 1.0, 1.5]), beta = Tensor([0.3, -0.2, 0.1, 0.0])
        let plain = batchNormalization(x, gamma: gamma, beta: beta, epsilon: 0.001).output
        XCTAssertGreaterThan(plain.scalars.map { Swift.abs($0) }.min() ?? 0, 0.03)
        GradientCheck.assertOpGradients([x, gamma, beta], epsilon: 3e-3, "training, relu") {
            batchNormalization($0[0], gamma: $0[1], beta: $0[2], epsilon: 0.001, relu: true).output
        }
    }

    func testNothingIsRecordedOutsideAGradientRecording() {
        let x = Tensor.randomNormal([4, 3], seed: 15)
        XCTAssertFalse(batchNormalization(x, gamma: nil, beta: nil, epsilon: 0.001).output.isOnActiveTape)
        let inference = batchNormalization(x, mean: Tensor.zeros([3]), variance: Tensor.ones([3]), gamma: nil, beta: nil, epsilon: 0)
        XCTAssertEqual(inference, x)
    }
}
