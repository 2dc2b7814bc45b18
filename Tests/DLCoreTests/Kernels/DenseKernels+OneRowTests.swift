import DLCore
import DLTestSupport
import XCTest

/// The one-row product `dl_vector_product`, every variant this CPU supports (the portable one
/// included), bit for bit against its order in Swift (each output's even and odd terms summed from
/// 0, then even + odd), on odd shapes: widths that are not multiples of 8 or 16, blocks of one to
/// four vectors, an odd inner length, a row stride wider than the columns; and the dense forward
/// pass's use of it for one image.
final class DenseKernelsOneRowTests: XCTestCase {
    override func tearDown() {
        VectorUnit.force(nil)
        super.tearDown()
    }

    /// A scalar the product must not write (past `columns`).
    private static let sentinel: Float = 12345

    func testVectorProductMatchesItsOrderInEveryVariant() {
        // (inner, columns, rowStride)
        let shapes = [(1, 1, 1), (2, 3, 5), (7, 17, 17), (31, 33, 40), (784, 32, 32), (32, 784, 784), (5, 100, 130),
                      (9, 65, 65), (3, 129, 129)]
        var compared = 0
        for (index, (inner, columns, rowStride)) in shapes.enumerated() {
            let seed = UInt64(index)
            var x = Tensor.randomUniform([inner], min: -1, max: 1, seed: seed).scalars
            x[0] = -0.0
            let w = Tensor.randomUniform([inner * rowStride], min: -1, max: 1, seed: seed + 100).scalars
            let y = Tensor.randomUniform([columns], min: -1, max: 1, seed: seed + 200).scalars
            for accumulate in [false, true] {
                let expected = DenseKernels.referenceVectorProduct(x, w, inner: inner, rowStride: rowStride,
                                                                   columns: columns, y: y, accumulate: accumulate)
                // Against the plain sum too, so that the reference itself is a product.
                let plain = (0..<columns).map { j in
                    (0..<inner).reduce(accumulate ? y[j] : 0) { $0 + x[$1] * w[$1 * rowStride + j] }
                }
                assertScalarsClose(expected, plain, accuracy: 1e-4, "reference \(inner)×\(columns)")
                for unit in VectorUnit.supported {
                    XCTAssertTrue(VectorUnit.force(unit))
                    var out = y + [Self.sentinel, Self.sentinel]
                    x.withUnsafeBufferPointer { xp in w.withUnsafeBufferPointer { wp in
                        out.withUnsafeMutableBufferPointer { op in
                            DenseKernels.vectorProduct(xp.baseAddress!, wp.baseAddress!, inner: inner, rowStride: rowStride,
                                                       columns: columns, into: op.baseAddress!, accumulate: accumulate)
                        }
                    } }
                    let context = "\(unit.name) \(inner)×\(columns) stride \(rowStride) accumulate=\(accumulate)"
                    assertSameBits(Array(out[..<columns]), expected, context)
                    XCTAssertEqual(Array(out[columns...]), [Self.sentinel, Self.sentinel], context)
                    compared += 1
                }
            }
        }
        XCTAssertGreaterThanOrEqual(compared, 2 * shapes.count)
    }

    /// One image through `DenseKernels.forward` on AVX-512: the bias plus the vector product, bit
    /// for bit, for a kernel below the size limit; larger kernels and more rows go elsewhere.
    func testOneRowForwardTakesTheVectorProduct() throws {
        try XCTSkipUnless(VectorUnit.active == .avx512, "the one-row product is taken on AVX-512 only")
        let (inputs, units) = (784, 32)
        let x = Tensor.randomUniform([inputs], min: 0, max: 1, seed: 1).scalars
        let kernel = Tensor.randomUniform([inputs * units], min: -0.1, max: 0.1, seed: 2).scalars
        let bias = Tensor.randomUniform([units], min: -1, max: 1, seed: 3).scalars
        XCTAssertTrue(DenseKernels.prefersVectorProduct(rows: 1, inputs: inputs, units: units))
        XCTAssertFalse(DenseKernels.prefersVectorProduct(rows: 2, inputs: inputs, units: units))
        XCTAssertFalse(DenseKernels.prefersVectorProduct(rows: 1, inputs: 784, units: 256), "large kernels stay on sgemv")
        var out = [Float](repeating: .nan, count: units)
        x.withUnsafeBufferPointer { xp in kernel.withUnsafeBufferPointer { kp in bias.withUnsafeBufferPointer { bp in
            out.withUnsafeMutableBufferPointer { op in
                DenseKernels.forward(xp.baseAddress!, kernel: kp.baseAddress!, bias: bp.baseAddress, rows: 1, inputs: inputs,
                                     units: units, activation: .identity, into: op.baseAddress!)
            }
        } } }
        let expected = DenseKernels.referenceVectorProduct(x, kernel, inner: inputs, rowStride: units, columns: units,
                                                           y: bias, accumulate: true)
        assertSameBits(out, expected, "forward of one row")
    }
}
