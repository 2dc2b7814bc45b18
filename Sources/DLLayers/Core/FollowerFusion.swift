/// A layer that can run the one-input layer after it in its own pass (`Conv2D` followed by
/// `MaxPooling2D`: the pooling runs on each chunk of the convolution's output while it is in
/// cache, and the convolution's whole output is never written). A functional model whose graph
/// feeds such a layer's output to a layer it `canRunFollowed(by:)` and nowhere else runs the two
/// as one call, the follower's node then skipped; everywhere else each runs alone.
public protocol FollowerFusable: Layer {
    /// Whether `callFollowed(by: next, ...)` runs `next` after this layer as one fused call.
    func canRunFollowed(by next: Layer) -> Bool

    /// `next.call(call(input, training:), training:)`, as one fused operation when
    /// `canRunFollowed(by: next)` (the same result), else as the two calls.
    func callFollowed(by next: Layer, _ input: Tensor, training: Bool) -> Tensor
}
