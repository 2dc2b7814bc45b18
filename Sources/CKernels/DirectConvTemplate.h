// The direct convolution (CKernels.h: dl_conv_direct), one instruction-set variant (Variants.h).
//
// Lanes are filters: an output pixel's filters are FB vectors of W lanes, and PB consecutive
// pixels of an output row are computed together, their PB·FB accumulators in registers, each
// input scalar broadcast once per tap and multiplied into all FB vectors of filters. Every
// output's sum runs from 0 over its window's taps inside the input in (kh, kw, c) order, one fused
// multiply-add a tap, whatever the blocking and the variant; then the bias is added, then ReLU.

/// The filter vector `b` of `FB` at `p` (`tail` lanes when it is the last and `masked`, else W).
INLINE VEC FN(filter_vector)(const float *p, int b, const int FB, const int masked, int tail) {
    return masked && b == FB - 1 ? LOADN(p + b * W, tail) : LOADU(p + b * W);
}

/// Outputs `ow0 ..< ow0 + PB` of output row `oh` of one sample, filters `f0 ..< f0 + FB·W` (the last
/// vector `tail` lanes when `masked`), summed over the window's rows `khLo ..< khHi` and columns
/// `kwLo ..< kwHi` (the taps inside the input).
INLINE void FN(direct_pixels)(const dl_direct_conv *conv, const float *sample, float *outSample,
                              ptrdiff_t oh, ptrdiff_t ow0, ptrdiff_t khLo, ptrdiff_t khHi, ptrdiff_t kwLo,
                              ptrdiff_t kwHi, ptrdiff_t f0, const int FB, const int PB, const int masked, int tail,
                              const int unitStride) {
    const ptrdiff_t channels = conv->channels, filters = conv->filters, channelStride = conv->channelStride;
    const ptrdiff_t pixelStep = conv->strideWidth * conv->pixelStride;
    // Arrays of the largest sizes, not [PB][FB]: with those function parameters as sizes they would be
    // variable-length arrays, and clang kept `w` on a stack allocated afresh at every channel (4
    // stores and loads a step), even after inlining made the sizes constant.
    VEC acc[DL_DIRECT_PB_MAX][4];
    _Static_assert(DL_DIRECT_PB1 <= DL_DIRECT_PB_MAX && DL_DIRECT_PB2 <= DL_DIRECT_PB_MAX &&
                   DL_DIRECT_PB3 <= DL_DIRECT_PB_MAX && DL_DIRECT_PB4 <= DL_DIRECT_PB_MAX, "accumulators past the array");
#pragma clang loop unroll(full)
    for (int i = 0; i < PB; i++) {
#pragma clang loop unroll(full)
        for (int b = 0; b < FB; b++) acc[i][b] = FN(splat)(0);
    }
    for (ptrdiff_t kh = khLo; kh < khHi; kh++) {
        const float *inputRow = sample + (oh * conv->strideHeight + kh - conv->padTop) * conv->width * conv->pixelStride;
        for (ptrdiff_t kw = kwLo; kw < kwHi; kw++) {
            const float *xp = inputRow + (ow0 * conv->strideWidth + kw - conv->padLeft) * conv->pixelStride;
            const float *wp = conv->kernel + (kh * conv->kernelWidth + kw) * channels * filters + f0;
            const float *xc = xp;
            for (ptrdiff_t c = 0; c < channels; c++, wp += filters, xc += unitStride ? 1 : channelStride) {
                VEC w[4];
#pragma clang loop unroll(full)
                for (int b = 0; b < FB; b++) w[b] = FN(filter_vector)(wp, b, FB, masked, tail);
#pragma clang loop unroll(full)
                for (int i = 0; i < PB; i++) {
                    VEC xv = FN(splat)(xc[i * pixelStep]);
#pragma clang loop unroll(full)
                    for (int b = 0; b < FB; b++) acc[i][b] = __builtin_elementwise_fma(xv, w[b], acc[i][b]);
                }
            }
        }
    }
    VEC bias[4];
#pragma clang loop unroll(full)
    for (int b = 0; b < FB; b++) {
        bias[b] = conv->bias ? FN(filter_vector)(conv->bias + f0, b, FB, masked, tail) : FN(splat)(0);
    }
#pragma clang loop unroll(full)
    for (int i = 0; i < PB; i++) {
        float *o = outSample + (oh * conv->outWidth + ow0 + i) * filters + f0;
#pragma clang loop unroll(full)
        for (int b = 0; b < FB; b++) {
            VEC v = conv->bias ? acc[i][b] + bias[b] : acc[i][b];
            if (conv->relu) v = FN(relu)(v);
            if (conv->accumulate) v = FN(filter_vector)(o, b, FB, masked, tail) + v;
            if (masked && b == FB - 1) STOREN(o + b * W, v, tail); else STOREU(o + b * W, v);
        }
    }
}

