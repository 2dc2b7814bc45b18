import DL
import XCTest

/// Finite-difference gradient checking for ops and layers.
public enum GradientCheck {
    /// Central-difference gradient of `f` with respect to each scalar of each variable, in float64
    /// accumulation of float32 evaluations.
    public static func numericalGradients(
        of f: () -> Tensor, wrt variables: [Variable], epsilon: Float = 1e-2
    ) -> [Tensor] {
        variables.map { variable in
            let original = variable.storedValue
            var grad = [Float](repeating: 0, count: original.scalarCount)
            for i in 0..<original.scalarCount {
                var plus = original.scalars, minus = original.scalars
                plus[i] += epsilon
                minus[i] -= epsilon
                variable.value = Tensor(shape: original.shape, scalars: plus)
                let fPlus = Double(f().sum().scalar)
                variable.value = Tensor(shape: original.shape, scalars: minus)
                let fMinus = Double(f().sum().scalar)
                grad[i] = Float((fPlus - fMinus) / (2 * Double(epsilon)))
            }
            variable.value = original
            return Tensor(shape: original.shape, scalars: grad)
        }
    }

    /// Asserts that the tape's gradients of `sum(f())` match central differences for every
    /// variable, within `tolerance` relative to the larger magnitude (absolute below 1).
    public static func assertGradientsMatch(
        of f: () -> Tensor, wrt variables: [Variable], epsilon: Float = 1e-2, tolerance: Float = 2e-2,
        _ message: String = "", file: StaticString = #filePath, line: UInt = #line
    ) {
        let (_, analytic) = valueWithGradient(wrt: variables) { f().sum() }
        let numeric = numericalGradients(of: f, wrt: variables, epsilon: epsilon)
        for (index, (a, n)) in zip(analytic, numeric).enumerated() {
            XCTAssertEqual(a.shape, n.shape, "gradient \(index) shape \(message)", file: file, line: line)
            for (i, (av, nv)) in zip(a.scalars, n.scalars).enumerated() {
                let scale = Swift.max(1, Swift.abs(av), Swift.abs(nv))
                if Swift.abs(av - nv) > tolerance * scale {
                    XCTFail("gradient of variable \(index) ('\(variables[index].name)') at \(i): analytic \(av), numerical \(nv) \(message)",
                            file: file, line: line)
                    return
                }
            }
        }
    }
}

/// Asserts two tensors have the same shape and scalars within `accuracy`.
public func assertTensorsClose(
    _ actual: Tensor, _ expected: Tensor, accuracy: Float = 1e-5, _ message: String = "",
    file: StaticString = #filePath, line: UInt = #line
) {
    XCTAssertEqual(actual.shape, expected.shape, "shape \(message)", file: file, line: line)
    guard actual.shape == expected.shape else { return }
    for (i, (a, e)) in zip(actual.scalars, expected.scalars).enumerated() where !(Swift.abs(a - e) <= accuracy) {
        XCTFail("scalar \(i): \(a) != \(e) (±\(accuracy)) \(message)", file: file, line: line)
        return
    }
}

/// Asserts two arrays of scalars are equal within `accuracy`.
public func assertScalarsClose(
    _ actual: [Float], _ expected: [Float], accuracy: Float = 1e-5, _ message: String = "",
    file: StaticString = #filePath, line: UInt = #line
) {
    XCTAssertEqual(actual.count, expected.count, "count \(message)", file: file, line: line)
    for (i, (a, e)) in zip(actual, expected).enumerated() where !(Swift.abs(a - e) <= accuracy) {
        XCTFail("scalar \(i): \(a) != \(e) (±\(accuracy)) \(message)", file: file, line: line)
        return
    }
}
