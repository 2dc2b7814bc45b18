import DL
import XCTest

/// Keras's transfer-learning recipe on a `Sequential`: `pop()` the old head, set `trainable = false`
/// on the remaining layers, `add` a new head, train it, then unfreeze and fine-tune. As in Keras 3,
/// freezing stops the optimizer and puts BatchNormalization in inference mode; a frozen Dropout
/// still drops in training (Keras's Dropout does not look at `trainable`).
final class TransferLearningWorkflowTests: XCTestCase {
    let x = Tensor.randomNormal([24, 4], mean: 1, stddev: 2, seed: 31)
    let y = Tensor((0..<24).map { Float($0 % 3) })

    func testFrozenBaseWithNewHeadTrainsOnlyTheHeadThenFineTunes() throws {
        Random.seed(30)
        let norm = BatchNormalization()
        let model = Sequential([InputLayer(shape: [4]), Dense(8, activation: .relu), norm, Dropout(0.5),
                                Dense(3, activation: .softmax)])
        model.compile(optimizer: Adam(learningRate: 0.01), loss: .sparseCategoricalCrossentropy)
        try model.fit(x: x, y: y, batchSize: 8, epochs: 1, verbose: 0)

        let oldHead = try XCTUnwrap(model.pop())
        XCTAssertTrue(oldHead is Dense)
        XCTAssertEqual(model.layers.count, 3)
        XCTAssertEqual(model.outputs.map(\.shape), [[8]])
        for layer in model.layers { layer.trainable = false }
        let head = Dense(2, activation: .softmax, name: "new_head")
        model.add(head)
        XCTAssertEqual(model.outputs.map(\.shape), [[2]])
        XCTAssertEqual(model.trainableWeights.count, 2, "only the new head's kernel and bias")
        // Dense 4·8 + 8 and BN 4·8 frozen (72), the head 8·2 + 2 trainable (18), as Keras counts.
        let table = model.summary()
        XCTAssertTrue(table.contains("Total params: 90 (360.00 B)"), table)
        XCTAssertTrue(table.contains("Trainable params: 18 (72.00 B)"), table)
        XCTAssertTrue(table.contains("Non-trainable params: 72 (288.00 B)"), table)

        let base = model.layers.dropLast().flatMap(\.weights)
        let frozenValues = base.map(\.value.scalars), headBefore = head.weights.map(\.value.scalars)
        model.compile(optimizer: Adam(learningRate: 0.01), loss: .sparseCategoricalCrossentropy)
        try model.fit(x: x, y: Tensor((0..<24).map { Float($0 % 2) }), batchSize: 8, epochs: 2, verbose: 0)
        XCTAssertEqual(base.map(\.value.scalars), frozenValues, "frozen weights and BN moving statistics stay put")
        XCTAssertNotEqual(head.weights.map(\.value.scalars), headBefore, "the new head trains")

        for layer in model.layers { layer.trainable = true }
        XCTAssertEqual(model.trainableWeights.count, 6, "two Dense kernels and biases, BN's gamma and beta")
        XCTAssertTrue(model.summary().contains("Non-trainable params: 16 (64.00 B)"), "BN's moving statistics")
        model.compile(optimizer: Adam(learningRate: 1e-4), loss: .sparseCategoricalCrossentropy)
        try model.fit(x: x, y: Tensor((0..<24).map { Float($0 % 2) }), batchSize: 8, epochs: 1, verbose: 0)
        for (after, before) in zip(base.map(\.value.scalars), frozenValues) {
            XCTAssertNotEqual(after, before, "fine-tuning moves every base weight, moving statistics included")
        }
    }

    /// In training, a frozen BatchNormalization normalizes with its moving statistics (inference
    /// mode), while a frozen Dropout keeps dropping, both as Keras 3.
    func testFrozenBatchNormalizationRunsInInferenceModeAndFrozenDropoutStillDrops() throws {
        let norm = BatchNormalization()
        _ = norm(x, training: false)
        norm.trainable = false
        XCTAssertEqual(norm(x, training: true), norm(x, training: false))

        let dropout = Dropout(0.5, seed: 3)
        dropout.trainable = false
        let dropped = dropout(x, training: true)
        XCTAssertTrue(dropped.scalars.contains(0))
        XCTAssertNotEqual(dropped, x)
        XCTAssertEqual(dropout(x, training: false), x)
    }

    /// `pop()` removes layers down to an empty stack, as Keras's does, then returns `nil`.
    func testPopReturnsTheRemovedLayersUntilEmpty() {
        let first = Dense(2, inputShape: [3]), second = Dense(1)
        let model = Sequential([first, second])
        XCTAssertTrue(model.pop() === second)
        XCTAssertEqual(model.outputs.map(\.shape), [[2]])
        XCTAssertTrue(model.pop() === first)
        XCTAssertTrue(model.layers.isEmpty)
        XCTAssertNil(model.pop())
    }
}
