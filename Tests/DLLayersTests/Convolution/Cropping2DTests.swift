import DLLayers
import DLTestSupport
import XCTest

final class Cropping2DTests: XCTestCase {
    func testConformance() {
        assertLayerConforms({ Cropping2D(cropping: 1) }, inputShape: [4, 3, 2])
        assertLayerConforms({ Cropping2D(cropping: ((0, 2), (1, 0))) }, inputShape: [4, 3, 1])
        assertLayerConforms({ Cropping2D() }, inputShape: [2, 2, 1])
    }

    func testCropsEverySide() throws {
        let x = Tensor(shape: [1, 3, 4, 1], scalars: (1...12).map(Float.init))
        XCTAssertEqual(Cropping2D(cropping: 1)(x).scalars, [6, 7])
        XCTAssertEqual(Cropping2D(cropping: ((0, 1), (2, 1)))(x).scalars, [3, 7])
        XCTAssertEqual(Cropping2D(cropping: (1, 0))(x).scalars, [5, 6, 7, 8])
        XCTAssertEqual(try Cropping2D(cropping: (2, 1)).computeOutputShape([28, 28, 3]), [24, 26, 3])
        XCTAssertEqual(try Cropping2D(cropping: ((0, 1), (2, 3))).computeOutputShape([4, 6, 1]), [3, 1, 1])
        // Keras's default (no cropping) and name.
        XCTAssertTrue(Cropping2D().heightCropping == (0, 0) && Cropping2D().widthCropping == (0, 0))
        XCTAssertTrue(Cropping2D().name.hasPrefix("cropping2d"))
        // The inverse of ZeroPadding2D.
        let padded = ZeroPadding2D(padding: ((1, 2), (0, 3)))(x)
        XCTAssertEqual(Cropping2D(cropping: ((1, 2), (0, 3)))(padded), x)
    }

    /// Keras's outputs on the same inputs: symmetric, per-axis pairs and asymmetric cropping.
    func testMatchesKerasOutputs() throws {
        let names = try KerasLayerOutputFixture.names(withPrefix: "cropping2d_")
        XCTAssertEqual(names.count, 3)
        for name in names {
            XCTAssertTrue(try KerasLayerOutputFixture(name).assertLayerMatchesKeras(relativeAccuracy: 0) is Cropping2D, name)
        }
    }

    func testConfigFromKeras() throws {
        let entry = try KerasFixtures.load("layers", "upsampling.cropping2d.json")
        let layer = try XCTUnwrap(try Cropping2D.fromConfig(try XCTUnwrap(entry["config"])) as? Cropping2D)
        XCTAssertEqual([layer.heightCropping.top, layer.heightCropping.bottom, layer.widthCropping.left, layer.widthCropping.right],
                       [1, 2, 0, 3])
        // Keras's other spellings: one integer, [rows, columns], and a mix.
        for (value, expected) in [(LayerConfig.int(2), [2, 2, 2, 2]), ([1, 3], [1, 1, 3, 3]), ([[1, 0], 2], [1, 0, 2, 2])] {
            let cropping = try XCTUnwrap(try Cropping2D.fromConfig(["cropping": value]) as? Cropping2D)
            XCTAssertEqual([cropping.heightCropping.top, cropping.heightCropping.bottom,
                            cropping.widthCropping.left, cropping.widthCropping.right], expected, value.json)
        }
    }

    func testErrors() {
        XCTAssertThrowsError(try Cropping2D(cropping: -1).computeOutputShape([4, 4, 1])) { error in
            XCTAssertTrue("\(error)".hasSuffix("Received: cropping=((-1, -1), (-1, -1))"), "\(error)")
        }
        // Cropping as much as the input has, or more, is an error naming the layer and both sizes.
        XCTAssertThrowsError(try Cropping2D(cropping: ((2, 2), (0, 0)), name: "crop").computeOutputShape([4, 5, 1])) { error in
            guard case let .shapeMismatch(context, expected, received)? = error as? DLError else { return XCTFail("\(error)") }
            XCTAssertTrue(context.contains("'crop'") && context.contains("((2, 2), (0, 0))"), context)
            XCTAssertEqual(expected, "[height > 4, width > 0, channels]")
            XCTAssertEqual(received, [4, 5, 1])
        }
        XCTAssertNotNil(Cropping2D(cropping: 3)(InputLayer(shape: [5, 8, 1]).makeOutput()).error)
        XCTAssertNotNil(Cropping2D(cropping: 1)(InputLayer(shape: [5, 8]).makeOutput()).error)
        XCTAssertThrowsError(try Cropping2D.fromConfig(["cropping": [1, 2, 3]]))
    }
}
