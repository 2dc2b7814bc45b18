import DL

/// A test-only layer with one weight `scale` (ones, per-sample shape) that multiplies its input.
final class ScaleLayer: Layer {
    private(set) var scale: Variable?

    override func build(inputShape: [Int]) throws {
        scale = addWeight(name: "scale", shape: inputShape, initializer: .ones)
    }

    override func call(_ input: Tensor, training: Bool) -> Tensor {
        guard let scale else { return input }
        return input * scale.value
    }
}

/// A model with no weights: input straight to output.
func identityModel() -> Model {
    let x = Input(shape: [2])
    return Model(inputs: x, outputs: x)
}

/// A model with one weight of shape [2], and that weight.
func scaleModel() -> (Model, Variable) {
    let x = Input(shape: [2])
    let layer = ScaleLayer()
    let model = Model(inputs: x, outputs: layer(x))
    return (model, model.weights[0])
}

/// Attaches `callback` to `model` as `fit` does.
func attach<C: Callback>(_ callback: C, to model: Model) -> C {
    callback.model = model
    return callback
}
