import DL
import DLTestSupport
import XCTest

final class PReLUTests: XCTestCase {
    func testConformance() {
        assertLayerConforms({ PReLU(alphaInitializer: .constant(0.25)) }, inputShape: [3, 4],
                            weightNames: ["alpha"], paramCount: 12)
        assertLayerConforms({ PReLU(alphaInitializer: .randomUniform(min: 0, max: 0.5), alphaRegularizer: .l2(0.01),
                                    sharedAxes: [1, 2]) },
                            inputShape: [3, 4, 2], weightNames: ["alpha"], paramCount: 2)
    }

    func testStartsAsReLUAndLearnsSlopes() {
        let layer = PReLU()
        let x = Tensor(shape: [1, 4], scalars: [-2, -1, 1, 2])
        XCTAssertEqual(layer(x).scalars, [0, 0, 1, 2])
        layer.weights[0].value = Tensor([0.5, 1, 2, 3])
        XCTAssertEqual(layer(x).scalars, [-1, -1, 1, 2])
    }

    func testSharedAxesGiveAlphaShape() {
        let layer = PReLU(sharedAxes: [1, 2])
        _ = layer(Tensor.zeros([2, 5, 4, 3]))
        XCTAssertEqual(layer.weights.map(\.shape), [[1, 1, 3]])
        let perRow = PReLU(sharedAxes: [2])
        _ = perRow(Tensor.zeros([2, 5, 4, 3]))
        XCTAssertEqual(perRow.weights.map(\.shape), [[5, 1, 3]])
    }

    func testOutputsEqualKeras() throws {
        try KerasOutputCase("prelu").assertMatches(PReLU())
        try KerasOutputCase("prelu.shared_axes").assertMatches(PReLU(sharedAxes: [1, 2]))
    }

    func testKerasConfig() throws {
        let entry = try KerasFixtures.load("layers", "depthwise.p_re_lu.json")
        let layer = try XCTUnwrap(try PReLU.fromConfig(try XCTUnwrap(entry["config"])) as? PReLU)
        XCTAssertEqual(layer.sharedAxes, [1, 2])
        XCTAssertEqual(layer.alphaInitializer, .constant(0.25))
        let plain = try KerasFixtures.load("layers", "separable.p_re_lu_1.json")
        let second = try XCTUnwrap(try PReLU.fromConfig(try XCTUnwrap(plain["config"])) as? PReLU)
        XCTAssertNil(second.sharedAxes)
        XCTAssertEqual(second.alphaRegularizer, .l1(0.01))
        // Keras also accepts one integer for shared_axes.
        XCTAssertEqual((try PReLU.fromConfig(["shared_axes": 1]) as? PReLU)?.sharedAxes, [1])
    }

    func testBadArgumentsAreDLErrors() {
        XCTAssertThrowsError(try PReLU(sharedAxes: [0]).computeOutputShape([4, 3])) {
            XCTAssertTrue("\($0)".contains("Received: sharedAxes=[0]"), "\($0)")
        }
        XCTAssertThrowsError(try PReLU(sharedAxes: [3]).computeOutputShape([4, 3]))
        XCTAssertThrowsError(try PReLU.fromConfig(["shared_axes": "all"]))
        XCTAssertThrowsError(try PReLU.fromConfig(["alpha_constraint": "non_neg"]))
    }
}
