import DL
import Foundation
import XCTest

/// CIFAR-10's binary records, round-tripped through files the test writes.
final class CIFAR10Tests: XCTestCase {
    /// One record: the label, then the R, G and B planes of a 32 × 32 image, pixel (r, c, ch) =
    /// (seed + r * 7 + c * 3 + ch * 101) mod 256.
    static func record(label: UInt8, seed: Int) -> [UInt8] {
        var bytes = [label]
        for channel in 0..<3 {
            for row in 0..<32 { for column in 0..<32 { bytes.append(UInt8((seed + row * 7 + column * 3 + channel * 101) % 256)) } }
        }
        return bytes
    }

    func testRecordsRoundTripThroughTheBinaryFiles() throws {
        let folder = NSTemporaryDirectory() + "swiftdl-cifar-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let names = (1...5).map { "data_batch_\($0).bin" } + ["test_batch.bin"]
        var expectedLabels: [[Float]] = [[], []]
        for (file, name) in names.enumerated() {
            let records = file == 5 ? 3 : 2
            var bytes: [UInt8] = []
            for r in 0..<records {
                let label = UInt8((file * 3 + r) % 10)
                bytes += Self.record(label: label, seed: file * 10 + r)
                expectedLabels[file == 5 ? 1 : 0].append(Float(label))
            }
            try Data(bytes).write(to: URL(fileURLWithPath: folder + "/" + name))
        }
        let data = try CIFAR10.loadData(from: folder)
        XCTAssertEqual(data.train.x.shape, [10, 32, 32, 3])
        XCTAssertEqual(data.test.x.shape, [3, 32, 32, 3])
        XCTAssertEqual(data.train.y.scalars, expectedLabels[0])
        XCTAssertEqual(data.test.y.scalars, expectedLabels[1])
        // Channels last: image i of the training set was written with seed (i / 2) * 10 + i % 2.
        let train = data.train.x.scalars
        for (image, row, column, channel) in [(0, 0, 0, 0), (3, 5, 9, 2), (9, 31, 31, 1), (7, 12, 0, 2)] {
            let seed = (image / 2) * 10 + image % 2
            let value = train[((image * 32 + row) * 32 + column) * 3 + channel]
            XCTAssertEqual(value, Float((seed + row * 7 + column * 3 + channel * 101) % 256))
        }
        XCTAssertEqual(data.test.x.scalars[((2 * 32 + 1) * 32 + 2) * 3 + 1], Float((52 + 7 + 6 + 101) % 256))
    }

    func testAFileOfTheWrongLengthOrLabelThrowsNamingIt() throws {
        let folder = NSTemporaryDirectory() + "swiftdl-cifar-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for name in (1...5).map({ "data_batch_\($0).bin" }) + ["test_batch.bin"] {
            try Data(Self.record(label: 1, seed: 0)).write(to: URL(fileURLWithPath: folder + "/" + name))
        }
        XCTAssertNoThrow(try CIFAR10.loadData(from: folder))
        let broken = folder + "/data_batch_3.bin"
        try Data(Self.record(label: 1, seed: 0).dropLast(5)).write(to: URL(fileURLWithPath: broken))
        XCTAssertThrowsError(try CIFAR10.loadData(from: folder)) { error in
            guard case .invalidFile(let path, let reason)? = error as? DLError else { return XCTFail("\(error)") }
            XCTAssertEqual(path, broken)
            XCTAssertTrue(reason.contains("Received: 3068 bytes"), reason)
        }
        try Data(Self.record(label: 12, seed: 0)).write(to: URL(fileURLWithPath: broken))
        XCTAssertThrowsError(try CIFAR10.loadData(from: folder)) { error in
            XCTAssertTrue("\(error)".contains("label 12"), "\(error)")
        }
        XCTAssertThrowsError(try CIFAR10.loadData(from: folder + "/nowhere")) { error in
            guard case .datasetNotFound(let name, let folders, _)? = error as? DLError else { return XCTFail("\(error)") }
            XCTAssertEqual(name, "cifar-10-batches-bin")
            XCTAssertEqual(folders, [folder + "/nowhere"])
        }
    }
}
