// The non-zero pixel test (CKernels.h), compiled once per instruction set from PixelsTemplate.h.

#include "CKernels.h"

#define DL_TEMPLATE "PixelsTemplate.h"
#include "Variants.h"
#undef DL_TEMPLATE

ptrdiff_t dl_nonzero_pixels(const float *x, ptrdiff_t pixels, ptrdiff_t channels, unsigned char *flags) {
    switch (dl_kernels_isa()) {
#ifdef DL_X86
    case DL_ISA_AVX512: return dl_avx512_nonzero_pixels(x, pixels, channels, flags);
    case DL_ISA_AVX2: return dl_avx2_nonzero_pixels(x, pixels, channels, flags);
#endif
    default: return dl_portable_nonzero_pixels(x, pixels, channels, flags);
    }
}
