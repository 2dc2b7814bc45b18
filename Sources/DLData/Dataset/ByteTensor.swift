import DLCore

/// Unsigned bytes with a shape: images as their files store them (0...255), a quarter of the
/// memory of the same images as a `Float` tensor.
///
/// Keras's `load_data()` returns `uint8` arrays for the same reason. Keep a data set in this form
/// and convert one batch at a time, by `Dataset(images:labels:)` or `gathering(rows:scale:)`;
/// `tensor(scale:)` converts everything at once.
public struct ByteTensor: Equatable, Sendable {
    /// The shape, `[samples, ...]` for a data set.
    public let shape: [Int]
    /// The elements in row-major order; `bytes.count` is the product of `shape`.
    public let bytes: [UInt8]

    /// Bytes of the given shape.
    /// - Precondition: `bytes.count` equals the product of `shape`, whose dimensions are not negative.
    public init(shape: [Int], bytes: [UInt8]) {
        check(shape.allSatisfy { $0 >= 0 }, "ByteTensor: negative dimension in shape \(shape)")
        check(shape.reduce(1, *) == bytes.count,
              "ByteTensor: shape \(shape) needs \(shape.reduce(1, *)) bytes, received \(bytes.count)")
        self.shape = shape
        self.bytes = bytes
    }

    /// The number of dimensions.
    public var rank: Int { shape.count }

    /// The elements of one sample (the product of the dimensions after the first).
    public var sampleSize: Int { shape.dropFirst().reduce(1, *) }

    /// A copy with another shape of the same size; one dimension may be -1 and is then inferred.
    /// - Precondition: the new shape holds the same number of elements.
    public func reshaped(_ newShape: [Int]) -> ByteTensor {
        guard let resolved = ShapeResolution.resolving(newShape, count: bytes.count) else {
            trap("ByteTensor.reshaped: cannot reshape \(shape) to \(newShape)")
        }
        return ByteTensor(shape: resolved, bytes: bytes)
    }

    /// The samples in `range` (first dimension).
    /// - Precondition: `range` lies within `0..<shape[0]`.
    public subscript(range: Range<Int>) -> ByteTensor {
        check(rank >= 1 && range.lowerBound >= 0 && range.upperBound <= shape[0],
              "ByteTensor: samples \(range) out of range for shape \(shape)")
        let size = sampleSize
        return ByteTensor(shape: [range.count] + shape.dropFirst(),
                          bytes: Array(bytes[(range.lowerBound * size)..<(range.upperBound * size)]))
    }

    /// Every element as `Float`, multiplied by `scale`.
    public func tensor(scale: Float = 1) -> Tensor {
        Tensor(shape: shape) { output in
            bytes.withUnsafeBufferPointer { Self.convert($0, scale: scale, into: output) }
        }
    }

    /// The samples at `rows`, in that order, as `Float` multiplied by `scale`:
    /// shape `[rows.count] + shape[1...]`. This is how a batch is made from compact data.
    /// - Precondition: every row lies within `0..<shape[0]`.
    public func gathering(rows: [Int], scale: Float = 1) -> Tensor {
        check(rank >= 1, "ByteTensor.gathering: a rank-0 tensor has no rows")
        let size = sampleSize, count = shape[0]
        for row in rows { check(row >= 0 && row < count, "ByteTensor.gathering: row \(row) out of range 0..<\(count)") }
        return Tensor(shape: [rows.count] + shape.dropFirst()) { output in
            bytes.withUnsafeBufferPointer { source in
                // Bands of rows on the workers when the batch is large enough to pay for waking them.
                Parallel.forRowBands(rows: rows.count, columns: size) { first, end in
                    for index in first..<end {
                        let row = rows[index]
                        Self.convert(UnsafeBufferPointer(rebasing: source[(row * size)..<((row + 1) * size)]), scale: scale,
                                     into: UnsafeMutableBufferPointer(rebasing: output[(index * size)..<((index + 1) * size)]))
                    }
                }
            }
        }
    }

    /// `output[i] = Float(source[i]) * scale` (a plain loop over raw pointers, which the compiler
    /// vectorizes).
    static func convert(_ source: UnsafeBufferPointer<UInt8>, scale: Float, into output: UnsafeMutableBufferPointer<Float>) {
        guard let from = source.baseAddress, let to = output.baseAddress else { return }
        for index in 0..<source.count { to[index] = Float(from[index]) * scale }
    }
}
