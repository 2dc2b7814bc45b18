// Keras's serialized form of an optimizer, a schedule, a loss or a metric,
// `{"module", "class_name", "config", "registered_name"}`, and reading one back by its class
// name or by one of the shorthand strings `compile` accepts ("adam", "mse", "accuracy").

/// The built-in classes of one kind (optimizers, losses, ...) by Keras class name, for
/// `Optimizers`, `Losses`, `Metrics` and `LearningRateSchedules`.
struct KerasObjectRegistry<Object> {
    /// One built-in class: its Swift type, Keras's class name and its `fromConfig`.
    struct Entry {
        let type: Any.Type
        let className: String
        let build: (LayerConfig) throws -> Object
    }

    /// Keras's module for the kind (`"keras.optimizers"`).
    let module: String
    /// The kind in error messages (`"optimizer"`).
    let kind: String
    let entries: [Entry]
    /// Shorthand strings (`"mse"`) and what they stand for.
    let shorthands: [String: () throws -> Object]
    /// Whether class names are matched whatever their case (Keras does so for optimizers).
    var ignoresCase = false

    /// Keras's class name for `object`: the built-in class's, else the Swift type's name.
    func className(of object: Any) -> String {
        let type = Swift.type(of: object)
        return entries.first { $0.type == type }?.className ?? String(describing: type)
    }

    /// Keras 3's serialized object (`keras.saving.serialize_keras_object`); a class not built in
    /// is written with `"registered_name"`, under which `deserialize` finds it among the custom objects.
    func serialize(_ object: Any, config: LayerConfig) -> LayerConfig {
        let name = className(of: object)
        let builtIn = entries.contains { $0.type == Swift.type(of: object) }
        return ["module": builtIn ? .string(module) : nil, "class_name": .string(name), "config": config,
                "registered_name": builtIn ? nil : .string(name)]
    }

    /// The object `value` describes: a serialized object (Keras 3's form, or Keras 2's with only
    /// `class_name` and `config`), or a shorthand or class name as a string. `customObjects`
    /// (by class or registered name) are looked up first, as Keras does.
    /// - Throws: `DLError.invalidArgument` naming the kind and what was received, or the class's
    ///   own `fromConfig` error.
    func deserialize(_ value: LayerConfig, customObjects: [String: (LayerConfig) throws -> Object]) throws -> Object {
        if let text = value.stringValue {
            if let custom = customObjects[text] { return try custom(.object([:])) }
            if let shorthand = shorthands[text] { return try shorthand() }
            if let entry = entry(named: text) { return try entry.build(.object([:])) }
            throw unknown(text, value)
        }
        var reader = try ConfigReader(value, owner: "\(module).deserialize")
        let className = try reader.string("class_name")
        let registered = try reader.optionalString("registered_name")
        let config = reader.value("config") ?? .object([:])
        guard config.objectValue != nil else { throw reader.typeError("config", config, expected: "an object") }
        _ = try reader.optionalString("module")
        try reader.finish()
        if let custom = registered.flatMap({ customObjects[$0] }) ?? customObjects[className] { return try custom(config) }
        guard let entry = entry(named: className) else { throw unknown(className, value) }
        return try entry.build(config)
    }

    private func entry(named name: String) -> Entry? {
        entries.first { $0.className == name } ?? (ignoresCase ? entries.first { $0.className.lowercased() == name.lowercased() } : nil)
    }

    private func unknown(_ name: String, _ value: LayerConfig) -> DLError {
        let known = (entries.map(\.className) + shorthands.keys.sorted()).joined(separator: ", ")
        return .invalidArgument(context: "\(module).deserialize",
                                message: "unknown \(kind) '\(name)' (known: \(known); pass others in customObjects). Received: \(value.json)")
    }
}

extension LayerConfig {
    /// This object with `members` added (replacing keys it already has).
    func adding(_ members: [String: LayerConfig]) -> LayerConfig {
        .object((objectValue ?? [:]).merging(members) { _, new in new })
    }
}
