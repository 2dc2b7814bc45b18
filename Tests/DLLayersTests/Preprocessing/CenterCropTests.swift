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

    func testTooSmallInputIsReported() {
        XCTAssertThrowsError(try CenterCrop(height: 8, width: 2).buildIfNeeded([[4, 4, 1]])) { error in
            guard case .shapeMismatch(_, _, [4, 4, 1])? = error as? DLError else { return XCTFail("\(error)") }
        }
    }
}
