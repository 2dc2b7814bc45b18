import DLCore
import DLTestSupport
import XCTest

final class PoolingTests: XCTestCase {
    /// 2×2 max pooling with stride 2 of a 6×6 grid. The brief's grid had [[1, 4], [2, 2]] in the
    /// middle-right block (max 4, not the expected 5); its bottom-right cell is 5 here so that the
    /// documented result [[7, 5, 6], [7, 8, 5], [4, 5, 7]] holds.
    func testMaxPoolWorkedExample() {
        let grid: [Float] = [1, 3, 2, 1, 3, 4,
                             5, 7, 5, 1, 6, 2,
                             1, 2, 8, 5, 1, 4,
                             6, 7, 3, 4, 2, 5,
                             1, 2, 3, 4, 5, 6,
                             4, 2, 5, 3, 1, 7]
        let y = maxPool2d(Tensor(shape: [1, 6, 6, 1], scalars: grid), poolSize: (2, 2), strides: (2, 2), padding: .valid)
        XCTAssertEqual(y.shape, [1, 3, 3, 1])
        XCTAssertEqual(y.scalars, [7, 5, 6, 7, 8, 5, 4, 5, 7])
    }

    func testAvgPoolSameDividesByRealCells() {
        // 3×3 input, 2×2 pool, stride 2, same: out 2×2, padding only after (bottom/right).
        let x = Tensor(shape: [1, 3, 3, 1], scalars: [1, 2, 3, 4, 5, 6, 7, 8, 9])
        let y = avgPool2d(x, poolSize: (2, 2), strides: (2, 2), padding: .same)
        XCTAssertEqual(y.shape, [1, 2, 2, 1])
        assertScalarsClose(y.scalars, [3, 4.5, 7.5, 9])
    }

    func testMaxPoolSamePaddingNeverWins() {
        let x = Tensor(shape: [1, 3, 3, 1], scalars: [-9, -8, -7, -6, -5, -4, -3, -2, -1])
        let y = maxPool2d(x, poolSize: (2, 2), strides: (2, 2), padding: .same)
        XCTAssertEqual(y.scalars, [-5, -4, -2, -1])
    }

    func testGradients() {
        for (padding, pool, strides, shape) in [(Padding.valid, (2, 2), (2, 2), [2, 4, 6, 2]), (.same, (3, 3), (2, 2), [1, 5, 5, 2]),
                                                (.valid, (3, 2), (1, 1), [1, 4, 5, 3]), (.same, (2, 3), (1, 2), [2, 3, 5, 1])] {
            // A permutation (7919 is prime) of distinct values keeps every window's maximum well separated.
            let count = shape.reduce(1, *)
            let values = (0..<count).map { Float(($0 * 7919) % count) * 0.5 - Float(count) * 0.25 }
            let x = Variable(Tensor(shape: shape, scalars: values), name: "x")
            let probe = maxPool2d(x.value, poolSize: pool, strides: strides, padding: padding)
            let weights = Tensor.randomUniform(probe.shape, min: 0.5, max: 1.5, seed: 8)
            GradientCheck.assertGradientsMatch(of: { maxPool2d(x.value, poolSize: pool, strides: strides, padding: padding) * weights },
                                               wrt: [x], "max \(padding) \(pool) \(strides)")
            GradientCheck.assertGradientsMatch(of: { avgPool2d(x.value, poolSize: pool, strides: strides, padding: padding) * weights },
                                               wrt: [x], "avg \(padding) \(pool) \(strides)")
        }
    }

    func testKernelsMatchReferences() {
        let cases: [([Int], (Int, Int), (Int, Int), Padding)] = [
            ([2, 5, 5, 3], (2, 2), (2, 2), .valid), ([2, 5, 5, 3], (2, 2), (2, 2), .same),
            ([1, 7, 4, 2], (3, 1), (1, 3), .same), ([3, 6, 7, 1], (3, 3), (3, 2), .valid),
            ([1, 1, 1, 4], (1, 1), (1, 1), .valid), ([1, 2, 3, 2], (4, 5), (1, 1), .same),
        ]
        for (shape, pool, strides, padding) in cases {
            let g = WindowGeometry(inputShape: shape, kernel: pool, strides: strides, padding: padding)
            let x = Tensor.randomUniform(shape, min: -2, max: 2, seed: 21).scalars
            let outCount = g.outputPositions * g.channels
            var out = [Float](repeating: 0, count: outCount), argmax = [Int32](repeating: 0, count: outCount)
            x.withUnsafeBufferPointer { xp in
                out.withUnsafeMutableBufferPointer { o in argmax.withUnsafeMutableBufferPointer { PoolingKernels.maxPool(xp, g, into: o, argmax: $0) } }
            }
            let reference = PoolingKernels.referenceMaxPool(x, g)
            XCTAssertEqual(out, reference.out, "max \(shape) \(pool) \(strides) \(padding)")
            XCTAssertEqual(argmax, reference.argmax, "argmax \(shape) \(pool) \(strides) \(padding)")

            let grad = Tensor.randomUniform([outCount], min: -1, max: 1, seed: 22).scalars
            var dx = [Float](repeating: 9, count: x.count)
            grad.withUnsafeBufferPointer { gp in
                argmax.withUnsafeBufferPointer { a in dx.withUnsafeMutableBufferPointer { PoolingKernels.maxPoolBackward(gp, argmax: a, g, into: $0) } }
            }
            var expected = [Float](repeating: 0, count: x.count)
            for (i, winner) in reference.argmax.enumerated() { expected[i / (outCount / g.batch) * g.sampleSize + Int(winner)] += grad[i] }
            assertScalarsClose(dx, expected, "max backward \(shape)")

            var avg = [Float](repeating: 0, count: outCount)
            x.withUnsafeBufferPointer { xp in avg.withUnsafeMutableBufferPointer { PoolingKernels.avgPool(xp, g, into: $0) } }
            assertScalarsClose(avg, PoolingKernels.referenceAvgPool(x, g), "avg \(shape) \(pool) \(strides) \(padding)")
            grad.withUnsafeBufferPointer { gp in dx.withUnsafeMutableBufferPointer { PoolingKernels.avgPoolBackward(gp, g, into: $0) } }
            assertScalarsClose(dx, PoolingKernels.referenceAvgPoolBackward(grad, g), "avg backward \(shape)")
        }
    }
}

