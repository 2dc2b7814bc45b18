// Max pooling over disjoint windows, one instruction set, included by MaxPool.c through Variants.h
// once per variant (its macros are described there). The vectors run along the channels, W at a
// time, a last group of fewer channels through masked loads and stores. Comparisons and selects
// only: every variant gives the same outputs and winners.

/// W bytes, a group's winners.
typedef unsigned char FN(bytes) __attribute__((vector_size(W)));

/// The first `n` (1 ≤ n ≤ W) winners of a group as bytes at `p`.
INLINE void FN(store_winners)(unsigned char *p, VECI winner, int n) {
    FN(bytes) bytes = __builtin_convertvector(winner, FN(bytes));
    memcpy(p, &bytes, (size_t)n);
}

/// The first `n` winners at `p` as W int lanes (the lanes past `n` are 255: no window cell).
INLINE VECI FN(load_winners)(const unsigned char *p, int n) {
    FN(bytes) bytes;
    memset(&bytes, 255, sizeof bytes);
    memcpy(&bytes, p, (size_t)n);
    return __builtin_convertvector(bytes, VECI);
}

/// One more cell `v` (the window's cell `index`) against the running `best` and its `winner`: v
/// wins where v > best, or v is NaN and best is not (!(v ≤ best) where best is a number), so the
/// first maximum and the first NaN keep their place. `track` a constant once inlined.
INLINE void FN(pool_take)(VEC v, int index, VEC *best, VECI *winner, int track) {
    VECI better = ~(VECI)(v <= *best) & (VECI)(*best == *best);
    *best = FN(select)(better, v, *best);
    if (track) {
        VECI cellIndex = (VECI){0} + index;
        *winner = (better & cellIndex) | (~better & *winner);
    }
}

#if W == 16
/// Windows of few channels (C ≤ 8, KW·C ≤ 16) pooled `p ≥ 2` at a time: with one window a vector,
/// C of its 16 lanes would work (LeNet-5's 6). A block of p neighbouring windows of a row reads
/// p·KW·C ≤ 32 consecutive scalars per window row (two vectors); a two-source permute per cell
/// column j brings cell (i, j) of every window of the block to that window's C lanes. The cells
/// are then compared in the same (i, j) order as one window a vector: same outputs, same winners.
typedef struct {
    ptrdiff_t windows;  // p, windows a block
    __m512i cell[16];   // per cell column j < KW: lane w·C + c ← scalar w·KW·C + j·C + c of the span
} FN(pool_blocks);

/// Whether `p`'s windows are pooled a block at a time, and then the block's permutes.
INLINE int FN(pool_blocks_plan)(const dl_maxpool *p, FN(pool_blocks) *plan) {
    const ptrdiff_t c = p->channels, kw = p->poolWidth;
    if (c > 8 || kw * c > 16) return 0;
    plan->windows = 16 / c < 32 / (kw * c) ? 16 / c : 32 / (kw * c);
    for (ptrdiff_t j = 0; j < kw; j++) {
        int lanes[16];
        for (int o = 0; o < 16; o++) {
            lanes[o] = o < plan->windows * c ? (int)((o / c) * kw * c + j * c + o % c) : 0;
        }
        plan->cell[j] = _mm512_loadu_si512(lanes);
    }
    return 1;
}

/// Output row `oh` of sample `n` a block of windows at a time (pool_blocks_plan); `kh`, `kw` the pool's.
INLINE void FN(maxpool_row_blocks)(const dl_maxpool *p, const FN(pool_blocks) *plan, ptrdiff_t n, ptrdiff_t oh,
                                   int track, const ptrdiff_t kh, const ptrdiff_t kw) {
    const ptrdiff_t c = p->channels, row = p->width * c;
    const float *rowCells = p->x + ((n * p->height + oh * kh) * p->width) * c;
    const ptrdiff_t rowOutput = ((n * p->outHeight + oh) * p->outWidth) * c;
    for (ptrdiff_t ow = 0; ow < p->outWidth; ow += plan->windows) {
        const ptrdiff_t windows = p->outWidth - ow < plan->windows ? p->outWidth - ow : plan->windows;
        const int count = (int)(windows * c), span = (int)(windows * kw * c);
        const float *cells = rowCells + ow * kw * c;
        VEC best = FN(splat)(0);
        VECI winner = {0};
        int index = 0;
        for (ptrdiff_t i = 0; i < kh; i++) {
            const float *at = cells + i * row;
            __m512 low = (__m512)FN(load)(at, span < 16 ? span : 16);
            __m512 high = span > 16 ? (__m512)FN(load)(at + 16, span - 16) : _mm512_setzero_ps();
            for (ptrdiff_t j = 0; j < kw; j++, index++) {
                VEC v = (VEC)_mm512_permutex2var_ps(low, plan->cell[j], high);
                if (index == 0) best = v;
                else FN(pool_take)(v, index, &best, &winner, track);
            }
        }
        FN(store)(p->out + rowOutput + ow * c, best, count);
        if (track) FN(store_winners)(p->winners + rowOutput + ow * c, winner, count);
    }
}
#endif

