// The vector-matrix product of one instruction set, included by VectorProduct.c through Variants.h
// once per variant (its macros are described there).
//
// Each output j is the sum of two chains, the even terms x[i]·w[i][j] (i = 0, 2, 4, …) and the odd
// ones, each from 0 in order with one fused multiply-add a term, then even + odd (then added to
// y[j] when accumulating). The order does not depend on the vector width, so every variant gives
// the same bits; two chains halve the wait on each accumulator's previous FMA, which bounds a
// product with one row of x otherwise.

/// Columns [column, column + NV·W) but for the last vector's `lanes` (NV vectors, 1 ≤ NV ≤ 4):
/// 2·NV accumulators over the inner dimension.
#define VECTOR_PRODUCT_BLOCK(NV)                                                                        \
    do {                                                                                                \
        VEC even[NV], odd[NV];                                                                          \
        for (int v = 0; v < NV; v++) even[v] = odd[v] = (VEC){0};                                       \
        const float *wc = w + column;                                                                   \
        ptrdiff_t i = 0;                                                                                \
        for (; i + 1 < inner; i += 2) {                                                                 \
            VEC x0 = FN(splat)(x[i]), x1 = FN(splat)(x[i + 1]);                                         \
            const float *w0 = wc + i * rowStride, *w1 = w0 + rowStride;                                 \
            for (int v = 0; v < NV; v++) {                                                              \
                int n = v == NV - 1 ? lastLanes : W;                                                    \
                even[v] = __builtin_elementwise_fma(x0, FN(load)(w0 + v * W, n), even[v]);              \
                odd[v] = __builtin_elementwise_fma(x1, FN(load)(w1 + v * W, n), odd[v]);                \
            }                                                                                           \
        }                                                                                               \
        if (i < inner) {                                                                                \
            VEC x0 = FN(splat)(x[i]);                                                                   \
            const float *w0 = wc + i * rowStride;                                                       \
            for (int v = 0; v < NV; v++) {                                                              \
                int n = v == NV - 1 ? lastLanes : W;                                                    \
                even[v] = __builtin_elementwise_fma(x0, FN(load)(w0 + v * W, n), even[v]);              \
            }                                                                                           \
        }                                                                                               \
        for (int v = 0; v < NV; v++) {                                                                  \
            int n = v == NV - 1 ? lastLanes : W;                                                        \
            VEC sum = even[v] + odd[v];                                                                 \
            if (accumulate) sum = FN(load)(y + column + v * W, n) + sum;                                \
            FN(store)(y + column + v * W, sum, n);                                                      \
        }                                                                                               \
    } while (0)

/// `dl_vector_product`: y[j] (+)= Σ_i x[i]·w[i·rowStride + j] for j < columns, in blocks of up
/// to four vectors of columns.
KERNEL void FN(vector_product)(const float *x, const float *w, ptrdiff_t inner, ptrdiff_t rowStride,
                               ptrdiff_t columns, float *y, int accumulate) {
    for (ptrdiff_t column = 0; column < columns; column += 4 * W) {
        ptrdiff_t remaining = columns - column;
        int vectors = remaining >= 4 * W ? 4 : (int)((remaining + W - 1) / W);
        int lastLanes = remaining >= 4 * W ? W : (int)(remaining - (vectors - 1) * W);
        switch (vectors) {
        case 4: VECTOR_PRODUCT_BLOCK(4); break;
        case 3: VECTOR_PRODUCT_BLOCK(3); break;
        case 2: VECTOR_PRODUCT_BLOCK(2); break;
        default: VECTOR_PRODUCT_BLOCK(1); break;
        }
    }
}

#undef VECTOR_PRODUCT_BLOCK
