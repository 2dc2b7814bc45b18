// The optimizers' element-wise updates (CKernels.h), compiled once per instruction set from
// OptimizerTemplate.h. No FMA contraction: every variant must round as the Swift path does.
#pragma STDC FP_CONTRACT OFF
#pragma clang fp contract(off)

#include "CKernels.h"

#define DL_TEMPLATE "OptimizerTemplate.h"
#include "Variants.h"
#undef DL_TEMPLATE

void dl_adam_update(const dl_adam_step *step, ptrdiff_t first, ptrdiff_t end) {
    switch (dl_kernels_isa()) {
#ifdef DL_X86
    case DL_ISA_AVX512: dl_avx512_adam_update(step, first, end); return;
    case DL_ISA_AVX2: dl_avx2_adam_update(step, first, end); return;
#endif
    default: dl_portable_adam_update(step, first, end); return;
    }
}

void dl_sgd_update(const dl_sgd_step *step, ptrdiff_t first, ptrdiff_t end) {
    switch (dl_kernels_isa()) {
#ifdef DL_X86
    case DL_ISA_AVX512: dl_avx512_sgd_update(step, first, end); return;
    case DL_ISA_AVX2: dl_avx2_sgd_update(step, first, end); return;
#endif
    default: dl_portable_sgd_update(step, first, end); return;
    }
}
