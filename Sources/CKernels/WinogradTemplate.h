// The Winograd input and output transforms (and the output transform's adjoint, for dKernel) of one instruction set, included by WinogradTransforms.c
// through Variants.h, once per variant (its macros are described there).
// The formulas are Winograd.swift's (WinogradF2, WinogradF4), term for term and in the same order,
// so that every variant matches the Swift path bit for bit.

/// F(2×2): o[k·os] = (Bᵀ d)[k], d[j] = d[j·s], k < 4. All of d is read before o is written.
INLINE void FN(input2)(const VEC *d, int s, VEC *o, int os) {
    VEC d0 = d[0], d1 = d[s], d2 = d[2 * s], d3 = d[3 * s];
    o[0] = d0 - d2;
    o[os] = d1 + d2;
    o[2 * os] = d2 - d1;
    o[3 * os] = d1 - d3;
}

/// F(4×4): o[k·os] = (Bᵀ d)[k], k < 6.
INLINE void FN(input4)(const VEC *d, int s, VEC *o, int os) {
    VEC d0 = d[0], d1 = d[s], d2 = d[2 * s], d3 = d[3 * s], d4 = d[4 * s], d5 = d[5 * s];
    VEC a = d4 - 4.0f * d2, b = d3 - 4.0f * d1;
    VEC c = d4 - d2, e = 2.0f * (d3 - d1);
    o[0] = 4.0f * d0 - 5.0f * d2 + d4;
    o[os] = a + b;
    o[2 * os] = a - b;
    o[3 * os] = c + e;
    o[4 * os] = c - e;
    o[5 * os] = 4.0f * d1 - 5.0f * d3 + d5;
}

/// F(2×2): o[k·os] = (Aᵀ d)[k], k < 2.
INLINE void FN(output2)(const VEC *d, int s, VEC *o, int os) {
    VEC d0 = d[0], d1 = d[s], d2 = d[2 * s], d3 = d[3 * s];
    o[0] = d0 + d1 + d2;
    o[os] = d1 - d2 - d3;
}

/// F(4×4): o[k·os] = (Aᵀ d)[k], k < 4.
INLINE void FN(output4)(const VEC *d, int s, VEC *o, int os) {
    VEC d0 = d[0], d1 = d[s], d2 = d[2 * s], d3 = d[3 * s], d4 = d[4 * s], d5 = d[5 * s];
    VEC sum12 = d1 + d2, diff12 = d1 - d2;
    VEC sum34 = d3 + d4, diff34 = d3 - d4;
    o[0] = d0 + sum12 + sum34;
    o[os] = diff12 + 2.0f * diff34;
    o[2 * os] = sum12 + 4.0f * sum34;
    o[3 * os] = diff12 + 8.0f * diff34 + d5;
}

/// F(2×2): o[k·os] = (A y)[k], y[j] = y[j·s], k < 4 (the adjoint of `output2`).
INLINE void FN(adjoint2)(const VEC *y, int s, VEC *o, int os) {
    VEC y0 = y[0], y1 = y[s], zero = {0};
    o[0] = y0;
    o[os] = y0 + y1;
    o[2 * os] = y0 - y1;
    o[3 * os] = zero - y1;   // Swift's SIMD negation is 0 − y: +0 for y = +0, not −0
}

/// F(4×4): o[k·os] = (A y)[k], k < 6 (the adjoint of `output4`).
INLINE void FN(adjoint4)(const VEC *y, int s, VEC *o, int os) {
    VEC y0 = y[0], y1 = y[s], y2 = y[2 * s], y3 = y[3 * s];
    VEC even = y0 + y2, odd = y1 + y3;
    VEC even4 = y0 + 4.0f * y2, odd4 = 2.0f * y1 + 8.0f * y3;
    o[0] = y0;
    o[os] = even + odd;
    o[2 * os] = even - odd;
    o[3 * os] = even4 + odd4;
    o[4 * os] = even4 - odd4;
    o[5 * os] = y3;
}

