import DLLayers
import DLTestSupport
import XCTest

final class UpSampling2DTests: XCTestCase {
    func testConformance() {
        assertLayerConforms({ UpSampling2D() }, inputShape: [2, 3, 2])
        assertLayerConforms({ UpSampling2D(size: (2, 3)) }, inputShape: [3, 2, 1])
        assertLayerConforms({ UpSampling2D(interpolation: .bilinear) }, inputShape: [3, 2, 2])
        assertLayerConforms({ UpSampling2D(size: (3, 2), interpolation: .bilinear) }, inputShape: [2, 3, 1])
    }

    func testNearestWorkedExample() throws {
        let x = Tensor(shape: [1, 2, 2, 1], scalars: [1, 2, 3, 4])
        XCTAssertEqual(UpSampling2D()(x).scalars, [1, 1, 2, 2,
                                                   1, 1, 2, 2,
                                                   3, 3, 4, 4,
                                                   3, 3, 4, 4])
        XCTAssertEqual(UpSampling2D(size: (1, 3))(x).scalars, [1, 1, 1, 2, 2, 2,
                                                               3, 3, 3, 4, 4, 4])
        XCTAssertEqual(try UpSampling2D(size: (2, 3)).computeOutputShape([7, 7, 64]), [14, 21, 64])
        // Keras's defaults and name.
        let plain = UpSampling2D()
        XCTAssertTrue(plain.size == (2, 2) && plain.interpolation == .nearest)
        XCTAssertTrue(plain.name.hasPrefix("up_sampling2d"), plain.name)
    }

    /// Half-pixel centres: doubling [[0, 4], [8, 12]] gives 0, 1, 3, 4 along a row (sources −0.25,
    /// 0.25, 0.75, 1.25, clamped at the edges), and the same down a column.
    func testBilinearWorkedExample() {
        let x = Tensor(shape: [1, 2, 2, 1], scalars: [0, 4, 8, 12])
        XCTAssertEqual(UpSampling2D(interpolation: .bilinear)(x).scalars, [0, 1, 3, 4,
                                                                           2, 3, 5, 6,
                                                                           6, 7, 9, 10,
                                                                           8, 9, 11, 12])
    }

    /// Keras's outputs on the same inputs: nearest and bilinear, size 2, (2, 3) and (3, 1).
    func testMatchesKerasOutputs() throws {
        let names = try KerasLayerOutputFixture.names(withPrefix: "up_sampling2d_")
        XCTAssertEqual(names.count, 5)
        for name in names {
            let layer = try XCTUnwrap(try KerasLayerOutputFixture(name).assertLayerMatchesKeras() as? UpSampling2D, name)
            XCTAssertEqual(layer.interpolation, name.contains("bilinear") ? .bilinear : .nearest, name)
        }
    }

    func testConfigFromKeras() throws {
        let entry = try KerasFixtures.load("layers", "upsampling.up_sampling2d.json")
        let layer = try XCTUnwrap(try UpSampling2D.fromConfig(try XCTUnwrap(entry["config"])) as? UpSampling2D)
        XCTAssertEqual([layer.size.0, layer.size.1], [2, 3])
        XCTAssertEqual(layer.interpolation, .bilinear)
        let plain = try KerasFixtures.load("layers", "upsampling.up_sampling2d_1.json")
        let layer1 = try XCTUnwrap(try UpSampling2D.fromConfig(try XCTUnwrap(plain["config"])) as? UpSampling2D)
        XCTAssertEqual([layer1.size.0, layer1.size.1], [2, 2])
        XCTAssertEqual(layer1.interpolation, .nearest)
        // A single integer for both factors, as Keras accepts.
        let fromInt = try UpSampling2D.fromConfig(["size": 3]) as? UpSampling2D
        XCTAssertEqual(fromInt.map { [$0.size.0, $0.size.1] }, [3, 3])
    }

    func testErrors() {
        XCTAssertThrowsError(try UpSampling2D(size: 0).computeOutputShape([4, 4, 1])) { error in
            XCTAssertTrue("\(error)".hasSuffix("Received: size=(0, 0)"), "\(error)")
        }
        XCTAssertThrowsError(try UpSampling2D().buildIfNeeded([[4, 4]])) { error in
            guard case .shapeMismatch(_, _, [4, 4])? = error as? DLError else { return XCTFail("\(error)") }
        }
        XCTAssertNotNil(UpSampling2D()(InputLayer(shape: [4, 4]).makeOutput()).error)
        XCTAssertThrowsError(try UpSampling2D.fromConfig(["interpolation": "bicubic"])) { error in
            XCTAssertTrue("\(error)".contains("interpolation") && "\(error)".hasSuffix("Received: interpolation=\"bicubic\""),
                          "\(error)")
        }
        XCTAssertThrowsError(try UpSampling2D.fromConfig(["data_format": "channels_first"]))
    }
}
