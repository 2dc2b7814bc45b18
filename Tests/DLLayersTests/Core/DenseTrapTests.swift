import DLLayers
import DLTestSupport
import XCTest

/// An eager call of a built `Dense` on an input whose last axis does not fit its kernel traps with
/// Keras's message, in release builds too (run in a child process: a trap ends the process).
final class DenseTrapTests: XCTestCase {
    func testEagerCallOnTheWrongShapeNamesBothShapes() {
        assertTraps(stderrContains: [
            "SwiftDL: layer 'dense_trap' (Dense): expected axis -1 of input shape to have value 3, "
                + "but received input with shape [2, 5]",
        ]) {
            let dense = Dense(4, name: "dense_trap")
            _ = dense(Tensor.zeros([2, 3]))
            _ = dense(Tensor.zeros([2, 5]))
        }
    }

    func testEagerFirstCallThatCannotBuildPrintsTheBuildError() {
        assertTraps(stderrContains: ["SwiftDL: layer 'conv_trap' (Conv2D)", "received shape [5]"]) {
            _ = Conv2D(2, kernelSize: (3, 3), name: "conv_trap")(Tensor.zeros([2, 5]))
        }
    }
}
