import DLCore
import XCTest

/// `ConvolutionKernels.forwardAddingResidual` equals `forward` then `MergeKernels.sumReLU` (or
/// `sum`) with the residual, bit for bit, under each plan the convolution can take and chunk sizes
/// that do not divide the batch, the residual first or second in the sum.
final class ConvolutionKernelsResidualTests: XCTestCase {
    private func run(input: [Int], kernel: [Int], strides: (Int, Int) = (1, 1), padding: Padding, relu: Bool,
                     zeroRows: Int = 0, plan: (WindowGeometry, Int) -> ConvolutionKernels.Plan, _ what: String) {
        var x = Tensor.randomNormal(input, seed: 1).scalars
        // The first `zeroRows` rows of every sample all zero: windows there are all-zero, which the
        // Winograd path restores exactly (with the residual added).
        let sample = input[1] * input[2] * input[3], rows = zeroRows * input[2] * input[3]
        for n in 0..<input[0] { for i in 0..<rows { x[n * sample + i] = 0 } }
        let k = Tensor.randomNormal(kernel, stddev: 0.3, seed: 2).scalars
        let b = Tensor.randomNormal([kernel[3]], seed: 3).scalars
        let filters = kernel[3]
        let g = WindowGeometry(inputShape: input, kernel: (kernel[0], kernel[1]), strides: strides, padding: padding)
        let thePlan = plan(g, filters)
        let count = g.outputPositions * filters
        var r = Tensor.randomNormal([count], seed: 4).scalars
        r[0] = .nan   // kept NaN, as the Add + ReLU keeps it
        var y = [Float](repeating: .nan, count: count), out = y
        var expected = [Float](repeating: .nan, count: count), reversed = expected
        x.withUnsafeBufferPointer { xp in k.withUnsafeBufferPointer { kp in b.withUnsafeBufferPointer { bp in
            y.withUnsafeMutableBufferPointer {
                ConvolutionKernels.forward(xp, kernel: kp, bias: bp, g, filters: filters, relu: false, into: $0, plan: thePlan)
            }
            y.withUnsafeBufferPointer { yp in r.withUnsafeBufferPointer { rp in
                let pointers = [yp.baseAddress!, rp.baseAddress!]
                expected.withUnsafeMutableBufferPointer { ep in
                    if relu {
                        MergeKernels.sumReLU(pointers, count: count, into: ep.baseAddress!)
                    } else {
                        MergeKernels.sum(pointers, count: count, into: ep.baseAddress!)
                    }
                }
                reversed.withUnsafeMutableBufferPointer { ep in
                    if relu {
                        MergeKernels.sumReLU(pointers.reversed(), count: count, into: ep.baseAddress!)
                    } else {
                        MergeKernels.sum(pointers.reversed(), count: count, into: ep.baseAddress!)
                    }
                }
                out.withUnsafeMutableBufferPointer { op in
                    ConvolutionKernels.forwardAddingResidual(xp, kernel: kp, bias: bp, g, filters: filters, residual: rp,
                                                             relu: relu, into: op, plan: thePlan)
                }
            } }
        } } }
        XCTAssertTrue(out[0].isNaN, what)
        XCTAssertEqual(Array(out.dropFirst()), Array(expected.dropFirst()), what)
        XCTAssertEqual(Array(out.dropFirst()), Array(reversed.dropFirst()), what + ", residual first")
    }

    func testEveryPlanAndChunkSize() {
        for relu in [false, true] {
            for chunk in [1, 3, 4] {
                let what = "relu \(relu), \(chunk) samples a chunk"
                run(input: [7, 12, 12, 1], kernel: [5, 5, 1, 32], padding: .valid, relu: relu,
                    plan: { ConvolutionKernels.Plan($0, filters: $1, samplesPerChunk: chunk, transposed: false) }, "rows, " + what)
                run(input: [7, 12, 13, 3], kernel: [5, 5, 3, 19], padding: .same, relu: relu,
                    plan: { ConvolutionKernels.Plan($0, filters: $1, samplesPerChunk: chunk, direct: true) }, "direct, " + what)
                run(input: [7, 11, 9, 3], kernel: [3, 3, 3, 6], strides: (2, 1), padding: .same, relu: relu,
                    plan: { ConvolutionKernels.Plan($0, filters: $1, samplesPerChunk: chunk, shiftedRows: false) },
                    "transposed, strided, " + what)
                run(input: [7, 11, 9, 8], kernel: [1, 1, 8, 5], strides: (2, 2), padding: .valid, relu: relu,
                    plan: { ConvolutionKernels.Plan($0, filters: $1, samplesPerChunk: chunk) }, "1×1 strided, " + what)
                for tile in [ConvolutionKernels.WinogradTile.f2, .f4] {
                    run(input: [7, 10, 11, 16], kernel: [3, 3, 16, 24], padding: .same, relu: relu,
                        plan: { ConvolutionKernels.Plan($0, filters: $1, samplesPerChunk: chunk, winogradTile: tile) },
                        "Winograd \(tile), " + what)
                }
            }
        }
        // The default plans (the batch's own chunks).
        run(input: [33, 28, 28, 16], kernel: [3, 3, 16, 16], padding: .same, relu: true,
            plan: { ConvolutionKernels.Plan($0, filters: $1) }, "Winograd, default plan (resnet's first stage)")
        run(input: [33, 12, 12, 3], kernel: [3, 3, 3, 8], padding: .valid, relu: true,
            plan: { ConvolutionKernels.Plan($0, filters: $1) }, "default plan")
    }

    /// The residual in Winograd's output transform, in every variant of the C kernels, with all-zero
    /// windows (restored as act(bias + r)) and a chunk size that does not divide the batch.
    func testWinogradEpilogueInEveryVariantWithZeroWindows() {
        defer { VectorUnit.force(nil) }
        for unit in VectorUnit.supported {
            XCTAssertTrue(VectorUnit.force(unit))
            for relu in [false, true] {
                for tile in [ConvolutionKernels.WinogradTile.f2, .f4] {
                    run(input: [5, 13, 10, 17], kernel: [3, 3, 17, 21], padding: .same, relu: relu, zeroRows: 5,
                        plan: { ConvolutionKernels.Plan($0, filters: $1, samplesPerChunk: 2, winogradTile: tile) },
                        "\(unit.name) Winograd \(tile), relu \(relu), zero rows")
                }
            }
        }
    }
}
