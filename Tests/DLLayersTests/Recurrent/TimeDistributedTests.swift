import DL
import DLTestSupport
import XCTest

final class TimeDistributedTests: XCTestCase {
    func testConformance() {
        assertLayerConforms({ TimeDistributed(Dense(3)) }, inputShape: [4, 2], weightNames: ["kernel", "bias"], paramCount: 9)
        assertLayerConforms({ TimeDistributed(Conv2D(2, kernelSize: 2)) }, inputShape: [2, 3, 3, 1], weightNames: ["kernel", "bias"])
    }

    /// Each step is the wrapped layer on that step alone.
    func testEachStepIsTheLayerOnThatStep() {
        let dense = Dense(2, activation: .tanh)
        let layer = TimeDistributed(dense)
        let x = Tensor.randomUniform([2, 3, 4], min: -1, max: 1, seed: 9)
        let y = layer(x)
        XCTAssertEqual(y.shape, [2, 3, 2])
        for step in 0..<3 {
            assertTensorsClose(y.slice(axis: 1, step..<(step + 1)).reshaped([2, 2]),
                               dense(x.slice(axis: 1, step..<(step + 1)).reshaped([2, 4])), accuracy: 1e-6)
        }
    }

    func testOutputsEqualKeras() throws {
        try RecurrentFixtures.assertMatchKeras(prefix: "time_distributed_", atLeast: 1)
    }
}
