// SwiftDL's C kernels (Winograd's input and output transforms, BatchNormalization's channels-last
// element-wise passes, the dense layer's sigmoid and ReLU and its one-row product, the direct
// convolution and the convolutions' kernel gradient, max pooling over disjoint windows, the
// recurrent cells' gate passes): hot loops that are not GEMM, each with a portable variant and
// variants for AVX2 (`target("avx2,fma")`) and AVX-512 (`target("avx512f")`) compiled side by
// side in one portable build (no -march), one of them chosen at run time from what the CPU
// supports.
//
// The choice is made once, on first use: SWIFTDL_ISA=portable|avx2|avx512 in the environment
// asks for one (capped at what the CPU supports), otherwise the best the CPU supports.
// `dl_kernels_force_isa` changes it (tests compare every variant with the reference).
// Every variant does the same operations in the same order on each element (no FMA contraction),
// so all of them give bit-identical results.

#ifndef SWIFTDL_CKERNELS_H
#define SWIFTDL_CKERNELS_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/// The kernels' instruction sets, from the most portable.
enum {
    /// Plain C on 8-lane vectors (two SSE2 registers each on x86-64): any CPU.
    DL_ISA_PORTABLE = 0,
    /// AVX2 (and FMA, though no kernel contracts), 8 lanes a vector.
    DL_ISA_AVX2 = 1,
    /// AVX-512 Foundation, 16 lanes a vector.
    DL_ISA_AVX512 = 2,
};

/// The instruction set the kernels use now (chosen on first use, see above).
int dl_kernels_isa(void);

/// The best instruction set this CPU supports (`__builtin_cpu_supports`).
int dl_kernels_best_isa(void);

/// Makes the kernels use `isa` from now on: 0 on success, -1 (nothing changed) when the CPU does not
/// support it. A negative `isa` goes back to the automatic choice. Not meant to race with kernels
/// running on other threads (each call reads the choice once).
int dl_kernels_force_isa(int isa);

/// "portable", "avx2" or "avx512" for an instruction set; "unknown" otherwise.
const char *dl_kernels_isa_name(int isa);

/// The CPU's model name ("AMD EPYC ..."), from /proc/cpuinfo on Linux; "unknown" when not found.
const char *dl_kernels_cpu_model(void);

/// The sigmoid in place: `y = 1 / (1 + e^−y)`, with `FastMath.exp`'s Cephes polynomial on −y clamped
/// to [−87.3, 88.3] (NaN stays NaN), operation for operation as `FastMath.sigmoid`. Shapes: y `[count]`.
void dl_sigmoid_inplace(float *y, ptrdiff_t count);

/// ReLU in place: `y = y ≤ 0 ? 0 : y` (NaN stays NaN, −0 becomes +0). Shapes: y `[count]`.
void dl_relu_inplace(float *y, ptrdiff_t count);

/// The sigmoid's backward pass from its output: `dz = g · y · (1 − y)`, as
/// `ActivationKernels.sigmoidBackwardSwift`. Shapes: g, y, dz `[count]` (dz may be g).
void dl_sigmoid_backward(const float *g, const float *y, float *dz, ptrdiff_t count);

/// ReLU's backward pass from its output: `dz = y > 0 ? g : +0` (NaN in g passes where y > 0), as
/// `ActivationKernels.reluBackwardSwift`. Shapes: g, y, dz `[count]` (dz may be g).
void dl_relu_backward(const float *g, const float *y, float *dz, ptrdiff_t count);

/// Adam's update of one variable (every pointer at its first element): `m ← m + (g − m)·b1`,
/// `v ← v + (g² − v)·b2`, with AMSGrad `v̂ ← max(v̂, v)`, then `w ← w − m·alpha / (√v̂ + epsilon)`
/// (v in place of v̂ without AMSGrad), √ as `FastMath.squareRoot`; `b1 = 1 − β1`, `b2 = 1 − β2`,
/// `alpha` the bias-corrected learning rate.
typedef struct {
    float *weights;
    const float *gradient;
    float *m, *v;
    /// The second moment's running maximum, or NULL without AMSGrad.
    float *vHat;
    float b1, b2, alpha, epsilon;
} dl_adam_step;

/// Elements `first ..< end` of `step`, as `OptimizerKernels.adamSwift` bit for bit in every variant.
void dl_adam_update(const dl_adam_step *step, ptrdiff_t first, ptrdiff_t end);

