/// The buckets of a TensorBoard histogram, computed as TensorBoard's `tf.summary.histogram` does
/// (`tensorboard/plugins/histogram/summary_v2.py`, `_buckets`), in doubles:
///
/// - no data: `bucketCount` rows of zeros;
/// - one distinct value `v`: every edge is `v`, and the last bucket holds all the values;
/// - otherwise, with `width = (max − min) / bucketCount`, value `x` falls in bucket
///   `min(⌊(x − min) / width⌋, bucketCount − 1)`; the edges are `min + i · width` (TensorFlow's
///   `linspace`), the last right edge `max`.
package enum HistogramBuckets {
    /// TensorBoard's default number of buckets.
    package static let defaultCount = 30

    /// One bucket: `[left, right)` (the last one closed) and how many values fall in it.
    package struct Row: Equatable {
        package var left: Double, right: Double, count: Double

        /// A bucket from its edges and count.
        package init(left: Double, right: Double, count: Double) {
            self.left = left
            self.right = right
            self.count = count
        }
    }

    /// The `bucketCount` buckets of `values` (no rows when `bucketCount` is 0).
    package static func compute(_ values: [Float], bucketCount: Int = defaultCount) -> [Row] {
        guard bucketCount > 0 else { return [] }
        guard let first = values.first else {
            return Array(repeating: Row(left: 0, right: 0, count: 0), count: bucketCount)
        }
        var low = Double(first), high = Double(first)
        for value in values {
            low = Swift.min(low, Double(value))
            high = Swift.max(high, Double(value))
        }
        let range = high - low
        if range == 0 {
            var rows = Array(repeating: Row(left: high, right: high, count: 0), count: bucketCount)
            rows[bucketCount - 1].count = Double(values.count)
            return rows
        }
        let width = range / Double(bucketCount)
        var counts = [Double](repeating: 0, count: bucketCount)
        for value in values {
            let index = Swift.min(Int(((Double(value) - low) / width).rounded(.down)), bucketCount - 1)
            counts[index] += 1
        }
        // tf.linspace(min, max, k + 1) is start + i * ((stop - start) / k); the last edge is max.
        var edges = (0...bucketCount).map { low + Double($0) * width }
        edges[bucketCount] = high
        return (0..<bucketCount).map { Row(left: edges[$0], right: edges[$0 + 1], count: counts[$0]) }
    }
}
