import DL
import DLTestSupport
import XCTest

/// `Zoo.siameseKoch`: Keras's 38,951,745 parameters for 105×105×1, the paper's initializers, the
/// L2 penalties, one training step, and a 28×28 input reported as a `DLError`.
final class ZooSiameseKochTests: XCTestCase {
    /// Built once and never trained: 39 million parameters.
    static let model: Model = {
        Random.seed(15)
        return Zoo.siameseKoch(inputShape: [105, 105, 1])
    }()

    func testParameterCountAndWeightShapesEqualKeras() throws {
        let fixture = try SiameseFixture.load("siamese_koch")
        let model = Self.model
        XCTAssertNil(model.graphError)
        XCTAssertEqual(fixture.params, 38_951_745)
        XCTAssertEqual(model.countParams(), fixture.params)
        XCTAssertEqual(model.weights.map(\.storedValue.shape), fixture.weightShapes)
        let twin = try XCTUnwrap(model.layer(named: "twin") as? Model)
        XCTAssertEqual(twin.countParams(), fixture.twinParams)
        XCTAssertEqual(try twin.computeOutputShape([105, 105, 1]), fixture.twinOutputShape)
    }

    /// Kernels of the convolutions N(0, 0.01), of the Dense layers N(0, 0.2), biases N(0.5, 0.01).
    func testWeightsStartFromThePapersNormalDistributions() {
        func moments(_ t: Tensor) -> (mean: Double, std: Double) {
            let values = t.scalars.map(Double.init)
            let mean = values.reduce(0, +) / Double(values.count)
            return (mean, (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count)).squareRoot())
        }
        let weights = Self.model.weights
        XCTAssertEqual(weights.count, 12)
        for (index, weight) in weights.enumerated() {
            let isBias = index % 2 == 1, isDense = index >= 8
            let (mean, std) = moments(weight.storedValue)
            let expected: (mean: Double, std: Double) = isBias ? (0.5, 0.01) : (0, isDense ? 0.2 : 0.01)
            let count = Double(weight.storedValue.scalarCount)
            // Five standard errors of the mean (bias of one value: just the draw's own spread).
            XCTAssertEqual(mean, expected.mean, accuracy: max(5 * expected.std / count.squareRoot(), 1e-9), "weight \(index)")
            if count >= 64 { XCTAssertEqual(std, expected.std, accuracy: expected.std * 0.2, "weight \(index)") }
        }
    }

    /// L2(2e-4) on the four convolution kernels, L2(1e-3) on the Dense(4096) kernel, none elsewhere.
    func testRegularizationIsTheL2OfTheKernels() throws {
        let weights = Self.model.weights
        func sumOfSquares(_ index: Int) -> Double { weights[index].storedValue.scalars.reduce(0) { $0 + Double($1) * Double($1) } }
        let expected = 2e-4 * [0, 2, 4, 6].map(sumOfSquares).reduce(0, +) + 1e-3 * sumOfSquares(8)
        let penalty = try XCTUnwrap(Self.model.regularizationLoss())
        XCTAssertEqual(Double(penalty.scalar), expected, accuracy: expected * 1e-4)
    }

    func testTrainsOneStep() throws {
        Random.seed(16)
        let model = Zoo.siameseKoch(inputShape: [105, 105, 1])
        model.compile(optimizer: SGD(learningRate: 0.01), loss: .binaryCrossentropy)
        let head = try XCTUnwrap(model.layers.last)
        let before = head.weights[0].value, firstKernel = model.weights[0].value
        let x = Tensor.randomUniform([2, 105, 105, 1], seed: 5)
        let history = try model.fit(x: [x, x.gathering(rows: [0, 0])], y: Tensor([[1], [0]]), batchSize: 2, epochs: 1, verbose: 0)
        XCTAssertTrue(history.history["loss"]?.first?.isFinite ?? false)
        XCTAssertNotEqual(head.weights[0].value, before)
        XCTAssertNotEqual(model.weights[0].value, firstKernel)
    }

    func testA28By28InputShrinksToNothingAndIsADLError() {
        let model = Zoo.siameseKoch(inputShape: [28, 28, 1])
        let error = model.graphError
        XCTAssertNotNil(error)
        print("siameseKoch on 28×28: \(error.map { "\($0)" } ?? "none")")
        XCTAssertThrowsError(try model.predict([Tensor.zeros([1, 28, 28, 1]), Tensor.zeros([1, 28, 28, 1])])) { thrown in
            XCTAssertEqual(thrown as? DLError, error)
        }
    }
}
