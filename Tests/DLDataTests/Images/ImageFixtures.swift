import DL
import Foundation

/// The image fixtures of `Tests/Fixtures/Images/` (written by `generate_images.py`) and their
/// reference values (`expected.json`: Pillow's, TensorFlow's and Keras's arrays).
enum ImageFixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures/Images").path

    static func path(_ name: String) -> String { directory + "/" + name }

    static let expected: [String: Any] = {
        guard let data = FileManager.default.contents(atPath: path("expected.json")),
              let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return [:] }
        return json
    }()

    /// The reference array `name` as a tensor.
    static func reference(_ name: String) throws -> Tensor {
        guard let entry = expected[name] as? [String: Any], let shape = entry["shape"] as? [Int],
              let values = entry["values"] as? [Double] else {
            throw DLError.invalidArgument(context: "ImageFixtures", message: "no reference '\(name)'")
        }
        return Tensor(shape: shape, scalars: values.map(Float.init))
    }

    /// A fresh temporary folder, removed by the caller.
    static func temporaryFolder() throws -> String {
        let folder = NSTemporaryDirectory() + "swiftdl-images-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder
    }

    /// Writes a small PNG of `width × height × channels` pixels from `seed`.
    static func writePNG(_ path: String, width: Int = 2, height: Int = 2, channels: Int = 1, seed: Int = 0) throws {
        let pixels = (0..<(width * height * channels)).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ seed &* 11) }
        let bytes = try PNG.encode(pixels: pixels, width: width, height: height, channels: channels)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }
}
