// The one-channel convolution (CKernels.h: dl_conv_planar), one instruction-set variant (Variants.h).
//
// Lanes are output pixels: a sample is first copied into a zero-bordered plane (`padTop` and
// `padLeft` zeros before it, zeros after it out to every block's last lane and window), so that a
// window's tap (kh, kw) for W consecutive output pixels of a row is one unaligned load. For each
// output row, blocks of 2·W pixels by groups of at most DL_PLANAR_GROUP filters are summed with
// their 2·G accumulators in registers: per tap, two loads of the plane and, per filter, one
// broadcast weight and two fused multiply-adds. Every output is the sum from 0 over its window's
// taps in (kh, kw) order, one rounding a tap, then + bias, then ReLU, as dl_conv_direct gives it:
// a tap in the border adds 0 · w, which leaves the sum as it is (finite weights: the sum is never
// −0, since a fused multiply-add onto +0 of an exact zero gives +0). The block's results are then
// written to the pixels' rows of filters (channels last): transposed in registers with AVX-512,
// through a small buffer otherwise.

/// Filters summed together: 2·G accumulators, two plane vectors and a weight fit the 16 registers
/// of AVX2 for G = 6 (LeNet-5's first layer); AVX-512's in-register transpose takes up to 8.
#define DL_PLANAR_GROUP (W == 16 ? 8 : 6)

/// Scalars in a row of the bordered plane: every block's 2·W pixels and the window's reach past them.
INLINE ptrdiff_t FN(planar_plane_width)(const dl_direct_conv *conv) {
    return (conv->outWidth + 2 * W - 1) / (2 * W) * 2 * W + conv->kernelWidth - 1;
}

/// Floats of scratch `conv_planar` needs: the bordered plane's rows for every output row.
KERNEL ptrdiff_t FN(conv_planar_scratch)(const dl_direct_conv *conv) {
    return FN(planar_plane_width)(conv) * (conv->outHeight + conv->kernelHeight - 1);
}

#if W == 16
/// Writes pixels `0 ..< count` (at most 16) of `f`, 8 vectors of filters whose lanes are 16 pixels,
/// as rows of `G` filters `stride` scalars apart at `o`: a 16 × 8 transpose in registers (within
/// each 128-bit chunk k, pixels 4k ..< 4k + 4), then one masked store a pixel.
INLINE void FN(planar_store16)(const __m512 f[8], float *o, ptrdiff_t count, ptrdiff_t stride, const int G) {
    // Pairs of filters interleaved: chunk k of pairs[q][0] holds pixels 4k, 4k + 1 of filters 2q, 2q + 1.
    __m512 pairs[4][2];
#pragma clang loop unroll(full)
    for (int q = 0; q < 4; q++) {
        pairs[q][0] = _mm512_unpacklo_ps(f[2 * q], f[2 * q + 1]);
        pairs[q][1] = _mm512_unpackhi_ps(f[2 * q], f[2 * q + 1]);
    }
    // quads[j][h]: chunk k holds pixel 4k + j, filters 4h ..< 4h + 4.
    __m512 quads[4][2];
#pragma clang loop unroll(full)
    for (int h = 0; h < 2; h++) {
#pragma clang loop unroll(full)
        for (int half = 0; half < 2; half++) {
            __m512d a = _mm512_castps_pd(pairs[2 * h][half]), b = _mm512_castps_pd(pairs[2 * h + 1][half]);
            quads[2 * half][h] = _mm512_castpd_ps(_mm512_unpacklo_pd(a, b));
            quads[2 * half + 1][h] = _mm512_castpd_ps(_mm512_unpackhi_pd(a, b));
        }
    }
    const __mmask16 low = (__mmask16)((1u << G) - 1), high = (__mmask16)(low << 8);
#pragma clang loop unroll(full)
    for (int j = 0; j < 4; j++) {
        // [pixel j: filters 0-3, 4-7 | pixel 4 + j: ...] and [pixel 8 + j | pixel 12 + j].
        __m512 t0 = _mm512_shuffle_f32x4(quads[j][0], quads[j][1], _MM_SHUFFLE(1, 0, 1, 0));
        __m512 t1 = _mm512_shuffle_f32x4(quads[j][0], quads[j][1], _MM_SHUFFLE(3, 2, 3, 2));
        __m512 u0 = _mm512_shuffle_f32x4(t0, t0, _MM_SHUFFLE(3, 1, 2, 0));
        __m512 u1 = _mm512_shuffle_f32x4(t1, t1, _MM_SHUFFLE(3, 1, 2, 0));
        if (j < count) _mm512_mask_storeu_ps(o + j * stride, low, u0);
        if (4 + j < count) _mm512_mask_storeu_ps(o + (4 + j) * stride - 8, high, u0);
        if (8 + j < count) _mm512_mask_storeu_ps(o + (8 + j) * stride, low, u1);
        if (12 + j < count) _mm512_mask_storeu_ps(o + (12 + j) * stride - 8, high, u1);
    }
}
#endif

