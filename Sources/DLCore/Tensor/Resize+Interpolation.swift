// Resizing with every `tf.image.resize` method: a weighted resample along one axis with its
// pullback, and the NHWC image resize built from it (width, then height).

/// `x` resampled along `axis` by `taps`: `out[…, r, …] = Σ_k weight[k]·x[…, index[k], …]` over
/// output r's taps. Shape `[…, L, …] → […, taps.outputLength, …]`; the gradient is the adjoint
/// (each output's gradient spread back over its taps by the same weights).
/// - Precondition: every tap's index is inside the axis, and `axis` is in range.
package func resampled(_ x: Tensor, axis: Int, taps: ResizeKernels.WeightedTaps) -> Tensor {
    let a = x.normalizedAxis(axis)
    let (outer, length, inner) = x.axisLayout(a)
    var outShape = x.shape
    outShape[a] = taps.outputLength
    let out = Tensor(shape: outShape) { o in
        x.storage.withUnsafeBufferPointer {
            ResizeKernels.weightedForward($0, outer: outer, length: length, inner: inner, taps: taps, into: o)
        }
    }
    let inputShape = x.shape
    return recordOperation(inputs: [x], output: out) { grad in
        [Tensor(shape: inputShape) { dx in
            grad.storage.withUnsafeBufferPointer {
                ResizeKernels.weightedBackward($0, outer: outer, length: length, inner: inner, taps: taps, into: dx)
            }
        }]
    }
}

/// Images resized to `height × width` as `tf.image.resize(images, (height, width), method:
/// interpolation, antialias: false)` computes them (float32; within rounding of TensorFlow's own
/// order of operations): bilinear through `linearlyResized` (TensorFlow's lerps exactly), the other
/// methods through their `ResizeTaps`, along the width and then the height. Even a same-size resize
/// runs the method, as TensorFlow does (only bilinear, nearest, area and bicubic are then exactly the identity).
/// Shapes: `[batch, h, w, channels] → [batch, height, width, channels]`. Differentiable (a linear map).
/// - Precondition: a rank-4 input with non-empty height and width, and `height`, `width` ≥ 1.
public func resizedImages(_ images: Tensor, height: Int, width: Int, interpolation: ResizeInterpolation = .bilinear) -> Tensor {
    check(images.rank == 4 && images.shape[1] > 0 && images.shape[2] > 0 && height > 0 && width > 0,
          "resizedImages: expects [batch, height, width, channels] with a non-empty image and a positive size, "
          + "received shape \(images.shape) → \(height)×\(width)")
    if interpolation == .bilinear {
        let columns = images.shape[2] == width ? images : linearlyResized(images, axis: 2, length: width)
        return images.shape[1] == height ? columns : linearlyResized(columns, axis: 1, length: height)
    }
    let columns = resampled(images, axis: 2, taps: ResizeTaps.make(interpolation, length: images.shape[2], outputLength: width))
    return resampled(columns, axis: 1, taps: ResizeTaps.make(interpolation, length: images.shape[1], outputLength: height))
}
