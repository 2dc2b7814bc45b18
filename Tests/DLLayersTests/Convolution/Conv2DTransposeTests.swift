import DLLayers
import DLTestSupport
import XCTest

final class Conv2DTransposeTests: XCTestCase {
    func testConformance() {
        assertLayerConforms({ Conv2DTranspose(2, kernelSize: 3) }, inputShape: [3, 4, 2],
                            weightNames: ["kernel", "bias"], paramCount: 3 * 3 * 2 * 2 + 2)
        assertLayerConforms({ Conv2DTranspose(3, kernelSize: 3, strides: 2, padding: .same, activation: .tanh) },
                            inputShape: [3, 3, 2], weightNames: ["kernel", "bias"], paramCount: 3 * 3 * 3 * 2 + 3)
        assertLayerConforms({ Conv2DTranspose(2, kernelSize: (4, 3), strides: (2, 1), padding: .valid, activation: .sigmoid,
                                              biasInitializer: .constant(0.1)) },
                            inputShape: [2, 3, 3], weightNames: ["kernel", "bias"], paramCount: 4 * 3 * 2 * 3 + 2)
        assertLayerConforms({ Conv2DTranspose(2, kernelSize: 2, strides: 3, useBias: false, kernelRegularizer: .l2(0.01)) },
                            inputShape: [2, 2, 3], weightNames: ["kernel"], paramCount: 2 * 2 * 2 * 3)
    }

    /// API.md's initializer with every label, and Keras's defaults.
    func testInitializerWithEveryLabelAndKerasDefaults() {
        let layer = Conv2DTranspose(8, kernelSize: 3, strides: 2, padding: .same, activation: .relu, useBias: true,
                                    kernelInitializer: .heNormal, biasInitializer: .zeros, kernelRegularizer: .l2(0.01),
                                    biasRegularizer: nil, inputShape: [7, 7, 4], name: "up")
        XCTAssertTrue(layer.kernelSize == (3, 3) && layer.strides == (2, 2) && layer.padding == .same)
        XCTAssertEqual([layer.inputShapeHint, [layer.filters]], [[7, 7, 4], [8]])
        XCTAssertEqual(layer.name, "up")
        let plain = Conv2DTranspose(3, kernelSize: 5)
        XCTAssertTrue(plain.strides == (1, 1) && plain.padding == .valid)
        XCTAssertEqual(plain.settings, KernelSettings())
        XCTAssertTrue(plain.name.hasPrefix("conv2d_transpose"), plain.name)
    }

    /// Keras's outputs on the same weights and inputs: strides 1, 2 and 3, valid and same, kernels
    /// 2, 3, 4 (even), 5 and 3×2, ReLU and sigmoid, with and without bias, and 16 channels and
    /// filters (the Winograd path of the convolution it runs on).
    func testMatchesKerasOutputs() throws {
        let names = try KerasLayerOutputFixture.names(withPrefix: "conv2d_transpose_")
        XCTAssertGreaterThanOrEqual(names.count, 14)
        for name in names {
            let layer = try KerasLayerOutputFixture(name).assertLayerMatchesKeras()
            XCTAssertTrue(layer is Conv2DTranspose, name)
        }
    }

    /// Keras's kernel layout: `[kh, kw, filters, channels]`, filters before channels.
    func testKernelLayoutAndKnownOutput() throws {
        let layer = Conv2DTranspose(2, kernelSize: 1, strides: 2)
        let x = Tensor(shape: [1, 1, 2, 3], scalars: [1, 2, 3, 4, 5, 6])
        _ = layer(x)
        XCTAssertEqual(layer.weights.map(\.shape), [[1, 1, 2, 3], [2]])
        // Filter 0 sums the channels, filter 1 takes channel 2; bias (10, 20).
        layer.weights[0].value = Tensor(shape: [1, 1, 2, 3], scalars: [1, 1, 1, 0, 0, 1])
        layer.weights[1].value = Tensor([10, 20])
        // valid, kernel 1 < stride 2: (in − 1)·2 + 2 = 2 rows and 4 columns; cells between get only the bias.
        let y = layer(x)
        XCTAssertEqual(y.shape, [1, 2, 4, 2])
        XCTAssertEqual(y.scalars, [16, 23, 10, 20, 25, 26, 10, 20,
                                   10, 20, 10, 20, 10, 20, 10, 20])
    }

