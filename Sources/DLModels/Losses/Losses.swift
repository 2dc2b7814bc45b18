/// Keras's `keras.losses.serialize`/`deserialize`: a loss as the serialized object Keras 3 writes
/// in a model's `compile_config`, and back, by class name or by the strings `compile` accepts
/// (`"mse"`, `"mean_squared_error"`, `"binary_crossentropy"`, `"kld"`, ...).
public enum Losses {
    static let registry = KerasObjectRegistry<Loss>(
        module: "keras.losses", kind: "loss",
        entries: [.init(type: MeanSquaredError.self, className: "MeanSquaredError", build: MeanSquaredError.fromConfig),
                  .init(type: MeanAbsoluteError.self, className: "MeanAbsoluteError", build: MeanAbsoluteError.fromConfig),
                  .init(type: BinaryCrossentropy.self, className: "BinaryCrossentropy", build: BinaryCrossentropy.fromConfig),
                  .init(type: CategoricalCrossentropy.self, className: "CategoricalCrossentropy", build: CategoricalCrossentropy.fromConfig),
                  .init(type: SparseCategoricalCrossentropy.self, className: "SparseCategoricalCrossentropy",
                        build: SparseCategoricalCrossentropy.fromConfig),
                  .init(type: KLDivergence.self, className: "KLDivergence", build: KLDivergence.fromConfig),
                  .init(type: Hinge.self, className: "Hinge", build: Hinge.fromConfig),
                  .init(type: Huber.self, className: "Huber", build: Huber.fromConfig)],
        shorthands: shorthands)

    /// Keras 3's loss functions and aliases (`keras.losses.ALL_OBJECTS_DICT`) that have a class here.
    private static let shorthands: [String: () throws -> Loss] = {
        let table: [(names: [String], loss: Loss)] = [
            (["mean_squared_error", "mse", "MSE"], MeanSquaredError()),
            (["mean_absolute_error", "mae", "MAE"], MeanAbsoluteError()),
            (["binary_crossentropy", "bce", "BCE"], BinaryCrossentropy()),
            (["categorical_crossentropy"], CategoricalCrossentropy()),
            (["sparse_categorical_crossentropy"], SparseCategoricalCrossentropy()),
            (["kl_divergence", "kld", "KLD"], KLDivergence()),
            (["hinge"], Hinge()),
            (["huber"], Huber()),
        ]
        return Dictionary(uniqueKeysWithValues: table.flatMap { entry in entry.names.map { name in (name, { entry.loss }) } })
    }()

    /// `{"module": "keras.losses", "class_name": "MeanSquaredError", "config": {...}, "registered_name": null}`.
    public static func serialize(_ loss: Loss) -> LayerConfig {
        registry.serialize(loss, config: loss.getConfig())
    }

    /// The loss `config` describes: a serialized object, a class name, or one of Keras's loss
    /// function names and aliases (`"mse"`). `customObjects` maps class names to builders.
    /// - Throws: `DLError.invalidArgument` for an unknown loss or a bad configuration.
    public static func deserialize(_ config: LayerConfig, customObjects: [String: (LayerConfig) throws -> Loss] = [:]) throws -> Loss {
        try registry.deserialize(config, customObjects: customObjects)
    }
}

extension Loss {
    /// By default, Keras's base `Loss.get_config()`: `name` and `reduction`.
    public func getConfig() -> LayerConfig { ["name": .string(name), "reduction": "sum_over_batch_size"] }

    /// By default, a loss cannot be rebuilt from a configuration (a `CustomLoss`'s closure cannot be written down).
    public static func fromConfig(_ config: LayerConfig) throws -> Self {
        throw DLError.invalidArgument(context: "\(Self.self).fromConfig",
                                      message: "\(Self.self) cannot be rebuilt from a configuration; pass it in customObjects. Received: \(config.json)")
    }
}

/// Reads a loss's configuration: `name` (accepted whatever it is: a loss's name does not reach
/// the logs, whose key is `"loss"`, so it is not kept) and `reduction`, then the loss's own keys
/// through `build`; any key left unread is an error.
func readingLoss<L: Loss>(_ config: LayerConfig, owner: String, defaultName: String,
                          _ build: (inout ConfigReader) throws -> L) throws -> L {
    var reader = try ConfigReader(config, owner: owner)
    _ = try reader.lossName(default: defaultName)
    let loss = try build(&reader)
    try reader.finish()
    return loss
}

/// The configuration `BinaryCrossentropy` and `CategoricalCrossentropy` share (Keras's keys).
func crossentropyConfig(name: String, fromLogits: Bool, labelSmoothing: Float) -> LayerConfig {
    ["name": .string(name), "reduction": "sum_over_batch_size", "from_logits": .bool(fromLogits),
     "label_smoothing": .float(labelSmoothing), "axis": -1]
}

/// Reads a `crossentropyConfig` into `make(fromLogits, labelSmoothing)`.
func readingCrossentropy<L: Loss>(_ config: LayerConfig, owner: String, defaultName: String,
                                  _ make: (Bool, Float) -> L) throws -> L {
    try readingLoss(config, owner: owner, defaultName: defaultName) { reader in
        try reader.lastAxis()
        return make(try reader.bool("from_logits", default: false), try reader.float("label_smoothing", default: 0))
    }
}
