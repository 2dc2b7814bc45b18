import DL
import DLTestSupport
import XCTest

/// The gradients used by the update-rule tests, one per step, for a variable starting at [1, −2].
let fixedGradients: [[Float]] = [[0.5, -1.0], [0.1, 0.2], [-0.3, 0.4]]

/// Applies `fixedGradients` to a variable starting at [1, −2]; returns its value after each step.
func weightsAfterSteps(_ optimizer: Optimizer, gradients: [[Float]] = fixedGradients) -> [[Float]] {
    let variable = Variable(Tensor([1, -2]), name: "w")
    return gradients.map { gradient in
        optimizer.apply(gradients: [Tensor(gradient)], to: [variable])
        return variable.storedValue.scalars
    }
}

/// Asserts the weights after each step, within `accuracy`.
func assertSteps(_ optimizer: Optimizer, _ expected: [[Float]], accuracy: Float = 2e-6,
                 file: StaticString = #filePath, line: UInt = #line) {
    let actual = weightsAfterSteps(optimizer)
    for (step, (a, e)) in zip(actual, expected).enumerated() {
        assertScalarsClose(a, e, accuracy: accuracy, "\(optimizer.name) step \(step + 1)", file: file, line: line)
    }
    XCTAssertEqual(optimizer.iterations, expected.count, file: file, line: line)
}

/// An optimizer given by its static member (`optimizerNamed(.adam)`), as `compile(optimizer:)` takes it.
func optimizerNamed(_ optimizer: Optimizer) -> Optimizer { optimizer }

/// Asserts that `optimizer`'s configuration round-trips (config → optimizer → the same config,
/// also through `Optimizers.serialize`/`deserialize`) and that the rebuilt optimizer takes
/// bit-identical steps.
func assertConfigRoundTrip<O: BaseOptimizer>(_ optimizer: O, file: StaticString = #filePath, line: UInt = #line) {
    let config = optimizer.getConfig()
    do {
        let rebuilt = try O.fromConfig(config)
        XCTAssertEqual(rebuilt.getConfig(), config, file: file, line: line)
        XCTAssertTrue(type(of: rebuilt) == O.self, "\(type(of: rebuilt))", file: file, line: line)
        let viaRegistry = try Optimizers.deserialize(Optimizers.serialize(optimizer))
        XCTAssertEqual(viaRegistry.getConfig(), config, file: file, line: line)
        XCTAssertEqual(weightsAfterSteps(rebuilt), weightsAfterSteps(optimizer), "rebuilt optimizer's steps", file: file, line: line)
    } catch {
        XCTFail("\(error)", file: file, line: line)
    }
}

/// The shared keys of an optimizer's configuration at their defaults, with `learningRate` as
/// Keras writes its float32 variable.
func baseOptimizerConfig(name: String, learningRate: Float) -> [String: LayerConfig] {
    ["name": .string(name), "learning_rate": .double(Double(learningRate)), "weight_decay": nil, "clipnorm": nil,
     "global_clipnorm": nil, "clipvalue": nil, "use_ema": false, "ema_momentum": 0.99, "ema_overwrite_frequency": nil,
     "loss_scale_factor": nil, "gradient_accumulation_steps": nil]
}

/// `base` with `extra` added.
func merged(_ base: [String: LayerConfig], _ extra: [String: LayerConfig]) -> LayerConfig {
    .object(base.merging(extra) { _, new in new })
}
