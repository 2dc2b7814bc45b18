import DL
import DLTestSupport
import XCTest

/// `Dot`: conformance on vectors and matrices (axes 1 and 2, pairs of axes, normalized), worked
/// examples, Keras's outputs, and Keras's error for axes of different sizes.
final class DotTests: XCTestCase {
    func testConforms() {
        assertMergeLayerConforms({ Dot(axes: 1) }, inputShapes: [[4], [4]])
        assertMergeLayerConforms({ Dot(axes: 1) }, inputShapes: [[3, 2], [3, 4]])
        assertMergeLayerConforms({ Dot(axes: 2) }, inputShapes: [[3, 2], [4, 2]])
        assertMergeLayerConforms({ Dot(axes: (2, 1)) }, inputShapes: [[2, 3, 2], [3, 2]])   // an axis move on the left
        assertMergeLayerConforms({ Dot(axes: (1, 2)) }, inputShapes: [[3, 2], [2, 3, 2]])   // and on the right
        assertMergeLayerConforms({ Dot(axes: -1, normalize: true) }, inputShapes: [[4], [4]])
    }

    func testWorkedExamples() {
        XCTAssertEqual(Dot(axes: 1)([Tensor([[1, 2, 3], [1, 0, 0]]), Tensor([[4, 5, 6], [2, 3, 4]])]), Tensor([[32], [2]]))
        XCTAssertEqual(Dot(axes: 1, normalize: true)([Tensor([[3, 4]]), Tensor([[3, 4]])]).scalars[0], 1, accuracy: 1e-6)
        // [1, 2, 2] · axes 1: xᵀy per sample.
        let x = Tensor(shape: [1, 2, 2], scalars: [1, 2, 3, 4]), y = Tensor(shape: [1, 2, 2], scalars: [1, 0, 0, 1])
        XCTAssertEqual(Dot(axes: 1)([x, y]).scalars, [1, 3, 2, 4])
        XCTAssertEqual(Dot(axes: 2)([x, y]).scalars, [1, 2, 3, 4])
    }

    func testMatchesKeras() throws {
        for name in ["dot_vectors", "dot_matrices_axes1", "dot_matrices_axes2", "dot_pair_axes", "dot_normalized",
                     "dot_normalized_matrices", "dot_rank3_rank2"] {
            try KerasOutputFixture("merge_" + name).assertLayerMatchesKeras()
        }
    }

    func testShapesAndErrors() throws {
        XCTAssertEqual(try Dot(axes: 1).computeOutputShape([[4], [4]]), [1])
        XCTAssertEqual(try Dot(axes: (2, 1)).computeOutputShape([[3, 4], [4]]), [3])
        let a = Input(shape: [4]), b = Input(shape: [3])
        XCTAssertEqual("\(Dot(axes: 1, name: "dp")([a, b]).error!)",
                       "layer 'dp' (Dot): Incompatible input shapes: axis values 4 (at axis 1) != 3 (at axis 1). "
                       + "Full input shapes: (None, 4), (None, 3)")
        XCTAssertTrue("\(Dot(axes: 0)([a, a]).error!)".contains("Cannot perform batch_dot over axis 0"))
    }

    func testConfiguration() throws {
        XCTAssertEqual(Dot(axes: 1, name: "d").getConfig(),
                       ["name": "d", "trainable": true, "dtype": .float32Policy, "axes": 1, "normalize": false])
        XCTAssertEqual(Dot(axes: (2, 1), normalize: true, name: "d").getConfig()["axes"], [2, 1])
        let pair = try XCTUnwrap(try Dot.fromConfig(["name": "d", "axes": [1, 2]]) as? Dot)
        XCTAssertEqual([pair.axes.0, pair.axes.1], [1, 2])
        XCTAssertFalse(pair.sharedAxis)
        XCTAssertThrowsError(try Dot.fromConfig(["name": "d", "axes": [1, 2, 3]]))
    }
}
