// A cache of one value derived from a variable's scalars, for ops that would otherwise derive it
// again on every call: the Winograd transform U = G g Gᵀ of a convolution kernel, redone on each
// prediction, was 29% of the siamese workload's single-image instructions (14% of resnet's).
//
// The cache is valid while the variable's `version` is unchanged. `version` advances on every
// write of `storedValue` (its `didSet`): `value = `, `assign`, an optimizer's in-place update
// (`updateScalarsInPlace`), loading weights from a file; nothing else holds the variable's buffer
// for writing, since a copy of the value writes to its own buffer (copy on write).

extension Variable {
    /// The scalars `derive` makes from this variable's stored scalars for `key` (say, a Winograd
    /// tile), made at most once per `version` and key. `value` must be this variable's stored
    /// value (the same buffer, as `variable.value` gives it); for any other tensor, `derive` runs
    /// on `value` each time and nothing is cached.
    /// - Parameters:
    ///   - key: what the derived scalars depend on besides the value; a different key replaces the cache.
    ///   - derive: the derivation from the value's scalars (called at most once per version and key).
    package func derivedScalars(of value: Tensor, key: Int,
                                _ derive: (UnsafeBufferPointer<Float>) -> [Float]) -> [Float] {
        guard isStoredValue(value) else { return value.withUnsafeBufferPointer(derive) }
        if let cache = derivedCache, cache.version == version, cache.key == key { return cache.scalars }
        derivedCache = nil   // release the stale scalars before making the new ones
        let scalars = storedValue.withUnsafeBufferPointer(derive)
        derivedCache = (version, key, scalars)
        return scalars
    }

    /// Whether `value` is this variable's stored value: the same shape over the same buffer.
    func isStoredValue(_ value: Tensor) -> Bool {
        guard value.shape == storedValue.shape else { return false }
        return value.withUnsafeBufferPointer { a in
            storedValue.withUnsafeBufferPointer { b in a.baseAddress == b.baseAddress && a.count == b.count }
        }
    }

    /// Forgets the derived scalars (for tests and memory).
    package func clearDerivedScalars() { derivedCache = nil }
}
