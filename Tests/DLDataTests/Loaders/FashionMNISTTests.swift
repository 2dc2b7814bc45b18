import DLData
import XCTest

/// Loads the real Fashion-MNIST that Debian's `dataset-fashion-mnist` installs.
final class FashionMNISTTests: XCTestCase {
    static let systemFolder = "/usr/share/datasets/fashion-mnist"

    func testLoadsRealFashionMNIST() throws {
        let marker = Self.systemFolder + "/train-images-idx3-ubyte.gz"
        try XCTSkipUnless(FileManager.default.fileExists(atPath: marker),
                          "Fashion-MNIST is not installed (apt-get install dataset-fashion-mnist)")
        let data = try FashionMNIST.loadData(from: Self.systemFolder)

        XCTAssertEqual(data.train.x.shape, [60000, 28, 28])
        XCTAssertEqual(data.train.y.shape, [60000])
        XCTAssertEqual(data.test.x.shape, [10000, 28, 28])
        XCTAssertEqual(data.test.y.shape, [10000])

        for split in [data.train, data.test] {
            XCTAssertEqual(split.x.min(), 0)
            XCTAssertEqual(split.x.max().scalar, 255)
            XCTAssertTrue(split.x.scalars.allSatisfy { $0 == $0.rounded() }, "pixels are whole numbers")
            XCTAssertEqual(split.y.min(), 0)
            XCTAssertEqual(split.y.max().scalar, 9)
        }

        var trainCounts = [Int](repeating: 0, count: 10)
        for label in data.train.y.scalars { trainCounts[Int(label)] += 1 }
        XCTAssertEqual(trainCounts, [Int](repeating: 6000, count: 10))
        var testCounts = [Int](repeating: 0, count: 10)
        for label in data.test.y.scalars { testCounts[Int(label)] += 1 }
        XCTAssertEqual(testCounts, [Int](repeating: 1000, count: 10))
    }

    func testLoadBytesHoldsTheSameImagesAsLoadData() throws {
        let marker = Self.systemFolder + "/train-images-idx3-ubyte.gz"
        try XCTSkipUnless(FileManager.default.fileExists(atPath: marker),
                          "Fashion-MNIST is not installed (apt-get install dataset-fashion-mnist)")
        let floats = try FashionMNIST.loadData(from: Self.systemFolder)
        let bytes = try FashionMNIST.loadBytes(from: Self.systemFolder)
        XCTAssertEqual(bytes.train.x.shape, [60000, 28, 28])
        XCTAssertEqual(bytes.test.x.shape, [10000, 28, 28])
        XCTAssertEqual(bytes.train.x.tensor(), floats.train.x)
        XCTAssertEqual(bytes.test.x.tensor(), floats.test.x)
        XCTAssertEqual(bytes.train.y, floats.train.y)
        XCTAssertEqual(bytes.test.y, floats.test.y)
    }
}

private extension Tensor {
    /// The smallest scalar.
    func min() -> Float { scalars.min() ?? .nan }
}
