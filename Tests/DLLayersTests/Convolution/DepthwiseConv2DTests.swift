import DL
import DLTestSupport
import XCTest

final class DepthwiseConv2DTests: XCTestCase {
    func testConformance() {
        assertLayerConforms({ DepthwiseConv2D(kernelSize: 3) }, inputShape: [5, 5, 2],
                            weightNames: ["kernel", "bias"], paramCount: 3 * 3 * 2 + 2)
        assertLayerConforms({ DepthwiseConv2D(kernelSize: (2, 3), strides: (2, 1), padding: .same, depthMultiplier: 2,
                                              activation: .tanh) },
                            inputShape: [5, 4, 3], weightNames: ["kernel", "bias"], paramCount: 2 * 3 * 3 * 2 + 6)
        assertLayerConforms({ DepthwiseConv2D(kernelSize: 2, strides: 2, useBias: false, depthwiseRegularizer: .l2(0.01)) },
                            inputShape: [4, 4, 3], weightNames: ["kernel"], paramCount: 12)
    }

    func testKnownKernelAndBias() {
        let layer = DepthwiseConv2D(kernelSize: 2, depthMultiplier: 2)
        let x = Tensor(shape: [1, 2, 2, 1], scalars: [1, 2, 3, 4])
        _ = layer(x)
        layer.weights[0].value = Tensor(shape: [2, 2, 1, 2], scalars: [1, 0, 1, 0, 1, 0, 1, 1])
        layer.weights[1].value = Tensor([1, -1])
        XCTAssertEqual(layer(x).scalars, [11, 3])
    }

    func testKerasShapesAndParamCount() throws {
        let layer = DepthwiseConv2D(kernelSize: 3, strides: 2, padding: .same, depthMultiplier: 2)
        XCTAssertEqual(layer(InputLayer(shape: [9, 8, 3]).makeOutput()).shape, [5, 4, 6])
        XCTAssertEqual(layer.weights.map(\.shape), [[3, 3, 3, 2], [6]])
        XCTAssertEqual(layer.countParams(), 60)
        XCTAssertEqual(try DepthwiseConv2D(kernelSize: (3, 2), strides: (1, 2)).computeOutputShape([6, 6, 2]), [4, 3, 2])
    }

    func testOutputsEqualKeras() throws {
        try KerasOutputCase("depthwise_conv2d.valid").assertMatches(DepthwiseConv2D(kernelSize: 3))
        try KerasOutputCase("depthwise_conv2d.same_strides2_multiplier2").assertMatches(
            DepthwiseConv2D(kernelSize: (3, 2), strides: (2, 2), padding: .same, depthMultiplier: 2, activation: .tanh))
    }

    func testSettingsReadFromKerasJSON() throws {
        let entry = try KerasFixtures.load("layers", "depthwise.depthwise_conv2d.json")
        let layer = try XCTUnwrap(try DepthwiseConv2D.fromConfig(try XCTUnwrap(entry["config"])) as? DepthwiseConv2D)
        XCTAssertEqual([layer.kernelSize.0, layer.kernelSize.1, layer.strides.0, layer.depthMultiplier], [3, 3, 2, 2])
        XCTAssertEqual(layer.padding, .same)
        XCTAssertEqual(layer.depthwiseInitializer, .heNormal)
        XCTAssertEqual(layer.biasRegularizer, .l2(0.01))
        let plain = try KerasFixtures.load("layers", "separable.depthwise_conv2d_1.json")
        let second = try XCTUnwrap(try DepthwiseConv2D.fromConfig(try XCTUnwrap(plain["config"])) as? DepthwiseConv2D)
        XCTAssertEqual(second.settings, KernelSettings(activation: .tanh, useBias: false))
        XCTAssertEqual([second.kernelSize.0, second.kernelSize.1, second.strides.0, second.strides.1], [2, 3, 1, 2])
    }

    func testBadArgumentsAreDLErrors() {
        XCTAssertThrowsError(try DepthwiseConv2D(kernelSize: 3, depthMultiplier: 0).computeOutputShape([5, 5, 2])) {
            XCTAssertTrue("\($0)".contains("depthMultiplier must be a positive integer. Received: depthMultiplier=0"), "\($0)")
        }
        XCTAssertThrowsError(try DepthwiseConv2D(kernelSize: 0).computeOutputShape([5, 5, 2])) {
            XCTAssertTrue("\($0)".contains("Received: kernelSize=(0, 0)"), "\($0)")
        }
        XCTAssertThrowsError(try DepthwiseConv2D(kernelSize: 3, strides: -1).computeOutputShape([5, 5, 2]))
        XCTAssertThrowsError(try DepthwiseConv2D(kernelSize: 6).computeOutputShape([5, 5, 2]))
        XCTAssertThrowsError(try DepthwiseConv2D(kernelSize: 3).computeOutputShape([5, 5]))
        let output = DepthwiseConv2D(kernelSize: 4, name: "dw")(InputLayer(shape: [3, 3, 1]).makeOutput())
        XCTAssertTrue("\(output.error.map { "\($0)" } ?? "")".contains("dw"))
        XCTAssertThrowsError(try DepthwiseConv2D.fromConfig(["kernel_size": [3, 3], "dilation_rate": [2, 2]]))
        XCTAssertThrowsError(try DepthwiseConv2D.fromConfig(["kernel_size": [3, 3], "depthwise_constraint": "non_neg"]))
        XCTAssertThrowsError(try DepthwiseConv2D.fromConfig(["kernel_size": [3, 3], "kernel_initializer": "zeros"]))
    }
}
