// The run-time choice of the kernels' instruction set (CKernels.h).

#include "CKernels.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/// The active instruction set; -1 until first chosen. Read and written atomically (relaxed): threads
/// that race to choose first all choose the same.
static int selected = -1;

int dl_kernels_best_isa(void) {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f")) return DL_ISA_AVX512;
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return DL_ISA_AVX2;
#endif
    return DL_ISA_PORTABLE;
}

/// SWIFTDL_ISA's instruction set, or -1 when unset or not one of the names.
static int requested_isa(void) {
    const char *name = getenv("SWIFTDL_ISA");
    if (name == NULL) return -1;
    for (int isa = DL_ISA_PORTABLE; isa <= DL_ISA_AVX512; isa++) {
        if (strcmp(name, dl_kernels_isa_name(isa)) == 0) return isa;
    }
    return -1;
}

/// The automatic choice: SWIFTDL_ISA's, capped at the best the CPU supports, or the best.
static int automatic_isa(void) {
    int best = dl_kernels_best_isa(), requested = requested_isa();
    return requested >= 0 && requested < best ? requested : best;
}

int dl_kernels_isa(void) {
    int isa = __atomic_load_n(&selected, __ATOMIC_RELAXED);
    if (isa >= 0) return isa;
    isa = automatic_isa();
    __atomic_store_n(&selected, isa, __ATOMIC_RELAXED);
    return isa;
}

int dl_kernels_force_isa(int isa) {
    if (isa < 0) {
        __atomic_store_n(&selected, automatic_isa(), __ATOMIC_RELAXED);
        return 0;
    }
    if (isa > dl_kernels_best_isa()) return -1;
    __atomic_store_n(&selected, isa, __ATOMIC_RELAXED);
    return 0;
}

const char *dl_kernels_isa_name(int isa) {
    switch (isa) {
    case DL_ISA_PORTABLE: return "portable";
    case DL_ISA_AVX2: return "avx2";
    case DL_ISA_AVX512: return "avx512";
    default: return "unknown";
    }
}

/// The CPU's model name, read once (`pthread_once`).
static char cpu_model[256];
static pthread_once_t cpu_model_once = PTHREAD_ONCE_INIT;

static void read_cpu_model(void) {
    FILE *file = fopen("/proc/cpuinfo", "r");
    if (file == NULL) return;
    char line[512];
    while (fgets(line, sizeof line, file) != NULL) {
        if (strncmp(line, "model name", 10) != 0) continue;
        const char *colon = strchr(line, ':');
        if (colon == NULL) continue;
        colon++;
        while (*colon == ' ' || *colon == '\t') colon++;
        size_t length = strcspn(colon, "\n");
        if (length >= sizeof cpu_model) length = sizeof cpu_model - 1;
        memcpy(cpu_model, colon, length);
        cpu_model[length] = 0;
        break;
    }
    fclose(file);
}

const char *dl_kernels_cpu_model(void) {
    pthread_once(&cpu_model_once, read_cpu_model);
    return cpu_model[0] ? cpu_model : "unknown";
}
