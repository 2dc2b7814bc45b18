// The vector-matrix product (CKernels.h), compiled once per instruction set from
// VectorProductTemplate.h. Like the direct convolution it multiplies and adds in one rounding
// (explicit fused multiply-adds), so that every variant gives the same bits; FMA contraction of
// anything else stays off.
#pragma STDC FP_CONTRACT OFF
#pragma clang fp contract(off)

#include "CKernels.h"

#define DL_TEMPLATE "VectorProductTemplate.h"
#include "Variants.h"
#undef DL_TEMPLATE

void dl_vector_product(const float *x, const float *w, ptrdiff_t inner, ptrdiff_t rowStride, ptrdiff_t columns,
                       float *y, int accumulate) {
    switch (dl_kernels_isa()) {
#ifdef DL_X86
    case DL_ISA_AVX512: dl_avx512_vector_product(x, w, inner, rowStride, columns, y, accumulate); break;
    case DL_ISA_AVX2: dl_avx2_vector_product(x, w, inner, rowStride, columns, y, accumulate); break;
#endif
    default: dl_portable_vector_product(x, w, inner, rowStride, columns, y, accumulate); break;
    }
}
