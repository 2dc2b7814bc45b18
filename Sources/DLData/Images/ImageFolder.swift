import DLCore
#if canImport(Glibc)
import Glibc
#endif

/// Images in a folder with one sub-folder per class, like Keras's `image_dataset_from_directory`:
/// class names from the sorted sub-folder names, PNG and JPEG files decoded (by content) on worker
/// threads one batch at a time, resized as `tf.image.resize` to `imageSize` (bilinearly unless
/// another `interpolation` is given; optionally from the largest centred window of its aspect ratio).
///
/// ```swift
/// let train = try ImageFolder(directory: "cats_and_dogs", imageSize: (height: 150, width: 150),
///                             seed: 1, validationSplit: 0.2, subset: .training)
/// try model.fit(train.dataset, epochs: 10)
/// ```
///
/// The files are shuffled with Keras's own generator (NumPy's `RandomState(seed)`), so a seed
/// assigns the same files to training and validation as Keras; the training subset is the first
/// `1 - validationSplit` of the shuffled list, the validation subset the rest. Every file's header
/// is checked when the folder is opened, so that a training pass does not meet an unreadable file.
public struct ImageFolder {
    /// The class names, sorted; label `i` is `classNames[i]`.
    public let classNames: [String]
    /// The files of this subset, in Keras's order (`file_paths` of its data set).
    public let filePaths: [String]
    /// The class id of each file in `filePaths`.
    public let labels: [Int]
    /// The images in this subset.
    public var count: Int { filePaths.count }
    /// The images as batches: `x` `[batch, height, width, channels]` as `Float` 0...255, `y`
    /// `[batch]` class ids; decoded from disk for each batch (never all in memory), reshuffled on
    /// every pass when `shuffle` is true.
    public let dataset: Dataset

    /// Lists, shuffles, splits and checks the images of `directory`.
    /// - Parameters:
    ///   - directory: a folder with one sub-folder of images (`.png`, `.jpg`, `.jpeg`) per class.
    ///   - imageSize: the size every image is resized to.
    ///   - colorMode: `.rgb` (3 channels) or `.grayscale` (1).
    ///   - batchSize: images per batch.
    ///   - shuffle: whether the file list is shuffled (Keras's order under `seed`) and every pass
    ///     visits the images in a new order; `false` keeps the sorted order.
    ///   - seed: the shuffle's seed (below 2^32); required with `validationSplit` when shuffling.
    ///   - validationSplit: the fraction (0 < f < 1) kept for validation; needs `subset`.
    ///   - subset: which part to deliver; needs `validationSplit`.
    ///   - interpolation: how images are resized (default `.bilinear`, as Keras).
    ///   - cropToAspectRatio: resize the largest centred window of `imageSize`'s aspect ratio instead
    ///     of the whole image (Keras's `crop_to_aspect_ratio`; default false).
    ///   - skipUnreadable: `true` leaves out files that are not a readable PNG or JPEG, with a
    ///     warning naming each; `false` throws instead.
    /// - Throws: `DLError.invalidArgument` for a bad argument, a folder with no class sub-folder,
    ///   an empty class folder or an empty subset; `DLError.invalidFile` or `DLError.fileAccess`
    ///   naming an unreadable image when `skipUnreadable` is false.
    public init(directory: String, imageSize: (height: Int, width: Int), colorMode: ColorMode = .rgb,
                batchSize: Int = 32, shuffle: Bool = true, seed: UInt64? = nil,
                validationSplit: Float? = nil, subset: Subset? = nil, interpolation: ResizeInterpolation = .bilinear,
                cropToAspectRatio: Bool = false, skipUnreadable: Bool = false) throws {
        let context = "ImageFolder(directory: '\(directory)')"
        func fail(_ message: String) -> DLError { DLError.invalidArgument(context: context, message: message) }
        guard imageSize.height > 0, imageSize.width > 0 else {
            throw fail("imageSize must be positive. Received: \(imageSize.height) × \(imageSize.width)")
        }
        guard batchSize > 0 else { throw fail("batchSize must be positive. Received: \(batchSize)") }
        if let validationSplit, !(validationSplit > 0 && validationSplit < 1) {
            throw fail("validationSplit must be between 0 and 1. Received: \(validationSplit)")
        }
        if (validationSplit == nil) != (subset == nil) {
            throw fail("validationSplit and subset must be given together. Received: validationSplit="
                + "\(validationSplit.map { "\($0)" } ?? "nil"), subset=\(subset.map { "\($0)" } ?? "nil")")
        }
        if validationSplit != nil, shuffle, seed == nil {
            throw fail("with validationSplit and shuffle, a seed is required so that the training and validation "
                + "subsets do not overlap. Received: seed=nil")
        }
        if let seed, seed >= 1 << 32 {
            throw fail("seed must be below 2^32 (NumPy's RandomState). Received: \(seed)")
        }

        let index = try ImageFolderIndex(directory: directory, context: context)
        var paths = index.paths, labels = index.labels
        if shuffle {
            let keysSeed = seed.map { UInt32($0) } ?? UInt32(Random.uniform() * 999_999)
            var pathShuffle = KerasFileShuffle(seed: keysSeed), labelShuffle = KerasFileShuffle(seed: keysSeed)
            pathShuffle.shuffle(&paths)
            labelShuffle.shuffle(&labels)
        }
        if let validationSplit, let subset {
            // Keras: int(validation_split * len(samples)), in double precision of the decimal value.
            let fraction = Double(String(validationSplit)) ?? Double(validationSplit)
            let validationCount = Int(fraction * Double(paths.count))
            guard validationCount > 0, validationCount < paths.count else {
                throw fail("validationSplit \(validationSplit) of \(paths.count) images leaves an empty "
                    + "\(validationCount == 0 ? "validation" : "training") subset. Received: \(paths.count) images")
            }
            let range = subset == .training ? 0..<(paths.count - validationCount) : (paths.count - validationCount)..<paths.count
            paths = Array(paths[range])
            labels = Array(labels[range])
        }

        let kept = try Self.readable(paths, skipUnreadable: skipUnreadable)
        guard !kept.isEmpty else {
            throw fail("no readable image in the folder. Received: \(paths.count) unreadable files")
        }
        self.classNames = index.classNames
        self.filePaths = kept.map { paths[$0] }
        self.labels = kept.map { labels[$0] }
        let loader = ImageBatchLoader(paths: filePaths, labels: self.labels, height: imageSize.height,
                                      width: imageSize.width, channels: colorMode.channels, interpolation: interpolation,
                                      cropToAspectRatio: cropToAspectRatio)
        self.dataset = try Dataset(count: filePaths.count, gather: loader.batch).batched(batchSize).shuffled(shuffle)
    }

    /// The positions of the readable files (header and trailer checked on worker threads), after
    /// warning about (or throwing for) the others.
    private static func readable(_ paths: [String], skipUnreadable: Bool) throws -> [Int] {
        var failures = [DLError?](repeating: nil, count: paths.count)
        failures.withUnsafeMutableBufferPointer { failures in
            Parallel.run(paths.count) { i in
                do { try ImageDecoder.checkHeader(path: paths[i]) } catch let error as DLError {
                    failures[i] = error
                } catch {
                    failures[i] = DLError.fileAccess(path: paths[i], reason: "\(error)")
                }
            }
        }
        var kept: [Int] = []
        for (i, failure) in failures.enumerated() {
            guard let failure else { kept.append(i); continue }
            guard skipUnreadable else { throw failure }
            fputs("UserWarning: ImageFolder skips an unreadable image: \(failure)\n", stderr)
        }
        return kept
    }
}
