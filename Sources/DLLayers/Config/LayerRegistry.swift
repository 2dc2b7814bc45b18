/// The layers a Keras configuration can name, by Keras class name, and the serialized form in
/// which Keras 3 writes a layer inside a model's configuration:
/// `{"module": "keras.layers", "class_name": "Dense", "config": {...}, "registered_name": null, "build_config": {...}}`.
public enum LayerRegistry {
    /// A function rebuilding a layer from its `config` (a custom layer's `fromConfig`).
    public typealias Factory = (LayerConfig) throws -> Layer

    /// The built-in layers, by Keras class name.
    public static let builtIn: [String: Layer.Type] = [
        "InputLayer": InputLayer.self, "Dense": Dense.self, "Conv1D": Conv1D.self, "Conv2D": Conv2D.self,
        "ZeroPadding1D": ZeroPadding1D.self, "ZeroPadding2D": ZeroPadding2D.self,
        "MaxPooling2D": MaxPooling2D.self, "AveragePooling2D": AveragePooling2D.self,
        "GlobalAveragePooling2D": GlobalAveragePooling2D.self, "GlobalMaxPooling2D": GlobalMaxPooling2D.self,
        "Flatten": Flatten.self, "Reshape": Reshape.self, "Dropout": Dropout.self, "Activation": ActivationLayer.self,
        "ReLU": ReLU.self, "LeakyReLU": LeakyReLU.self, "Softmax": Softmax.self,
        "BatchNormalization": BatchNormalization.self,
        "Add": Add.self, "Subtract": Subtract.self, "Multiply": Multiply.self, "Average": Average.self,
        "Maximum": Maximum.self, "Concatenate": Concatenate.self, "Dot": Dot.self, "L1Distance": L1Distance.self,
        "Lambda": Lambda.self,
        "Conv2DTranspose": Conv2DTranspose.self, "UpSampling2D": UpSampling2D.self, "Cropping2D": Cropping2D.self,
        "DepthwiseConv2D": DepthwiseConv2D.self, "SeparableConv2D": SeparableConv2D.self,
        "ELU": ELU.self, "PReLU": PReLU.self, "SpatialDropout2D": SpatialDropout2D.self,
        "Embedding": Embedding.self, "SimpleRNN": SimpleRNN.self, "LSTM": LSTM.self, "GRU": GRU.self,
        "Bidirectional": Bidirectional.self, "TimeDistributed": TimeDistributed.self,
        "RandomFlip": RandomFlip.self, "RandomRotation": RandomRotation.self, "RandomTranslation": RandomTranslation.self,
        "RandomZoom": RandomZoom.self, "RandomContrast": RandomContrast.self, "RandomBrightness": RandomBrightness.self,
        "Rescaling": Rescaling.self, "Resizing": Resizing.self, "CenterCrop": CenterCrop.self,
    ]

    /// Built-in layers that are SwiftDL's own classes, which Keras has not (`L1Distance`): their
    /// configurations hold Keras-style keys but no Keras-written fixture can exist for them.
    public static let swiftDLOnly: Set<String> = ["L1Distance"]

    /// Keras's aliases of class names that Keras 2 files may hold.
    private static let aliases = ["MaxPool2D": "MaxPooling2D", "AvgPool2D": "AveragePooling2D",
                                  "Convolution1D": "Conv1D", "Convolution2D": "Conv2D",
                                  "GlobalAvgPool2D": "GlobalAveragePooling2D", "GlobalMaxPool2D": "GlobalMaxPooling2D"]

    /// Layers that Keras marks built when created (no weights, no `build`), so that Keras writes no
    /// `build_config` for them.
    public static let builtAtCreation: Set<String> = [
        "InputLayer", "MaxPooling2D", "AveragePooling2D", "GlobalAveragePooling2D", "GlobalMaxPooling2D",
        "Reshape", "Dropout", "Activation", "ReLU", "LeakyReLU", "Softmax",
        "ELU", "SpatialDropout2D",
    ]

    /// Keras classes that are models (serialized under module `keras`, not `keras.layers`).
    private static let modelClasses: Set<String> = ["Sequential", "Functional", "Model"]

    /// The layer type Keras calls `className`, if built in.
    public static func layerType(named className: String) -> Layer.Type? {
        builtIn[aliases[className] ?? className]
    }

    /// `layer` as Keras 3 writes it in a model's `layers` list: its class name and `getConfig()`
    /// (SwiftDL's own classes, `swiftDLOnly`, with `module: null` and `registered_name: "SwiftDL>Class"`,
    /// as Keras writes a class registered with `package="SwiftDL"`), with `build_config` (`{"input_shape": [null, ...]}`) once built, for the classes Keras builds.
    public static func serialize(_ layer: Layer) -> LayerConfig {
        let className = type(of: layer).kerasClassName
        var members = LayerConfig.serialized(module: modelClasses.contains(className) ? "keras" : "keras.layers",
                                             className: className, config: layer.getConfig()).objectValue ?? [:]
        if swiftDLOnly.contains(className) {   // as Keras writes a class registered under package "SwiftDL"
            members["module"] = .null
            members["registered_name"] = .string("SwiftDL>" + className)
        }
        if let shapes = layer.builtInputShapes, !builtAtCreation.contains(className) {
            let batched = shapes.map { LayerConfig.array([.null] + $0.map { .int($0) }) }
            members["build_config"] = ["input_shape": batched.count == 1 ? batched[0] : .array(batched)]
        }
        return .object(members)
    }

    /// Rebuilds a layer from its serialized form (Keras 3's, or Keras 2's `{"class_name", "config"}`),
    /// found under `key` of `owner`'s configuration. `customObjects` are tried before the built-in
    /// layers; `build_config` is accepted and not needed (layers build when connected).
    /// - Throws: `DLError.invalidArgument` naming `owner` and `key` for an unknown class, or the
    ///   layer's own `fromConfig` error.
    public static func deserialize(_ value: LayerConfig, owner: String, key: String,
                                   customObjects: [String: Factory] = [:]) throws -> Layer {
        let object = try SerializedObject(value, owner: owner, key: key, allowedExtras: ["build_config", "shared_object_id"])
        if let factory = customObjects[object.className] { return try factory(object.config) }
        guard let type = layerType(named: object.className) else {
            throw DLError.invalidArgument(context: "\(owner).fromConfig",
                                          message: "key '\(key)' names an unknown layer class '\(object.className)' "
                                          + "(pass it in customObjects). Received: class_name=\"\(object.className)\"")
        }
        return try type.fromConfig(object.config)
    }
}
