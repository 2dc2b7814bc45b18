// Output-shape rules shared by the convolution and pooling layers.

extension Layer {
    /// The output spatial sizes of windows `window` moved by `strides` over `spatial` with `padding`
    /// (TensorFlow's rule, as in Keras: valid `⌊(in − k) / s⌋ + 1`, same `⌈in / s⌉`).
    /// - Parameters:
    ///   - inputShape: the whole per-sample shape, for the error message.
    ///   - windowName: `kernelSize` or `poolSize`, for the error messages.
    /// - Throws: `DLError.invalidArgument` for a non-positive window or stride;
    ///   `DLError.shapeMismatch` when a window is larger than the input with `.valid` padding.
    func windowOutputSizes(spatial: [Int], window: [Int], strides: [Int], padding: Padding,
                           inputShape: [Int], windowName: String) throws -> [Int] {
        let shown = { (values: [Int]) in values.count == 1 ? "\(values[0])" : "(" + values.map(String.init).joined(separator: ", ") + ")" }
        try require(window.allSatisfy { $0 > 0 }, "\(windowName) must be positive. Received: \(windowName)=\(shown(window))")
        try require(strides.allSatisfy { $0 > 0 }, "strides must be positive. Received: strides=\(shown(strides))")
        try requirePositiveDimensions(inputShape)
        if padding == .valid, zip(spatial, window).contains(where: { $0 < $1 }) {
            let names = spatial.count == 1 ? ["steps"] : ["height", "width"]
            let needs = zip(names, window).map { "\($0) ≥ \($1)" }.joined(separator: ", ")
            throw DLError.shapeMismatch(
                context: "\(errorContext), \(windowName) \(shown(window)) with padding 'valid'",
                expected: "[\(needs), ...]", received: inputShape)
        }
        return zip(spatial, zip(window, strides)).map { padding.outputSize(input: $0, kernel: $1.0, stride: $1.1).output }
    }
}

