import DLCore
import XCTest

/// Attributes: variable- and fixed-length strings, string arrays, numbers, an empty list as h5py
/// writes it, replacement, errors naming `path@attribute`, and the attributes Keras wrote.
final class HDF5AttributeTests: XCTestCase {
    private var scratch: HDF5Scratch!
    override func setUpWithError() throws { scratch = try HDF5Scratch() }
    override func tearDown() { scratch.remove() }

    func testStringsArraysAndNumbersRoundTrip() throws {
        let path = scratch.path("attributes.h5")
        let json = #"{"class_name": "Sequential", "config": {"name": "ünïcode"}}"#
        try HDF5File.withFile(path, mode: .create) { root in
            try root.setAttribute("backend", string: "tensorflow")
            try root.setAttribute("model_config", string: json)
            try root.setAttribute("layer_names", strings: ["dense", "dropout", "dense_1"], fixedLength: true)
            try root.setAttribute("unicode_names", strings: ["a", "b€"], fixedLength: false)
            let group = try root.createGroup("dropout")
            try group.setAttribute("weight_names", strings: [], fixedLength: true)
            try group.setAttribute("scale", numbers: [1.5, -2, 3, 4], shape: [2, 2])
            try group.setAttribute("step", numbers: [7], shape: [])
            try root.setAttribute("backend", string: "jax")                              // replaced
        }
        try HDF5File.withFile(path, mode: .readOnly) { root in
            XCTAssertEqual(try root.stringAttribute("backend"), "jax")
            XCTAssertEqual(try root.stringAttribute("model_config"), json)
            XCTAssertEqual(try root.stringArrayAttribute("layer_names"), ["dense", "dropout", "dense_1"])
            XCTAssertEqual(try root.stringArrayAttribute("unicode_names"), ["a", "b€"])
            let group = try root.openGroup("dropout")
            XCTAssertEqual(try group.stringArrayAttribute("weight_names"), [])
            XCTAssertEqual(try group.numberAttribute("weight_names"), [])
            XCTAssertEqual(try group.numberAttribute("scale"), [1.5, -2, 3, 4])
            XCTAssertEqual(try group.numberAttribute("step"), [7])
            XCTAssertTrue(root.hasAttribute("layer_names"))
            XCTAssertFalse(root.hasAttribute("nothing"))
            XCTAssertThrowsError(try root.stringAttribute("nothing")) { error in
                XCTAssertEqual(error as? DLError, .hdf5(file: path, path: "/@nothing", reason: "the attribute is missing"))
            }
            XCTAssertThrowsError(try root.stringAttribute("layer_names")) { error in
                XCTAssertTrue("\(error)".contains("expected one string, found 3"), "\(error)")
            }
            XCTAssertThrowsError(try group.stringArrayAttribute("scale")) { error in
                XCTAssertEqual(error as? DLError, .hdf5(file: path, path: "/dropout@scale",
                                                        reason: "expected strings, found another element type"))
            }
            XCTAssertThrowsError(try root.numberAttribute("backend")) { error in
                XCTAssertTrue("\(error)".contains("expected numbers"), "\(error)")
            }
        }
    }

    func testKerasAttributesRead() throws {
        try HDF5File.withFile(HDF5Scratch.kerasFile("keras2/mlp_weights.h5"), mode: .readOnly) { root in
            XCTAssertEqual(try root.stringAttribute("backend"), "tensorflow")
            XCTAssertEqual(try root.stringAttribute("keras_version"), "2.21.0")
            XCTAssertEqual(try root.stringArrayAttribute("layer_names"), ["dense", "dropout", "dense_1"])
            XCTAssertEqual(try root.openGroup("dense").stringArrayAttribute("weight_names"), ["dense/kernel:0", "dense/bias:0"])
            XCTAssertEqual(try root.openGroup("dropout").stringArrayAttribute("weight_names"), [])
        }
        try HDF5File.withFile(HDF5Scratch.kerasFile("keras3/mlp.h5"), mode: .readOnly) { root in
            XCTAssertTrue(try root.stringAttribute("model_config").hasPrefix(#"{"class_name": "Sequential""#))
            XCTAssertEqual(try root.openGroup("model_weights").stringAttribute("keras_version"), "3.15.1")
        }
        try HDF5File.withFile(HDF5Scratch.kerasFile("keras3/mlp.weights.h5"), mode: .readOnly) { root in
            XCTAssertEqual(try root.openGroup("vars").stringAttribute("name"), "mlp")
        }
    }
}