/// SGD's update of one variable: `w ← w − learningRate·g`; with a velocity (momentum μ)
/// `v ← μ·v − learningRate·g`, then `w ← w + v`, or with Nesterov `w ← w + (μ·v − learningRate·g)`.
typedef struct {
    float *weights;
    const float *gradient;
    /// NULL without momentum.
    float *velocity;
    float learningRate, momentum;
    int nesterov;
} dl_sgd_step;

/// Elements `first ..< end` of `step`, as `OptimizerKernels.sgdSwift` bit for bit in every variant.
void dl_sgd_update(const dl_sgd_step *step, ptrdiff_t first, ptrdiff_t end);

/// Winograd's input transform V = Bᵀ d B of F(m×m, 3×3) (`tile` m = 2 or 4, α = m + 2) for every
/// tile of one sample, in row then column order: x `[height, width, channels]`, read as zero outside
/// the image (the tile at row ty, column tx covers rows ty·m − padTop ..< + α, columns likewise) and
/// where `mask` (same shape, or NULL) is not positive. Tile k's V cell e (e < α²) goes to
/// `v + e·cellStride + k·channels` (`channels` scalars).
void dl_winograd_input(int tile, const float *x, const float *mask, ptrdiff_t height, ptrdiff_t width,
                       ptrdiff_t channels, ptrdiff_t padTop, ptrdiff_t padLeft, ptrdiff_t tileRows,
                       ptrdiff_t tileColumns, float *v, ptrdiff_t cellStride);

/// Winograd's output transform out = act(Aᵀ M A + bias) of F(m×m, 3×3) (`tile` m = 2 or 4) for
/// every tile of one sample, in row then column order: tile k's M cell e (e < α²) is the `filters`
/// scalars at `product + e·cellStride + k·filters`; out `[outHeight, outWidth, filters]` gets the
/// tile cells inside it (tile (ty, tx) covers rows ty·m ..< + m, columns likewise). `bias`
/// (`filters` scalars) may be NULL; `residual` (out's shape, or NULL) is added after the bias (a
/// residual block's Add); `relu` non-zero then replaces values ≤ 0 with +0 (NaN stays NaN).
void dl_winograd_output(int tile, const float *product, ptrdiff_t cellStride, ptrdiff_t filters,
                        ptrdiff_t outHeight, ptrdiff_t outWidth, ptrdiff_t tileRows, ptrdiff_t tileColumns,
                        const float *bias, const float *residual, int relu, float *out);

/// The adjoint of `dl_winograd_output`, for dKernel: dM = A gY Aᵀ of F(m×m, 3×3) (`tile` m = 2 or
/// 4) for every tile of one sample, in row then column order, where gY is the tile's cells of grad
/// `[outHeight, outWidth, filters]`, read as zero outside it and where `mask` (same shape, or NULL:
/// ReLU's output) is not positive. Tile k's dM cell e (e < α²) goes to `dm + e·cellStride +
/// k·filters` (`filters` scalars). With `biasSums` (`filters` scalars, else NULL), each tile's sum
/// of its gY cells (in row-major cell order) is added there.
void dl_winograd_output_gradient(int tile, const float *grad, const float *mask, ptrdiff_t filters,
                                 ptrdiff_t outHeight, ptrdiff_t outWidth, ptrdiff_t tileRows, ptrdiff_t tileColumns,
                                 float *dm, ptrdiff_t cellStride, float *biasSums);

/// For each of `pixels` pixels of x `[pixels, channels]`, whether any channel is non-zero (±0 are
/// zero, NaN is not): flags[pixel] = 1 or 0. Returns the count of zero pixels (Winograd's exact
/// zero windows, `ZeroWindowRestorer`).
ptrdiff_t dl_nonzero_pixels(const float *x, ptrdiff_t pixels, ptrdiff_t channels, unsigned char *flags);

/// BatchNormalization's channels-last normalization: `y = (x − mean) · scale + shift` per channel
/// (then 0 where that is ≤ 0 with `relu` non-zero, NaN kept). Shapes: x, y `[rows, channels]`;
/// mean, scale, shift `[channels]`.
void dl_batchnorm_normalize(const float *x, ptrdiff_t rows, ptrdiff_t channels, const float *mean,
                            const float *scale, const float *shift, int relu, float *y);

