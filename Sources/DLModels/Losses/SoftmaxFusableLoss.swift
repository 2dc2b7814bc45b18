/// A loss on probabilities that has an exact form on logits. When the model's output layer
/// provides logits (`Layer.providesLogits`: a `Dense` with a softmax activation), `compile`'s
/// `TrainingPlan` fuses the two and training computes the loss from that layer's logits
/// (logsumexp(x) − x[label]: one fused op whose gradient is softmax − one-hot) instead of softmax,
/// then rescaling, clipping and a log, as Keras's TensorFlow backend does.
///
/// The two forms give the same values and gradients (within float rounding) wherever the
/// label's probability lies in Keras's clipping range [1e-7, 1 − 1e-7]; outside it the logits
/// form keeps the exact value and gradient where the probability form is flat.
protocol SoftmaxFusableLoss: Loss {
    /// The same loss on logits, or nil when this loss already takes logits.
    var onLogits: Loss? { get }
}

extension SparseCategoricalCrossentropy: SoftmaxFusableLoss {
    var onLogits: Loss? { fromLogits ? nil : SparseCategoricalCrossentropy(fromLogits: true) }
}

extension CategoricalCrossentropy: SoftmaxFusableLoss {
    var onLogits: Loss? { fromLogits ? nil : CategoricalCrossentropy(fromLogits: true, labelSmoothing: labelSmoothing) }
}
