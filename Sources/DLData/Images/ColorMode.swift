/// The channels `ImageFolder` gives each image (Keras's `color_mode`).
public enum ColorMode: Sendable {
    /// One channel: gray images as stored, colour images converted as TensorFlow's decoders do.
    case grayscale
    /// Three channels: colour images as stored (alpha dropped), gray images replicated.
    case rgb

    /// The channel count.
    var channels: Int { self == .grayscale ? 1 : 3 }
}

/// Which part of a split folder `ImageFolder` delivers (Keras's `subset`).
public enum Subset: Sendable {
    /// The first `1 - validationSplit` of the shuffled files.
    case training
    /// The last `validationSplit` of the shuffled files.
    case validation
}