/// BatchNormalization's channels-last input gradient: `dx = a · g + b · (x − mean) + d` per channel,
/// g read as 0 where `mask` (NULL: none) is not positive. Shapes: g, x, mask, dx `[rows, channels]`;
/// mean, a, b, d `[channels]`.
void dl_batchnorm_input_gradient(const float *g, const float *x, const float *mask, ptrdiff_t rows,
                                 ptrdiff_t channels, const float *mean, const float *a, const float *b,
                                 const float *d, float *dx);

/// A direct convolution, channels last: x `[N, height, width, channels]`, kernel `[kernelHeight,
/// kernelWidth, channels, filters]`, bias `[filters]` or NULL, out `[N, outHeight, outWidth, filters]`;
/// output (oh, ow) reads input rows oh·strideHeight − padTop + kh and columns ow·strideWidth −
/// padLeft + kw (taps outside the input are left out of the sum). x's pixels lie `pixelStride`
/// scalars apart and a pixel's channels `channelStride` apart (`channels` and 1 for an image;
/// 1 and the pixel count for its transpose).
typedef struct {
    const float *x;
    ptrdiff_t height, width, channels;
    const float *kernel;
    ptrdiff_t kernelHeight, kernelWidth, filters;
    const float *bias;
    /// Non-zero: ReLU after the bias (NaN stays NaN).
    int relu;
    ptrdiff_t strideHeight, strideWidth, padTop, padLeft, outHeight, outWidth;
    float *out;
    ptrdiff_t pixelStride, channelStride;
    /// Non-zero: each result is added to what `out` holds (out + result) instead of replacing it.
    int accumulate;
} dl_direct_conv;

/// Output rows `rowStart ..< rowEnd` of sample `sample` of `conv`: each output is the sum from 0
/// of its window's taps inside the input in (kh, kw, c) order, each tap one fused multiply-add
/// (one rounding), then + bias, then ReLU when asked: the same bits in every variant.
void dl_conv_direct(const dl_direct_conv *conv, ptrdiff_t sample, ptrdiff_t rowStart, ptrdiff_t rowEnd);

/// Output rows `rowStart ..< rowEnd` of samples `first ..< last` of `conv` with one input channel
/// and strides of 1 (pixelStride and channelStride 1, accumulate 0): the outputs of dl_conv_direct,
/// bit for bit, for finite weights, computed with output pixels in the vector lanes instead of
/// filters (for few filters: LeNet-5's first layer has 6). `scratch`: dl_conv_planar_scratch(conv)
/// floats, for the zero-bordered copy of the rows of a sample they read.
void dl_conv_planar(const dl_direct_conv *conv, ptrdiff_t first, ptrdiff_t last, ptrdiff_t rowStart, ptrdiff_t rowEnd,
                    float *scratch);

/// The floats of scratch dl_conv_planar needs for `conv` with the active instruction set.
ptrdiff_t dl_conv_planar_scratch(const dl_direct_conv *conv);

/// c `[rows, columns]` = a `[rows, inner]` · b `[inner, columns]`, all three dense and row-major:
/// the direct convolution's 1×1 case (a one-row image `rows` pixels wide), each output the sum
/// from 0 over `inner` in order, one fused multiply-add a term: the same bits in every variant.
/// With `transposeA`, a is stored as its transpose `[inner, rows]`; with `accumulate`, c + a · b
/// (c plus the sum) replaces c.
void dl_gemm_direct(const float *a, int transposeA, const float *b, float *c, ptrdiff_t rows, ptrdiff_t inner,
                    ptrdiff_t columns, int accumulate);

/// y `[columns]` = x `[inner]` · w `[inner, columns]` (row i of w at w + i·rowStride), or with
/// `accumulate` y + x · w: each output the sum of its even terms (i = 0, 2, …) and its odd ones,
/// each chain from 0 in order with one fused multiply-add a term, then even + odd: the same bits
/// in every variant. For one row of a dense layer (a single image's prediction).
void dl_vector_product(const float *x, const float *w, ptrdiff_t inner, ptrdiff_t rowStride, ptrdiff_t columns,
                       float *y, int accumulate);

