import Foundation
internal import CKernels

/// The activations a recurrent cell's fused gate pass knows (Keras's `activation` and
/// `recurrent_activation` of `SimpleRNN`, `LSTM` and `GRU`): each has a derivative that follows
/// from its output alone, so the backward pass needs no pre-activations.
public enum CellActivation: Equatable, Sendable {
    /// `tanh(x)` (Keras's `activation` default); derivative `1 − y²`.
    case tanh
    /// `1 / (1 + e⁻ˣ)` (Keras's `recurrent_activation` default); derivative `y(1 − y)`.
    case sigmoid
    /// Keras 3's `relu6(x + 3) / 6`; derivative `1/6` where `0 < y < 1`.
    case hardSigmoid
    /// `max(x, 0)`; derivative 1 where `y > 0`.
    case relu
    /// `x`; derivative 1.
    case linear

    /// The activation of `x`.
    @inlinable
    package func apply(_ x: Float) -> Float {
        switch self {
        case .tanh: return tanhf(x)
        case .sigmoid: return x >= 0 ? 1 / (1 + expf(-x)) : expf(x) / (1 + expf(x))
        case .hardSigmoid: return Swift.min(Swift.max(x / 6 + 0.5, 0), 1)
        case .relu: return Swift.max(x, 0)
        case .linear: return x
        }
    }

    /// The derivative at the point whose activation is `y`.
    @inlinable
    package func derivative(output y: Float) -> Float {
        switch self {
        case .tanh: return 1 - y * y
        case .sigmoid: return y * (1 - y)
        case .hardSigmoid: return y > 0 && y < 1 ? 1.0 / 6 : 0
        case .relu: return y > 0 ? 1 : 0
        case .linear: return 1
        }
    }
}

