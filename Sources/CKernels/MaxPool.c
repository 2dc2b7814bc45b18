// Max pooling over disjoint windows and its backward pass (CKernels.h), compiled once per
// instruction set from MaxPoolTemplate.h.

#include "CKernels.h"

#define DL_TEMPLATE "MaxPoolTemplate.h"
#include "Variants.h"
#undef DL_TEMPLATE

void dl_maxpool_disjoint(const dl_maxpool *pool, ptrdiff_t first, ptrdiff_t last) {
    switch (dl_kernels_isa()) {
#ifdef DL_X86
    case DL_ISA_AVX512: dl_avx512_maxpool_disjoint(pool, first, last); return;
    case DL_ISA_AVX2: dl_avx2_maxpool_disjoint(pool, first, last); return;
#endif
    default: dl_portable_maxpool_disjoint(pool, first, last); return;
    }
}

void dl_maxpool_disjoint_backward(const dl_maxpool_backward *pool, ptrdiff_t first, ptrdiff_t last) {
    switch (dl_kernels_isa()) {
#ifdef DL_X86
    case DL_ISA_AVX512: dl_avx512_maxpool_disjoint_backward(pool, first, last); return;
    case DL_ISA_AVX2: dl_avx2_maxpool_disjoint_backward(pool, first, last); return;
#endif
    default: dl_portable_maxpool_disjoint_backward(pool, first, last); return;
    }
}
