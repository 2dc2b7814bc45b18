// What the preprocessing layers share: a factor range as Keras parses it (and writes it back), the
// NHWC view of a batch or a single image, and the configuration keys they have in common.

/// A random factor's range `[lower, upper]` as Keras parses it, with the JSON Keras writes for it.
public struct FactorRange: Sendable, Equatable {
    /// The lower end.
    public let lower: Float
    /// The upper end.
    public let upper: Float
    /// The configuration value Keras writes (a `[lower, upper]` list or the number given).
    let json: LayerConfig

    init(lower: Float, upper: Float, json: LayerConfig) {
        (self.lower, self.upper, self.json) = (lower, upper, json)
    }

    /// A symmetric range `[−|f|, |f|]` written as that list (RandomRotation, RandomBrightness), or as
    /// `[0, |f|]` when `nonNegative` (RandomContrast, whose factor bounds are `[0, 1]`).
    static func symmetric(_ factor: Float, nonNegative: Bool = false) -> FactorRange {
        let f = Swift.abs(factor)
        if nonNegative { return FactorRange(lower: 0, upper: f, json: [f > 0 ? .int(0) : .float(-f), .float(f)]) }
        return FactorRange(lower: -f, upper: f, json: [.float(-f), .float(f)])
    }

    /// `(lower, upper)` sorted, written as that list.
    static func pair(_ a: Float, _ b: Float) -> FactorRange {
        FactorRange(lower: Swift.min(a, b), upper: Swift.max(a, b), json: [.float(Swift.min(a, b)), .float(Swift.max(a, b))])
    }

    /// A number `f` kept as given in JSON but meaning `[−|f|, |f|]` (RandomTranslation, RandomZoom).
    static func raw(_ factor: Float) -> FactorRange {
        FactorRange(lower: -Swift.abs(factor), upper: Swift.abs(factor), json: .float(factor))
    }

    /// A pair kept as given in JSON, meaning `[min, max]` (RandomTranslation, RandomZoom).
    static func rawPair(_ a: Float, _ b: Float) -> FactorRange {
        FactorRange(lower: Swift.min(a, b), upper: Swift.max(a, b), json: [.float(a), .float(b)])
    }

    /// The text Keras shows for the factor in a message.
    var shown: String { json.json }
}

/// The NHWC view of a batch `[batch, h, w, c]` or of one image `[h, w, c]` (as batch 1).
struct ImageBatchShape {
    let batch: Int, height: Int, width: Int, channels: Int

    init(_ shape: [Int], _ context: String) {
        if shape.count == 4 {
            (batch, height, width, channels) = (shape[0], shape[1], shape[2], shape[3])
        } else if shape.count == 3 {
            (batch, height, width, channels) = (1, shape[0], shape[1], shape[2])
        } else {
            trap("\(context): expects images [batch, height, width, channels] or [height, width, channels], received shape \(shape)")
        }
    }
}

extension Layer {
    /// Checks a per-sample image shape: `[height, width, channels]` for a batch, or `[width, channels]`
    /// when an unbatched image `[height, width, channels]` is called eagerly.
    func requireImageShape(_ shape: [Int]) throws {
        guard shape.count == 3 || shape.count == 2 else {
            throw DLError.shapeMismatch(context: errorContext, expected: "images [batch, height, width, channels] or [height, width, channels]",
                                        received: shape)
        }
    }

    /// `input` through `kernel` into a new tensor of the same shape (no gradient: a constant-input transform).
    func transformedImages(_ input: Tensor,
                           _ kernel: (UnsafeBufferPointer<Float>, ImageBatchShape, UnsafeMutableBufferPointer<Float>) -> Void) -> Tensor {
        let view = ImageBatchShape(input.shape, errorContext)
        return input.withUnsafeBufferPointer { x in
            Tensor(shape: input.shape, unsafeUninitialized: { out in kernel(x, view, out) })
        }
    }
}

