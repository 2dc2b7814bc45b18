import DLCore
import XCTest

final class ReductionKernelsTests: XCTestCase {
    func testAllFiniteFindsEveryNonFiniteValueAnywhere() {
        let finite: [Float] = [0, -0, 1, -3.5, .greatestFiniteMagnitude, -.greatestFiniteMagnitude,
                               .leastNonzeroMagnitude, .leastNormalMagnitude]
        for count in [0, 1, 7, 16, 33, 2400] {
            let values = (0..<count).map { finite[$0 % finite.count] }
            XCTAssertTrue(values.withUnsafeBufferPointer(ReductionKernels.allFinite), "\(count) finite values")
            for bad in [Float.nan, -.nan, .infinity, -.infinity, Float(bitPattern: 0x7fa0_0001)] {
                for position in Set([0, count / 2, count - 1]) where count > 0 {
                    var spoiled = values
                    spoiled[position] = bad
                    XCTAssertFalse(spoiled.withUnsafeBufferPointer(ReductionKernels.allFinite),
                                   "\(bad) at \(position) of \(count)")
                }
            }
        }
    }
}
