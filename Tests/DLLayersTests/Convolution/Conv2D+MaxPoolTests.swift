import DLLayers
import XCTest

/// A Conv2D runs a MaxPooling2D after it as one op when its activation is ReLU or linear: the
/// same tensor, bit for bit, as the two calls; anything else it runs as the two calls.
final class Conv2DMaxPoolTests: XCTestCase {
    func testFusedCallEqualsTheTwoCalls() {
        let x = Tensor.randomNormal([5, 11, 10, 16], seed: 1)
        for activation in [Activation.relu, .linear, .sigmoid] {
            for (kernel, padding) in [(3, Padding.same), (5, Padding.valid)] {
                let conv = Conv2D(16, kernelSize: kernel, padding: padding, activation: activation)
                let pool = MaxPooling2D(poolSize: 2)
                let expected = pool(conv(x))
                XCTAssertEqual(conv.canRunFollowed(by: pool), activation != .sigmoid)
                XCTAssertEqual(conv.callFollowed(by: pool, x, training: false).scalars, expected.scalars, "\(activation)")
                XCTAssertEqual(conv.callFollowed(by: pool, x, training: false).scalars, expected.scalars, "\(activation), again")
            }
        }
        let conv = Conv2D(4, kernelSize: 3, activation: .relu), average = AveragePooling2D(poolSize: 2)
        let expected = average(conv(x))   // builds the layer
        XCTAssertFalse(conv.canRunFollowed(by: average))
        XCTAssertEqual(conv.callFollowed(by: average, x, training: false).scalars, expected.scalars)
        let overlapping = MaxPooling2D(poolSize: 3, strides: 2)
        XCTAssertEqual(conv.callFollowed(by: overlapping, x, training: false).scalars, overlapping(conv(x)).scalars)
    }
}
