import DLCore

extension SummaryValue {
    /// The image summary of `images` (`[N, H, W, C]`, `C` 1, 3 or 4, values in [0, 1]) as
    /// `tf.summary.image(tag, images, max_outputs:)` writes it: the first `maxOutputs` images,
    /// each pixel `x` stored as `UInt8(clamp(x · 255.5, 0, 255))` (TensorFlow's
    /// `convert_image_dtype(..., uint8, saturate=True)`, which truncates), as PNG files.
    ///
    /// - Throws: `DLError.invalidArgument` (naming `context`) when the shape is not `[N, H, W, C]`
    ///   with `C` in 1, 3, 4, or `maxOutputs` is not positive.
    package static func images(_ tag: String, _ images: Tensor, maxOutputs: Int, context: String) throws -> SummaryValue {
        let shape = images.shape
        guard shape.count == 4, [1, 3, 4].contains(shape[3]), shape[1] > 0, shape[2] > 0 else {
            throw DLError.invalidArgument(
                context: context,
                message: "images must have shape [N, height, width, channels] with 1, 3 or 4 channels. Received: shape \(shape)")
        }
        guard maxOutputs > 0 else {
            throw DLError.invalidArgument(context: context, message: "maxOutputs must be positive. Received: maxOutputs=\(maxOutputs)")
        }
        let (height, width, channels) = (shape[1], shape[2], shape[3])
        let imageSize = height * width * channels
        var pngs: [[UInt8]] = []
        try images.withUnsafeBufferPointer { values in
            for index in 0..<Swift.min(shape[0], maxOutputs) {
                var pixels = [UInt8](repeating: 0, count: imageSize)
                let start = index * imageSize
                for offset in 0..<imageSize { pixels[offset] = pixelByte(values[start + offset]) }
                pngs.append(try PNG.encode(pixels: pixels, width: width, height: height, channels: channels))
            }
        }
        return .images(tag, pngs: pngs, width: width, height: height)
    }

    /// A float pixel in [0, 1] as TensorFlow's saturating conversion to `uint8` makes it:
    /// `x · 255.5`, clamped to [0, 255], truncated (NaN gives 0).
    package static func pixelByte(_ value: Float) -> UInt8 {
        let scaled = value * 255.5
        guard scaled > 0 else { return 0 }
        return scaled >= 255 ? 255 : UInt8(scaled)
    }
}
