/// Reading a requested shape in which one dimension may be -1, as `reshape` does.
public enum ShapeResolution {
    /// `shape` with its one -1 dimension (if any) replaced by what makes it hold `count` elements;
    /// `nil` when no such shape exists (the other dimensions' product does not divide `count`, a
    /// dimension is negative, or the product differs from `count`).
    public static func resolving(_ shape: [Int], count: Int) -> [Int]? {
        var resolved = shape
        if let unknown = shape.firstIndex(of: -1) {
            let known = shape.enumerated().filter { $0.offset != unknown }.map(\.element).reduce(1, *)
            guard known > 0, count % known == 0 else { return nil }
            resolved[unknown] = count / known
        }
        guard resolved.allSatisfy({ $0 >= 0 }), resolved.reduce(1, *) == count else { return nil }
        return resolved
    }
}
