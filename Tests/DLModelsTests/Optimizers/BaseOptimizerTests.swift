import DL
import DLTestSupport
import XCTest

/// The shared base class: gradient clipping, slots, schedule-driven learning rates and updates
/// made in place.
final class BaseOptimizerTests: XCTestCase {
    func testClipNormPerVariable() {
        // g = [3, 4] has norm 5 → scaled to norm 1: [0.6, 0.8]; g = [0.3, 0.4] (norm 0.5) is kept.
        let a = Variable(Tensor([0, 0]), name: "a"), b = Variable(Tensor([0, 0]), name: "b")
        SGD(learningRate: 1, clipNorm: 1).apply(gradients: [Tensor([3, 4]), Tensor([0.3, 0.4])], to: [a, b])
        assertScalarsClose(a.storedValue.scalars, [-0.6, -0.8])
        assertScalarsClose(b.storedValue.scalars, [-0.3, -0.4])
    }

    func testClipValue() {
        let w = Variable(Tensor([0, 0, 0]), name: "w")
        SGD(learningRate: 1, clipValue: 0.5).apply(gradients: [Tensor([3, -0.2, -7])], to: [w])
        assertScalarsClose(w.storedValue.scalars, [-0.5, 0.2, 0.5])
    }

    func testGlobalClipNorm() {
        // Joint norm of [3] and [4] is 5 → both scaled by 1/5.
        let a = Variable(Tensor([0]), name: "a"), b = Variable(Tensor([0]), name: "b")
        SGD(learningRate: 1, globalClipNorm: 1).apply(gradients: [Tensor([3]), Tensor([4])], to: [a, b])
        assertScalarsClose(a.storedValue.scalars + b.storedValue.scalars, [-0.6, -0.8])
    }

    func testClipNormWithAdam() {
        // Adam's first step is ≈ lr·sign(g) whatever the scale, so clipping must not change it...
        let w = Variable(Tensor([0, 0]), name: "w")
        Adam(learningRate: 0.1, clipNorm: 1).apply(gradients: [Tensor([30, -40])], to: [w])
        assertScalarsClose(w.storedValue.scalars, [-0.1, 0.1], accuracy: 1e-5)
    }

    func testScheduleDrivesTheLearningRate() {
        // Boundaries [1]: rate 1 at iterations 0 and 1, then 0.1. g = 1 each step: 0 → −1 → −2 → −2.1.
        let optimizer = SGD(learningRate: PiecewiseConstantDecay(boundaries: [1], values: [1, 0.1]))
        let w = Variable(Tensor([0]), name: "w")
        var seen: [Float] = []
        for _ in 0..<3 {
            seen.append(optimizer.learningRate)
            optimizer.apply(gradients: [Tensor([1])], to: [w])
        }
        assertScalarsClose(seen, [1, 1, 0.1])
        assertScalarsClose(w.storedValue.scalars, [-2.1])
        // Setting a number replaces the schedule, as Keras does.
        optimizer.learningRate = 0.5
        XCTAssertNil(optimizer.learningRateSchedule)
        optimizer.apply(gradients: [Tensor([1])], to: [w])
        assertScalarsClose(w.storedValue.scalars, [-2.6])
    }

    func testEveryOptimizerTakesASchedule() {
        let schedule = ExponentialDecay(initialLearningRate: 0.1, decaySteps: 1, decayRate: 0.5)
        let optimizers: [BaseOptimizer] = [SGD(learningRate: schedule), RMSprop(learningRate: schedule),
                                           Adagrad(learningRate: schedule), Adadelta(learningRate: schedule),
                                           Adam(learningRate: schedule), AdamW(learningRate: schedule), Nadam(learningRate: schedule)]
        for optimizer in optimizers {
            XCTAssertEqual(optimizer.learningRate, 0.1, optimizer.name)
            optimizer.apply(gradients: [Tensor([1])], to: [Variable(Tensor([0]), name: "w")])
            XCTAssertEqual(optimizer.learningRate, 0.05, accuracy: 1e-7, optimizer.name)
        }
    }

    func testSlotsAreKeptPerVariable() {
        let a = Variable(Tensor([0]), name: "a"), b = Variable(Tensor([0, 0]), name: "b")
        let optimizer = SGD(learningRate: 0.1, momentum: 0.9)
        optimizer.apply(gradients: [Tensor([1]), Tensor([2, 3])], to: [a, b])
        assertTensorsClose(optimizer.slotValues(for: a)[0], Tensor([-0.1]))
        assertTensorsClose(optimizer.slotValues(for: b)[0], Tensor([-0.2, -0.3]))
        XCTAssertTrue(optimizer.slotValues(for: Variable(Tensor([0]), name: "new")).isEmpty)
    }

    /// The variable keeps its identity and a value read before the step keeps its scalars.
    func testSnapshotTakenBeforeAStepKeepsItsScalars() {
        let variable = Variable(Tensor([1, -2, 3]), name: "w")
        let snapshot = variable.value
        let optimizer = SGD(learningRate: 0.5)
        optimizer.apply(gradients: [Tensor([1, 1, 1])], to: [variable])
        XCTAssertEqual(snapshot.scalars, [1, -2, 3], "value semantics: the step copies shared storage")
        XCTAssertEqual(variable.storedValue.scalars, [0.5, -2.5, 2.5])
        optimizer.apply(gradients: [Tensor([1, 1, 1])], to: [variable])
        XCTAssertEqual(variable.storedValue.scalars, [0, -3, 2])
    }

    func testOptionsGatherTheSharedSettings() {
        let optimizer = SGD(learningRate: 0.1, clipNorm: 1, clipValue: 2, globalClipNorm: 3, weightDecay: 0.01)
        XCTAssertEqual(optimizer.options, OptimizerOptions(clipNorm: 1, clipValue: 2, globalClipNorm: 3, weightDecay: 0.01))
        XCTAssertEqual(SGD(learningRate: .constant(0.1), options: OptimizerOptions(name: "mine")).name, "mine")
    }
}
