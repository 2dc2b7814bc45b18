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

/// W floats at `p`, or with `lanes` < W the first `lanes` (zeros after).
INLINE VEC FN(load)(const float *p, int lanes) { return lanes == W ? LOADU(p) : LOADN(p, lanes); }

/// Writes W floats of `v` at `p`, or with `lanes` < W the first `lanes`.
INLINE void FN(store)(float *p, VEC v, int lanes) {
    if (lanes == W) STOREU(p, v); else STOREN(p, v, lanes);
}
