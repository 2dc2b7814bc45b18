import DLCore
import DLTestSupport
import XCTest

/// The chunked dense forward kernel against its naive reference, for every fused activation,
/// with and without bias, on odd shapes (1×1, sizes that are not multiples of the vector width)
/// and chunks of one row up to the whole batch.
final class DenseKernelsTests: XCTestCase {
    func testForwardMatchesReferenceOnOddShapes() {
        let activations: [FusedActivation] = [.identity, .relu, .sigmoid, .softmax]
        // (rows, inputs, units)
        for (rows, inputs, units) in [(1, 1, 1), (3, 5, 7), (17, 9, 33), (2, 4, 1), (40, 32, 13), (37, 3, 17)] {
            let seed = UInt64(rows * 1000 + inputs * 10 + units)
            let x = Tensor.randomUniform([rows * inputs], min: -2, max: 2, seed: seed).scalars
            let kernel = Tensor.randomUniform([inputs * units], min: -2, max: 2, seed: seed + 1).scalars
            let bias = Tensor.randomUniform([units], min: -1, max: 1, seed: seed + 2).scalars
            for activation in activations {
                for withBias in [false, true] {
                    let expected = DenseKernels.referenceForward(x, kernel: kernel, bias: withBias ? bias : nil,
                                                                 rows: rows, inputs: inputs, units: units, activation: activation)
                    for chunk in Set([1, 2, 16, rows]) {
                        var out = [Float](repeating: .nan, count: rows * units)
                        x.withUnsafeBufferPointer { xp in kernel.withUnsafeBufferPointer { kp in bias.withUnsafeBufferPointer { bp in
                            out.withUnsafeMutableBufferPointer { op in
                                DenseKernels.forward(xp.baseAddress!, kernel: kp.baseAddress!, bias: withBias ? bp.baseAddress : nil,
                                                     rows: rows, inputs: inputs, units: units, activation: activation,
                                                     into: op.baseAddress!, plan: .init(rows: rows, inputs: inputs, units: units, rowsPerChunk: chunk))
                            }
                        } } }
                        assertScalarsClose(out, expected, accuracy: 2e-5,
                                           "\(activation) \(rows)×\(inputs)×\(units) bias=\(withBias) chunk=\(chunk)")
                    }
                }
            }
        }
    }

    /// One to a few rows (the single-image path: `dl_vector_product` or `GEMM`'s sgemv), with long
    /// products as in the mlp's first layer, against the reference, with and without bias, for
    /// every fused activation.
    func testFewRowsMatchReference() {
        for rows in [1, 2, 3, 7] {
            for (inputs, units) in [(784, 256), (784, 32), (31, 10)] {
                let seed = UInt64(rows * 7 + inputs)
                let x = Tensor.randomUniform([rows * inputs], min: 0, max: 1, seed: seed).scalars
                let kernel = Tensor.randomUniform([inputs * units], min: -0.1, max: 0.1, seed: seed + 1).scalars
                let bias = Tensor.randomUniform([units], min: -1, max: 1, seed: seed + 2).scalars
                for activation in [FusedActivation.identity, .relu, .sigmoid, .softmax] {
                    for withBias in [false, true] {
                        let expected = DenseKernels.referenceForward(x, kernel: kernel, bias: withBias ? bias : nil, rows: rows,
                                                                     inputs: inputs, units: units, activation: activation)
                        var out = [Float](repeating: .nan, count: rows * units)
                        x.withUnsafeBufferPointer { xp in kernel.withUnsafeBufferPointer { kp in bias.withUnsafeBufferPointer { bp in
                            out.withUnsafeMutableBufferPointer { op in
                                DenseKernels.forward(xp.baseAddress!, kernel: kp.baseAddress!, bias: withBias ? bp.baseAddress : nil,
                                                     rows: rows, inputs: inputs, units: units, activation: activation,
                                                     into: op.baseAddress!)
                            }
                        } } }
                        assertScalarsClose(out, expected, accuracy: 1e-4,
                                           "\(activation) \(rows)×\(inputs)×\(units) bias=\(withBias)")
                    }
                }
            }
        }
    }

