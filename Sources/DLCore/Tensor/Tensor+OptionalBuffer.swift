extension Optional where Wrapped == Tensor {
    /// Runs `body` on the tensor's scalars, or on nil when there is no tensor: how an op hands an
    /// optional bias to a kernel that takes `UnsafeBufferPointer<Float>?`.
    func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Float>?) throws -> R) rethrows -> R {
        guard let tensor = self else { return try body(nil) }
        return try tensor.withUnsafeBufferPointer { try body($0) }
    }
}
