// The recurrent cells' element-wise passes, one instruction set, included by Recurrent.c through
// Variants.h once per variant (its macros are described there). The formulas are those of
// CellActivation (RecurrentKernels.swift) and of the LSTM gate pass (RecurrentKernels+Gates.swift),
// operation for operation and in the same order (no FMA contraction), so every variant matches
// the Swift path bit for bit. Each element is independent: the passes over units run W lanes at a
// time, the last vector of a row masked to what is left of it.

/// `FastMath.sigmoid`: 1 / (1 + e^−x).
INLINE VEC FN(cell_sigmoid)(VEC x) { return 1.0f / (1.0f + FN(exp)(-x)); }

/// `CellActivation.applyInPlace` on one vector (`kind` a DL_CELL_ value). Swift's `max(x, 0)` is
/// `0 >= x ? 0 : x` and `min(x, 1)` is `1 < x ? 1 : x` (NaN passes through both).
INLINE VEC FN(cell_activate)(VEC x, int kind) {
    VEC zero = {0};
    VEC one = zero + 1.0f;
    switch (kind) {
    case DL_CELL_TANH: return 2.0f * FN(cell_sigmoid)(2.0f * x) - 1.0f;
    case DL_CELL_SIGMOID: return FN(cell_sigmoid)(x);
    case DL_CELL_HARD_SIGMOID: {
        VEC shifted = x / 6.0f + 0.5f;
        VEC low = FN(select)((VECI)(zero >= shifted), zero, shifted);
        return FN(select)((VECI)(one < low), one, low);
    }
    case DL_CELL_RELU: return FN(select)((VECI)(zero >= x), zero, x);
    default: return x;
    }
}

/// `CellActivation.multiplyByDerivative` on one vector: `d · act′` where the activation's output is `y`.
INLINE VEC FN(cell_times_derivative)(VEC d, VEC y, int kind) {
    VEC zero = {0};
    VEC one = zero + 1.0f;
    switch (kind) {
    case DL_CELL_TANH: return d * (1.0f - y * y);
    case DL_CELL_SIGMOID: return d * (y * (1.0f - y));
    case DL_CELL_HARD_SIGMOID: return d * FN(select)((VECI)(y > zero) & (VECI)(y < one), zero + 1.0f / 6.0f, zero);
    case DL_CELL_RELU: return d * FN(select)((VECI)(y > zero), one, zero);
    default: return d;
    }
}

/// `dl_cell_activate_inplace`.
KERNEL void FN(cell_activate_inplace)(float *p, ptrdiff_t count, int kind) {
    ptrdiff_t i = 0;
    for (; i + W <= count; i += W) STOREU(p + i, FN(cell_activate)(LOADU(p + i), kind));
    if (i < count) {
        int lanes = (int)(count - i);
        STOREN(p + i, FN(cell_activate)(LOADN(p + i, lanes), kind), lanes);
    }
}

/// `dl_cell_times_derivative_inplace`.
KERNEL void FN(cell_times_derivative_inplace)(float *d, const float *y, ptrdiff_t count, int kind) {
    ptrdiff_t i = 0;
    for (; i + W <= count; i += W) STOREU(d + i, FN(cell_times_derivative)(LOADU(d + i), LOADU(y + i), kind));
    if (i < count) {
        int lanes = (int)(count - i);
        STOREN(d + i, FN(cell_times_derivative)(LOADN(d + i, lanes), LOADN(y + i, lanes), kind), lanes);
    }
}

/// One LSTM step's values at units `j ..< j + lanes` of one row: the activated gates, c and act(c).
typedef struct { VEC i, f, g, o, c, a; } FN(lstm_values);

/// `lstm_values` from the row's pre-activations `z` and c_prev (zeros when NULL); nothing is stored.
INLINE FN(lstm_values) FN(lstm_forward_values)(const float *z, ptrdiff_t u, const float *previousCell, ptrdiff_t j,
                                               int lanes, int act, int rec) {
    VEC zero = {0};
    FN(lstm_values) v;
    v.i = FN(cell_activate)(FN(load)(z + j, lanes), rec);
    v.f = FN(cell_activate)(FN(load)(z + u + j, lanes), rec);
    v.g = FN(cell_activate)(FN(load)(z + 2 * u + j, lanes), act);
    v.o = FN(cell_activate)(FN(load)(z + 3 * u + j, lanes), rec);
    VEC before = previousCell ? FN(load)(previousCell + j, lanes) : zero;
    v.c = v.f * before + v.i * v.g;
    v.a = FN(cell_activate)(v.c, act);
    return v;
}

