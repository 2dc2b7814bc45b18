// Checks shared by the layers' `build(inputShape:)` and `computeOutputShape(_:)`.
//
// Layer initializers do not throw (as Swift layer constructors read best without `try`), so a
// bad configuration (`Dense(-1)`, `Dropout(1.5)`) is stored as given and reported, as a thrown
// `DLError`, the first time the layer is built or asked for its output shape: eagerly through
// `buildIfNeeded`, symbolically as the `error` of the `SymbolicTensor` it returns.

extension Layer {
    /// Throws `DLError.invalidArgument` with `message` (which should end with "Received: ...") unless `condition` holds.
    func require(_ condition: Bool, _ message: @autoclosure () -> String) throws {
        if !condition { throw DLError.invalidArgument(context: errorContext, message: message()) }
    }

    /// Throws `DLError.shapeMismatch` unless the per-sample `shape` has rank `rank`.
    func requireRank(_ shape: [Int], _ rank: Int, _ layout: String) throws {
        guard shape.count == rank else {
            throw DLError.shapeMismatch(context: errorContext, expected: "rank \(rank) \(layout) per sample", received: shape)
        }
    }

    /// Throws `DLError.shapeMismatch` unless every dimension of `shape` is positive.
    func requirePositiveDimensions(_ shape: [Int]) throws {
        guard shape.allSatisfy({ $0 > 0 }) else {
            throw DLError.shapeMismatch(context: errorContext, expected: "positive dimensions", received: shape)
        }
    }

    /// Stops with a clear message when `call` runs before `build` created `variable`
    /// (a programming error: `callAsFunction` always builds first).
    func built<T>(_ value: T?, _ what: String) -> T {
        guard let value else { trap("\(errorContext): \(what) used before build(inputShape:)") }
        return value
    }
}
