extension Zoo {
    /// A basic residual block (He et al. 2016, as Keras's ResNet examples write it):
    /// Conv2D(filters, 3×3, strides, same) – BatchNormalization – ReLU – Conv2D(filters, 3×3, same)
    /// – BatchNormalization, plus a shortcut, then Add and ReLU. The shortcut is the input itself
    /// when `strides == 1` and the input already has `filters` channels; otherwise a projection:
    /// Conv2D(filters, 1×1, strides) – BatchNormalization. The convolutions keep their biases
    /// (`useBias: true`, Keras's default, as `keras.applications.ResNet50` and the keras.io
    /// CIFAR-10 ResNet example do) and Keras's default initializers.
    ///
    /// Parameters: `9·c·f + f` + `9·f·f + f` for the convolutions, `4·f` per BatchNormalization
    /// (half of it non-trainable moving statistics), and `c·f + f + 4·f` for a projection
    /// (`c` input channels, `f = filters`).
    ///
    /// Shapes: `[h, w, c] → [⌈h/strides⌉, ⌈w/strides⌉, filters]`. A shape error is carried by the
    /// returned tensor and thrown, as a `DLError`, by the model's first throwing call.
    public static func residualBlock(_ x: SymbolicTensor, filters: Int, strides: Int = 1) -> SymbolicTensor {
        var y = Conv2D(filters, kernelSize: 3, strides: strides, padding: .same)(x)
        y = BatchNormalization()(y)
        y = ActivationLayer(.relu)(y)
        y = Conv2D(filters, kernelSize: 3, padding: .same)(y)
        y = BatchNormalization()(y)
        var shortcut = x
        if strides != 1 || x.shape.last != filters {
            shortcut = Conv2D(filters, kernelSize: 1, strides: strides)(x)
            shortcut = BatchNormalization()(shortcut)
        }
        return ActivationLayer(.relu)(Add()([y, shortcut]))
    }

    /// A small ResNet for small images (after the CIFAR-10 ResNet of He et al. and the keras.io
    /// example): a stem Conv2D(16, 3×3, same) – BatchNormalization – ReLU, then one stage per
    /// entry of `blocks`, with `blocks[i]` residual blocks of `16·2^i` filters (the first block of
    /// every stage after the first has strides 2 and a projection shortcut), then
    /// GlobalAveragePooling2D – Dense(classes, softmax).
    ///
    /// `resNet(inputShape: [28, 28, 1], classes: 10, blocks: [2, 2])` (the benchmark's) has
    /// 43,658 parameters, 43,178 trainable (as Keras counts them); its stages run at 28×28×16
    /// and 14×14×32.
    ///
    /// Shapes: `[batch] + inputShape → [batch, classes]` (`inputShape` is `[height, width, channels]`).
    /// Bad settings (an empty `blocks`, a count under 1, an input shape not of rank 3) are a
    /// `DLError` from the model's first throwing call (`graphError` has it at once).
    public static func resNet(inputShape: [Int] = [28, 28, 1], classes: Int = 10, blocks: [Int] = [2, 2]) -> Model {
        let input = Input(shape: inputShape)
        var x = Conv2D(16, kernelSize: 3, padding: .same)(input)
        x = BatchNormalization()(x)
        x = ActivationLayer(.relu)(x)
        for (stage, count) in blocks.enumerated() {
            for block in 0..<max(count, 0) {
                x = residualBlock(x, filters: 16 << stage, strides: stage > 0 && block == 0 ? 2 : 1)
            }
        }
        x = GlobalAveragePooling2D()(x)
        var output = Dense(classes, activation: .softmax)(x)
        if blocks.isEmpty || blocks.contains(where: { $0 < 1 }) {
            let error = DLError.invalidArgument(context: "Zoo.resNet", message: "blocks must list at least one stage, "
                + "each with at least one residual block. Received: blocks=\(blocks)")
            output = SymbolicTensor(shape: output.shape, layer: output.layer, inputs: output.inputs,
                                    error: output.error ?? error, nodeIndex: output.nodeIndex)
        }
        return Model(inputs: input, outputs: output, name: "resnet")
    }
}
