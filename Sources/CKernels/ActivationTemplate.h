// The dense layer's fused activations in place, one instruction set, included by Activation.c
// through Variants.h once per variant (its macros are described there). The formulas are
// FastMath.swift's and ActivationKernels.swift's, operation for operation and in the same order
// (no FMA contraction), so every variant matches the Swift path bit for bit; `exp` is VectorOps.h's.

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
