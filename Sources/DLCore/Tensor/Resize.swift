// Resizing along one axis (UpSampling2D's nearest and bilinear modes), each with its pullback.

/// `x` with every slice along `axis` repeated `times` times in place (Keras's `ops.repeat`):
/// shape `[…, L, …] → […, L·times, …]`, `out[…, l·times + j, …] = x[…, l, …]`.
/// The gradient sums the copies. Repeated along the height and then the width axis of an NHWC
/// batch, this is nearest-neighbour upsampling.
/// - Precondition: `times ≥ 1` and `axis` is in range (negative axes count from the end).
public func repeated(_ x: Tensor, axis: Int, times: Int) -> Tensor {
    check(times >= 1, "repeated: times must be at least 1, received \(times) for shape \(x.shape)")
    let a = x.normalizedAxis(axis)
    let (outer, length, inner) = x.axisLayout(a)
    var outShape = x.shape
    outShape[a] = length * times
    let out = Tensor(shape: outShape) { o in
        x.storage.withUnsafeBufferPointer {
            ResizeKernels.repeatForward($0, outer: outer, length: length, inner: inner, times: times, into: o)
        }
    }
    let inputShape = x.shape
    return recordOperation(inputs: [x], output: out) { grad in
        [Tensor(shape: inputShape) { dx in
            grad.storage.withUnsafeBufferPointer {
                ResizeKernels.repeatBackward($0, outer: outer, length: length, inner: inner, times: times, into: dx)
            }
        }]
    }
}

/// `x` resized linearly along `axis` to `length` positions, with TensorFlow's half-pixel centres
/// and no antialiasing (`tf.image.resize(method: "bilinear")` along one axis): output position
/// `r` reads `s = (r + 0.5)·(L / length) − 0.5` between the rows `⌊s⌋` and `⌈s⌉` (clamped to the
/// input), weighted by `s − ⌊s⌋`. Resized along the width and then the height axis of an NHWC
/// batch, this is TensorFlow's (and Keras's) bilinear resize, to the last rounding.
/// Shape `[…, L, …] → […, length, …]`; the gradient is the adjoint (each output's gradient split
/// between its two source rows by the same weights).
/// - Precondition: `length ≥ 1`, the axis is not empty, and `axis` is in range.
public func linearlyResized(_ x: Tensor, axis: Int, length: Int) -> Tensor {
    let a = x.normalizedAxis(axis)
    let (outer, inputLength, inner) = x.axisLayout(a)
    check(length >= 1 && inputLength >= 1,
          "linearlyResized: needs a non-empty axis and length ≥ 1, received length \(length) for axis \(a) of shape \(x.shape)")
    var outShape = x.shape
    outShape[a] = length
    let taps = ResizeKernels.LinearTaps(length: inputLength, outputLength: length)
    let out = Tensor(shape: outShape) { o in
        x.storage.withUnsafeBufferPointer {
            ResizeKernels.linearForward($0, outer: outer, length: inputLength, inner: inner, taps: taps, into: o)
        }
    }
    let inputShape = x.shape
    return recordOperation(inputs: [x], output: out) { grad in
        [Tensor(shape: inputShape) { dx in
            grad.storage.withUnsafeBufferPointer {
                ResizeKernels.linearBackward($0, outer: outer, length: inputLength, inner: inner, taps: taps, into: dx)
            }
        }]
    }
}
