/// A named weight (Keras `Variable`): a reference type whose identity is what optimizers key
/// their state on, what HDF5 finds by name and what shared layers share.
public final class Variable {
    /// The current value. Reading it inside `valueWithGradient` records it on the tape when the
    /// variable is one of those differentiated.
    public var value: Tensor {
        get {
            guard let tape = Tape.current, let leaf = tape.leaf(for: self, shape: storedValue.shape) else {
                return storedValue
            }
            var tracked = storedValue
            tracked.tapeRef = TapeRef(generation: tape.generation, node: leaf)
            return tracked
        }
        set { storedValue = newValue.detached }
    }

    /// The value as stored, never recorded on a tape. Every write (assignment, `assign`, an
    /// optimizer's in-place update) advances `version`.
    public internal(set) var storedValue: Tensor {
        didSet { version &+= 1 }   // no `oldValue`: an in-place update stays in place (no copy)
    }

    /// Counts the writes to the value: a value derived from it (`derivedScalars`) is current while
    /// this is unchanged.
    package private(set) var version: UInt64 = 0

    /// One value derived from the stored value (the Winograd transform of a kernel), with the
    /// `version` and the key it was made for (`Variable+DerivedScalars.swift`).
    var derivedCache: (version: UInt64, key: Int, scalars: [Float])?

    /// The variable's name (Keras's: `kernel`, `bias`, `gamma`, ...).
    public let name: String

    /// Whether optimizers update this variable.
    public var trainable: Bool

    /// The shape of the value.
    public var shape: [Int] { storedValue.shape }

    /// Creates a variable holding `value`.
    public init(_ value: Tensor, name: String, trainable: Bool = true) {
        self.storedValue = value.detached
        self.name = name
        self.trainable = trainable
    }

    /// Replaces the value in place (an optimizer step), keeping the shape.
    /// - Precondition: `newValue` has the variable's shape.
    public func assign(_ newValue: Tensor) {
        check(newValue.shape == storedValue.shape,
              "Variable '\(name)'.assign: shape \(newValue.shape) differs from \(storedValue.shape)")
        storedValue = newValue.detached
    }

    /// Lets `body` update the stored scalars in place (an optimizer step) without allocating a
    /// new value: the buffer is written directly when no other tensor shares it, and copied
    /// first when one does (a snapshot taken earlier keeps its scalars: value semantics hold).
    /// The variable keeps its identity and shape.
    package func updateScalarsInPlace<R>(_ body: (UnsafeMutableBufferPointer<Float>) throws -> R) rethrows -> R {
        try storedValue.withUnsafeMutableBufferPointer { try body($0) }
    }
}
