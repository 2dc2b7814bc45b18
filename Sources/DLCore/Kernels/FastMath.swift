/// Scalar math written so that loops over it vectorize (no libm calls, no trapping conversions).
package enum FastMath {
    /// e^x for Float, Cephes's `expf` algorithm: x = n·ln2 + r with |r| ≤ ln2/2, e^r by a degree-6
    /// polynomial, 2ⁿ by building the exponent bits. Relative error about 2 ulp on the clamped
    /// range; x is clamped to [−87.3, 88.3], so the result is never 0, subnormal or infinite
    /// (e^−87.3 ≈ 1.2e−38, e^88.3 ≈ 2.2e38). NaN stays NaN.
    @inlinable @inline(__always)
    package static func exp(_ x: Float) -> Float {
        let clamped = x < -87.3 ? -87.3 : (x > 88.3 ? 88.3 : x)
        // Round to nearest through the 1.5·2²³ trick: the integer lands in the low mantissa bits.
        let shifted = clamped * 1.44269504088896341 + 12582912.0
        let n = shifted - 12582912.0
        let r = clamped - n * 0.693359375 + n * 2.12194440e-4
        var p: Float = 1.9875691500e-4
        p = p * r + 1.3981999507e-3
        p = p * r + 8.3334519073e-3
        p = p * r + 4.1665795894e-2
        p = p * r + 1.6666665459e-1
        p = p * r + 5.0000001201e-1
        let er = p * (r * r) + r + 1
        let exponent = Int32(bitPattern: shifted.bitPattern) &- 0x4B40_0000 &+ 127
        let scale = Float(bitPattern: UInt32(bitPattern: exponent &<< 23))
        return er * scale   // NaN propagates through `er`
    }

    /// 1 / (1 + e^−x) for any x, within about 3 ulp (2e−7 absolute): `exp` is clamped, so e^−x
    /// never overflows, and 1 / (1 + E) keeps E's relative error whether E is small or large. No
    /// branch on the sign (as e^−|x| needs), which keeps the vectorized loop short.
    @inlinable @inline(__always)
    package static func sigmoid(_ x: Float) -> Float {
        1 / (1 + exp(-x))
    }

    /// √v for v ≥ 0 (+∞ included) within 2 ulp: the reciprocal square root from the exponent-halving
    /// bit trick and three Newton steps, times v. `Float.squareRoot()` compiles to a libm call
    /// guarded for negative inputs, which keeps loops over it scalar; this one vectorizes.
    @inlinable @inline(__always)
    package static func squareRoot(_ v: Float) -> Float {
        var r = Float(bitPattern: 0x5F37_5A86 &- (v.bitPattern &>> 1))
        let half = 0.5 * v
        r = r * (1.5 - half * r * r)
        r = r * (1.5 - half * r * r)
        r = r * (1.5 - half * r * r)
        return v == .infinity ? v : v * r
    }
}
