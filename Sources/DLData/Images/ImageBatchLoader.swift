import DLCore
#if canImport(Glibc)
import Glibc
#endif

/// Decodes and resizes the images of one batch on the worker threads: `ImageFolder`'s streaming
/// source, holding only paths and labels between batches.
struct ImageBatchLoader: Sendable {
    let paths: [String]
    let labels: [Int]
    let height: Int
    let width: Int
    let channels: Int
    let interpolation: ResizeInterpolation
    let cropToAspectRatio: Bool

    /// The batch of `rows`: `x` `[n, height, width, channels]`, `y` `[n]` class ids. A file that
    /// passed the header check but fails to decode now (changed on disk, corrupt after its header)
    /// gives a black image and a warning naming it, so that a training pass does not stop.
    func batch(_ rows: Dataset.Rows) -> Dataset.Batch {
        let indices = rows.indices
        let imageSize = height * width * channels
        var x = [Float](repeating: 0, count: indices.count * imageSize)
        var failures = [String?](repeating: nil, count: indices.count)
        x.withUnsafeMutableBufferPointer { x in
            failures.withUnsafeMutableBufferPointer { failures in
                guard let base = x.baseAddress else { return }
                Parallel.run(indices.count) { i in
                    do {
                        let image = try ImageDecoder.decode(path: paths[indices[i]], channels: channels)
                        ImageResize.resize(image.pixels, height: image.height, width: image.width, channels: channels,
                                           outHeight: height, outWidth: width, interpolation: interpolation,
                                           cropToAspectRatio: cropToAspectRatio, into: base + i * imageSize)
                    } catch {
                        failures[i] = "\(error)"
                    }
                }
            }
        }
        for failure in failures.compactMap({ $0 }) {
            fputs("UserWarning: ImageFolder could not decode an image, which stays black in this batch: \(failure)\n", stderr)
        }
        let y = indices.map { Float(labels[$0]) }
        return ([Tensor(shape: [indices.count, height, width, channels], scalars: x)], [Tensor(shape: [indices.count], scalars: y)])
    }
}
