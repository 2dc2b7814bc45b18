import DLCore
import DLTestSupport
import Foundation
import XCTest

/// The dense layer's in-place sigmoid and ReLU by the C kernels, every variant this CPU supports
/// (the portable one included), against the Swift loops bit for bit: counts around the vector
/// widths (8, 16), unaligned buffers, the scalars past the end left alone, NaN, ±∞, −0 and the
/// exponential's clamping bounds among the inputs. And the sigmoid's largest error against the
/// exact sigmoid in Float64, measured and bounded.
final class ActivationKernelsVectorTests: XCTestCase {
    override func tearDown() {
        VectorUnit.force(nil)
        super.tearDown()
    }

    private let counts = [1, 3, 7, 8, 9, 15, 16, 17, 31, 33, 100, 257, 3 * 784 + 5]

    /// Inputs of `count` scalars: the special values first (as many as fit), then uniform ones in
    /// [−`range`, `range`].
    private static func inputs(_ count: Int, range: Float, seed: UInt64) -> [Float] {
        let specials: [Float] = [.nan, -0.0, 0, .infinity, -.infinity, 87.3, -87.3, 88.3, -88.3, 88.4, -88.4, 200, -200,
                                 .leastNonzeroMagnitude, -.leastNonzeroMagnitude, .greatestFiniteMagnitude]
        var x = Tensor.randomUniform([count], min: -range, max: range, seed: seed).scalars
        for i in 0..<Swift.min(count, specials.count) { x[(i * 7) % count] = specials[i] }
        return x
    }

    func testSigmoidMatchesSwiftLoopBitForBit() {
        var compared = 0
        for count in counts {
            for range: Float in [3, 100] {
                let x = Self.inputs(count, range: range, seed: UInt64(count) + 1)
                let expected = Self.inPlace(x) { ActivationKernels.sigmoidForwardSwift($0, count: $1) }
                for unit in VectorUnit.supported {
                    XCTAssertTrue(VectorUnit.force(unit))
                    assertSameBits(Self.inPlace(x) { ActivationKernels.sigmoidForward($0, count: $1) }, expected,
                                   "\(unit.name) count \(count) range \(range)")
                    compared += 1
                }
            }
        }
        XCTAssertGreaterThanOrEqual(compared, 2 * counts.count)
    }

    func testReluMatchesSwiftLoopBitForBit() {
        var compared = 0
        for count in counts {
            let x = Self.inputs(count, range: 3, seed: UInt64(count) + 2)
            let expected = Self.inPlace(x) { ActivationKernels.reluForwardSwift($0, count: $1) }
            XCTAssertTrue(expected.contains { $0 == 0 } || count < 3)
            for unit in VectorUnit.supported {
                XCTAssertTrue(VectorUnit.force(unit))
                assertSameBits(Self.inPlace(x) { ActivationKernels.reluForward($0, count: $1) }, expected,
                               "\(unit.name) count \(count)")
                compared += 1
            }
        }
        XCTAssertGreaterThanOrEqual(compared, counts.count)
    }

    /// The sigmoid against 1 / (1 + e^−x) in Float64, on every variant: within 3 ulp of the
    /// exact value rounded to Float where the result is a normal float (x ≥ −87), within 1e−38
    /// absolute below that (e^−x is clamped at e^88.3 there, so the result stays about 4.5e−39
    /// where the exact one underflows), and exactly 1 from x = 17 up. Measured on this CPU: 2 ulp.
    func testSigmoidErrorAgainstFloat64() {
        // Every 1/4096 from −90 to 90 (737,281 points), then the specials.
        let grid = (0...(180 * 4096)).map { Float(-90 + Double($0) / 4096) }
        for unit in VectorUnit.supported {
            XCTAssertTrue(VectorUnit.force(unit))
            let y = Self.inPlace(grid) { ActivationKernels.sigmoidForward($0, count: $1) }
            var worstUlps: Float = 0, worstAt: Float = 0, worstAbsolute = 0.0
            for (x, v) in zip(grid, y) {
                let exact = 1 / (1 + Foundation.exp(-Double(x)))
                if x >= -87 {
                    let rounded = Float(exact)
                    let ulps = abs(v - rounded) / rounded.ulp
                    if ulps > worstUlps { (worstUlps, worstAt) = (ulps, x) }
                } else {
                    worstAbsolute = Swift.max(worstAbsolute, abs(Double(v) - exact))
                }
                if x >= 17 { XCTAssertEqual(v, 1, "\(unit.name) at \(x)") }
            }
            XCTAssertLessThanOrEqual(worstUlps, 3, "\(unit.name): \(worstUlps) ulp at \(worstAt)")
            XCTAssertLessThanOrEqual(worstAbsolute, 1e-38, unit.name)
            print("sigmoid \(unit.name): at most \(worstUlps) ulp (at x = \(worstAt)) for x ≥ −87, \(worstAbsolute) absolute below")
        }
        let specials = Self.inPlace([.nan, .infinity, -.infinity, -0.0]) { ActivationKernels.sigmoidForward($0, count: $1) }
        XCTAssertTrue(specials[0].isNaN)
        XCTAssertEqual(specials[1], 1)
        XCTAssertEqual(Double(specials[2]), 1 / (1 + Foundation.exp(88.3)), accuracy: 1e-43, "−∞ gives the clamped e^88.3's sigmoid")
        XCTAssertEqual(specials[3], 0.5)
    }

