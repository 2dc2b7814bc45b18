/// A layer that can apply a following ReLU in its own output pass (`BatchNormalization`, `Add`):
/// a functional model whose graph feeds such a layer's output to a plain ReLU and nowhere else
/// runs the two as one call (`callFollowedByReLU`), without the ReLU's passes and tensor.
public protocol ReLUFusable: Layer {
    /// `relu(call(inputs))` with the same side effects as `call` (the moving statistics of a
    /// batch normalization, for one), as one fused operation. `inputs` holds one tensor for a
    /// layer called on one input, as `call(_:training:)` takes it, or the list a merge takes.
    func callFollowedByReLU(_ inputs: [Tensor], training: Bool) -> Tensor
}

extension Layer {
    /// Whether this layer computes exactly `max(x, 0)` of its one input (an `Activation("relu")`
    /// or a `ReLU` layer with Keras's defaults), so that a `ReLUFusable` producer can apply it.
    public var isPlainReLU: Bool {
        if let layer = self as? ActivationLayer { return layer.activation == .relu }
        if let layer = self as? ReLU { return layer.maxValue == nil && layer.negativeSlope == 0 && layer.threshold == 0 }
        return false
    }
}
