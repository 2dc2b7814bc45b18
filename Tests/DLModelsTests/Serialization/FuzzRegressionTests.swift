import DL
import Foundation
import XCTest

/// Replays the inputs that made the file readers crash under `Fuzz/run.sh` (kept in `Fuzz/regressions/`):
/// each, read as a `.keras` archive, an `.h5` model and a `.weights.h5` file, is a `DLError` now.
final class FuzzRegressionTests: XCTestCase {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fuzz/regressions").path

    func testEveryRegressionIsAnErrorNotACrash() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.folder).sorted()
        XCTAssertFalse(names.isEmpty, "no regression inputs in \(Self.folder)")
        let scratch = try KerasFileModels.scratchFolder()
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let model = try KerasFileModels.build("mlp")
        for name in names {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: Self.folder + "/" + name))
            for suffix in [".keras", ".h5", ".weights.h5"] {
                let path = scratch + "/input" + suffix
                try bytes.write(to: URL(fileURLWithPath: path))
                XCTAssertThrowsError(try Model.load(from: path), "\(name) as \(suffix)") { XCTAssertTrue($0 is DLError, "\($0)") }
                XCTAssertThrowsError(try model.loadWeights(from: path), "\(name) as \(suffix)") { XCTAssertTrue($0 is DLError, "\($0)") }
            }
        }
    }

    /// A weights dataset declaring 256 GiB in 64 stored bytes is refused before anything is allocated, by name.
    func testDatasetDeclaringMoreThanItStoresNamesTheDataset() throws {
        let path = Self.folder + "/hdf5-dataset-declares-256GiB.keras"
        XCTAssertThrowsError(try Model.load(from: path)) { error in
            let message = "\(error)"
            XCTAssertTrue(message.contains("/layers/dense/vars/1"), message)
            XCTAssertTrue(message.contains("declares 68719476736 elements but the file stores only 64 bytes"), message)
        }
    }
}
