import DL
import DLTestSupport
import XCTest

/// `Zoo.residualBlock` and `Zoo.resNet` against the same models built in Keras 3.15, one
/// training step, and BatchNormalization's moving statistics in `fit`.
final class ZooResNetTests: XCTestCase {
    /// The benchmark's `resNet(blocks: [2, 2])` has Keras's 43,658 parameters (480 of them moving
    /// statistics) and Keras's layers in Keras's order (a projection block's two branches listed
    /// by depth, as Keras does); so has a three-stage one.
    func testLayersAndParameterCountsEqualKeras() throws {
        let model = Zoo.resNet(inputShape: [28, 28, 1], classes: 10, blocks: [2, 2])
        XCTAssertEqual(model.countParams(), 43_658)
        try KerasZooFixture("resnet_28x28x1_10_2_2").assertMatches(model)
        try KerasZooFixture("resnet_32x32x3_7_1_2_1")
            .assertMatches(Zoo.resNet(inputShape: [32, 32, 3], classes: 7, blocks: [1, 2, 1]))
    }

    /// An identity block keeps the shape and adds no shortcut layers; a strided or widening
    /// block halves the size (rounding up) and projects the shortcut with a 1×1 Conv2D and BN.
    func testResidualBlockShapesAndShortcuts() throws {
        let input = Input(shape: [9, 9, 8])
        let identity = Zoo.residualBlock(input, filters: 8)
        XCTAssertEqual(identity.shape, [9, 9, 8])
        let identityModel = Model(inputs: input, outputs: identity)
        XCTAssertEqual(identityModel.layers.filter { $0 is Conv2D }.count, 2)
        XCTAssertEqual(identityModel.countParams(), 2 * (9 * 8 * 8 + 8) + 2 * 4 * 8)

        let projected = Zoo.residualBlock(input, filters: 16, strides: 2)
        XCTAssertEqual(projected.shape, [5, 5, 16])
        let projectedModel = Model(inputs: input, outputs: projected)
        let convolutions = projectedModel.layers.compactMap { $0 as? Conv2D }
        XCTAssertEqual(convolutions.count, 3)
        XCTAssertEqual(projectedModel.layers.filter { $0 is BatchNormalization }.count, 3)
        XCTAssertEqual(projectedModel.countParams(), (9 * 8 * 16 + 16) + (9 * 16 * 16 + 16) + (8 * 16 + 16) + 3 * 4 * 16)
        let y = try projectedModel.predict(Tensor.randomUniform([2, 9, 9, 8], seed: 1))
        XCTAssertEqual(y.shape, [2, 5, 5, 16])
        XCTAssertGreaterThanOrEqual(y.scalars.min() ?? -1, 0, "the block ends with a ReLU")

        // Widening without striding projects too.
        let widened = Zoo.residualBlock(input, filters: 12)
        XCTAssertEqual(widened.shape, [9, 9, 12])
        XCTAssertEqual(Model(inputs: input, outputs: widened).layers.filter { $0 is Conv2D }.count, 3)
    }

    /// One `fit` step on a small random batch: finite loss, every trainable weight changes, and
    /// every BatchNormalization's moving mean and variance move; at inference they stay.
    func testTrainsOneStepAndUpdatesMovingStatistics() throws {
        Random.seed(5)
        let model = Zoo.resNet(inputShape: [12, 12, 1], classes: 3, blocks: [1, 1])
        let x = Tensor.randomUniform([6, 12, 12, 1], seed: 6)
        let y = Tensor((0..<6).map { Float($0 % 3) })
        _ = try model.predict(x[0..<1])
        let norms = model.layers.compactMap { $0 as? BatchNormalization }
        XCTAssertEqual(norms.count, 6)
        let statistics = { norms.flatMap { $0.nonTrainableWeights.map(\.value.scalars) } }
        let before = statistics()
        XCTAssertEqual(before.count, 12)
        _ = try model.predict(x)
        XCTAssertEqual(statistics(), before, "inference leaves the moving statistics alone")
        try ZooTraining.assertTrainsOneStep(model, x: x, y: y, loss: .sparseCategoricalCrossentropy)
        for (after, old) in zip(statistics(), before) { XCTAssertNotEqual(after, old) }
    }

    /// An empty `blocks`, or a stage of no blocks, is a `DLError` naming `blocks`.
    func testBadBlocksAreADLError() {
        for blocks in [[], [2, 0]] {
            let model = Zoo.resNet(inputShape: [28, 28, 1], classes: 10, blocks: blocks)
            XCTAssertNotNil(model.graphError)
            XCTAssertThrowsError(try model.predict(Tensor.zeros([1, 28, 28, 1]))) { error in
                XCTAssertTrue("\(error)".contains("Received: blocks=\(blocks)"), "\(error)")
            }
        }
    }
}
