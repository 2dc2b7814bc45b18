// Keras's `get_config`/`from_config` for the settings every optimizer shares, written once:
// each optimizer adds its own keys (`Optimizers+Config.swift`).

extension BaseOptimizer {
    /// Keras 3's `BaseOptimizer.get_config()` keys: `name`, `learning_rate` (a number, written as
    /// Keras writes its float32 variable, or the schedule serialized), `weight_decay`, `clipnorm`,
    /// `global_clipnorm`, `clipvalue`, and the settings this framework leaves at their neutral
    /// values (`use_ema: false`, `ema_momentum: 0.99`, `ema_overwrite_frequency`,
    /// `loss_scale_factor` and `gradient_accumulation_steps` null).
    var baseConfig: [String: LayerConfig] {
        let rate: LayerConfig = learningRateSchedule.map(LearningRateSchedules.serialize) ?? .double(Double(learningRate))
        return ["name": .string(name), "learning_rate": rate, "weight_decay": floatOrNull(weightDecay),
                "clipnorm": floatOrNull(clipNorm), "global_clipnorm": floatOrNull(globalClipNorm),
                "clipvalue": floatOrNull(clipValue), "use_ema": false, "ema_momentum": 0.99,
                "ema_overwrite_frequency": nil, "loss_scale_factor": nil, "gradient_accumulation_steps": nil]
    }

    /// Reads `config` for `Self.fromConfig`: the shared settings (`defaultRate` when no learning
    /// rate is given), then `build` reads the class's own keys; any key left unread is an error.
    /// - Throws: `DLError.invalidArgument` naming the class and the key.
    static func reading<Built>(_ config: LayerConfig, defaultRate: Float,
                               _ build: (inout ConfigReader, LearningRate, OptimizerOptions) throws -> Built) throws -> Built {
        var reader = try ConfigReader(config, owner: "\(Self.self)")
        let (rate, options) = try reader.optimizerSettings(defaultRate: defaultRate)
        let optimizer = try build(&reader, rate, options)
        try reader.finish()
        return optimizer
    }
}

extension ConfigReader {
    /// Reads the keys every optimizer shares (see `BaseOptimizer.baseConfig`): the learning rate
    /// (`defaultRate` when absent) and the options. Keras's settings that this framework does not
    /// implement are accepted only at their neutral values (`use_ema` false, the others null).
    /// - Throws: `DLError.invalidArgument` naming the optimizer and the key.
    mutating func optimizerSettings(defaultRate: Float) throws -> (LearningRate, OptimizerOptions) {
        let rate: LearningRate
        switch value("learning_rate") {
        case nil: rate = .constant(defaultRate)
        case let raw? where raw.objectValue != nil || raw.stringValue != nil:
            rate = .schedule(try LearningRateSchedules.deserialize(raw))
        case let raw?:
            guard let number = raw.doubleValue else { throw typeError("learning_rate", raw, expected: "a number or a schedule") }
            rate = .constant(Float(number))
        }
        let options = OptimizerOptions(name: try optionalString("name"), clipNorm: try optionalFloat("clipnorm"),
                                       clipValue: try optionalFloat("clipvalue"), globalClipNorm: try optionalFloat("global_clipnorm"),
                                       weightDecay: try optionalFloat("weight_decay"))
        if try bool("use_ema", default: false) {
            throw valueError("use_ema", "exponential moving averages of the weights are not supported here. Received: use_ema=true")
        }
        _ = try optionalFloat("ema_momentum")   // meaningless while use_ema is false, as Keras writes it
        try ignoreIfNull(["ema_overwrite_frequency", "loss_scale_factor", "gradient_accumulation_steps"])
        if let decay = value("decay"), !decay.isNull, decay.doubleValue != 0 {   // Keras 2's, which Keras 3 drops
            throw valueError("decay", "is not supported here and must be 0 or null. Received: decay=\(decay.json)")
        }
        ignore(["jit_compile", "is_legacy_optimizer"])   // Keras 2.11+ keys with no meaning here
        return (rate, options)
    }
}

/// A float or `null`.
func floatOrNull(_ value: Float?) -> LayerConfig { value.map(LayerConfig.float) ?? .null }