extension ConfigReader {
    /// A factor written as a number or a `[lower, upper]` list.
    /// `symmetric` makes a number `[−|f|, |f|]` (or `[0, |f|]` when `nonNegative`), written back as that list;
    /// otherwise the value is written back as given.
    mutating func factorRange(_ key: String, symmetric: Bool, nonNegative: Bool = false) throws -> FactorRange? {
        guard let raw = value(key), !raw.isNull else { return nil }
        if let number = raw.doubleValue {
            return symmetric ? .symmetric(Float(number), nonNegative: nonNegative)
                : FactorRange(lower: -Swift.abs(Float(number)), upper: Swift.abs(Float(number)), json: raw)
        }
        guard let items = raw.arrayValue, items.count == 2, let a = items[0].doubleValue, let b = items[1].doubleValue else {
            throw typeError(key, raw, expected: "a number or a list of two numbers")
        }
        let sorted = a <= b ? items : [items[1], items[0]]
        return FactorRange(lower: Float(Swift.min(a, b)), upper: Float(Swift.max(a, b)), json: symmetric ? .array(sorted) : raw)
    }

    /// `value_range` as a sorted `[lower, upper]` pair, kept as written.
    mutating func valueRange(_ key: String = "value_range", default defaultValue: (Float, Float)) throws -> (Float, Float, LayerConfig) {
        guard let raw = value(key), !raw.isNull else {
            return (defaultValue.0, defaultValue.1, [.int(Int(defaultValue.0)), .int(Int(defaultValue.1))])
        }
        guard let items = raw.arrayValue, items.count == 2, let a = items[0].doubleValue, let b = items[1].doubleValue else {
            throw typeError(key, raw, expected: "a list of two numbers")
        }
        return (Float(a), Float(b), raw)
    }

    /// Keras's `fill_mode` (default `reflect`).
    mutating func fillMode(_ key: String = "fill_mode") throws -> FillMode {
        let text = try string(key, default: "reflect")
        guard let mode = FillMode(rawValue: text) else {
            throw valueError(key, "must be one of reflect, wrap, constant, nearest. Received: \(key)=\(text)")
        }
        return mode
    }

    /// Keras's `interpolation` for an image transform (default `bilinear`).
    mutating func imageInterpolation(_ key: String = "interpolation") throws -> ImageInterpolation {
        let text = try string(key, default: "bilinear")
        guard let mode = ImageInterpolation(rawValue: text) else {
            throw valueError(key, "must be one of bilinear, nearest. Received: \(key)=\(text)")
        }
        return mode
    }

    /// A layer's `seed` (an integer, read back as its two's-complement bit pattern, or null).
    mutating func seed(_ key: String = "seed") throws -> UInt64? {
        try optionalInt(key).map { UInt64(bitPattern: Int64($0)) }
    }
}

/// A seed as Keras writes it: an integer or `null`.
func seedJSON(_ seed: UInt64?) -> LayerConfig { seed.map { .int(Int(truncatingIfNeeded: $0)) } ?? .null }

/// The largest centred window of the `targetHeight : targetWidth` aspect ratio in a `height × width`
/// image, as Keras's `crop_to_aspect_ratio` and `smart_resize` compute it: `crop height =
/// clamp(⌊width · targetHeight / targetWidth⌋, 1, height)` (float32), the same for the width, and the
/// window starting at `⌊(height − crop height) / 2⌋`, `⌊(width − crop width) / 2⌋`.
func aspectRatioWindow(height: Int, width: Int, targetHeight: Int, targetWidth: Int)
    -> (top: Int, left: Int, height: Int, width: Int) {
    let cropHeight = Swift.max(Swift.min(height, Int(Float(width * targetHeight) / Float(targetWidth))), 1)
    let cropWidth = Swift.max(Swift.min(width, Int(Float(height * targetWidth) / Float(targetHeight))), 1)
    return ((height - cropHeight) / 2, (width - cropWidth) / 2, cropHeight, cropWidth)
}
