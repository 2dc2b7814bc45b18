import DLCore
import DLTestSupport
import XCTest

final class TensorTests: XCTestCase {
    func testInitializers() {
        let s = Tensor(3)
        XCTAssertEqual(s.shape, [])
        XCTAssertEqual(s.rank, 0)
        XCTAssertEqual(s.scalar, 3)
        let v = Tensor([1, 2, 3])
        XCTAssertEqual(v.shape, [3])
        XCTAssertEqual(v.scalarCount, 3)
        let m = Tensor([[1, 2, 3], [4, 5, 6]])
        XCTAssertEqual(m.shape, [2, 3])
        XCTAssertEqual(m.scalars, [1, 2, 3, 4, 5, 6])
        XCTAssertEqual(Tensor(shape: [3, 1], scalars: [1, 2, 3]).rank, 2)
        XCTAssertEqual(Tensor.zeros([2, 2]).scalars, [0, 0, 0, 0])
        XCTAssertEqual(Tensor.ones([3]).scalars, [1, 1, 1])
        XCTAssertEqual(Tensor(repeating: 7, shape: [2]).scalars, [7, 7])
        XCTAssertEqual(Tensor.zeros([0, 4]).scalarCount, 0)
        XCTAssertEqual(Tensor.zeros([]).scalarCount, 1)
        XCTAssertEqual(Tensor(shape: [2]) { $0[0] = 1; $0[1] = 2 }, Tensor([1, 2]))
    }

    func testValueSemantics() {
        var a = Tensor([1, 2])
        let b = a
        a.withUnsafeMutableBufferPointer { $0[0] = 9 }
        XCTAssertEqual(a.scalars, [9, 2])
        XCTAssertEqual(b.scalars, [1, 2])
        XCTAssertNotEqual(a, b)
        XCTAssertNotEqual(Tensor([1, 2]), Tensor(shape: [2, 1], scalars: [1, 2]))
    }

    func testDescription() {
        XCTAssertEqual(Tensor([1, 2]).description, "Tensor(shape: [2], scalars: [1.0, 2.0])")
        XCTAssertTrue(Tensor.zeros([30]).description.hasSuffix("… (30 scalars)])"))
    }
}
