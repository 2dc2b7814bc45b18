import DLCore

/// The layout MNIST and Fashion-MNIST share: four IDX files (training and test images and labels),
/// gzip-compressed or not, images `[N, 28, 28]` of unsigned bytes, labels `[N]`.
internal enum MNISTFormat {
    /// The four files, in the order `load` returns them.
    static let fileStems = [
        "train-images-idx3-ubyte", "train-labels-idx1-ubyte",
        "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte",
    ]

    /// A locator for a data set in this layout; each file is accepted as `<stem>.gz` or `<stem>`.
    static func locator(name: String, hint: String) -> DatasetLocator {
        DatasetLocator(name: name, requiredFiles: fileStems.map { [$0 + ".gz", $0] }, hint: hint)
    }

    /// Finds and reads the four files and checks that they fit together.
    /// - Throws: `DLError.datasetNotFound`, or the `IDX.read` errors, or `DLError.invalidFile`
    ///   when a file has the wrong shape or image and label counts differ.
    static func load(with locator: DatasetLocator, from directory: String?) throws
        -> (train: (x: Tensor, y: Tensor), test: (x: Tensor, y: Tensor))
    {
        let paths = try locator.locate(explicit: directory)
        let train = try split(images: paths[0], labels: paths[1])
        let test = try split(images: paths[2], labels: paths[3])
        return (train, test)
    }

    private static func split(images imagePath: String, labels labelPath: String) throws -> (x: Tensor, y: Tensor) {
        let x = try IDX.read(imagePath)
        let y = try IDX.read(labelPath)
        guard x.rank == 3 else {
            throw DLError.invalidFile(path: imagePath, reason: "expected images of shape [N, 28, 28], found shape \(x.shape)")
        }
        guard y.rank == 1 else {
            throw DLError.invalidFile(path: labelPath, reason: "expected labels of shape [N], found shape \(y.shape)")
        }
        guard x.shape[0] == y.shape[0] else {
            throw DLError.invalidFile(path: labelPath, reason: "holds \(y.shape[0]) labels but '\(imagePath)' "
                + "holds \(x.shape[0]) images; the counts must agree")
        }
        return (x, y)
    }
}
