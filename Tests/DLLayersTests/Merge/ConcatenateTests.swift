import DL
import DLTestSupport
import XCTest

/// `Concatenate`: conformance on axis -1 and 1 (two and three inputs), worked examples, Keras's
/// outputs, and Keras's error for shapes that differ outside the axis.
final class ConcatenateTests: XCTestCase {
    func testConforms() {
        assertMergeLayerConforms({ Concatenate() }, inputShapes: [[2], [3]])
        assertMergeLayerConforms({ Concatenate(axis: 1) }, inputShapes: [[2, 3], [1, 3], [3, 3]])
        assertMergeLayerConforms({ Concatenate(axis: -2) }, inputShapes: [[2, 2, 1], [2, 3, 1]])
    }

    func testWorkedExamples() {
        let a = Tensor(shape: [1, 2, 2], scalars: [1, 2, 3, 4]), b = Tensor(shape: [1, 2, 1], scalars: [9, 8])
        XCTAssertEqual(Concatenate()([a, b]).scalars, [1, 2, 9, 3, 4, 8])
        XCTAssertEqual(Concatenate(axis: 1)([a, a]).shape, [1, 4, 2])
        XCTAssertEqual(Concatenate(axis: 1)([a, a]).scalars, [1, 2, 3, 4, 1, 2, 3, 4])
    }

    func testMatchesKeras() throws {
        for name in ["concatenate_last", "concatenate_axis1", "concatenate_2d"] {
            try KerasOutputFixture("merge_" + name).assertLayerMatchesKeras()
        }
    }

    func testMismatchedShapesAndBadAxesAreDLErrors() {
        let a = Input(shape: [2, 3]), b = Input(shape: [4])
        XCTAssertEqual("\(Concatenate(name: "join")([a, b]).error!)",
                       "layer 'join' (Concatenate): A `Concatenate` layer requires inputs with matching shapes except for the "
                       + "concatenation axis. Received: input_shape=[(None, 2, 3), (None, 4)]")
        let c = Input(shape: [3, 3])
        XCTAssertNotNil(Concatenate(axis: -1)([a, c]).error, "axis -1: sizes differ on axis 1")
        XCTAssertNil(Concatenate(axis: 1)([a, c]).error)
        XCTAssertTrue("\(Concatenate(axis: 0)([a, a]).error!)".contains("batch axis. Received: axis=0"))
        XCTAssertTrue("\(Concatenate(axis: 3)([a, a]).error!)".contains("Received: axis=3"))
    }

    func testConfiguration() throws {
        XCTAssertEqual(Concatenate(axis: 2, name: "c").getConfig(), ["name": "c", "trainable": true, "dtype": .float32Policy, "axis": 2])
        XCTAssertEqual((try Concatenate.fromConfig(["name": "c"]) as? Concatenate)?.axis, -1)
    }
}
