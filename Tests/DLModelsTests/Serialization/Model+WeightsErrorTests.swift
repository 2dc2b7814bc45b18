import DL
import DLCore
import Foundation
import XCTest

/// Files that do not fit: each is a clear `DLError` naming the file (and the HDF5 path, layer and
/// shapes where there are some) and leaves the model exactly as it was; `skipMismatch` keeps a new head.
final class ModelWeightsErrorTests: XCTestCase {
    private var folder = ""
    override func setUpWithError() throws { folder = try KerasFileModels.scratchFolder() }
    override func tearDown() { try? FileManager.default.removeItem(atPath: folder) }

    /// Asserts that loading `file` into `model` throws an error whose text has every one of
    /// `fragments`, and that no weight of the model changed.
    private func assertRefused(_ model: Model, _ file: String, skipMismatch: Bool = false, _ fragments: [String],
                               line: UInt = #line) {
        let before = model.weights.map(\.storedValue.scalars)
        XCTAssertThrowsError(try model.loadWeights(from: file, skipMismatch: skipMismatch), line: line) { error in
            XCTAssertTrue(error is DLError, "\(error)", line: line)
            for fragment in fragments { XCTAssertTrue("\(error)".contains(fragment), "\(error) lacks \(fragment)", line: line) }
        }
        XCTAssertEqual(model.weights.map(\.storedValue.scalars), before, "the model changed", line: line)
    }

    private func copy(_ fixture: String) throws -> String {
        let path = "\(folder)/\(URL(fileURLWithPath: fixture).lastPathComponent)"
        try FileManager.default.copyItem(atPath: KerasFileModels.file(fixture), toPath: path)
        return path
    }

    func testNotHDF5EmptyAndTruncatedFiles() throws {
        let model = try KerasFileModels.build("lenet5")
        let text = "\(folder)/text.weights.h5", empty = "\(folder)/empty.weights.h5", cut = "\(folder)/cut.weights.h5"
        _ = FileManager.default.createFile(atPath: text, contents: Data("{\"not\": \"hdf5\"}".utf8))
        _ = FileManager.default.createFile(atPath: empty, contents: Data())
        let whole = try Data(contentsOf: URL(fileURLWithPath: KerasFileModels.file("keras3/lenet5.weights.h5")))
        _ = FileManager.default.createFile(atPath: cut, contents: whole.prefix(whole.count * 2 / 3))
        assertRefused(model, text, [text, "not an HDF5 file"])
        assertRefused(model, empty, [empty, "the file is empty"])
        assertRefused(model, cut, [cut])
        assertRefused(model, "\(folder)/none.h5", ["\(folder)/none.h5", "no such file"])
        let other = "\(folder)/other.h5"
        try HDF5File.withFile(other, mode: .create) { try $0.createGroup("something") }
        assertRefused(model, other, [other, "not a Keras weights file", "[something]"])
    }

    func testFilesCutAnywhereAreErrorsNeverCrashes() throws {
        let model = try KerasFileModels.build("mlp")
        for fixture in ["keras3/mlp.weights.h5", "keras2/mlp_weights.h5", "keras3/mlp.h5"] {
            let whole = try Data(contentsOf: URL(fileURLWithPath: KerasFileModels.file(fixture)))
            for fraction in stride(from: 1, to: 32, by: 1) {
                let cut = "\(folder)/cut-\(fraction).h5"
                _ = FileManager.default.createFile(atPath: cut, contents: whole.prefix(whole.count * fraction / 32))
                assertRefused(model, cut, [cut])
            }
        }
    }

    func testAnotherArchitectureNamesTheFirstLayerThatDoesNotFit() throws {
        let vgg = try KerasFileModels.build("small_vgg")
        let conv = try XCTUnwrap(vgg.layers.first { $0 is Conv2D })
        assertRefused(vgg, KerasFileModels.file("keras3/lenet5.weights.h5"),
                      ["/layers/conv2d/vars/0", "layer '\(conv.name)' (Conv2D)", "expects shape [3, 3, 1, 32]",
                       "Received: a saved value of shape [5, 5, 1, 6]"])
        assertRefused(vgg, KerasFileModels.file("keras2/lenet5_weights.h5"),
                      ["keras2/lenet5_weights.h5", "layer count mismatch", "the model has 6 layers with weights",
                       "Received: 5 saved layers with weights"])
        let mlp = try KerasFileModels.build("mlp")
        assertRefused(mlp, KerasFileModels.file("keras3/lenet5.h5"), ["model_weights@layer_names", "layer count mismatch"])
    }

    func testAMissingDatasetInAValidFile() throws {
        let keras3 = try copy("keras3/mlp.weights.h5"), keras2 = try copy("keras2/mlp_weights.h5")
        try HDF5File.withFile(keras3, mode: .readWrite) { try $0.openGroup("layers/dense_1/vars").removeMember("1") }
        try HDF5File.withFile(keras2, mode: .readWrite) { try $0.openGroup("dense_1/dense_1").removeMember("bias:0") }
        let model = try KerasFileModels.build("mlp")
        let head = try XCTUnwrap(model.layers.last)
        assertRefused(model, keras3, [keras3, "/layers/dense_1/vars", "layer '\(head.name)' (Dense) expects 2 variables",
                                      "Received: 1 saved variables"])
        assertRefused(model, keras2, [keras2, "/dense_1/dense_1/bias:0", "the dataset is missing"])
        // skipMismatch does not excuse a missing dataset in Keras 2's layout (Keras raises there too).
        assertRefused(model, keras2, skipMismatch: true, ["/dense_1/dense_1/bias:0"])
    }

    func testSkipMismatchKeepsANewHeadAndLoadsTheRest() throws {
        for file in ["keras3/mlp.weights.h5", "keras2/mlp_weights.h5", "keras3/mlp.h5"] {
            let model = Sequential([Dense(16, activation: .relu, inputShape: [20]), Dropout(0.2), Dense(7)])
            let reference = try KerasFileModels.build("mlp")
            try reference.loadWeights(from: KerasFileModels.file(file))
            let head = try XCTUnwrap(model.layers.last)
            assertRefused(model, KerasFileModels.file(file), ["layer '\(head.name)' (Dense)", "expects shape [16, 7]",
                                                               "Received: a saved", "shape [16, 5]"])
            let headBefore = head.weights.map(\.storedValue.scalars)
            try model.loadWeights(from: KerasFileModels.file(file), skipMismatch: true)
            XCTAssertEqual(model.layers[0].weights.map(\.storedValue.scalars),
                           reference.layers[0].weights.map(\.storedValue.scalars), file)
            XCTAssertEqual(head.weights.map(\.storedValue.scalars), headBefore, file)
        }
    }
}
