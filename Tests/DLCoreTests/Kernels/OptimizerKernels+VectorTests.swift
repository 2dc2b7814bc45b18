import DLCore
import DLTestSupport
import XCTest

/// The optimizers' C kernels (`OptimizerKernels.adam`, `sgd`) against their Swift loops (`adamSwift`,
/// `sgdSwift`) bit for bit, on every variant this CPU supports: counts off the vector widths, a
/// range that starts mid-vector, specials in the gradient (zero, huge, ±∞, NaN, subnormal), Adam
/// with and without AMSGrad, SGD plain, with momentum and Nesterov's.
final class OptimizerKernelsVectorTests: XCTestCase {
    override func tearDown() {
        VectorUnit.force(nil)
        super.tearDown()
    }

    private let counts = [1, 7, 8, 15, 16, 17, 33, 1_003]

    private func random(_ count: Int, seed: UInt64, min: Float = -1, max: Float = 1) -> [Float] {
        Tensor.randomUniform([count], min: min, max: max, seed: seed).scalars
    }

    /// A gradient of `count` scalars with the specials spread over it (as many as fit).
    private func gradient(_ count: Int, seed: UInt64) -> [Float] {
        var g = random(count, seed: seed)
        let specials: [Float] = [0, -0.0, 1e20, -1e20, .infinity, -.infinity, .nan, .leastNonzeroMagnitude, 1e-30]
        for (i, special) in specials.enumerated() where i < count / 2 { g[(i * 5 + 1) % count] = special }
        return g
    }

    /// The ranges the kernels get: the whole variable, and (from 3 scalars) one starting mid-vector then the rest.
    private func ranges(_ count: Int) -> [[Range<Int>]] {
        count < 3 ? [[0..<count]] : [[0..<count], [3..<count, 0..<3]]
    }

    /// Weights, m, v, v̂ after `update` on copies of them.
    private func run(_ state: [[Float]], _ update: ([UnsafeMutablePointer<Float>]) -> Void) -> [[Float]] {
        var copies = state
        let buffers = copies.map { values -> UnsafeMutablePointer<Float> in
            let p = UnsafeMutablePointer<Float>.allocate(capacity: Swift.max(values.count, 1))
            p.initialize(from: values, count: values.count)
            return p
        }
        update(buffers)
        for (index, buffer) in buffers.enumerated() {
            copies[index] = Array(UnsafeBufferPointer(start: buffer, count: state[index].count))
            buffer.deallocate()
        }
        return copies
    }

    func testAdamMatchesSwiftLoopBitForBit() {
        let (b1, b2, alpha, eps): (Float, Float, Float, Float) = (0.1, 0.001, 0.003, 1e-7)
        var compared = 0
        for count in counts {
            let g = gradient(count, seed: UInt64(count))
            let state = [random(count, seed: 1), random(count, seed: 2, min: -0.1, max: 0.1),
                         random(count, seed: 3, min: 0, max: 0.01), random(count, seed: 4, min: 0, max: 0.02)]
            for amsgrad in [false, true] {
                for ranges in ranges(count) {
                    func adam(_ kernel: Bool) -> [[Float]] {
                        g.withUnsafeBufferPointer { gp in
                            run(state) { p in
                                for range in ranges {
                                    if kernel {
                                        OptimizerKernels.adam(weights: p[0], gradient: gp.baseAddress!, m: p[1], v: p[2],
                                                              vHat: amsgrad ? p[3] : nil, range: range, b1: b1, b2: b2,
                                                              alpha: alpha, epsilon: eps)
                                    } else {
                                        OptimizerKernels.adamSwift(weights: p[0], gradient: gp.baseAddress!, m: p[1], v: p[2],
                                                                   vHat: amsgrad ? p[3] : nil, range: range, b1: b1, b2: b2,
                                                                   alpha: alpha, epsilon: eps)
                                    }
                                }
                            }
                        }
                    }
                    let expected = adam(false)
                    XCTAssertNotEqual(expected[0], state[0], "the weights moved")
                    for unit in VectorUnit.supported {
                        XCTAssertTrue(VectorUnit.force(unit))
                        let actual = adam(true)
                        for (index, name) in ["weights", "m", "v", "v̂"].enumerated() {
                            assertSameBits(actual[index], expected[index],
                                           "\(unit.name) count \(count) amsgrad \(amsgrad) ranges \(ranges) \(name)")
                        }
                        compared += 1
                    }
                }
            }
        }
        XCTAssertGreaterThanOrEqual(compared, 4 * counts.count - 2)
    }

    func testSGDMatchesSwiftLoopBitForBit() {
        var compared = 0
        for count in counts {
            let g = gradient(count, seed: UInt64(count) + 100)
            let state = [random(count, seed: 5), random(count, seed: 6, min: -0.1, max: 0.1)]
            for (momentum, nesterov) in [(Float(0), false), (0.9, false), (0.9, true)] {
                for ranges in ranges(count) {
                    func sgd(_ kernel: Bool) -> [[Float]] {
                        g.withUnsafeBufferPointer { gp in
                            run(state) { p in
                                let velocity = momentum != 0 ? p[1] : nil
                                for range in ranges {
                                    if kernel {
                                        OptimizerKernels.sgd(weights: p[0], gradient: gp.baseAddress!, velocity: velocity,
                                                             range: range, learningRate: 0.01, momentum: momentum,
                                                             nesterov: nesterov)
                                    } else {
                                        OptimizerKernels.sgdSwift(weights: p[0], gradient: gp.baseAddress!, velocity: velocity,
                                                                  range: range, learningRate: 0.01, momentum: momentum,
                                                                  nesterov: nesterov)
                                    }
                                }
                            }
                        }
                    }
                    let expected = sgd(false)
                    XCTAssertNotEqual(expected[0], state[0], "the weights moved")
                    for unit in VectorUnit.supported {
                        XCTAssertTrue(VectorUnit.force(unit))
                        let actual = sgd(true)
                        let context = "\(unit.name) count \(count) momentum \(momentum) nesterov \(nesterov) ranges \(ranges)"
                        assertSameBits(actual[0], expected[0], context + " weights")
                        assertSameBits(actual[1], expected[1], context + " velocity")
                        compared += 1
                    }
                }
            }
        }
        XCTAssertGreaterThanOrEqual(compared, 6 * counts.count - 3)
    }
}