/// The row transforms of the α rows of `SOURCE` (row i at SOURCE + i·STRIDE, after the column
/// transforms), each cell e = i·α + j of the result stored at `TARGET + e·cellStride` (`lanes` scalars).
#define WINOGRAD_STORE_CELLS(A, TRANSFORM, SOURCE, STRIDE, TARGET)                                      \
    do {                                                                                                \
        float *target_ = (TARGET);                                                                      \
        for (int i = 0; i < A; i++) {                                                                   \
            VEC row[A];                                                                                 \
            TRANSFORM((SOURCE) + i * (STRIDE), 1, row, 1);                                              \
            for (int j = 0; j < A; j++) FN(store)(target_ + (ptrdiff_t)(i * A + j) * cellStride, row[j], lanes); \
        }                                                                                               \
    } while (0)

/// One tile's V for `lanes` channels from `channel` (F(M×M), α = A; TRANSFORM is FN(input2/4)):
/// the window's cells inside rows [i0, i1) and columns [j0, j1) of the tile are read (zero
/// elsewhere), then the column transforms, then the row transforms into V. An interior tile of
/// whole vectors without a mask takes the same steps on the same values without the bounds.
#define WINOGRAD_INPUT_TILE(A, TRANSFORM)                                                              \
    do {                                                                                                \
        VEC d[A * A];                                                                                   \
        if (interior && lanes == W && !mask) {                                                          \
            /* The whole window inside the image, whole vectors: each column's transform reads */      \
            /* the input in place.                                                              */      \
            const float *corner = x + (top * width + left) * channels + channel;                        \
            for (int j = 0; j < A; j++) {                                                               \
                VEC column[A];                                                                          \
                for (int i = 0; i < A; i++) column[i] = LOADU(corner + i * rowStride + j * channels);   \
                TRANSFORM(column, 1, d + j, A);                                                         \
            }                                                                                           \
        } else {                                                                                        \
            VEC zero = {0};                                                                             \
            for (int i = 0; i < A; i++) {                                                               \
                for (int j = 0; j < A; j++) {                                                           \
                    VEC value = zero;                                                                   \
                    if (i >= i0 && i < i1 && j >= j0 && j < j1) {                                       \
                        ptrdiff_t offset = ((top + i) * width + left + j) * channels + channel;        \
                        value = FN(load)(x + offset, lanes);                                           \
                        if (mask) {                                                                     \
                            VEC m = FN(load)(mask + offset, lanes);                                    \
                            value = FN(masked)(value, m);                                               \
                        }                                                                               \
                    }                                                                                   \
                    d[i * A + j] = value;                                                               \
                }                                                                                       \
            }                                                                                           \
            for (int j = 0; j < A; j++) TRANSFORM(d + j, A, d + j, A);                                  \
        }                                                                                               \
        WINOGRAD_STORE_CELLS(A, TRANSFORM, d, A, v + t * channels + channel);                           \
    } while (0)

/// Asks the cache for x's (and mask's) pixels in rows [top, top + rows) and columns [left, left +
/// columns) of the image, every channel (clipped to the image): the input transform calls it for
/// the pixels a tile two ahead will read first, so that they come from memory while this tile is
/// transformed (the hardware prefetcher does not follow the six row streams: on the VGG workload's
/// inference the transform spent about 40% of its time waiting for the input).
INLINE void FN(prefetch_pixels)(const float *x, const float *mask, ptrdiff_t height, ptrdiff_t width,
                                ptrdiff_t channels, ptrdiff_t top, ptrdiff_t rows, ptrdiff_t left, ptrdiff_t columns) {
    ptrdiff_t r0 = top < 0 ? 0 : top, r1 = top + rows < height ? top + rows : height;
    ptrdiff_t c0 = left < 0 ? 0 : left, c1 = left + columns < width ? left + columns : width;
    if (c0 >= c1) return;
    for (ptrdiff_t r = r0; r < r1; r++) {
        ptrdiff_t start = (r * width + c0) * channels, end = (r * width + c1) * channels;
        for (ptrdiff_t i = start; i < end; i += 16) {
            __builtin_prefetch(x + i);
            if (mask) __builtin_prefetch(mask + i);
        }
        __builtin_prefetch(x + end - 1);
        if (mask) __builtin_prefetch(mask + end - 1);
    }
}

