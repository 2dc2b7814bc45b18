// Winograd's input and output transforms (CKernels.h), compiled once per instruction set from
// WinogradTemplate.h: portable C on 4-lane vectors, AVX2 on 8 lanes, AVX-512 on 16 lanes.
// Each variant does the same operations in the same order on every element, so FMA contraction
// must stay off: it would fuse `4·d0 − 5·d2` and the like and change the roundings.
#pragma STDC FP_CONTRACT OFF
#pragma clang fp contract(off)

#include "CKernels.h"

#include <string.h>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define DL_X86 1
#endif

// MARK: - Portable: 4 lanes, no target attribute (SSE2 on x86-64, NEON on arm64)

typedef float dl_f4 __attribute__((vector_size(16)));
typedef int dl_i4 __attribute__((vector_size(16)));

static inline __attribute__((always_inline)) dl_f4 dl_portable_loadu(const float *p) {
    dl_f4 v;
    memcpy(&v, p, sizeof v);
    return v;
}

static inline __attribute__((always_inline)) dl_f4 dl_portable_loadn(const float *p, int n) {
    dl_f4 v = {0};
    memcpy(&v, p, (size_t)n * sizeof(float));
    return v;
}

static inline __attribute__((always_inline)) void dl_portable_storeu(float *p, dl_f4 v) { memcpy(p, &v, sizeof v); }

static inline __attribute__((always_inline)) void dl_portable_storen(float *p, dl_f4 v, int n) {
    memcpy(p, &v, (size_t)n * sizeof(float));
}

#define VEC dl_f4
#define VECI dl_i4
#define W 4
#define FN(name) dl_portable_##name
#define INLINE static inline __attribute__((always_inline))
#define KERNEL static
#define LOADU(p) dl_portable_loadu(p)
#define LOADN(p, n) dl_portable_loadn(p, n)
#define STOREU(p, v) dl_portable_storeu(p, v)
#define STOREN(p, v, n) dl_portable_storen(p, v, n)
#include "WinogradTemplate.h"
#undef VEC
#undef VECI
#undef W
#undef FN
#undef INLINE
#undef KERNEL
#undef LOADU
#undef LOADN
#undef STOREU
#undef STOREN

#ifdef DL_X86

// MARK: - AVX2: 8 lanes

#define DL_AVX2 __attribute__((target("avx2,fma")))

typedef float dl_f8 __attribute__((vector_size(32)));
typedef int dl_i8 __attribute__((vector_size(32)));

static inline __attribute__((always_inline)) DL_AVX2 __m256i dl_avx2_lanes(int n) {
    return _mm256_cmpgt_epi32(_mm256_set1_epi32(n), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
}

#define VEC dl_f8
#define VECI dl_i8
#define W 8
#define FN(name) dl_avx2_##name
#define INLINE static inline __attribute__((always_inline)) DL_AVX2
#define KERNEL static DL_AVX2
#define LOADU(p) ((dl_f8)_mm256_loadu_ps(p))
#define LOADN(p, n) ((dl_f8)_mm256_maskload_ps(p, dl_avx2_lanes(n)))
#define STOREU(p, v) _mm256_storeu_ps(p, (__m256)(v))
#define STOREN(p, v, n) _mm256_maskstore_ps(p, dl_avx2_lanes(n), (__m256)(v))
#include "WinogradTemplate.h"
#undef VEC
#undef VECI
#undef W
#undef FN
#undef INLINE
#undef KERNEL
#undef LOADU
#undef LOADN
#undef STOREU
#undef STOREN

// MARK: - AVX-512: 16 lanes

#define DL_AVX512 __attribute__((target("avx512f")))

typedef float dl_f16 __attribute__((vector_size(64)));
typedef int dl_i16 __attribute__((vector_size(64)));

#define VEC dl_f16
#define VECI dl_i16
#define W 16
#define FN(name) dl_avx512_##name
#define INLINE static inline __attribute__((always_inline)) DL_AVX512
#define KERNEL static DL_AVX512
#define LOADU(p) ((dl_f16)_mm512_loadu_ps(p))
#define LOADN(p, n) ((dl_f16)_mm512_maskz_loadu_ps((__mmask16)((1u << (n)) - 1), p))
#define STOREU(p, v) _mm512_storeu_ps(p, (__m512)(v))
#define STOREN(p, v, n) _mm512_mask_storeu_ps(p, (__mmask16)((1u << (n)) - 1), (__m512)(v))
#include "WinogradTemplate.h"
#undef VEC
#undef VECI
#undef W
#undef FN
#undef INLINE
#undef KERNEL
#undef LOADU
#undef LOADN
#undef STOREU
#undef STOREN

#endif

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
                        const float *bias, int relu, float *out) {
    typedef void Kernel(const float *, ptrdiff_t, ptrdiff_t, ptrdiff_t, ptrdiff_t, ptrdiff_t, ptrdiff_t,
                        const float *, int, float *);
    Kernel *kernel;
    switch (dl_kernels_isa()) {
#ifdef DL_X86
    case DL_ISA_AVX512: kernel = tile == 2 ? dl_avx512_winograd_output2 : dl_avx512_winograd_output4; break;
    case DL_ISA_AVX2: kernel = tile == 2 ? dl_avx2_winograd_output2 : dl_avx2_winograd_output4; break;
#endif
    default: kernel = tile == 2 ? dl_portable_winograd_output2 : dl_portable_winograd_output4; break;
    }
    kernel(product, cellStride, filters, outHeight, outWidth, tileRows, tileColumns, bias, relu, out);
}