/// `dl_maxpool_disjoint` for samples `first ..< last`; `track`, `kh` and `kw` (the pool's) constants
/// once inlined (2 × 2 windows: their loops unroll).
INLINE void FN(maxpool_disjoint_samples)(const dl_maxpool *p, ptrdiff_t first, ptrdiff_t last, int track,
                                         const ptrdiff_t kh, const ptrdiff_t kw) {
    const ptrdiff_t c = p->channels;
    const ptrdiff_t row = p->width * c;
#if W == 16
    FN(pool_blocks) plan;
    const int blocks = FN(pool_blocks_plan)(p, &plan);
#endif
    for (ptrdiff_t n = first; n < last; n++) {
        for (ptrdiff_t oh = 0; oh < p->outHeight; oh++) {
#if W == 16
            if (blocks) {
                FN(maxpool_row_blocks)(p, &plan, n, oh, track, kh, kw);
                continue;
            }
#endif
            const float *rowCells = p->x + ((n * p->height + oh * kh) * p->width) * c;
            const ptrdiff_t rowOutput = ((n * p->outHeight + oh) * p->outWidth) * c;
            for (ptrdiff_t ow = 0; ow < p->outWidth; ow++) {
                const float *cell = rowCells + ow * kw * c;
                float *out = p->out + rowOutput + ow * c;
                for (ptrdiff_t lane = 0; lane < c; lane += W) {
                    const int count = c - lane < W ? (int)(c - lane) : W;
                    VEC best = FN(load)(cell + lane, count);
                    VECI winner = {0};
                    int index = 0;
                    for (ptrdiff_t i = 0; i < kh; i++) {
                        for (ptrdiff_t j = 0; j < kw; j++, index++) {
                            if (index == 0) continue;
                            const float *at = cell + i * row + j * c + lane;
                            FN(pool_take)(FN(load)(at, count), index, &best, &winner, track);
                        }
                    }
                    FN(store)(out + lane, best, count);
                    if (track) FN(store_winners)(p->winners + rowOutput + ow * c + lane, winner, count);
                }
            }
        }
    }
}

KERNEL void FN(maxpool_disjoint)(const dl_maxpool *p, ptrdiff_t first, ptrdiff_t last) {
    const ptrdiff_t kh = p->poolHeight, kw = p->poolWidth;
    if (kh == 2 && kw == 2) {
        if (p->winners) FN(maxpool_disjoint_samples)(p, first, last, 1, 2, 2);
        else FN(maxpool_disjoint_samples)(p, first, last, 0, 2, 2);
    } else {
        if (p->winners) FN(maxpool_disjoint_samples)(p, first, last, 1, kh, kw);
        else FN(maxpool_disjoint_samples)(p, first, last, 0, kh, kw);
    }
}

KERNEL void FN(maxpool_disjoint_backward)(const dl_maxpool_backward *p, ptrdiff_t first, ptrdiff_t last) {
    const ptrdiff_t c = p->channels, kh = p->poolHeight, kw = p->poolWidth;
    const ptrdiff_t row = p->width * c, sample = p->height * row;
    // Windows cover all but the last H mod KH rows and W mod KW columns: those get 0 first.
    if (p->outHeight * kh != p->height || p->outWidth * kw != p->width) {
        memset(p->dx + first * sample, 0, (size_t)((last - first) * sample) * sizeof(float));
    }
    for (ptrdiff_t n = first; n < last; n++) {
        for (ptrdiff_t oh = 0; oh < p->outHeight; oh++) {
            float *rowCells = p->dx + ((n * p->height + oh * kh) * p->width) * c;
            const ptrdiff_t rowOutput = ((n * p->outHeight + oh) * p->outWidth) * c;
            for (ptrdiff_t ow = 0; ow < p->outWidth; ow++) {
                float *cell = rowCells + ow * kw * c;
                const ptrdiff_t o = rowOutput + ow * c;
                for (ptrdiff_t lane = 0; lane < c; lane += W) {
                    const int count = c - lane < W ? (int)(c - lane) : W;
                    VECI gradient = (VECI)FN(load)(p->grad + o + lane, count);
                    if (p->mask) {
                        gradient = (VECI)FN(masked)((VEC)gradient, FN(load)(p->mask + o + lane, count));
                    }
                    VECI winner = FN(load_winners)(p->winners + o + lane, count);
                    int index = 0;
                    for (ptrdiff_t i = 0; i < kh; i++) {
                        for (ptrdiff_t j = 0; j < kw; j++, index++) {
                            VEC value = (VEC)(gradient & (VECI)(winner == index));
                            FN(store)(cell + i * row + j * c + lane, value, count);
                        }
                    }
                }
            }
        }
    }
}
