/// TensorFlow's `Event` message (`tensorflow/core/util/event.proto`), with the fields TensorBoard
/// reads from a summary file: a wall time, a step, and either the file's version (the first event of
/// every file) or a `Summary` of tagged values.
///
/// Fields are encoded in field-number order and left out at their default values, as TensorFlow's
/// C++ serializer does, so an event encodes to the same bytes TensorFlow writes.
package struct TensorBoardEvent {
    /// What an event carries.
    package enum Content {
        /// `file_version` (`"brain.Event:2"`) and `source_metadata.writer`.
        case fileVersion(String, writer: String)
        /// `summary.value`: one or more tagged values.
        case summary([SummaryValue])
    }

    /// Seconds since 1970 (`wall_time`, field 1).
    package var wallTime: Double
    /// The global step (`step`, field 2).
    package var step: Int64
    /// `file_version` (field 3) or `summary` (field 5).
    package var content: Content

    /// An event at `wallTime` and `step`.
    package init(wallTime: Double, step: Int64 = 0, content: Content) {
        self.wallTime = wallTime
        self.step = step
        self.content = content
    }

    /// The event's protobuf encoding.
    package func encoded() -> [UInt8] {
        var writer = ProtobufWriter()
        if wallTime != 0 { writer.appendDouble(1, wallTime) }
        if step != 0 { writer.appendVarintField(2, step) }
        switch content {
        case let .fileVersion(version, source):
            writer.appendString(3, version)
            // source_metadata (field 10): SourceMetadata { string writer = 1; }.
            writer.appendMessage(10) { $0.appendString(1, source) }
        case let .summary(values):
            // summary (field 5): Summary { repeated Value value = 1; }.
            writer.appendMessage(5) { summary in
                for value in values { summary.appendMessage(1) { value.encode(into: &$0) } }
            }
        }
        return writer.bytes
    }
}

/// `Summary.Value`: a tag, its data as a `TensorProto`, and `SummaryMetadata` naming the TensorBoard
/// plugin that shows it (`"scalars"`, `"images"`, `"histograms"`), as TF 2's `tf.summary` writes.
package struct SummaryValue {
    /// The series' name (`tag`, field 1).
    package var tag: String
    /// The data (`tensor`, field 8).
    package var tensor: TensorProto
    /// `metadata.plugin_data.plugin_name` (field 9, then 1, then 1).
    package var pluginName: String
    /// `metadata.plugin_data.content` (the plugin's own serialized data; empty for most).
    package var pluginContent: [UInt8] = []

    /// Appends the value's fields to `writer`.
    func encode(into writer: inout ProtobufWriter) {
        writer.appendString(1, tag)
        writer.appendMessage(8) { tensor.encode(into: &$0) }
        // SummaryMetadata { PluginData plugin_data = 1; } with PluginData { plugin_name = 1; content = 2; }.
        writer.appendMessage(9) { metadata in
            metadata.appendMessage(1) { plugin in
                plugin.appendString(1, pluginName)
                if !pluginContent.isEmpty { plugin.appendBytes(2, pluginContent) }
            }
        }
    }
}

/// TensorFlow's `TensorProto` (`tensorflow/core/framework/tensor.proto`) for the three kinds a
/// summary needs: numbers as raw little-endian `tensor_content`, strings as `string_val`.
package struct TensorProto {
    /// `DataType` values used here.
    package enum DataType: Int64 {
        case float = 1, double = 2, string = 7
    }

    /// `dtype` (field 1).
    package var dataType: DataType
    /// `tensor_shape.dim[i].size` (field 2; an empty shape is a scalar).
    package var shape: [Int]
    /// `tensor_content` (field 4): the numbers' bytes, little endian, row-major.
    package var content: [UInt8] = []
    /// `string_val` (field 8), for `.string` tensors.
    package var strings: [[UInt8]] = []

    /// Appends the tensor's fields to `writer`.
    func encode(into writer: inout ProtobufWriter) {
        writer.appendVarintField(1, dataType.rawValue)
        // TensorShapeProto { repeated Dim dim = 2; } with Dim { int64 size = 1; }.
        writer.appendMessage(2) { shapeWriter in
            for size in shape {
                shapeWriter.appendMessage(2) { if size != 0 { $0.appendVarintField(1, Int64(size)) } }
            }
        }
        if !content.isEmpty { writer.appendBytes(4, content) }
        for string in strings { writer.appendBytes(8, string) }
    }
}
