import DLCore

/// How Keras's TensorBoard callback draws a weight as images (`_log_weight_as_image`), after
/// squeezing the weight's size-1 dimensions:
///
/// - a vector of `n` (a bias): one image `n` high and 1 wide;
/// - a matrix `[a, b]` (a dense kernel): one image, transposed first when `a > b` so it is wider
///   than high;
/// - `[h, w, c]` (a convolution kernel with one input channel): `c` images of `h × w`;
/// - `[d0, d1, d2, d3]` with `d3` in 1, 3, 4: taken as images as they are (Keras does so too);
/// - anything else (a scalar, a 4-D kernel with other sizes): no image.
///
/// The result is `[N, H, W, C]`, values unchanged: the image summary maps [0, 1] to black–white,
/// so negative weights are black, as in Keras.
package enum WeightImage {
    /// The images of `weight`, or nil when Keras writes none for its shape.
    package static func images(of weight: Tensor) -> Tensor? {
        let shape = weight.shape.filter { $0 != 1 }
        let values = weight.scalars
        switch shape.count {
        case 1:
            return Tensor(shape: [1, shape[0], 1, 1], scalars: values)
        case 2:
            guard shape[0] > shape[1] else { return Tensor(shape: [1, shape[0], shape[1], 1], scalars: values) }
            let (rows, columns) = (shape[1], shape[0])
            var transposed = [Float](repeating: 0, count: values.count)
            for row in 0..<rows {
                for column in 0..<columns { transposed[row * columns + column] = values[column * rows + row] }
            }
            return Tensor(shape: [1, rows, columns, 1], scalars: transposed)
        case 3:
            // [h, w, c] → [c, h, w]: each channel becomes an image.
            let (height, width, count) = (shape[0], shape[1], shape[2])
            var images = [Float](repeating: 0, count: values.count)
            for pixel in 0..<(height * width) {
                for channel in 0..<count { images[channel * height * width + pixel] = values[pixel * count + channel] }
            }
            return Tensor(shape: [count, height, width, 1], scalars: images)
        case 4 where [3, 4].contains(shape[3]):
            return Tensor(shape: shape, scalars: values)
        default:
            return nil
        }
    }
}
