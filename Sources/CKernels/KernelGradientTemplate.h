// A convolution's kernel and bias gradients without an im2col matrix (CKernels.h:
// dl_conv_kernel_gradient), one instruction-set variant (Variants.h).
//
// Lanes are filters. A sample's output gradient is first copied, masked, into rows of
// `paddedFilters` scalars (zeros after the last filter, so that every load is a full vector), or
// scattered there from a max pooling's gradient and winners, and summed into the bias gradient; its
// input, when the windows reach past it (padding), into a zero-bordered plane. Then T rows of the kernel gradient (patch entries k, in (kh, kw, c) order) by FB vectors of
// filters are summed at a time, their accumulators in registers: for each output pixel in (row,
// column) order, FB loads of its gradient, and for each of the T entries one broadcast of the input
// scalar under it and FB fused multiply-adds. Every kernel-gradient sum runs from 0 over the
// sample's output pixels in that order, one rounding a term, whatever the blocking and the variant,
// and is then added to dKernel: the same bits in every variant.

// The most kernel-gradient rows summed together for 1 and 2 filter vectors: as many accumulators as
// the registers hold beside the gradient vectors and a broadcast (32 with AVX-512, 16 otherwise).
#define DL_KGRAD_ROWS1 (W == 16 ? 24 : 12)
#define DL_KGRAD_ROWS2 (W == 16 ? 12 : 6)

/// Rows `k0 ..< k0 + T` of the sample's kernel gradient, filters `f0 ..< f0 + FB·W` (`lanes` of
/// the last vector stored), added to `dKernel`. `xs`: the sample's (padded) input, rows
/// `rowStride` scalars apart; `gs`: its masked output gradient, `paddedFilters` a pixel.
INLINE void FN(kernel_gradient_rows)(const dl_kernel_gradient *p, const float *xs, ptrdiff_t rowStride,
                                     const float *gs, ptrdiff_t paddedFilters, ptrdiff_t k0, ptrdiff_t f0,
                                     const int T, const int FB, int lanes) {
    const ptrdiff_t channels = p->channels, kernelWidth = p->kernelWidth;
    const ptrdiff_t pixelStep = p->strideWidth * channels, rowStep = p->strideHeight * rowStride;
    // Fixed sizes (not T, FB): arrays sized by a parameter stay on the stack once inlined into a
    // switch's case, where constant-size ones become registers after the full unrolling.
    ptrdiff_t offset[DL_KGRAD_ROWS1];
#pragma clang loop unroll(full)
    for (int t = 0; t < T; t++) {
        const ptrdiff_t k = k0 + t, c = k % channels, kw = (k / channels) % kernelWidth, kh = k / channels / kernelWidth;
        offset[t] = kh * rowStride + kw * channels + c;
    }
    VEC acc[DL_KGRAD_ROWS1][2];
#pragma clang loop unroll(full)
    for (int t = 0; t < T; t++) {
#pragma clang loop unroll(full)
        for (int b = 0; b < FB; b++) acc[t][b] = FN(splat)(0);
    }
    for (ptrdiff_t oh = 0; oh < p->outHeight; oh++) {
        const float *xRow = xs + oh * rowStep;
        const float *gRow = gs + oh * p->outWidth * paddedFilters + f0;
        for (ptrdiff_t ow = 0; ow < p->outWidth; ow++) {
            const float *xp = xRow + ow * pixelStep, *gp = gRow + ow * paddedFilters;
            VEC g[2];
#pragma clang loop unroll(full)
            for (int b = 0; b < FB; b++) g[b] = LOADU(gp + b * W);
#pragma clang loop unroll(full)
            for (int t = 0; t < T; t++) {
                VEC xv = FN(splat)(xp[offset[t]]);
#pragma clang loop unroll(full)
                for (int b = 0; b < FB; b++) acc[t][b] = __builtin_elementwise_fma(xv, g[b], acc[t][b]);
            }
        }
    }
    const ptrdiff_t filters = p->filters;
#pragma clang loop unroll(full)
    for (int t = 0; t < T; t++) {
        float *d = p->dKernel + (k0 + t) * filters + f0;
#pragma clang loop unroll(full)
        for (int b = 0; b < FB; b++) {
            const int n = b == FB - 1 ? lanes : W;
            FN(store)(d + b * W, FN(load)(d + b * W, n) + acc[t][b], n);
        }
    }
}

#define DL_KGRAD_CASE(T, FB) case T: FN(kernel_gradient_rows)(p, xs, rowStride, gs, paddedFilters, k0, f0, T, FB, lanes); break;

