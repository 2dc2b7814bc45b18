import DLCore

extension SummaryValue {
    /// A scalar as `tf.summary.scalar` writes it: a `DT_FLOAT` tensor of shape `[]`, plugin `"scalars"`.
    package static func scalar(_ tag: String, _ value: Float) -> SummaryValue {
        var content = ProtobufWriter()
        content.appendLittleEndian(value.bitPattern)
        return SummaryValue(tag: tag, tensor: TensorProto(dataType: .float, shape: [], content: content.bytes),
                            pluginName: "scalars")
    }

    /// Images as `tf.summary.image` writes them: a `DT_STRING` tensor of shape `[2 + n]` holding the
    /// width and the height in decimal and then `n` PNG files, plugin `"images"`.
    package static func images(_ tag: String, pngs: [[UInt8]], width: Int, height: Int) -> SummaryValue {
        let strings = [Array(String(width).utf8), Array(String(height).utf8)] + pngs
        return SummaryValue(tag: tag, tensor: TensorProto(dataType: .string, shape: [strings.count], strings: strings),
                            pluginName: "images")
    }

    /// A histogram as `tf.summary.histogram` writes it: a `DT_DOUBLE` tensor of shape `[k, 3]` of
    /// `[left edge, right edge, count]` rows (`HistogramBuckets`), plugin `"histograms"`.
    package static func histogram(_ tag: String, _ values: [Float], bucketCount: Int = HistogramBuckets.defaultCount) -> SummaryValue {
        let rows = HistogramBuckets.compute(values, bucketCount: bucketCount)
        var content = ProtobufWriter()
        for row in rows {
            content.appendLittleEndian(row.left.bitPattern)
            content.appendLittleEndian(row.right.bitPattern)
            content.appendLittleEndian(row.count.bitPattern)
        }
        return SummaryValue(tag: tag, tensor: TensorProto(dataType: .double, shape: [rows.count, 3], content: content.bytes),
                            pluginName: "histograms")
    }

    /// A model's Keras JSON as Keras's `keras_model_summary` writes it (tag `"keras"`): a `DT_STRING`
    /// tensor of shape `[1]`, plugin `"graph_keras_model"` with content `"1"`, which TensorBoard's
    /// Graphs dashboard draws as the model's conceptual graph.
    package static func kerasModel(_ json: String, tag: String = "keras") -> SummaryValue {
        SummaryValue(tag: tag, tensor: TensorProto(dataType: .string, shape: [1], strings: [Array(json.utf8)]),
                     pluginName: "graph_keras_model", pluginContent: Array("1".utf8))
    }
}
