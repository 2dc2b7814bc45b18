import DLTestSupport
import Foundation

/// What Keras 3 counts for the Siamese zoo models built its way (`Tests/Fixtures/Keras/siamese/
/// parameter_counts.json`, written by `generate_siamese.py`).
struct SiameseFixture: Decodable {
    let inputShape: [Int]
    let params: Int
    let twinParams: Int
    let twinOutputShape: [Int]
    /// The weights' shapes in Keras's order.
    let weightShapes: [[Int]]

    enum CodingKeys: String, CodingKey {
        case inputShape = "input_shape", params, twinParams = "twin_params"
        case twinOutputShape = "twin_output_shape", weightShapes = "weight_shapes"
    }

    /// The fixture of `model` (`siamese_small`, `siamese_small_embedding_64`, `siamese_koch`).
    static func load(_ model: String) throws -> SiameseFixture {
        let url = KerasFixtures.directory.appendingPathComponent("siamese/parameter_counts.json")
        let all = try JSONDecoder().decode([String: SiameseFixture].self, from: Data(contentsOf: url))
        guard let fixture = all[model] else { throw CocoaError(.fileReadCorruptFile) }
        return fixture
    }
}
