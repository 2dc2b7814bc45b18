import DLCore
import DLTestSupport
import XCTest

/// A fused ReLU keeps NaN, as TensorFlow's does, in every kernel that applies it in its output
/// pass: the dense kernel (every chunking) and the convolution kernel (im2col rows, transposed,
/// shifted planes, planar, Winograd F(2×2) and F(4×4)). A NaN pixel or a NaN bias must reach the output
/// instead of being clamped to 0; every other cell keeps the reference's value.
final class FusedActivationTests: XCTestCase {
    func testDenseReLUKeepsNaN() {
        let (rows, inputs, units) = (37, 9, 19)
        var x = Tensor.randomUniform([rows * inputs], min: -2, max: 2, seed: 1).scalars
        let kernel = Tensor.randomUniform([inputs * units], min: -2, max: 2, seed: 2).scalars
        var bias = Tensor.randomUniform([units], min: -1, max: 1, seed: 3).scalars
        x[5 * inputs + 3] = .nan   // row 5
        bias[7] = .nan             // column 7
        let expected = DenseKernels.referenceForward(x, kernel: kernel, bias: bias, rows: rows, inputs: inputs, units: units,
                                                     activation: .relu)
        XCTAssertEqual(expected.filter(\.isNaN).count, units + rows - 1)
        for chunk in [1, 2, 16, rows] {
            var out = [Float](repeating: 0, count: rows * units)
            DenseKernels.forward(x, kernel: kernel, bias: bias, rows: rows, inputs: inputs, units: units, activation: .relu,
                                 into: &out, plan: .init(rows: rows, inputs: inputs, units: units, rowsPerChunk: chunk))
            assertSameNaNsAndClose(out, expected, "dense chunk=\(chunk)")
        }
    }

    func testConvolutionReLUKeepsNaNOnEveryStrategy() {
        // (input [N, H, W, C], strides, padding, filters, plans to run)
        typealias Case = ([Int], (Int, Int), Padding, Int, [(String, (WindowGeometry, Int) -> ConvolutionKernels.Plan)])
        let cases: [Case] = [
            ([3, 7, 6, 3], (2, 2), .same, 17, [("im2col rows", { .init($0, filters: $1, transposed: false) }),
                                              ("transposed", { .init($0, filters: $1, transposed: true) }),
                                              ("direct", { .init($0, filters: $1, direct: true) })]),
            ([2, 9, 8, 2], (1, 1), .valid, 5, [("shifted planes", { .init($0, filters: $1, transposed: true, shiftedRows: true) }),
                                              ("transposed", { .init($0, filters: $1, transposed: true, shiftedRows: false) })]),
            ([2, 9, 8, 1], (1, 1), .same, 5, [("planar", { .init($0, filters: $1, planar: true) })]),
            ([2, 9, 11, 16], (1, 1), .same, 19, [("Winograd F4", { .init($0, filters: $1, winograd: true, winogradTile: .f4) }),
                                                ("Winograd F2", { .init($0, filters: $1, winograd: true, winogradTile: .f2) }),
                                                ("im2col rows", { .init($0, filters: $1, transposed: false, winograd: false) }),
                                                ("direct", { .init($0, filters: $1, winograd: false, direct: true) })]),
        ]
        for (shape, strides, padding, filters, plans) in cases {
            let g = WindowGeometry(inputShape: shape, kernel: (3, 3), strides: strides, padding: padding)
            let kernel = Tensor.randomUniform([g.patchSize * filters], min: -1, max: 1, seed: 5).scalars
            let clean = Tensor.randomUniform(shape, min: -1, max: 1, seed: 4).scalars
            var nanPixel = clean
            nanPixel[g.sampleSize + 2 * g.width * g.channels + 3 * g.channels + 1] = .nan   // sample 1, (2, 3), channel 1
            var nanBias = Tensor.randomUniform([filters], min: -0.5, max: 0.5, seed: 6).scalars
            nanBias[filters - 2] = .nan
            let cleanBias = Tensor.randomUniform([filters], min: -0.5, max: 0.5, seed: 6).scalars
            for (name, makePlan) in plans {
                let plan = makePlan(g, filters)
                XCTAssertEqual(plan.winograd, name.hasPrefix("Winograd"), name)
                for (what, x, bias) in [("NaN bias", clean, nanBias), ("NaN pixel", nanPixel, cleanBias)] {
                    let expected = ConvolutionKernels.referenceForward(x, kernel: kernel, bias: bias, g, filters: filters, relu: true)
                    let out = ConvolutionKernelsRunner.forward(x, kernel: kernel, bias: bias, g, filters: filters, relu: true, plan: plan)
                    let context = "\(name) \(shape) \(what)"
                    XCTAssertGreaterThan(expected.filter(\.isNaN).count, 0, context)
                    if plan.winograd && what == "NaN pixel" {
                        // Winograd's transforms spread a NaN input over its whole tile: every NaN of the
                        // direct convolution is NaN here, and no finite cell differs from it.
                        for (i, (o, e)) in zip(out, expected).enumerated() where e.isNaN || !o.isNaN {
                            XCTAssertTrue(e.isNaN ? o.isNaN : Swift.abs(o - e) <= 1e-4, "\(context) at \(i): \(o) against \(e)")
                        }
                    } else {
                        assertSameNaNsAndClose(out, expected, context)
                    }
                }
            }
        }
    }

    /// NaN exactly where `expected` has NaN, within 1e-4 elsewhere.
    private func assertSameNaNsAndClose(_ actual: [Float], _ expected: [Float], _ message: String,
                                        file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(actual.count, expected.count, message, file: file, line: line)
        for (i, (a, e)) in zip(actual, expected).enumerated() where a.isNaN != e.isNaN || (!e.isNaN && Swift.abs(a - e) > 1e-4) {
            XCTFail("\(message) at \(i): \(a) against \(e)", file: file, line: line)
            return
        }
    }
}
