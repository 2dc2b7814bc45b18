import DL
import XCTest

/// Each fixture model, built with SwiftDL's API, loads the weights Keras wrote in every format
/// (Keras 3 `.weights.h5`, tf-keras `_weights.h5`, and the `model_weights` of both full-model
/// `.h5` files) and predicts Keras's outputs within 1e-4.
final class ModelWeightsKerasTests: XCTestCase {
    private static let sources = ["keras3/%@.weights.h5", "keras2/%@_weights.h5", "keras3/%@.h5", "keras2/%@.h5"]

    func testEveryModelLoadsEveryKerasWeightsFormatAndPredictsLikeKeras() throws {
        for name in KerasFileModels.names {
            let (inputs, outputs) = try KerasFileModels.io(name)
            let (_, outputs2) = try KerasFileModels.io(name, version: 2)
            for source in Self.sources {
                let model = try KerasFileModels.build(name)
                let file = KerasFileModels.file(String(format: source, name))
                let expected = source.hasPrefix("keras2") ? outputs2[0] : outputs[0]
                // Keras's constants were replaced by random values: a model not loaded cannot pass.
                XCTAssertGreaterThan(try KerasFileModels.largestDifference(model, inputs, expected), 1e-3, "\(file)")
                try model.loadWeights(from: file)
                let difference = try KerasFileModels.largestDifference(model, inputs, expected)
                XCTAssertLessThanOrEqual(difference, 1e-4, "\(file)")
            }
        }
    }

    func testKerasTwoAndThreeFixturesShareInputs() throws {
        // The generator feeds both versions the same batch, so one model loaded from either matches both.
        for name in KerasFileModels.names {
            XCTAssertEqual(try KerasFileModels.io(name).inputs.map(\.scalars), try KerasFileModels.io(name, version: 2).inputs.map(\.scalars))
        }
    }
}