/// A row's destinations for `lstm_forward_store` (pointers at the row's start).
typedef struct {
    float *z, *cell, *activatedCell, *hidden, *hiddenCopy;
} FN(lstm_row);

/// Stores `v` at units `j ..< j + lanes`: the activated gates over z when `storesGates`, c, act(c)
/// when kept, h = o ⊙ act(c) (and its copy when asked).
INLINE void FN(lstm_forward_store)(FN(lstm_values) v, FN(lstm_row) row, ptrdiff_t u, ptrdiff_t j, int lanes,
                                   const int storesGates) {
    if (storesGates) {
        FN(store)(row.z + j, v.i, lanes);
        FN(store)(row.z + u + j, v.f, lanes);
        FN(store)(row.z + 2 * u + j, v.g, lanes);
        FN(store)(row.z + 3 * u + j, v.o, lanes);
    }
    FN(store)(row.cell + j, v.c, lanes);
    if (row.activatedCell) FN(store)(row.activatedCell + j, v.a, lanes);
    VEC h = v.o * v.a;
    FN(store)(row.hidden + j, h, lanes);
    if (row.hiddenCopy) FN(store)(row.hiddenCopy + j, h, lanes);
}

/// One LSTM step at units `j ..< j + lanes` of one row (c_prev is read before c is written, so
/// `cell` may be `previousCell`).
INLINE void FN(lstm_forward_at)(FN(lstm_row) row, ptrdiff_t u, const float *previousCell, ptrdiff_t j, int lanes,
                                int act, int rec, const int storesGates) {
    FN(lstm_forward_store)(FN(lstm_forward_values)(row.z, u, previousCell, j, lanes, act, rec), row, u, j, lanes,
                           storesGates);
}

/// `lstm_forward_at` at units `j ..< j + 2W`: both vectors' values computed before either is stored,
/// so that the second's activations overlap the first's chain of dependent steps (the gate pass is
/// latency-bound one vector at a time: exp's polynomial, then a division, twice in a row).
INLINE void FN(lstm_forward_pair)(FN(lstm_row) row, ptrdiff_t u, const float *previousCell, ptrdiff_t j, int act,
                                  int rec, const int storesGates) {
    FN(lstm_values) first = FN(lstm_forward_values)(row.z, u, previousCell, j, W, act, rec);
    FN(lstm_values) second = FN(lstm_forward_values)(row.z, u, previousCell, j + W, W, act, rec);
    FN(lstm_forward_store)(first, row, u, j, W, storesGates);
    FN(lstm_forward_store)(second, row, u, j + W, W, storesGates);
}

/// `dl_lstm_forward_rows` with the activations and `storesGates` as arguments (constants where the caller can).
INLINE void FN(lstm_forward_body)(const dl_lstm_forward_step *s, ptrdiff_t first, ptrdiff_t end, int act, int rec,
                                  const int storesGates) {
    ptrdiff_t u = s->units;
    for (ptrdiff_t r = first; r < end; r++) {
        const float *previousCell = s->previousCell ? s->previousCell + r * u : NULL;
        FN(lstm_row) row = {
            .z = s->gates + r * s->gateStride, .cell = s->cell + r * u,
            .activatedCell = s->activatedCell ? s->activatedCell + r * u : NULL, .hidden = s->hidden + r * s->hiddenStride,
            .hiddenCopy = s->hiddenCopy ? s->hiddenCopy + r * s->hiddenCopyStride : NULL,
        };
        ptrdiff_t j = 0;
        for (; j + 2 * W <= u; j += 2 * W) FN(lstm_forward_pair)(row, u, previousCell, j, act, rec, storesGates);
        for (; j + W <= u; j += W) FN(lstm_forward_at)(row, u, previousCell, j, W, act, rec, storesGates);
        if (j < u) FN(lstm_forward_at)(row, u, previousCell, j, (int)(u - j), act, rec, storesGates);
    }
}

