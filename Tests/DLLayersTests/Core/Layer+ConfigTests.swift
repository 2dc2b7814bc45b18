import DL
import DLTestSupport
import XCTest

/// A user's layer as API.md's `Layer` section describes it, with its configuration pair.
private final class ScaledShift: Layer {
    let factor: Float
    private var shift: Variable?

    init(factor: Float, name: String? = nil) {
        self.factor = factor
        super.init(name: name)
    }

    override func build(inputShape: [Int]) throws {
        shift = addWeight(name: "shift", shape: [inputShape[inputShape.count - 1]], initializer: .randomNormal())
    }

    override func call(_ input: Tensor, training: Bool) -> Tensor { input * factor + shift!.value }

    override func getConfig() -> LayerConfig { config(with: ["factor": .float(factor)]) }

    override class func fromConfig(_ config: LayerConfig) throws -> Layer {
        try readConfig(config) { reader, base in ScaledShift(factor: try reader.float("factor"), name: base.name) }
    }
}

/// The base keys every layer's configuration holds, the keys some Keras version writes, and the
/// errors for the ones that cannot be honoured.
final class LayerConfigBaseTests: XCTestCase {
    private func assertRejected(_ type: Layer.Type, _ config: LayerConfig, naming key: String,
                                file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try type.fromConfig(config), file: file, line: line) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains(type.kerasClassName) && text.contains("'\(key)'") && text.contains("Received"),
                          text, file: file, line: line)
        }
    }

    func testBaseKeysAsKeras3WritesThem() throws {
        let layer = Flatten(name: "flat")
        layer.trainable = false
        XCTAssertEqual(layer.getConfig(), ["name": "flat", "trainable": false, "data_format": "channels_last",
                                           "dtype": ["module": "keras", "class_name": "DTypePolicy",
                                                     "config": ["name": "float32"], "registered_name": nil]])
        let rebuilt = try Flatten.fromConfig(layer.getConfig())
        XCTAssertEqual(rebuilt.name, "flat")
        XCTAssertFalse(rebuilt.trainable)
    }

    func testCustomLayerConformsWithItsConfiguration() throws {
        assertLayerConforms({ ScaledShift(factor: 1.5) }, inputShape: [3], weightNames: ["shift"], paramCount: 3)
        let config = ScaledShift(factor: 0.3, name: "shifted").getConfig()
        XCTAssertEqual(config["factor"], 0.3)
        XCTAssertEqual(config["name"], "shifted")
        XCTAssertThrowsError(try ScaledShift.fromConfig(["factor": 0.3, "offset": 1])) { error in
            XCTAssertEqual("\(error)", "ScaledShift.fromConfig: unknown configuration key 'offset'. Received: offset=1")
        }
    }

    func testKeras2FormsAreRead() throws {
        // Keras 2: a plain "float32" dtype, batch_input_shape on the first layer, initializers
        // without module, null constraints and activity regularizer.
        let config: LayerConfig = [
            "name": "dense_7", "trainable": true, "dtype": "float32", "batch_input_shape": [nil, 784], "units": 10,
            "activation": "softmax", "use_bias": true,
            "kernel_initializer": ["class_name": "GlorotUniform", "config": ["seed": nil]],
            "bias_initializer": ["class_name": "Zeros", "config": [:]],
            "kernel_regularizer": ["class_name": "L2", "config": ["l2": 0.009999999776482582]], "bias_regularizer": nil,
            "activity_regularizer": nil, "kernel_constraint": nil, "bias_constraint": nil,
        ]
        let dense = try XCTUnwrap(try Dense.fromConfig(config) as? Dense)
        XCTAssertEqual(dense.inputShapeHint, [784])
        XCTAssertEqual(dense.settings, KernelSettings(activation: .softmax, kernelRegularizer: .l2(0.01)))
        let leaky = try XCTUnwrap(try LeakyReLU.fromConfig(["name": "leaky", "alpha": 0.2, "dtype": "float32"]) as? LeakyReLU)
        XCTAssertEqual(leaky.negativeSlope, 0.2)
        let input = try XCTUnwrap(try InputLayer.fromConfig(["batch_input_shape": [nil, 28, 28], "dtype": "float32",
                                                             "sparse": false, "ragged": false, "name": "in"]) as? InputLayer)
        XCTAssertEqual(input.inputShape, [28, 28])
        // Keras 3.2's FloatDTypePolicy and a null dtype are float32 too.
        let policy: LayerConfig = ["module": "keras", "class_name": "FloatDTypePolicy", "config": ["name": "float32"], "registered_name": nil]
        XCTAssertNoThrow(try Flatten.fromConfig(["dtype": policy]))
        XCTAssertNoThrow(try Flatten.fromConfig(["dtype": nil]))
    }

    func testUnknownAndIllTypedKeysAreRejectedNamingLayerAndKey() {
        assertRejected(Dense.self, ["units": 4, "unit_count": 4], naming: "unit_count")
        assertRejected(Dense.self, ["units": "4"], naming: "units")
        XCTAssertThrowsError(try Dense.fromConfig([:])) { error in
            XCTAssertEqual("\(error)", "Dense.fromConfig: the required key 'units' is missing")
        }
        assertRejected(Dense.self, ["units": 4, "use_bias": 1], naming: "use_bias")
        assertRejected(Dense.self, ["units": 4, "activation": "relu6x"], naming: "activation")
        assertRejected(Dense.self, ["units": 4, "kernel_initializer": "glorot_sideways"], naming: "kernel_initializer")
        assertRejected(Dense.self, ["units": 4, "kernel_regularizer": ["class_name": "L3", "config": [:]]], naming: "kernel_regularizer")
        assertRejected(Dense.self, ["units": 4, "kernel_constraint": ["class_name": "MaxNorm", "config": [:]]], naming: "kernel_constraint")
        assertRejected(Dense.self, ["units": 4, "lora_rank": 4], naming: "lora_rank")
        assertRejected(Conv2D.self, ["filters": 4, "kernel_size": 3, "data_format": "channels_first"], naming: "data_format")
        assertRejected(Conv2D.self, ["filters": 4, "kernel_size": 3, "dilation_rate": [2, 2]], naming: "dilation_rate")
        assertRejected(Conv2D.self, ["filters": 4, "kernel_size": 3, "groups": 2], naming: "groups")
        assertRejected(Conv2D.self, ["filters": 4, "kernel_size": [3, 3, 3]], naming: "kernel_size")
        assertRejected(Conv1D.self, ["filters": 4, "kernel_size": 3, "padding": "causal"], naming: "padding")
        assertRejected(MaxPooling2D.self, ["pool_size": [2, 2], "padding": "full"], naming: "padding")
        assertRejected(Dropout.self, ["rate": 0.5, "noise_shape": [nil, 1]], naming: "noise_shape")
        assertRejected(Flatten.self, ["dtype": "float16"], naming: "dtype")
        assertRejected(Flatten.self, ["dtype": ["module": "keras", "class_name": "DTypePolicy",
                                                "config": ["name": "mixed_float16"], "registered_name": nil]], naming: "dtype")
        assertRejected(Flatten.self, ["batch_input_shape": [nil, nil, 3]], naming: "batch_input_shape")
        assertRejected(InputLayer.self, ["batch_shape": [nil, 4], "sparse": true], naming: "sparse")
        assertRejected(Reshape.self, ["target_shape": [2, "x"]], naming: "target_shape")
    }

    func testErrorTextForAnUnknownKey() {
        XCTAssertThrowsError(try Dense.fromConfig(["units": 4, "kernel_size": 3])) { error in
            XCTAssertEqual("\(error)", "Dense.fromConfig: unknown configuration key 'kernel_size'. Received: kernel_size=3")
        }
        XCTAssertThrowsError(try Layer.fromConfig(["name": "custom"])) { error in
            XCTAssertTrue("\(error)".contains("does not implement fromConfig"), "\(error)")
        }
    }
}
