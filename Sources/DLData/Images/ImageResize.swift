/// Resizing of decoded 8-bit images as Keras's `image_dataset_from_directory` does it: bilinearly as
/// TensorFlow's `tf.image.resize(method="bilinear")` (half-pixel centers, no antialiasing, `Float`
/// arithmetic) by default, or with any other `ResizeInterpolation` through its resize taps, after
/// cutting out the largest centred window of the target's aspect ratio when asked (`smart_resize`).
package enum ImageResize {
    /// Resizes interleaved 8-bit pixels (`height × width × channels`) into `output` (`outHeight ×
    /// outWidth × channels` floats) with `interpolation`, from the window of the target's aspect
    /// ratio when `cropToAspectRatio` (Keras's `crop_to_aspect_ratio`).
    package static func resize(_ pixels: [UInt8], height: Int, width: Int, channels: Int, outHeight: Int, outWidth: Int,
                               interpolation: ResizeInterpolation, cropToAspectRatio: Bool,
                               into output: UnsafeMutablePointer<Float>) {
        var (pixels, height, width) = (pixels, height, width)
        if cropToAspectRatio {
            // smart_resize's window: crop = clamp(⌊other · target / targetOther⌋, 1, size), centred.
            let cropHeight = Swift.max(Swift.min(height, Int(Double(width * outHeight) / Double(outWidth))), 1)
            let cropWidth = Swift.max(Swift.min(width, Int(Double(height * outWidth) / Double(outHeight))), 1)
            let top = (height - cropHeight) / 2, left = (width - cropWidth) / 2
            var window = [UInt8]()
            window.reserveCapacity(cropHeight * cropWidth * channels)
            for row in top..<(top + cropHeight) {
                let start = (row * width + left) * channels
                window += pixels[start..<(start + cropWidth * channels)]
            }
            (pixels, height, width) = (window, cropHeight, cropWidth)
        }
        guard interpolation != .bilinear else {
            return resize(pixels, height: height, width: width, channels: channels, outHeight: outHeight,
                          outWidth: outWidth, into: output)
        }
        let columns = ResizeTaps.make(interpolation, length: width, outputLength: outWidth)
        let rows = ResizeTaps.make(interpolation, length: height, outputLength: outHeight)
        let source = pixels.map(Float.init)
        var middle = [Float](repeating: 0, count: height * outWidth * channels)
        source.withUnsafeBufferPointer { x in
            middle.withUnsafeMutableBufferPointer {
                ResizeKernels.weightedForward(x, outer: height, length: width, inner: channels, taps: columns, into: $0)
            }
        }
        middle.withUnsafeBufferPointer { x in
            ResizeKernels.weightedForward(x, outer: 1, length: height, inner: outWidth * channels, taps: rows,
                                          into: UnsafeMutableBufferPointer(start: output, count: outHeight * outWidth * channels))
        }
    }

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