/// `dl_lstm_forward_rows`: Keras's default activations (tanh, sigmoid) get a body of their own.
KERNEL void FN(lstm_forward_rows)(const dl_lstm_forward_step *s, ptrdiff_t first, ptrdiff_t end) {
    if (s->activation == DL_CELL_TANH && s->recurrentActivation == DL_CELL_SIGMOID) {
        if (s->storesGates) FN(lstm_forward_body)(s, first, end, DL_CELL_TANH, DL_CELL_SIGMOID, 1);
        else FN(lstm_forward_body)(s, first, end, DL_CELL_TANH, DL_CELL_SIGMOID, 0);
    } else {
        FN(lstm_forward_body)(s, first, end, s->activation, s->recurrentActivation, s->storesGates);
    }
}

/// The LSTM step's backward pass at units `j ..< j + lanes` of one row (pointers at the row's start).
INLINE void FN(lstm_backward_at)(const dl_lstm_backward_step *s, const float *gates, float *dz,
                                 const float *previousCell, const float *activatedCell, const float *outputGradient,
                                 const float *hiddenGradient, float *cellGradient, ptrdiff_t j, int lanes, int act,
                                 int rec) {
    ptrdiff_t u = s->units;
    VEC zero = {0};
    VEC i = FN(load)(gates + j, lanes), f = FN(load)(gates + u + j, lanes);
    VEC g = FN(load)(gates + 2 * u + j, lanes), o = FN(load)(gates + 3 * u + j, lanes);
    VEC a = FN(load)(activatedCell + j, lanes);
    // dh (from the output and from step t + 1) into dc through h = o ⊙ act(c).
    VEC dh = FN(load)(outputGradient + j, lanes) + FN(load)(hiddenGradient + j, lanes);
    VEC dOutput = dh * a;
    VEC dc = FN(load)(cellGradient + j, lanes) + FN(cell_times_derivative)(dh * o, a, act);
    VEC before = previousCell ? FN(load)(previousCell + j, lanes) : zero;
    FN(store)(dz + j, FN(cell_times_derivative)(dc * g, i, rec), lanes);
    FN(store)(dz + u + j, FN(cell_times_derivative)(dc * before, f, rec), lanes);
    FN(store)(dz + 2 * u + j, FN(cell_times_derivative)(dc * i, g, act), lanes);
    FN(store)(dz + 3 * u + j, FN(cell_times_derivative)(dOutput, o, rec), lanes);
    FN(store)(cellGradient + j, dc * f, lanes);
}

/// `dl_lstm_backward_rows` with the activations as arguments.
INLINE void FN(lstm_backward_body)(const dl_lstm_backward_step *s, ptrdiff_t first, ptrdiff_t end, int act, int rec) {
    ptrdiff_t u = s->units;
    for (ptrdiff_t r = first; r < end; r++) {
        const float *gates = s->gates + r * s->gateStride;
        float *dz = s->gateGradients + r * s->gateStride;
        const float *previousCell = s->previousCell ? s->previousCell + r * u : NULL;
        const float *activatedCell = s->activatedCell + r * u;
        const float *outputGradient = s->outputGradient + r * u, *hiddenGradient = s->hiddenGradient + r * u;
        float *cellGradient = s->cellGradient + r * u;
        ptrdiff_t j = 0;
        for (; j + W <= u; j += W) {
            FN(lstm_backward_at)(s, gates, dz, previousCell, activatedCell, outputGradient, hiddenGradient,
                                 cellGradient, j, W, act, rec);
        }
        if (j < u) {
            FN(lstm_backward_at)(s, gates, dz, previousCell, activatedCell, outputGradient, hiddenGradient,
                                 cellGradient, j, (int)(u - j), act, rec);
        }
    }
}

/// `dl_lstm_backward_rows`: Keras's default activations (tanh, sigmoid) get a body of their own.
KERNEL void FN(lstm_backward_rows)(const dl_lstm_backward_step *s, ptrdiff_t first, ptrdiff_t end) {
    if (s->activation == DL_CELL_TANH && s->recurrentActivation == DL_CELL_SIGMOID) {
        FN(lstm_backward_body)(s, first, end, DL_CELL_TANH, DL_CELL_SIGMOID);
    } else {
        FN(lstm_backward_body)(s, first, end, s->activation, s->recurrentActivation);
    }
}
