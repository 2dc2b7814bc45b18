import DL
import DLTestSupport
import XCTest

/// Layers rebuilt from the configurations Keras 3.15 wrote (`Tests/Fixtures/Keras/layers`) give
/// back exactly Keras's JSON, and hold the settings that JSON names.
final class KerasConfigFixtureTests: XCTestCase {
    private func fixture(_ name: String) throws -> (entry: LayerConfig, layer: Layer) {
        let entry = try KerasFixtures.load("layers", name + ".json")
        let className = try XCTUnwrap(entry["class_name"]?.stringValue)
        let type = try XCTUnwrap(LayerRegistry.layerType(named: className), className)
        return (entry, try type.fromConfig(try XCTUnwrap(entry["config"])))
    }

    func testEveryKerasLayerConfigComesBackExactly() throws {
        // The function that generate_merges.py registered in Python as package "swiftdl", name "double".
        Lambda.register(name: "swiftdl>double") { $0 * 2 }
        let names = try KerasFixtures.names(in: "layers")
        XCTAssertGreaterThanOrEqual(names.count, 30)
        var classes = Set<String>()
        for file in names {
            let (entry, layer) = try fixture(String(file.dropLast(5)))
            let className = try XCTUnwrap(entry["class_name"]?.stringValue)
            classes.insert(className)
            XCTAssertEqual(type(of: layer).kerasClassName, className, file)
            let expected = KerasFixtures.withoutActivationLayerNames(try XCTUnwrap(entry["config"]))
            XCTAssertEqual(layer.getConfig(), expected, file)
            // Built as Keras built it, the layer serializes as Keras's whole entry (build_config included).
            if let shape = entry["build_config"]?["input_shape"]?.arrayValue {
                // One shape, or a list of shapes for a layer called on several inputs (merges).
                let shapes = shape.first?.arrayValue != nil ? shape.compactMap(\.arrayValue) : [shape]
                try layer.buildIfNeeded(shapes.map { try $0.dropFirst().map { try XCTUnwrap($0.intValue) } })
            }
            XCTAssertEqual(LayerRegistry.serialize(layer), KerasFixtures.withoutActivationLayerNames(entry), file)
        }
        XCTAssertEqual(classes, Set(LayerRegistry.builtIn.keys).subtracting(LayerRegistry.swiftDLOnly),
                       "every built-in layer Keras has has a Keras-written fixture")
    }

    func testSettingsReadFromKerasJSON() throws {
        let conv = try XCTUnwrap(try fixture("lenet.conv2d").layer as? Conv2D)
        XCTAssertEqual([conv.filters, conv.kernelSize.0, conv.kernelSize.1, conv.strides.0], [6, 5, 5, 1])
        XCTAssertEqual(conv.padding, .same)
        XCTAssertEqual(conv.activation, .relu)
        XCTAssertEqual(conv.name, "conv2d")
        let conv1 = try XCTUnwrap(try fixture("lenet.conv2d_1").layer as? Conv2D)
        XCTAssertEqual(conv1.kernelInitializer, .heNormal)
        XCTAssertEqual(conv1.biasRegularizer, .l1(0.001))
        let dense = try XCTUnwrap(try fixture("lenet.dense").layer as? Dense)
        XCTAssertEqual(dense.units, 120)
        XCTAssertEqual(dense.settings, KernelSettings(activation: .relu, kernelInitializer: .heNormal, kernelRegularizer: .l2(0.01)))
        let dropout = try XCTUnwrap(try fixture("lenet.dropout").layer as? Dropout)
        XCTAssertEqual(dropout.rate, 0.5)
        XCTAssertEqual(dropout.seed, 42)
        XCTAssertEqual((try fixture("lenet.leaky_re_lu").layer as? LeakyReLU)?.negativeSlope, 0.1)
        XCTAssertEqual((try fixture("lenet.softmax").layer as? Softmax)?.axis, -1)
        XCTAssertEqual((try fixture("lenet.input_layer").layer as? InputLayer)?.inputShape, [28, 28, 1])

        let conv1d = try XCTUnwrap(try fixture("sequence.conv1d").layer as? Conv1D)
        XCTAssertEqual([conv1d.filters, conv1d.kernelSize, conv1d.strides], [4, 3, 2])
        XCTAssertEqual(conv1d.settings, KernelSettings(activation: .tanh, useBias: false))
        let padding1d = try XCTUnwrap(try fixture("sequence.zero_padding1d").layer as? ZeroPadding1D)
        XCTAssertEqual([padding1d.padding.before, padding1d.padding.after], [1, 2])
        XCTAssertEqual((try fixture("sequence.reshape").layer as? Reshape)?.targetShape, [4, 11])
        XCTAssertEqual((try fixture("sequence.activation").layer as? ActivationLayer)?.activation, .sigmoid)
        let relu = try XCTUnwrap(try fixture("sequence.re_lu").layer as? ReLU)
        XCTAssertEqual([relu.maxValue, relu.negativeSlope, relu.threshold], [6, 0.1, 0.5])
        let dense3 = try XCTUnwrap(try fixture("sequence.dense_3").layer as? Dense)
        XCTAssertEqual(dense3.settings, KernelSettings(kernelInitializer: .randomNormal(mean: 0, stddev: 0.02),
                                                       biasInitializer: .constant(0.1), kernelRegularizer: .l1l2(l1: 0.01, l2: 0.001)))
        XCTAssertEqual((try fixture("sequence.dense_4").layer as? Dense)?.activation, .leakyRelu(0.25))

        let padding2d = try XCTUnwrap(try fixture("images.zero_padding2d").layer as? ZeroPadding2D)
        XCTAssertEqual([padding2d.heightPadding.top, padding2d.heightPadding.bottom,
                        padding2d.widthPadding.left, padding2d.widthPadding.right], [1, 0, 2, 1])
        let conv2 = try XCTUnwrap(try fixture("images.conv2d_2").layer as? Conv2D)
        XCTAssertEqual([conv2.kernelSize.0, conv2.kernelSize.1, conv2.strides.0, conv2.strides.1], [3, 2, 2, 1])
        XCTAssertEqual([conv2.kernelInitializer, conv2.biasInitializer], [.orthogonal, .ones])
        let pool = try XCTUnwrap(try fixture("images.max_pooling2d_1").layer as? MaxPooling2D)
        XCTAssertEqual([pool.poolSize.0, pool.poolSize.1, pool.strides.0, pool.strides.1], [2, 2, 1, 1])
        XCTAssertEqual(pool.padding, .same)
        XCTAssertEqual((try fixture("images.global_max_pooling2d").layer as? GlobalMaxPooling2D)?.keepDims, true)
        let dense5 = try XCTUnwrap(try fixture("images.dense_5").layer as? Dense)
        XCTAssertEqual(dense5.settings, KernelSettings(activation: .swish, kernelInitializer: .lecunUniform,
                                                       biasInitializer: .randomUniform(min: -0.1, max: 0.1)))
        XCTAssertEqual((try fixture("images.activation_1").layer as? ActivationLayer)?.activation, .gelu)

        let average = try XCTUnwrap(try fixture("pooling.average_pooling2d_1").layer as? AveragePooling2D)
        XCTAssertEqual([average.poolSize.0, average.poolSize.1, average.strides.0, average.strides.1], [3, 3, 3, 3])
        XCTAssertEqual((try fixture("pooling.global_average_pooling2d").layer as? GlobalAveragePooling2D)?.keepDims, false)
        XCTAssertEqual((try fixture("pooling.dense_6").layer as? Dense)?.settings,
                       KernelSettings(activation: .sigmoid, kernelInitializer: .glorotNormal))
    }
}
