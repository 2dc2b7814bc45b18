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

/// `dl_maxpool_disjoint` for samples `first ..< last`; `TRACK` a constant once inlined.
INLINE void FN(maxpool_disjoint_samples)(const dl_maxpool *p, ptrdiff_t first, ptrdiff_t last, int track) {
    const ptrdiff_t c = p->channels, kh = p->poolHeight, kw = p->poolWidth;
    const ptrdiff_t row = p->width * c;
    for (ptrdiff_t n = first; n < last; n++) {
        for (ptrdiff_t oh = 0; oh < p->outHeight; oh++) {
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
                            VEC v = FN(load)(at, count);
                            // v > best, or v is NaN and best is not: !(v ≤ best) where best is a number.
                            VECI better = ~(VECI)(v <= best) & (VECI)(best == best);
                            best = FN(select)(better, v, best);
                            if (track) {
                                VECI cellIndex = (VECI){0} + index;
                                winner = (better & cellIndex) | (~better & winner);
                            }
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
    if (p->winners) FN(maxpool_disjoint_samples)(p, first, last, 1);
    else FN(maxpool_disjoint_samples)(p, first, last, 0);
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
