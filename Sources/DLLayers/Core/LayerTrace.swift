/// Records which layers are called eagerly while a subclassed model's `call` runs for the first
/// time, so that the model finds its layers (and so its weights) without a list to keep.
///
/// `Layer.callAsFunction(_: Tensor, ...)` reports to the innermost trace, then runs the layer's
/// own `call` behind a barrier: the layers a called layer uses inside are its own business
/// (a nested subclassed model traces its own). Costs one check per eager call when no trace runs.
public enum LayerTrace {
    /// The open traces, innermost last; nil marks a barrier (a layer's own call running).
    private static var frames: [[Layer]?] = []

    /// Whether a trace is open.
    static var isActive: Bool { !frames.isEmpty }

    /// Runs `body` and returns its result with the distinct layers it called directly, in order.
    public static func tracing<T>(_ body: () throws -> T) rethrows -> (result: T, layers: [Layer]) {
        frames.append([])
        let depth = frames.count
        do {
            let result = try body()
            let layers = frames[depth - 1] ?? []
            frames.removeLast(frames.count - depth + 1)
            return (result, layers)
        } catch {
            frames.removeLast(frames.count - depth + 1)
            throw error
        }
    }

    /// Records `layer` in the innermost trace, then runs `body` (the layer's call) behind a barrier.
    static func recording<T>(_ layer: Layer, _ body: () -> T) -> T {
        if let last = frames.indices.last, var frame = frames[last] {
            if !frame.contains(where: { $0 === layer }) { frame.append(layer) }
            frames[last] = frame
        }
        frames.append(nil)
        defer { frames.removeLast() }
        return body()
    }
}
