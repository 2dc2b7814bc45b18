// The dense layer's fused activations in place, one instruction set, included by Activation.c
// through Variants.h once per variant (its macros are described there). The formulas are
// FastMath.swift's and ActivationKernels.swift's, operation for operation and in the same order
// (no FMA contraction), so every variant matches the Swift path bit for bit.

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

/// `dl_sigmoid_inplace`: y = 1 / (1 + e^−y) (`FastMath.sigmoid`).
KERNEL void FN(sigmoid_inplace)(float *y, ptrdiff_t count) {
    ptrdiff_t i = 0;
    for (; i + W <= count; i += W) {
        VEC v = LOADU(y + i);
        STOREU(y + i, 1.0f / (1.0f + FN(exp)(-v)));
    }
    if (i < count) {
        int lanes = (int)(count - i);
        VEC v = LOADN(y + i, lanes);
        STOREN(y + i, 1.0f / (1.0f + FN(exp)(-v)), lanes);
    }
}

/// `dl_relu_inplace`: y = y ≤ 0 ? 0 : y (NaN stays NaN, −0 becomes +0).
KERNEL void FN(relu_inplace)(float *y, ptrdiff_t count) {
    ptrdiff_t i = 0;
    for (; i + W <= count; i += W) STOREU(y + i, FN(relu)(LOADU(y + i)));
    if (i < count) {
        int lanes = (int)(count - i);
        STOREN(y + i, FN(relu)(LOADN(y + i, lanes)), lanes);
    }
}
