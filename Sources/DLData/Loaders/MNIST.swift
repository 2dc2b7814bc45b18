import DLCore

/// MNIST handwritten digits: 70,000 28×28 grayscale images of the digits 0...9, 60,000 for
/// training and 10,000 for testing, in the four original IDX files.
public enum MNIST {
    /// The folder name searched for under each data set root.
    public static let folderName = "mnist"

    /// Loads the training and test splits, like Keras's `mnist.load_data()`.
    ///
    /// Images come as stored, `x` of shape `[N, 28, 28]` with values 0...255; labels `y` of shape
    /// `[N]` hold the digits 0...9 as `Float`. N is 60,000 for `train` and 10,000 for `test`.
    /// - Parameter directory: the folder holding `train-images-idx3-ubyte`,
    ///   `train-labels-idx1-ubyte`, `t10k-images-idx3-ubyte` and `t10k-labels-idx1-ubyte` (each
    ///   `.gz` or not); when `nil`, `$DL_DATASETS/mnist`, `/usr/share/datasets/mnist` and
    ///   `~/.swiftdl/datasets/mnist` are searched in that order.
    /// - Throws: `DLError.datasetNotFound` (listing the folders tried) when no folder holds the
    ///   files; `DLError.invalidFile` or `DLError.fileAccess` when a file is unreadable or corrupt.
    public static func loadData(from directory: String? = nil) throws
        -> (train: (x: Tensor, y: Tensor), test: (x: Tensor, y: Tensor))
    {
        try MNISTFormat.load(with: locator, from: directory)
    }

    /// `loadData` with the images kept as stored bytes (`ByteTensor`, `[N, 28, 28]`, 0...255): a
    /// quarter of the memory. Feed them to `fit` through `Dataset(images:labels:)`, which converts
    /// one batch at a time.
    /// - Throws: the errors of `loadData`.
    public static func loadBytes(from directory: String? = nil) throws
        -> (train: (x: ByteTensor, y: Tensor), test: (x: ByteTensor, y: Tensor))
    {
        try MNISTFormat.loadBytes(with: locator, from: directory)
    }

    /// Where `loadData` looks for the files.
    public static var locator: DatasetLocator {
        MNISTFormat.locator(
            name: folderName,
            hint: "Download the four MNIST IDX files (train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, "
                + "t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz) and place them in one of those folders")
    }
}
