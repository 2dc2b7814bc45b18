// What `compile` was given, as Keras writes it: Keras 3's `compile_config` (`get_compile_config`,
// in `config.json` and `to_json()`) and the legacy `.h5` file's `training_config` (the same with
// `optimizer_config` in Keras's legacy form); and a compile from either, as Keras's
// `compile_from_config` does, Keras 2 (tf-keras) training configurations included.

extension Model {
    /// Keras 3's `get_compile_config()`: `{"optimizer", "loss", "loss_weights", "metrics",
    /// "weighted_metrics", "run_eagerly", "steps_per_execution", "jit_compile"}`, each object in
    /// Keras's serialized form; `{}` before `compile`. A loss per output is a list; metrics are a
    /// flat list for a one-output compile, else one list per output.
    public func compileConfig() -> LayerConfig {
        guard let plan else { return [:] }
        let loss: LayerConfig
        switch plan.losses.count {
        case 0: loss = nil
        case 1 where plan.flatMetrics || outputs.count <= 1: loss = Losses.serialize(plan.losses[0])
        default: loss = .array(plan.losses.map(Losses.serialize))
        }
        let metrics: LayerConfig = plan.flatMetrics
            ? .array((plan.metrics.first ?? []).map(Metrics.serialize))
            : .array(plan.metrics.map { .array($0.map(Metrics.serialize)) })
        return ["optimizer": Optimizers.serialize(plan.optimizer), "loss": loss,
                "loss_weights": plan.lossWeights.map { .array($0.map { .double(Double($0)) }) } ?? .null,
                "metrics": metrics, "weighted_metrics": nil, "run_eagerly": false, "steps_per_execution": 1, "jit_compile": false]
    }

    /// The legacy `.h5` file's `training_config`, as Keras 3 writes it: `compileConfig()` with the
    /// optimizer as `"optimizer_config": {"class_name", "config"}`; nil before `compile`.
    public func trainingConfig() -> LayerConfig? {
        guard plan != nil, var members = compileConfig().objectValue else { return nil }
        let optimizer = members.removeValue(forKey: "optimizer") ?? .null
        members["optimizer_config"] = ["class_name": optimizer["class_name"] ?? .null, "config": optimizer["config"] ?? .null]
        return .object(members)
    }

    /// Compiles the model from a Keras `compile_config` (Keras 3) or a legacy `.h5` `training_config`
    /// (Keras 2 or 3: `optimizer_config`), as Keras's `compile_from_config`: the optimizer with its
    /// configuration (Keras's default `"rmsprop"` when there is none, as a `.keras` archive's config
    /// may have), the loss or one loss per output (a list, or an object by output name), the loss
    /// weights and the metrics (a flat list, one list per output, Keras 2's `MeanMetricWrapper`s).
    /// `run_eagerly`, `steps_per_execution` and `jit_compile` mean nothing here and are accepted.
    /// - Throws: `DLError.invalidArgument` naming the key for an unknown optimizer, loss or metric,
    ///   weighted metrics, or a value of the wrong kind; nothing changes then.
    public func compile(fromConfig config: LayerConfig) throws {
        var reader = try ConfigReader(config, owner: "model '\(name)' compile_config")
        let rawOptimizer = [reader.value("optimizer"), reader.value("optimizer_config")].compactMap { $0 }
            .first { !$0.isNull } ?? "rmsprop"
        let optimizer = try Optimizers.deserialize(Self.withoutKeras2Prefix(rawOptimizer))
        let names = outputNames
        let losses = try Self.byOutput(reader.value("loss") ?? .null, names: names, key: "loss", reader: reader)
            .map { try Losses.deserialize($0) }
        let weights = try Self.byOutput(reader.value("loss_weights") ?? .null, names: names, key: "loss_weights", reader: reader)
            .map { value -> Float in
                guard let weight = value.doubleValue else { throw reader.typeError("loss_weights", value, expected: "numbers") }
                return Float(weight)
            }
        let rawMetrics = reader.value("metrics") ?? .null
        if let weighted = reader.value("weighted_metrics"), !(weighted.isNull || weighted.arrayValue?.allSatisfy(Self.isEmptyList) == true) {
            throw reader.valueError("weighted_metrics", "weighted metrics are not supported here. Received: weighted_metrics=\(weighted.json)")
        }
        reader.ignore(["run_eagerly", "steps_per_execution", "jit_compile"])
        try reader.finish()
        let metricLists: [[Metric]]
        let flat: Bool
        if rawMetrics.isNull {
            (metricLists, flat) = ([[]], true)
        } else if let list = rawMetrics.arrayValue, !list.contains(where: { $0.arrayValue != nil }) {
            (metricLists, flat) = ([try list.map(Self.metric)], true)
        } else {
            let lists = try Self.byOutput(rawMetrics, names: names, key: "metrics", reader: reader)
            metricLists = try lists.map { value in
                guard let list = value.arrayValue else { return [try Self.metric(value)] }
                return try list.map(Self.metric)
            }
            flat = names.count <= 1 && metricLists.count == 1
        }
        if losses.isEmpty {
            compile(optimizer: optimizer)
        } else if flat && losses.count == 1 && weights.isEmpty {
            compile(optimizer: optimizer, loss: losses[0], metrics: metricLists.first ?? [])
        } else {
            compile(optimizer: optimizer, loss: losses, lossWeights: weights.isEmpty ? nil : weights,
                    metrics: flat ? Array(repeating: metricLists.first ?? [], count: names.count) : metricLists)
        }
    }

    /// `value` as one entry per output: nothing for `null`, the list itself, an object's values in
    /// the outputs' order (Keras's dict by output name), or a single value.
    private static func byOutput(_ value: LayerConfig, names: [String], key: String, reader: ConfigReader) throws -> [LayerConfig] {
        if value.isNull { return [] }
        if let list = value.arrayValue { return list }
        if let members = value.objectValue, value["class_name"] == nil {
            return try names.map { name in
                guard let entry = members[name] else {
                    throw reader.valueError(key, "has no entry for output '\(name)'. Received: \(key)=\(value.json)")
                }
                return entry
            }
        }
        return [value]
    }

    /// A metric of a compile configuration; Keras 2's `MeanMetricWrapper` (`{"name": "accuracy",
    /// "fn": "sparse_categorical_accuracy"}`) becomes the metric its name (or else its function) stands for.
    private static func metric(_ value: LayerConfig) throws -> Metric {
        if value["class_name"] == "MeanMetricWrapper", let config = value["config"] {
            if let name = config["name"]?.stringValue, let metric = try? Metrics.deserialize(.string(name)) { return metric }
            if let function = config["fn"]?.stringValue { return try Metrics.deserialize(.string(function)) }
        }
        return try Metrics.deserialize(value)
    }

    private static func isEmptyList(_ value: LayerConfig) -> Bool { value.arrayValue?.isEmpty ?? false }

    /// An optimizer of tf-keras 2.11+ (`"class_name": "Custom>Adam"`) under its Keras class name.
    private static func withoutKeras2Prefix(_ value: LayerConfig) -> LayerConfig {
        guard let className = value["class_name"]?.stringValue, className.hasPrefix("Custom>") else { return value }
        return value.adding(["class_name": .string(String(className.dropFirst("Custom>".count)))])
    }
}
