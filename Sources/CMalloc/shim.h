// glibc's malloc tuning (<malloc.h>, part of libc6-dev): mallopt's parameters are macros, wrapped
// here as functions so that Swift can call them.
#include <malloc.h>

/// mallopt(M_MMAP_THRESHOLD, bytes): blocks of at least `bytes` get their own mapping. 1 on success.
static inline int dl_malloc_set_mmap_threshold(int bytes) { return mallopt(M_MMAP_THRESHOLD, bytes); }

/// mallopt(M_TRIM_THRESHOLD, bytes): free memory kept at the top of the heap before it is returned
/// to the system. 1 on success.
static inline int dl_malloc_set_trim_threshold(int bytes) { return mallopt(M_TRIM_THRESHOLD, bytes); }
