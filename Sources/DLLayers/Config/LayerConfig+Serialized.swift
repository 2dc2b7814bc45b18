// Keras's serialized-object form, `{"module", "class_name", "config", "registered_name"}`, in which
// Keras 3 writes initializers, regularizers, layers and models (Keras 2 wrote only `class_name` and
// `config`), written and read in one place.

extension LayerConfig {
    /// Keras 3's serialized object: `{"module": module, "class_name": className, "config": config,
    /// "registered_name": null}` (`keras.saving.serialize_keras_object`).
    public static func serialized(module: String, className: String, config: LayerConfig) -> LayerConfig {
        ["module": .string(module), "class_name": .string(className), "config": config, "registered_name": nil]
    }
}

/// A serialized Keras object read back: its class name and configuration.
public struct SerializedObject {
    /// Keras's class name (`"GlorotUniform"`, `"Dense"`).
    public let className: String
    /// The object's own configuration (an empty object when Keras wrote none).
    public let config: LayerConfig
    /// The keys of the wrapper besides `class_name` and `config` (`build_config`, ...), for callers that read them.
    public let wrapper: [String: LayerConfig]

    /// Reads `value`, found under `key` of `owner`'s configuration, as a serialized object: Keras 3's
    /// form or Keras 2's (no `module` nor `registered_name`). `module` and a `null` `registered_name`
    /// are accepted whatever their value; `allowedExtras` lists the other wrapper keys the caller reads.
    /// - Throws: `DLError.invalidArgument` naming `owner` and `key` for anything else.
    public init(_ value: LayerConfig, owner: String, key: String, allowedExtras: [String] = []) throws {
        var reader = try ConfigReader(value, owner: owner)
        let className = try reader.string("class_name")
        let config = reader.value("config") ?? .object([:])
        guard config.objectValue != nil else {
            throw reader.typeError("\(key).config", config, expected: "an object")
        }
        reader.ignore(["module"] + allowedExtras)
        try reader.ignoreIfNull(["registered_name"])
        do { try reader.finish() } catch {
            throw DLError.invalidArgument(context: "\(owner).fromConfig",
                                          message: "key '\(key)' holds an unknown member. Received: \(key)=\(value.json)")
        }
        self.className = className
        self.config = config
        var wrapper = reader.members
        wrapper["class_name"] = nil
        wrapper["config"] = nil
        self.wrapper = wrapper
    }

    /// A reader of `config` whose errors name `owner`, `key` and the class (`Dense kernel_initializer (GlorotUniform)`).
    public func reader(owner: String, key: String) throws -> ConfigReader {
        try ConfigReader(config, owner: "\(owner) \(key) (\(className))")
    }
}