/// `kernel_gradient_rows` with T from 1 to DL_KGRAD_ROWS1 for one filter vector.
INLINE void FN(kernel_gradient_rows1)(const dl_kernel_gradient *p, const float *xs, ptrdiff_t rowStride,
                                      const float *gs, ptrdiff_t paddedFilters, ptrdiff_t k0, ptrdiff_t f0,
                                      int rows, int lanes) {
    switch (rows) {
    DL_KGRAD_CASE(1, 1) DL_KGRAD_CASE(2, 1) DL_KGRAD_CASE(3, 1) DL_KGRAD_CASE(4, 1) DL_KGRAD_CASE(5, 1)
    DL_KGRAD_CASE(6, 1) DL_KGRAD_CASE(7, 1) DL_KGRAD_CASE(8, 1) DL_KGRAD_CASE(9, 1) DL_KGRAD_CASE(10, 1)
    DL_KGRAD_CASE(11, 1) DL_KGRAD_CASE(12, 1)
#if W == 16
    DL_KGRAD_CASE(13, 1) DL_KGRAD_CASE(14, 1) DL_KGRAD_CASE(15, 1) DL_KGRAD_CASE(16, 1) DL_KGRAD_CASE(17, 1)
    DL_KGRAD_CASE(18, 1) DL_KGRAD_CASE(19, 1) DL_KGRAD_CASE(20, 1) DL_KGRAD_CASE(21, 1) DL_KGRAD_CASE(22, 1)
    DL_KGRAD_CASE(23, 1) DL_KGRAD_CASE(24, 1)
#endif
    default: break;
    }
}

/// `kernel_gradient_rows` with T from 1 to DL_KGRAD_ROWS2 for two filter vectors.
INLINE void FN(kernel_gradient_rows2)(const dl_kernel_gradient *p, const float *xs, ptrdiff_t rowStride,
                                      const float *gs, ptrdiff_t paddedFilters, ptrdiff_t k0, ptrdiff_t f0,
                                      int rows, int lanes) {
    switch (rows) {
    DL_KGRAD_CASE(1, 2) DL_KGRAD_CASE(2, 2) DL_KGRAD_CASE(3, 2) DL_KGRAD_CASE(4, 2) DL_KGRAD_CASE(5, 2)
    DL_KGRAD_CASE(6, 2)
#if W == 16
    DL_KGRAD_CASE(7, 2) DL_KGRAD_CASE(8, 2) DL_KGRAD_CASE(9, 2) DL_KGRAD_CASE(10, 2) DL_KGRAD_CASE(11, 2)
    DL_KGRAD_CASE(12, 2)
#endif
    default: break;
    }
}

#undef DL_KGRAD_CASE

/// Lanes `0 ..< count` of W winner cells at `p`, −1 (no cell) in the others.
INLINE VECI FN(winner_lanes)(const unsigned char *p, int count) {
    unsigned char bytes[W] = {0};
    memcpy(bytes, p, (size_t)count);
    VECI w;
    for (int lane = 0; lane < W; lane++) w[lane] = lane < count ? (int)bytes[lane] : -1;
    return w;
}

/// Sample `n`'s output gradient from the pooled one (see CKernels.h) into `gs`, `paddedFilters` a
/// pixel: every window cell gets its pooled gradient where it is the winner, +0 elsewhere.
INLINE void FN(pooled_gradient)(const dl_kernel_gradient *p, ptrdiff_t n, float *gs, ptrdiff_t paddedFilters) {
    const ptrdiff_t filters = p->filters, pooledPixels = p->pooledHeight * p->pooledWidth;
    const ptrdiff_t poolHeight = p->poolHeight, poolWidth = p->poolWidth;
    if (p->pooledHeight * poolHeight != p->outHeight || p->pooledWidth * poolWidth != p->outWidth) {
        memset(gs, 0, (size_t)(p->outHeight * p->outWidth * paddedFilters) * sizeof(float));
    }
    const float *grad = p->pooledGrad + n * pooledPixels * filters;
    const float *mask = p->pooledMask ? p->pooledMask + n * pooledPixels * filters : NULL;
    const unsigned char *winners = p->winners + n * pooledPixels * filters;
    for (ptrdiff_t py = 0; py < p->pooledHeight; py++) {
        for (ptrdiff_t px = 0; px < p->pooledWidth; px++) {
            const ptrdiff_t i = (py * p->pooledWidth + px) * filters;
            for (ptrdiff_t f = 0; f < paddedFilters; f += W) {
                const int count = f >= filters ? 0 : (filters - f >= W ? W : (int)(filters - f));
                VEC g = count > 0 ? FN(load)(grad + i + f, count) : FN(splat)(0);
                if (mask && count > 0) g = FN(masked)(g, FN(load)(mask + i + f, count));
                const VECI winner = FN(winner_lanes)(winners + i + f, count);
                for (ptrdiff_t cy = 0; cy < poolHeight; cy++) {
                    float *row = gs + ((py * poolHeight + cy) * p->outWidth + px * poolWidth) * paddedFilters + f;
                    for (ptrdiff_t cx = 0; cx < poolWidth; cx++) {
                        const VECI cell = (VECI){0} + (int)(cy * poolWidth + cx);
                        STOREU(row + cx * paddedFilters, (VEC)((VECI)g & (winner == cell)));
                    }
                }
            }
        }
    }
}

