import DL
import DLCore
import Foundation
import XCTest

/// JSON in string attributes: written and read back, Keras's `model_config` read, bad JSON named.
final class HDF5ObjectJSONTests: XCTestCase {
    func testJSONAttributesRoundTripAndKerasConfigReads() throws {
        let folder = try KerasFileModels.scratchFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = "\(folder)/json.h5"
        let value: LayerConfig = ["class_name": "Dense", "config": ["units": 8, "rate": 0.5, "use_bias": true]]
        try HDF5File.withFile(path, mode: .create) { root in
            try root.setAttribute("model_config", json: value)
            try root.setAttribute("broken", string: "{\"a\": ")
        }
        try HDF5File.withFile(path, mode: .readOnly) { root in
            XCTAssertEqual(try root.jsonAttribute("model_config"), value)
            XCTAssertThrowsError(try root.jsonAttribute("broken")) { error in
                guard case let .hdf5(file, objectPath, reason)? = error as? DLError else { return XCTFail("\(error)") }
                XCTAssertEqual(file, path)
                XCTAssertEqual(objectPath, "/@broken")
                XCTAssertTrue(reason.hasPrefix("the attribute is not valid JSON"), reason)
            }
        }
        try HDF5File.withFile(KerasFileModels.file("keras2/mlp.h5"), mode: .readOnly) { root in
            XCTAssertEqual(try root.jsonAttribute("model_config")["class_name"], "Sequential")
            XCTAssertEqual(try root.jsonAttribute("training_config")["loss"], "sparse_categorical_crossentropy")
        }
    }
}