/// The disjoint-window max pooling kernels (pool size = strides, no padding; CKernels'
/// `dl_maxpool_disjoint`) against the general ones, in every instruction set this CPU supports.
final class DisjointMaxPoolTests: XCTestCase {
    override func tearDown() {
        VectorUnit.force(nil)
        super.tearDown()
    }

    func testMatchesGeneralKernels() {
        let cases: [([Int], (Int, Int))] = [
            ([2, 4, 6, 1], (2, 2)), ([3, 5, 7, 6], (2, 2)), ([1, 6, 6, 16], (2, 2)), ([2, 7, 5, 13], (3, 2)),
            ([1, 2, 2, 3], (1, 1)), ([1, 3, 3, 9], (3, 3)), ([2, 6, 4, 4], (2, 1)),
            // Channel groups around the vector widths (8, 16) and a masked last group.
            ([2, 6, 8, 4], (2, 2)), ([3, 4, 9, 7], (2, 3)), ([2, 5, 6, 5], (1, 2)), ([2, 4, 4, 17], (2, 2)),
            ([1, 6, 5, 33], (2, 2)), ([2, 4, 6, 40], (2, 3)),
            // Rows pooled a block of windows at a time with AVX-512 (C ≤ 8, KW·C ≤ 16): LeNet-5's first
            // pooling, one window a vector, 16 windows of one channel, a last block of fewer windows.
            ([2, 6, 28, 6], (2, 2)), ([2, 4, 34, 1], (2, 2)), ([1, 2, 40, 1], (1, 16)), ([2, 6, 21, 3], (3, 3)),
            ([2, 4, 10, 8], (2, 2)), ([1, 4, 12, 2], (2, 4)), ([2, 3, 14, 5], (3, 3)),
            // Large enough to be split across cores.
            ([256, 8, 8, 6], (2, 2)),
            // The largest window whose cells fit in a byte.
            ([1, 16, 32, 3], (16, 16)),
        ]
        var compared = 0, masked = 0
        for (index, (shape, pool)) in cases.enumerated() {
            let g = WindowGeometry(inputShape: shape, kernel: pool, strides: pool, padding: .valid)
            XCTAssertTrue(PoolingKernels.hasDisjointWindows(g))
            // Values on a coarse grid, so that windows hold ties (the first maximum must win), and
            // NaNs in every third case (the first NaN wins).
            var x = Tensor.randomUniform(shape, min: -2, max: 2, seed: 5).scalars.map { ($0 * 2).rounded() / 2 }
            if index % 3 == 0 { for i in stride(from: 3, to: x.count, by: 7) { x[i] = .nan } }
            // The general kernel (which the reference checks elsewhere, NaN aside) lets the first NaN win too.
            var reference = (out: [Float](repeating: 0, count: g.outputPositions * g.channels), argmax: [Int32]())
            reference.argmax = [Int32](repeating: 0, count: reference.out.count)
            x.withUnsafeBufferPointer { xp in reference.out.withUnsafeMutableBufferPointer { o in
                reference.argmax.withUnsafeMutableBufferPointer { PoolingKernels.maxPool(xp, g, into: o, argmax: $0) }
            } }
            if index % 3 != 0 { XCTAssertEqual(reference.out, PoolingKernels.referenceMaxPool(x, g).out) }
            let grad = Tensor.randomUniform([reference.out.count], min: -1, max: 1, seed: 6).scalars
            var expected = [Float](repeating: 9, count: x.count)
            reference.argmax.withUnsafeBufferPointer { a in grad.withUnsafeBufferPointer { gp in
                expected.withUnsafeMutableBufferPointer { PoolingKernels.maxPoolBackward(gp, argmax: a, g, into: $0) }
            } }
            let maskedGrad = zip(grad, reference.out).map { $1 > 0 ? $0 : 0 }
            masked += maskedGrad.filter { $0 == 0 }.count
            var expectedMasked = [Float](repeating: 9, count: x.count)
            reference.argmax.withUnsafeBufferPointer { a in maskedGrad.withUnsafeBufferPointer { gp in
                expectedMasked.withUnsafeMutableBufferPointer { PoolingKernels.maxPoolBackward(gp, argmax: a, g, into: $0) }
            } }
            for unit in VectorUnit.supported {
                XCTAssertTrue(VectorUnit.force(unit))
                let label = "\(unit.name) \(shape) \(pool)"
                var out = [Float](repeating: 7, count: reference.out.count)
                x.withUnsafeBufferPointer { xp in out.withUnsafeMutableBufferPointer { PoolingKernels.maxPoolDisjoint(xp, g, into: $0) } }
                assertSameBits(out, reference.out, label)
                // With winners: the same output, and each winner is the reference's argmax cell.
                var tracked = [Float](repeating: 7, count: out.count), winners = [UInt8](repeating: 255, count: out.count)
                x.withUnsafeBufferPointer { xp in tracked.withUnsafeMutableBufferPointer { o in
                    winners.withUnsafeMutableBufferPointer { PoolingKernels.maxPoolDisjoint(xp, g, into: o, winners: $0) }
                } }
                assertSameBits(tracked, reference.out, "with winners \(label)")
                XCTAssertEqual(winners.map(Int.init), Self.windowCells(of: reference.argmax, g), "winners \(label)")

                var dx = [Float](repeating: .nan, count: x.count)
                grad.withUnsafeBufferPointer { gp in winners.withUnsafeBufferPointer { w in
                    dx.withUnsafeMutableBufferPointer { PoolingKernels.maxPoolDisjointBackward(gp, winners: w, g, into: $0) }
                } }
                assertSameBits(dx, expected, "backward \(label)")
                // Masked by the pooled outputs (ReLU's pullback in the same pass): 0 where not positive.
                var maskedDx = [Float](repeating: .nan, count: x.count)
                grad.withUnsafeBufferPointer { gp in winners.withUnsafeBufferPointer { w in
                    reference.out.withUnsafeBufferPointer { m in
                        maskedDx.withUnsafeMutableBufferPointer {
                            PoolingKernels.maxPoolDisjointBackward(gp, winners: w, g, into: $0, mask: m)
                        }
                    }
                } }
                assertSameBits(maskedDx, expectedMasked, "masked backward \(label)")
                compared += 1
            }
        }
        XCTAssertGreaterThanOrEqual(compared, cases.count)
        XCTAssertGreaterThan(masked, 100, "the mask takes out gradients")
    }