/// One sample's gradients: its output gradient masked into `gs` (and summed into dBias), its input
/// zero-bordered into `xs` when the windows reach past it, then the kernel gradient's rows in
/// balanced groups for each block of one or two filter vectors.
INLINE void FN(kernel_gradient_sample)(const dl_kernel_gradient *p, ptrdiff_t n, float *scratch) {
    const ptrdiff_t filters = p->filters, channels = p->channels;
    const ptrdiff_t pixels = p->outHeight * p->outWidth, paddedFilters = dl_conv_kernel_gradient_padded_filters(filters);
    const ptrdiff_t vectors = (filters + W - 1) / W;
    // The masked gradient, and the bias gradient's sums from 0 over the pixels in order.
    float *gs = scratch;
    const float *grad = p->grad ? p->grad + n * pixels * filters : NULL;
    const float *mask = p->mask ? p->mask + n * pixels * filters : NULL;
    const ptrdiff_t columns = paddedFilters / W;
    if (p->pooledGrad) {
        FN(pooled_gradient)(p, n, gs, paddedFilters);
    } else {
        for (ptrdiff_t i = 0; i < pixels; i++) {
            const float *gi = grad + i * filters, *mi = mask ? mask + i * filters : NULL;
            float *out = gs + i * paddedFilters;
            for (ptrdiff_t v = 0; v < columns; v++) {
                const ptrdiff_t f = v * W;
                const int count = f >= filters ? 0 : (filters - f >= W ? W : (int)(filters - f));
                VEC g = count > 0 ? FN(load)(gi + f, count) : FN(splat)(0);
                if (mi && count > 0) g = FN(masked)(g, FN(load)(mi + f, count));
                STOREU(out + f, g);
            }
        }
    }
    for (ptrdiff_t v = 0; p->dBias && v < columns; v++) {
        const ptrdiff_t f = v * W;
        const int count = f >= filters ? 0 : (filters - f >= W ? W : (int)(filters - f));
        if (count == 0) continue;
        VEC sum = FN(splat)(0);
        for (ptrdiff_t i = 0; i < pixels; i++) sum = sum + LOADU(gs + i * paddedFilters + f);
        FN(store)(p->dBias + f, FN(load)(p->dBias + f, count) + sum, count);
    }
    if (!p->dKernel) return;
    // The input: the rows and columns the windows read, zero outside the image.
    const ptrdiff_t rowsRead = (p->outHeight - 1) * p->strideHeight + p->kernelHeight;
    const ptrdiff_t columnsRead = (p->outWidth - 1) * p->strideWidth + p->kernelWidth;
    const float *sample = p->x + n * p->height * p->width * channels;
    const float *xs = sample;
    ptrdiff_t rowStride = p->width * channels;
    if (p->padTop > 0 || p->padLeft > 0 || rowsRead > p->height || columnsRead > p->width) {
        float *padded = gs + pixels * paddedFilters;
        rowStride = columnsRead * channels;
        for (ptrdiff_t r = 0; r < rowsRead; r++) {
            float *row = padded + r * rowStride;
            const ptrdiff_t ih = r - p->padTop;
            memset(row, 0, (size_t)rowStride * sizeof(float));
            if (ih < 0 || ih >= p->height) continue;
            const ptrdiff_t first = p->padLeft;
            const ptrdiff_t last = p->padLeft + p->width < columnsRead ? p->padLeft + p->width : columnsRead;
            if (last > first) {
                memcpy(row + first * channels, sample + ih * p->width * channels,
                       (size_t)((last - first) * channels) * sizeof(float));
            }
        }
        xs = padded;
    }
    const ptrdiff_t patch = p->kernelHeight * p->kernelWidth * channels;
    for (ptrdiff_t v = 0; v < vectors; ) {
        const int FB = vectors - v >= 2 ? 2 : 1;
        const ptrdiff_t f0 = v * W;
        const int lanes = filters - (f0 + (FB - 1) * W) >= W ? W : (int)(filters - (f0 + (FB - 1) * W));
        const ptrdiff_t most = FB == 2 ? DL_KGRAD_ROWS2 : DL_KGRAD_ROWS1;
        const ptrdiff_t groups = (patch + most - 1) / most, rows = (patch + groups - 1) / groups;
        for (ptrdiff_t k0 = 0; k0 < patch; k0 += rows) {
            const int count = (int)(patch - k0 < rows ? patch - k0 : rows);
            if (FB == 2) FN(kernel_gradient_rows2)(p, xs, rowStride, gs, paddedFilters, k0, f0, count, lanes);
            else FN(kernel_gradient_rows1)(p, xs, rowStride, gs, paddedFilters, k0, f0, count, lanes);
        }
        v += FB;
    }
}

/// Samples `first ..< last` (see CKernels.h).
KERNEL void FN(conv_kernel_gradient)(const dl_kernel_gradient *p, ptrdiff_t first, ptrdiff_t last, float *scratch) {
    for (ptrdiff_t n = first; n < last; n++) FN(kernel_gradient_sample)(p, n, scratch);
}
