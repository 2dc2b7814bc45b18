import DL
import DLTestSupport
import XCTest

/// BatchNormalization: the conformance check in both modes, the moving statistics against a hand
/// computation, the frozen layer's inference mode, its configuration pair, and bad settings.
final class BatchNormalizationTests: XCTestCase {
    private let names = ["gamma", "beta", "moving_mean", "moving_variance"]

    func testAPIContractAndKerasDefaults() {
        let layer = BatchNormalization(axis: -1, momentum: 0.99, epsilon: 0.001)
        let defaults = BatchNormalization()
        XCTAssertEqual([defaults.axis], [layer.axis])
        XCTAssertEqual([defaults.momentum, defaults.epsilon], [0.99, 0.001])
        XCTAssertTrue(defaults.center && defaults.scale)
        XCTAssertEqual([defaults.betaInitializer, defaults.gammaInitializer, defaults.movingMeanInitializer,
                        defaults.movingVarianceInitializer], [.zeros, .ones, .zeros, .ones])
        XCTAssertNil(defaults.betaRegularizer ?? defaults.gammaRegularizer)
        XCTAssertTrue(defaults.name.hasPrefix("batch_normalization"))
        _ = defaults(Tensor.zeros([2, 3]))
        XCTAssertEqual(defaults.trainableWeights.map(\.name), ["gamma", "beta"])
        XCTAssertEqual(defaults.nonTrainableWeights.map(\.name), ["moving_mean", "moving_variance"])
    }

    func testConformsAtInference() {
        assertLayerConforms({ BatchNormalization() }, inputShape: [3, 4], weightNames: names, paramCount: 16)
        assertLayerConforms({ BatchNormalization(axis: 1, center: false) }, inputShape: [3, 4],
                            weightNames: ["gamma", "moving_mean", "moving_variance"], paramCount: 9)
    }

    func testConformsWhenTraining() {
        // Batch statistics depend on the input: the input gradient checks the fused backward.
        let input = Tensor.randomNormal([4, 3, 2, 5], mean: 0.5, stddev: 1.2, seed: 21)
        assertLayerConforms({ BatchNormalization(betaInitializer: .randomNormal(mean: 0, stddev: 0.3),
                                                 gammaInitializer: .randomUniform(min: 0.5, max: 1.5)) },
                            inputShape: [3, 2, 5], weightNames: names, paramCount: 20, input: input, training: true)
        assertLayerConforms({ BatchNormalization(axis: -3, momentum: 0.5, scale: false, betaRegularizer: .l1(0.01),
                                                 gammaRegularizer: .l2(0.01)) },
                            inputShape: [3, 2, 5], weightNames: ["beta", "moving_mean", "moving_variance"], paramCount: 9,
                            input: input, training: true)
    }

    func testMovingStatisticsFollowKerasUpdateRule() throws {
        let layer = BatchNormalization(momentum: 0.9)
        var mean = [Double](repeating: 0, count: 3), variance = [Double](repeating: 1, count: 3)
        for step in 0..<4 {
            let x = Tensor.randomNormal([5, 2, 3], mean: Float(step), stddev: Float(step + 1), seed: UInt64(30 + step))
            _ = layer(x, training: true)
            let batch = BatchNormKernels.referenceMoments(x.scalars, outer: 10, channels: 3, inner: 1)
            for c in 0..<3 {
                mean[c] = mean[c] * 0.9 + Double(batch.mean[c]) * 0.1
                variance[c] = variance[c] * 0.9 + Double(batch.variance[c]) * 0.1
            }
        }
        assertScalarsClose(try XCTUnwrap(layer.movingMean).value.scalars, mean.map { Float($0) }, accuracy: 1e-5)
        assertScalarsClose(try XCTUnwrap(layer.movingVariance).value.scalars, variance.map { Float($0) }, accuracy: 1e-5)
        // Inference neither uses nor changes the batch statistics.
        let x = Tensor.randomNormal([4, 2, 3], seed: 40)
        let before = layer.weights.map(\.value)
        let y = layer(x, training: false)
        XCTAssertEqual(layer.weights.map(\.value), before)
        let expected = BatchNormKernels.referenceNormalize(x.scalars, outer: 8, channels: 3, inner: 1, mean: mean.map { Float($0) },
                                                           variance: variance.map { Float($0) }, gamma: [1, 1, 1], beta: [0, 0, 0],
                                                           epsilon: 0.001)
        assertScalarsClose(y.scalars, expected, accuracy: 1e-5)
    }

    func testMovingStatisticsAreUpdatedOutsideTheTape() throws {
        let layer = BatchNormalization()
        let x = Variable(Tensor.randomNormal([6, 4], seed: 41), name: "x")
        _ = layer(x.value)
        let (_, gradients) = valueWithGradient(wrt: layer.trainableWeights + [x]) { layer(x.value, training: true).sum() }
        // Σ of a normalized channel is β·count whatever x: dβ = count, dγ = Σx̂ = 0, dx = 0.
        assertScalarsClose(gradients[1].scalars, [6, 6, 6, 6])
        assertScalarsClose(gradients[0].scalars, [0, 0, 0, 0], accuracy: 1e-5)
        assertScalarsClose(gradients[2].scalars, [Float](repeating: 0, count: 24), accuracy: 1e-5)
        XCTAssertNotEqual(try XCTUnwrap(layer.movingMean).value.scalars, [0, 0, 0, 0])
        XCTAssertFalse(try XCTUnwrap(layer.movingMean).value.isOnActiveTape)
    }

