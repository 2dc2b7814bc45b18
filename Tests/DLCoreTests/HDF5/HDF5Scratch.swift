import Foundation

/// A scratch folder for HDF5 tests, removed by `remove()`; and the committed Keras files.
struct HDF5Scratch {
    let folder = NSTemporaryDirectory() + "swiftdl-hdf5-\(UUID().uuidString)"

    init() throws { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }

    func path(_ name: String) -> String { folder + "/" + name }

    func remove() { try? FileManager.default.removeItem(atPath: folder) }

    /// `Tests/Fixtures/KerasFiles/<name>`, found from this file's path.
    static func kerasFile(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Fixtures/KerasFiles/\(name)").path
    }
}
