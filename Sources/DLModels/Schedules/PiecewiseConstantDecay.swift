/// Keras `PiecewiseConstantDecay`: `values[0]` while step ≤ `boundaries[0]`, `values[i]` while
/// `boundaries[i-1]` < step ≤ `boundaries[i]`, and the last value after the last boundary.
public struct PiecewiseConstantDecay: LearningRateSchedule {
    /// Increasing step boundaries.
    public let boundaries: [Int]
    /// One more value than boundaries.
    public let values: [Float]

    /// A piecewise constant schedule.
    /// - Precondition: `values.count == boundaries.count + 1` (as Keras requires).
    public init(boundaries: [Int], values: [Float]) {
        check(values.count == boundaries.count + 1,
              "PiecewiseConstantDecay: values must have one more element than boundaries. Received: \(boundaries.count) boundaries, \(values.count) values")
        self.boundaries = boundaries
        self.values = values
    }

    /// The value for `step`.
    public func callAsFunction(_ step: Int) -> Float {
        for (index, boundary) in boundaries.enumerated() where step <= boundary { return values[index] }
        return values[values.count - 1]
    }
}
