import DLLayers
import DLTestSupport
import XCTest

final class Conv2DTests: XCTestCase {
    func testConformance() {
        assertLayerConforms({ Conv2D(2, kernelSize: 3) }, inputShape: [5, 5, 2],
                            weightNames: ["kernel", "bias"], paramCount: 3 * 3 * 2 * 2 + 2)
        assertLayerConforms({ Conv2D(3, kernelSize: (2, 3), strides: (2, 1), padding: .same, activation: .tanh) },
                            inputShape: [5, 4, 1], weightNames: ["kernel", "bias"], paramCount: 2 * 3 * 3 + 3)
        assertLayerConforms({ Conv2D(2, kernelSize: 2, strides: 2, useBias: false, kernelRegularizer: .l2(0.01)) },
                            inputShape: [4, 4, 3], weightNames: ["kernel"], paramCount: 24)
    }

    func testKnownKernelAndBias() {
        let conv = Conv2D(1, kernelSize: 2)
        let x = Tensor(shape: [1, 3, 3, 1], scalars: (1...9).map(Float.init))
        _ = conv(x)
        conv.weights[0].value = Tensor.ones([2, 2, 1, 1])
        conv.weights[1].value = Tensor([1])
        assertTensorsClose(conv(x), Tensor(shape: [1, 2, 2, 1], scalars: [13, 17, 25, 29]))
    }

    func testKerasParamCountAndShapes() throws {
        let lenetConv = Conv2D(6, kernelSize: 5)
        let output = lenetConv(InputLayer(shape: [28, 28, 1]).makeOutput())
        XCTAssertEqual(output.shape, [24, 24, 6])
        XCTAssertEqual(lenetConv.countParams(), 156)
        XCTAssertEqual(lenetConv.weights.map(\.shape), [[5, 5, 1, 6], [6]])

        XCTAssertEqual(try Conv2D(8, kernelSize: 3, strides: 2, padding: .same).computeOutputShape([28, 28, 1]), [14, 14, 8])
        XCTAssertEqual(try Conv2D(8, kernelSize: 5, strides: 2).computeOutputShape([28, 28, 1]), [12, 12, 8])
        XCTAssertEqual(try Conv2D(4, kernelSize: (3, 1), padding: .same).computeOutputShape([7, 5, 2]), [7, 5, 4])
        XCTAssertEqual(try Conv2D(4, kernelSize: 3, strides: 2, padding: .same).computeOutputShape([7, 7, 2]), [4, 4, 4])
        // Eager 'same' with stride 2 agrees.
        XCTAssertEqual(Conv2D(2, kernelSize: 3, strides: 2, padding: .same)(Tensor.zeros([1, 28, 28, 1])).shape, [1, 14, 14, 2])
    }

    func testKernelLargerThanInputIsASymbolicErrorNamingLayerAndShapes() {
        let output = Conv2D(4, kernelSize: 5, name: "big_kernel")(InputLayer(shape: [3, 3, 1]).makeOutput())
        guard case let .shapeMismatch(context, expected, received)? = output.error else {
            return XCTFail("expected a shape mismatch, got \(String(describing: output.error))")
        }
        XCTAssertTrue(context.contains("'big_kernel'") && context.contains("kernelSize (5, 5)"), context)
        XCTAssertTrue(expected.contains("height ≥ 5"), expected)
        XCTAssertEqual(received, [3, 3, 1])
        // 'same' padding accepts it.
        XCTAssertNil(Conv2D(4, kernelSize: 5, padding: .same)(InputLayer(shape: [3, 3, 1]).makeOutput()).error)
    }

    func testWrongRankAndBadArgumentsThrow() {
        XCTAssertThrowsError(try Conv2D(4, kernelSize: 3).buildIfNeeded([[28, 28]])) { error in
            guard case .shapeMismatch(_, _, [28, 28])? = error as? DLError else { return XCTFail("\(error)") }
        }
        XCTAssertThrowsError(try Conv2D(0, kernelSize: 3).computeOutputShape([8, 8, 1])) { error in
            XCTAssertTrue("\(error)".hasSuffix("Received: filters=0"), "\(error)")
        }
        XCTAssertThrowsError(try Conv2D(2, kernelSize: 3, strides: 0).computeOutputShape([8, 8, 1])) { error in
            XCTAssertTrue("\(error)".hasSuffix("Received: strides=(0, 0)"), "\(error)")
        }
    }
}
