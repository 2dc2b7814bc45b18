// The entry points of model configurations: a model from its configuration or from its serialized
// form (Keras 3's `config.json` / `to_json()`, Keras 2's `to_json()`, a legacy `.h5` file's
// `model_config`), with the user's custom objects; and the legacy form Keras 3 writes in `.h5` files.

extension Model {
    /// Keras's `get_config()` of a graph model: `Sequential`'s own, or a functional model's
    /// `{"name", "trainable", "layers", "input_layers", "output_layers"}` (see `ModelConfigWriter.swift`);
    /// a subclassed model has only the base layer keys, as in Keras.
    func modelConfig() -> LayerConfig {
        isSubclassed ? config(with: [:]) : functionalConfig()
    }

    /// A model from its configuration (`getConfig()`'s value, Keras 3's or Keras 2's): a functional
    /// model when it has `input_layers`, else a `Sequential`. Layers are found as `customObjects` say
    /// first (by the layer's name, then its registered name, then its class name), then among the
    /// built-in layers; nested models and shared layers are rebuilt, and Keras 2's node numbering of
    /// nested models is read.
    /// - Throws: `DLError.invalidArgument` naming the layer for an unknown class or a `Lambda` holding
    ///   Python bytecode (with no custom object for it), or naming the key that cannot be read; a
    ///   graph whose shapes do not fit throws the graph's error.
    public static func fromConfig(_ config: LayerConfig, customObjects: CustomObjects) throws -> Model {
        let context = ModelConfigContext(customObjects: customObjects)
        if config["input_layers"] != nil { return try functional(fromConfig: config, context: context) }
        return try Sequential.sequential(fromConfig: config, context: context)
    }

    /// A model from its serialized form, `{"class_name", "config", ...}`: Keras 3's `config.json` or
    /// `model.to_json()` (with `module`, `registered_name`, `build_config`, `compile_config`), Keras 2's
    /// `to_json()` (with `keras_version`, `backend`) or a legacy `.h5` file's `model_config`. With
    /// `compile` (the default, as Keras's `load_model`), a non-empty `compile_config` compiles the model.
    /// - Throws: as `fromConfig(_:customObjects:)`, `DLError.invalidArgument` for a class that is not a
    ///   model, and `compile(fromConfig:)`'s errors.
    public static func deserialize(_ serialized: LayerConfig, customObjects: CustomObjects = [:], compile: Bool = true) throws -> Model {
        var reader = try ConfigReader(serialized, owner: "model")
        let className = try reader.string("class_name")
        let registered = try reader.optionalString("registered_name")
        let config = reader.value("config") ?? .null
        let compileConfig = reader.value("compile_config") ?? .null
        reader.ignore(["module", "build_config", "keras_version", "backend"])
        try reader.finish()
        let layer = try ModelConfigContext(customObjects: customObjects)
            .layer(from: ["class_name": .string(className), "config": config, "registered_name": registered.map { .string($0) } ?? .null],
                   owner: "model", key: "class_name")
        guard let model = layer as? Model else {
            throw DLError.invalidArgument(context: "model.fromConfig", message: "the serialized object is a layer, not a model. "
                                          + "Received: class_name=\"\(className)\"")
        }
        if compile, compileConfig.objectValue?.isEmpty == false { try model.compile(fromConfig: compileConfig) }
        return model
    }

    /// A model from JSON text holding its serialized form (Keras's `keras.models.model_from_json`);
    /// see `deserialize(_:customObjects:compile:)`.
    /// - Throws: `DLError.invalidArgument` for text that is not JSON, and `deserialize`'s errors.
    public static func fromJSON(_ json: String, customObjects: CustomObjects = [:], compile: Bool = true) throws -> Model {
        try deserialize(try LayerConfig(json: json), customObjects: customObjects, compile: compile)
    }

    /// The configuration as Keras 3 writes it in a legacy `.h5` file's `model_config` attribute:
    /// `{"class_name", "config"}`, each layer entry (nested models' too) without `module`,
    /// `registered_name`, `build_config` nor `compile_config`, a registered class under its registered
    /// name (`"SwiftDL>L1Distance"`).
    public func legacySerializedConfig() -> LayerConfig { Self.legacy(serializedConfig()) }

    /// Keras's legacy form of a serialized layer or model (see `legacySerializedConfig()`).
    private static func legacy(_ entry: LayerConfig) -> LayerConfig {
        guard var members = entry.objectValue, let className = members["class_name"]?.stringValue else { return entry }
        if members["module"] == .null, let registered = members["registered_name"]?.stringValue { members["class_name"] = .string(registered) }
        for key in ["module", "registered_name", "build_config", "compile_config"] { members[key] = nil }
        if ["Functional", "Sequential", "Model"].contains(className), var config = members["config"]?.objectValue,
           let layers = config["layers"]?.arrayValue {
            config["layers"] = .array(layers.map(legacy))
            members["config"] = .object(config)
        }
        return .object(members)
    }
}
