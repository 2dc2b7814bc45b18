import DL
import Foundation
import XCTest

/// Omniglot's alphabet/character/*.png folders, on a small folder the test writes.
final class OmniglotTests: XCTestCase {
    func writeDrawing(_ path: String, size: Int = 105, ink: Int) throws {
        // White with a black square of side `ink` at the top-left.
        var pixels = [UInt8](repeating: 255, count: size * size)
        for row in 0..<ink { for column in 0..<ink { pixels[row * size + column] = 0 } }
        try Data(try PNG.encode(pixels: pixels, width: size, height: size, channels: 1)).write(to: URL(fileURLWithPath: path))
    }

    func testLoadsOneLabelPerCharacterInSortedOrder() throws {
        let root = NSTemporaryDirectory() + "swiftdl-omniglot-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: root) }
        // Alphabets and characters created out of order; 2 + 3 + 1 drawings.
        let layout = [("Latin", "character02", 3), ("Greek", "character01", 2), ("Latin", "character01", 1)]
        for (index, (alphabet, character, count)) in layout.enumerated() {
            let folder = "\(root)/\(alphabet)/\(character)"
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            for k in 0..<count { try writeDrawing("\(folder)/\(k).png", ink: index * 10 + k + 1) }
        }
        let (x, y) = try Omniglot.loadData(from: root)
        XCTAssertEqual(x.shape, [6, 105, 105, 1])
        // Greek/character01 (2), Latin/character01 (1), Latin/character02 (3).
        XCTAssertEqual(y.scalars, [0, 0, 1, 2, 2, 2])
        let inks = (0..<6).map { i in x[i].scalars.filter { $0 == 0 }.count }
        XCTAssertEqual(inks, [11, 12, 21, 1, 2, 3].map { $0 * $0 })
        XCTAssertEqual(Set(x.scalars), [0, 255])
    }

    func testBadFoldersThrowClearErrors() throws {
        let root = NSTemporaryDirectory() + "swiftdl-omniglot-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root + "/Latin/character01", withIntermediateDirectories: true)
        XCTAssertThrowsError(try Omniglot.loadData(from: root)) { error in
            guard case .invalidArgument(_, let message)? = error as? DLError else { return XCTFail("\(error)") }
            XCTAssertTrue(message.contains("no drawing"), message)
        }
        try writeDrawing(root + "/Latin/character01/small.png", size: 28, ink: 2)
        XCTAssertThrowsError(try Omniglot.loadData(from: root)) { error in
            XCTAssertTrue("\(error)".contains("small.png") && "\(error)".contains("28 × 28"), "\(error)")
        }
        XCTAssertThrowsError(try Omniglot.loadData(from: root + "/missing")) { error in
            guard case .datasetNotFound? = error as? DLError else { return XCTFail("\(error)") }
        }
    }
}
