// The taps of TensorFlow's resize ops along one axis of `length` source rows and `L` outputs
// (`tf.image.resize(method:, antialias: false)`, which Keras 3's `Resizing` calls), in float32 as
// TensorFlow computes them:
//
// - nearest (`ResizeNearestNeighbor`, half-pixel centres): with scale = length / L, output r reads
//   row min(⌊(r + 0.5)·scale⌋, length − 1).
// - bicubic (`ResizeBicubic`, half-pixel centres, Keys's cubic with a = −0.5): s = (r + 0.5)·scale − 0.5,
//   the four rows ⌊s⌋ − 1 … ⌊s⌋ + 2 weighted from TensorFlow's 1,025-entry coefficient table at
//   round((s − ⌊s⌋)·1024); rows outside the image get weight 0 and the others are renormalised to sum 1.
// - area (`ResizeArea`): output r averages the source interval [r·scale, (r + 1)·scale): each row i
//   from ⌊r·scale⌋ to ⌈(r + 1)·scale⌉ − 1 (clamped to the image) weighs its overlap with it, / scale.
// - lanczos3 / lanczos5 (`ScaleAndTranslate`, no antialiasing): s = (r + 0.5) / (L / length), the
//   rows from ⌈s − radius − 0.5⌉ to ⌊s + radius − 0.5⌋ (clamped) weighted by the Lanczos kernel at
//   |i + 0.5 − s|, normalised to sum 1.
// - bilinear: the two rows of `LinearTaps` with weights 1 − w and w (the linear kernels keep
//   TensorFlow's lerp arithmetic exactly; these taps serve the reference and tests).

#if canImport(Glibc)
import Glibc
#endif

/// How images are resized between pixels (Keras's `interpolation` of `Resizing` and
/// `image_dataset_from_directory`; TensorFlow's `tf.image.resize` methods without antialiasing).
public enum ResizeInterpolation: String, Sendable, CaseIterable {
    /// Linear in both directions between the four nearest pixels (half-pixel centres).
    case bilinear
    /// The nearest pixel (half-pixel centres).
    case nearest
    /// Keys's cubic convolution (a = −0.5) over the 4 × 4 nearest pixels.
    case bicubic
    /// The average of the source area each output pixel covers.
    case area
    /// The Lanczos kernel of radius 3.
    case lanczos3
    /// The Lanczos kernel of radius 5.
    case lanczos5

    /// Keras's spellings, for messages: `bilinear, nearest, bicubic, area, lanczos3, lanczos5`.
    public static var allowedValues: String { allCases.map(\.rawValue).joined(separator: ", ") }
}

