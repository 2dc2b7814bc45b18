// Winograd's input and output transforms and the output transform's adjoint (CKernels.h), compiled once per instruction set from
// WinogradTemplate.h: portable C on 8-lane vectors, AVX2 on 8 lanes, AVX-512 on 16 lanes.
// Each variant does the same operations in the same order on every element, so FMA contraction
// must stay off: it would fuse `4·d0 − 5·d2` and the like and change the roundings.
#pragma STDC FP_CONTRACT OFF
#pragma clang fp contract(off)

#include "CKernels.h"

#define DL_TEMPLATE "WinogradTemplate.h"
#include "Variants.h"
#undef DL_TEMPLATE

// MARK: - Entry points

void dl_winograd_input(int tile, const float *x, const float *mask, ptrdiff_t height, ptrdiff_t width,
                       ptrdiff_t channels, ptrdiff_t padTop, ptrdiff_t padLeft, ptrdiff_t tileRows,
                       ptrdiff_t tileColumns, float *v, ptrdiff_t cellStride) {
    typedef void Kernel(const float *, const float *, ptrdiff_t, ptrdiff_t, ptrdiff_t, ptrdiff_t, ptrdiff_t,
                        ptrdiff_t, ptrdiff_t, float *, ptrdiff_t);
    Kernel *kernel;
    switch (dl_kernels_isa()) {
#ifdef DL_X86
    case DL_ISA_AVX512: kernel = tile == 2 ? dl_avx512_winograd_input2 : dl_avx512_winograd_input4; break;
    case DL_ISA_AVX2: kernel = tile == 2 ? dl_avx2_winograd_input2 : dl_avx2_winograd_input4; break;
#endif
    default: kernel = tile == 2 ? dl_portable_winograd_input2 : dl_portable_winograd_input4; break;
    }
    kernel(x, mask, height, width, channels, padTop, padLeft, tileRows, tileColumns, v, cellStride);
}

void dl_winograd_output(int tile, const float *product, ptrdiff_t cellStride, ptrdiff_t filters,
                        ptrdiff_t outHeight, ptrdiff_t outWidth, ptrdiff_t tileRows, ptrdiff_t tileColumns,
                        const float *bias, const float *residual, int relu, float *out) {
    typedef void Kernel(const float *, ptrdiff_t, ptrdiff_t, ptrdiff_t, ptrdiff_t, ptrdiff_t, ptrdiff_t,
                        const float *, const float *, int, float *);
    Kernel *kernel;
    switch (dl_kernels_isa()) {
#ifdef DL_X86
    case DL_ISA_AVX512: kernel = tile == 2 ? dl_avx512_winograd_output2 : dl_avx512_winograd_output4; break;
    case DL_ISA_AVX2: kernel = tile == 2 ? dl_avx2_winograd_output2 : dl_avx2_winograd_output4; break;
#endif
    default: kernel = tile == 2 ? dl_portable_winograd_output2 : dl_portable_winograd_output4; break;
    }
    kernel(product, cellStride, filters, outHeight, outWidth, tileRows, tileColumns, bias, residual, relu, out);
}

void dl_winograd_output_gradient(int tile, const float *grad, const float *mask, ptrdiff_t filters,
                                 ptrdiff_t outHeight, ptrdiff_t outWidth, ptrdiff_t tileRows, ptrdiff_t tileColumns,
                                 float *dm, ptrdiff_t cellStride, float *biasSums) {
    typedef void Kernel(const float *, const float *, ptrdiff_t, ptrdiff_t, ptrdiff_t, ptrdiff_t, ptrdiff_t,
                        float *, ptrdiff_t, float *);
    Kernel *kernel;
    switch (dl_kernels_isa()) {
#ifdef DL_X86
    case DL_ISA_AVX512:
        kernel = tile == 2 ? dl_avx512_winograd_output_gradient2 : dl_avx512_winograd_output_gradient4;
        break;
    case DL_ISA_AVX2: kernel = tile == 2 ? dl_avx2_winograd_output_gradient2 : dl_avx2_winograd_output_gradient4; break;
#endif
    default: kernel = tile == 2 ? dl_portable_winograd_output_gradient2 : dl_portable_winograd_output_gradient4; break;
    }
    kernel(grad, mask, filters, outHeight, outWidth, tileRows, tileColumns, dm, cellStride, biasSums);
}
