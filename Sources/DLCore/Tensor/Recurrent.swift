// The recurrent ops: a whole sequence through a SimpleRNN, LSTM or GRU cell in one op (the fused
// kernels of `RecurrentKernels`), each with its backward through time recorded right below.
// All start from zero states; `goBackwards` processes the steps last to first and returns the
// outputs in processing order, as Keras's `go_backwards` does. A `mask` `[batch, steps]` (Keras's:
// 1 a real step, 0 padding) makes a padded step keep the states of the step before (its output is
// that state), and its gradient pass straight through.

/// The hidden states of a SimpleRNN over a sequence: `[batch, steps, features] → [batch, steps, units]`.
/// `kernel` `[features, units]`, `recurrentKernel` `[units, units]`, `bias` `[units]`.
public func simpleRNNSequence(_ x: Tensor, kernel: Tensor, recurrentKernel: Tensor, bias: Tensor?,
                              activation: CellActivation = .tanh, goBackwards: Bool = false, mask: Tensor? = nil) -> Tensor {
    let size = recurrentDimensions(x, kernel, recurrentKernel, bias, gates: 1, biasShape: [kernel.shape[1]], "simpleRNNSequence")
    let mask = recurrentMask(mask, size, "simpleRNNSequence")
    let trace = withRecurrentPointers(x, kernel, recurrentKernel, bias, mask) { xp, kp, rp, bp, mp in
        RecurrentKernels.simpleRNNForward(xp, kernel: kp, recurrentKernel: rp, bias: bp, size: size,
                                          activation: activation, reversed: goBackwards, mask: mp)
    }
    let out = hiddenSequence(trace.hidden, size, extraStep: nil)
    guard isRecordingGradients else { return out }
    let needX = x.isOnActiveTape
    return recordOperation(inputs: [x, kernel, recurrentKernel] + (bias.map { [$0] } ?? []), output: out) { g in
        let dHidden = timeMajorGradient(g, size, outSteps: size.steps)
        let grads = withRecurrentPointers(x, kernel, recurrentKernel, nil, mask) { _, kp, rp, _, mp in
            RecurrentKernels.simpleRNNBackward(trace, dHidden: dHidden.pointer, kernel: kp, recurrentKernel: rp,
                                               activation: activation, needInput: needX, mask: mp, reversed: goBackwards)
        }
        return recurrentGradients(grads, x, kernel, recurrentKernel, bias, size, goBackwards)
    }
}

/// The hidden states of an LSTM over a sequence, then its last cell state:
/// `[batch, steps, features] → [batch, steps + 1, units]` (steps `0..<steps` are `h`, step `steps` is
/// the final `c`). `kernel` `[features, 4u]`, `recurrentKernel` `[u, 4u]`, `bias` `[4u]` (gates i, f, c, o).
public func lstmSequence(_ x: Tensor, kernel: Tensor, recurrentKernel: Tensor, bias: Tensor?,
                         activation: CellActivation = .tanh, recurrentActivation: CellActivation = .sigmoid,
                         goBackwards: Bool = false, mask: Tensor? = nil) -> Tensor {
    let size = recurrentDimensions(x, kernel, recurrentKernel, bias, gates: 4, biasShape: [kernel.shape[1]], "lstmSequence")
    let mask = recurrentMask(mask, size, "lstmSequence")
    guard isRecordingGradients && [x, kernel, recurrentKernel, bias].contains(where: { $0?.isOnActiveTape == true }) else {
        // No gradient to take: the states only, no trace for a backward pass.
        return Tensor(shape: [size.batch, size.steps + 1, size.units]) { o in
            guard let op = o.baseAddress else { return }
            withRecurrentPointers(x, kernel, recurrentKernel, bias, mask) { xp, kp, rp, bp, mp in
                RecurrentKernels.lstmInference(xp, kernel: kp, recurrentKernel: rp, bias: bp, size: size, activation: activation,
                                               recurrentActivation: recurrentActivation, reversed: goBackwards, mask: mp, into: op)
            }
        }
    }
    let trace = withRecurrentPointers(x, kernel, recurrentKernel, bias, mask) { xp, kp, rp, bp, mp in
        RecurrentKernels.lstmForward(xp, kernel: kp, recurrentKernel: rp, bias: bp, size: size, activation: activation,
                                     recurrentActivation: recurrentActivation, reversed: goBackwards, mask: mp)
    }
    let lastCell = trace.cells.pointer + (size.steps - 1) * size.batch * size.units
    let out = hiddenSequence(trace.hidden, size, extraStep: size.steps > 0 ? UnsafePointer(lastCell) : nil)
    let needX = x.isOnActiveTape
    return recordOperation(inputs: [x, kernel, recurrentKernel] + (bias.map { [$0] } ?? []), output: out) { g in
        let dHidden = timeMajorGradient(g, size, outSteps: size.steps + 1)
        let dCell = RecurrentKernels.Buffer(zeroed: size.batch * size.units)
        g.withUnsafeBufferPointer { gp in
            for b in 0..<size.batch {
                (dCell.pointer + b * size.units).update(from: gp.baseAddress! + (b * (size.steps + 1) + size.steps) * size.units,
                                                        count: size.units)
            }
        }
        let grads = withRecurrentPointers(x, kernel, recurrentKernel, nil, mask) { _, kp, rp, _, mp in
            RecurrentKernels.lstmBackward(trace, dHidden: dHidden.pointer, dCell: dCell.pointer, kernel: kp,
                                          recurrentKernel: rp, activation: activation,
                                          recurrentActivation: recurrentActivation, needInput: needX, mask: mp,
                                          reversed: goBackwards)
        }
        return recurrentGradients(grads, x, kernel, recurrentKernel, bias, size, goBackwards)
    }
}

