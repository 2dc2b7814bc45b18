import DL
import DLTestSupport
import XCTest

/// Setting `trainable` on a layer with sublayers sets it on each of them, as Keras's setter does:
/// a frozen nested model keeps its weights and its BatchNormalization's moving statistics in `fit`.
final class FrozenNestedModelTests: XCTestCase {
    /// A two-level nesting (Dense – BN in a Sequential in a Sequential, called in a functional
    /// model) frozen at the middle level: nothing inside moves in `fit`; the head trains.
    func testFreezingANestedModelFreezesItsBatchNormalization() throws {
        Random.seed(21)
        let norm = BatchNormalization()
        let block = Sequential([Dense(4, inputShape: [3]), norm], name: "block")
        let inner = Sequential([InputLayer(shape: [3]), block, Dense(4, activation: .relu)], name: "inner")
        let input = Input(shape: [3])
        let head = Dense(1)
        let outer = Model(inputs: input, outputs: head(inner(input)), name: "outer")

        inner.trainable = false
        XCTAssertFalse(block.trainable)
        XCTAssertFalse(norm.trainable)
        XCTAssertTrue(inner.layers.allSatisfy { !$0.trainable })
        XCTAssertTrue(head.trainable)
        XCTAssertEqual(outer.trainableWeights.count, 2, "only the head's kernel and bias")

        let x = Tensor.randomNormal([16, 3], mean: 2, stddev: 3, seed: 22)
        let y = Tensor.randomNormal([16, 1], seed: 23)
        outer.compile(optimizer: Adam(learningRate: 0.05), loss: .meanSquaredError)
        _ = try outer.predict(x)
        let innerBefore = inner.weights.map(\.value.scalars)
        let headBefore = head.weights.map(\.value.scalars)
        try outer.fit(x: x, y: y, batchSize: 8, epochs: 2, verbose: 0)
        XCTAssertEqual(inner.weights.map(\.value.scalars), innerBefore, "frozen weights and moving statistics stay")
        XCTAssertNotEqual(head.weights.map(\.value.scalars), headBefore, "the head trains")

        // Inference mode when frozen: the frozen model computes with the moving statistics in
        // training too, so a training forward pass equals the inference one.
        XCTAssertEqual(inner(x, training: true).scalars, inner(x, training: false).scalars)

        // Unfreezing sets every inner layer back; the moving statistics then follow the batches.
        inner.trainable = true
        XCTAssertTrue(norm.trainable && block.trainable)
        let statistics = norm.nonTrainableWeights.map(\.value.scalars)
        try outer.fit(x: x, y: y, batchSize: 8, epochs: 1, verbose: 0)
        XCTAssertNotEqual(norm.nonTrainableWeights.map(\.value.scalars), statistics)
    }

    /// A subclassed model frozen before its first call (its layers not yet known) freezes them
    /// once its call has found them.
    func testFreezingASubclassedModelBeforeItsFirstCall() throws {
        final class Block: Model {
            let dense = Dense(3)
            let norm = BatchNormalization()
            override func call(_ inputs: [Tensor], training: Bool) -> Tensor { norm(dense(inputs[0]), training: training) }
        }
        let block = Block()
        block.trainable = false
        _ = try block.predict(Tensor.ones([2, 2]))
        XCTAssertEqual(block.layers.count, 2)
        XCTAssertFalse(block.dense.trainable || block.norm.trainable)
        XCTAssertTrue(block.trainableWeights.isEmpty)
    }

    /// Reading a configuration keeps an inner layer's own `trainable` (the model's `true` does
    /// not unfreeze it), and a frozen model's configuration freezes every layer.
    func testConfigurationKeepsInnerTrainableFlags() throws {
        let model = Sequential([Dense(2, inputShape: [3]), Dense(1)])
        model.layers[0].trainable = false
        let copy = try XCTUnwrap(Sequential.fromConfig(model.getConfig()) as? Sequential)
        XCTAssertEqual(copy.layers.map(\.trainable), [false, true])
        XCTAssertTrue(copy.trainable)

        model.trainable = false
        let frozen = try XCTUnwrap(Sequential.fromConfig(model.getConfig()) as? Sequential)
        XCTAssertFalse(frozen.trainable)
        XCTAssertEqual(frozen.layers.map(\.trainable), [false, false])
    }
}
