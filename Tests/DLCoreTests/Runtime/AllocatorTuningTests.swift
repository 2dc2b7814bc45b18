import DLCore
import XCTest

final class AllocatorTuningTests: XCTestCase {
    func testTrainingSizedBlocksComeFromTheHeapAndStayAfterFree() throws {
        AllocatorTuning.apply()
        try XCTSkipUnless(AllocatorTuning.isApplied, "the environment sets its own malloc tunables")
        // A 16 MiB block, the size of a VGG activation batch: with glibc's defaults it gets its own
        // mapping, returned to the system when freed; tuned, it comes from the heap and stays there.
        let byteCount = 16 << 20
        let mappedBefore = AllocatorTuning.mappedBlockBytes
        let block = UnsafeMutableRawPointer.allocate(byteCount: byteCount, alignment: 16)
        block.initializeMemory(as: UInt8.self, repeating: 1, count: byteCount)
        XCTAssertLessThan(AllocatorTuning.mappedBlockBytes - mappedBefore, byteCount, "the block has no mapping of its own")
        let arenaHeld = AllocatorTuning.arenaBytes
        XCTAssertGreaterThanOrEqual(arenaHeld, byteCount)
        block.deallocate()
        XCTAssertEqual(AllocatorTuning.arenaBytes, arenaHeld, "freeing it returns nothing to the system")
    }
}
