// The recurrent cells' element-wise passes (CKernels.h): their activations and derivatives in place
// and the LSTM step's fused gate pass, forward and backward, compiled once per instruction set from
// RecurrentTemplate.h. No FMA contraction: every variant must round as the Swift path does.
#pragma STDC FP_CONTRACT OFF
#pragma clang fp contract(off)

#include "CKernels.h"

#define DL_TEMPLATE "RecurrentTemplate.h"
#include "Variants.h"
#undef DL_TEMPLATE

void dl_cell_activate_inplace(float *p, ptrdiff_t count, int kind) {
    switch (dl_kernels_isa()) {
#ifdef DL_X86
    case DL_ISA_AVX512: dl_avx512_cell_activate_inplace(p, count, kind); return;
    case DL_ISA_AVX2: dl_avx2_cell_activate_inplace(p, count, kind); return;
#endif
    default: dl_portable_cell_activate_inplace(p, count, kind); return;
    }
}

void dl_cell_times_derivative_inplace(float *d, const float *y, ptrdiff_t count, int kind) {
    switch (dl_kernels_isa()) {
#ifdef DL_X86
    case DL_ISA_AVX512: dl_avx512_cell_times_derivative_inplace(d, y, count, kind); return;
    case DL_ISA_AVX2: dl_avx2_cell_times_derivative_inplace(d, y, count, kind); return;
#endif
    default: dl_portable_cell_times_derivative_inplace(d, y, count, kind); return;
    }
}

void dl_lstm_forward_rows(const dl_lstm_forward_step *step, ptrdiff_t first, ptrdiff_t end) {
    switch (dl_kernels_isa()) {
#ifdef DL_X86
    case DL_ISA_AVX512: dl_avx512_lstm_forward_rows(step, first, end); return;
    case DL_ISA_AVX2: dl_avx2_lstm_forward_rows(step, first, end); return;
#endif
    default: dl_portable_lstm_forward_rows(step, first, end); return;
    }
}

void dl_lstm_backward_rows(const dl_lstm_backward_step *step, ptrdiff_t first, ptrdiff_t end) {
    switch (dl_kernels_isa()) {
#ifdef DL_X86
    case DL_ISA_AVX512: dl_avx512_lstm_backward_rows(step, first, end); return;
    case DL_ISA_AVX2: dl_avx2_lstm_backward_rows(step, first, end); return;
#endif
    default: dl_portable_lstm_backward_rows(step, first, end); return;
    }
}
