import DL
import DLTestSupport
import XCTest

final class CenterCropTests: XCTestCase {
    func testMatchesKerasExactly() throws {
        let cases = try PreprocessingFixtures.cases("center_crop")
        XCTAssertEqual(cases.count, 3)
        for item in cases {
            let height = try XCTUnwrap(item["height"]?.intValue), width = try XCTUnwrap(item["width"]?.intValue)
            let x = try KerasFixtures.tensor(item["input"], in: "center_crop")
            let expected = try KerasFixtures.tensor(item["output"], in: "center_crop")
            let y = CenterCrop(height: height, width: width)(x)
            XCTAssertEqual(y.shape, expected.shape)
            XCTAssertEqual(y.scalars, expected.scalars)
        }
    }

    func testGradientAndUnbatchedImage() {
        let x = Variable(PreprocessingFixtures.images([2, 5, 4, 1]), name: "x")
        let probe = PreprocessingFixtures.images([2, 3, 2, 1], seed: 6)
        GradientCheck.assertGradientsMatch(of: { CenterCrop(height: 3, width: 2)(x.value) * probe }, wrt: [x])
        let image = Tensor(shape: [3, 3, 1], scalars: (0..<9).map(Float.init))
        XCTAssertEqual(CenterCrop(height: 1, width: 1)(image).scalars, [4])
    }

    /// A crop larger than the input along an axis: Keras's `smart_resize` (the largest centred window of
    /// the target's aspect ratio, resized bilinearly), taller, wider, both, and larger along one axis only.
    func testLargerThanInputMatchesKeras() throws {
        let cases = try PreprocessingFixtures.cases("center_crop_resize")
        XCTAssertEqual(cases.count, 4)
        for item in cases {
            let height = try XCTUnwrap(item["height"]?.intValue), width = try XCTUnwrap(item["width"]?.intValue)
            let x = try KerasFixtures.tensor(item["input"], in: "center_crop_resize")
            let expected = try KerasFixtures.tensor(item["output"], in: "center_crop_resize")
            let layer = CenterCrop(height: height, width: width)
            XCTAssertEqual(try layer.computeOutputShape(Array(x.shape.dropFirst())), Array(expected.shape.dropFirst()))
            assertTensorsClose(layer(x), expected, accuracy: 1e-5, "\(x.shape) → \(height)×\(width)")
            let single = layer(x.slice(axis: 0, 0..<1).reshaped(Array(x.shape.dropFirst())))
            assertScalarsClose(single.scalars, expected.slice(axis: 0, 0..<1).scalars, accuracy: 1e-5)
        }
        let x = Variable(PreprocessingFixtures.images([1, 3, 4, 2]), name: "x")
        let probe = PreprocessingFixtures.images([1, 5, 4, 2], seed: 6)
        GradientCheck.assertGradientsMatch(of: { CenterCrop(height: 5, width: 4)(x.value) * probe }, wrt: [x])
    }

    func testBadSizeIsReported() {
        XCTAssertThrowsError(try CenterCrop(height: 0, width: 2).buildIfNeeded([[4, 4, 1]])) { error in
            XCTAssertTrue("\(error)".hasSuffix("Received: height=0, width=2"), "\(error)")
        }
        XCTAssertThrowsError(try CenterCrop(height: 2, width: 2).buildIfNeeded([[4, 4, 1, 1]]))
    }
}
