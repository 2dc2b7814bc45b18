import DL
import DLTestSupport
import XCTest

/// `Zoo.convAutoencoder` against the same model built in Keras 3.15, and one training step.
final class ZooConvAutoencoderTests: XCTestCase {
    /// 28×28×1 has Keras's 28,353 parameters and Keras's layers; 30×22×3 (not multiples of 4)
    /// is cropped back to its shape, as the Keras version of the generator does.
    func testLayersAndParameterCountsEqualKeras() throws {
        let model = Zoo.convAutoencoder(inputShape: [28, 28, 1])
        XCTAssertEqual(model.countParams(), 28_353)
        try KerasZooFixture("conv_autoencoder_28x28x1").assertMatches(model)
        let odd = Zoo.convAutoencoder(inputShape: [30, 22, 3])
        try KerasZooFixture("conv_autoencoder_30x22x3").assertMatches(odd)
        XCTAssertEqual(odd.outputs.map(\.shape), [[30, 22, 3]])
    }

    /// The reconstruction has the input's shape and lies in (0, 1).
    func testReconstructionHasTheInputShape() throws {
        Random.seed(12)
        for shape in [[8, 8, 1], [10, 6, 2]] {
            let y = try Zoo.convAutoencoder(inputShape: shape).predict(Tensor.randomUniform([2] + shape, seed: 13))
            XCTAssertEqual(y.shape, [2] + shape)
            XCTAssertTrue(y.scalars.allSatisfy { $0 > 0 && $0 < 1 })
        }
    }

    /// One `fit` step of x → x: finite loss, every weight changes.
    func testTrainsOneStep() throws {
        Random.seed(14)
        let x = Tensor.randomUniform([4, 12, 12, 1], seed: 15)
        try ZooTraining.assertTrainsOneStep(Zoo.convAutoencoder(inputShape: [12, 12, 1]), x: x, y: x, loss: .binaryCrossentropy)
    }

    /// An input that is not an image is a `DLError` from the first throwing call.
    func testNonImageInputIsADLError() {
        let model = Zoo.convAutoencoder(inputShape: [784])
        XCTAssertThrowsError(try model.predict(Tensor.zeros([1, 784]))) { XCTAssertTrue($0 is DLError, "\($0)") }
    }
}
