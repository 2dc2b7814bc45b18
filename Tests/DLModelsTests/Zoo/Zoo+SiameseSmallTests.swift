import DL
import DLTestSupport
import XCTest

/// `Zoo.siameseSmall`: Keras's parameter count and weight order, a shared twin named "twin", the
/// head on the L1 distance of the twin's embeddings, one training step, and too small an input.
final class ZooSiameseSmallTests: XCTestCase {
    func testParameterCountsAndWeightShapesEqualKeras() throws {
        for (embedding, name) in [(128, "siamese_small"), (64, "siamese_small_embedding_64")] {
            let fixture = try SiameseFixture.load(name)
            let model = Zoo.siameseSmall(inputShape: fixture.inputShape, embedding: embedding)
            XCTAssertNil(model.graphError)
            XCTAssertEqual(model.countParams(), fixture.params)
            XCTAssertEqual(model.weights.map(\.storedValue.shape), fixture.weightShapes)
            let twin = try XCTUnwrap(model.layer(named: "twin") as? Model)
            XCTAssertEqual(twin.countParams(), fixture.twinParams)
            XCTAssertEqual(try twin.computeOutputShape(fixture.inputShape), fixture.twinOutputShape)
        }
        XCTAssertEqual(try SiameseFixture.load("siamese_small").params, 224_385)
    }

    func testBothInputsShareTheTwinAndTheHeadReadsTheirL1Distance() throws {
        Random.seed(11)
        let model = Zoo.siameseSmall(inputShape: [28, 28, 1], embedding: 16)
        XCTAssertEqual(model.inputs.map(\.shape), [[28, 28, 1], [28, 28, 1]])
        XCTAssertEqual(model.layers.filter { $0 is Model }.count, 1, "one twin, called twice")
        let twin = try XCTUnwrap(model.layer(named: "twin"))
        let head = try XCTUnwrap(model.layers.last)
        let a = Tensor.randomUniform([3, 28, 28, 1], seed: 1), b = Tensor.randomUniform([3, 28, 28, 1], seed: 2)
        let similarity = try model.predict([a, b])
        XCTAssertEqual(similarity.shape, [3, 1])
        XCTAssertTrue(similarity.scalars.allSatisfy { $0 > 0 && $0 < 1 })
        let embeddings = withoutGradients { (twin(a), twin(b)) }
        XCTAssertEqual(embeddings.0.shape, [3, 16])
        XCTAssertTrue(embeddings.0.scalars.allSatisfy { $0 >= 0 && $0 <= 1 }, "a sigmoid embedding")
        assertTensorsClose(similarity, withoutGradients { head(abs(embeddings.0 - embeddings.1)) }, accuracy: 1e-5)
        assertTensorsClose(try model.predict([b, a]), similarity, accuracy: 1e-6)   // |a − b| is symmetric
    }

    func testTrainsOneStepMovingTheTwinAndTheHead() throws {
        Random.seed(12)
        let model = Zoo.siameseSmall(inputShape: [28, 28, 1], embedding: 32)
        model.compile(optimizer: Adam(), loss: .binaryCrossentropy, metrics: [.accuracy])
        let twin = try XCTUnwrap(model.layer(named: "twin"))
        let before = model.weights.map(\.value)
        let x = Tensor.randomUniform([8, 28, 28, 1], seed: 3)
        let y = Tensor(shape: [8, 1], scalars: [1, 0, 1, 0, 1, 0, 1, 0])
        let history = try model.fit(x: [x, x.gathering(rows: [0, 2, 2, 4, 4, 6, 6, 0])], y: y, batchSize: 8, epochs: 1, verbose: 0)
        XCTAssertEqual(Array(history.history.keys).sorted(), ["accuracy", "loss"])
        XCTAssertTrue(history.history["loss"]?.first?.isFinite ?? false)
        let after = model.weights.map(\.value)
        XCTAssertEqual(after.count, 8)
        for (index, weights) in zip(before, after).enumerated() {
            XCTAssertNotEqual(weights.0, weights.1, "weight \(index) did not move")
        }
        XCTAssertTrue(twin.weights[0] === model.weights[0], "the twin's weights are the model's")
    }

    func testAnInputTooSmallForTheKernelsIsADLError() {
        let model = Zoo.siameseSmall(inputShape: [8, 8, 1], embedding: 8)
        XCTAssertNotNil(model.graphError)
        XCTAssertThrowsError(try model.predict([Tensor.zeros([1, 8, 8, 1]), Tensor.zeros([1, 8, 8, 1])])) { error in
            XCTAssertTrue(error is DLError, "\(error)")
            print("siameseSmall on 8×8: \(error)")
        }
    }
}
