internal import CKernels

// Step 3 of Winograd's forward pass (and of its dx, which runs the forward on the output gradient):
// the α² products M_e [T, F] = V_e [T, C] · U_e [C, F], one per cell e of the transformed tiles;
// and dKernel's dU_e [C, F] += V_eᵀ · dM_e (`ConvolutionKernels+WinogradGradient.swift`).
//
// Their inner dimension is the layer's channels (16 to 64 in the zoo's models), short for
// OpenBLAS: it packs both operands for every product, and the AVX2 kernels it runs on these
// machines (OPENBLAS_CORETYPE=Haswell) use half an AVX-512 register. With AVX-512 the products
// run on CKernels' `dl_gemm_direct` instead (the direct convolution's kernel, 1×1): no packing,
// the filters in 16-lane registers. Measured on the zoo's Winograd layers (batch 256, the whole
// forward pass, a loaded 2-core AMD EPYC): resnet 16 → 16 channels −19%, 32 → 32 −36%; vgg
// 32 → 32 −35%, 32 → 64 −53%, 64 → 64 −42%; siamese 32 → 64 −57%. Each output is then summed from
// 0 over the channels in order, one fused multiply-add a term: the last bits differ from
// OpenBLAS's; the small VGG's 30 training steps stayed as close to Keras's as before
// (TransferTrainingParityTests: every weight within 0.7–4.2% of its movement, with dKernel's
// products below also direct; 1.6–4.2% with OpenBLAS's on the same machine).

extension ConvolutionKernels {
    /// Whether the Winograd products run on `dl_gemm_direct` (CPUs with AVX-512) rather than GEMM.
    static var winogradProductsDirect: Bool { VectorUnit.active == .avx512 }

    /// M_e = V_e · U_e for every cell e < `cells`: V_e `[tiles, channels]` at `v + e·vStride`, U_e
    /// `[channels, filters]` at `u + e·channels·filters`, M_e `[tiles, filters]` at
    /// `product + e·mStride` (overwritten). On the calling thread.
    static func winogradProducts(_ v: UnsafePointer<Float>, cellStride vStride: Int, _ u: UnsafePointer<Float>,
                                 into product: UnsafeMutablePointer<Float>, cellStride mStride: Int, cells: Int,
                                 tiles: Int, channels: Int, filters: Int) {
        for cell in 0..<cells {
            winogradCellProduct(v + cell * vStride, u + cell * channels * filters, into: product + cell * mStride,
                                rows: tiles, inner: channels, columns: filters)
        }
    }

    /// One cell's product, out `[rows, columns]` = a `[rows, inner]` · b `[inner, columns]` (a stored
    /// as `[inner, rows]` when `transposeA`; out + a · b when `accumulate`), on the calling thread:
    /// by `directProduct` with AVX-512 (`winogradProductsDirect`), else by GEMM (`vectorRows` as
    /// `GEMM.multiply`'s).
    static func winogradCellProduct(_ a: UnsafePointer<Float>, transposeA: Bool = false, _ b: UnsafePointer<Float>,
                                    into out: UnsafeMutablePointer<Float>, rows: Int, inner: Int, columns: Int,
                                    accumulate: Bool = false, vectorRows: Bool = true) {
        if winogradProductsDirect {
            directProduct(a, transposeA: transposeA, b, into: out, rows: rows, inner: inner, columns: columns,
                          accumulate: accumulate)
        } else {
            GEMM.multiply(a, transposeA: transposeA, b, transposeB: false, into: out, m: rows, n: columns, k: inner,
                          beta: accumulate ? 1 : 0, parallel: false, vectorRows: vectorRows)
        }
    }

    /// out `[rows, columns]` = a `[rows, inner]` · b `[inner, columns]` (dense, row-major; a stored
    /// as `[inner, rows]` when `transposeA`; out + a · b when `accumulate`) by CKernels'
    /// `dl_gemm_direct` in the active variant: each product summed from 0 over `inner` in order,
    /// one fused multiply-add a term (`referenceDirectForward` of a 1×1 convolution).
    package static func directProduct(_ a: UnsafePointer<Float>, transposeA: Bool = false, _ b: UnsafePointer<Float>,
                                      into out: UnsafeMutablePointer<Float>, rows: Int, inner: Int, columns: Int,
                                      accumulate: Bool = false) {
        dl_gemm_direct(a, transposeA ? 1 : 0, b, out, rows, inner, columns, accumulate ? 1 : 0)
    }

    /// out `[pixels, filters]` = x · kernel `[channels, filters]` (+ bias, then ReLU when asked; out
    /// plus that when `accumulate`), where pixel p's channel c of x is at `x[p·pixelStride +
    /// c·channelStride]`: `dl_direct_conv` as a 1×1 convolution of a one-row image, on the calling
    /// thread. Each output the sum from 0 over the channels in order, one fused multiply-add a term.
    package static func pointwiseProduct(_ x: UnsafePointer<Float>, pixels: Int, pixelStride: Int, channels: Int,
                                         channelStride: Int = 1, kernel: UnsafePointer<Float>, filters: Int,
                                         bias: UnsafePointer<Float>? = nil, relu: Bool = false, accumulate: Bool = false,
                                         into out: UnsafeMutablePointer<Float>) {
        var product = dl_direct_conv(
            x: x, height: 1, width: pixels, channels: channels, kernel: kernel, kernelHeight: 1, kernelWidth: 1,
            filters: filters, bias: bias, relu: relu ? 1 : 0, strideHeight: 1, strideWidth: 1, padTop: 0, padLeft: 0,
            outHeight: 1, outWidth: pixels, out: out, pixelStride: pixelStride, channelStride: channelStride,
            accumulate: accumulate ? 1 : 0)
        dl_conv_direct(&product, 0, 0, 1)
    }
}
