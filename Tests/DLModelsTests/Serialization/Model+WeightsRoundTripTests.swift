import DL
import DLCore
import Foundation
import XCTest

/// SwiftDL's weights files: both layouts load back into a fresh model that predicts identically,
/// and each has the structure Keras's own file has (same Keras 3 paths and shapes; same Keras 2
/// layers, weight counts and shapes, with tf-keras's names and attributes).
final class ModelWeightsRoundTripTests: XCTestCase {
    private var folder = ""
    override func setUpWithError() throws { folder = try KerasFileModels.scratchFolder() }
    override func tearDown() { try? FileManager.default.removeItem(atPath: folder) }

    func testBothLayoutsRoundTripToIdenticalPredictions() throws {
        for name in KerasFileModels.names {
            let (inputs, _) = try KerasFileModels.io(name)
            let original = try KerasFileModels.build(name)
            try original.loadWeights(from: KerasFileModels.file("keras3/\(name).weights.h5"))
            let expected = try original.predict(inputs)
            for file in ["\(folder)/\(name).weights.h5", "\(folder)/\(name)_weights.h5"] {
                try original.saveWeights(to: file)
                let copy = try KerasFileModels.build(name)
                try copy.loadWeights(from: file)
                XCTAssertEqual(try copy.predict(inputs).scalars, expected.scalars, file)
                XCTAssertEqual(copy.weights.map(\.storedValue.scalars), original.weights.map(\.storedValue.scalars), file)
            }
        }
    }

    func testKeras3FileHasKerasPathsAndShapes() throws {
        for name in KerasFileModels.names {
            let model = try KerasFileModels.build(name)
            let file = "\(folder)/\(name).weights.h5"
            try model.saveWeights(to: file)
            let ours = try Self.datasets(in: file), keras = try Self.datasets(in: KerasFileModels.file("keras3/\(name).weights.h5"))
            XCTAssertEqual(ours, keras.filter { !$0.key.hasPrefix("/optimizer") }, name)
            let groups = try Self.groups(in: KerasFileModels.file("keras3/\(name).weights.h5")).filter { !$0.hasPrefix("/optimizer") }
            XCTAssertEqual(try Self.groups(in: file), groups, name)
        }
    }

    func testKeras2FileHasTfKerasStructure() throws {
        for name in KerasFileModels.names {
            let model = try KerasFileModels.build(name)
            let file = "\(folder)/\(name).h5"
            try model.saveWeights(to: file)
            let ours = try Self.legacyStructure(file), keras = try Self.legacyStructure(KerasFileModels.file("keras2/\(name)_weights.h5"))
            XCTAssertEqual(ours.count, keras.count, name)
            for (our, their) in zip(ours, keras) {
                XCTAssertEqual(our.map(\.shape), their.map(\.shape), name)
                XCTAssertEqual(our.map { $0.name.split(separator: "/").last }, their.map { $0.name.split(separator: "/").last }, name)
            }
            try HDF5File.withFile(file, mode: .readOnly) { root in
                XCTAssertEqual(try root.stringAttribute("backend"), "tensorflow")
                XCTAssertEqual(try root.stringAttribute("keras_version"), "2.21.0")
                XCTAssertEqual(try root.stringArrayAttribute("layer_names"), model.layers.map(\.name))
                XCTAssertEqual(try root.openGroup("top_level_model_weights").stringArrayAttribute("weight_names"), [])
            }
        }
    }

    func testNestedTwinWeightsAreNamedAfterItsInnerLayers() throws {
        let model = try KerasFileModels.build("siamese")
        let file = "\(folder)/siamese.h5"
        try model.saveWeights(to: file)
        let twin = try XCTUnwrap(model.layer(named: "twin") as? Model)
        let conv = twin.layers.first { $0 is Conv2D }
        try HDF5File.withFile(file, mode: .readOnly) { root in
            let names = try root.openGroup("twin").stringArrayAttribute("weight_names")
            XCTAssertEqual(names.first, "\(conv?.name ?? "?")/kernel:0")
            XCTAssertEqual(try root.openDataset("twin/\(names[0])").shape, [5, 5, 1, 32])
        }
    }

    func testAWrongSuffixAndAnUnbuiltModelAreRefused() throws {
        let model = try KerasFileModels.build("mlp")
        XCTAssertThrowsError(try model.saveWeights(to: "\(folder)/mlp.keras")) { error in
            XCTAssertTrue("\(error)".contains("must end in '.weights.h5'"), "\(error)")
            XCTAssertTrue("\(error)".hasSuffix("Received: path=\(folder)/mlp.keras"), "\(error)")
        }
        let unbuilt = Sequential([Dense(3)])
        XCTAssertThrowsError(try unbuilt.saveWeights(to: "\(folder)/u.weights.h5")) { error in
            XCTAssertTrue("\(error)".contains("has not been built"), "\(error)")
        }
        XCTAssertThrowsError(try unbuilt.loadWeights(from: KerasFileModels.file("keras3/mlp.weights.h5")))
        XCTAssertFalse(FileManager.default.fileExists(atPath: "\(folder)/u.weights.h5"))
    }

    // MARK: - File structure

    /// Every dataset's path and shape.
    static func datasets(in file: String) throws -> [String: [Int]] {
        var result: [String: [Int]] = [:]
        try HDF5File.withFile(file, mode: .readOnly) { root in
            func walk(_ group: HDF5Group) throws {
                for member in try group.memberNames() {
                    if try group.kind(of: member) == .group { try walk(try group.openGroup(member)) } else {
                        result[group.childPath(member)] = try group.openDataset(member).shape
                    }
                }
            }
            try walk(root)
        }
        return result
    }

    /// Every group's path, with its `name` attribute's presence.
    static func groups(in file: String) throws -> [String] {
        var result: [String] = []
        try HDF5File.withFile(file, mode: .readOnly) { root in
            func walk(_ group: HDF5Group) throws {
                result.append(group.path + (group.hasAttribute("name") ? "@name" : ""))
                for member in try group.memberNames() where try group.kind(of: member) == .group {
                    try walk(try group.openGroup(member))
                }
            }
            try walk(root)
        }
        return result
    }

    /// For each saved layer with weights, in order: each weight's name and shape.
    static func legacyStructure(_ file: String) throws -> [[(name: String, shape: [Int])]] {
        try HDF5File.withFile(file, mode: .readOnly) { root in
            try root.stringArrayAttribute("layer_names").compactMap { layer in
                let group = try root.openGroup(layer)
                let names = try group.stringArrayAttribute("weight_names")
                return names.isEmpty ? nil : try names.map { ($0, try group.openDataset($0).shape) }
            }
        }
    }
}
