import DLModels
import DL
import XCTest

/// The optimizer's state in Keras's order (`optimizer.variables`): export after steps, import into
/// a fresh optimizer, and the resumed training bit-identical to the uninterrupted one.
final class BaseOptimizerStateTests: XCTestCase {
    private static func variables() -> [Variable] {
        [Variable(Tensor(shape: [2, 2], scalars: [0.5, -0.25, 1, 0.75]), name: "a"), Variable(Tensor([0.1, -0.3]), name: "b")]
    }

    private static func gradients(_ step: Int) -> [Tensor] {
        let s = Float(step)
        return [Tensor(shape: [2, 2], scalars: [0.3 * s - 0.5, -0.2, 0.7 / s, 0.05 * s]), Tensor([-0.4 + 0.1 * s, 0.9 / s])]
    }

    private static func train(_ optimizer: BaseOptimizer, _ variables: [Variable], steps: ClosedRange<Int>) {
        for step in steps { optimizer.apply(gradients: gradients(step), to: variables) }
    }

    func testTheStateListsKerasVariablesInKerasOrder() throws {
        XCTAssertNil(Adam().exportState(for: Self.variables(), paths: ["m/d/kernel", "m/d/bias"]))
        let cases: [(BaseOptimizer, [String])] = [
            (Adam(), ["adam/iteration", "adam/learning_rate", "adam/m_d_kernel_momentum", "adam/m_d_kernel_velocity",
                      "adam/m_d_bias_momentum", "adam/m_d_bias_velocity"]),
            (Adam(amsgrad: true), ["adam/iteration", "adam/learning_rate", "adam/m_d_kernel_momentum", "adam/m_d_kernel_velocity",
                                   "adam/m_d_bias_momentum", "adam/m_d_bias_velocity", "adam/m_d_kernel_velocity_hat",
                                   "adam/m_d_bias_velocity_hat"]),
            (RMSprop(momentum: 0.5, centered: true), ["rm_sprop/iteration", "rm_sprop/learning_rate", "rm_sprop/m_d_kernel_velocity",
                                                      "rm_sprop/m_d_bias_velocity", "rm_sprop/m_d_kernel_momentum", "rm_sprop/m_d_bias_momentum",
                                                      "rm_sprop/m_d_kernel_average_gradient", "rm_sprop/m_d_bias_average_gradient"]),
            (SGD(), ["sgd/iteration", "sgd/learning_rate"]),
            (Nadam(), ["nadam/iteration", "nadam/learning_rate", "nadam/m_d_kernel_momentum", "nadam/m_d_kernel_velocity",
                       "nadam/m_d_bias_momentum", "nadam/m_d_bias_velocity", "nadam/variable"]),
            (Adam(learningRate: ExponentialDecay(initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.9)),
             ["adam/iteration", "adam/m_d_kernel_momentum", "adam/m_d_kernel_velocity", "adam/m_d_bias_momentum", "adam/m_d_bias_velocity"]),
        ]
        for (optimizer, names) in cases {
            let variables = Self.variables()
            Self.train(optimizer, variables, steps: 1...2)
            let state = try XCTUnwrap(optimizer.exportState(for: variables, paths: ["m/d/kernel", "m/d/bias"]))
            XCTAssertEqual(state.names, names)
            XCTAssertEqual(state.iterations, 2)
            XCTAssertEqual(state.values.count, names.count - 1)
        }
        // The values: Adam's learning rate, then kernel's m and v, then bias's m and v, as slotValues has them.
        let adam = Adam(learningRate: 0.01), variables = Self.variables()
        Self.train(adam, variables, steps: 1...3)
        let state = try XCTUnwrap(adam.exportState(for: variables, paths: ["k", "b"]))
        XCTAssertEqual(state.values[0].scalars, [0.01])
        let slots = adam.slotValues(for: variables[0]) + adam.slotValues(for: variables[1])
        XCTAssertEqual(state.values.dropFirst().map(\.scalars), slots.map(\.scalars))
        XCTAssertEqual(state.values[1].shape, [2, 2])
        // A variable without slots yet gets the initial values, as after Keras's build.
        let adagrad = Adagrad(initialAccumulatorValue: 0.25), extra = Variable(Tensor([1, 2, 3]), name: "c")
        Self.train(adagrad, variables, steps: 1...1)
        let withExtra = try XCTUnwrap(adagrad.exportState(for: variables + [extra], paths: ["k", "b", "c"]))
        XCTAssertEqual(withExtra.values.last?.scalars, [0.25, 0.25, 0.25])
    }

