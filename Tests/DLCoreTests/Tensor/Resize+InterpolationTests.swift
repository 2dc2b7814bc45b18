import DLCore
import DLTestSupport
import XCTest

final class ResizeInterpolationTests: XCTestCase {
    /// Area 4×4 → 2×2 averages each 2×2 block; nearest 2×2 → 4×4 repeats each pixel.
    func testWorkedExamples() {
        let x = Tensor(shape: [1, 4, 4, 1], scalars: (0..<16).map(Float.init))
        XCTAssertEqual(resizedImages(x, height: 2, width: 2, interpolation: .area).scalars, [2.5, 4.5, 10.5, 12.5])
        let small = Tensor(shape: [1, 2, 2, 1], scalars: [1, 2, 3, 4])
        XCTAssertEqual(resizedImages(small, height: 4, width: 4, interpolation: .nearest).scalars,
                       [1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4])
        // Bilinear goes through linearlyResized (TensorFlow's lerps) and a same size is the identity.
        XCTAssertEqual(resizedImages(x, height: 4, width: 4).scalars, x.scalars)
        XCTAssertEqual(resizedImages(x, height: 3, width: 5).scalars,
                       linearlyResized(linearlyResized(x, axis: 2, length: 5), axis: 1, length: 3).scalars)
    }

    func testGradients() {
        let x = Variable(distinctInput([2, 5, 4, 2], spacing: 0.05), name: "x")
        for interpolation in ResizeInterpolation.allCases {
            for (height, width) in [(3, 7), (8, 2)] {
                let probe = Tensor.randomNormal([2, height, width, 2], seed: 4)
                GradientCheck.assertGradientsMatch(of: { resizedImages(x.value, height: height, width: width,
                                                                       interpolation: interpolation) * probe },
                                                   wrt: [x], "\(interpolation) → \(height)×\(width)")
            }
        }
    }
}
