import DLLayers
import DLTestSupport
import XCTest

/// Keras's default layer names: the snake-cased class name, then `_1`, `_2`, ... per class.
final class LayerNamesTests: XCTestCase {
    func testKerasDefaultNames() {
        LayerNames.reset()
        XCTAssertEqual(Dense(1).name, "dense")
        XCTAssertEqual(Dense(1).name, "dense_1")
        XCTAssertEqual(Conv2D(1, kernelSize: 3).name, "conv2d")
        XCTAssertEqual(Conv1D(1, kernelSize: 3).name, "conv1d")
        XCTAssertEqual(MaxPooling2D().name, "max_pooling2d")
        XCTAssertEqual(AveragePooling2D().name, "average_pooling2d")
        XCTAssertEqual(GlobalAveragePooling2D().name, "global_average_pooling2d")
        XCTAssertEqual(GlobalMaxPooling2D().name, "global_max_pooling2d")
        XCTAssertEqual(ReLU().name, "re_lu")
        XCTAssertEqual(LeakyReLU().name, "leaky_re_lu")
        XCTAssertEqual(ActivationLayer(.relu).name, "activation")
        XCTAssertEqual(Softmax().name, "softmax")
        XCTAssertEqual(Flatten().name, "flatten")
        XCTAssertEqual(Reshape([1]).name, "reshape")
        XCTAssertEqual(Dropout(0.5).name, "dropout")
        XCTAssertEqual(ZeroPadding1D().name, "zero_padding1d")
        XCTAssertEqual(ZeroPadding2D().name, "zero_padding2d")
        XCTAssertEqual(Dense(1, name: "head").name, "head")
        XCTAssertEqual(Dense(1).name, "dense_2", "an explicit name does not use up a number")
    }
}
