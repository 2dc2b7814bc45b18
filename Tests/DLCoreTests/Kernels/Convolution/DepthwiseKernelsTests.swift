import DLCore
import DLTestSupport
import XCTest

/// The direct depthwise kernels against their naive references on odd shapes: strides 1 and 2,
/// valid and same padding, depth multipliers 1, 2 and 3, channel counts below and above the SIMD width.
final class DepthwiseKernelsTests: XCTestCase {
    private func values(_ count: Int, seed: UInt64) -> [Float] { Tensor.randomNormal([count], seed: seed).scalars }

    private func run(_ shape: [Int], kernel: (Int, Int), strides: (Int, Int), padding: Padding, multiplier: Int,
                     bias: Bool = true, file: StaticString = #filePath, line: UInt = #line) {
        let g = WindowGeometry(inputShape: shape, kernel: kernel, strides: strides, padding: padding)
        let cm = g.channels * multiplier
        let x = values(g.batch * g.sampleSize, seed: 1), k = values(kernel.0 * kernel.1 * cm, seed: 2)
        let b = bias ? values(cm, seed: 3) : nil
        let grad = values(g.outputPositions * cm, seed: 4)
        var out = [Float](repeating: .nan, count: g.outputPositions * cm)
        var dx = [Float](repeating: .nan, count: x.count)
        var dk = [Float](repeating: .nan, count: k.count), db = [Float](repeating: .nan, count: cm)
        x.withUnsafeBufferPointer { xp in k.withUnsafeBufferPointer { kp in grad.withUnsafeBufferPointer { gp in
            out.withUnsafeMutableBufferPointer { op in
                if let b { b.withUnsafeBufferPointer { DepthwiseKernels.forward(xp, kernel: kp, bias: $0, g, multiplier: multiplier, into: op) } }
                else { DepthwiseKernels.forward(xp, kernel: kp, bias: nil, g, multiplier: multiplier, into: op) }
            }
            dx.withUnsafeMutableBufferPointer { DepthwiseKernels.inputGradient(gp, kernel: kp, g, multiplier: multiplier, into: $0) }
            dk.withUnsafeMutableBufferPointer { dkp in db.withUnsafeMutableBufferPointer { dbp in
                DepthwiseKernels.weightGradients(gp, x: xp, g, multiplier: multiplier, dKernel: dkp, dBias: dbp)
            } }
        } } }
        let label = "\(shape) k\(kernel) s\(strides) \(padding) M\(multiplier)"
        let expected = DepthwiseKernels.referenceForward(x, kernel: k, bias: b, g, multiplier: multiplier)
        let reference = DepthwiseKernels.referenceBackward(grad, x: x, kernel: k, g, multiplier: multiplier)
        assertClose(out, expected, "forward " + label, file: file, line: line)
        assertClose(dx, reference.dx, "dx " + label, file: file, line: line)
        assertClose(dk, reference.dKernel, "dKernel " + label, file: file, line: line)
        assertClose(db, reference.dBias, "dBias " + label, file: file, line: line)
    }

    private func assertClose(_ a: [Float], _ e: [Float], _ label: String, file: StaticString, line: UInt) {
        XCTAssertEqual(a.count, e.count, label, file: file, line: line)
        for (i, (av, ev)) in zip(a, e).enumerated() where !(Swift.abs(av - ev) <= 1e-4 * Swift.max(1, Swift.abs(ev))) {
            XCTFail("\(label) at \(i): \(av), reference \(ev)", file: file, line: line)
            return
        }
    }

    func testMatchesReferenceOnOddShapes() {
        for padding in Padding.allCases {
            for stride in [1, 2] {
                for multiplier in [1, 2] {
                    run([2, 7, 6, 3], kernel: (3, 3), strides: (stride, stride), padding: padding, multiplier: multiplier)
                    run([3, 5, 9, 11], kernel: (2, 3), strides: (stride, 1), padding: padding, multiplier: multiplier, bias: false)
                    run([1, 6, 5, 1], kernel: (3, 2), strides: (1, stride), padding: padding, multiplier: multiplier)
                }
            }
        }
        run([2, 4, 4, 5], kernel: (4, 4), strides: (3, 3), padding: .same, multiplier: 3)
        run([1, 3, 3, 2], kernel: (3, 3), strides: (1, 1), padding: .valid, multiplier: 1)   // one output
    }

    /// Large enough to be split over the workers (and into the fixed reduction chunks).
    func testMatchesReferenceWhenSplitOverWorkers() {
        run([4, 20, 18, 16], kernel: (3, 3), strides: (1, 1), padding: .same, multiplier: 1)
        run([3, 17, 15, 8], kernel: (5, 5), strides: (2, 2), padding: .same, multiplier: 2)
    }

    /// dKernel sums over positions in a fixed order: the same inputs give the same bits every time.
    func testWeightGradientsAreDeterministic() {
        let g = WindowGeometry(inputShape: [8, 16, 16, 16], kernel: (3, 3), strides: (1, 1), padding: .same)
        let x = values(g.batch * g.sampleSize, seed: 5), grad = values(g.outputPositions * 16, seed: 6)
        func gradients() -> [Float] {
            var dk = [Float](repeating: 0, count: 9 * 16)
            x.withUnsafeBufferPointer { xp in grad.withUnsafeBufferPointer { gp in dk.withUnsafeMutableBufferPointer {
                DepthwiseKernels.weightGradients(gp, x: xp, g, multiplier: 1, dKernel: $0, dBias: nil)
            } } }
            return dk
        }
        let first = gradients()
        for _ in 0..<3 { XCTAssertEqual(gradients(), first) }
    }
}
