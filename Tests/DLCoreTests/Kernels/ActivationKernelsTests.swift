import DLCore
import DLTestSupport
import XCTest

/// The ReLU kernels: NaN passes through as in Keras, every other result is bit for bit what the
/// former `v > 0 ? v : 0` gave, and the general (sloped, capped, thresholded) kernel matches its
/// naive reference, Keras's composition step by step.
final class ActivationKernelsTests: XCTestCase {
    func testReluForwardKeepsNaNAndOtherwiseMatchesTheFormerKernelBitForBit() {
        let specials: [Float] = [.nan, -0.0, 0, -2, 2, .infinity, -.infinity, .leastNonzeroMagnitude, -.leastNonzeroMagnitude]
        var values = specials + Tensor.randomUniform([1000], min: -3, max: 3, seed: 11).scalars
        let former = values.map { $0 > 0 ? $0 : 0 }
        values.withUnsafeMutableBufferPointer { ActivationKernels.reluForward($0.baseAddress!, count: $0.count) }
        XCTAssertTrue(values[0].isNaN, "relu(NaN)")
        for (i, (v, f)) in zip(values, former).enumerated().dropFirst() {
            XCTAssertEqual(v.bitPattern, f.bitPattern, "at \(i): \(v) against \(f)")
        }
    }

    /// The out-of-place kernel (the `relu` op's) gives bit for bit what the in-place one gives, NaN
    /// and −0 included, and its pullback passes g only where the output is positive.
    func testOutOfPlaceReluMatchesTheInPlaceKernelBitForBit() {
        let specials: [Float] = [.nan, -0.0, 0, -2, 2, .infinity, -.infinity, .leastNonzeroMagnitude, -.leastNonzeroMagnitude]
        let x = specials + Tensor.randomUniform([1001], min: -3, max: 3, seed: 12).scalars
        var inPlace = x
        inPlace.withUnsafeMutableBufferPointer { ActivationKernels.reluForward($0.baseAddress!, count: $0.count) }
        var outOfPlace = [Float](repeating: 7, count: x.count)
        x.withUnsafeBufferPointer { xp in
            outOfPlace.withUnsafeMutableBufferPointer {
                ActivationKernels.reluForward(xp.baseAddress!, into: $0.baseAddress!, count: $0.count)
            }
        }
        XCTAssertEqual(outOfPlace.map(\.bitPattern), inPlace.map(\.bitPattern))
        let y = relu(Tensor(x))
        XCTAssertEqual(y.scalars.map(\.bitPattern), inPlace.map(\.bitPattern), "the relu op")
        let g = Tensor.randomUniform([x.count], min: -1, max: 1, seed: 13)
        let v = Variable(Tensor(x), name: "x")
        let (_, grads) = valueWithGradient(wrt: [v]) { (relu(v.value) * g).sum() }
        for i in x.indices {
            XCTAssertEqual(grads[0].scalars[i], inPlace[i] > 0 ? g.scalars[i] : 0, "gradient at \(i)")
        }
    }

    func testGeneralReluMatchesReferenceOnOddCounts() {
        let settings: [(slope: Float, cap: Float?, threshold: Float)] = [
            (0, nil, 0), (0.2, nil, 0), (0, 2.5, 0), (0, 6, 0), (0.2, 2.5, 1), (0, nil, 1), (0.3, nil, 0.5),
            (0, 2.5, -1), (0.2, nil, -1), (0.1, 0.5, 1.5),
        ]
        for count in [1, 7, 33] {
            var x = Tensor.randomUniform([count], min: -3, max: 3, seed: UInt64(count)).scalars
            x[0] = .nan
            if count > 2 { x[1] = 1; x[2] = -1 }   // on the thresholds
            for s in settings {
                var y = [Float](repeating: 0, count: count)
                x.withUnsafeBufferPointer { xp in
                    y.withUnsafeMutableBufferPointer { yp in
                        ActivationKernels.reluForward(xp.baseAddress!, into: yp.baseAddress!, count: count,
                                                      negativeSlope: s.slope, maxValue: s.cap, threshold: s.threshold)
                    }
                }
                let expected = x.map { ActivationKernels.referenceRelu($0, negativeSlope: s.slope, maxValue: s.cap, threshold: s.threshold) }
                for i in 0..<count {
                    XCTAssertTrue(y[i] == expected[i] || (y[i].isNaN && expected[i].isNaN),
                                  "\(s) x=\(x[i]): \(y[i]) against \(expected[i])")
                }
            }
        }
    }

    func testGeneralReluBackwardGivesTheSlopesOfEachPiece() {
        // x: below the threshold, on it, between threshold and cap, above the cap.
        let x: [Float] = [-2, 1, 1.5, 3], g: [Float] = [2, 2, 2, 2]
        var dz = [Float](repeating: .nan, count: 4)
        ActivationKernels.reluBackward(g, x, into: &dz, count: 4, negativeSlope: 0.25, maxValue: 2.5, threshold: 1)
        XCTAssertEqual(dz, [0.5, 0, 2, 0])
        // Leaky form: the slope at and below 0.
        ActivationKernels.reluBackward(g, [-1, 0, 1, 5], into: &dz, count: 4, negativeSlope: 0.25, maxValue: nil, threshold: 0)
        XCTAssertEqual(dz, [0.5, 0.5, 2, 2])
    }
}
