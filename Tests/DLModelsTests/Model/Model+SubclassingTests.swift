import DL
import DLTestSupport
import Foundation
import XCTest

/// A subclassed MLP: its layers are properties, found from those its first call uses.
private final class MLP: Model {
    let hidden = Dense(8, activation: .tanh, name: "mlp_hidden")
    let head = Dense(2, activation: .softmax, name: "mlp_head")
    let neverCalled = Dense(100, name: "never_called")

    override func call(_ inputs: [Tensor], training: Bool) -> Tensor { head(hidden(inputs[0])) }
}

/// A subclassed model whose call bypasses `callAsFunction` (not traced) and lists its layer itself.
private final class ListsItsLayers: Model {
    let dense = Dense(1, name: "listed")

    override var sublayers: [Layer] { [dense] }
    override func call(_ inputs: [Tensor], training: Bool) -> Tensor {
        if !dense.isBuilt { try? dense.buildIfNeeded([Array(inputs[0].shape.dropFirst())]) }
        return dense.call(inputs[0], training: training)
    }
}

/// A VAE-like model: its own step with two loss terms, logged through `MeanMetric`s, no targets.
private final class TwoTermAutoencoder: Model {
    let encoder = Dense(2, name: "encoder")
    let decoder = Dense(4, name: "decoder")
    let total = MeanMetric(name: "loss")
    let reconstruction = MeanMetric(name: "reconstruction_loss")
    let kl = MeanMetric(name: "kl_loss")
    /// Each step's reconstruction loss, in order.
    private(set) var stepReconstructions: [Float] = []

    override var trackers: [MeanMetric] { [total, reconstruction, kl] }

    override func call(_ inputs: [Tensor], training: Bool) -> Tensor {
        decoder(encoder(inputs[0], training: training), training: training)
    }

    override func trainStep(x: [Tensor], y: [Tensor]) throws -> [String: Float] {
        XCTAssertTrue(y.isEmpty)
        let variables = trainableWeights
        var reconstructionLoss = Tensor(0), klLoss = Tensor(0)
        let (value, gradients) = valueWithGradient(wrt: variables) { () -> Tensor in
            let z = encoder(x[0], training: true)
            reconstructionLoss = square(decoder(z, training: true) - x[0]).mean()
            klLoss = square(z).mean() * 0.01
            return reconstructionLoss + klLoss
        }
        optimizer!.apply(gradients: gradients, to: variables)
        stepReconstructions.append(reconstructionLoss.scalar)
        total.update(value.scalar)
        reconstruction.update(reconstructionLoss.scalar)
        kl.update(klLoss.scalar)
        return ["loss": total.result, "reconstruction_loss": reconstruction.result, "kl_loss": kl.result]
    }
}

/// Keras's subclassing API: layers found by tracing the first call, `trainStep` overrides, `fit`
/// without targets.
final class ModelSubclassingTests: XCTestCase {
    private func blobs() -> (x: Tensor, y: Tensor) {
        let x = Tensor.randomNormal([40, 3], seed: 5)
        let rows = x.scalars
        return (x, Tensor((0..<40).map { rows[3 * $0] - rows[3 * $0 + 2] > 0 ? 1 : 0 }))
    }

    func testASubclassedMLPFindsItsLayersAndTrains() throws {
        Random.seed(2)
        let model = MLP(name: "mlp")
        XCTAssertTrue(model.weights.isEmpty, "built from the first data")
        model.compile(optimizer: Adam(learningRate: 0.05), loss: .sparseCategoricalCrossentropy, metrics: [.accuracy])
        let (x, y) = blobs()
        let history = try model.fit(x: x, y: y, batchSize: 8, epochs: 30, verbose: 0)
        XCTAssertEqual(model.layers.map(\.name), ["mlp_hidden", "mlp_head"], "only the layers its call uses")
        XCTAssertEqual(model.countParams(), 3 * 8 + 8 + 8 * 2 + 2)
        XCTAssertEqual(model.trainableWeights.count, 4)
        XCTAssertGreaterThan(history.history["accuracy"]!.last!, 0.9)
        XCTAssertLessThan(history.history["loss"]!.last!, history.history["loss"]!.first!)
        XCTAssertEqual(try model.predict(x).shape, [40, 2])
        XCTAssertEqual(try model.evaluate(x: x, y: y).keys.sorted(), ["accuracy", "loss"])
        XCTAssertTrue(model.summaryTable().contains("mlp_head (Dense)"), model.summaryTable())
        XCTAssertThrowsError(try model.predict(Tensor.ones([2, 4]))) { error in
            XCTAssertTrue("\(error)".contains("built for input shapes [[3]]"), "\(error)")
        }
    }

