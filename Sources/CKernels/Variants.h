// The kernels' instruction-set variants: a kernel file defines DL_TEMPLATE (its template's file
// name) and includes this file, which includes the template once per variant with these defined:
//   VEC, VECI   float and int vectors of W lanes (Clang vector extensions)
//   FN(name)    the variant's name for `name` (dl_portable_name, dl_avx2_name, dl_avx512_name)
//   INLINE      helpers' attributes (static, always_inline, the variant's target)
//   KERNEL      the variant's entry points' attributes (static, its target)
//   LOADU(p), LOADN(p, n)      W floats at p (any alignment); the first n (1 ≤ n ≤ W), zeros after
//   STOREU(p, v), STOREN(p, v, n)  writes W floats, or the first n
// The AVX2 and AVX-512 variants exist only on x86 (DL_X86); the portable one everywhere. Each
// variant defines these, then includes Variant.h (the helpers, the template, the #undefs).

#include <string.h>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define DL_X86 1
#endif

// MARK: - Portable: 8 lanes, no target attribute (two SSE2 registers a vector on x86-64, as Swift's
// SIMD8 compiles to there; measured faster than 4 lanes on the resnet workload). 32-byte vectors
// change the x86-64 ABI without AVX (-Wpsabi), but they never cross a call: every helper taking
// or returning one is always_inline.

#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wpsabi"

typedef float dl_f8 __attribute__((vector_size(32)));
typedef int dl_i8 __attribute__((vector_size(32)));

static inline __attribute__((always_inline)) dl_f8 dl_portable_loadu(const float *p) {
    dl_f8 v;
    memcpy(&v, p, sizeof v);
    return v;
}

static inline __attribute__((always_inline)) dl_f8 dl_portable_loadn(const float *p, int n) {
    dl_f8 v = {0};
    memcpy(&v, p, (size_t)n * sizeof(float));
    return v;
}

static inline __attribute__((always_inline)) void dl_portable_storeu(float *p, dl_f8 v) { memcpy(p, &v, sizeof v); }

static inline __attribute__((always_inline)) void dl_portable_storen(float *p, dl_f8 v, int n) {
    memcpy(p, &v, (size_t)n * sizeof(float));
}

#define VEC dl_f8
#define VECI dl_i8
#define W 8
#define FN(name) dl_portable_##name
#define INLINE static inline __attribute__((always_inline))
#define KERNEL static
#define LOADU(p) dl_portable_loadu(p)
#define LOADN(p, n) dl_portable_loadn(p, n)
#define STOREU(p, v) dl_portable_storeu(p, v)
#define STOREN(p, v, n) dl_portable_storen(p, v, n)
#include "Variant.h"

#pragma clang diagnostic pop

#ifdef DL_X86

// MARK: - AVX2: 8 lanes

#define DL_AVX2 __attribute__((target("avx2,fma")))

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
#include "Variant.h"

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
#include "Variant.h"

#endif