    func testFrozenLayerRunsInInferenceModeWhenTraining() throws {
        let layer = BatchNormalization(movingMeanInitializer: .constant(0.5), movingVarianceInitializer: .constant(4))
        let x = Tensor.randomNormal([3, 2], mean: 3, seed: 42)
        let inference = layer(x, training: false)
        XCTAssertNotEqual(layer(x, training: true), inference, "trainable: batch statistics")
        let moved = try XCTUnwrap(layer.movingMean).value
        layer.trainable = false
        XCTAssertEqual(layer.trainableWeights.count, 0)
        let frozen = BatchNormalization(movingMeanInitializer: .constant(0.5), movingVarianceInitializer: .constant(4))
        frozen.trainable = false
        XCTAssertEqual(frozen(x, training: true), inference)
        XCTAssertEqual(try XCTUnwrap(frozen.movingMean).value.scalars, [0.5, 0.5])
        _ = layer(x, training: true)
        XCTAssertEqual(try XCTUnwrap(layer.movingMean).value, moved, "a frozen layer keeps its moving statistics")
    }

    func testConfigurationRoundTripsWithEverySetting() throws {
        let layer = BatchNormalization(axis: 1, momentum: 0.8, epsilon: 1e-5, center: false, scale: true,
                                       betaInitializer: .constant(0.1), gammaInitializer: .randomNormal(mean: 1, stddev: 0.02),
                                       movingMeanInitializer: .ones, movingVarianceInitializer: .constant(2),
                                       betaRegularizer: .l1(0.01), gammaRegularizer: .l2(0.001), name: "bn")
        let input = Tensor.randomNormal([2, 3, 4], seed: 43)
        _ = layer(input, training: true)   // built, with moving statistics of its own
        assertConfigRoundTrips(layer, input: input)
        let config = layer.getConfig()
        XCTAssertEqual(config["momentum"], 0.8)
        XCTAssertEqual(config["epsilon"], 1e-5)
        XCTAssertEqual(config["center"], false)
        XCTAssertEqual(config["renorm"], false)
        XCTAssertEqual(config["gamma_regularizer"]?["config"]?["l2"], 0.001)
        let rebuilt = try XCTUnwrap(try BatchNormalization.fromConfig(config) as? BatchNormalization)
        XCTAssertEqual([rebuilt.axis], [1])
        XCTAssertEqual(rebuilt.movingVarianceInitializer, .constant(2))
        XCTAssertEqual(rebuilt.gammaRegularizer, .l2(0.001))
    }

    func testSettingsReadFromKerasJSON() throws {
        func layer(_ name: String) throws -> BatchNormalization {
            let entry = try KerasFixtures.load("layers", "batchnorm.\(name).json")
            return try XCTUnwrap(try BatchNormalization.fromConfig(try XCTUnwrap(entry["config"])) as? BatchNormalization)
        }
        let plain = try layer("batch_normalization")
        XCTAssertEqual([plain.axis], [-1])
        XCTAssertEqual([plain.momentum, plain.epsilon], [0.99, 0.001])
        XCTAssertEqual([plain.center, plain.scale], [true, true])
        let second = try layer("batch_normalization_1")
        XCTAssertEqual([second.axis], [1])
        XCTAssertEqual([second.momentum, second.epsilon], [0.9, 1e-5])
        XCTAssertFalse(second.center)
        XCTAssertEqual(second.gammaInitializer, .randomNormal(mean: 1, stddev: 0.02))
        XCTAssertEqual(second.gammaRegularizer, .l2(1e-4))
        let third = try layer("batch_normalization_2")
        XCTAssertEqual([third.axis], [-2])
        XCTAssertFalse(third.scale)
        XCTAssertEqual([third.betaInitializer, third.movingVarianceInitializer], [.ones, .constant(2)])
        XCTAssertEqual(third.betaRegularizer, .l1(0.01))
    }

    func testUnsupportedSettingsInAConfigurationAreRefused() {
        let base = BatchNormalization().getConfig()
        func refused(_ key: String, _ value: LayerConfig, _ fragment: String, line: UInt = #line) {
            guard case .object(var members) = base else { return XCTFail("not an object") }
            members[key] = value
            XCTAssertThrowsError(try BatchNormalization.fromConfig(.object(members)), line: line) { error in
                XCTAssertTrue("\(error)".contains(fragment), "\(error)", line: line)
                XCTAssertTrue("\(error)".contains("Received"), "\(error)", line: line)
            }
        }
        refused("gamma_constraint", ["class_name": "NonNeg", "config": [:]], "gamma_constraint")
        refused("beta_constraint", ["class_name": "NonNeg", "config": [:]], "beta_constraint")
        refused("renorm", true, "renorm")
        refused("synchronized", true, "synchronized")
        refused("renorm_clipping", ["rmax": 3], "renorm_clipping")
        refused("momentum", "high", "momentum")
        refused("fused", true, "fused")
    }

    func testBadSettingsAreThrownErrors() {
        for (layer, shape, fragment) in [(BatchNormalization(axis: 0), [3], "axis 0"), (BatchNormalization(axis: 3), [3, 4], "axis 3"),
                                         (BatchNormalization(axis: -3), [3, 4], "axis -3"),
                                         (BatchNormalization(momentum: 1.5), [3], "momentum"),
                                         (BatchNormalization(epsilon: -1), [3], "epsilon")] {
            XCTAssertThrowsError(try layer.buildIfNeeded([shape])) { error in
                XCTAssertTrue("\(error)".contains(fragment) && "\(error)".contains("Received"), "\(error)")
            }
        }
        let model = BatchNormalization()
        let out = model(InputLayer(shape: [4]).makeOutput())
        XCTAssertNil(out.error)
        XCTAssertNotNil(model(InputLayer(shape: [5]).makeOutput()).error, "a second input with other channels")
    }
}
