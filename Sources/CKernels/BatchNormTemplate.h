// BatchNormalization's channels-last element-wise passes of one instruction set, included by
// BatchNorm.c through Variants.h, once per variant (its macros are described there). The formulas
// are BatchNormKernels+ChannelsLast.swift's, term for term and in the same order, so that every
// variant matches the Swift path bit for bit.

/// `dl_batchnorm_normalize`.
KERNEL void FN(batchnorm_normalize)(const float *x, ptrdiff_t rows, ptrdiff_t channels, const float *mean,
                                    const float *scale, const float *shift, int relu, float *y) {
    for (ptrdiff_t r = 0; r < rows; r++) {
        const float *src = x + r * channels;
        float *dst = y + r * channels;
        for (ptrdiff_t c = 0; c < channels; c += W) {
            int lanes = channels - c < W ? (int)(channels - c) : W;
            VEC v;
            if (lanes == W) v = (LOADU(src + c) - LOADU(mean + c)) * LOADU(scale + c) + LOADU(shift + c);
            else v = (LOADN(src + c, lanes) - LOADN(mean + c, lanes)) * LOADN(scale + c, lanes) + LOADN(shift + c, lanes);
            if (relu) v = FN(relu)(v);
            FN(store)(dst + c, v, lanes);
        }
    }
}

/// `dl_batchnorm_input_gradient`.
KERNEL void FN(batchnorm_input_gradient)(const float *g, const float *x, const float *mask, ptrdiff_t rows,
                                         ptrdiff_t channels, const float *mean, const float *a, const float *b,
                                         const float *d, float *dx) {
    for (ptrdiff_t r = 0; r < rows; r++) {
        ptrdiff_t row = r * channels;
        for (ptrdiff_t c = 0; c < channels; c += W) {
            int lanes = channels - c < W ? (int)(channels - c) : W;
            ptrdiff_t offset = row + c;
            VEC v;
            if (lanes == W) {
                VEC gv = LOADU(g + offset);
                if (mask) gv = FN(masked)(gv, LOADU(mask + offset));
                v = LOADU(a + c) * gv + LOADU(b + c) * (LOADU(x + offset) - LOADU(mean + c)) + LOADU(d + c);
                STOREU(dx + offset, v);
            } else {
                VEC gv = LOADN(g + offset, lanes);
                if (mask) gv = FN(masked)(gv, LOADN(mask + offset, lanes));
                v = LOADN(a + c, lanes) * gv + LOADN(b + c, lanes) * (LOADN(x + offset, lanes) - LOADN(mean + c, lanes))
                    + LOADN(d + c, lanes);
                STOREN(dx + offset, v, lanes);
            }
        }
    }
}