    /// Without a plan, on the direct product where the CPU has AVX-512: within rounding of
    /// the reference for every activation, and without one bit for bit the bias plus each output's
    /// sum from 0 over the inputs in order, one fused multiply-add a term; OpenBLAS elsewhere.
    func testDirectProductMatchesReferenceAndItsOrder() {
        for (rows, inputs, units) in [(4, 9, 33), (5, 784, 256), (17, 32, 784), (40, 128, 10), (256, 31, 17)] {
            let seed = UInt64(rows * 1000 + inputs * 10 + units)
            let x = Tensor.randomUniform([rows * inputs], min: -1, max: 1, seed: seed).scalars
            let kernel = Tensor.randomUniform([inputs * units], min: -0.2, max: 0.2, seed: seed + 1).scalars
            let bias = Tensor.randomUniform([units], min: -1, max: 1, seed: seed + 2).scalars
            for activation in [FusedActivation.identity, .relu, .sigmoid, .softmax] {
                for withBias in [false, true] {
                    let context = "\(activation) \(rows)×\(inputs)×\(units) bias=\(withBias)"
                    var out = [Float](repeating: .nan, count: rows * units)
                    x.withUnsafeBufferPointer { xp in kernel.withUnsafeBufferPointer { kp in bias.withUnsafeBufferPointer { bp in
                        out.withUnsafeMutableBufferPointer { op in
                            DenseKernels.forward(xp.baseAddress!, kernel: kp.baseAddress!, bias: withBias ? bp.baseAddress : nil,
                                                 rows: rows, inputs: inputs, units: units, activation: activation,
                                                 into: op.baseAddress!)
                        }
                    } } }
                    let expected = DenseKernels.referenceForward(x, kernel: kernel, bias: withBias ? bias : nil, rows: rows,
                                                                 inputs: inputs, units: units, activation: activation)
                    assertScalarsClose(out, expected, accuracy: 1e-4, context)
                    guard activation == .identity, VectorUnit.active == .avx512 else { continue }
                    XCTAssertTrue(DenseKernels.prefersDirectProduct(rows: rows, inputs: inputs))
                    var direct = [Float](repeating: 0, count: rows * units)
                    for r in 0..<rows {
                        for u in 0..<units {
                            var sum: Float = 0
                            for i in 0..<inputs { sum = sum.addingProduct(x[r * inputs + i], kernel[i * units + u]) }
                            direct[r * units + u] = withBias ? bias[u] + sum : sum
                        }
                    }
                    assertSameBits(out, direct, context)
                }
            }
        }
        XCTAssertFalse(DenseKernels.prefersDirectProduct(rows: 3, inputs: 784), "one image stays on OpenBLAS")
    }

    /// The kernel gradient xᵀ · dz: within rounding of GEMM's, and with AVX-512 bit for bit each
    /// entry's sum from 0 over the rows in order, one fused multiply-add a term (bands of the
    /// inputs on the workers change nothing).
    func testKernelGradientMatchesReferenceAndItsOrder() {
        for (rows, inputs, units) in [(4, 9, 33), (128, 784, 256), (17, 37, 10), (3, 5, 7), (128, 1, 16)] {
            let seed = UInt64(rows * 100 + inputs + units)
            let x = Tensor.randomUniform([rows * inputs], min: -1, max: 1, seed: seed).scalars
            let dz = Tensor.randomUniform([rows * units], min: -1, max: 1, seed: seed + 1).scalars
            var dKernel = [Float](repeating: .nan, count: inputs * units)
            x.withUnsafeBufferPointer { xp in dz.withUnsafeBufferPointer { gp in dKernel.withUnsafeMutableBufferPointer { dp in
                DenseKernels.kernelGradient(xp.baseAddress!, gp.baseAddress!, rows: rows, inputs: inputs, units: units,
                                            into: dp.baseAddress!)
            } } }
            let context = "\(rows)×\(inputs)×\(units)"
            let expected = GEMM.referenceMultiply(x, transposeA: true, dz, transposeB: false, m: inputs, n: units, k: rows)
            assertScalarsClose(dKernel, expected, accuracy: 1e-4 * Float(rows), context)
            guard DenseKernels.prefersDirectProduct(rows: rows, inputs: inputs) else { continue }
            var ordered = [Float](repeating: 0, count: inputs * units)
            for i in 0..<inputs {
                for u in 0..<units {
                    var sum: Float = 0
                    for r in 0..<rows { sum = sum.addingProduct(x[r * inputs + i], dz[r * units + u]) }
                    ordered[i * units + u] = sum
                }
            }
            assertSameBits(dKernel, ordered, context)
        }
    }

    func testPlanChunksOnlyShortProductsOfEnoughRows() {
        let short = DenseKernels.Plan(rows: 256, inputs: 32, units: 784)
        let long = DenseKernels.Plan(rows: 256, inputs: 784, units: 256)
        let few = DenseKernels.Plan(rows: 8, inputs: 32, units: 784)
        XCTAssertEqual(long.rowsPerChunk, 256)
        XCTAssertEqual(few.rowsPerChunk, 8)
        if Parallel.processors > 1 {
            XCTAssertLessThan(short.rowsPerChunk, 256)
            XCTAssertGreaterThanOrEqual(short.rowsPerChunk, 16)
        }
    }

    func testForChunksCoversEveryIndexOnce() {
        for (count, chunk) in [(0, 4), (1, 1), (7, 3), (100, 16), (5, 10)] {
            var seen = [Int](repeating: 0, count: count)
            seen.withUnsafeMutableBufferPointer { buffer in
                let counts = buffer
                Parallel.forChunks(count, chunkSize: chunk) { start, end in
                    for i in start..<end { counts[i] += 1 }   // chunks are disjoint
                }
            }
            XCTAssertEqual(seen, [Int](repeating: 1, count: count), "count \(count) chunk \(chunk)")
        }
    }
}