/// The hidden states of a GRU over a sequence: `[batch, steps, features] → [batch, steps, units]`.
/// `kernel` `[features, 3u]`, `recurrentKernel` `[u, 3u]` (gates z, r, h), `bias` `[2, 3u]` with
/// `resetAfter` (input and recurrent biases, Keras 3's default) or `[3u]`.
public func gruSequence(_ x: Tensor, kernel: Tensor, recurrentKernel: Tensor, bias: Tensor?,
                        activation: CellActivation = .tanh, recurrentActivation: CellActivation = .sigmoid,
                        resetAfter: Bool = true, goBackwards: Bool = false, mask: Tensor? = nil) -> Tensor {
    let width = kernel.rank == 2 ? kernel.shape[1] : 0
    let size = recurrentDimensions(x, kernel, recurrentKernel, bias, gates: 3, biasShape: resetAfter ? [2, width] : [width],
                                   "gruSequence")
    let mask = recurrentMask(mask, size, "gruSequence")
    let trace = withRecurrentPointers(x, kernel, recurrentKernel, bias, mask) { xp, kp, rp, bp, mp in
        RecurrentKernels.gruForward(xp, kernel: kp, recurrentKernel: rp, bias: bp, size: size, activation: activation,
                                    recurrentActivation: recurrentActivation, resetAfter: resetAfter, reversed: goBackwards,
                                    mask: mp)
    }
    let out = hiddenSequence(trace.hidden, size, extraStep: nil)
    guard isRecordingGradients else { return out }
    let needX = x.isOnActiveTape
    return recordOperation(inputs: [x, kernel, recurrentKernel] + (bias.map { [$0] } ?? []), output: out) { g in
        let dHidden = timeMajorGradient(g, size, outSteps: size.steps)
        let grads = withRecurrentPointers(x, kernel, recurrentKernel, nil, mask) { _, kp, rp, _, mp in
            RecurrentKernels.gruBackward(trace, dHidden: dHidden.pointer, kernel: kp, recurrentKernel: rp,
                                         activation: activation, recurrentActivation: recurrentActivation, needInput: needX,
                                         mask: mp, reversed: goBackwards)
        }
        return recurrentGradients(grads, x, kernel, recurrentKernel, bias, size, goBackwards)
    }
}

// MARK: - Shared plumbing

/// Checks the shapes of a recurrent op's operands (trapping with both shapes) and returns its dimensions.
private func recurrentDimensions(_ x: Tensor, _ kernel: Tensor, _ recurrentKernel: Tensor, _ bias: Tensor?,
                                 gates: Int, biasShape: [Int], _ op: String) -> RecurrentKernels.Dimensions {
    check(x.rank == 3, "\(op): input must be [batch, steps, features], received shape \(x.shape)")
    check(kernel.rank == 2 && kernel.shape[0] == x.shape[2] && kernel.shape[1] % gates == 0,
          "\(op): kernel \(kernel.shape) does not fit input \(x.shape) (expected [\(x.shape[2]), \(gates)·units])")
    let units = kernel.shape[1] / gates
    check(recurrentKernel.shape == [units, gates * units],
          "\(op): recurrent kernel \(recurrentKernel.shape) does not fit kernel \(kernel.shape) (expected [\(units), \(gates * units)])")
    if let bias { check(bias.shape == biasShape, "\(op): bias \(bias.shape) does not fit kernel \(kernel.shape) (expected \(biasShape))") }
    return RecurrentKernels.Dimensions(batch: x.shape[0], steps: x.shape[1], features: x.shape[2], units: units)
}