/// Shared pieces of the recurrent kernels (`RecurrentKernels+SimpleRNN`, `+LSTM`, `+GRU`).
///
/// Layout: every kernel works time-major. The input `[batch, steps, features]` is copied once to
/// `[steps, batch, features]` in processing order (reversed with `goBackwards`), so that the
/// rows of one step are contiguous; then
/// 1. the input projection of all steps is ONE GEMM `[steps·batch, features] · kernel + bias`;
/// 2. each step adds one batch GEMM `h[t−1] · recurrentKernel` and runs the gates in one fused
///    pass over the step's rows, writing the activated gates back for the backward pass (the
///    LSTM's on the C kernels and over the cores: `RecurrentKernels+Gates.swift`);
/// 3. backward through time walks the steps in reverse with one GEMM per step for the gradient
///    reaching `h[t−1]`, then the weight gradients are each ONE GEMM over all steps
///    (`xᵀ · dz`, `hᵀ · dz`) and the input gradient one GEMM `dz · kernelᵀ`.
package enum RecurrentKernels {
    /// A heap buffer of floats owned by a pullback (freed with it).
    package final class Buffer {
        package let pointer: UnsafeMutablePointer<Float>
        package let count: Int

        /// `count` floats, zeroed.
        package init(zeroed count: Int) {
            self.count = count
            pointer = .allocate(capacity: Swift.max(count, 1))
            pointer.initialize(repeating: 0, count: Swift.max(count, 1))
        }

        /// `count` floats left uninitialized: for buffers every pass writes whole before reading.
        package init(uninitialized count: Int) {
            self.count = count
            pointer = .allocate(capacity: Swift.max(count, 1))
        }

        deinit { pointer.deallocate() }
    }

    /// `dh[b] += passed[b]` for the rows masked at processing step `t` (their gradient skips the step),
    /// among `rows` (default all).
    package static func addPassedGradients(_ passed: Buffer, into dh: Buffer, size: Dimensions, mask: UnsafePointer<Float>?,
                                           step t: Int, reversed: Bool, rows: Range<Int>? = nil) {
        guard mask != nil else { return }
        let u = size.units
        for b in rows ?? 0..<size.batch where size.isMasked(mask, batch: b, step: t, reversed: reversed) {
            for j in 0..<u { dh.pointer[b * u + j] += passed.pointer[b * u + j] }
        }
    }

    /// The gradients of one recurrent call.
    package struct CellGradients {
        /// The input's, `[steps·batch, features]` time-major in processing order (nil when not asked for).
        package var x: Buffer?
        /// The kernel's, recurrent kernel's and bias's, in their shapes.
        package var kernel: Buffer, recurrentKernel: Buffer, bias: Buffer
    }

    /// `[batch, steps, width]` (batch-major, `x`) → `[steps, batch, width]` in processing order:
    /// time-major row `t·batch + b` is `x[b, reversed ? steps−1−t : t]`.
    /// `inSteps` (default `steps`) is the number of steps stored per sample in `x`.
    package static func toTimeMajor(_ x: UnsafePointer<Float>, batch: Int, steps: Int, width: Int, reversed: Bool,
                                    inSteps: Int? = nil, into out: UnsafeMutablePointer<Float>) {
        let stride = inSteps ?? steps
        for t in 0..<steps {
            let source = reversed ? steps - 1 - t : t
            for b in 0..<batch {
                (out + (t * batch + b) * width).update(from: x + (b * stride + source) * width, count: width)
            }
        }
    }

    /// The inverse of `toTimeMajor`: `[steps, batch, width]` → `[batch, steps, width]`, writing
    /// `outSteps` steps per sample (more than `steps` leaves the extra rows alone).
    package static func fromTimeMajor(_ x: UnsafePointer<Float>, batch: Int, steps: Int, width: Int, reversed: Bool,
                                      outSteps: Int, into out: UnsafeMutablePointer<Float>) {
        for t in 0..<steps {
            let target = reversed ? steps - 1 - t : t
            for b in 0..<batch {
                (out + (b * outSteps + target) * width).update(from: x + (t * batch + b) * width, count: width)
            }
        }
    }

    /// `m` `[rows, columns]` transposed into a new `[columns, rows]` buffer.
    static func transposed(_ m: UnsafePointer<Float>, rows: Int, columns: Int) -> Buffer {
        let out = Buffer(uninitialized: rows * columns)
        for r in 0..<rows {
            for c in 0..<columns { out.pointer[c * rows + r] = m[r * columns + c] }
        }
        return out
    }

    /// `out[rows, width] = x[rows, features] · kernel[features, width] + bias` (bias broadcast
    /// over rows; none when nil): the input projection of every step in one GEMM.
    package static func project(_ x: UnsafePointer<Float>, kernel: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
                                rows: Int, features: Int, width: Int, into out: UnsafeMutablePointer<Float>) {
        if let bias {
            for r in 0..<rows { (out + r * width).update(from: bias, count: width) }
        }
        GEMM.multiply(x, transposeA: false, kernel, transposeB: false, into: out, m: rows, n: width, k: features,
                      beta: bias == nil ? 0 : 1)
    }

    /// `out[width] += Σ_rows dz[row, width]` (a bias gradient).
    package static func addColumnSums(_ dz: UnsafePointer<Float>, rows: Int, width: Int, ld: Int? = nil,
                                      into out: UnsafeMutablePointer<Float>) {
        let ld = ld ?? width
        for r in 0..<rows {
            let row = dz + r * ld
            for j in 0..<width { out[j] += row[j] }
        }
    }

    /// The gradients of a cell whose pre-activations are `x·W + h_{t−1}·U + b` (SimpleRNN, LSTM), from their
    /// gradient `dz` `[rows, width]`: `W`'s `xᵀ·dz`, `U`'s `h_{t−1}ᵀ·dz` (`hidden` holds h_0 … h_{steps−1} first),
    /// the bias's column sums, and the input's `dz·Wᵀ` when `needInput`.
    package static func projectionGradients(_ dz: UnsafePointer<Float>, x: UnsafePointer<Float>,
                                            hidden: UnsafePointer<Float>, kernel: UnsafePointer<Float>,
                                            size: Dimensions, units: Int, width: Int, needInput: Bool) -> CellGradients {
        var gradients = CellGradients(x: nil, kernel: Buffer(uninitialized: size.features * width),
                                      recurrentKernel: Buffer(uninitialized: units * width), bias: Buffer(zeroed: width))
        weightGradient(x, dz, rows: size.rows, features: size.features, width: width, into: gradients.kernel.pointer)
        weightGradient(hidden, dz, rows: size.rows, features: units, width: width, into: gradients.recurrentKernel.pointer)
        addColumnSums(dz, rows: size.rows, width: width, into: gradients.bias.pointer)
        if needInput {
            let dx = Buffer(uninitialized: size.rows * size.features)
            inputGradient(dz, kernel: kernel, rows: size.rows, features: size.features, width: width, into: dx.pointer)
            gradients.x = dx
        }
        return gradients
    }

    /// The weight gradient `out[features, width] = aᵀ · dz` over all `rows` (steps × batch) in one GEMM:
    /// `a` is `[rows, features]`, `dz` `[rows, width]` with row stride `ldz`.
    package static func weightGradient(_ a: UnsafePointer<Float>, _ dz: UnsafePointer<Float>, rows: Int, features: Int,
                                       width: Int, ldz: Int? = nil, into out: UnsafeMutablePointer<Float>) {
        GEMM.multiply(a, transposeA: true, dz, transposeB: false, into: out, m: features, n: width, k: rows,
                      ldb: ldz ?? width, vectorRows: false)
    }

    /// The input gradient `out[rows, features] = dz[rows, width] · kernel[features, width]ᵀ` in one GEMM.
    package static func inputGradient(_ dz: UnsafePointer<Float>, kernel: UnsafePointer<Float>, rows: Int, features: Int,
                                      width: Int, into out: UnsafeMutablePointer<Float>) {
        GEMM.multiply(dz, transposeA: false, kernel, transposeB: true, into: out, m: rows, n: features, k: width)
    }
}

