import DL
import XCTest

extension GradientCheck {
    /// Checks the gradients of `f` with respect to each of `inputs` against central differences.
    ///
    /// The output is multiplied by a fixed random weighting (0.5…1.5) before summing, so that ops
    /// whose plain sum has a trivial gradient (softmax, normalizations) are still checked, and every
    /// output position weighs differently. `f` receives the inputs as recorded tensors.
    public static func assertOpGradients(
        _ inputs: [Tensor], epsilon: Float = 1e-2, tolerance: Float = 2e-2, _ message: String = "",
        file: StaticString = #filePath, line: UInt = #line, _ f: @escaping ([Tensor]) -> Tensor
    ) {
        let variables = inputs.enumerated().map { Variable($0.element, name: "input\($0.offset)") }
        let probe = f(inputs)
        let weights = Tensor.randomUniform(probe.shape, min: 0.5, max: 1.5, seed: 2024)
        assertGradientsMatch(of: { f(variables.map { $0.value }) * weights }, wrt: variables,
                             epsilon: epsilon, tolerance: tolerance, message, file: file, line: line)
    }
}
