import DLCore
import XCTest

/// Groups: nested creation, opening, members in name order, kinds, and errors naming the path.
final class HDF5GroupTests: XCTestCase {
    private var scratch: HDF5Scratch!
    override func setUpWithError() throws { scratch = try HDF5Scratch() }
    override func tearDown() { scratch.remove() }

    func testGroupsNestListAndReopen() throws {
        let path = scratch.path("groups.h5")
        try HDF5File.withFile(path, mode: .create) { root in
            let inner = try root.createGroup("layers/dense/vars")
            XCTAssertEqual(inner.path, "/layers/dense/vars")
            try root.createGroup("layers/conv2d")
            try root.createGroup("layers/dense_1")
            try inner.writeDataset("0", tensor: Tensor([1, 2]))
            XCTAssertEqual(try root.createGroup("layers").memberNames(), ["conv2d", "dense", "dense_1"])
        }
        try HDF5File.withFile(path, mode: .readOnly) { root in
            let layers = try root.openGroup("layers")
            XCTAssertEqual(try layers.memberNames(), ["conv2d", "dense", "dense_1"])
            XCTAssertTrue(layers.contains("dense/vars/0"))
            XCTAssertFalse(layers.contains("dense/vars/1"))
            XCTAssertFalse(layers.contains("nothing/here"))
            XCTAssertEqual(try layers.kind(of: "dense"), .group)
            XCTAssertEqual(try layers.kind(of: "dense/vars/0"), .dataset)
            XCTAssertEqual(try layers.openGroup("dense").openGroup("vars").path, "/layers/dense/vars")
        }
    }

    func testMissingOrWrongKindNamesTheHDF5Path() throws {
        let path = scratch.path("missing.h5")
        try HDF5File.withFile(path, mode: .create) { try $0.createGroup("g").writeDataset("d", tensor: Tensor([1])) }
        try HDF5File.withFile(path, mode: .readOnly) { root in
            XCTAssertThrowsError(try root.openGroup("g/h")) { error in
                XCTAssertEqual(error as? DLError, .hdf5(file: path, path: "/g/h", reason: "the group is missing"))
            }
            XCTAssertThrowsError(try root.openGroup("g/d")) { error in
                XCTAssertEqual(error as? DLError, .hdf5(file: path, path: "/g/d", reason: "expected a group, found a dataset"))
            }
            XCTAssertThrowsError(try root.openDataset("g")) { error in
                XCTAssertEqual(error as? DLError, .hdf5(file: path, path: "/g", reason: "expected a dataset, found a group"))
            }
            XCTAssertThrowsError(try root.openGroup("g").openDataset("e")) { error in
                XCTAssertEqual("\(error)", "HDF5 file '\(path)', object '/g/e': the dataset is missing")
            }
        }
    }

    func testKerasFilesListTheirLayers() throws {
        try HDF5File.withFile(HDF5Scratch.kerasFile("keras3/siamese.weights.h5"), mode: .readOnly) { root in
            XCTAssertEqual(try root.memberNames(), ["layers", "optimizer", "vars"])
            XCTAssertEqual(try root.openGroup("layers").memberNames(),
                           ["dense", "functional", "input_layer", "input_layer_1", "l1_distance"])
            XCTAssertEqual(try root.openGroup("layers/functional/layers").memberNames(),
                           ["conv2d", "conv2d_1", "dense", "flatten", "input_layer", "max_pooling2d", "max_pooling2d_1"])
        }
    }
}
