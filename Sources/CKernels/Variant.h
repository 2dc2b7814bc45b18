// One variant of a kernel template (included by Variants.h, once per instruction set, with VEC,
// VECI, W, FN, INLINE, KERNEL, LOADU, LOADN, STOREU and STOREN defined for it): the vector
// helpers, the template DL_TEMPLATE names, then the macros undefined for the next variant.
// No include guard: it is meant to be included several times.

#include "VectorOps.h"
#include DL_TEMPLATE
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