/// Output row `oh`, pixels `ow0 ..< ow0 + 2W` (those below `outWidth` written), filters
/// `f0 ..< f0 + G` of one sample; `window`: the bordered plane's row under the window's first row,
/// rows `planeWidth` scalars apart.
INLINE void FN(planar_block)(const dl_direct_conv *conv, const float *window, ptrdiff_t planeWidth, float *outSample,
                             ptrdiff_t oh, ptrdiff_t ow0, ptrdiff_t f0, const int G) {
    const ptrdiff_t filters = conv->filters, kernelWidth = conv->kernelWidth;
    VEC acc[2][DL_PLANAR_GROUP];
#pragma clang loop unroll(full)
    for (int g = 0; g < G; g++) {
        acc[0][g] = FN(splat)(0);
        acc[1][g] = FN(splat)(0);
    }
    for (ptrdiff_t kh = 0; kh < conv->kernelHeight; kh++) {
        const float *row = window + kh * planeWidth + ow0;
        const float *wk = conv->kernel + kh * kernelWidth * filters + f0;
        for (ptrdiff_t kw = 0; kw < kernelWidth; kw++, wk += filters) {
            VEC x0 = LOADU(row + kw), x1 = LOADU(row + kw + W);
#pragma clang loop unroll(full)
            for (int g = 0; g < G; g++) {
                VEC w = FN(splat)(wk[g]);
                acc[0][g] = __builtin_elementwise_fma(x0, w, acc[0][g]);
                acc[1][g] = __builtin_elementwise_fma(x1, w, acc[1][g]);
            }
        }
    }
    VEC result[2][DL_PLANAR_GROUP];
#pragma clang loop unroll(full)
    for (int g = 0; g < G; g++) {
        VEC bias = FN(splat)(conv->bias ? conv->bias[f0 + g] : 0);
#pragma clang loop unroll(full)
        for (int half = 0; half < 2; half++) {
            VEC v = conv->bias ? acc[half][g] + bias : acc[half][g];
            result[half][g] = conv->relu ? FN(relu)(v) : v;
        }
    }
    const ptrdiff_t count = conv->outWidth - ow0 < 2 * W ? conv->outWidth - ow0 : 2 * W;
    float *o = outSample + (oh * conv->outWidth + ow0) * filters + f0;
#if W == 16
    // Transposed in registers: each pixel's G filters become lanes 0 ..< G or 8 ..< 8 + G of a
    // vector, written with one masked store (G ≤ 8; the missing filters are zeros, never stored).
#pragma clang loop unroll(full)
    for (int half = 0; half < 2; half++) {
        __m512 f[8];
#pragma clang loop unroll(full)
        for (int g = 0; g < 8; g++) f[g] = g < G ? (__m512)result[half][g] : _mm512_setzero_ps();
        FN(planar_store16)(f, o + half * W * filters, count - half * W, filters, G);
    }
#else
    float block[DL_PLANAR_GROUP][2 * W];
#pragma clang loop unroll(full)
    for (int g = 0; g < G; g++) {
        STOREU(block[g], result[0][g]);
        STOREU(block[g] + W, result[1][g]);
    }
    for (ptrdiff_t i = 0; i < count; i++, o += filters) {
#pragma clang loop unroll(full)
        for (int g = 0; g < G; g++) o[g] = block[g][i];
    }
#endif
}

#define DL_PLANAR_CASE(G) case G: FN(planar_block)(conv, window, planeWidth, outSample, oh, ow0, f0, G); break;

/// Output rows `rowStart ..< rowEnd` of samples `first ..< last` of `conv`, `scratch` holding the
/// bordered plane's rows that they read (dl_conv_planar_scratch).
KERNEL void FN(conv_planar)(const dl_direct_conv *conv, ptrdiff_t first, ptrdiff_t last, ptrdiff_t rowStart,
                            ptrdiff_t rowEnd, float *scratch) {
    const ptrdiff_t height = conv->height, width = conv->width;
    const ptrdiff_t planeWidth = FN(planar_plane_width)(conv);
    for (ptrdiff_t n = first; n < last; n++) {
        const float *sample = conv->x + n * height * width;
        float *outSample = conv->out + n * conv->outHeight * conv->outWidth * conv->filters;
        // Plane row r (input row r − padTop) at scratch row r − rowStart.
        for (ptrdiff_t r = rowStart; r < rowEnd + conv->kernelHeight - 1; r++) {
            float *dst = scratch + (r - rowStart) * planeWidth;
            const ptrdiff_t ih = r - conv->padTop;
            if (ih < 0 || ih >= height) {
                memset(dst, 0, (size_t)planeWidth * sizeof(float));
                continue;
            }
            // Columns: padLeft zeros, the row, zeros after it (stride 1: padLeft + width is at most
            // outWidth + kernelWidth − 1, within the plane).
            memset(dst, 0, (size_t)conv->padLeft * sizeof(float));
            memcpy(dst + conv->padLeft, sample + ih * width, (size_t)width * sizeof(float));
            memset(dst + conv->padLeft + width, 0, (size_t)(planeWidth - conv->padLeft - width) * sizeof(float));
        }
        for (ptrdiff_t oh = rowStart; oh < rowEnd; oh++) {
            const float *window = scratch + (oh - rowStart) * planeWidth;
            for (ptrdiff_t ow0 = 0; ow0 < conv->outWidth; ow0 += 2 * W) {
                for (ptrdiff_t f0 = 0; f0 < conv->filters; f0 += DL_PLANAR_GROUP) {
                    const ptrdiff_t left = conv->filters - f0;
                    const int group = left < DL_PLANAR_GROUP ? (int)left : DL_PLANAR_GROUP;
                    switch (group) {
                    DL_PLANAR_CASE(1) DL_PLANAR_CASE(2) DL_PLANAR_CASE(3) DL_PLANAR_CASE(4) DL_PLANAR_CASE(5)
                    DL_PLANAR_CASE(6)
#if W == 16
                    DL_PLANAR_CASE(7) DL_PLANAR_CASE(8)
#endif
                    default: break;
                    }
                }
            }
        }
    }
}

#undef DL_PLANAR_CASE
#undef DL_PLANAR_GROUP
