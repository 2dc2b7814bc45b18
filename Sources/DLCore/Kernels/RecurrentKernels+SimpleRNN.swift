// SimpleRNN's fused forward and backward through time (Keras 3 `SimpleRNNCell`):
//   h_t = act(x_t · W + b + h_{t−1} · U)
// Shapes: x [batch, steps, features]; W [features, u]; U [u, u]; b [u]. See `RecurrentKernels`
// for the layout (time-major, one projection GEMM, one GEMM per step).

extension RecurrentKernels {
    /// What the SimpleRNN forward pass keeps for its backward pass (time-major, processing order).
    package final class SimpleRNNTrace {
        package let size: Dimensions
        /// The input `[steps, batch, features]`.
        package let x: Buffer
        /// The hidden states `[steps + 1, batch, u]`, the first all zeros (the initial state).
        package let hidden: Buffer

        init(_ size: Dimensions) {
            self.size = size
            x = Buffer(zeroed: size.rows * size.features)
            hidden = Buffer(zeroed: (size.steps + 1) * size.batch * size.units)
        }
    }

    /// The SimpleRNN forward pass over every step of `x` (`[batch, steps, features]`), from a zero state.
    package static func simpleRNNForward(_ x: UnsafePointer<Float>, kernel: UnsafePointer<Float>,
                                         recurrentKernel: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
                                         size: Dimensions, activation: CellActivation, reversed: Bool,
                                         mask: UnsafePointer<Float>? = nil) -> SimpleRNNTrace {
        let trace = SimpleRNNTrace(size)
        let (batch, u) = (size.batch, size.units)
        toTimeMajor(x, batch: batch, steps: size.steps, width: size.features, reversed: reversed, into: trace.x.pointer)
        // The projection goes straight into h[1...]; each step then adds h[t−1] · U in place.
        let states = trace.hidden.pointer + batch * u
        project(trace.x.pointer, kernel: kernel, bias: bias, rows: size.rows, features: size.features, width: u,
                into: states)
        for t in 0..<size.steps {
            let h = states + t * batch * u
            GEMM.multiply(h - batch * u, transposeA: false, recurrentKernel, transposeB: false, into: h,
                          m: batch, n: u, k: u, beta: 1)
            activation.applyInPlace(h, count: batch * u)
            for b in 0..<batch where size.isMasked(mask, batch: b, step: t, reversed: reversed) {   // padding keeps h
                (h + b * u).update(from: h - batch * u + b * u, count: u)
            }
        }
        return trace
    }

    /// Backward through time: `dHidden` is the gradient of every hidden state `[steps, batch, u]`
    /// (time-major, processing order).
    package static func simpleRNNBackward(_ trace: SimpleRNNTrace, dHidden: UnsafePointer<Float>,
                                          kernel: UnsafePointer<Float>, recurrentKernel: UnsafePointer<Float>,
                                          activation: CellActivation, needInput: Bool,
                                          mask: UnsafePointer<Float>? = nil, reversed: Bool = false) -> CellGradients {
        let size = trace.size
        let (batch, u) = (size.batch, size.units)
        let dz = Buffer(zeroed: size.rows * u), dh = Buffer(zeroed: batch * u), passed = Buffer(zeroed: mask == nil ? 0 : batch * u)
        for t in stride(from: size.steps - 1, through: 0, by: -1) {
            let h = trace.hidden.pointer + (t + 1) * batch * u, dzt = dz.pointer + t * batch * u
            let dht = dHidden + t * batch * u
            for j in 0..<(batch * u) { dzt[j] = dht[j] + dh.pointer[j] }
            activation.multiplyByDerivative(dzt, output: h, count: batch * u)
            for b in 0..<batch where size.isMasked(mask, batch: b, step: t, reversed: reversed) {
                for j in 0..<u { passed.pointer[b * u + j] = dht[b * u + j] + dh.pointer[b * u + j] }
                (dzt + b * u).update(repeating: 0, count: u)
            }
            GEMM.multiply(dzt, transposeA: false, recurrentKernel, transposeB: true, into: dh.pointer, m: batch, n: u, k: u)
            addPassedGradients(passed, into: dh, size: size, mask: mask, step: t, reversed: reversed)
        }
        return projectionGradients(dz.pointer, x: trace.x.pointer, hidden: trace.hidden.pointer, kernel: kernel,
                                   size: size, units: u, width: u, needInput: needInput)
    }
}
