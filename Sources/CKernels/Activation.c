// The dense layer's fused activations in place and their backward passes (CKernels.h), compiled
// once per instruction set from ActivationTemplate.h. No FMA contraction: every variant must round
// as the Swift path does.
#pragma STDC FP_CONTRACT OFF
#pragma clang fp contract(off)

#include "CKernels.h"

#define DL_TEMPLATE "ActivationTemplate.h"
#include "Variants.h"
#undef DL_TEMPLATE

void dl_sigmoid_inplace(float *y, ptrdiff_t count) {
    switch (dl_kernels_isa()) {
#ifdef DL_X86
    case DL_ISA_AVX512: dl_avx512_sigmoid_inplace(y, count); return;
    case DL_ISA_AVX2: dl_avx2_sigmoid_inplace(y, count); return;
#endif
    default: dl_portable_sigmoid_inplace(y, count); return;
    }
}

void dl_relu_inplace(float *y, ptrdiff_t count) {
    switch (dl_kernels_isa()) {
#ifdef DL_X86
    case DL_ISA_AVX512: dl_avx512_relu_inplace(y, count); return;
    case DL_ISA_AVX2: dl_avx2_relu_inplace(y, count); return;
#endif
    default: dl_portable_relu_inplace(y, count); return;
    }
}

void dl_sigmoid_backward(const float *g, const float *y, float *dz, ptrdiff_t count) {
    switch (dl_kernels_isa()) {
#ifdef DL_X86
    case DL_ISA_AVX512: dl_avx512_sigmoid_backward(g, y, dz, count); return;
    case DL_ISA_AVX2: dl_avx2_sigmoid_backward(g, y, dz, count); return;
#endif
    default: dl_portable_sigmoid_backward(g, y, dz, count); return;
    }
}

void dl_relu_backward(const float *g, const float *y, float *dz, ptrdiff_t count) {
    switch (dl_kernels_isa()) {
#ifdef DL_X86
    case DL_ISA_AVX512: dl_avx512_relu_backward(g, y, dz, count); return;
    case DL_ISA_AVX2: dl_avx2_relu_backward(g, y, dz, count); return;
#endif
    default: dl_portable_relu_backward(g, y, dz, count); return;
    }
}
