import DLCore
import XCTest

/// The huge-page advice leaves buffers of every size usable and their contents unchanged.
final class HugePagesTests: XCTestCase {
    func testAdviceKeepsContents() {
        for count in [0, 1, 1000, HugePages.minimumBytes / 4 + 12_345] {
            var values = (0..<count).map { Float($0 % 977) }
            values.withUnsafeMutableBufferPointer { HugePages.advise($0) }
            XCTAssertEqual(values, (0..<count).map { Float($0 % 977) }, "count \(count)")
            values.withUnsafeMutableBufferPointer { buffer in for i in buffer.indices { buffer[i] = 1 } }
            XCTAssertEqual(values.reduce(0, +), Float(count))
        }
    }
}
