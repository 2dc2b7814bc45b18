import DL
import DLTestSupport
import XCTest

final class SeparableConv2DTests: XCTestCase {
    func testConformance() {
        assertLayerConforms({ SeparableConv2D(3, kernelSize: 3) }, inputShape: [5, 5, 2],
                            weightNames: ["depthwise_kernel", "pointwise_kernel", "bias"], paramCount: 18 + 6 + 3)
        assertLayerConforms({ SeparableConv2D(2, kernelSize: 2, strides: 2, padding: .same, depthMultiplier: 2,
                                              activation: .tanh, depthwiseRegularizer: .l1(0.01), pointwiseRegularizer: .l2(0.01)) },
                            inputShape: [5, 4, 3], weightNames: ["depthwise_kernel", "pointwise_kernel", "bias"],
                            paramCount: 2 * 2 * 3 * 2 + 6 * 2 + 2)
        assertLayerConforms({ SeparableConv2D(4, kernelSize: (3, 1), useBias: false) }, inputShape: [4, 3, 2],
                            weightNames: ["depthwise_kernel", "pointwise_kernel"], paramCount: 6 + 8)
    }

    /// Depthwise then pointwise: the same as a DepthwiseConv2D followed by a 1×1 Conv2D.
    func testEqualsDepthwiseThenPointwise() {
        let x = Tensor.randomNormal([2, 6, 5, 3], seed: 1)
        let separable = SeparableConv2D(4, kernelSize: 3, strides: 2, padding: .same, depthMultiplier: 2, activation: .tanh)
        _ = separable(x)
        let depthwise = DepthwiseConv2D(kernelSize: 3, strides: 2, padding: .same, depthMultiplier: 2, useBias: false)
        let pointwise = Conv2D(4, kernelSize: 1, activation: .tanh)
        _ = pointwise(depthwise(x))
        depthwise.weights[0].value = separable.weights[0].value
        pointwise.weights[0].value = separable.weights[1].value
        pointwise.weights[1].value = Tensor.randomNormal([4], seed: 2)
        separable.weights[2].value = pointwise.weights[1].value
        assertTensorsClose(separable(x), pointwise(depthwise(x)), accuracy: 1e-6)
    }

    func testKerasShapesAndParamCount() throws {
        let layer = SeparableConv2D(4, kernelSize: (3, 2), depthMultiplier: 2, activation: .relu)
        XCTAssertEqual(layer(InputLayer(shape: [5, 4, 6]).makeOutput()).shape, [3, 3, 4])
        XCTAssertEqual(layer.weights.map(\.shape), [[3, 2, 6, 2], [1, 1, 12, 4], [4]])
        XCTAssertEqual(layer.countParams(), 72 + 48 + 4)
    }

    func testOutputsEqualKeras() throws {
        try KerasOutputCase("separable_conv2d.same_strides2_multiplier2").assertMatches(
            SeparableConv2D(4, kernelSize: 3, strides: 2, padding: .same, depthMultiplier: 2, activation: .relu))
        try KerasOutputCase("separable_conv2d.valid_no_bias").assertMatches(
            SeparableConv2D(5, kernelSize: (2, 3), useBias: false))
    }

    func testSettingsReadFromKerasJSON() throws {
        let entry = try KerasFixtures.load("layers", "depthwise.separable_conv2d.json")
        let layer = try XCTUnwrap(try SeparableConv2D.fromConfig(try XCTUnwrap(entry["config"])) as? SeparableConv2D)
        XCTAssertEqual([layer.filters, layer.kernelSize.0, layer.kernelSize.1, layer.depthMultiplier], [4, 3, 2, 2])
        XCTAssertEqual(layer.activation, .relu)
        XCTAssertEqual(layer.depthwiseInitializer, .glorotUniform)
        XCTAssertEqual(layer.depthwiseRegularizer, .l1(0.001))
        XCTAssertEqual(layer.pointwiseInitializer, .heUniform)
        XCTAssertEqual(layer.pointwiseRegularizer, .l2(0.02))
        XCTAssertEqual(layer.biasInitializer, .constant(0.1))
    }

    func testBadArgumentsAreDLErrors() {
        XCTAssertThrowsError(try SeparableConv2D(0, kernelSize: 3).computeOutputShape([5, 5, 2])) {
            XCTAssertTrue("\($0)".contains("Received: filters=0"), "\($0)")
        }
        XCTAssertThrowsError(try SeparableConv2D(2, kernelSize: 3, depthMultiplier: -1).computeOutputShape([5, 5, 2]))
        XCTAssertThrowsError(try SeparableConv2D(2, kernelSize: 3).computeOutputShape([2, 5, 2]))
        XCTAssertThrowsError(try SeparableConv2D(2, kernelSize: 3).computeOutputShape([5, 5, 2, 1]))
        XCTAssertThrowsError(try SeparableConv2D.fromConfig(["filters": 2, "kernel_size": [3, 3], "kernel_initializer": "zeros"]))
        XCTAssertThrowsError(try SeparableConv2D.fromConfig(["kernel_size": [3, 3]]))
    }
}
