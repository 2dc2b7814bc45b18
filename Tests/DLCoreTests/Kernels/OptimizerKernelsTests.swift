import DLCore
import DLTestSupport
import XCTest

/// The vectorized optimizer kernels against their naive reference, on odd counts (vector body and
/// scalar tail), with and without AMSGrad.
final class OptimizerKernelsTests: XCTestCase {
    private typealias State = (weights: [Float], m: [Float], v: [Float], vHat: [Float])

    private func random(_ count: Int, seed: UInt64, min: Float = -1, max: Float = 1) -> [Float] {
        Tensor.randomUniform([count], min: min, max: max, seed: seed).scalars
    }

    /// Runs `OptimizerKernels.adam` on copies of the state, over `ranges` one after another.
    private func adam(_ state: State, gradient: [Float], amsgrad: Bool, ranges: [Range<Int>],
                      b1: Float, b2: Float, alpha: Float, epsilon: Float) -> State {
        var (w, m, v, vh) = state
        w.withUnsafeMutableBufferPointer { wp in
            m.withUnsafeMutableBufferPointer { mp in
                v.withUnsafeMutableBufferPointer { vp in
                    vh.withUnsafeMutableBufferPointer { hp in
                        gradient.withUnsafeBufferPointer { gp in
                            for range in ranges {
                                OptimizerKernels.adam(weights: wp.baseAddress!, gradient: gp.baseAddress!, m: mp.baseAddress!,
                                                      v: vp.baseAddress!, vHat: amsgrad ? hp.baseAddress! : nil, range: range,
                                                      b1: b1, b2: b2, alpha: alpha, epsilon: epsilon)
                            }
                        }
                    }
                }
            }
        }
        return (w, m, v, amsgrad ? vh : [])
    }

    func testAdamMatchesReferenceAndScalarPath() {
        let (b1, b2, alpha, eps): (Float, Float, Float, Float) = (0.1, 0.001, 0.003, 1e-7)
        for count in [1, 7, 8, 13, 1_003] {
            for amsgrad in [false, true] {
                let state: State = (random(count, seed: 1), random(count, seed: 2, min: -0.1, max: 0.1),
                                    random(count, seed: 3, min: 0, max: 0.01), random(count, seed: 4, min: 0, max: 0.01))
                var gradient = random(count, seed: 5)
                if count > 7 { gradient[3] = 0; gradient[5] = 1e20 }   // a zero and a huge gradient (v = +∞ after g²)
                let whole = adam(state, gradient: gradient, amsgrad: amsgrad, ranges: [0..<count],
                                 b1: b1, b2: b2, alpha: alpha, epsilon: eps)
                // One element per call: every element through the scalar tail.
                let scalar = adam(state, gradient: gradient, amsgrad: amsgrad, ranges: (0..<count).map { $0..<($0 + 1) },
                                  b1: b1, b2: b2, alpha: alpha, epsilon: eps)
                XCTAssertEqual(whole.weights, scalar.weights, "count \(count), amsgrad \(amsgrad)")
                XCTAssertEqual(whole.m, scalar.m)
                XCTAssertEqual(whole.v, scalar.v)
                XCTAssertEqual(whole.vHat, scalar.vHat)
                let reference = OptimizerKernels.referenceAdam(weights: state.weights, gradient: gradient, m: state.m,
                                                               v: state.v, vHat: amsgrad ? state.vHat : nil,
                                                               b1: b1, b2: b2, alpha: alpha, epsilon: eps)
                XCTAssertEqual(whole.m, reference.m)
                XCTAssertEqual(whole.v, reference.v)
                XCTAssertEqual(whole.vHat, reference.vHat)
                // FastMath's square root is within 2 ulp of the exact one.
                for i in 0..<count {
                    XCTAssertEqual(whole.weights[i], reference.weights[i],
                                   accuracy: 1e-6 * Swift.max(1, Swift.abs(reference.weights[i])), "element \(i)")
                }
            }
        }
    }

    func testVectorSquareRootMatchesScalarFastMath() {
        let values: [Float] = [0, 1e-30, 1e-7, 0.25, 1, 2, 3, 1e10, 3e38, .infinity, 5e-3, 7, .leastNonzeroMagnitude, 123.456, 0.5, 9]
        for start in stride(from: 0, to: values.count, by: 8) {
            let lanes = SIMD8<Float>(values[start..<(start + 8)])
            let roots = OptimizerKernels.squareRoot(lanes)
            for lane in 0..<8 {
                XCTAssertEqual(roots[lane], FastMath.squareRoot(lanes[lane]), "√\(lanes[lane])")
            }
        }
    }
}
