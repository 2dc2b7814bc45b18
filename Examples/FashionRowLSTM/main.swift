// Fashion-MNIST as sequences: an LSTM reads each image row by row (28 steps of 28 pixels) and a
// softmax layer names the garment. About 85% test accuracy after 3 epochs.
//
//     swift run -c release FashionRowLSTM [epochs]
//
// Needs Debian's dataset-fashion-mnist (make deps installs it) or the IDX files in
// $DL_DATASETS/fashion-mnist.
import DL
import Foundation

let epochs = CommandLine.arguments.dropFirst().first.flatMap { Int($0) } ?? 3
let classNames = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                  "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]

do {
    let (train, test) = try FashionMNIST.loadData()
    // [N, 28, 28] pixels in 0...255 → [N, 28 steps, 28 features] in 0...1.
    let xTrain = train.x / 255, xTest = test.x / 255

    Random.seed(42)
    let model = Sequential([
        LSTM(128, inputShape: [28, 28]),
        Dense(10, activation: .softmax),
    ], name: "fashion_row_lstm")
    model.compile(optimizer: Adam(), loss: .sparseCategoricalCrossentropy, metrics: [.accuracy])
    model.summary()

    try model.fit(x: xTrain, y: train.y, batchSize: 128, epochs: epochs, validationData: (xTest, test.y))
    let results = try model.evaluate(x: xTest, y: test.y, batchSize: 256)
    print("Test accuracy: \(results["accuracy"] ?? 0)")

    let predicted = try model.predict(xTest[0..<8]).argmax(axis: -1).scalars
    for (index, label) in predicted.enumerated() {
        print("image \(index): predicted \(classNames[Int(label)]), true \(classNames[Int(test.y.scalars[index])])")
    }
} catch {
    print("FashionRowLSTM: \(error)")
    exit(1)
}
