import DLCore
import DLTestSupport
import XCTest

/// The merge kernels against their naive references, on counts below and above the parallel
/// threshold (so both the serial and the split paths run).
final class MergeKernelsTests: XCTestCase {
    private func inputs(_ n: Int, count: Int) -> [[Float]] {
        (0..<n).map { Tensor.randomUniform([count], min: -2, max: 2, seed: UInt64(10 * n + $0 + count)).scalars }
    }

    /// Runs `kernel` on copies of `xs` into an output of `outputCount` scalars (default: the first input's count).
    private func run(_ xs: [[Float]], outputCount: Int? = nil,
                     _ kernel: ([UnsafePointer<Float>], UnsafeMutablePointer<Float>) -> Void) -> [Float] {
        let pointers = xs.map { x -> UnsafeMutablePointer<Float> in
            let p = UnsafeMutablePointer<Float>.allocate(capacity: x.count)
            p.initialize(from: x, count: x.count)
            return p
        }
        defer { pointers.forEach { $0.deallocate() } }
        var out = [Float](repeating: .nan, count: outputCount ?? xs[0].count)
        out.withUnsafeMutableBufferPointer { kernel(pointers.map { UnsafePointer($0) }, $0.baseAddress!) }
        return out
    }

    func testSumAverageProductMaximumMatchReferences() {
        for count in [1, 7, 70_001] {
            for n in [2, 3, 5] {
                let xs = inputs(n, count: count)
                XCTAssertEqual(run(xs) { MergeKernels.sum($0, count: count, into: $1) }, MergeKernels.referenceSum(xs))
                XCTAssertEqual(run(xs) { MergeKernels.sum($0, count: count, divisor: Float(n), into: $1) },
                               MergeKernels.referenceSum(xs, divisor: Float(n)))
                XCTAssertEqual(run(xs) { MergeKernels.product($0, count: count, into: $1) }, MergeKernels.referenceProduct(xs))
                XCTAssertEqual(run(xs) { MergeKernels.maximum($0, count: count, into: $1) }, MergeKernels.referenceMaximum(xs))
            }
            let (a, b) = (inputs(2, count: count)[0], inputs(2, count: count)[1])
            XCTAssertEqual(run([a, b]) { MergeKernels.l1Distance($0[0], $0[1], count: count, into: $1) },
                           MergeKernels.referenceL1Distance(a, b))
        }
    }

    func testSumReLUMatchesItsReference() {
        for count in [1, 7, 8, 23, 70_001] {
            for n in [1, 2, 3] {
                let xs = inputs(n, count: count)
                XCTAssertEqual(run(xs) { MergeKernels.sumReLU($0, count: count, into: $1) }, MergeKernels.referenceSumReLU(xs))
            }
        }
        // NaN stays NaN, in the vector part and in the tail; −0 becomes +0.
        let x: [Float] = [.nan, -1, 2, -0.0, 0, 3, -4, 5, .nan, -0.0]
        let y = run([x, [Float](repeating: 0, count: 10)]) { MergeKernels.sumReLU($0, count: 10, into: $1) }
        XCTAssertTrue(y[0].isNaN && y[8].isNaN)
        XCTAssertEqual(Array(y[1...7]), [0, 2, 0, 0, 3, 0, 5])
        XCTAssertEqual(y[9].sign, .plus)
    }

    func testGradientKernelsByHand() {
        let g: [Float] = [1, 2, 3, 4], a: [Float] = [1, -1, 2, 5], b: [Float] = [0, 3, 2, 5], c: [Float] = [2, 2, -1, 1]
        XCTAssertEqual(run([g, a, b]) { MergeKernels.l1DistanceGradient($0[0], $0[1], $0[2], count: 4, into: $1) }, [1, -2, 0, 0])
        XCTAssertEqual(run([g, a, b, c]) { MergeKernels.productGradient($0[0], Array($0.dropFirst()), skipping: 1, count: 4, into: $1) },
                       [2, -4, -6, 20])   // g · a · c
        var grads = [[Float]](repeating: [Float](repeating: .nan, count: 4), count: 3)
        let mutable = (0..<3).map { _ in UnsafeMutablePointer<Float>.allocate(capacity: 4) }
        defer { mutable.forEach { $0.deallocate() } }
        _ = run([g, a, b, c]) { p, _ in MergeKernels.maximumGradient(p[0], Array(p.dropFirst()), count: 4, into: mutable) }
        for k in 0..<3 { grads[k] = Array(UnsafeBufferPointer(start: mutable[k], count: 4)) }
        // maxima: 2 (c), 3 (b), 2 (a first on the tie with b), 5 (a first on the tie with b)
        XCTAssertEqual(grads, [[0, 0, 3, 4], [0, 2, 0, 0], [1, 0, 0, 0]])
    }

    func testSwapBlocksMatchesReference() {
        for (outer, length, middle, inner) in [(1, 2, 3, 1), (2, 3, 4, 5), (3, 1, 2, 2), (2, 4, 1, 3)] {
            let x = (0..<(outer * length * middle * inner)).map(Float.init)
            XCTAssertEqual(run([x]) { MergeKernels.swapBlocks($0[0], outer: outer, length: length, middle: middle, inner: inner, into: $1) },
                           MergeKernels.referenceSwapBlocks(x, outer: outer, length: length, middle: middle, inner: inner))
        }
    }

    func testConcatenateAndSliceMatchReference() {
        for (outer, rows) in [(1, [3, 1]), (5, [2, 7, 1]), (20_000, [3, 5])] {
            let xs = rows.enumerated().map { k, row in Tensor.randomUniform([outer * row], min: -1, max: 1, seed: UInt64(k + 1)).scalars }
            let total = rows.reduce(0, +)
            let out = run(xs, outputCount: outer * total) { MergeKernels.concatenate($0, rows: rows, outer: outer, into: $1) }
            XCTAssertEqual(out, MergeKernels.referenceConcatenate(xs, rows: rows, outer: outer))
            let back = run([out], outputCount: outer * rows[1]) {
                MergeKernels.slice($0[0], row: rows[1], offset: rows[0], total: total, outer: outer, into: $1)
            }
            XCTAssertEqual(back, xs[1])
        }
    }
}
