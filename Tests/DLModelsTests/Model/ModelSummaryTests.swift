import DL
import DLTestSupport
import Foundation
import XCTest

final class ModelSummaryTests: XCTestCase {
    func testLeNet5HasKerasParameterCountAndSummary() {
        let model = Zoo.leNet5(inputShape: [28, 28, 1], classes: 10)
        XCTAssertEqual(model.countParams(), 61_706)
        let table = model.summaryTable()
        XCTAssertTrue(table.contains("Model: \"lenet5\""), table)
        XCTAssertTrue(table.contains("Layer (type)") && table.contains("Output Shape") && table.contains("Param #"), table)
        XCTAssertTrue(table.contains("(None, 28, 28, 6)"), table)
        XCTAssertTrue(table.contains("(None, 10)"), table)
        XCTAssertTrue(table.contains("Total params: 61,706 (241.04 KB)"), table)
        XCTAssertTrue(table.contains("Trainable params: 61,706 (241.04 KB)"), table)
        XCTAssertTrue(table.contains("Non-trainable params: 0 (0.00 B)"), table)
        XCTAssertEqual(model.layers.map { type(of: $0).kerasClassName },
                       ["Conv2D", "MaxPooling2D", "Conv2D", "MaxPooling2D", "Flatten", "Dense", "Dense", "Dense"])
    }

    func testFunctionalModelChainsLayers() throws {
        let input = Input(shape: [8])
        let hidden = Dense(4, activation: .relu)(input)
        let output = Dense(2, activation: .softmax)(hidden)
        let model = Model(inputs: input, outputs: output)
        XCTAssertNil(model.graphError)
        XCTAssertEqual(model.outputs[0].shape, [2])
        let prediction = try model.predict(Tensor.ones([3, 8]))
        XCTAssertEqual(prediction.shape, [3, 2])
        for row in 0..<3 { XCTAssertEqual(prediction[row].sum().scalar, 1, accuracy: 1e-5) }
        XCTAssertTrue(model.summaryTable().contains("InputLayer"))
    }

    func testNonTrainableLayerIsCountedAsNonTrainable() {
        let frozen = Dense(4, inputShape: [2])
        let model = Sequential([frozen, Dense(1)])
        frozen.trainable = false
        XCTAssertEqual(model.trainableWeights.count, 2)
        XCTAssertTrue(model.summaryTable().contains("Non-trainable params: 12 (48.00 B)"), model.summaryTable())
    }

    func testTwoInputsAndASharedLayerPrintKerasConnectedToColumn() throws {
        let a = Input(shape: [4], name: "a"), b = Input(shape: [4], name: "b")
        let shared = Dense(5, name: "shared")
        let added = SumOfTwo(name: "add")([shared(a), shared(b)])
        let model = Model(inputs: [a, b], outputs: Dense(1, name: "out")(added), name: "two_inputs")
        let keras = try String(contentsOf: KerasFixtures.directory.appendingPathComponent("functional/two_inputs_summary.txt"),
                               encoding: .utf8)
        XCTAssertEqual(model.summaryTable(), keras.trimmingCharacters(in: .newlines))
    }

    func testAChainKeepsThreeColumns() {
        let input = Input(shape: [4])
        let model = Model(inputs: input, outputs: Dense(1)(Dense(3)(input)))
        XCTAssertFalse(model.summaryTable().contains("Connected to"), model.summaryTable())
    }
}

/// Keras's `Add` for two inputs, for the summary test (the merge layers have their own tests).
private final class SumOfTwo: Layer {
    override class var kerasClassName: String { "Add" }
    override func build(inputShapes: [[Int]]) throws {}
    override func computeOutputShape(_ inputShapes: [[Int]]) throws -> [Int] { inputShapes[0] }
    override func call(_ inputs: [Tensor], training: Bool) -> Tensor { inputs[0] + inputs[1] }
}
