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
