import DL
import XCTest

// This target imports only `DL`, as a user's own module would: everything below uses the public
// API that API.md's `Layer` section describes, and nothing from the test support target.

/// A user's layer: y = x · diag(scale) + offset on the last axis, with an optional ReLU.
/// Weights `scale` (ones) and `offset` (zeros), both `[features]`.
final class ScaleOffset: Layer {
    let useReLU: Bool
    private var scale: Variable?
    private var offset: Variable?

    init(useReLU: Bool = false, name: String? = nil, inputShape: [Int]? = nil) {
        self.useReLU = useReLU
        super.init(name: name, inputShape: inputShape)
    }

    override func build(inputShape: [Int]) throws {
        guard let features = inputShape.last else {
            throw DLError.shapeMismatch(context: errorContext, expected: "[..., features]", received: inputShape)
        }
        scale = addWeight(name: "scale", shape: [features], initializer: .ones)
        offset = addWeight(name: "offset", shape: [features], initializer: .zeros, regularizer: .l2(0.001))
    }

    override func computeOutputShape(_ inputShape: [Int]) throws -> [Int] { inputShape }

    override func call(_ input: Tensor, training: Bool) -> Tensor {
        let y = input * scale!.value + offset!.value
        return useReLU ? relu(y) : y
    }

    override func getConfig() -> LayerConfig { config(with: ["use_relu": .bool(useReLU)]) }

    override class func fromConfig(_ config: LayerConfig) throws -> Layer {
        try readConfig(config) { reader, base in
            ScaleOffset(useReLU: try reader.bool("use_relu", default: false), name: base.name, inputShape: base.inputShape)
        }
    }
}

final class CustomLayerTests: XCTestCase {
    func testBuildsWithKerasOrderedWeightsAndInfersShapesInAGraph() throws {
        let layer = ScaleOffset(name: "so")
        let input = Input(shape: [4])
        let output = layer(input)
        XCTAssertNil(output.error)
        XCTAssertEqual(output.shape, [4])
        XCTAssertEqual(layer.weights.map(\.name), ["scale", "offset"])
        XCTAssertEqual(layer.countParams(), 8)
        let model = Model(inputs: input, outputs: Dense(2)(output))
        XCTAssertEqual(model.layers.count, 3)
        let y = try model.predict(Tensor.ones([3, 4]))
        XCTAssertEqual(y.shape, [3, 2])
    }

    func testGradientsMatchCentralDifferences() {
        Random.seed(11)
        let layer = ScaleOffset(useReLU: true)
        let x = Variable(Tensor(shape: [2, 3], scalars: [0.5, -1.25, 2, -0.75, 1.5, 0.25]), name: "x")
        _ = layer(x.value)
        layer.weights[0].value = Tensor([1.5, -0.5, 2])
        layer.weights[1].value = Tensor([0.1, 0.2, -0.3])
        let projection = Tensor(shape: [2, 3], scalars: [1, -2, 0.5, 3, -1, 2])
        func loss() -> Tensor { (layer(x.value, training: true) * projection).sum() }
        let variables = layer.trainableWeights + [x]
        let (_, gradients) = valueWithGradient(wrt: variables) { loss() }
        let epsilon: Float = 1e-2
        for (variable, gradient) in zip(variables, gradients) {
            let original = variable.value
            for i in 0..<original.scalarCount {
                var plus = original.scalars, minus = original.scalars
                plus[i] += epsilon
                minus[i] -= epsilon
                variable.value = Tensor(shape: original.shape, scalars: plus)
                let up = loss().scalar
                variable.value = Tensor(shape: original.shape, scalars: minus)
                let down = loss().scalar
                variable.value = original
                XCTAssertEqual(gradient.scalars[i], (up - down) / (2 * epsilon), accuracy: 2e-3, "\(variable.name)[\(i)]")
            }
        }
    }

    func testTrainsInsideASequentialModel() throws {
        // Targets y = 3x − 1 on every feature: the layer alone can fit them exactly.
        Random.seed(5)
        let x = Tensor.randomUniform([256, 3], min: -1, max: 1, seed: 9)
        let y = x * 3 - 1
        let model = Sequential([InputLayer(shape: [3]), ScaleOffset(name: "affine")])
        model.compile(optimizer: Adam(learningRate: 0.05), loss: .meanSquaredError)
        let history = try model.fit(x: x, y: y, batchSize: 32, epochs: 30, verbose: 0)
        let losses = try XCTUnwrap(history.history["loss"])
        XCTAssertLessThan(losses.last!, 0.01 * losses.first!)
        let layer = try XCTUnwrap(model.layer(named: "affine"))
        for (scale, offset) in zip(layer.weights[0].value.scalars, layer.weights[1].value.scalars) {
            XCTAssertEqual(scale, 3, accuracy: 0.05)
            XCTAssertEqual(offset, -1, accuracy: 0.05)
        }
    }

    func testConfigRoundTripsAndRejectsUnknownKeys() throws {
        let layer = ScaleOffset(useReLU: true, name: "custom")
        let config = layer.getConfig()
        XCTAssertEqual(config["use_relu"], true)
        XCTAssertEqual(config["name"], "custom")
        let rebuilt = try ScaleOffset.fromConfig(config)
        XCTAssertTrue(rebuilt is ScaleOffset)
        XCTAssertEqual(rebuilt.getConfig(), config)
        // Through JSON text, as a file would carry it.
        XCTAssertEqual(try ScaleOffset.fromConfig(LayerConfig(json: config.json)).getConfig(), config)
        XCTAssertThrowsError(try ScaleOffset.fromConfig(["name": "c", "use_relu": "yes"])) { error in
            XCTAssertEqual("\(error)", #"ScaleOffset.fromConfig: key 'use_relu' must be true or false. Received: use_relu="yes""#)
        }
        XCTAssertThrowsError(try ScaleOffset.fromConfig(["name": "c", "gain": 2])) { error in
            XCTAssertTrue("\(error)".contains("unknown configuration key 'gain'"), "\(error)")
        }
    }
}
