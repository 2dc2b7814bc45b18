import DL
import DLTestSupport
import Foundation
import XCTest

/// End to end on a real image folder: Fashion-MNIST images written as PNG and JPEG files in class
/// sub-folders, read back by `ImageFolder` (both decoders, a colour conversion, Keras's seeded
/// split), and a small CNN with augmentation layers inside the model trained by `fit` on the stream.
final class ImageFolderTrainingTests: XCTestCase {
    /// 4 classes (T-shirt, trouser, sneaker, bag) × 100 images, 80% training / 20% validation:
    /// at least 85% validation accuracy after 6 epochs (chance is 25%).
    func testFashionFolderTrainsWithAugmentation() throws {
        let raw = try XCTUnwrap(try? FashionMNIST.loadData(),
                                "Fashion-MNIST is missing: apt-get install dataset-fashion-mnist (make test does it)")
        let folder = NSTemporaryDirectory() + "swiftdl-fashion-folder-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let formats = try FashionImageFolder.write(into: folder, images: raw.train.x, labels: raw.train.y,
                                                   classes: [0, 1, 7, 8], perClass: 100)
        XCTAssertEqual(formats.png, 200)
        XCTAssertEqual(formats.jpeg, 200)

        // Both subsets shuffle with the same seed, so that they split one shuffled list (as in Keras).
        func subset(_ subset: Subset) throws -> ImageFolder {
            try ImageFolder(directory: folder, imageSize: (height: 28, width: 28), colorMode: .grayscale, batchSize: 32,
                            seed: 7, validationSplit: 0.2, subset: subset)
        }
        let train = try subset(.training), validation = try subset(.validation)
        XCTAssertEqual(train.classNames, ["bag", "sneaker", "t_shirt", "trouser"])
        XCTAssertEqual(train.count, 320)
        XCTAssertEqual(validation.count, 80)
        XCTAssertTrue(Set(train.filePaths).isDisjoint(with: validation.filePaths))

        Random.seed(11)
        let model = Sequential([
            InputLayer(shape: [28, 28, 1]),
            RandomFlip(.horizontal, seed: 1),
            RandomTranslation(heightFactor: 0.05, widthFactor: 0.05, seed: 2),
            Rescaling(scale: 1.0 / 255),
            Conv2D(16, kernelSize: 3, activation: .relu),
            MaxPooling2D(poolSize: 2),
            Conv2D(32, kernelSize: 3, activation: .relu),
            MaxPooling2D(poolSize: 2),
            Flatten(),
            Dense(4, activation: .softmax),
        ])
        model.compile(optimizer: Adam(learningRate: 0.002), loss: .sparseCategoricalCrossentropy, metrics: [.accuracy])
        let history = try model.fit(train.dataset, epochs: 6, verbose: 0, validationData: validation.dataset)
        let accuracies = try XCTUnwrap(history.history["val_accuracy"])
        print("Fashion image folder, validation accuracy by epoch: \(accuracies)")
        XCTAssertEqual(accuracies.count, 6)
        XCTAssertGreaterThanOrEqual(accuracies.last ?? 0, 0.85, "\(accuracies)")
        // Evaluation does not augment: the same images give the same accuracy twice.
        let first = try model.evaluate(validation.dataset)["accuracy"], second = try model.evaluate(validation.dataset)["accuracy"]
        XCTAssertEqual(first, second)
        XCTAssertEqual(first ?? -1, accuracies.last ?? -2, accuracy: 1e-6)
    }
}
