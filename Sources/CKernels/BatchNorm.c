// BatchNormalization's channels-last element-wise passes (CKernels.h), compiled once per
// instruction set from BatchNormTemplate.h. No FMA contraction: every variant must round as the
// Swift path does.
#pragma STDC FP_CONTRACT OFF
#pragma clang fp contract(off)

#include "CKernels.h"

#define DL_TEMPLATE "BatchNormTemplate.h"
#include "Variants.h"
#undef DL_TEMPLATE

void dl_batchnorm_normalize(const float *x, ptrdiff_t rows, ptrdiff_t channels, const float *mean,
                            const float *scale, const float *shift, int relu, float *y) {
    switch (dl_kernels_isa()) {
#ifdef DL_X86
    case DL_ISA_AVX512: dl_avx512_batchnorm_normalize(x, rows, channels, mean, scale, shift, relu, y); return;
    case DL_ISA_AVX2: dl_avx2_batchnorm_normalize(x, rows, channels, mean, scale, shift, relu, y); return;
#endif
    default: dl_portable_batchnorm_normalize(x, rows, channels, mean, scale, shift, relu, y); return;
    }
}

void dl_batchnorm_input_gradient(const float *g, const float *x, const float *mask, ptrdiff_t rows,
                                 ptrdiff_t channels, const float *mean, const float *a, const float *b,
                                 const float *d, float *dx) {
    switch (dl_kernels_isa()) {
#ifdef DL_X86
    case DL_ISA_AVX512: dl_avx512_batchnorm_input_gradient(g, x, mask, rows, channels, mean, a, b, d, dx); return;
    case DL_ISA_AVX2: dl_avx2_batchnorm_input_gradient(g, x, mask, rows, channels, mean, a, b, d, dx); return;
#endif
    default: dl_portable_batchnorm_input_gradient(g, x, mask, rows, channels, mean, a, b, d, dx); return;
    }
}