/// Output row `oh` of one sample, filters `f0 ..< f0 + FB·W` (see `direct_pixels`): the pixels
/// whose window lies inside the input's columns PB (then 8, 4, 2, 1) at a time, the others (at the
/// borders) one at a time with their window clipped.
INLINE void FN(direct_row)(const dl_direct_conv *conv, const float *sample, float *outSample, ptrdiff_t oh,
                           ptrdiff_t f0, const int FB, const int PB, const int masked, int tail, const int unitStride) {
    const ptrdiff_t ih0 = oh * conv->strideHeight - conv->padTop;
    const ptrdiff_t khLo = ih0 < 0 ? -ih0 : 0;
    const ptrdiff_t khHi = ih0 + conv->kernelHeight > conv->height ? conv->height - ih0 : conv->kernelHeight;
    const ptrdiff_t sw = conv->strideWidth, kernelWidth = conv->kernelWidth;
    // Interior columns: ow·sw − padLeft ≥ 0 and ow·sw − padLeft + KW ≤ width.
    ptrdiff_t first = (conv->padLeft + sw - 1) / sw;
    ptrdiff_t last = conv->width - kernelWidth + conv->padLeft >= 0
        ? (conv->width - kernelWidth + conv->padLeft) / sw + 1 : 0;
    if (first > conv->outWidth) first = conv->outWidth;
    if (last > conv->outWidth) last = conv->outWidth;
    if (last < first) last = first;
    for (ptrdiff_t ow = 0; ow < conv->outWidth; ) {
        if (ow >= first && ow < last) {
            if (last - ow >= PB) {
                FN(direct_pixels)(conv, sample, outSample, oh, ow, khLo, khHi, 0, kernelWidth, f0, FB, PB, masked, tail, unitStride);
                ow += PB;
            } else if (PB > 8 && last - ow >= 8) {
                FN(direct_pixels)(conv, sample, outSample, oh, ow, khLo, khHi, 0, kernelWidth, f0, FB, 8, masked, tail, unitStride);
                ow += 8;
            } else if (PB > 4 && last - ow >= 4) {
                FN(direct_pixels)(conv, sample, outSample, oh, ow, khLo, khHi, 0, kernelWidth, f0, FB, 4, masked, tail, unitStride);
                ow += 4;
            } else if (PB > 2 && last - ow >= 2) {
                // Two chains of fused multiply-adds instead of one: a lone pixel waits out each FMA's latency.
                FN(direct_pixels)(conv, sample, outSample, oh, ow, khLo, khHi, 0, kernelWidth, f0, FB, 2, masked, tail, unitStride);
                ow += 2;
            } else {
                FN(direct_pixels)(conv, sample, outSample, oh, ow, khLo, khHi, 0, kernelWidth, f0, FB, 1, masked, tail, unitStride);
                ow += 1;
            }
        } else {
            const ptrdiff_t iw0 = ow * sw - conv->padLeft;
            const ptrdiff_t kwLo = iw0 < 0 ? -iw0 : 0;
            const ptrdiff_t kwHi = iw0 + kernelWidth > conv->width ? conv->width - iw0 : kernelWidth;
            FN(direct_pixels)(conv, sample, outSample, oh, ow, khLo, khHi, kwLo, kwHi, f0, FB, 1, masked, tail, unitStride);
            ow += 1;
        }
    }
}

/// `conv_direct` for channels `unitStride` ? 1 : `conv->channelStride` scalars apart.
INLINE void FN(direct_rows)(const dl_direct_conv *conv, ptrdiff_t n, ptrdiff_t rowStart, ptrdiff_t rowEnd,
                            const int unitStride) {
    const float *sample = conv->x + n * conv->height * conv->width * conv->pixelStride;
    float *outSample = conv->out + n * conv->outHeight * conv->outWidth * conv->filters;
    const ptrdiff_t fullVectors = conv->filters / W;
    const int tail = (int)(conv->filters - fullVectors * W);
    for (ptrdiff_t oh = rowStart; oh < rowEnd; oh++) {
        ptrdiff_t f0 = 0;
        for (ptrdiff_t left = fullVectors; left > 0; ) {
            const ptrdiff_t group = left >= 4 ? 4 : left;
            switch (group) {
            case 4: FN(direct_row)(conv, sample, outSample, oh, f0, 4, DL_DIRECT_PB4, 0, 0, unitStride); break;
            case 3: FN(direct_row)(conv, sample, outSample, oh, f0, 3, DL_DIRECT_PB3, 0, 0, unitStride); break;
            case 2: FN(direct_row)(conv, sample, outSample, oh, f0, 2, DL_DIRECT_PB2, 0, 0, unitStride); break;
            default: FN(direct_row)(conv, sample, outSample, oh, f0, 1, DL_DIRECT_PB1, 0, 0, unitStride); break;
            }
            f0 += group * W;
            left -= group;
        }
        if (tail > 0) FN(direct_row)(conv, sample, outSample, oh, f0, 1, DL_DIRECT_PB1, 1, tail, unitStride);
    }
}

/// Output rows `rowStart ..< rowEnd` of sample `n`: the filters in groups of 4 vectors (the
/// last group 1 to 4), a partial last vector on its own; compiled apart for channels side by
/// side (an image) and for channels `channelStride` apart (a transposed matrix).
KERNEL void FN(conv_direct)(const dl_direct_conv *conv, ptrdiff_t n, ptrdiff_t rowStart, ptrdiff_t rowEnd) {
    if (conv->channelStride == 1) FN(direct_rows)(conv, n, rowStart, rowEnd, 1);
    else FN(direct_rows)(conv, n, rowStart, rowEnd, 0);
}
