// The layers of a model configuration, one entry each: written as Keras 3 writes them (nested
// models included) and read back from Keras 3 or Keras 2 entries, with the user's custom objects
// tried first. A configuration never runs code: a `Lambda` holding Python bytecode is refused by
// name unless a Swift closure is registered for it.

/// Functions that rebuild the layers a model configuration names, as Keras's `custom_objects`:
/// matched by the layer's name first, then by its registered name (`"package>Class"`), then by its
/// class name. Each receives the layer's own `config` object.
public typealias CustomObjects = [String: (LayerConfig) throws -> Layer]

/// Reading the layers of one model configuration (and of the models nested in it).
struct ModelConfigContext {
    /// The user's factories (see `CustomObjects`).
    let customObjects: CustomObjects

    /// The package prefix under which Keras registers SwiftDL's own classes (`"SwiftDL>L1Distance"`).
    static let package = "SwiftDL>"

    /// The layer that the serialized `entry`, found under `key` of `owner`'s configuration, describes:
    /// a custom object, a nested `Sequential` or functional model, or a built-in layer.
    /// - Throws: `DLError.invalidArgument` naming the layer and its class for an unknown class or a
    ///   Python `Lambda`, or the layer's own `fromConfig` error.
    func layer(from entry: LayerConfig, owner: String, key: String) throws -> Layer {
        var reader = try ConfigReader(entry, owner: owner)
        let className = try reader.string("class_name")
        let config = reader.value("config") ?? .object([:])
        guard config.objectValue != nil else { throw reader.typeError("config", config, expected: "an object") }
        let registered = try reader.optionalString("registered_name")
        _ = reader.value("module")
        reader.ignore(["build_config", "compile_config", "shared_object_id", "name", "inbound_nodes"])
        try reader.finish()
        let name = entry["name"]?.stringValue ?? config["name"]?.stringValue ?? className
        let context = "\(owner).fromConfig"
        for candidate in [name, registered, className].compactMap({ $0 }) {
            if let factory = customObjects[candidate] { return try factory(config) }
        }
        let bare = [className, registered ?? ""].lazy.compactMap(Self.builtInClassName).first
        switch bare {
        case "Functional", "Model": return try Model.functional(fromConfig: config, context: self)
        case "Sequential": return try Sequential.sequential(fromConfig: config, context: self)
        case "Lambda": return try Lambda.fromConfig(Self.lambdaConfig(config, layer: name, context: context))
        default: break
        }
        guard let bare, let type = LayerRegistry.layerType(named: bare) else {
            throw DLError.invalidArgument(context: context, message: "layer '\(name)' (\(key)) has the unknown class '\(className)'; "
                                          + "pass a function building it in customObjects under \"\(name)\" or \"\(registered ?? className)\". "
                                          + "Received: class_name=\"\(className)\"")
        }
        return try type.fromConfig(Self.keras2Normalized(config, className: bare))
    }

    /// A Keras 2 configuration in Keras 3's terms where they differ in form only: tf-keras writes a
    /// `BatchNormalization`'s `axis` as a list of one axis (`[3]`).
    private static func keras2Normalized(_ config: LayerConfig, className: String) -> LayerConfig {
        if className == "BatchNormalization", let axes = config["axis"]?.arrayValue, axes.count == 1 {
            return config.adding(["axis": axes[0]])
        }
        return config
    }

    /// The built-in class `name` stands for (without SwiftDL's package prefix), or nil.
    private static func builtInClassName(_ name: String) -> String? {
        let bare = name.hasPrefix(package) ? String(name.dropFirst(package.count)) : name
        return ["Functional", "Model", "Sequential"].contains(bare) || LayerRegistry.layerType(named: bare) != nil ? bare : nil
    }

    /// A `Lambda`'s configuration made readable by `Lambda.fromConfig`: a Python lambda (Keras 3's
    /// `__lambda__` object, Keras 2's `[bytecode, defaults, closure]` list) is refused naming the
    /// layer; Keras 2's named function (`function_type: "function"`) becomes its name.
    static func lambdaConfig(_ config: LayerConfig, layer name: String, context: String) throws -> LayerConfig {
        guard var members = config.objectValue else { return config }
        let function = members["function"]
        let isBytecode = function?["class_name"] == "__lambda__" || function?.arrayValue != nil
            || members["function_type"] == "lambda"
        if isBytecode {
            throw DLError.invalidArgument(context: context, message: "layer '\(name)' is a Lambda holding Python bytecode, which "
                                          + "a model configuration never runs here; pass a Swift closure for it in customObjects "
                                          + "under \"\(name)\" or \"Lambda\". Received: function=<Python lambda>")
        }
        if members["function_type"] != nil {   // Keras 2's keys around a named function
            for key in ["function_type", "module", "output_shape_module"] { members[key] = nil }
            if members["output_shape_type"] == "raw" { members["output_shape_type"] = nil }
        }
        return .object(members)
    }

    /// `layer` as Keras 3 writes it in a model's `layers` list: a nested model as Keras serializes
    /// a model (`module`, `class_name`, `config`, `registered_name`, `build_config`, `compile_config`),
    /// any other layer through `LayerRegistry.serialize`.
    static func serialize(_ layer: Layer) -> LayerConfig {
        guard let model = layer as? Model, !model.isSubclassed else { return LayerRegistry.serialize(layer) }
        return model.serializedConfig()
    }
}
