import DLData
import DL
import Foundation
import XCTest

/// `ImageFolder`'s file order and split against Keras's `index_directory` and
/// `get_training_or_validation_split` on the same file names (`keras_order.json`).
final class KerasFileShuffleTests: XCTestCase {
    func testNumPysLegacyShuffleOfAKnownSeed() {
        // np.random.RandomState(0).shuffle(list(range(10))) → [2, 8, 4, 9, 1, 6, 7, 3, 0, 5]
        var items = Array(0..<10)
        var shuffle = KerasFileShuffle(seed: 0)
        shuffle.shuffle(&items)
        XCTAssertEqual(items, [2, 8, 4, 9, 1, 6, 7, 3, 0, 5])
    }

    func testFileOrderAndSplitEqualKeras() throws {
        let data = try XCTUnwrap(FileManager.default.contents(atPath: ImageFixtures.path("keras_order.json")))
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let tree = try XCTUnwrap(json["tree"] as? [String: [String]])
        let cases = try XCTUnwrap(json["cases"] as? [[String: Any]])
        let folder = try ImageFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for (className, names) in tree {
            try FileManager.default.createDirectory(atPath: folder + "/" + className, withIntermediateDirectories: true)
            for (i, name) in names.enumerated() { try ImageFixtures.writePNG(folder + "/" + className + "/" + name, seed: i) }
        }
        XCTAssertEqual(cases.count, 4)
        for entry in cases {
            let seed = try XCTUnwrap(entry["seed"] as? Int)
            func relative(_ paths: [String]) -> [String] { paths.map { String($0.dropFirst(folder.count + 1)) } }
            if let all = entry["all"] as? [String] {
                let images = try ImageFolder(directory: folder, imageSize: (height: 2, width: 2), seed: UInt64(seed))
                XCTAssertEqual(relative(images.filePaths), all, "seed \(seed)")
                XCTAssertEqual(images.classNames, entry["classNames"] as? [String])
                continue
            }
            let split = try XCTUnwrap(entry["validationSplit"] as? Double)
            for (subset, key) in [(Subset.training, "training"), (.validation, "validation")] {
                let images = try ImageFolder(directory: folder, imageSize: (height: 2, width: 2), seed: UInt64(seed),
                                             validationSplit: Float(split), subset: subset)
                XCTAssertEqual(relative(images.filePaths), entry[key] as? [String], "seed \(seed) \(key)")
                XCTAssertEqual(images.labels, entry[key + "Labels"] as? [Int], "seed \(seed) \(key)")
                XCTAssertEqual(images.classNames, entry["classNames"] as? [String])
            }
        }
    }
}