    /// The backward passes (dz from g and the output y) against their Swift loops bit for bit, on
    /// every variant: specials in both g and y (NaN, ±0, ±∞, subnormals; y ≤ 0 or NaN masks ReLU's
    /// gradient to +0), out of place and in place (dz = g).
    func testBackwardPassesMatchSwiftLoopsBitForBit() {
        typealias Pass = (UnsafePointer<Float>, UnsafePointer<Float>, UnsafeMutablePointer<Float>, Int) -> Void
        let passes: [(name: String, swift: Pass, kernel: Pass)] = [
            ("sigmoid", { ActivationKernels.sigmoidBackwardSwift($0, $1, into: $2, count: $3) },
             { ActivationKernels.sigmoidBackward($0, $1, into: $2, count: $3) }),
            ("relu", { ActivationKernels.reluBackwardSwift($0, $1, into: $2, count: $3) },
             { ActivationKernels.reluBackward($0, $1, into: $2, count: $3) }),
        ]
        var compared = 0
        for count in counts {
            let g = Self.inputs(count, range: 3, seed: UInt64(count) + 3)
            // Outputs in [−0.5, 1.5] (a sigmoid's lie in [0, 1]; the rest tests the formula) with the
            // specials kept, moved 3 places from g's so that they meet other values.
            let base = Self.inputs(count, range: 1, seed: UInt64(count) + 4)
            let y = (0..<count).map { i in
                let source = (i + 3) % count, v = base[source]
                return source % 7 == 0 ? v : (v + 1) * 0.75 - 0.5
            }
            for pass in passes {
                let expected = y.withUnsafeBufferPointer { yp in
                    g.withUnsafeBufferPointer { gp in
                        Self.inPlace(g) { dz, n in pass.swift(gp.baseAddress!, yp.baseAddress!, dz, n) }
                    }
                }
                if pass.name == "relu" { XCTAssertTrue(expected.contains { $0 == 0 } || count < 3) }
                for unit in VectorUnit.supported {
                    XCTAssertTrue(VectorUnit.force(unit))
                    let context = "\(pass.name) \(unit.name) count \(count)"
                    let outOfPlace = y.withUnsafeBufferPointer { yp in
                        g.withUnsafeBufferPointer { gp in
                            Self.inPlace(g.map { _ in 7 }) { dz, n in pass.kernel(gp.baseAddress!, yp.baseAddress!, dz, n) }
                        }
                    }
                    assertSameBits(outOfPlace, expected, context)
                    let inPlace = y.withUnsafeBufferPointer { yp in
                        Self.inPlace(g) { dz, n in pass.kernel(dz, yp.baseAddress!, dz, n) }
                    }
                    assertSameBits(inPlace, expected, context + " in place")
                    compared += 1
                }
            }
        }
        XCTAssertGreaterThanOrEqual(compared, 2 * counts.count)
    }

    /// Runs `body` on a copy of `x` placed one scalar past an aligned start (no vector access is
    /// aligned), with sentinels on both sides that must stay; returns the copy.
    private static func inPlace(_ x: [Float], _ body: (UnsafeMutablePointer<Float>, Int) -> Void) -> [Float] {
        let sentinel: Float = 12345
        let buffer = UnsafeMutablePointer<Float>.allocate(capacity: x.count + 18)
        defer { buffer.deallocate() }
        buffer.initialize(repeating: sentinel, count: x.count + 18)
        (buffer + 1).update(from: x, count: x.count)
        body(buffer + 1, x.count)
        XCTAssertEqual(buffer[0], sentinel, "before the start")
        for i in (x.count + 1)..<(x.count + 18) { XCTAssertEqual(buffer[i], sentinel, "past the end, at \(i - 1)") }
        return Array(UnsafeBufferPointer(start: buffer + 1, count: x.count))
    }
}
