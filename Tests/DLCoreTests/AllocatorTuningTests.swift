import DLCore
import XCTest

final class AllocatorTuningTests: XCTestCase {
    func testFreedTrainingSizedBlocksStayInTheProcess() throws {
        AllocatorTuning.apply()
        try XCTSkipUnless(AllocatorTuning.isApplied, "the environment sets its own malloc tunables")
        // A 16 MiB block, the size of a VGG activation batch: with glibc's defaults it gets its own
        // mapping and goes back to the system when freed; tuned, it stays held for the next step.
        let byteCount = 16 << 20
        let before = AllocatorTuning.heldFreeBytes
        let block = UnsafeMutableRawPointer.allocate(byteCount: byteCount, alignment: 16)
        block.initializeMemory(as: UInt8.self, repeating: 1, count: byteCount)
        block.deallocate()
        XCTAssertGreaterThanOrEqual(AllocatorTuning.heldFreeBytes - before, byteCount)
    }
}
