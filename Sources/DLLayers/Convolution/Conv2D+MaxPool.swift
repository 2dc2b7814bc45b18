extension Conv2D: FollowerFusable {
    /// Whether `next` is a `MaxPooling2D` that can run fused after this convolution: this layer's
    /// activation is ReLU or linear (applied before the pooling in the fused op).
    public func canRunFollowed(by next: Layer) -> Bool {
        next is MaxPooling2D && (activation == .relu || activation == .linear)
    }

    /// `next.call(call(input))`: for a `MaxPooling2D` (`canRunFollowed(by:)`), the convolution,
    /// its bias and ReLU and the pooling as one op (`conv2dMaxPool`, bit for bit the two calls,
    /// pooling each chunk of samples while its convolution output is in cache).
    public func callFollowed(by next: Layer, _ input: Tensor, training: Bool) -> Tensor {
        guard let pool = next as? MaxPooling2D, canRunFollowed(by: next) else {
            return next.call(call(input, training: training), training: training)
        }
        let kernelVariable = built(kernel, "kernel")
        let bias = useBias ? built(bias, "bias").value : nil
        return conv2dMaxPool(input, kernel: kernelVariable.value, of: kernelVariable, bias: bias, strides: strides,
                             padding: padding, relu: activation == .relu, poolSize: pool.poolSize,
                             poolStrides: pool.strides, poolPadding: pool.padding)
    }
}
