import DLLayers
import DLTestSupport
import XCTest

final class DenseTests: XCTestCase {
    func testConformance() {
        assertLayerConforms({ Dense(3) }, inputShape: [4], weightNames: ["kernel", "bias"], paramCount: 15)
        assertLayerConforms({ Dense(3, activation: .tanh, useBias: false) }, inputShape: [4],
                            weightNames: ["kernel"], paramCount: 12)
        assertLayerConforms({ Dense(2, activation: .softmax, kernelRegularizer: .l2(0.01)) }, inputShape: [3, 4],
                            weightNames: ["kernel", "bias"], paramCount: 10)
    }

    func testKnownKernelAndBias() {
        let dense = Dense(2, activation: .relu)
        let x = Tensor([[1, 2, 3], [-1, 0, 1]])
        _ = dense(x)
        dense.weights[0].value = Tensor([[1, 0], [0, 1], [1, -1]])
        dense.weights[1].value = Tensor([0.5, -0.5])
        // [1+3+0.5, 2-3-0.5] = [4.5, -1.5] → relu; [-1+1+0.5, 0-1-0.5] = [0.5, -1.5] → relu.
        assertTensorsClose(dense(x), Tensor([[4.5, 0], [0.5, 0]]))
    }

    /// One image at a time (GEMM's few-rows path) gives the batch's outputs to 1e-5 relative.
    func testSingleImagesMatchTheBatch() {
        for activation in [Activation.relu, .softmax, .sigmoid] {
            let dense = Dense(256, activation: activation)
            let x = Tensor.randomUniform([32, 784], min: 0, max: 1, seed: 7)
            let batch = dense(x, training: false).scalars
            for row in [0, 5, 31] {
                let single = dense(x[row..<(row + 1)], training: false).scalars
                let expected = Array(batch[(row * 256)..<((row + 1) * 256)])
                let scale = Swift.max(expected.map(abs).max() ?? 1, 1e-3)
                assertScalarsClose(single, expected, accuracy: 1e-5 * scale, "\(activation) row \(row)")
            }
        }
    }

    func testHigherRankInputActsOnLastAxis() throws {
        let dense = Dense(2, useBias: false)
        let x = Tensor(shape: [1, 2, 3], scalars: [1, 2, 3, 4, 5, 6])
        XCTAssertEqual(try dense.computeOutputShape([2, 3]), [2, 2])
        _ = dense(x)
        dense.weights[0].value = Tensor([[1, 0], [0, 1], [1, 1]])
        assertTensorsClose(dense(x), Tensor(shape: [1, 2, 2], scalars: [4, 5, 10, 11]))
    }

    func testKerasParamCount() {
        let dense = Dense(200)
        let output = dense(InputLayer(shape: [784]).makeOutput())
        XCTAssertNil(output.error)
        XCTAssertEqual(output.shape, [200])
        XCTAssertEqual(dense.countParams(), 157_000)
        XCTAssertEqual(dense.weights.map(\.shape), [[784, 200], [200]])
    }

    func testRegularizationLoss() {
        let dense = Dense(2, kernelInitializer: .constant(0.5), biasInitializer: .ones,
                          kernelRegularizer: .l2(0.01), biasRegularizer: .l1(0.1))
        XCTAssertNil(Dense(2).regularizationLoss())
        _ = dense(Tensor.zeros([1, 3]))
        // 0.01 · 6 · 0.25 + 0.1 · 2 · 1
        XCTAssertEqual(dense.regularizationLoss()?.scalar ?? 0, 0.215, accuracy: 1e-6)
    }

    func testNonPositiveUnitsThrowAtBuild() {
        let dense = Dense(-1)
        XCTAssertThrowsError(try dense.buildIfNeeded([[4]])) { error in
            XCTAssertEqual(error as? DLError, .invalidArgument(context: dense.errorContext,
                                                               message: "units must be a positive integer. Received: units=-1"))
        }
        let output = Dense(0)(InputLayer(shape: [4]).makeOutput())
        XCTAssertTrue(output.error?.description.hasSuffix("Received: units=0") ?? false, "\(String(describing: output.error))")
    }

    func testSymbolicShapeErrorNamesLayerAndShapes() {
        let dense = Dense(3, inputShape: [4], name: "classifier")
        let output = dense(InputLayer(shape: [5]).makeOutput())
        let message = output.error?.description ?? ""
        XCTAssertTrue(message.contains("'classifier'"), message)
        XCTAssertTrue(message.contains("[4]") && message.contains("[5]"), message)

        let rankMismatch = Dense(3, inputShape: [4], name: "head")(InputLayer(shape: [2, 4]).makeOutput())
        XCTAssertEqual(rankMismatch.error?.description,
                       "layer 'head' (Dense), declared inputShape: expected shape [4], received shape [2, 4]")

        let scalarInput = Dense(3)(InputLayer(shape: []).makeOutput())
        XCTAssertEqual(scalarInput.error.map { if case .shapeMismatch = $0 { true } else { false } }, true)

        // An error travels on through later layers without a crash.
        let downstream = Dense(2)(output)
        XCTAssertEqual(downstream.error, output.error)
    }
}
