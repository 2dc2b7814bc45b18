/// Keras's `keras.metrics.serialize`/`deserialize`: a metric as the serialized object Keras 3
/// writes in a model's `compile_config`, and back, by class name or by the strings `compile`
/// accepts (`"accuracy"`, `"mse"`, `"precision"`, ...), which also name the metric's log key.
public enum Metrics {
    static let registry = KerasObjectRegistry<Metric>(
        module: "keras.metrics", kind: "metric",
        entries: [.init(type: Accuracy.self, className: "Accuracy", build: Accuracy.fromConfig),
                  .init(type: BinaryAccuracy.self, className: "BinaryAccuracy", build: BinaryAccuracy.fromConfig),
                  .init(type: CategoricalAccuracy.self, className: "CategoricalAccuracy", build: CategoricalAccuracy.fromConfig),
                  .init(type: SparseCategoricalAccuracy.self, className: "SparseCategoricalAccuracy",
                        build: SparseCategoricalAccuracy.fromConfig),
                  .init(type: Precision.self, className: "Precision", build: Precision.fromConfig),
                  .init(type: Recall.self, className: "Recall", build: Recall.fromConfig),
                  .init(type: F1Score.self, className: "F1Score", build: F1Score.fromConfig),
                  .init(type: MeanSquaredErrorMetric.self, className: "MeanSquaredError", build: MeanSquaredErrorMetric.fromConfig),
                  .init(type: MeanAbsoluteErrorMetric.self, className: "MeanAbsoluteError", build: MeanAbsoluteErrorMetric.fromConfig)],
        shorthands: shorthands)

    /// Keras's metric strings (`keras.metrics.ALL_OBJECTS_DICT` and compile's `"accuracy"`/`"acc"`):
    /// as in Keras's `compile`, the string becomes the metric's name.
    private static let shorthands: [String: () throws -> Metric] = {
        let table: [(names: [String], make: (String) -> Metric)] = [
            (["accuracy", "acc"], { Accuracy(name: $0) }),
            (["binary_accuracy"], { BinaryAccuracy(name: $0) }),
            (["categorical_accuracy"], { CategoricalAccuracy(name: $0) }),
            (["sparse_categorical_accuracy"], { SparseCategoricalAccuracy(name: $0) }),
            (["precision"], { Precision(name: $0) }),
            (["recall"], { Recall(name: $0) }),
            (["f1_score"], { F1Score(name: $0) }),
            (["mean_squared_error", "mse", "MSE"], { MeanSquaredErrorMetric(name: $0) }),
            (["mean_absolute_error", "mae", "MAE"], { MeanAbsoluteErrorMetric(name: $0) }),
        ]
        return Dictionary(uniqueKeysWithValues: table.flatMap { entry in entry.names.map { name in (name, { entry.make(name) }) } })
    }()

    /// The metric as Keras writes it in `compile_config`: an automatic `Accuracy` as the string
    /// `compile` takes (`"accuracy"`), a resolved one as the class it resolved to (`BinaryAccuracy`,
    /// ...), any other as a serialized object (`{"module": "keras.metrics", "class_name": ..., ...}`).
    public static func serialize(_ metric: Metric) -> LayerConfig {
        if let accuracy = metric as? Accuracy {
            switch accuracy.kind {
            case .automatic: return .string(accuracy.name)
            case .binary(let threshold): return serialize(BinaryAccuracy(threshold: threshold, name: accuracy.name))
            case .categorical: return serialize(CategoricalAccuracy(name: accuracy.name))
            case .sparseCategorical: return serialize(SparseCategoricalAccuracy(name: accuracy.name))
            case .equality: break
            }
        }
        return registry.serialize(metric, config: metric.getConfig())
    }

    /// The metric `config` describes: a serialized object, a class name, or one of Keras's metric
    /// strings (`"accuracy"`, `"mse"`), which becomes the metric's name. `customObjects` maps class names to builders.
    /// - Throws: `DLError.invalidArgument` for an unknown metric or a bad configuration.
    public static func deserialize(_ config: LayerConfig, customObjects: [String: (LayerConfig) throws -> Metric] = [:]) throws -> Metric {
        try registry.deserialize(config, customObjects: customObjects)
    }
}

extension Metric {
    /// By default, Keras's base `Metric.get_config()`: `name` and `dtype`.
    public func getConfig() -> LayerConfig { ["name": .string(name), "dtype": "float32"] }

    /// By default, a metric cannot be rebuilt from a configuration.
    public static func fromConfig(_ config: LayerConfig) throws -> Self {
        throw DLError.invalidArgument(context: "\(Self.self).fromConfig",
                                      message: "\(Self.self) cannot be rebuilt from a configuration; pass it in customObjects. Received: \(config.json)")
    }
}

/// Reads a metric's configuration: `name` and `dtype`, then the metric's own keys through
/// `build` (given the name); any key left unread is an error.
func readingMetric<M: Metric>(_ config: LayerConfig, owner: String, defaultName: String,
                              _ build: (inout ConfigReader, String) throws -> M) throws -> M {
    var reader = try ConfigReader(config, owner: owner)
    let name = try reader.metricName(default: defaultName)
    let metric = try build(&reader, name)
    try reader.finish()
    return metric
}

/// The configuration `Precision` and `Recall` share (Keras's keys).
func thresholdMetricConfig(name: String, threshold: Float) -> LayerConfig {
    ["name": .string(name), "dtype": "float32", "thresholds": threshold == 0.5 ? nil : .float(threshold), "top_k": nil, "class_id": nil]
}

/// Reads a `thresholdMetricConfig` into `make(threshold, name)`.
func readingThresholdMetric<M: Metric>(_ config: LayerConfig, owner: String, defaultName: String,
                                       _ make: (Float, String) -> M) throws -> M {
    try readingMetric(config, owner: owner, defaultName: defaultName) { reader, name in
        try reader.ignoreIfNull(["top_k", "class_id"])
        return make(try reader.singleThreshold(), name)
    }
}

extension ConfigReader {
    /// Keras's `thresholds` of `Precision`/`Recall` as one threshold: null (0.5), a number, or a list of one number.
    mutating func singleThreshold() throws -> Float {
        guard let raw = value("thresholds"), !raw.isNull else { return 0.5 }
        if let number = raw.doubleValue { return Float(number) }
        if let list = raw.arrayValue, list.count == 1, let number = list[0].doubleValue { return Float(number) }
        throw typeError("thresholds", raw, expected: "null, a number or a list of one number (one threshold is supported here)")
    }
}
