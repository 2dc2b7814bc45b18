/// Bilinear resizing as TensorFlow's `tf.image.resize(method="bilinear")` (half-pixel centers, no
/// antialiasing, `Float` arithmetic), which Keras's `image_dataset_from_directory` uses.
package enum ImageResize {
    /// The source coordinate pair and weight of each output row or column.
    private static func weights(input: Int, output: Int) -> (lower: [Int], upper: [Int], lerp: [Float]) {
        let scale = Float(input) / Float(output)
        var lower = [Int](repeating: 0, count: output), upper = lower
        var lerp = [Float](repeating: 0, count: output)
        for i in 0..<output {
            let position = (Float(i) + 0.5) * scale - 0.5
            let floorPosition = position.rounded(.down)
            lower[i] = Swift.max(Int(floorPosition), 0)
            upper[i] = Swift.min(Int(position.rounded(.up)), input - 1)
            lerp[i] = position - floorPosition
        }
        return (lower, upper, lerp)
    }

    /// Resizes interleaved 8-bit pixels (`height × width × channels`) into `output`, which holds
    /// `outHeight × outWidth × channels` floats.
    package static func resize(_ pixels: [UInt8], height: Int, width: Int, channels: Int,
                       outHeight: Int, outWidth: Int, into output: UnsafeMutablePointer<Float>) {
        let ys = weights(input: height, output: outHeight), xs = weights(input: width, output: outWidth)
        pixels.withUnsafeBufferPointer { input in
            for y in 0..<outHeight {
                let top = ys.lower[y] * width * channels, bottom = ys.upper[y] * width * channels
                let yLerp = ys.lerp[y]
                for x in 0..<outWidth {
                    let left = xs.lower[x] * channels, right = xs.upper[x] * channels
                    let xLerp = xs.lerp[x]
                    let target = (y * outWidth + x) * channels
                    for c in 0..<channels {
                        let topLeft = Float(input[top + left + c]), topRight = Float(input[top + right + c])
                        let bottomLeft = Float(input[bottom + left + c]), bottomRight = Float(input[bottom + right + c])
                        let upper = topLeft + (topRight - topLeft) * xLerp
                        let lowerRow = bottomLeft + (bottomRight - bottomLeft) * xLerp
                        output[target + c] = upper + (lowerRow - upper) * yLerp
                    }
                }
            }
        }
    }
}
