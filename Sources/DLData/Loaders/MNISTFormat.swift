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
        try load(with: locator, from: directory, images: { try IDX.read($0) }, shape: \.shape)
    }

    /// `load`, with the images kept as bytes.
    static func loadBytes(with locator: DatasetLocator, from directory: String?) throws
        -> (train: (x: ByteTensor, y: Tensor), test: (x: ByteTensor, y: Tensor))
    {
        try load(with: locator, from: directory, images: { try IDX.readBytes($0) }, shape: \.shape)
    }

    private static func load<Images>(with locator: DatasetLocator, from directory: String?,
                                     images read: (String) throws -> Images, shape: (Images) -> [Int]) throws
        -> (train: (x: Images, y: Tensor), test: (x: Images, y: Tensor))
    {
        let paths = try locator.locate(explicit: directory)
        let train = try split(images: paths[0], labels: paths[1], read: read, shape: shape)
        let test = try split(images: paths[2], labels: paths[3], read: read, shape: shape)
        return (train, test)
    }

    private static func split<Images>(images imagePath: String, labels labelPath: String,
                                      read: (String) throws -> Images, shape: (Images) -> [Int]) throws
        -> (x: Images, y: Tensor)
    {
        let x = try read(imagePath)
        let y = try IDX.read(labelPath)
        let imageShape = shape(x)
        guard imageShape.count == 3 else {
            throw DLError.invalidFile(path: imagePath, reason: "expected images of shape [N, 28, 28], found shape \(imageShape)")
        }
        guard y.rank == 1 else {
            throw DLError.invalidFile(path: labelPath, reason: "expected labels of shape [N], found shape \(y.shape)")
        }
        guard imageShape[0] == y.shape[0] else {
            throw DLError.invalidFile(path: labelPath, reason: "holds \(y.shape[0]) labels but '\(imagePath)' "
                + "holds \(imageShape[0]) images; the counts must agree")
        }
        return (x, y)
    }
}