    /// The reference's argmax (offset in the sample, (ih·W + iw)·C + c) as the cell kh·KW + kw of its window.
    private static func windowCells(of argmax: [Int32], _ g: WindowGeometry) -> [Int] {
        argmax.map { offset in
            let cell = Int(offset) / g.channels
            return (cell / g.width % g.kernelHeight) * g.kernelWidth + cell % g.width % g.kernelWidth
        }
    }

    func testNaNWinsAndTakesTheGradient() {
        let x = Variable(Tensor(shape: [1, 2, 2, 2], scalars: [1, 5, .nan, 2, 3, .nan, .nan, 0]), name: "x")
        let (value, grads) = valueWithGradient(wrt: [x]) { maxPool2d(x.value, poolSize: (2, 2), strides: (2, 2), padding: .valid) }
        XCTAssertTrue(value.scalars[0].isNaN && value.scalars[1].isNaN)
        XCTAssertEqual(grads[0].scalars, [0, 0, 1, 0, 0, 1, 0, 0])
    }

    func testOnlyDisjointUnpaddedWindowsQualify() {
        func disjoint(_ shape: [Int], _ pool: (Int, Int), _ strides: (Int, Int), _ padding: Padding) -> Bool {
            PoolingKernels.hasDisjointWindows(WindowGeometry(inputShape: shape, kernel: pool, strides: strides, padding: padding))
        }
        XCTAssertTrue(disjoint([1, 28, 28, 6], (2, 2), (2, 2), .valid))
        XCTAssertTrue(disjoint([1, 28, 28, 6], (2, 2), (2, 2), .same))
        XCTAssertTrue(disjoint([1, 5, 5, 6], (2, 2), (2, 2), .valid))
        XCTAssertFalse(disjoint([1, 5, 5, 6], (2, 2), (2, 2), .same))
        XCTAssertFalse(disjoint([1, 6, 6, 1], (3, 3), (2, 2), .valid))
        // A winner's cell must fit in a byte.
        XCTAssertTrue(disjoint([1, 16, 16, 1], (16, 16), (16, 16), .valid))
        XCTAssertFalse(disjoint([1, 17, 16, 1], (17, 16), (17, 16), .valid))
    }
}
