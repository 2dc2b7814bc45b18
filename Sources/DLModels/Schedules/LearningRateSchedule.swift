/// A learning rate that changes with the optimizer's step count (Keras `LearningRateSchedule`).
/// Pass one to an optimizer in place of a number: `Adam(learningRate: ExponentialDecay(...))`.
public protocol LearningRateSchedule {
    /// The learning rate for step `step` (the optimizer's `iterations`, 0 for the first step).
    func callAsFunction(_ step: Int) -> Float
    /// Keras's `get_config()`: the schedule's settings as the JSON Keras 3 writes.
    func getConfig() -> LayerConfig
    /// Keras's `from_config`: the schedule `config` describes.
    /// - Throws: `DLError.invalidArgument` naming the class and the key for an unknown, ill-typed or invalid key.
    static func fromConfig(_ config: LayerConfig) throws -> Self
}

extension LearningRateSchedule {
    /// By default, an empty configuration (Keras's base class raises instead).
    public func getConfig() -> LayerConfig { .object([:]) }

    /// By default, a schedule cannot be rebuilt from a configuration.
    public static func fromConfig(_ config: LayerConfig) throws -> Self {
        throw DLError.invalidArgument(context: "\(Self.self).fromConfig",
                                      message: "\(Self.self) does not implement fromConfig(_:). Received: \(config.json)")
    }
}

/// Keras's `keras.optimizers.schedules.serialize`/`deserialize` for the built-in schedules.
public enum LearningRateSchedules {
    static let registry = KerasObjectRegistry<LearningRateSchedule>(
        module: "keras.optimizers.schedules", kind: "learning-rate schedule",
        entries: [.init(type: ExponentialDecay.self, className: "ExponentialDecay", build: ExponentialDecay.fromConfig),
                  .init(type: PiecewiseConstantDecay.self, className: "PiecewiseConstantDecay", build: PiecewiseConstantDecay.fromConfig),
                  .init(type: CosineDecay.self, className: "CosineDecay", build: CosineDecay.fromConfig)],
        shorthands: [:])

    /// `{"module": "keras.optimizers.schedules", "class_name": "ExponentialDecay", "config": {...}, "registered_name": null}`.
    public static func serialize(_ schedule: LearningRateSchedule) -> LayerConfig {
        registry.serialize(schedule, config: schedule.getConfig())
    }

    /// The schedule a serialized object describes (or a class name, with Keras's defaults, where it has none).
    /// - Throws: `DLError.invalidArgument` for an unknown class or a bad configuration.
    public static func deserialize(_ config: LayerConfig,
                                   customObjects: [String: (LayerConfig) throws -> LearningRateSchedule] = [:]) throws -> LearningRateSchedule {
        try registry.deserialize(config, customObjects: customObjects)
    }
}
