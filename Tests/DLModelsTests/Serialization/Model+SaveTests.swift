import DL
import DLModels
import Foundation
import XCTest

/// Whole models: every fixture file Keras wrote (Keras 3 `.keras` and `.h5`, tf-keras `.h5`) loads with
/// `Model.load` and predicts Keras's outputs within 1e-4; SwiftDL's own files load back identically.
final class ModelSaveTests: XCTestCase {
    private static let sources = ["keras3/%@.keras", "keras3/%@.h5", "keras2/%@.h5"]
    private var folder: String!

    override func setUpWithError() throws { folder = try KerasFileModels.scratchFolder() }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: folder) }

    func testEveryKerasModelFileLoadsAndPredictsLikeKeras() throws {
        for name in KerasFileModels.names {
            for source in Self.sources {
                let version = source.hasPrefix("keras2") ? 2 : 3
                let (inputs, outputs) = try KerasFileModels.io(name, version: version)
                let file = KerasFileModels.file(String(format: source, name))
                let model = try Model.load(from: file)
                XCTAssertLessThanOrEqual(try KerasFileModels.largestDifference(model, inputs, outputs[0]), 1e-4, file)
                XCTAssertEqual(model.countParams(), try KerasFileModels.build(name).countParams(), file)
            }
        }
    }

    func testTheCompileSettingsComeBackWithTheModel() throws {
        for source in Self.sources {
            let model = try Model.load(from: KerasFileModels.file(String(format: source, "mlp")))
            let adam = try XCTUnwrap(model.optimizer as? Adam, source)
            XCTAssertEqual(adam.learningRate, 1e-3, accuracy: 1e-9, source)
            XCTAssertEqual(model.loss?.name, "sparse_categorical_crossentropy", source)
            let (inputs, _) = try KerasFileModels.io("mlp")
            let logs = try model.evaluate(x: inputs[0], y: Tensor([0, 1, 2]), verbose: 0)
            XCTAssertEqual(Set(logs.keys), ["loss", "accuracy"], source)
        }
    }

    func testSwiftDLFilesLoadBackWithIdenticalPredictions() throws {
        for name in KerasFileModels.names {
            let original = try Model.load(from: KerasFileModels.file("keras3/\(name).keras"))
            let (inputs, _) = try KerasFileModels.io(name)
            let expected = try original.predict(inputs)
            for format in ["keras", "h5"] {
                let path = "\(folder!)/\(name).\(format)"
                try original.save(to: path)
                let loaded = try Model.load(from: path)
                XCTAssertEqual(try loaded.predict(inputs).scalars, expected.scalars, path)
                XCTAssertEqual(loaded.layers.map(\.name), original.layers.map(\.name), path)
            }
        }
    }

    func testACompiledModelKeepsItsOptimizerSettings() throws {
        let model = try KerasFileModels.build("mlp")
        model.compile(optimizer: SGD(learningRate: 0.05, momentum: 0.9), loss: .categoricalCrossentropy,
                      metrics: [.accuracy])
        for format in ["keras", "h5"] {
            let path = "\(folder!)/compiled.\(format)"
            try model.save(to: path)
            let loaded = try Model.load(from: path)
            let sgd = try XCTUnwrap(loaded.optimizer as? SGD, format)
            XCTAssertEqual(sgd.learningRate, 0.05, format)
            XCTAssertEqual(sgd.momentum, 0.9, format)
            XCTAssertEqual(loaded.loss?.name, "categorical_crossentropy", format)
        }
    }

    func testAPythonLambdaIsRefusedByNameOrTakesARegisteredClosure() throws {
        let (inputs, outputs) = try KerasFileModels.io("lambda_double")
        for source in Self.sources {
            let file = KerasFileModels.file(String(format: source, "lambda_double"))
            XCTAssertThrowsError(try Model.load(from: file), file) { error in
                XCTAssertTrue("\(error)".contains("double"), "\(error)")
            }
            let model = try Model.load(from: file, customObjects: ["double": { _ in Lambda(name: "double") { $0 * 2 } }])
            let expected = source.hasPrefix("keras2") ? try KerasFileModels.io("lambda_double", version: 2).outputs : outputs
            XCTAssertLessThanOrEqual(try KerasFileModels.largestDifference(model, inputs, expected[0]), 1e-4, file)
        }
    }

    func testSavingNeedsAKnownExtensionAndAGraph() throws {
        let model = try KerasFileModels.build("mlp")
        XCTAssertThrowsError(try model.save(to: "\(folder!)/m.bin")) { error in
            XCTAssertTrue("\(error)".contains("'.keras'"), "\(error)")
        }
        XCTAssertThrowsError(try VAE(inputShape: [28, 28, 1], latentDim: 2).save(to: "\(folder!)/vae.keras")) { error in
            XCTAssertTrue("\(error)".contains("subclassed"), "\(error)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: "\(folder!)/vae.keras"))
    }

    func testBadFilesAreClearErrors() throws {
        let notAModel = "\(folder!)/text.keras"
        try Data("plain text".utf8).write(to: URL(fileURLWithPath: notAModel))
        assertLoadFails(notAModel, mentioning: "not a saved model")
        let empty = "\(folder!)/empty.h5"
        try Data().write(to: URL(fileURLWithPath: empty))
        assertLoadFails(empty, mentioning: "empty")
        assertLoadFails("\(folder!)/absent.keras", mentioning: "cannot be opened")
        assertLoadFails(KerasFileModels.file("keras3/mlp.weights.h5"), mentioning: "loadWeights")
        for source in ["keras3/mlp.keras", "keras3/mlp.h5"] {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: KerasFileModels.file(source)))
            let truncated = "\(folder!)/truncated-\(source.split(separator: "/")[1])"
            try bytes.prefix(bytes.count * 2 / 3).write(to: URL(fileURLWithPath: truncated))
            assertLoadFails(truncated, mentioning: "truncated")
        }
    }

    func testAnUnknownLayerClassNamesTheClassAndTheLayer() throws {
        let model = try KerasFileModels.build("mlp")
        let path = "\(folder!)/unknown.keras"
        try model.save(to: path)
        var archive = try KerasArchive.read(from: path)
        archive.config = archive.config.replacingOccurrences(of: "\"Dropout\"", with: "\"Dropin\"")
        try archive.write(to: path)
        assertLoadFails(path, mentioning: "Dropin")
    }

    private func assertLoadFails(_ path: String, mentioning text: String, line: UInt = #line) {
        XCTAssertThrowsError(try Model.load(from: path), line: line) { error in
            XCTAssertTrue(error is DLError, "\(error)", line: line)
            XCTAssertTrue("\(error)".contains(text), "'\(error)' lacks '\(text)'", line: line)
        }
    }
}
