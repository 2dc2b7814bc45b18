import DLCore
import XCTest

/// `ConvolutionKernels.forwardMaxPooled` equals `forward` then `maxPoolDisjoint`, outputs and
/// winners bit for bit, under each plan the convolution can take and chunk sizes that do not
/// divide the batch.
final class ConvolutionKernelsMaxPoolTests: XCTestCase {
    private func run(input: [Int], kernel: [Int], padding: Padding, pool: (Int, Int), relu: Bool,
                     plan: (WindowGeometry, Int) -> ConvolutionKernels.Plan, _ what: String) {
        let x = Tensor.randomNormal(input, seed: 1).scalars
        let k = Tensor.randomNormal(kernel, stddev: 0.3, seed: 2).scalars
        let b = Tensor.randomNormal([kernel[3]], seed: 3).scalars
        let filters = kernel[3]
        let g = WindowGeometry(inputShape: input, kernel: (kernel[0], kernel[1]), strides: (1, 1), padding: padding)
        let p = WindowGeometry(inputShape: [g.batch, g.outputHeight, g.outputWidth, filters], kernel: pool, strides: pool,
                               padding: .valid)
        let thePlan = plan(g, filters)
        var y = [Float](repeating: .nan, count: g.outputPositions * filters)
        var expected = [Float](repeating: .nan, count: p.outputPositions * filters), expectedWinners = [UInt8](repeating: 0, count: expected.count)
        var out = [Float](repeating: .nan, count: expected.count), winners = [UInt8](repeating: 0, count: expected.count)
        x.withUnsafeBufferPointer { xp in k.withUnsafeBufferPointer { kp in b.withUnsafeBufferPointer { bp in
            y.withUnsafeMutableBufferPointer {
                ConvolutionKernels.forward(xp, kernel: kp, bias: bp, g, filters: filters, relu: relu, into: $0, plan: thePlan)
            }
            y.withUnsafeBufferPointer { yp in
                expected.withUnsafeMutableBufferPointer { ep in expectedWinners.withUnsafeMutableBufferPointer {
                    PoolingKernels.maxPoolDisjoint(yp, p, into: ep, winners: $0)
                } }
            }
            out.withUnsafeMutableBufferPointer { op in winners.withUnsafeMutableBufferPointer {
                ConvolutionKernels.forwardMaxPooled(xp, kernel: kp, bias: bp, g, filters: filters, relu: relu, pool: p,
                                                    into: op, winners: $0, plan: thePlan)
            } }
        } } }
        XCTAssertEqual(out, expected, what)
        XCTAssertEqual(winners, expectedWinners, what)
    }

    func testEveryPlanAndChunkSize() {
        for relu in [false, true] {
            for chunk in [1, 3, 4] {
                let what = "relu \(relu), \(chunk) samples a chunk"
                run(input: [7, 12, 12, 1], kernel: [5, 5, 1, 32], padding: .valid, pool: (2, 2), relu: relu,
                    plan: { ConvolutionKernels.Plan($0, filters: $1, samplesPerChunk: chunk, transposed: false) }, "rows, " + what)
                run(input: [7, 12, 13, 3], kernel: [5, 5, 3, 19], padding: .same, pool: (2, 2), relu: relu,
                    plan: { ConvolutionKernels.Plan($0, filters: $1, samplesPerChunk: chunk, direct: true) }, "direct, " + what)
                run(input: [7, 11, 9, 3], kernel: [3, 3, 3, 6], padding: .same, pool: (2, 2), relu: relu,
                    plan: { ConvolutionKernels.Plan($0, filters: $1, samplesPerChunk: chunk, shiftedRows: false) },
                    "transposed, " + what)
                run(input: [7, 11, 9, 3], kernel: [3, 3, 3, 6], padding: .same, pool: (3, 2), relu: relu,
                    plan: { ConvolutionKernels.Plan($0, filters: $1, samplesPerChunk: chunk) }, "shifted rows, " + what)
                for tile in [ConvolutionKernels.WinogradTile.f2, .f4] {
                    run(input: [7, 10, 11, 16], kernel: [3, 3, 16, 24], padding: .same, pool: (2, 2), relu: relu,
                        plan: { ConvolutionKernels.Plan($0, filters: $1, samplesPerChunk: chunk, winogradTile: tile) },
                        "Winograd \(tile), " + what)
                }
            }
        }
        // The default plans (the batch's own chunks).
        run(input: [33, 12, 12, 1], kernel: [5, 5, 1, 32], padding: .valid, pool: (2, 2), relu: true,
            plan: { ConvolutionKernels.Plan($0, filters: $1) }, "rows or direct (AVX-512), default plan")
        run(input: [33, 12, 12, 32], kernel: [3, 3, 32, 64], padding: .valid, pool: (2, 2), relu: true,
            plan: { ConvolutionKernels.Plan($0, filters: $1) }, "Winograd, default plan")
    }
}
