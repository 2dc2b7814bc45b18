// The direct convolution (CKernels.h), compiled once per instruction set from DirectConvTemplate.h.
// Unlike the other kernels it multiplies and adds in one rounding (explicit fused multiply-adds:
// __builtin_elementwise_fma, a libm call per lane in the portable variant), so that every variant
// still gives the same bits; FMA contraction of anything else stays off.
#pragma STDC FP_CONTRACT OFF
#pragma clang fp contract(off)

#include "CKernels.h"

// Output pixels computed together for groups of 4, 3, 2 and 1 filter vectors: as many
// accumulators as the registers hold beside the filter vectors and a broadcast (32 registers
// with AVX-512, 16 otherwise).
#define DL_DIRECT_PB4 (W == 16 ? 6 : 2)
#define DL_DIRECT_PB3 (W == 16 ? 8 : 3)
#define DL_DIRECT_PB2 (W == 16 ? 12 : 6)
#define DL_DIRECT_PB1 12
/// The largest of them (the accumulators' array size; FB is at most 4).
#define DL_DIRECT_PB_MAX 12

#define DL_TEMPLATE "DirectConvTemplate.h"
#include "Variants.h"
#undef DL_TEMPLATE

void dl_conv_direct(const dl_direct_conv *conv, ptrdiff_t sample, ptrdiff_t rowStart, ptrdiff_t rowEnd) {
    switch (dl_kernels_isa()) {
#ifdef DL_X86
    case DL_ISA_AVX512: dl_avx512_conv_direct(conv, sample, rowStart, rowEnd); break;
    case DL_ISA_AVX2: dl_avx2_conv_direct(conv, sample, rowStart, rowEnd); break;
#endif
    default: dl_portable_conv_direct(conv, sample, rowStart, rowEnd); break;
    }
}

void dl_gemm_direct(const float *a, int transposeA, const float *b, float *c, ptrdiff_t rows, ptrdiff_t inner,
                    ptrdiff_t columns, int accumulate) {
    // A 1×1 convolution of a one-row image `rows` pixels wide with `inner` channels.
    dl_direct_conv product = {
        .x = a, .height = 1, .width = rows, .channels = inner,
        .kernel = b, .kernelHeight = 1, .kernelWidth = 1, .filters = columns,
        .bias = NULL, .relu = 0, .strideHeight = 1, .strideWidth = 1, .padTop = 0, .padLeft = 0,
        .outHeight = 1, .outWidth = rows, .out = c,
        .pixelStride = transposeA ? 1 : inner, .channelStride = transposeA ? rows : 1, .accumulate = accumulate,
    };
    dl_conv_direct(&product, 0, 0, 1);
}
