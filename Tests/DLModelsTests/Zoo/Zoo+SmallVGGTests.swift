import DL
import DLTestSupport
import XCTest

/// `Zoo.smallVGG` against the same model built in Keras 3.15, one training step, and a short
/// run on real Fashion-MNIST images.
final class ZooSmallVGGTests: XCTestCase {
    /// 467,818 parameters for 28×28×1 and 10 classes, and every layer's class, output shape and
    /// parameter count as Keras's (and for 32×32×3 with 5 classes).
    func testLayersAndParameterCountsEqualKeras() throws {
        let model = Zoo.smallVGG(inputShape: [28, 28, 1], classes: 10)
        XCTAssertEqual(model.countParams(), 467_818)
        try KerasZooFixture("small_vgg_28x28x1_10").assertMatches(model)
        try KerasZooFixture("small_vgg_32x32x3_5").assertMatches(Zoo.smallVGG(inputShape: [32, 32, 3], classes: 5))
    }

    /// Predictions are `[batch, classes]` probability rows.
    func testPredictsProbabilityRows() throws {
        Random.seed(1)
        let model = Zoo.smallVGG(inputShape: [12, 12, 2], classes: 3)
        let p = try model.predict(Tensor.randomUniform([5, 12, 12, 2], seed: 2))
        XCTAssertEqual(p.shape, [5, 3])
        for row in 0..<5 { XCTAssertEqual(p[row].scalars.reduce(0, +), 1, accuracy: 1e-5) }
    }

    /// One `fit` step on a small random batch: finite loss, every trainable weight changes.
    func testTrainsOneStep() throws {
        Random.seed(3)
        let model = Zoo.smallVGG(inputShape: [16, 16, 1], classes: 4)
        let x = Tensor.randomUniform([8, 16, 16, 1], seed: 4)
        let y = Tensor((0..<8).map { Float($0 % 4) })
        try ZooTraining.assertTrainsOneStep(model, x: x, y: y, loss: .sparseCategoricalCrossentropy)
    }

    /// An input that is not an image is a `DLError` from the first throwing call.
    func testNonImageInputIsADLError() {
        let model = Zoo.smallVGG(inputShape: [784], classes: 10)
        XCTAssertThrowsError(try model.predict(Tensor.zeros([1, 784]))) { XCTAssertTrue($0 is DLError, "\($0)") }
    }

    /// One epoch on 2,000 Fashion-MNIST training images (Adam, batch 32) reaches well above chance
    /// (10%) on 1,000 test images.
    func testLearnsFashionMNISTFromTwoThousandImagesInOneEpoch() throws {
        let data = try XCTUnwrap(try? FashionMNIST.loadData(),
                                 "Fashion-MNIST is missing: apt-get install dataset-fashion-mnist (make test does it)")
        let x = (data.train.x[0..<2000] / 255).reshaped([-1, 28, 28, 1])
        let xTest = (data.test.x[0..<1000] / 255).reshaped([-1, 28, 28, 1])
        Random.seed(11)
        let model = Zoo.smallVGG(inputShape: [28, 28, 1], classes: 10)
        model.compile(optimizer: Adam(), loss: .sparseCategoricalCrossentropy, metrics: [.accuracy])
        try model.fit(x: x, y: data.train.y[0..<2000], batchSize: 32, epochs: 1, verbose: 0)
        let accuracy = try model.evaluate(x: xTest, y: data.test.y[0..<1000], batchSize: 250)["accuracy"] ?? 0
        print("smallVGG, 1 epoch on 2,000 Fashion-MNIST images: test accuracy \(accuracy)")
        XCTAssertGreaterThan(accuracy, 0.5)
    }
}
