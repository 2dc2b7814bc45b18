/// An n-dimensional array of `Float` (float32), row-major, with value semantics.
///
/// Storage is a copy-on-write `[Float]`; an op that reorders data materializes a new tensor
/// (there are no strided views). Image tensors are channels-last (NHWC), as in Keras.
public struct Tensor {
    /// The size of each dimension, outermost first.
    public let shape: [Int]
    /// Row-major scalars; `storage.count == shape.reduce(1, *)`.
    @usableFromInline internal var storage: [Float]
    /// Where this tensor sits on the active gradient tape, if it was recorded there.
    @usableFromInline internal var tapeRef: TapeRef?

    /// Creates a tensor of the given shape from row-major scalars.
    /// - Precondition: the product of `shape` equals `scalars.count`.
    public init(shape: [Int], scalars: [Float]) {
        check(shape.allSatisfy { $0 >= 0 }, "Tensor(shape:scalars:): negative dimension in \(shape)")
        check(shape.reduce(1, *) == scalars.count,
              "Tensor(shape:scalars:): shape \(shape) needs \(shape.reduce(1, *)) scalars, received \(scalars.count)")
        self.shape = shape
        self.storage = scalars
        self.tapeRef = nil
    }

    /// A rank-0 tensor holding `scalar`.
    public init(_ scalar: Float) { self.init(shape: [], scalars: [scalar]) }

    /// A rank-1 tensor holding `vector`.
    public init(_ vector: [Float]) { self.init(shape: [vector.count], scalars: vector) }

    /// A rank-2 tensor from rows of equal length.
    /// - Precondition: every row has the first row's length (a trap names two rows that differ;
    ///   `Tensor(sequences:)` throws instead, and `padSequences` pads ragged id sequences).
    public init(_ matrix: [[Float]]) {
        let columns = matrix.first?.count ?? 0
        if let row = matrix.firstIndex(where: { $0.count != columns }) {
            trap("Tensor(_ matrix:): rows have different lengths (row 0 has \(columns), row \(row) has \(matrix[row].count)); "
                 + "pad sequences to one length with padSequences first. Received: rows of lengths \(columns) and \(matrix[row].count)")
        }
        self.init(shape: [matrix.count, columns], scalars: matrix.flatMap { $0 })
    }

    /// Creates a tensor whose scalars are written by `initializer` into uninitialized storage of
    /// `shape.reduce(1, *)` elements; the closure must write every element.
    @inlinable
    public init(shape: [Int], unsafeUninitialized initializer: (UnsafeMutableBufferPointer<Float>) -> Void) {
        let count = shape.reduce(1, *)
        self.shape = shape
        self.storage = [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            initializer(buffer)
            initialized = count
        }
        self.tapeRef = nil
    }

    /// A tensor of `shape` filled with `value`.
    public init(repeating value: Float, shape: [Int]) {
        check(shape.allSatisfy { $0 >= 0 }, "Tensor(repeating:shape:): negative dimension in \(shape)")
        self.init(shape: shape, scalars: [Float](repeating: value, count: shape.reduce(1, *)))
    }

    /// A tensor of zeros.
    public static func zeros(_ shape: [Int]) -> Tensor { Tensor(repeating: 0, shape: shape) }

    /// A tensor of ones.
    public static func ones(_ shape: [Int]) -> Tensor { Tensor(repeating: 1, shape: shape) }

    /// The number of dimensions.
    public var rank: Int { shape.count }

    /// The number of scalars (product of the shape; 1 for rank 0).
    public var scalarCount: Int { storage.count }

    /// A row-major copy of the scalars.
    public var scalars: [Float] { storage }

    /// The value of a rank-0 or single-element tensor.
    public var scalar: Float {
        check(storage.count == 1, "Tensor.scalar: tensor of shape \(shape) has \(storage.count) scalars, not 1")
        return storage[0]
    }

    /// Calls `body` with the scalars in row-major order.
    @inlinable
    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows -> R {
        try storage.withUnsafeBufferPointer(body)
    }

    /// Calls `body` with the mutable scalars; the tensor leaves any gradient tape it was on.
    @inlinable
    public mutating func withUnsafeMutableBufferPointer<R>(
        _ body: (inout UnsafeMutableBufferPointer<Float>) throws -> R
    ) rethrows -> R {
        tapeRef = nil
        return try storage.withUnsafeMutableBufferPointer(body)
    }

    /// The same scalars, detached from the gradient tape (treated as a constant).
    public var detached: Tensor {
        var copy = self
        copy.tapeRef = nil
        return copy
    }
}

extension Tensor: Equatable {
    /// Tensors are equal when their shapes and scalars are equal.
    public static func == (lhs: Tensor, rhs: Tensor) -> Bool {
        lhs.shape == rhs.shape && lhs.storage == rhs.storage
    }
}

extension Tensor: CustomStringConvertible {
    /// A short rendering: the shape and the scalars (the first 20 when there are more).
    public var description: String {
        let shown = storage.prefix(20).map { String($0) }.joined(separator: ", ")
        let more = storage.count > 20 ? ", … (\(storage.count) scalars)" : ""
        return "Tensor(shape: \(shape), scalars: [\(shown)\(more)])"
    }
}
