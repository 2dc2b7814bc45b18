// A convolution's kernel and bias gradients without an im2col matrix (CKernels.h), compiled once per
// instruction set from KernelGradientTemplate.h. Like the direct convolution it multiplies and adds
// in one rounding (explicit fused multiply-adds, a libm call per lane in the portable variant), so
// that every variant gives the same bits; FMA contraction of anything else stays off.
#pragma STDC FP_CONTRACT OFF
#pragma clang fp contract(off)

#include "CKernels.h"

#define DL_TEMPLATE "KernelGradientTemplate.h"
#include "Variants.h"
#undef DL_TEMPLATE

ptrdiff_t dl_conv_kernel_gradient_padded_filters(ptrdiff_t filters) { return (filters + 15) / 16 * 16; }

ptrdiff_t dl_conv_kernel_gradient_scratch(const dl_kernel_gradient *p) {
    const ptrdiff_t rowsRead = (p->outHeight - 1) * p->strideHeight + p->kernelHeight;
    const ptrdiff_t columnsRead = (p->outWidth - 1) * p->strideWidth + p->kernelWidth;
    return p->outHeight * p->outWidth * dl_conv_kernel_gradient_padded_filters(p->filters)
        + rowsRead * columnsRead * p->channels;
}

void dl_conv_kernel_gradient(const dl_kernel_gradient *p, ptrdiff_t first, ptrdiff_t last, float *scratch) {
    switch (dl_kernels_isa()) {
#ifdef DL_X86
    case DL_ISA_AVX512: dl_avx512_conv_kernel_gradient(p, first, last, scratch); return;
    case DL_ISA_AVX2: dl_avx2_conv_kernel_gradient(p, first, last, scratch); return;
#endif
    default: dl_portable_conv_kernel_gradient(p, first, last, scratch); return;
    }
}