/// A convolution's kernel and bias gradients, channels last, without an im2col matrix: for each
/// sample, dKernel `[kernelHeight, kernelWidth, channels, filters]` += Σ over its output pixels of
/// the window's input scalar times the output gradient, and (when not NULL) dBias `[filters]` += Σ
/// of the output gradient. x `[N, height, width, channels]` is read as zero outside the image
/// (output (oh, ow) reads rows oh·strideHeight − padTop + kh, columns ow·strideWidth − padLeft + kw);
/// grad `[N, outHeight, outWidth, filters]` counts as +0 where `mask` (same shape, else NULL) is not
/// positive. Each sample's sums run from 0 over its output pixels in (row, column) order, one fused
/// multiply-add a term, before they are added in: the same bits in every variant.
///
/// With `pooledGrad` (else NULL; `grad` and `mask` are then not read), the output gradient is that
/// of a max pooling over disjoint windows after the convolution (`dl_maxpool_backward`'s dx, never
/// written out): each of pooledGrad `[N, pooledHeight, pooledWidth, filters]`, +0 where
/// `pooledMask` (same shape, or NULL) is not positive, at its window's winner cell (`winners`, same
/// shape, row·poolWidth + column), 0 at every other cell: the same bits as that dx through `grad`.
typedef struct {
    const float *x;
    ptrdiff_t height, width, channels;
    const float *grad, *mask;
    ptrdiff_t kernelHeight, kernelWidth, filters, strideHeight, strideWidth, padTop, padLeft, outHeight, outWidth;
    float *dKernel, *dBias;
    const float *pooledGrad, *pooledMask;
    const unsigned char *winners;
    ptrdiff_t poolHeight, poolWidth, pooledHeight, pooledWidth;
} dl_kernel_gradient;

/// Filters rounded up to whole vectors of 16: the width of a pixel's masked gradient in the scratch.
ptrdiff_t dl_conv_kernel_gradient_padded_filters(ptrdiff_t filters);

/// The scratch floats `dl_conv_kernel_gradient` needs (one sample's masked gradient and padded input).
ptrdiff_t dl_conv_kernel_gradient_scratch(const dl_kernel_gradient *p);

/// Samples `first ..< last` of `p`, added into its dKernel and dBias, with `scratch` (at least
/// `dl_conv_kernel_gradient_scratch(p)` floats, not shared with another thread).
void dl_conv_kernel_gradient(const dl_kernel_gradient *p, ptrdiff_t first, ptrdiff_t last, float *scratch);

/// Max pooling over disjoint windows (pool size = strides, no padding cell): x `[N, height, width,
/// channels]` → out `[N, outHeight, outWidth, channels]` with outHeight·poolHeight ≤ height and
/// outWidth·poolWidth ≤ width; each output is its window's first maximum in (row, column) order, or
/// its first NaN. With `winners` (else NULL), each output's winning cell row·poolWidth + column
/// (the window at most 256 cells), same shape as out.
typedef struct {
    const float *x;
    ptrdiff_t height, width, channels, poolHeight, poolWidth, outHeight, outWidth;
    float *out;
    unsigned char *winners;
} dl_maxpool;

/// Samples `first ..< last` of `pool`.
void dl_maxpool_disjoint(const dl_maxpool *pool, ptrdiff_t first, ptrdiff_t last);

/// The backward pass of `dl_maxpool`: each output gradient (grad, winners `[N, outHeight,
/// outWidth, channels]`) goes to its window's winner, every other cell of dx `[N, height, width,
/// channels]` (overwritten) gets 0, the cells outside every window included. With `mask` (same
/// shape as grad, else NULL), a gradient counts as +0 where the mask is not positive (NaN included).
typedef struct {
    const float *grad;
    const unsigned char *winners;
    const float *mask;
    ptrdiff_t height, width, channels, poolHeight, poolWidth, outHeight, outWidth;
    float *dx;
} dl_maxpool_backward;

/// Samples `first ..< last` of `pool`.
void dl_maxpool_disjoint_backward(const dl_maxpool_backward *pool, ptrdiff_t first, ptrdiff_t last);

// MARK: - Recurrent cells (Recurrent.c)

/// The activations of the recurrent cells (`CellActivation`, in its order).
enum {
    /// `2σ(2x) − 1` (`FastMath.sigmoid`); derivative `1 − y²`.
    DL_CELL_TANH = 0,
    /// `1 / (1 + e^−x)` (`FastMath.sigmoid`); derivative `y(1 − y)`.
    DL_CELL_SIGMOID = 1,
    /// `min(max(x/6 + 0.5, 0), 1)`; derivative 1/6 where `0 < y < 1`.
    DL_CELL_HARD_SIGMOID = 2,
    /// `max(x, 0)`; derivative 1 where `y > 0`.
    DL_CELL_RELU = 3,
    /// `x`; derivative 1 (nothing is done).
    DL_CELL_LINEAR = 4,
};

