/// Keras's `keras.optimizers.serialize`/`deserialize`: an optimizer as the serialized object
/// Keras 3 writes in a model's `compile_config`, and back, by class name or by the strings
/// `compile` accepts (`"adam"`, `"sgd"`, `"rmsprop"`, ...).
public enum Optimizers {
    static let registry = KerasObjectRegistry<Optimizer>(
        module: "keras.optimizers", kind: "optimizer",
        entries: [.init(type: SGD.self, className: "SGD", build: SGD.fromConfig),
                  .init(type: RMSprop.self, className: "RMSprop", build: RMSprop.fromConfig),
                  .init(type: Adagrad.self, className: "Adagrad", build: Adagrad.fromConfig),
                  .init(type: Adadelta.self, className: "Adadelta", build: Adadelta.fromConfig),
                  .init(type: Adam.self, className: "Adam", build: Adam.fromConfig),
                  .init(type: AdamW.self, className: "AdamW", build: AdamW.fromConfig),
                  .init(type: Nadam.self, className: "Nadam", build: Nadam.fromConfig)],
        shorthands: [:], ignoresCase: true)

    /// `{"module": "keras.optimizers", "class_name": "Adam", "config": {...}, "registered_name": null}`.
    public static func serialize(_ optimizer: Optimizer) -> LayerConfig {
        registry.serialize(optimizer, config: optimizer.getConfig())
    }

    /// The optimizer `config` describes: a serialized object, or a class name in any case
    /// (`"adam"`, `"Adam"`) for Keras's defaults. `customObjects` maps class names to builders.
    /// - Throws: `DLError.invalidArgument` for an unknown class or a bad configuration.
    public static func deserialize(_ config: LayerConfig,
                                   customObjects: [String: (LayerConfig) throws -> Optimizer] = [:]) throws -> Optimizer {
        try registry.deserialize(config, customObjects: customObjects)
    }
}
