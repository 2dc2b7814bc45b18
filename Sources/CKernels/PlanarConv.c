// The one-channel convolution with output pixels in the lanes (CKernels.h), compiled once per
// instruction set from PlanarConvTemplate.h. Like the direct convolution it multiplies and adds in
// one rounding (explicit fused multiply-adds), so that every variant gives the same bits, those of
// dl_conv_direct; FMA contraction of anything else stays off.
#pragma STDC FP_CONTRACT OFF
#pragma clang fp contract(off)

#include "CKernels.h"

#define DL_TEMPLATE "PlanarConvTemplate.h"
#include "Variants.h"
#undef DL_TEMPLATE

ptrdiff_t dl_conv_planar_scratch(const dl_direct_conv *conv) {
    switch (dl_kernels_isa()) {
#ifdef DL_X86
    case DL_ISA_AVX512: return dl_avx512_conv_planar_scratch(conv);
    case DL_ISA_AVX2: return dl_avx2_conv_planar_scratch(conv);
#endif
    default: return dl_portable_conv_planar_scratch(conv);
    }
}

void dl_conv_planar(const dl_direct_conv *conv, ptrdiff_t first, ptrdiff_t last, ptrdiff_t rowStart, ptrdiff_t rowEnd,
                    float *scratch) {
    switch (dl_kernels_isa()) {
#ifdef DL_X86
    case DL_ISA_AVX512: dl_avx512_conv_planar(conv, first, last, rowStart, rowEnd, scratch); break;
    case DL_ISA_AVX2: dl_avx2_conv_planar(conv, first, last, rowStart, rowEnd, scratch); break;
#endif
    default: dl_portable_conv_planar(conv, first, last, rowStart, rowEnd, scratch); break;
    }
}
