// Reading the keys that losses, metrics and schedules share, with Keras's rules.

extension ConfigReader {
    /// The integer under `key`, which must be present and positive (a schedule's `decay_steps`).
    mutating func positiveInt(_ key: String) throws -> Int {
        let value = try int(key)
        guard value > 0 else { throw valueError(key, "must be positive. Received: \(key)=\(value)") }
        return value
    }

    /// A loss's `name` (`defaultName` when absent) and `reduction`, which must be Keras's
    /// `"sum_over_batch_size"` (or Keras 2's `"auto"`, the same): training here always averages over the batch.
    mutating func lossName(default defaultName: String) throws -> String {
        let reduction = try string("reduction", default: "sum_over_batch_size")
        guard reduction == "sum_over_batch_size" || reduction == "auto" else {
            throw valueError("reduction", "only \"sum_over_batch_size\" is supported here. Received: reduction=\"\(reduction)\"")
        }
        try ignoreIfNull(["dtype"])
        return try string("name", default: defaultName)
    }

    /// A metric's `name` (`defaultName` when absent) and `dtype`, which must be `"float32"`.
    mutating func metricName(default defaultName: String) throws -> String {
        if let dtype = try optionalString("dtype"), dtype != "float32" {
            throw valueError("dtype", "only \"float32\" is supported here. Received: dtype=\"\(dtype)\"")
        }
        return try string("name", default: defaultName)
    }

    /// Keras's `axis` of a cross-entropy, which must be the last (-1).
    mutating func lastAxis() throws {
        let axis = try int("axis", default: -1)
        guard axis == -1 else { throw valueError("axis", "only the last axis (-1) is supported here. Received: axis=\(axis)") }
    }
}