extension CellActivation {
    /// The C kernels' code of the activation (CKernels.h's DL_CELL_ values).
    var kernelCode: Int32 {
        switch self {
        case .tanh: return Int32(DL_CELL_TANH)
        case .sigmoid: return Int32(DL_CELL_SIGMOID)
        case .hardSigmoid: return Int32(DL_CELL_HARD_SIGMOID)
        case .relu: return Int32(DL_CELL_RELU)
        case .linear: return Int32(DL_CELL_LINEAR)
        }
    }

    /// Applies the activation in place to `count` floats at `p`, by the C kernels (portable, AVX2 or
    /// AVX-512, chosen at run time), bit for bit as `applyInPlaceSwift`.
    package func applyInPlace(_ p: UnsafeMutablePointer<Float>, count: Int) {
        guard count > 0, self != .linear else { return }
        dl_cell_activate_inplace(p, count, kernelCode)
    }

    /// `d[i] *= derivative(output: y[i])` for `count` floats, by the C kernels, bit for bit as
    /// `multiplyByDerivativeSwift`.
    package func multiplyByDerivative(_ d: UnsafeMutablePointer<Float>, output y: UnsafePointer<Float>, count: Int) {
        guard count > 0, self != .linear else { return }
        dl_cell_times_derivative_inplace(d, y, count, kernelCode)
    }

    /// The Swift loops the C kernels match, kept as their reference: one branch-free loop per
    /// activation (the switch is outside it, so it vectorizes, to SSE in a portable build). Sigmoid
    /// and tanh go through `FastMath.sigmoid` (within 2e−7 absolute; `tanh(x) = 2σ(2x) − 1`, within 5e−7).
    package func applyInPlaceSwift(_ p: UnsafeMutablePointer<Float>, count: Int) {
        switch self {
        case .tanh: for i in 0..<count { p[i] = 2 * FastMath.sigmoid(2 * p[i]) - 1 }
        case .sigmoid: for i in 0..<count { p[i] = FastMath.sigmoid(p[i]) }
        case .hardSigmoid: for i in 0..<count { p[i] = Swift.min(Swift.max(p[i] / 6 + 0.5, 0), 1) }
        case .relu: for i in 0..<count { p[i] = Swift.max(p[i], 0) }
        case .linear: break
        }
    }

    /// `d[i] *= derivative(output: y[i])`, the Swift loops `multiplyByDerivative` matches.
    package func multiplyByDerivativeSwift(_ d: UnsafeMutablePointer<Float>, output y: UnsafePointer<Float>, count: Int) {
        switch self {
        case .tanh: for i in 0..<count { d[i] *= 1 - y[i] * y[i] }
        case .sigmoid: for i in 0..<count { d[i] *= y[i] * (1 - y[i]) }
        case .hardSigmoid: for i in 0..<count { d[i] *= y[i] > 0 && y[i] < 1 ? 1.0 / 6 : 0 }
        case .relu: for i in 0..<count { d[i] *= y[i] > 0 ? 1 : 0 }
        case .linear: break
        }
    }
}