    func testAnImportedStateResumesTrainingBitIdentically() throws {
        let makers: [() -> BaseOptimizer] = [
            { SGD(learningRate: 0.1, momentum: 0.9, nesterov: true) }, { Adam() }, { Adam(amsgrad: true) }, { AdamW() },
            { RMSprop(momentum: 0.5, centered: true) }, { Adagrad() }, { Adadelta(learningRate: 1) }, { Nadam() },
            { Adam(learningRate: ExponentialDecay(initialLearningRate: 0.1, decaySteps: 2, decayRate: 0.5)) },
        ]
        for make in makers {
            let original = make(), variables = Self.variables()
            Self.train(original, variables, steps: 1...3)
            let state = try XCTUnwrap(original.exportState(for: variables, paths: ["k", "b"]))
            let copies = variables.map { Variable($0.storedValue, name: $0.name) }
            let resumed = make()
            try resumed.importState(iterations: state.iterations, values: state.values, for: copies, includesLearningRate: true)
            XCTAssertEqual(resumed.iterations, 3, original.name)
            Self.train(original, variables, steps: 4...6)
            Self.train(resumed, copies, steps: 4...6)
            XCTAssertEqual(copies.map(\.storedValue.scalars), variables.map(\.storedValue.scalars), original.name)
            XCTAssertEqual(resumed.extraState, original.extraState, original.name)
        }
    }

    func testTheLearningRateIsRestoredUnlessTheFileHasNone() throws {
        let trained = Adam(learningRate: 0.05), variables = Self.variables()
        Self.train(trained, variables, steps: 1...1)
        let state = try XCTUnwrap(trained.exportState(for: variables, paths: ["k", "b"]))
        let restored = Adam(learningRate: 0.001)
        try restored.importState(iterations: 1, values: state.values, for: variables, includesLearningRate: true)
        XCTAssertEqual(restored.learningRate, 0.05)
        // tf-keras saves no learning rate: the slots alone, the configured rate stays.
        let keras2 = Adam(learningRate: 0.001)
        try keras2.importState(iterations: 1, values: Array(state.values.dropFirst()), for: variables, includesLearningRate: false)
        XCTAssertEqual(keras2.learningRate, 0.001)
        XCTAssertEqual(keras2.slotValues(for: variables[1]).map(\.scalars), trained.slotValues(for: variables[1]).map(\.scalars))
    }

    func testAStateThatDoesNotFitChangesNothing() throws {
        let sgd = SGD(momentum: 0.9), variables = Self.variables()
        Self.train(sgd, variables, steps: 1...2)
        let state = try XCTUnwrap(sgd.exportState(for: variables, paths: ["k", "b"]))
        let adam = Adam()
        XCTAssertThrowsError(try adam.importState(iterations: 2, values: state.values, for: variables, includesLearningRate: true)) { error in
            XCTAssertTrue("\(error)".contains("Skipping variable loading for optimizer 'adam', because it has 6 variables "
                                              + "whereas the saved optimizer has 4 variables."), "\(error)")
        }
        var swapped = state.values
        swapped.swapAt(1, 2)   // the kernel's momentum where the bias's belongs
        let other = SGD(momentum: 0.9)
        XCTAssertThrowsError(try other.importState(iterations: 2, values: swapped, for: variables, includesLearningRate: true)) { error in
            XCTAssertTrue("\(error)".contains("has shape [2, 2] whereas the saved variable has shape [2]"), "\(error)")
        }
        for optimizer in [adam, other] as [BaseOptimizer] {
            XCTAssertEqual(optimizer.iterations, 0)
            XCTAssertTrue(optimizer.slotValues(for: variables[0]).isEmpty)
        }
    }
}
