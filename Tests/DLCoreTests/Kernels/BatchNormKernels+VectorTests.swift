import DLCore
import DLTestSupport
import XCTest

/// BatchNormalization's channels-last element-wise passes by the C kernels, every variant this CPU
/// supports (the portable one included), against the Swift path on SIMD8 vectors, bit for bit:
/// channel counts around the vector widths (4, 8, 16), row sub-ranges, unaligned buffers, NaN and
/// −0 among the inputs, with and without ReLU and its mask.
final class BatchNormKernelsVectorTests: XCTestCase {
    override func tearDown() {
        VectorUnit.force(nil)
        super.tearDown()
    }

    private let channelCounts = [1, 3, 5, 8, 13, 16, 17, 24, 33, 40]

    func testNormalizeMatchesSIMD8BitForBit() {
        var compared = 0
        for channels in channelCounts {
            let rows = 7, count = rows * channels
            var x = Tensor.randomUniform([count], min: -2, max: 2, seed: UInt64(channels)).scalars
            x[0] = .nan
            x[count - 1] = -0.0
            let vectors = (0..<3).map { Tensor.randomUniform([channels], min: -1, max: 1, seed: UInt64(channels * 10 + $0)).scalars }
            for (first, last) in [(0, rows), (2, 5)] {
                for relu in [false, true] {
                    let run = { (simd8: Bool) -> [Float] in
                        Self.buffers(x, vectors) { xp, v, out in
                            if simd8 {
                                BatchNormKernels.channelsLastNormalizeSIMD8(xp, first: first, last: last, channels: channels, mean: v[0],
                                                                            scale: v[1], shift: v[2], relu: relu, into: out)
                            } else {
                                BatchNormKernels.channelsLastNormalize(xp, first: first, last: last, channels: channels, mean: v[0],
                                                                       scale: v[1], shift: v[2], relu: relu, into: out)
                            }
                        }
                    }
                    let expected = run(true)
                    for unit in VectorUnit.supported {
                        XCTAssertTrue(VectorUnit.force(unit))
                        assertSameBits(run(false), expected, "\(unit.name) C=\(channels) rows \(first)..<\(last) relu=\(relu)")
                        compared += 1
                    }
                }
            }
        }
        XCTAssertGreaterThanOrEqual(compared, 4 * channelCounts.count)
    }

    func testInputGradientMatchesSIMD8BitForBit() {
        var compared = 0
        for channels in channelCounts {
            let rows = 6, count = rows * channels
            var g = Tensor.randomUniform([count], min: -1, max: 1, seed: UInt64(channels) + 1).scalars
            g[count / 2] = -0.0
            let x = Tensor.randomUniform([count], min: -2, max: 2, seed: UInt64(channels) + 2).scalars
            var mask = Tensor.randomUniform([count], min: -1, max: 1, seed: UInt64(channels) + 3).scalars
            mask[count - 1] = .nan
            let vectors = (0..<4).map { Tensor.randomUniform([channels], min: -1, max: 1, seed: UInt64(channels * 20 + $0)).scalars }
            for (first, last) in [(0, rows), (1, 4)] {
                for masked in [false, true] {
                    let run = { (simd8: Bool) -> [Float] in
                        Self.buffers(x, vectors + [g, mask]) { xp, v, out in
                            let m = masked ? v[5] : nil
                            if simd8 {
                                BatchNormKernels.channelsLastInputGradientSIMD8(v[4], xp, mask: m, first: first, last: last,
                                                                                channels: channels, mean: v[0], a: v[1], b: v[2],
                                                                                d: v[3], into: out)
                            } else {
                                BatchNormKernels.channelsLastInputGradient(v[4], xp, mask: m, first: first, last: last,
                                                                           channels: channels, mean: v[0], a: v[1], b: v[2],
                                                                           d: v[3], into: out)
                            }
                        }
                    }
                    let expected = run(true)
                    XCTAssertTrue(expected.contains { $0 != Self.sentinel && $0 != 0 })
                    for unit in VectorUnit.supported {
                        XCTAssertTrue(VectorUnit.force(unit))
                        assertSameBits(run(false), expected, "\(unit.name) C=\(channels) rows \(first)..<\(last) masked=\(masked)")
                        compared += 1
                    }
                }
            }
        }
        XCTAssertGreaterThanOrEqual(compared, 4 * channelCounts.count)
    }

    /// What the kernels must leave alone: the rows outside the range.
    private static let sentinel: Float = 12345

    /// Calls `body` with x and each of `vectors` copied one scalar past an aligned start (so no
    /// vector load is aligned), and an output of x's size filled with `sentinel`; returns the output.
    private static func buffers(_ x: [Float], _ vectors: [[Float]],
                                _ body: (UnsafePointer<Float>, [UnsafePointer<Float>], UnsafeMutablePointer<Float>) -> Void) -> [Float] {
        let copies = ([x] + vectors).map { source -> UnsafeMutablePointer<Float> in
            let p = UnsafeMutablePointer<Float>.allocate(capacity: source.count + 1)
            (p + 1).initialize(from: source, count: source.count)
            return p
        }
        let out = UnsafeMutablePointer<Float>.allocate(capacity: x.count + 1)
        out.initialize(repeating: sentinel, count: x.count + 1)
        defer {
            copies.forEach { $0.deallocate() }
            out.deallocate()
        }
        body(UnsafePointer(copies[0] + 1), copies.dropFirst().map { UnsafePointer($0 + 1) }, out + 1)
        return Array(UnsafeBufferPointer(start: out + 1, count: x.count))
    }
}
