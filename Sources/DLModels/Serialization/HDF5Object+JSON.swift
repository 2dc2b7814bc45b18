import DLCore
import DLLayers

// JSON in string attributes: how Keras's legacy `.h5` files hold `model_config` and
// `training_config` (a variable-length UTF-8 string of `json.dumps` output).
extension HDF5Object {
    /// The attribute `name` parsed as JSON.
    /// - Throws: `DLError.hdf5` naming the file and `path@name` when the attribute is missing, is not a
    ///   string, or is not JSON (with the parser's reason).
    package func jsonAttribute(_ name: String) throws -> LayerConfig {
        let text = try stringAttribute(name)
        do {
            return try LayerConfig(json: text)
        } catch {
            throw contentError("the attribute is not valid JSON: \(error). Received: \(text.prefix(80))",
                               at: attributePath(name))
        }
    }

    /// Writes `value` as JSON text in the string attribute `name`.
    package func setAttribute(_ name: String, json value: LayerConfig) throws {
        try setAttribute(name, string: value.json)
    }
}
