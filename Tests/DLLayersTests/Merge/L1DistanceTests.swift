import DL
import DLTestSupport
import XCTest

/// `L1Distance` (SwiftDL's own class: |a − b|): conformance, a worked example with its gradients,
/// its Keras-style configuration, and exactly two inputs.
final class L1DistanceTests: XCTestCase {
    func testConforms() {
        assertMergeLayerConforms({ L1Distance() }, inputShapes: [[6], [6]])
        assertMergeLayerConforms({ L1Distance() }, inputShapes: [[2, 3], [1, 3]])
    }

    func testWorkedExampleAndGradients() {
        let a = Variable(Tensor([[1, -2, 3], [0, 0, 1]]), name: "a"), b = Variable(Tensor([[4, -5, 3], [1, -1, 0.5]]), name: "b")
        let layer = L1Distance()
        XCTAssertEqual(layer([a.value, b.value]), Tensor([[3, 3, 0], [1, 1, 0.5]]))
        let (_, grads) = valueWithGradient(wrt: [a, b]) { (layer([a.value, b.value]) * Tensor([[1, 2, 3], [4, 5, 6]])).sum() }
        XCTAssertEqual(grads[0], Tensor([[-1, 2, 0], [-4, 5, 6]]))   // sign(a − b) · g
        XCTAssertEqual(grads[1], Tensor([[1, -2, 0], [4, -5, -6]]))
    }

    func testKerasStyleConfiguration() throws {
        let layer = L1Distance(name: "distance")
        XCTAssertEqual(layer.getConfig(), ["name": "distance", "trainable": true, "dtype": .float32Policy])
        XCTAssertEqual(LayerNames.snakeCase(L1Distance.kerasClassName), "l1_distance")
        XCTAssertTrue(LayerRegistry.layerType(named: "L1Distance") == L1Distance.self)
        XCTAssertTrue(LayerRegistry.swiftDLOnly.contains("L1Distance"))
        XCTAssertThrowsError(try L1Distance.fromConfig(["name": "d", "axis": 1])) { error in
            XCTAssertTrue("\(error)".contains("unknown configuration key 'axis'"), "\(error)")
        }
    }

    func testThreeInputsAreADLError() {
        let a = Input(shape: [3])
        XCTAssertTrue("\(L1Distance()([a, a, a]).error!)".contains("exactly 2 inputs"))
    }
}
