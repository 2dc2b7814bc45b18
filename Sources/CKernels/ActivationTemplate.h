// The dense layer's fused activations in place and their backward passes, one instruction set,
// included by Activation.c through Variants.h once per variant (its macros are described there).
// The formulas are FastMath.swift's and ActivationKernels.swift's, operation for operation and in
// the same order (no FMA contraction), so every variant matches the Swift path bit for bit; `exp`
// is VectorOps.h's.

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

/// `dl_sigmoid_backward`: dz = g · y · (1 − y), as `(g · y) · (1 − y)`.
KERNEL void FN(sigmoid_backward)(const float *g, const float *y, float *dz, ptrdiff_t count) {
    ptrdiff_t i = 0;
    for (; i + W <= count; i += W) {
        VEC s = LOADU(y + i);
        STOREU(dz + i, LOADU(g + i) * s * (1.0f - s));
    }
    if (i < count) {
        int lanes = (int)(count - i);
        VEC s = LOADN(y + i, lanes);
        STOREN(dz + i, LOADN(g + i, lanes) * s * (1.0f - s), lanes);
    }
}

/// `dl_relu_backward`: dz = y > 0 ? g : +0.
KERNEL void FN(relu_backward)(const float *g, const float *y, float *dz, ptrdiff_t count) {
    ptrdiff_t i = 0;
    for (; i + W <= count; i += W) STOREU(dz + i, FN(masked)(LOADU(g + i), LOADU(y + i)));
    if (i < count) {
        int lanes = (int)(count - i);
        STOREN(dz + i, FN(masked)(LOADN(g + i, lanes), LOADN(y + i, lanes)), lanes);
    }
}
