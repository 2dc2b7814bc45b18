// The configuration keys DepthwiseConv2D and SeparableConv2D share, written and read once:
// Keras's `kernel_size`, `strides`, `padding`, `depth_multiplier`, `data_format`, `dilation_rate`
// and `activity_regularizer` (the kernels' settings are written by `KernelSettings`).

/// The depthwise window of `DepthwiseConv2D` and `SeparableConv2D` as their configuration holds it.
struct DepthwiseWindowConfig {
    /// The window's (height, width).
    var kernelSize: [Int]
    /// The window's steps along (height, width).
    var strides: [Int]
    /// `.valid` or `.same`.
    var padding: Padding
    /// The output channels per input channel of the depthwise step.
    var depthMultiplier: Int

    /// Keras's keys for the window, to merge with the kernels' settings.
    var members: [String: LayerConfig] {
        [
            "kernel_size": .ints(kernelSize), "strides": .ints(strides), "padding": .string(padding.rawValue),
            "depth_multiplier": .int(depthMultiplier), "data_format": .channelsLast, "dilation_rate": .ints([1, 1]),
            "activity_regularizer": nil,
        ]
    }
}

extension DepthwiseWindowConfig {
    /// Reads the window's keys (`dilation_rate` must be 1, `data_format` channels-last, `depth_multiplier` default 1).
    /// - Throws: `DLError.invalidArgument` naming the layer and the key.
    init(reading reader: inout ConfigReader) throws {
        kernelSize = try reader.ints("kernel_size", count: 2)
        strides = try reader.ints("strides", count: 2, default: [1, 1])
        padding = try reader.windowPadding()
        depthMultiplier = try reader.int("depth_multiplier", default: 1)
        try reader.channelsLast()
        try reader.require("dilation_rate", count: 2, toBe: 1)
    }
}

extension Layer {
    /// The depthwise step's output shape `[outHeight, outWidth, channels · depthMultiplier]` for a
    /// `[height, width, channels]` input (shared by `DepthwiseConv2D` and `SeparableConv2D`).
    /// - Throws: `DLError.invalidArgument` for a non-positive multiplier, window or stride;
    ///   `DLError.shapeMismatch` for an input that is not rank 3 or is smaller than the window with `.valid`.
    func depthwiseOutputShape(_ inputShape: [Int], kernelSize: (Int, Int), strides: (Int, Int), padding: Padding,
                              depthMultiplier: Int) throws -> [Int] {
        try require(depthMultiplier > 0, "depthMultiplier must be a positive integer. Received: depthMultiplier=\(depthMultiplier)")
        try requireRank(inputShape, 3, "[height, width, channels]")
        let sizes = try windowOutputSizes(spatial: Array(inputShape[0..<2]), window: [kernelSize.0, kernelSize.1],
                                          strides: [strides.0, strides.1], padding: padding,
                                          inputShape: inputShape, windowName: "kernelSize")
        return sizes + [inputShape[2] * depthMultiplier]
    }
}
