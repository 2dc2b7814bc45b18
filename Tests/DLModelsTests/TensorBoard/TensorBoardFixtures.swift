import DLModels
import Foundation

/// The files under `Tests/Fixtures/TensorBoard/`, written by TensorFlow and Keras through
/// `generate_tensorboard.py` there.
enum TensorBoardFixtures {
    /// `Tests/Fixtures/TensorBoard`, found from this file's path.
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/TensorBoard")

    /// The bytes of `name`.
    static func bytes(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: directory.appendingPathComponent(name)))
    }

    /// The JSON of `name`.
    static func json(_ name: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(contentsOf: directory.appendingPathComponent(name)))
    }
}
