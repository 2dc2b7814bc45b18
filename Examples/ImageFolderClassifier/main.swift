// Image-folder classification with data augmentation ("how to work with little data"): a small
// convolutional network learns the classes of a folder with one sub-folder per class (e.g.
// cats/ and dogs/), PNG or JPEG images, resized to 150×150 (or SIZE×SIZE). Random flips and
// rotations inside the model (active only while training) make the few images go further.
//
//     swift run -c release ImageFolderClassifier DIRECTORY [epochs] [size]
//
// Measured on 1,200 Fashion-MNIST images of 4 classes (T-shirt, pullover, sneaker, bag; 300 each,
// half grayscale PNG, half RGB JPEG, written as ImageFolderTrainingTests's FashionImageFolder writes
// them): 97.1% validation accuracy after 10 epochs at size 64 (42 s on 2 cores), 93.8% after 3 epochs
// at the default 150 (111 s).
//
import DL
import Foundation

let arguments = Array(CommandLine.arguments.dropFirst())
guard let directory = arguments.first else {
    print("usage: ImageFolderClassifier DIRECTORY [epochs=10] [size=150]   (DIRECTORY/<class>/*.png|jpg)")
    exit(2)
}
let epochs = arguments.count > 1 ? Int(arguments[1]) ?? 10 : 10
let side = arguments.count > 2 ? Int(arguments[2]) ?? 150 : 150
let size = (height: side, width: side)

do {
    // 80% of the images train, 20% validate: both subsets shuffle with the same seed, so that they
    // split the same shuffled list (without the shuffle, the validation subset would be the last
    // 20% of the sorted files: mostly the last class).
    let train = try ImageFolder(directory: directory, imageSize: size, colorMode: .rgb, batchSize: 32,
                                shuffle: true, seed: 1337, validationSplit: 0.2, subset: .training)
    let validation = try ImageFolder(directory: directory, imageSize: size, colorMode: .rgb, batchSize: 32,
                                     shuffle: true, seed: 1337, validationSplit: 0.2, subset: .validation)
    let classes = train.classNames.count
    print("\(train.count) training and \(validation.count) validation images of \(classes) classes: \(train.classNames)")

    Random.seed(42)
    let model = Sequential([
        InputLayer(shape: [size.height, size.width, 3]),
        // Augmentation: only while training (fit passes training: true).
        RandomFlip(.horizontal, seed: 1),
        RandomRotation(0.1, seed: 2),
        Rescaling(scale: 1.0 / 255, offset: 0),
        Conv2D(32, kernelSize: 3, activation: .relu),
        MaxPooling2D(poolSize: 2),
        Conv2D(64, kernelSize: 3, activation: .relu),
        MaxPooling2D(poolSize: 2),
        Conv2D(128, kernelSize: 3, activation: .relu),
        MaxPooling2D(poolSize: 2),
        Flatten(),
        Dropout(0.5),
        Dense(classes, activation: .softmax),
    ], name: "image_folder_classifier")
    model.compile(optimizer: Adam(), loss: .sparseCategoricalCrossentropy, metrics: [.accuracy])
    model.summary()

    let history = try model.fit(train.dataset, epochs: epochs, validationData: validation.dataset)
    try history.plot().write(to: "image_folder_history.svg")
    let results = try model.evaluate(validation.dataset)
    print("Validation accuracy: \(results["accuracy"] ?? 0)")
    try model.save(to: "image_folder_classifier.keras")
    print("Saved image_folder_classifier.keras and image_folder_history.svg")
} catch {
    print("ImageFolderClassifier: \(error)")
    exit(1)
}
