import DL
import XCTest

/// Activations to and from Keras's serialized form.
final class ActivationConfigTests: XCTestCase {
    private func read(_ value: LayerConfig) throws -> Activation {
        try Activation(kerasConfig: value, owner: "Dense", key: "activation")
    }

    func testEveryActivationRoundTrips() throws {
        let all: [Activation] = [.linear, .relu, .sigmoid, .tanh, .softmax, .elu, .selu, .softplus, .softsign,
                                 .hardSigmoid, .swish, .gelu, .exponential, .leakyRelu(0.2), .leakyRelu(0.05)]
        for activation in all {
            XCTAssertEqual(try read(activation.kerasConfig), activation)
            XCTAssertEqual(try read(LayerConfig(json: activation.kerasConfig.json)), activation)
        }
    }

    func testKeras3Strings() throws {
        XCTAssertEqual(Activation.relu.kerasConfig, "relu")
        XCTAssertEqual(Activation.hardSigmoid.kerasConfig, "hard_sigmoid")
        XCTAssertEqual(Activation.swish.kerasConfig, "silu")
        XCTAssertEqual(try read("swish"), .swish)
        XCTAssertEqual(try read(nil), .linear)
    }

    func testLeakyReluSlopes() throws {
        // Keras's leaky_relu function has slope 0.2; any other slope is written as a LeakyReLU layer.
        XCTAssertEqual(Activation.leakyRelu(0.2).kerasConfig, "leaky_relu")
        let other = Activation.leakyRelu(0.1).kerasConfig
        XCTAssertEqual(other["class_name"], "LeakyReLU")
        XCTAssertEqual(other["config"]?["negative_slope"], 0.1)
        XCTAssertEqual(try read(["module": "keras.layers", "class_name": "LeakyReLU",
                                 "config": ["name": "leaky_re_lu_3", "negative_slope": 0.25], "registered_name": nil]), .leakyRelu(0.25))
        XCTAssertThrowsError(try read(["class_name": "PReLU", "config": [:]])) {
            XCTAssertTrue("\($0)".contains("'activation'"), "\($0)")
        }
        XCTAssertThrowsError(try read("relu7")) { XCTAssertTrue("\($0)".contains("relu7"), "\($0)") }
    }
}
