import DLCore

extension SiamesePairs {
    /// `count` balanced same/different pairs of images kept as bytes, classed by `labels`: the
    /// pairs of `init(x:y:count:seed:)` (the same for the same seed and class ids), whose
    /// `dataset` converts each batch's images to `Float(byte) * scale` when it gathers them, so
    /// the images are never held as `Float` (a quarter of the memory).
    ///
    /// ```swift
    /// let (train, _) = try FashionMNIST.loadBytes()
    /// let pairs = try SiamesePairs(images: train.x, labels: train.y, sampleShape: [28, 28, 1],
    ///                              count: 30_000, seed: 1)
    /// try model.fit(pairs.dataset.batched(128).shuffled(), epochs: 2)
    /// ```
    /// - Parameters:
    ///   - images: the samples as bytes, `[samples, ...]`, for example `FashionMNIST.loadBytes().train.x`.
    ///   - labels: one whole-number class id a sample, `[samples]` or `[samples, 1]`.
    ///   - scale: the factor applied to every byte (finite); 1/255 maps pixels to [0, 1].
    ///   - sampleShape: the shape each image takes, for example `[28, 28, 1]` for a `Conv2D`;
    ///     `nil` keeps the stored shape.
    ///   - count: the number of pairs (positive).
    ///   - seed: makes the pairs repeatable; `nil` draws from `Random`.
    /// - Throws: `DLError.invalidArgument` when `scale` is not finite, `images` has no sample
    ///   dimension, `sampleShape` does not hold one image, `count` is not positive, `images` and
    ///   `labels` do not match, a class has a single sample, or different pairs are asked of a
    ///   single class.
    public init(images: ByteTensor, labels: Tensor, scale: Float = 1 / 255, sampleShape: [Int]? = nil,
                count: Int, seed: UInt64? = nil) throws {
        let context = "SiamesePairs(images:labels:scale:sampleShape:count:seed:)"
        guard scale.isFinite else {
            throw DLError.invalidArgument(context: context, message: "scale must be a finite number. "
                + "Received: scale=\(scale)")
        }
        guard images.rank >= 1 else {
            throw DLError.invalidArgument(context: context, message: "images needs a sample dimension. "
                + "Received: images of shape \(images.shape)")
        }
        var source = images
        if let sampleShape {
            guard sampleShape.allSatisfy({ $0 > 0 }), sampleShape.reduce(1, *) == images.sampleSize else {
                throw DLError.invalidArgument(context: context, message: "sampleShape must hold one image of shape "
                    + "\(Array(images.shape.dropFirst())) (\(images.sampleSize) values). "
                    + "Received: sampleShape=\(sampleShape)")
            }
            source = images.reshaped([images.shape[0]] + sampleShape)
        }
        try self.init(source: .bytes(source, scale: scale), y: labels, names: ("images", "labels"), count: count,
                      seed: seed, context: context)
    }
}