/// The taps of each `ResizeInterpolation` along one axis (see the comment above).
package enum ResizeTaps {
    /// The taps resizing `length` rows to `outputLength` with `interpolation`.
    package static func make(_ interpolation: ResizeInterpolation, length: Int, outputLength: Int) -> ResizeKernels.WeightedTaps {
        switch interpolation {
        case .bilinear: bilinear(length: length, outputLength: outputLength)
        case .nearest: nearest(length: length, outputLength: outputLength)
        case .bicubic: bicubic(length: length, outputLength: outputLength)
        case .area: area(length: length, outputLength: outputLength)
        case .lanczos3: lanczos(radius: 3, length: length, outputLength: outputLength)
        case .lanczos5: lanczos(radius: 5, length: length, outputLength: outputLength)
        }
    }

    /// `LinearTaps` as two weighted taps, `1 − w` and `w`.
    static func bilinear(length: Int, outputLength: Int) -> ResizeKernels.WeightedTaps {
        let linear = ResizeKernels.LinearTaps(length: length, outputLength: outputLength)
        return .init((0..<outputLength).map { r in
            [(linear.lower[r], 1 - linear.weight[r]), (linear.upper[r], linear.weight[r])]
        })
    }

    /// `ResizeNearestNeighbor` with half-pixel centres.
    static func nearest(length: Int, outputLength: Int) -> ResizeKernels.WeightedTaps {
        let scale = Float(length) / Float(outputLength)
        return .init((0..<outputLength).map { r in
            let source = ((Float(r) + 0.5) * scale).rounded(.down)
            return [(Swift.max(Swift.min(Int(source), length - 1), 0), 1)]
        })
    }

    /// TensorFlow's table of Keys's cubic coefficients (a = −0.5): entry `2i` is the weight of a
    /// tap at distance `i / 1024`, entry `2i + 1` of one at distance `1 + i / 1024`.
    private static let cubicTable: [Float] = {
        let a: Float = -0.5, size = 1024
        var table = [Float](repeating: 0, count: (size + 1) * 2)
        for i in 0...size {
            var x = Float(Double(i) * 1.0 / Double(size))
            table[i * 2] = ((a + 2) * x - (a + 3)) * x * x + 1
            x += 1
            table[i * 2 + 1] = ((a * x - 5 * a) * x + 8 * a) * x - 4 * a
        }
        return table
    }()

    /// `ResizeBicubic` with half-pixel centres (`GetWeightsAndIndices` with Keys's cubic).
    static func bicubic(length: Int, outputLength: Int) -> ResizeKernels.WeightedTaps {
        let scale = Float(length) / Float(outputLength), size = 1024
        return .init((0..<outputLength).map { r in
            let source = (Float(r) + 0.5) * scale - 0.5
            let base = Int(source.rounded(.down))
            let offset = Int(lrintf((source - source.rounded(.down)) * Float(size)))
            let coefficients = [cubicTable[offset * 2 + 1], cubicTable[offset * 2],
                                cubicTable[(size - offset) * 2], cubicTable[(size - offset) * 2 + 1]]
            var taps = (0..<4).map { k -> (index: Int, weight: Float) in
                let row = base - 1 + k
                let bounded = Swift.min(length - 1, Swift.max(0, row))
                return (bounded, bounded == row ? coefficients[k] : 0)
            }
            let sum = taps.reduce(Float(0)) { $0 + $1.weight }
            if Swift.abs(sum) >= 1000 * Float.leastNormalMagnitude {
                let inverse = 1 / sum
                taps = taps.map { ($0.index, $0.weight * inverse) }
            }
            return taps
        })
    }

    /// `ResizeArea`: each row's overlap with `[r·scale, (r + 1)·scale)`, divided by `scale`.
    static func area(length: Int, outputLength: Int) -> ResizeKernels.WeightedTaps {
        let scale = Float(length) / Float(outputLength), inverse = 1 / scale
        return .init((0..<outputLength).map { r in
            let start = Float(r) * scale, end = Float(r + 1) * scale
            let first = Int(start.rounded(.down)), last = Int(end.rounded(.up))
            return (first..<Swift.max(last, first + 1)).map { i in
                let overlap: Float = Float(i) < start ? (Float(i + 1) > end ? scale : Float(i + 1) - start)
                    : (Float(i + 1) > end ? end - Float(i) : 1)
                return (Swift.min(Swift.max(i, 0), length - 1), overlap * inverse)
            }
        })
    }

    /// The Lanczos kernel of `radius` at `x` (TensorFlow's `LanczosKernelFunc`).
    private static func lanczosKernel(_ x: Float, radius: Float) -> Float {
        let pi: Float = 3.14159265359, x = Swift.abs(x)
        if x > radius { return 0 }
        if x <= 1e-3 { return 1 }
        return radius * sinf(pi * x) * sinf(pi * x / radius) / (pi * pi * x * x)
    }

    /// `ScaleAndTranslate` with a Lanczos kernel, scale `outputLength / length`, no translation or antialiasing.
    static func lanczos(radius: Float, length: Int, outputLength: Int) -> ResizeKernels.WeightedTaps {
        let scale = Float(outputLength) / Float(length)
        let inverseScale = Float(1.0 / Double(scale))
        return .init((0..<outputLength).map { r in
            let sample = (Float(r) + 0.5) * inverseScale
            guard sample >= 0, sample <= Float(length) else { return [] }
            let first = Swift.min(Swift.max(Int((sample - radius - 0.5).rounded(.up)), 0), length - 1)
            let last = Swift.min(Swift.max(Int((sample + radius - 0.5).rounded(.down)), 0), length - 1)
            var taps = (first...last).map { i in (index: i, weight: lanczosKernel(Float(i) + 0.5 - sample, radius: radius)) }
            let sum = taps.reduce(Float(0)) { $0 + $1.weight }
            guard Swift.abs(sum) >= 1000 * Float.leastNormalMagnitude else { return taps.map { ($0.index, 0) } }
            let inverse = 1 / sum
            taps = taps.map { ($0.index, $0.weight * inverse) }
            return taps
        })
    }
}