/// `dl_winograd_input` for F(M×M) with α = A.
#define WINOGRAD_INPUT(NAME, M, A, TRANSFORM)                                                           \
    KERNEL void NAME(const float *x, const float *mask, ptrdiff_t height, ptrdiff_t width,               \
                     ptrdiff_t channels, ptrdiff_t padTop, ptrdiff_t padLeft, ptrdiff_t tileRows,         \
                     ptrdiff_t tileColumns, float *v, ptrdiff_t cellStride) {                             \
        ptrdiff_t t = 0, rowStride = width * channels;                                                  \
        for (ptrdiff_t ty = 0; ty < tileRows; ty++) {                                                   \
            ptrdiff_t top = ty * M - padTop;                                                            \
            int i0 = top < 0 ? (int)-top : 0;                                                           \
            int i1 = height - top < A ? (int)(height - top) : A;                                        \
            for (ptrdiff_t tx = 0; tx < tileColumns; tx++, t++) {                                       \
                ptrdiff_t left = tx * M - padLeft;                                                      \
                int j0 = left < 0 ? (int)-left : 0;                                                     \
                int j1 = width - left < A ? (int)(width - left) : A;                                    \
                int interior = i0 == 0 && i1 == A && j0 == 0 && j1 == A;                                \
                /* Two tiles ahead: in this row the M columns it adds to the next tile's; in the   */   \
                /* next row the M rows that row adds, for the whole tile.                          */   \
                if (tx + 2 < tileColumns) {                                                             \
                    FN(prefetch_pixels)(x, mask, height, width, channels, top, A, left + M + A, M);     \
                } else if (ty + 1 < tileRows) {                                                         \
                    ptrdiff_t nextLeft = (tx + 2 - tileColumns) * M - padLeft;                          \
                    FN(prefetch_pixels)(x, mask, height, width, channels, top + A, M, nextLeft, A);     \
                }                                                                                       \
                for (ptrdiff_t channel = 0; channel < channels; channel += W) {                         \
                    int lanes = channels - channel < W ? (int)(channels - channel) : W;                 \
                    WINOGRAD_INPUT_TILE(A, TRANSFORM);                                                  \
                }                                                                                       \
            }                                                                                           \
        }                                                                                               \
    }

WINOGRAD_INPUT(FN(winograd_input2), 2, 4, FN(input2))
WINOGRAD_INPUT(FN(winograd_input4), 4, 6, FN(input4))

/// `dl_winograd_output` for F(M×M) with α = A: per tile and block of W filters, M's cells, the
/// column transforms, then the row transforms of the rows inside the output, plus bias, plus the
/// residual, ReLU.
#define WINOGRAD_OUTPUT(NAME, M, A, TRANSFORM)                                                          \
    KERNEL void NAME(const float *product, ptrdiff_t cellStride, ptrdiff_t filters, ptrdiff_t outHeight,  \
                     ptrdiff_t outWidth, ptrdiff_t tileRows, ptrdiff_t tileColumns, const float *bias,     \
                     const float *residual, int relu, float *out) {                                      \
        ptrdiff_t t = 0;                                                                                \
        for (ptrdiff_t ty = 0; ty < tileRows; ty++) {                                                   \
            int rows = outHeight - ty * M < M ? (int)(outHeight - ty * M) : M;                          \
            for (ptrdiff_t tx = 0; tx < tileColumns; tx++, t++) {                                       \
                int columns = outWidth - tx * M < M ? (int)(outWidth - tx * M) : M;                     \
                for (ptrdiff_t filter = 0; filter < filters; filter += W) {                             \
                    int lanes = filters - filter < W ? (int)(filters - filter) : W;                     \
                    const float *source = product + t * filters + filter;                               \
                    VEC b = {0};                                                                        \
                    if (bias) b = FN(load)(bias + filter, lanes);                                      \
                    VEC mt[A * A], temp[M * A];                                                         \
                    for (int cell = 0; cell < A * A; cell++) {                                          \
                        const float *p = source + (ptrdiff_t)cell * cellStride;                         \
                        mt[cell] = FN(load)(p, lanes);                                                  \
                    }                                                                                   \
                    for (int j = 0; j < A; j++) TRANSFORM(mt + j, A, temp + j, A);                      \
                    for (int i = 0; i < rows; i++) {                                                    \
                        VEC y[M];                                                                       \
                        TRANSFORM(temp + i * A, 1, y, 1);                                               \
                        ptrdiff_t rowOffset = ((ty * M + i) * outWidth + tx * M) * filters + filter;   \
                        float *row = out + rowOffset;                                                   \
                        for (int j = 0; j < columns; j++) {                                             \
                            VEC value = y[j] + b;                                                       \
                            if (residual) value = value + FN(load)(residual + rowOffset + j * filters, lanes); \
                            if (relu) value = FN(relu)(value);                                          \
                            FN(store)(row + j * filters, value, lanes);                                 \
                        }                                                                               \
                    }                                                                                   \
                }                                                                                       \
            }                                                                                           \
        }                                                                                               \
    }

