import DL
import DLCore
import DLModels
import Foundation
import XCTest

/// The optimizer's running state in whole-model files: Keras's fixtures restore Adam's step count
/// and moments; a SwiftDL model saved mid-training and loaded resumes bit for bit; a state that
/// does not fit the loaded optimizer is Keras's warning and a fresh optimizer.
final class KerasOptimizerStateTests: XCTestCase {
    private var folder: String!

    override func setUpWithError() throws { folder = try KerasFileModels.scratchFolder() }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: folder) }

    /// The fixture's datasets of each trainable weight's m and v (Keras 3's or tf-keras's names).
    private static func savedMoments(_ file: String, keras2: Bool) throws -> [[[Float]]] {
        try HDF5File.withFile(file, mode: .readOnly) { root in
            let group = try root.openGroup("optimizer_weights")
            return try ["dense/kernel", "dense/bias", "dense_1/kernel", "dense_1/bias"].map { path in
                let names = keras2 ? ["Adam/m/\(path):0", "Adam/v/\(path):0"]
                    : ["adam/mlp_\(path.replacingOccurrences(of: "/", with: "_"))_momentum",
                       "adam/mlp_\(path.replacingOccurrences(of: "/", with: "_"))_velocity"]
                return try names.map { try group.openDataset($0).readTensor().scalars }
            }
        }
    }

    func testKerasFilesRestoreAdamsStepCountAndMoments() throws {
        // The archive holds the same state as the .h5 Keras saved right after it, whose moments are read here.
        for (source, keras2) in [("keras3/mlp.h5", false), ("keras3/mlp.keras", false), ("keras2/mlp.h5", true)] {
            let file = KerasFileModels.file(source)
            var model: Model?
            let warnings = try capturing(STDERR_FILENO) { model = try Model.load(from: file) }
            XCTAssertFalse(warnings.contains("optimizer"), warnings)
            let loaded = try XCTUnwrap(model)
            let adam = try XCTUnwrap(loaded.optimizer as? Adam, source)
            XCTAssertEqual(adam.iterations, 2, source)
            let expected = try Self.savedMoments(KerasFileModels.file(source.replacingOccurrences(of: ".keras", with: ".h5")),
                                                 keras2: keras2)
            XCTAssertEqual(loaded.trainableWeights.map { adam.slotValues(for: $0).map(\.scalars) }, expected, source)
            XCTAssertTrue(expected[0][1].contains { $0 != 0 }, "the fixture's velocities are not all zero")
            XCTAssertEqual(adam.learningRate, 1e-3, accuracy: 1e-9, source)
        }
    }

    func testKeras3ArchiveWithoutItsOptimizerFallsBackToRMSpropAndSkipsTheState() throws {
        // Keras 3.15 writes such archives when a legacy .h5 save ran first (it pops the optimizer out of the
        // compile config): Keras loads them with RMSprop and prints this warning. Made here from Keras's archive.
        var archive = try KerasArchive.read(from: KerasFileModels.file("keras3/mlp.keras"))
        var config = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(archive.config.utf8)) as? [String: Any])
        var compileConfig = try XCTUnwrap(config["compile_config"] as? [String: Any])
        XCTAssertNotNil(compileConfig.removeValue(forKey: "optimizer"))
        config["compile_config"] = compileConfig
        archive.config = String(decoding: try JSONSerialization.data(withJSONObject: config), as: UTF8.self)
        let withoutOptimizer = folder + "/mlp-without-optimizer.keras"
        try archive.write(to: withoutOptimizer)
        var model: Model?
        let warnings = try capturing(STDERR_FILENO) { model = try Model.load(from: withoutOptimizer) }
        XCTAssertTrue(warnings.contains("UserWarning: Skipping variable loading for optimizer 'rm_sprop', because it has 6 "
                                        + "variables whereas the saved optimizer has 10 variables."), warnings)
        XCTAssertEqual(try XCTUnwrap(model?.optimizer as? RMSprop).iterations, 0)
        // An untrained model's files hold only the counters Keras writes before the first step: nothing to restore.
        for source in ["keras3/lenet5.keras", "keras3/lenet5.h5", "keras2/lenet5.h5"] {
            let quiet = try capturing(STDERR_FILENO) { model = try Model.load(from: KerasFileModels.file(source)) }
            XCTAssertEqual(quiet, "", source)
            XCTAssertEqual(model?.optimizer?.iterations, 0, source)
        }
    }

    private static func smallModel() -> Model {
        Sequential([Dense(6, activation: .relu, inputShape: [4]), Dense(3, activation: .softmax)], name: "small")
    }

    private static func batch(_ step: Int) -> (x: Tensor, y: Tensor) {
        let x = Tensor(shape: [5, 4], scalars: (0..<20).map { Float(($0 * 7 + step * 3) % 11) / 11 - 0.4 })
        return (x, Tensor((0..<5).map { Float(($0 + step) % 3) }))
    }

    func testAModelSavedMidTrainingResumesBitIdenticallyAfterLoading() throws {
        let optimizers: [() -> Optimizer] = [{ Adam(learningRate: 0.01) }, { SGD(learningRate: 0.1, momentum: 0.9) },
                                             { RMSprop(momentum: 0.3, centered: true) }, { Nadam() }, { Adagrad() }]
        for make in optimizers {
            for format in ["keras", "h5"] {
                let original = Self.smallModel()
                original.compile(optimizer: make(), loss: .sparseCategoricalCrossentropy)
                for step in 0..<3 { _ = try original.trainOnBatch(x: Self.batch(step).x, y: Self.batch(step).y) }
                let path = "\(folder!)/resume.\(format)"
                try original.save(to: path)
                var loaded: Model?
                let warnings = try capturing(STDERR_FILENO) { loaded = try Model.load(from: path) }
                let resumed = try XCTUnwrap(loaded)
                let name = "\(original.optimizer!.name) in .\(format)"
                XCTAssertEqual(warnings, "", name)
                XCTAssertEqual(resumed.optimizer?.iterations, 3, name)
                for step in 3..<6 {
                    _ = try original.trainOnBatch(x: Self.batch(step).x, y: Self.batch(step).y)
                    _ = try resumed.trainOnBatch(x: Self.batch(step).x, y: Self.batch(step).y)
                }
                XCTAssertEqual(resumed.weights.map(\.storedValue.scalars), original.weights.map(\.storedValue.scalars), name)
            }
        }
    }

    func testAnUntrainedOptimizerWritesNoState() throws {
        let model = Self.smallModel()
        model.compile(optimizer: Adam(), loss: .sparseCategoricalCrossentropy)
        let path = "\(folder!)/untrained.h5"
        try model.save(to: path)
        XCTAssertFalse(try HDF5File.withFile(path, mode: .readOnly) { $0.contains("optimizer_weights") })
        _ = try model.trainOnBatch(x: Self.batch(0).x, y: Self.batch(0).y)
        try model.save(to: path)
        XCTAssertEqual(try HDF5File.withFile(path, mode: .readOnly) { root in
            try root.openGroup("optimizer_weights").openDataset("adam/iteration").readInt64s()
        }, [1])
        let weightsPath = "\(folder!)/trained.weights.h5"
        try model.saveWeights(to: weightsPath)
        XCTAssertEqual(try HDF5File.withFile(weightsPath, mode: .readOnly) { try $0.openGroup("optimizer/vars").memberNames().count }, 10)
    }

    func testAStateThatDoesNotFitTheOptimizerWarnsAndTrainingGoesOn() throws {
        let model = Self.smallModel()
        model.compile(optimizer: SGD(learningRate: 0.1, momentum: 0.9), loss: .sparseCategoricalCrossentropy)
        _ = try model.trainOnBatch(x: Self.batch(0).x, y: Self.batch(0).y)
        let path = "\(folder!)/other.keras"
        try model.save(to: path)
        // The same file claiming Adam: its 6 saved variables do not fit Adam's 10.
        var archive = try KerasArchive.read(from: path)
        var config = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(archive.config.utf8)) as? [String: Any])
        var compileConfig = try XCTUnwrap(config["compile_config"] as? [String: Any])
        compileConfig["optimizer"] = try JSONSerialization.jsonObject(with: Data(Optimizers.serialize(Adam()).json.utf8))
        config["compile_config"] = compileConfig
        archive.config = String(decoding: try JSONSerialization.data(withJSONObject: config), as: UTF8.self)
        try archive.write(to: path)
        var loaded: Model?
        let warnings = try capturing(STDERR_FILENO) { loaded = try Model.load(from: path) }
        XCTAssertTrue(warnings.contains("UserWarning: Skipping variable loading for optimizer 'adam', because it has 10 "
                                        + "variables whereas the saved optimizer has 6 variables."), warnings)
        let adam = try XCTUnwrap(loaded?.optimizer as? Adam)
        XCTAssertEqual(adam.iterations, 0)
        _ = try loaded?.trainOnBatch(x: Self.batch(1).x, y: Self.batch(1).y)
        XCTAssertEqual(adam.iterations, 1)
    }
}
