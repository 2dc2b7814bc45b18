/// A layer whose sublayers Keras 3 tracks as named attributes (an RNN's `cell`, a wrapper's
/// `layer`, `Bidirectional`'s `forward_layer` and `backward_layer`): Keras 3's weights files save
/// each one's variables under `<layer path>/<key>/vars`.
public protocol TrackedSublayers: Layer {
    /// The tracked sublayers with their attribute names, in Keras's saving order.
    var trackedSublayers: [(key: String, layer: Layer)] { get }
}
