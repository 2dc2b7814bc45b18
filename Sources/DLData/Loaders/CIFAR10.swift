import DLCore

/// CIFAR-10 (Krizhevsky, 2009): 60,000 32×32 colour images of 10 classes, 50,000 for training
/// and 10,000 for testing, from the binary version's files (`cifar-10-binary.tar.gz`, which
/// unpacks to `cifar-10-batches-bin/`: `data_batch_1.bin` … `data_batch_5.bin`, `test_batch.bin`).
///
/// Classes: 0 airplane, 1 automobile, 2 bird, 3 cat, 4 deer, 5 dog, 6 frog, 7 horse, 8 ship, 9 truck.
public enum CIFAR10 {
    /// The folder name searched for under each data set root.
    public static let folderName = "cifar-10-batches-bin"
    /// The class names, indexed by label.
    public static let classNames = ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"]
    /// Bytes per record: the label, then 1024 red, 1024 green and 1024 blue bytes (rows of 32).
    static let recordSize = 1 + 32 * 32 * 3

    /// Loads the training and test splits, like Keras's `cifar10.load_data()`.
    ///
    /// Images `x` `[N, 32, 32, 3]` (channels last) with values 0...255; labels `y` `[N]` class ids
    /// 0...9 as `Float`. N is 50,000 for `train` (the five data batches in order) and 10,000 for `test`.
    /// - Parameter directory: the folder holding the six `.bin` files; when `nil`,
    ///   `$DL_DATASETS/cifar-10-batches-bin`, `/usr/share/datasets/cifar-10-batches-bin` and
    ///   `~/.swiftdl/datasets/cifar-10-batches-bin` are searched in that order.
    /// - Throws: `DLError.datasetNotFound` (listing the folders tried) when no folder holds the
    ///   files; `DLError.invalidFile` when a file's length is not a whole number of records;
    ///   `DLError.fileAccess` when one cannot be read.
    public static func loadData(from directory: String? = nil) throws
        -> (train: (x: Tensor, y: Tensor), test: (x: Tensor, y: Tensor))
    {
        let paths = try locator.locate(explicit: directory)
        return (try readBatches(Array(paths.prefix(5))), try readBatches([paths[5]]))
    }

    /// Where `loadData` looks for the files.
    public static var locator: DatasetLocator {
        DatasetLocator(name: folderName,
                       requiredFiles: (1...5).map { ["data_batch_\($0).bin"] } + [["test_batch.bin"]],
                       hint: "Download cifar-10-binary.tar.gz from https://www.cs.toronto.edu/~kriz/cifar.html and "
                           + "unpack it into ~/.swiftdl/datasets/ (or a folder named by $DL_DATASETS).")
    }

    /// The records of `paths`, in order, as images `[N, 32, 32, 3]` and labels `[N]`.
    /// - Throws: `DLError.invalidFile` for a length that is not a positive multiple of 3073 bytes
    ///   or a label above 9; `DLError.fileAccess` when a file cannot be read.
    static func readBatches(_ paths: [String]) throws -> (x: Tensor, y: Tensor) {
        var images: [Float] = [], labels: [Float] = []
        for path in paths {
            let data = try ImageDecoder.read(path)
            guard !data.isEmpty, data.count % recordSize == 0 else {
                throw DLError.invalidFile(path: path, reason: "a CIFAR-10 binary batch holds records of \(recordSize) bytes "
                    + "(label + 32 × 32 × 3 pixels); its length must be a positive multiple of \(recordSize). Received: \(data.count) bytes")
            }
            let records = data.count / recordSize
            let start = images.count
            images += [Float](repeating: 0, count: records * 3072)
            try data.withUnsafeBufferPointer { bytes in
                try images.withUnsafeMutableBufferPointer { output in
                    for record in 0..<records {
                        let base = record * recordSize
                        guard bytes[base] < 10 else {
                            throw DLError.invalidFile(path: path, reason: "record \(record) has label \(bytes[base]); "
                                + "CIFAR-10 labels are 0...9. Received: \(bytes[base])")
                        }
                        labels.append(Float(bytes[base]))
                        // Planar (R plane, G plane, B plane) to interleaved [32, 32, 3].
                        let target = start + record * 3072
                        for pixel in 0..<1024 {
                            for channel in 0..<3 {
                                output[target + pixel * 3 + channel] = Float(bytes[base + 1 + channel * 1024 + pixel])
                            }
                        }
                    }
                }
            }
        }
        return (Tensor(shape: [labels.count, 32, 32, 3], scalars: images), Tensor(shape: [labels.count], scalars: labels))
    }
}
