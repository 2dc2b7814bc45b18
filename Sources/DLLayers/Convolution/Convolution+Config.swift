// The configuration keys Conv1D and Conv2D share, written and read once: Keras's `filters`,
// `kernel_size`, `strides`, `padding`, `data_format`, `dilation_rate`, `groups`,
// `activity_regularizer` and the shared kernel settings.

/// The window of a convolution as its configuration holds it (one entry per spatial axis).
struct ConvolutionConfig {
    /// The number of output channels.
    var filters: Int
    /// The window's size along each spatial axis.
    var kernelSize: [Int]
    /// The window's step along each spatial axis.
    var strides: [Int]
    /// `.valid` or `.same`.
    var padding: Padding
    /// The activation, bias, initializers and regularizers.
    var settings: KernelSettings

    /// Keras's keys for the convolution, to pass to `Layer.config(with:)`.
    var members: [String: LayerConfig] {
        let rank = kernelSize.count
        return settings.configMembers.merging([
            "filters": .int(filters), "kernel_size": .ints(kernelSize), "strides": .ints(strides),
            "padding": .string(padding.rawValue), "data_format": .channelsLast,
            "dilation_rate": .ints(Array(repeating: 1, count: rank)), "groups": 1, "activity_regularizer": nil,
        ]) { $1 }
    }
}

extension ConvolutionConfig {
    /// Reads a `rank`-D convolution's keys (`dilation_rate` and `groups` must be 1, `data_format` channels-last).
    /// - Throws: `DLError.invalidArgument` naming the layer and the key.
    init(reading reader: inout ConfigReader, rank: Int) throws {
        filters = try reader.int("filters")
        kernelSize = try reader.ints("kernel_size", count: rank)
        strides = try reader.ints("strides", count: rank, default: Array(repeating: 1, count: rank))
        padding = try reader.windowPadding()
        try reader.channelsLast()
        try reader.require("dilation_rate", count: rank, toBe: 1)
        try reader.require("groups", count: 1, toBe: 1)
        settings = try KernelSettings(reading: &reader)
    }
}
