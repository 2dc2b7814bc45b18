internal import CKernels

// The dense layer's fused output activations and their backward passes by the C kernels
// (Sources/CKernels/Activation.c: portable, AVX2 or AVX-512, chosen at run time; `VectorUnit`).
// They do the same operations in the same order on every element as the Swift loops
// (`sigmoidForwardSwift`, `reluForwardSwift`, `sigmoidBackwardSwift`, `reluBackwardSwift`, kept as
// their reference), so results are bit-identical; the Swift loops compile to 4-lane SSE in a
// portable build, the AVX-512 variant runs 16 lanes (the autoencoder's 784-wide sigmoid output pass
// took as long as its two GEMMs).

extension ActivationKernels {
    /// `y = 1 / (1 + e^−y)` in place (`FastMath.sigmoid`, within about 3 ulp of the exact sigmoid).
    /// Shapes: y `[count]`.
    package static func sigmoidForward(_ y: UnsafeMutablePointer<Float>, count: Int) {
        guard count > 0 else { return }
        dl_sigmoid_inplace(y, count)
    }

    /// `y = max(y, 0)` in place; NaN stays NaN (as TensorFlow's `relu`), −0 becomes +0.
    /// Shapes: y `[count]`.
    package static func reluForward(_ y: UnsafeMutablePointer<Float>, count: Int) {
        guard count > 0 else { return }
        dl_relu_inplace(y, count)
    }

    /// `dz = g · y · (1 − y)`, the sigmoid's backward pass from its output. Shapes: g, y, dz `[count]`.
    package static func sigmoidBackward(_ g: UnsafePointer<Float>, _ y: UnsafePointer<Float>,
                                        into dz: UnsafeMutablePointer<Float>, count: Int) {
        guard count > 0 else { return }
        dl_sigmoid_backward(g, y, dz, count)
    }

    /// `dz = g · [y > 0]` (+0 where y ≤ 0 or NaN), ReLU's backward pass from its output or input.
    /// Shapes: g, y, dz `[count]`.
    package static func reluBackward(_ g: UnsafePointer<Float>, _ y: UnsafePointer<Float>,
                                     into dz: UnsafeMutablePointer<Float>, count: Int) {
        guard count > 0 else { return }
        dl_relu_backward(g, y, dz, count)
    }
}