WINOGRAD_OUTPUT(FN(winograd_output2), 2, 4, FN(output2))
WINOGRAD_OUTPUT(FN(winograd_output4), 4, 6, FN(output4))

/// `dl_winograd_output_gradient` for F(M×M) with α = A: per tile and block of W filters, the
/// tile's output gradient gY (zero outside the output and where the mask is not positive), its
/// sum into the bias sums, then dM = A gY Aᵀ (the column transforms, then the row transforms).
#define WINOGRAD_OUTPUT_GRADIENT(NAME, M, A, TRANSFORM)                                                 \
    KERNEL void NAME(const float *grad, const float *mask, ptrdiff_t filters, ptrdiff_t outHeight,       \
                     ptrdiff_t outWidth, ptrdiff_t tileRows, ptrdiff_t tileColumns, float *dm,             \
                     ptrdiff_t cellStride, float *biasSums) {                                            \
        ptrdiff_t t = 0;                                                                                \
        for (ptrdiff_t ty = 0; ty < tileRows; ty++) {                                                   \
            int rows = outHeight - ty * M < M ? (int)(outHeight - ty * M) : M;                          \
            for (ptrdiff_t tx = 0; tx < tileColumns; tx++, t++) {                                       \
                int columns = outWidth - tx * M < M ? (int)(outWidth - tx * M) : M;                     \
                for (ptrdiff_t filter = 0; filter < filters; filter += W) {                             \
                    int lanes = filters - filter < W ? (int)(filters - filter) : W;                     \
                    VEC gy[M * M], temp[A * M], zero = {0};                                             \
                    for (int i = 0; i < M; i++) {                                                       \
                        for (int j = 0; j < M; j++) {                                                   \
                            VEC value = zero;                                                           \
                            if (i < rows && j < columns) {                                              \
                                ptrdiff_t offset = ((ty * M + i) * outWidth + tx * M + j) * filters + filter; \
                                value = FN(load)(grad + offset, lanes);                                 \
                                if (mask) value = FN(masked)(value, FN(load)(mask + offset, lanes));    \
                            }                                                                           \
                            gy[i * M + j] = value;                                                      \
                        }                                                                               \
                    }                                                                                   \
                    if (biasSums) {                                                                     \
                        VEC total = zero;                                                               \
                        for (int cell = 0; cell < M * M; cell++) total += gy[cell];                     \
                        float *sums = biasSums + filter;                                                \
                        FN(store)(sums, FN(load)(sums, lanes) + total, lanes);                          \
                    }                                                                                   \
                    for (int j = 0; j < M; j++) TRANSFORM(gy + j, M, temp + j, M);                      \
                    WINOGRAD_STORE_CELLS(A, TRANSFORM, temp, M, dm + t * filters + filter);             \
                }                                                                                       \
            }                                                                                           \
        }                                                                                               \
    }

WINOGRAD_OUTPUT_GRADIENT(FN(winograd_output_gradient2), 2, 4, FN(adjoint2))
WINOGRAD_OUTPUT_GRADIENT(FN(winograd_output_gradient4), 4, 6, FN(adjoint4))

#undef WINOGRAD_STORE_CELLS
#undef WINOGRAD_INPUT_TILE
#undef WINOGRAD_INPUT
#undef WINOGRAD_OUTPUT
#undef WINOGRAD_OUTPUT_GRADIENT
