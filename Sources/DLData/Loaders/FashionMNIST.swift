import DLCore

/// Fashion-MNIST (Zalando): 70,000 28×28 grayscale images of 10 kinds of clothing, 60,000 for
/// training and 10,000 for testing, in the IDX files Debian's `dataset-fashion-mnist` installs
/// under `/usr/share/datasets/fashion-mnist/`.
///
/// Classes: 0 T-shirt/top, 1 Trouser, 2 Pullover, 3 Dress, 4 Coat, 5 Sandal, 6 Shirt, 7 Sneaker,
/// 8 Bag, 9 Ankle boot.
public enum FashionMNIST {
    /// The folder name searched for under each data set root.
    public static let folderName = "fashion-mnist"

    /// The class names, indexed by label.
    public static let classNames = [
        "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
        "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
    ]

    /// Loads the training and test splits, like Keras's `fashion_mnist.load_data()`.
    ///
    /// Images come as stored, `x` of shape `[N, 28, 28]` with values 0...255; labels `y` of shape
    /// `[N]` hold class ids 0...9 as `Float`. N is 60,000 for `train` and 10,000 for `test`.
    /// - Parameter directory: the folder holding the four IDX files (`.gz` or not); when `nil`,
    ///   `$DL_DATASETS/fashion-mnist`, `/usr/share/datasets/fashion-mnist` and
    ///   `~/.swiftdl/datasets/fashion-mnist` are searched in that order.
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
        MNISTFormat.locator(name: folderName, hint: "Install it with: apt-get install dataset-fashion-mnist")
    }
}
