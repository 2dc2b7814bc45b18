/// AdamW (Keras 3 `AdamW`): Adam with decoupled weight decay.
///
/// Before the Adam step (see `Adam`), w −= lr·weightDecay·w. It takes every initializer of
/// `Adam`; the decay is the base class's `weightDecay`, 0.004 when none is given.
public final class AdamW: Adam {
    /// Keras's default weight decay for AdamW, 0.004.
    override public class var defaultWeightDecay: Float? { 0.004 }
}

extension Optimizer where Self == AdamW {
    /// AdamW with Keras's defaults (learning rate 0.001, weight decay 0.004).
    public static var adamW: AdamW { AdamW() }
}
