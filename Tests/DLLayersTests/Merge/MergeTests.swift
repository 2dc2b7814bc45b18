import DL
import DLTestSupport
import XCTest

/// The shared rules of the merge layers (Keras's `base_merge.py`): the broadcast output shape,
/// DLErrors at graph-building time for mismatched shapes and for a single input, and readable
/// traps for eager misuse.
final class MergeTests: XCTestCase {
    func testBroadcastShapeFollowsKerasRule() {
        XCTAssertEqual(Merge.broadcastShape([4, 3], [4, 3]), [4, 3])
        XCTAssertEqual(Merge.broadcastShape([4, 3], [1, 3]), [4, 3])
        XCTAssertEqual(Merge.broadcastShape([4, 3], [3]), [4, 3])
        XCTAssertEqual(Merge.broadcastShape([1], [2, 5]), [2, 5])
        XCTAssertNil(Merge.broadcastShape([4, 3], [2, 3]))
        XCTAssertEqual(Merge.pythonTuple([4]), "(4,)")
        XCTAssertEqual(Merge.pythonTuple([2, 3]), "(2, 3)")
    }

    func testMismatchedShapesAreADLErrorNamingTheLayerAndTheShapes() {
        let a = Input(shape: [4]), b = Input(shape: [3])
        for layer in [Add(name: "sum"), Subtract(), Multiply(), Average(), Maximum(), L1Distance()] as [Merge] {
            let out = layer([a, b])
            let message = out.error.map { "\($0)" } ?? ""
            XCTAssertTrue(message.contains(layer.errorContext), message)
            XCTAssertTrue(message.contains("Inputs have incompatible shapes. Received shapes (4,) and (3,)"), message)
        }
        XCTAssertEqual("\(Add(name: "sum")([a, b]).error!)",
                       "layer 'sum' (Add): Inputs have incompatible shapes. Received shapes (4,) and (3,)")
    }

    func testAModelOfMismatchedMergeThrowsWhenUsed() throws {
        let a = Input(shape: [4]), b = Input(shape: [3])
        let model = Model(inputs: [a, b], outputs: [Dense(1)(Add()([a, b]))])
        XCTAssertThrowsError(try model.predict([Tensor.zeros([2, 4]), Tensor.zeros([2, 3])])) { error in
            XCTAssertTrue("\(error)".contains("incompatible shapes"), "\(error)")
        }
    }

    func testOneInputIsADLError() {
        let a = Input(shape: [4])
        for layer in [Add(), Subtract(), Concatenate(), Dot(axes: 1), L1Distance()] as [Merge] {
            let message = layer([a]).error.map { "\($0)" } ?? ""
            XCTAssertTrue(message.contains("A merge layer should be called on a list of"), message)
            XCTAssertTrue(message.contains("Received 1 inputs"), message)
            let fresh = try? type(of: layer).fromConfig(layer.getConfig())
            let single = fresh.flatMap { $0(a).error }.map { "\($0)" } ?? ""
            XCTAssertTrue(single.contains("A merge layer should be called on a list of"), single)
        }
        let three = Input(shape: [4])
        XCTAssertTrue("\(Subtract()([a, a, three]).error!)".contains("exactly 2 inputs. Received 3 inputs"))
    }

    func testEagerMismatchTrapsNamingTheLayerAndTheShapes() {
        assertTraps(stderrContains: ["layer 'eager_add' (Add)", "Received shapes (4,) and (3,)"]) {
            let add = Add(name: "eager_add")
            _ = add([Tensor.zeros([2, 4]), Tensor.zeros([2, 4])])
            _ = add([Tensor.zeros([2, 4]), Tensor.zeros([2, 3])])
        }
    }

    func testEagerDifferentBatchSizesTrap() {
        assertTraps(stderrContains: ["layer 'batches' (Maximum)", "different batch sizes", "[2, 4]", "[3, 4]"]) {
            _ = Maximum(name: "batches")([Tensor.zeros([2, 4]), Tensor.zeros([3, 4])])
        }
    }
}
