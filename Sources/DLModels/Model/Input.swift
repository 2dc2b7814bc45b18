/// A model input of per-sample `shape` (Keras `keras.Input`): the start of a functional model.
public func Input(shape: [Int], name: String? = nil) -> SymbolicTensor {
    InputLayer(shape: shape, name: name).makeOutput()
}
