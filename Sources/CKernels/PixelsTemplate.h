// The non-zero pixel test of one instruction set, included by Pixels.c through Variants.h once per
// variant (its macros are described there). Integer operations only: every variant gives the same flags.

KERNEL ptrdiff_t FN(nonzero_pixels)(const float *x, ptrdiff_t pixels, ptrdiff_t channels, unsigned char *flags) {
    ptrdiff_t zeros = 0;
    VECI magnitude = (VECI){0} + 0x7FFFFFFF;
    for (ptrdiff_t pixel = 0; pixel < pixels; pixel++) {
        const float *p = x + pixel * channels;
        VECI bits = {0};
        ptrdiff_t c = 0;
        for (; c + W <= channels; c += W) bits |= (VECI)LOADU(p + c);
        if (c < channels) bits |= (VECI)LOADN(p + c, (int)(channels - c));
        // ±0 in every channel: the OR of their bits, sign bit left out, is 0 (NaN is not zero).
        int nonzero = __builtin_reduce_or(bits & magnitude) != 0;
        flags[pixel] = (unsigned char)nonzero;
        zeros += !nonzero;
    }
    return zeros;
}
