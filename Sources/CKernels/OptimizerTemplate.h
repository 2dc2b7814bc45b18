// The optimizers' element-wise updates, one instruction set, included by Optimizer.c through
// Variants.h once per variant (its macros are described there). The formulas are those of
// OptimizerKernels.swift's Swift loops (Adam, with FastMath's square root) and SGD.swift's,
// operation for operation and in the same order (no FMA contraction), so every variant matches
// them bit for bit. Each element is independent: W lanes at a time, the last vector masked.

/// `FastMath.squareRoot`: the inverse square root's bit trick and three Newton steps, times v
/// (v itself where v is +∞).
INLINE VEC FN(fast_square_root)(VEC v) {
    VEC zero = {0};
    VEC infinity = zero + __builtin_inff();
    FN(uvec) bits = (FN(uvec))v;
    VEC r = (VEC)(0x5F375A86u - (bits >> 1));
    VEC half = 0.5f * v;
    r = r * (1.5f - half * r * r);
    r = r * (1.5f - half * r * r);
    r = r * (1.5f - half * r * r);
    return FN(select)((VECI)(v == infinity), v, v * r);
}

/// Adam at elements `i ..< i + lanes` (AMSGrad when `s->vHat`).
INLINE void FN(adam_at)(const dl_adam_step *s, ptrdiff_t i, int lanes, int amsgrad) {
    VEC g = FN(load)(s->gradient + i, lanes), m0 = FN(load)(s->m + i, lanes), v0 = FN(load)(s->v + i, lanes);
    VEC m = m0 + (g - m0) * s->b1;
    VEC v = v0 + (g * g - v0) * s->b2;
    FN(store)(s->m + i, m, lanes);
    FN(store)(s->v + i, v, lanes);
    VEC second = v;
    if (amsgrad) {
        // Swift's max(v̂, v): v where v̂ < v, else v̂ (NaN in v keeps v̂).
        VEC before = FN(load)(s->vHat + i, lanes);
        second = FN(select)((VECI)(before < v), v, before);
        FN(store)(s->vHat + i, second, lanes);
    }
    VEC w = FN(load)(s->weights + i, lanes);
    FN(store)(s->weights + i, w - m * s->alpha / (FN(fast_square_root)(second) + s->epsilon), lanes);
}

/// `dl_adam_update` with AMSGrad a constant.
INLINE void FN(adam_body)(const dl_adam_step *s, ptrdiff_t first, ptrdiff_t end, int amsgrad) {
    ptrdiff_t i = first;
    for (; i + W <= end; i += W) FN(adam_at)(s, i, W, amsgrad);
    if (i < end) FN(adam_at)(s, i, (int)(end - i), amsgrad);
}

/// `dl_adam_update`.
KERNEL void FN(adam_update)(const dl_adam_step *s, ptrdiff_t first, ptrdiff_t end) {
    if (s->vHat) FN(adam_body)(s, first, end, 1); else FN(adam_body)(s, first, end, 0);
}

/// SGD at elements `i ..< i + lanes`: `w − lr·g`, or with momentum `v ← μ·v − lr·g` and
/// `w ← w + v` (Nesterov: `w ← w + (μ·v − lr·g)` with the new v).
INLINE void FN(sgd_at)(const dl_sgd_step *s, ptrdiff_t i, int lanes, int momentum, int nesterov) {
    VEC g = FN(load)(s->gradient + i, lanes), w = FN(load)(s->weights + i, lanes);
    if (!momentum) {
        FN(store)(s->weights + i, w - s->learningRate * g, lanes);
        return;
    }
    VEC v = s->momentum * FN(load)(s->velocity + i, lanes) - s->learningRate * g;
    FN(store)(s->velocity + i, v, lanes);
    FN(store)(s->weights + i, w + (nesterov ? s->momentum * v - s->learningRate * g : v), lanes);
}

/// `dl_sgd_update` with its kind a constant.
INLINE void FN(sgd_body)(const dl_sgd_step *s, ptrdiff_t first, ptrdiff_t end, int momentum, int nesterov) {
    ptrdiff_t i = first;
    for (; i + W <= end; i += W) FN(sgd_at)(s, i, W, momentum, nesterov);
    if (i < end) FN(sgd_at)(s, i, (int)(end - i), momentum, nesterov);
}

/// `dl_sgd_update`.
KERNEL void FN(sgd_update)(const dl_sgd_step *s, ptrdiff_t first, ptrdiff_t end) {
    if (!s->velocity) FN(sgd_body)(s, first, end, 0, 0);
    else if (s->nesterov) FN(sgd_body)(s, first, end, 1, 1);
    else FN(sgd_body)(s, first, end, 1, 0);
}
