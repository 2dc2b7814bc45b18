// colsᵀ for stride 1 built from whole shifted planes ("shifted rows") instead of window by window.
//
// Shapes: a chunk of S samples of x [N, H, W, C]; kernel [KH, KW, C, F] read as W [K, F] with
// K = KH·KW·C; out [N, OH, OW, F]. With stride 1, output (oh, ow) reads input cell
// (oh + kh − padTop, ow + kw − padLeft). Lay each sample out as a zero-padded plane P of
// Hp = OH + KH − 1 rows and Wp = OW + KW − 1 columns (Sp = Hp·Wp cells), and number the chunk's
// output positions on that padded grid, j = n·Sp + oh·Wp + ow (the positions with ow ≥ OW or
// oh ≥ OH are computed and ignored). Then window cell (kh, kw, c) of position j is
// P_c[j + kh·Wp + kw]: row (kh, kw, c) of colsᵀ is the chunk's padded planes moved left by
// kh·Wp + kw cells,
//
//   Q [K, L] (L = S·Sp),  Q[(kh, kw, c), j] = P_c[j + kh·Wp + kw]  (0 past the end),
//
// K copies of a whole plane each instead of KH·KW·OH short gathers per sample (im2colᵀ), and the
// products are im2colᵀ's, over Rg = L − (KH − 1)·Wp positions of the grid (ldb = L):
// outᵀ [F, Rg] = Wᵀ · Q, dW [K, F] += Q · Gᵀ with Gᵀ [F, Rg] zero on the ignored positions.
// For LeNet-5's first layer (28×28×1, 5×5, 'same'): 25 copies of 32×32 planes per sample.
// The input gradient keeps the im2colᵀ path (`col2imTransposed`).

extension ConvolutionKernels {
    /// The padded grid of the shifted-rows matrix for a chunk of `samples` samples of `g` (stride 1).
    struct ShiftedGrid {
        /// Padded rows Hp, padded columns Wp, cells per padded sample Sp = Hp·Wp.
        let rows: Int, columns: Int, plane: Int
        /// Q's row length L = S·Sp, and the products' width Rg = L − (KH − 1)·Wp.
        let length: Int, width: Int

        init(_ g: WindowGeometry, samples: Int) {
            rows = g.outputHeight + g.kernelHeight - 1
            columns = g.outputWidth + g.kernelWidth - 1
            plane = rows * columns
            length = samples * plane
            width = length - (g.kernelHeight - 1) * columns
        }
    }

    /// Whether `g` can use shifted rows: stride 1 and a window larger than one cell.
    static func allowsShiftedRows(_ g: WindowGeometry) -> Bool {
        g.strideHeight == 1 && g.strideWidth == 1 && g.kernelHeight * g.kernelWidth > 1
    }

    /// Writes Q `[KH·KW·C, L]` (see the file's comment) for `samples`; `x` is the whole batch.
    static func shiftedRows(_ x: UnsafePointer<Float>, _ g: WindowGeometry, samples: Range<Int>, _ grid: ShiftedGrid,
                            into q: UnsafeMutablePointer<Float>) {
        let c = g.channels, (wp, length) = (grid.columns, grid.length)
        // Input columns iw = w' − padLeft inside the input: w' in firstColumn..<lastColumn.
        let firstColumn = Swift.min(g.padLeft, wp), lastColumn = Swift.min(wp, g.padLeft + g.width)
        // Rows (0, 0, ch): the padded planes, channel by channel.
        for ch in 0..<c {
            var dst = q + ch * length
            for n in samples {
                let sample = x + n * g.sampleSize + ch
                for r in 0..<grid.rows {
                    let ih = r - g.padTop
                    if ih < 0 || ih >= g.height || firstColumn >= lastColumn {
                        dst.update(repeating: 0, count: wp)
                    } else {
                        dst.update(repeating: 0, count: firstColumn)
                        let src = sample + (ih * g.width + firstColumn - g.padLeft) * c
                        if c == 1 {
                            (dst + firstColumn).update(from: src, count: lastColumn - firstColumn)
                        } else {
                            for i in 0..<(lastColumn - firstColumn) { dst[firstColumn + i] = src[i * c] }
                        }
                        (dst + lastColumn).update(repeating: 0, count: wp - lastColumn)
                    }
                    dst += wp
                }
            }
        }
        // Rows (kh, kw, ch) = rows (0, 0, ch) moved left by kh·Wp + kw.
        for kh in 0..<g.kernelHeight {
            for kw in 0..<g.kernelWidth where kh + kw > 0 {
                let shift = Swift.min(kh * wp + kw, length)
                for ch in 0..<c {
                    let dst = q + ((kh * g.kernelWidth + kw) * c + ch) * length
                    dst.update(from: q + ch * length + shift, count: length - shift)
                    (dst + length - shift).update(repeating: 0, count: shift)
                }
            }
        }
    }
}