/// The mask `[batch, steps]` (1 a real step, 0 padding) checked against the input, detached.
private func recurrentMask(_ mask: Tensor?, _ size: RecurrentKernels.Dimensions, _ op: String) -> Tensor? {
    guard let mask else { return nil }
    check(mask.shape == [size.batch, size.steps], "\(op): mask \(mask.shape) does not fit input steps [\(size.batch), \(size.steps)]")
    return mask.detached
}

/// Runs `body` on the operands' scalars.
private func withRecurrentPointers<R>(
    _ x: Tensor, _ kernel: Tensor, _ recurrentKernel: Tensor, _ bias: Tensor?, _ mask: Tensor?,
    _ body: (UnsafePointer<Float>, UnsafePointer<Float>, UnsafePointer<Float>, UnsafePointer<Float>?, UnsafePointer<Float>?) -> R
) -> R {
    let empty: [Float] = [0]
    return empty.withUnsafeBufferPointer { fallback in
        x.withUnsafeBufferPointer { xp in
            kernel.withUnsafeBufferPointer { kp in
                recurrentKernel.withUnsafeBufferPointer { rp in
                    bias.withUnsafeBufferPointer { bp in
                        mask.withUnsafeBufferPointer { mp in
                            body(xp.baseAddress ?? fallback.baseAddress!, kp.baseAddress ?? fallback.baseAddress!,
                                 rp.baseAddress ?? fallback.baseAddress!, bp?.baseAddress, mp?.baseAddress)
                        }
                    }
                }
            }
        }
    }
}

/// The hidden states `hidden[1...]` (`[steps, batch, u]` time-major) as `[batch, steps (+1), u]`,
/// with `extraStep` (`[batch, u]`, the LSTM's last cell state) as the last step when given.
private func hiddenSequence(_ hidden: RecurrentKernels.Buffer, _ size: RecurrentKernels.Dimensions,
                            extraStep: UnsafePointer<Float>?) -> Tensor {
    let (batch, steps, u) = (size.batch, size.steps, size.units)
    let outSteps = steps + (extraStep == nil ? 0 : 1)
    return Tensor(shape: [batch, extraStep == nil ? steps : steps + 1, u]) { o in
        guard let op = o.baseAddress else { return }
        if extraStep == nil && outSteps == steps && steps == 0 { return }
        o.update(repeating: 0)
        RecurrentKernels.fromTimeMajor(hidden.pointer + batch * u, batch: batch, steps: steps, width: u, reversed: false,
                                       outSteps: outSteps, into: op)
        if let extraStep {
            for b in 0..<batch { (op + (b * outSteps + steps) * u).update(from: extraStep + b * u, count: u) }
        }
    }
}

/// The output gradient `g` (`[batch, outSteps, u]`) of the hidden states as `[steps, batch, u]` time-major.
private func timeMajorGradient(_ g: Tensor, _ size: RecurrentKernels.Dimensions, outSteps: Int) -> RecurrentKernels.Buffer {
    let buffer = RecurrentKernels.Buffer(zeroed: size.rows * size.units)
    g.withUnsafeBufferPointer { gp in
        guard let gp = gp.baseAddress else { return }
        RecurrentKernels.toTimeMajor(gp, batch: size.batch, steps: size.steps, width: size.units, reversed: false,
                                     inSteps: outSteps, into: buffer.pointer)
    }
    return buffer
}

/// The kernels' gradients as tensors in the operands' order (x, kernel, recurrent kernel, bias).
private func recurrentGradients(_ grads: RecurrentKernels.CellGradients, _ x: Tensor, _ kernel: Tensor,
                                _ recurrentKernel: Tensor, _ bias: Tensor?, _ size: RecurrentKernels.Dimensions,
                                _ goBackwards: Bool) -> [Tensor?] {
    func tensor(_ buffer: RecurrentKernels.Buffer, _ shape: [Int]) -> Tensor {
        Tensor(shape: shape) { o in
            guard let op = o.baseAddress else { return }
            op.update(from: buffer.pointer, count: o.count)
        }
    }
    let dx = grads.x.map { buffer in
        Tensor(shape: x.shape) { o in
            guard let op = o.baseAddress else { return }
            RecurrentKernels.fromTimeMajor(buffer.pointer, batch: size.batch, steps: size.steps, width: size.features,
                                           reversed: goBackwards, outSteps: size.steps, into: op)
        }
    }
    var result: [Tensor?] = [dx, tensor(grads.kernel, kernel.shape), tensor(grads.recurrentKernel, recurrentKernel.shape)]
    if let bias { result.append(tensor(grads.bias, bias.shape)) }
    return result
}