/// A recurrent cell's activation (`kind`, a DL_CELL_ value) in place, as `CellActivation.applyInPlace`.
/// Shapes: p `[count]`.
void dl_cell_activate_inplace(float *p, ptrdiff_t count, int kind);

/// `d = d · act′` where the activation's output is `y`, as `CellActivation.multiplyByDerivative`.
/// Shapes: d, y `[count]`.
void dl_cell_times_derivative_inplace(float *d, const float *y, ptrdiff_t count, int kind);

/// One LSTM step's gate pass over rows (Keras's `LSTMCell`, gates i, f, c, o), `u` = `units`:
/// from row r's pre-activations `gates + r·gateStride` (`[4u]`) the activated gates
/// i, f = rec(·), g = act(·), o = rec(·) (written over them when `storesGates`); then
/// `c = f ⊙ c_prev + i ⊙ g` (c_prev zeros when `previousCell` is NULL), `a = act(c)` and `h = o ⊙ a`.
typedef struct {
    /// `[rows, 4u]`, row stride `gateStride`: pre-activations in, activated gates out when `storesGates`.
    float *gates;
    ptrdiff_t gateStride;
    /// The states before the step `[rows, u]` (row stride u), or NULL for zeros.
    const float *previousCell;
    /// c `[rows, u]` (row stride u; may be `previousCell` itself: each element is read first).
    float *cell;
    /// act(c) `[rows, u]` (row stride u), or NULL when not kept.
    float *activatedCell;
    /// h `[rows, u]`, row stride `hiddenStride`.
    float *hidden;
    ptrdiff_t hiddenStride;
    /// h stored a second time (inference: into the next step's product input), row stride
    /// `hiddenCopyStride`, or NULL.
    float *hiddenCopy;
    ptrdiff_t hiddenCopyStride;
    ptrdiff_t units;
    /// DL_CELL_ values: `activation` for g and the cell state, `recurrentActivation` for i, f, o.
    int activation, recurrentActivation;
    /// 1: the activated gates replace the pre-activations (the backward pass reads them);
    /// 0: `gates` is only read (inference).
    int storesGates;
} dl_lstm_forward_step;

/// Rows `first ..< end` of `step` (each row independent): the same operations in the same order as
/// the Swift gate pass (`RecurrentKernels.lstmForwardRowsSwift`), so the same bits in every variant.
void dl_lstm_forward_rows(const dl_lstm_forward_step *step, ptrdiff_t first, ptrdiff_t end);

/// One LSTM step's backward gate pass over rows, `u` = `units`, all rows `[rows, u]` (row stride u)
/// but the gates': with dh = outputGradient + hiddenGradient, dc = cellGradient + act′(a) ⊙ dh ⊙ o,
/// gateGradients gets `rec′ ⊙ dc ⊙ g`, `rec′ ⊙ dc ⊙ c_prev`, `act′ ⊙ dc ⊙ i`, `rec′ ⊙ dh ⊙ a`
/// (di, df, dg, do; each derivative from the activated gate) and cellGradient becomes `dc ⊙ f`.
typedef struct {
    /// The activated gates `[rows, 4u]` and their gradients (written), row stride `gateStride`.
    const float *gates;
    float *gateGradients;
    ptrdiff_t gateStride;
    /// c_prev (NULL for zeros) and act(c) of the step.
    const float *previousCell;
    const float *activatedCell;
    /// The gradient of h from the step's output and from the step after.
    const float *outputGradient;
    const float *hiddenGradient;
    /// The gradient of c: the step's in, the step before's out.
    float *cellGradient;
    ptrdiff_t units;
    int activation, recurrentActivation;
} dl_lstm_backward_step;

/// Rows `first ..< end` of `step` (each row independent), as the Swift pass
/// (`RecurrentKernels.lstmBackwardRowsSwift`) bit for bit in every variant.
void dl_lstm_backward_rows(const dl_lstm_backward_step *step, ptrdiff_t first, ptrdiff_t end);

#ifdef __cplusplus
}
#endif

#endif
