/// Updates weights from their gradients (Keras optimizer). State (slots) is keyed by the
/// variable's identity.
public protocol Optimizer: AnyObject {
    /// Keras's name (`"adam"`, `"sgd"`, ...).
    var name: String { get }
    /// The learning rate used by the next step (a schedule's value at `iterations`). Setting it
    /// replaces a schedule with a constant, as Keras does.
    var learningRate: Float { get set }
    /// The number of steps applied so far.
    var iterations: Int { get }
    /// Applies one step: clips the gradients if asked, then updates each variable in place.
    func apply(gradients: [Tensor], to variables: [Variable])
    /// Keras's `get_config()`: the settings as the JSON Keras 3 writes (`learning_rate`, `beta_1`, ...).
    func getConfig() -> LayerConfig
    /// Keras's `from_config`: an optimizer with the settings of `config` (as `getConfig()` writes them).
    /// - Throws: `DLError.invalidArgument` naming the class and the key for an unknown or ill-typed key.
    static func fromConfig(_ config: LayerConfig) throws -> Self
}

extension Optimizer {
    /// By default, the name and the current learning rate.
    public func getConfig() -> LayerConfig { ["name": .string(name), "learning_rate": .double(Double(learningRate))] }

    /// By default, an optimizer cannot be rebuilt from a configuration.
    public static func fromConfig(_ config: LayerConfig) throws -> Self {
        throw DLError.invalidArgument(context: "\(Self.self).fromConfig",
                                      message: "\(Self.self) does not implement fromConfig(_:). Received: \(config.json)")
    }
}
