import DLCore

/// A layer that checks the values of the data it reads before a model runs it (`Embedding`'s
/// token ids), so that `fit`, `evaluate` and `predict` throw a `DLError` for bad data where the
/// layer would otherwise stop the program. Models call it for the layers that read a model input.
public protocol ValidatesInputValues: Layer {
    /// Throws a `DLError` naming the layer and the first bad value.
    func validate(inputValues: Tensor) throws
}
