import DL

/// Fashion-MNIST for a workload, kept as bytes and fed as data sets that convert one batch at a
/// time to `Float` pixels / 255 of shape `[batch] + inputShape` (the autoencoder's targets are its
/// inputs): the process never holds the images as `Float`, as Keras's `uint8` arrays don't. The
/// siamese workload feeds seeded same/different pairs of the same bytes, one pair per image of the
/// split, each batch's left and right images converted when it is gathered.
struct BenchData {
    /// The training images and class ids (or pairs and same/different labels), shuffled each
    /// epoch, batches of `batchSize`.
    var train: Dataset
    /// The test images (or pairs) in order, batches of `testBatchSize`.
    var test: Dataset
    /// The model's inputs for the first test sample, each `[1] + inputShape`, for the latency
    /// figures: one image, or the two images of the first test pair.
    var firstTestInputs: [Tensor]

    /// Loads the data set and keeps `trainSamples` training and `testSamples` test images (the
    /// first ones; all when nil).
    static func load(for workload: Workload, trainSamples: Int?, testSamples: Int?,
                     batchSize: Int, testBatchSize: Int) throws -> BenchData {
        var (train, test) = try FashionMNIST.loadBytes()
        if let trainSamples, trainSamples < train.x.shape[0] {
            train = (train.x[0..<trainSamples], train.y[0..<trainSamples])
        }
        if let testSamples, testSamples < test.x.shape[0] {
            test = (test.x[0..<testSamples], test.y[0..<testSamples])
        }
        let scale: Float = 1 / 255
        if workload == .siamese {
            func pairs(_ split: (x: ByteTensor, y: Tensor), seed: UInt64) throws -> SiamesePairs {
                try SiamesePairs(images: split.x, labels: split.y, scale: scale, sampleShape: workload.inputShape,
                                 count: split.x.shape[0], seed: seed)
            }
            let testPairs = try pairs(test, seed: Workload.testPairSeed)
            return BenchData(train: try pairs(train, seed: Workload.trainPairSeed).dataset.batched(batchSize).shuffled(),
                             test: try testPairs.dataset.batched(testBatchSize),
                             firstTestInputs: [testPairs.images(at: [testPairs.left[0]]),
                                               testPairs.images(at: [testPairs.right[0]])])
        }
        func dataset(_ split: (x: ByteTensor, y: Tensor)) throws -> Dataset {
            try Dataset(images: split.x, labels: workload.isClassifier ? split.y : nil,
                        scale: scale, sampleShape: workload.inputShape)
        }
        return BenchData(train: try dataset(train).batched(batchSize).shuffled(),
                         test: try dataset(test).batched(testBatchSize),
                         firstTestInputs: [test.x[0..<1].tensor(scale: scale).reshaped([1] + workload.inputShape)])
    }
}
