import DLLayers
import DLTestSupport
import XCTest

/// The DLLayers initializers of API.md, spelled out with every label (this file compiling is half
/// the test), their defaults, and a LeNet-5 stack whose shapes and parameter counts match Keras.
final class APIContractTests: XCTestCase {
    func testInitializersWithEveryLabel() {
        let dense = Dense(10, activation: .relu, useBias: true, kernelInitializer: .heNormal, biasInitializer: .zeros,
                          kernelRegularizer: .l2(0.01), biasRegularizer: nil, inputShape: [4], name: "d")
        XCTAssertEqual(dense.inputShapeHint, [4])
        let conv = Conv2D(8, kernelSize: 3, strides: 1, padding: .same, activation: .relu, useBias: true,
                          kernelInitializer: .glorotUniform, biasInitializer: .zeros, kernelRegularizer: nil,
                          biasRegularizer: nil, inputShape: [28, 28, 1], name: "c")
        XCTAssertTrue(conv.kernelSize == (3, 3) && conv.strides == (1, 1))
        let conv1d = Conv1D(4, kernelSize: 3, strides: 1, padding: .valid, activation: .linear, useBias: true,
                            kernelInitializer: .glorotUniform, biasInitializer: .zeros, kernelRegularizer: nil,
                            biasRegularizer: nil, inputShape: [10, 1], name: "c1")
        XCTAssertEqual(conv1d.strides, 1)
        _ = [Flatten(inputShape: [2, 2]), Reshape([4]), Dropout(0.5, seed: 1), ActivationLayer(.relu), ReLU(),
             LeakyReLU(negativeSlope: 0.3), Softmax(axis: -1), ZeroPadding1D(padding: 1), ZeroPadding2D(padding: 1),
             MaxPooling2D(poolSize: 2, strides: nil, padding: .valid), AveragePooling2D(poolSize: 2, strides: nil, padding: .valid),
             GlobalAveragePooling2D(), GlobalMaxPooling2D()] as [Layer]
    }

    func testKerasDefaults() {
        let dense = Dense(3)
        XCTAssertEqual(dense.activation, .linear)
        XCTAssertTrue(dense.useBias)
        let conv = Conv2D(3, kernelSize: 5)
        XCTAssertTrue(conv.strides == (1, 1) && conv.padding == .valid && conv.useBias && conv.activation == .linear)
        XCTAssertTrue(MaxPooling2D().poolSize == (2, 2) && MaxPooling2D().strides == (2, 2) && MaxPooling2D().padding == .valid)
        XCTAssertTrue(AveragePooling2D(poolSize: 3).strides == (3, 3))
        XCTAssertNil(Dropout(0.2).seed)
        XCTAssertEqual(LeakyReLU().negativeSlope, 0.3)
        XCTAssertEqual(Softmax().axis, -1)
        XCTAssertTrue(ZeroPadding1D().padding == (1, 1))
        XCTAssertTrue(ZeroPadding2D().heightPadding == (1, 1) && ZeroPadding2D().widthPadding == (1, 1))
        XCTAssertEqual(Padding.same.rawValue, "same")
    }

    /// LeNet-5 as in the course (Keras `model.summary()`: 156, 2,416, 48,120, 10,164, 850 parameters).
    func testLeNet5ShapesAndParamCounts() {
        let layers: [Layer] = [
            Conv2D(6, kernelSize: 5, padding: .same, activation: .relu, inputShape: [28, 28, 1]), MaxPooling2D(),
            Conv2D(16, kernelSize: 5, activation: .relu), MaxPooling2D(), Flatten(),
            Dense(120, activation: .relu), Dense(84, activation: .relu), Dense(10, activation: .softmax),
        ]
        var x = InputLayer(shape: [28, 28, 1]).makeOutput()
        var shapes: [[Int]] = []
        for layer in layers {
            x = layer(x)
            XCTAssertNil(x.error)
            shapes.append(x.shape)
        }
        XCTAssertEqual(shapes, [[28, 28, 6], [14, 14, 6], [10, 10, 16], [5, 5, 16], [400], [120], [84], [10]])
        XCTAssertEqual(layers.map { $0.countParams() }, [156, 0, 2416, 0, 0, 48_120, 10_164, 850])
        let y = layers.reduce(Tensor.randomNormal([2, 28, 28, 1], seed: 1)) { $1($0) }
        XCTAssertEqual(y.shape, [2, 10])
        assertScalarsClose(y.sum(axis: 1).scalars, [1, 1], accuracy: 1e-5)
    }
}