    func testASubclassedModelIsCallableEagerlyAndInAGraph() throws {
        let model = MLP()
        let x = Tensor.ones([2, 3])
        let eager = model(x)
        XCTAssertEqual(eager.shape, [2, 2])
        let input = Input(shape: [3])
        let outer = Model(inputs: input, outputs: Dense(1, name: "after_mlp")(model(input)))
        XCTAssertNil(outer.graphError)
        XCTAssertEqual(outer.weights.count, 6)
        assertTensorsClose(try outer.predict(x), outer.layer(named: "after_mlp")!(eager))
    }

    func testAnExplicitSublayersOverrideStillWorks() throws {
        let model = ListsItsLayers()
        model.compile(optimizer: SGD(learningRate: 0.1), loss: .meanSquaredError)
        let x = Tensor.ones([4, 2])
        try model.fit(x: x, y: Tensor.zeros([4, 1]), verbose: 0)
        XCTAssertEqual(model.weights.count, 2)
        XCTAssertTrue(model.layers.isEmpty, "its call used no callAsFunction")
        XCTAssertEqual(model.trainableWeights.map(\.name), ["kernel", "bias"])
    }

    func testACustomStepWithTwoLossTermsTrainsWithoutTargets() throws {
        Random.seed(9)
        let model = TwoTermAutoencoder()
        model.compile(optimizer: Adam(learningRate: 0.02))
        let x = Tensor.randomUniform([24, 4], seed: 3)
        var batchLogs: [[String: Float]] = []
        var history: History?
        let output = try capturing(STDOUT_FILENO) {
            history = try model.fit(x: x, batchSize: 8, epochs: 3, verbose: 2,
                                    callbacks: [LambdaCallback(onBatchEnd: { _, logs in batchLogs.append(logs) })], shuffle: false)
        }
        XCTAssertEqual(model.layers.map(\.name), ["encoder", "decoder"])
        XCTAssertEqual(history?.history.keys.sorted(), ["kl_loss", "loss", "reconstruction_loss"])
        XCTAssertEqual(batchLogs.count, 9)
        let losses = try XCTUnwrap(history?.history["loss"])
        XCTAssertLessThan(losses[2], losses[0])
        // The trackers restart each epoch: epoch 2's log is the mean of its own three steps.
        let epoch2 = model.stepReconstructions[6..<9].reduce(0, +) / 3
        XCTAssertEqual(history!.history["reconstruction_loss"]![2], epoch2, accuracy: 1e-6)
        XCTAssertTrue(output.contains("Epoch 3/3"), output)
        XCTAssertTrue(output.contains("reconstruction_loss: "), output)
        // The standard steps need a loss.
        XCTAssertThrowsError(try model.evaluate(x: [x])) { error in
            XCTAssertTrue("\(error)".contains("testStep: the model was compiled without a loss"), "\(error)")
        }
        XCTAssertThrowsError(try MLPWithoutLoss().fit(x: x, verbose: 0)) { error in
            XCTAssertTrue("\(error)".contains("compiled without a loss"), "\(error)")
        }
    }

    func testAModelCompiledWithALossNeedsTargets() throws {
        let model = MLP()
        model.compile(optimizer: SGD(), loss: .meanSquaredError)
        XCTAssertThrowsError(try model.fit(x: Tensor.ones([4, 3]), verbose: 0)) { error in
            XCTAssertTrue("\(error)".hasSuffix("Received: 0 target tensors"), "\(error)")
        }
    }
}

/// An MLP compiled without a loss: its standard step has nothing to train.
private final class MLPWithoutLoss: Model {
    let dense = Dense(4)
    init() {
        super.init(name: nil)
        compile(optimizer: SGD())
    }

    override func call(_ inputs: [Tensor], training: Bool) -> Tensor { dense(inputs[0]) }
}
