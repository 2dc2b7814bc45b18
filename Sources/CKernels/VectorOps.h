// Element-wise helpers shared by the kernels' templates, included by Variants.h once per variant
// before the template.

/// 0 where `m` is not positive (NaN included), `v` elsewhere.
INLINE VEC FN(masked)(VEC v, VEC m) {
    VEC zero = {0};
    return (VEC)((VECI)v & (VECI)(m > zero));
}

/// 0 where `v` ≤ 0, `v` elsewhere (NaN stays NaN).
INLINE VEC FN(relu)(VEC v) {
    VEC zero = {0};
    return (VEC)((VECI)v & ~(VECI)(v <= zero));
}

/// W lanes of `s`.
INLINE VEC FN(splat)(float s) {
    VEC v;
    for (int lane = 0; lane < W; lane++) v[lane] = s;
    return v;
}

/// W floats at `p`, or with `lanes` < W the first `lanes` (zeros after).
INLINE VEC FN(load)(const float *p, int lanes) { return lanes == W ? LOADU(p) : LOADN(p, lanes); }

/// Writes W floats of `v` at `p`, or with `lanes` < W the first `lanes`.
INLINE void FN(store)(float *p, VEC v, int lanes) {
    if (lanes == W) STOREU(p, v); else STOREN(p, v, lanes);
}

/// W unsigned lanes, for the exponent's integer arithmetic (wrapping, as Swift's `&-` and `&+`).
typedef unsigned FN(uvec) __attribute__((vector_size(sizeof(VEC))));

/// `a` where `take` is all ones, `b` elsewhere (a per-lane select on the bits).
INLINE VEC FN(select)(VECI take, VEC a, VEC b) { return (VEC)((take & (VECI)a) | (~take & (VECI)b)); }

/// `FastMath.exp`: Cephes's `expf` on x clamped to [−87.3, 88.3] (NaN stays NaN).
INLINE VEC FN(exp)(VEC x) {
    VEC zero = {0};
    VEC lo = zero + -87.3f, hi = zero + 88.3f;
    // x < lo ? lo : (x > hi ? hi : x); both comparisons are false for NaN, which passes through.
    VEC clamped = FN(select)((VECI)(x < lo), lo, FN(select)((VECI)(x > hi), hi, x));
    VEC shifted = clamped * 1.44269504088896341f + 12582912.0f;
    VEC n = shifted - 12582912.0f;
    VEC r = clamped - n * 0.693359375f + n * 2.12194440e-4f;
    VEC p = r * 1.9875691500e-4f + 1.3981999507e-3f;   // c0 · r + c1: the product commutes exactly
    p = p * r + 8.3334519073e-3f;
    p = p * r + 4.1665795894e-2f;
    p = p * r + 1.6666665459e-1f;
    p = p * r + 5.0000001201e-1f;
    VEC er = p * (r * r) + r + 1.0f;
    FN(uvec) exponent = (FN(uvec))shifted - 0x4B400000u + 127u;
    VEC scale = (VEC)(exponent << 23);
    return er * scale;
}
