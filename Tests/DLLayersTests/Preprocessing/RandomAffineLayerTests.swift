import DL
import DLTestSupport
import XCTest

/// The affine warp behind RandomRotation, RandomTranslation and RandomZoom equals Keras's
/// `ops.image.affine_transform` for every fill mode and interpolation, with the transform each
/// layer builds from a fixed angle, shift or zoom.
final class RandomAffineLayerTests: XCTestCase {
    func testMatchesKerasAffineTransformForEveryFillModeAndInterpolation() throws {
        let cases = try PreprocessingFixtures.cases("affine")
        XCTAssertEqual(cases.count, 48)
        var seen = Set<String>()
        for (index, item) in cases.enumerated() {
            let kind = try XCTUnwrap(item["kind"]?.stringValue)
            let parameter = try XCTUnwrap(item["parameter"]?.arrayValue).compactMap { $0.doubleValue.map(Float.init) }
            let mode = try XCTUnwrap(FillMode(rawValue: try XCTUnwrap(item["fill_mode"]?.stringValue)))
            let interpolation = try XCTUnwrap(ImageInterpolation(rawValue: try XCTUnwrap(item["interpolation"]?.stringValue)))
            let fillValue = Float(try XCTUnwrap(item["fill_value"]?.doubleValue))
            let x = try KerasFixtures.tensor(item["input"], in: "affine")
            let expected = try KerasFixtures.tensor(item["output"], in: "affine")
            let (height, width) = (x.shape[1], x.shape[2])
            let layer: RandomAffineLayer, transform: [Float]
            switch kind {
            case "rotation":
                layer = RandomRotation(0.1, fillMode: mode, interpolation: interpolation, fillValue: fillValue)
                transform = RandomRotation.transform(degrees: parameter[0], height: height, width: width)
            case "translation":
                layer = RandomTranslation(heightFactor: 0.1, widthFactor: 0.1, fillMode: mode, interpolation: interpolation,
                                          fillValue: fillValue)
                transform = RandomTranslation.transform(dx: parameter[0], dy: parameter[1])
            default:
                layer = RandomZoom(0.1, fillMode: mode, interpolation: interpolation, fillValue: fillValue)
                transform = RandomZoom.transform(zx: parameter[0], zy: parameter[1], height: height, width: width)
            }
            let kerasTransform = try XCTUnwrap(item["transform"]?.arrayValue).compactMap { $0.doubleValue.map(Float.init) }
            assertScalarsClose(transform, kerasTransform, accuracy: 1e-5, "case \(index) transform")
            let output = layer.apply(x, transforms: transform + transform)
            assertTensorsClose(output, expected, accuracy: 1e-4, "case \(index): \(kind) \(parameter) \(mode) \(interpolation)")
            seen.insert("\(kind) \(mode) \(interpolation)")
        }
        XCTAssertEqual(seen.count, 24)
    }

    func testIdentityTransformKeepsTheImage() {
        let x = PreprocessingFixtures.images()
        for mode in FillMode.allCases {
            for interpolation in ImageInterpolation.allCases {
                let layer = RandomRotation(0.2, fillMode: mode, interpolation: interpolation)
                XCTAssertEqual(layer.apply(x, transforms: [Float](repeating: 0, count: 16).enumerated().map {
                    [0, 4].contains($0.offset % 8) ? 1 : 0
                }).scalars, x.scalars)
            }
        }
    }

    func testSeededAndIdentityOutsideTraining() {
        PreprocessingFixtures.assertSeededAndIdentity { RandomRotation(0.2, seed: 5) }
        PreprocessingFixtures.assertSeededAndIdentity { RandomTranslation(heightFactor: 0.3, widthFactor: 0.3, seed: 5) }
        PreprocessingFixtures.assertSeededAndIdentity { RandomZoom(0.3, seed: 5) }
    }

    func testInsideAModelTrainingAndInference() throws {
        let model = Sequential([InputLayer(shape: [5, 6, 3]), RandomRotation(0.1, seed: 1), Flatten(), Dense(2)])
        let x = PreprocessingFixtures.images()
        let inference = try model.predict(x)
        XCTAssertEqual(try model.predict(x).scalars, inference.scalars)
        XCTAssertNotEqual(model(x, training: true).scalars, inference.scalars)
    }

    func testBadFactorsAreReported() {
        XCTAssertThrowsError(try RandomRotation(1.5).buildIfNeeded([[4, 4, 1]])) { error in
            XCTAssertTrue("\(error)".contains("Received: factor=") && "\(error)".contains("1.5"), "\(error)")
        }
        XCTAssertThrowsError(try RandomTranslation(heightFactor: 0.1, widthFactor: -1.2).buildIfNeeded([[4, 4, 1]])) { error in
            XCTAssertTrue("\(error)".contains("width_factor"), "\(error)")
        }
        XCTAssertThrowsError(try RandomZoom(heightRange: (-1, 0.2)).buildIfNeeded([[4, 4, 1]]))
        XCTAssertThrowsError(try RandomZoom.fromConfig(["height_factor": 2.0]))
        XCTAssertThrowsError(try RandomRotation.fromConfig(["factor": 0.1, "fill_mode": "mirror"])) { error in
            XCTAssertTrue("\(error)".hasSuffix("Received: fill_mode=mirror"), "\(error)")
        }
        XCTAssertThrowsError(try RandomRotation(0.1).buildIfNeeded([[4, 4, 1, 1]]))
    }
}
