import DL
import DLTestSupport
import XCTest

/// `Zoo.autoencoder` against the same model built in Keras 3.15, and one training step.
final class ZooAutoencoderTests: XCTestCase {
    /// 784-32-784 has Keras's 50,992 parameters and Keras's layers; so has 64-8-64.
    func testLayersAndParameterCountsEqualKeras() throws {
        let model = Zoo.autoencoder(inputDim: 784, encodingDim: 32)
        XCTAssertEqual(model.countParams(), 50_992)
        try KerasZooFixture("autoencoder_784_32").assertMatches(model)
        try KerasZooFixture("autoencoder_64_8").assertMatches(Zoo.autoencoder(inputDim: 64, encodingDim: 8))
    }

    /// The reconstruction has the input's shape and lies in (0, 1); the code layer's output
    /// gives the encoder.
    func testReconstructionShapeAndEncoder() throws {
        Random.seed(8)
        let model = Zoo.autoencoder(inputDim: 20, encodingDim: 4)
        let x = Tensor.randomUniform([3, 20], seed: 9)
        let y = try model.predict(x)
        XCTAssertEqual(y.shape, [3, 20])
        XCTAssertTrue(y.scalars.allSatisfy { $0 > 0 && $0 < 1 })
        let encoder = Model(inputs: model.inputs, outputs: try XCTUnwrap(model.layers[1].output))
        let code = try encoder.predict(x)
        XCTAssertEqual(code.shape, [3, 4])
        XCTAssertTrue(code.scalars.allSatisfy { $0 >= 0 }, "relu code")
    }

    /// One `fit` step of x → x: finite loss, every weight changes.
    func testTrainsOneStep() throws {
        Random.seed(10)
        let x = Tensor.randomUniform([16, 20], seed: 11)
        try ZooTraining.assertTrainsOneStep(Zoo.autoencoder(inputDim: 20, encodingDim: 4), x: x, y: x, loss: .binaryCrossentropy)
    }
}