    func testKerasParamCountAndShapes() throws {
        // The VAE decoder of Keras's example: 7×7×64 → 14×14×64 → 28×28×32 → 28×28×1.
        let decoder = [Conv2DTranspose(64, kernelSize: 3, strides: 2, padding: .same, activation: .relu),
                       Conv2DTranspose(32, kernelSize: 3, strides: 2, padding: .same, activation: .relu),
                       Conv2DTranspose(1, kernelSize: 3, padding: .same, activation: .sigmoid)]
        var shape = [7, 7, 64]
        var symbolic = InputLayer(shape: shape).makeOutput()
        for layer in decoder {
            shape = try layer.computeOutputShape(shape)
            symbolic = layer(symbolic)
        }
        XCTAssertEqual(shape, [28, 28, 1])
        XCTAssertEqual(symbolic.shape, [28, 28, 1])
        XCTAssertEqual(decoder.map { $0.countParams() }, [36_928, 18_464, 289])
        XCTAssertEqual(try Conv2DTranspose(4, kernelSize: 5, strides: 2).computeOutputShape([7, 6, 3]), [17, 15, 4])
        XCTAssertEqual(try Conv2DTranspose(4, kernelSize: 2, strides: 3).computeOutputShape([7, 6, 3]), [21, 18, 4])
        XCTAssertEqual(try Conv2DTranspose(4, kernelSize: (4, 1), strides: (1, 2), padding: .same).computeOutputShape([5, 5, 1]),
                       [5, 10, 4])
    }

    func testConfigFromKeras() throws {
        let entry = try KerasFixtures.load("layers", "upsampling.conv2d_transpose.json")
        let layer = try XCTUnwrap(try Conv2DTranspose.fromConfig(try XCTUnwrap(entry["config"])) as? Conv2DTranspose)
        XCTAssertEqual([layer.filters, layer.kernelSize.0, layer.kernelSize.1, layer.strides.0, layer.strides.1], [4, 3, 3, 2, 2])
        XCTAssertEqual(layer.padding, .same)
        XCTAssertEqual(layer.settings, KernelSettings(activation: .relu, kernelInitializer: .heNormal, biasRegularizer: .l2(0.01)))
        let second = try KerasFixtures.load("layers", "upsampling.conv2d_transpose_1.json")
        let layer1 = try XCTUnwrap(try Conv2DTranspose.fromConfig(try XCTUnwrap(second["config"])) as? Conv2DTranspose)
        XCTAssertEqual([layer1.filters, layer1.kernelSize.0, layer1.kernelSize.1, layer1.strides.0, layer1.strides.1], [2, 4, 3, 1, 2])
        XCTAssertFalse(layer1.useBias)
        XCTAssertEqual(layer1.getConfig()["output_padding"], .null)
        XCTAssertNil(layer1.getConfig()["groups"])
    }

    func testErrors() throws {
        XCTAssertThrowsError(try Conv2DTranspose(0, kernelSize: 3).computeOutputShape([4, 4, 1])) { error in
            XCTAssertTrue("\(error)".hasSuffix("Received: filters=0"), "\(error)")
        }
        XCTAssertThrowsError(try Conv2DTranspose(2, kernelSize: 0).computeOutputShape([4, 4, 1])) { error in
            XCTAssertTrue("\(error)".hasSuffix("Received: kernelSize=(0, 0)"), "\(error)")
        }
        XCTAssertThrowsError(try Conv2DTranspose(2, kernelSize: 3, strides: -1).computeOutputShape([4, 4, 1])) { error in
            XCTAssertTrue("\(error)".hasSuffix("Received: strides=(-1, -1)"), "\(error)")
        }
        XCTAssertThrowsError(try Conv2DTranspose(2, kernelSize: 3).buildIfNeeded([[28, 28]])) { error in
            guard case .shapeMismatch(_, _, [28, 28])? = error as? DLError else { return XCTFail("\(error)") }
        }
        // A symbolic call on the wrong rank is an error naming the layer, not a crash.
        let output = Conv2DTranspose(2, kernelSize: 3, name: "deconv")(InputLayer(shape: [8]).makeOutput())
        XCTAssertTrue(output.error.map { "\($0)".contains("'deconv'") } ?? false, "\(String(describing: output.error))")
        // Keras's output_padding is not supported: refused by name rather than ignored.
        var config = Conv2DTranspose(2, kernelSize: 3, strides: 2).getConfig().objectValue ?? [:]
        config["output_padding"] = [1, 1]
        XCTAssertThrowsError(try Conv2DTranspose.fromConfig(.object(config))) { error in
            XCTAssertTrue("\(error)".contains("output_padding"), "\(error)")
        }
        config["output_padding"] = nil
        config["dilation_rate"] = [2, 2]
        XCTAssertThrowsError(try Conv2DTranspose.fromConfig(.object(config))) { error in
            XCTAssertTrue("\(error)".contains("dilation_rate"), "\(error)")
        }
    }
}
