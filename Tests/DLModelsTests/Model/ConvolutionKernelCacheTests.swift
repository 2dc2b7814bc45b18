import DL
import Foundation
import XCTest

/// A Conv2D layer keeps its kernel's Winograd transform between predictions
/// (`Variable.derivedScalars`). A stale transform would be a silent wrong result: every way the
/// weights change (training, loading a weights file, assignment, an in-place optimizer update of a
/// frozen-then-unfrozen layer) must show in the very next prediction, which must equal the plain
/// convolution of the current weights bit for bit.
final class ConvolutionKernelCacheTests: XCTestCase {
    private let x = Tensor.randomNormal([4, 8, 8, 16], seed: 11)

    /// One 3×3 stride-1 convolution with 16 channels and filters: the Winograd path.
    private func makeModel(seed: UInt64) -> Sequential {
        Random.seed(seed)
        return Sequential([InputLayer(shape: [8, 8, 16]), Conv2D(16, kernelSize: 3, padding: .same, activation: .relu)])
    }

    /// Asserts that `model` predicts the plain convolution of its current weights, twice in a row.
    private func assertFresh(_ model: Sequential, _ what: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let layer = try XCTUnwrap(model.layers.last as? Conv2D)
        let kernel = try XCTUnwrap(layer.kernel).value, bias = try XCTUnwrap(layer.bias).value
        let expected = conv2d(x, kernel: kernel, bias: bias, padding: .same, relu: true)
        XCTAssertEqual(try model.predict(x).scalars, expected.scalars, what, file: file, line: line)
        XCTAssertEqual(model(x, training: false).scalars, expected.scalars, what, file: file, line: line)
    }

    func testPredictionsFollowEveryWeightChange() throws {
        let model = makeModel(seed: 1)
        try assertFresh(model, "built")
        let before = try model.predict(x)

        model.compile(optimizer: Adam(learningRate: 0.05), loss: .meanSquaredError)
        _ = try model.fit(x: x, y: Tensor.randomNormal([4, 8, 8, 16], seed: 12), batchSize: 2, epochs: 1, verbose: 0)
        try assertFresh(model, "after fit")
        XCTAssertNotEqual(try model.predict(x).scalars, before.scalars, "fit changed the weights")

        let folder = NSTemporaryDirectory() + "swiftdl-kernel-cache-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let other = makeModel(seed: 2)
        for file in ["\(folder)/other.weights.h5", "\(folder)/other_weights.h5"] {
            try other.saveWeights(to: file)
            try assertFresh(model, "before loading \(file)")
            try model.loadWeights(from: file)
            try assertFresh(model, "after loading \(file)")
            XCTAssertEqual(try model.predict(x).scalars, try other.predict(x).scalars, file)
            _ = try model.fit(x: x, y: Tensor.randomNormal([4, 8, 8, 16], seed: 13), batchSize: 4, epochs: 1, verbose: 0)
            try assertFresh(model, "after fitting again")
        }

        let layer = try XCTUnwrap(model.layers.last as? Conv2D)
        let kernel = try XCTUnwrap(layer.kernel)
        kernel.value = Tensor.randomNormal(kernel.shape, seed: 14)
        try assertFresh(model, "after value =")
        kernel.assign(Tensor.randomNormal(kernel.shape, seed: 15))
        try assertFresh(model, "after assign")
        for (target, source) in zip(model.weights, other.weights) { target.value = source.value }
        try assertFresh(model, "after copying another model's weights")
        XCTAssertEqual(try model.predict(x).scalars, try other.predict(x).scalars)
    }

    func testAFrozenLayerTrainedAgainIsFresh() throws {
        let model = makeModel(seed: 3)
        let layer = try XCTUnwrap(model.layers.last as? Conv2D)
        model.compile(optimizer: SGD(learningRate: 0.1), loss: .meanSquaredError)
        let y = Tensor.randomNormal([4, 8, 8, 16], seed: 16)
        layer.trainable = false
        _ = try model.fit(x: x, y: y, batchSize: 4, epochs: 1, verbose: 0)   // the kernel stays, its transform kept
        try assertFresh(model, "frozen")
        layer.trainable = true
        model.compile(optimizer: SGD(learningRate: 0.1), loss: .meanSquaredError)
        _ = try model.fit(x: x, y: y, batchSize: 4, epochs: 1, verbose: 0)
        try assertFresh(model, "trained again")
    }
}
