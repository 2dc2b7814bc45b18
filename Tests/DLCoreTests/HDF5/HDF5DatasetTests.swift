import DLCore
import XCTest

/// Datasets: float32, int64 and strings written and read back with their shapes, conversions, and
/// the datasets Keras wrote.
final class HDF5DatasetTests: XCTestCase {
    private var scratch: HDF5Scratch!
    override func setUpWithError() throws { scratch = try HDF5Scratch() }
    override func tearDown() { scratch.remove() }

    func testFloatIntAndStringDatasetsRoundTrip() throws {
        let path = scratch.path("data.h5")
        let kernel = Tensor(shape: [2, 3, 1, 2], scalars: (0..<12).map { Float($0) * 0.5 - 2.25 })
        try HDF5File.withFile(path, mode: .create) { root in
            try root.writeDataset("dense/kernel:0", tensor: kernel)
            try root.writeDataset("scalar", tensor: Tensor(Float(3.5)))
            try root.writeDataset("empty", tensor: Tensor(shape: [0, 4], scalars: []))
            try root.writeDataset("iteration", int64s: [Int64.max], shape: [])
            try root.writeDataset("counts", int64s: [1, -2, 3, 4, 5, 6], shape: [3, 2])
            try root.writeDataset("vocabulary", strings: ["a", "été", ""])
            try root.writeDataset("bytes", strings: ["ab", "c"], fixedLength: true)
            try root.writeDataset("scalar", tensor: Tensor(Float(4.5)))          // replaced
        }
        try HDF5File.withFile(path, mode: .readOnly) { root in
            let dataset = try root.openDataset("dense/kernel:0")
            XCTAssertEqual(dataset.shape, [2, 3, 1, 2])
            XCTAssertEqual(dataset.elementClass, .float)
            XCTAssertEqual(try dataset.readTensor().shape, kernel.shape)
            XCTAssertEqual(try dataset.readTensor().scalars, kernel.scalars)
            XCTAssertEqual(try root.openDataset("scalar").readTensor().shape, [])
            XCTAssertEqual(try root.openDataset("scalar").readTensor().scalars, [4.5])
            XCTAssertEqual(try root.openDataset("empty").readTensor().shape, [0, 4])
            XCTAssertEqual(try root.openDataset("iteration").readInt64s(), [Int64.max])
            let counts = try root.openDataset("counts")
            XCTAssertEqual(counts.shape, [3, 2])
            XCTAssertEqual(counts.elementClass, .integer)
            XCTAssertEqual(try counts.readInt64s(), [1, -2, 3, 4, 5, 6])
            XCTAssertEqual(try counts.readTensor().scalars, [1, -2, 3, 4, 5, 6])         // converted
            XCTAssertEqual(try dataset.readInt64s().prefix(3), [-2, -1, -1])             // float → int truncates
            XCTAssertEqual(try root.openDataset("vocabulary").readStrings(), ["a", "été", ""])
            XCTAssertEqual(try root.openDataset("bytes").readStrings(), ["ab", "c"])
            XCTAssertThrowsError(try root.openDataset("vocabulary").readTensor()) { error in
                XCTAssertTrue("\(error)".contains("object '/vocabulary': expected numbers"), "\(error)")
            }
            XCTAssertThrowsError(try root.openDataset("counts").readStrings()) { error in
                XCTAssertTrue("\(error)".contains("expected strings"), "\(error)")
            }
        }
    }

    func testIntCountMustFillTheShape() throws {
        let path = scratch.path("bad.h5")
        XCTAssertThrowsError(try HDF5File.withFile(path, mode: .create) { try $0.writeDataset("x", int64s: [1, 2], shape: [3]) }) {
            XCTAssertTrue("\($0)".contains("object '/x': 2 values do not fill shape [3]"), "\($0)")
        }
    }

    func testKerasDatasetsReadWithTheirShapes() throws {
        try HDF5File.withFile(HDF5Scratch.kerasFile("keras3/mlp.weights.h5"), mode: .readOnly) { root in
            let kernel = try root.openDataset("layers/dense/vars/0")
            XCTAssertEqual(kernel.shape, [20, 16])
            XCTAssertEqual(try kernel.readTensor().scalarCount, 320)
            let iterations = try root.openDataset("optimizer/vars/0")      // Adam's step counter: an int64 scalar
            XCTAssertEqual(iterations.shape, [])
            XCTAssertEqual(try iterations.readInt64s(), [2])                 // 16 samples, batches of 8, one epoch
            XCTAssertEqual(try root.openDataset("optimizer/vars/1").readTensor().scalars.first ?? 0, 0.001, accuracy: 1e-9)
        }
        try HDF5File.withFile(HDF5Scratch.kerasFile("keras2/mlp_weights.h5"), mode: .readOnly) { root in
            XCTAssertEqual(try root.openDataset("dense/dense/kernel:0").shape, [20, 16])
            XCTAssertEqual(try root.openDataset("dense_1/dense_1/bias:0").shape, [5])
        }
    }
}
