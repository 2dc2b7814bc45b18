import DL
import DLTestSupport
import XCTest

final class ResizingTests: XCTestCase {
    /// Keras's `Resizing` (tf.image.resize bilinear, half-pixel centres, no antialiasing), down and up.
    func testMatchesKeras() throws {
        let cases = try PreprocessingFixtures.cases("resizing")
        XCTAssertEqual(cases.count, 4)
        for item in cases {
            let height = try XCTUnwrap(item["height"]?.intValue), width = try XCTUnwrap(item["width"]?.intValue)
            let x = try KerasFixtures.tensor(item["input"], in: "resizing")
            let expected = try KerasFixtures.tensor(item["output"], in: "resizing")
            let layer = Resizing(height: height, width: width)
            assertTensorsClose(layer(x), expected, accuracy: 1e-5, "\(x.shape) → \(height)×\(width)")
            // One unbatched image gives the first image of the batch.
            let single = Resizing(height: height, width: width)(x.slice(axis: 0, 0..<1).reshaped(Array(x.shape.dropFirst())))
            assertScalarsClose(single.scalars, expected.slice(axis: 0, 0..<1).scalars, accuracy: 1e-5)
        }
    }

    /// Keras's `Resizing` with every interpolation (tf.image.resize, antialias=False), down, up and
    /// at the same size, and with crop_to_aspect_ratio / pad_to_aspect_ratio (fill 0.5).
    func testEveryInterpolationMatchesKeras() throws {
        let cases = try PreprocessingFixtures.cases("resizing_modes")
        XCTAssertEqual(cases.count, 60)
        var seen = Set<String>()
        for item in cases {
            let height = try XCTUnwrap(item["height"]?.intValue), width = try XCTUnwrap(item["width"]?.intValue)
            let text = try XCTUnwrap(item["interpolation"]?.stringValue)
            let interpolation = try XCTUnwrap(ResizeInterpolation(rawValue: text))
            let crop = try XCTUnwrap(item["crop_to_aspect_ratio"]?.boolValue), pad = try XCTUnwrap(item["pad_to_aspect_ratio"]?.boolValue)
            let fill = try XCTUnwrap(item["fill_value"]?.doubleValue)
            let x = try KerasFixtures.tensor(item["input"], in: "resizing_modes")
            let expected = try KerasFixtures.tensor(item["output"], in: "resizing_modes")
            let layer = Resizing(height: height, width: width, interpolation: interpolation, cropToAspectRatio: crop,
                                 padToAspectRatio: pad, fillValue: Float(fill))
            let context = "\(text) crop=\(crop) pad=\(pad) \(x.shape) → \(height)×\(width)"
            assertTensorsClose(layer(x), expected, accuracy: 1e-4, context)
            let single = layer(x.slice(axis: 0, 0..<1).reshaped(Array(x.shape.dropFirst())))
            assertScalarsClose(single.scalars, expected.slice(axis: 0, 0..<1).scalars, accuracy: 1e-4, "unbatched " + context)
            seen.insert(text + (crop ? "+crop" : pad ? "+pad" : ""))
        }
        XCTAssertEqual(seen.count, 12, "\(seen.sorted())")
    }

    /// Every interpolation and the padding (a constant fill) pass gradients as their linear maps.
    func testGradientOfEveryMode() {
        let x = Variable(PreprocessingFixtures.images([1, 3, 5, 2]), name: "x")
        let probe = PreprocessingFixtures.images([1, 4, 4, 2], seed: 9)
        for interpolation in ResizeInterpolation.allCases {
            GradientCheck.assertGradientsMatch(of: { Resizing(height: 4, width: 4, interpolation: interpolation)(x.value) * probe },
                                               wrt: [x], "\(interpolation)")
        }
        GradientCheck.assertGradientsMatch(of: { Resizing(height: 4, width: 4, padToAspectRatio: true, fillValue: 0.3)(x.value) * probe },
                                           wrt: [x], "pad")
        GradientCheck.assertGradientsMatch(of: { Resizing(height: 4, width: 4, cropToAspectRatio: true)(x.value) * probe },
                                           wrt: [x], "crop")
    }

    func testGradient() {
        let x = Variable(PreprocessingFixtures.images([1, 3, 4, 2]), name: "x")
        let probe = PreprocessingFixtures.images([1, 5, 3, 2], seed: 8)
        GradientCheck.assertGradientsMatch(of: { Resizing(height: 5, width: 3)(x.value) * probe }, wrt: [x])
    }

    func testConfigAndErrors() throws {
        XCTAssertThrowsError(try Resizing(height: 0, width: 3).buildIfNeeded([[4, 4, 1]]))
        XCTAssertThrowsError(try Resizing.fromConfig(["height": 3, "width": 3, "interpolation": "gaussian"])) { error in
            XCTAssertTrue("\(error)".contains("bilinear, nearest, bicubic, area, lanczos3, lanczos5"), "\(error)")
            XCTAssertTrue("\(error)".hasSuffix("Received: interpolation=gaussian"), "\(error)")
        }
        XCTAssertThrowsError(try Resizing.fromConfig(["height": 3, "width": 3, "crop_to_aspect_ratio": true,
                                                      "pad_to_aspect_ratio": true]))
        XCTAssertThrowsError(try Resizing(height: 3, width: 3, cropToAspectRatio: true, padToAspectRatio: true)
            .buildIfNeeded([[4, 4, 1]]))
        XCTAssertThrowsError(try Resizing.fromConfig(["height": 3, "width": 3, "antialias": true]))
        XCTAssertThrowsError(try Resizing.fromConfig(["height": 3, "width": 3, "fill_mode": "reflect"]))
        // Every setting survives a round trip through Keras's configuration.
        let layer = Resizing(height: 5, width: 7, interpolation: .lanczos5, padToAspectRatio: true, fillValue: 0.25, name: "r")
        let copy = try XCTUnwrap(try Resizing.fromConfig(layer.getConfig()) as? Resizing)
        XCTAssertEqual(copy.getConfig(), layer.getConfig())
        XCTAssertEqual(copy.interpolation, .lanczos5)
        XCTAssertTrue(copy.padToAspectRatio && !copy.cropToAspectRatio)
        XCTAssertEqual(copy.fillValue, 0.25)
        XCTAssertEqual(try Resizing(height: 2, width: 3).computeOutputShape([5, 6, 4]), [2, 3, 4])
    }
}
