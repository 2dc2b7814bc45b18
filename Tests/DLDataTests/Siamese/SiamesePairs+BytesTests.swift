import DLData
import DLTestSupport
import XCTest

/// `SiamesePairs(images:labels:scale:sampleShape:count:seed:)`: the pairs, labels and batches of
/// `init(x:y:count:seed:)` on the same images converted to `Float`, bit for bit, without holding
/// them as `Float`; bad input is a `DLError` naming it.
final class SiamesePairsBytesTests: XCTestCase {
    /// 30 images of 2×2 bytes of 3 classes (10, 12 and 8 images), spread over 0...255.
    private let bytes = ByteTensor(shape: [30, 2, 2], bytes: (0..<120).map { UInt8(truncatingIfNeeded: $0 &* 97 &+ 13) })
    private let classOf: [Float] = (0..<30).map { Float($0 < 10 ? 0 : $0 < 22 ? 1 : 2) }
    private var y: Tensor { Tensor(shape: [30, 1], scalars: classOf) }

    /// The `Float` images `init(x:y:count:seed:)` is given in the benchmark's old path: every byte
    /// times `scale`, reshaped to `[30, 2, 2, 1]`.
    private func floats(scale: Float) -> Tensor { bytes.tensor(scale: scale).reshaped([30, 2, 2, 1]) }

    func testSamePairsLabelsAndBatchesAsTheTensorInitializerBitForBit() throws {
        for scale: Float in [1 / 255, 0.37, 1] {
            let fromBytes = try SiamesePairs(images: bytes, labels: y, scale: scale, sampleShape: [2, 2, 1],
                                             count: 101, seed: 7)
            let fromFloats = try SiamesePairs(x: floats(scale: scale), y: y, count: 101, seed: 7)
            XCTAssertEqual(fromBytes.left, fromFloats.left)
            XCTAssertEqual(fromBytes.right, fromFloats.right)
            assertSameBits(fromBytes.labels.scalars, fromFloats.labels.scalars, "labels, scale \(scale)")
            XCTAssertEqual(fromBytes.labels.shape, [101, 1])
            let a = Array(try fromBytes.dataset.batched(16)), b = Array(try fromFloats.dataset.batched(16))
            XCTAssertEqual(a.count, 7)
            XCTAssertEqual(a.count, b.count)
            for (index, (batchA, batchB)) in zip(a, b).enumerated() {
                XCTAssertEqual(batchA.x.map(\.shape), batchB.x.map(\.shape), "batch \(index)")
                XCTAssertEqual(batchA.x[0].shape, [index == 6 ? 5 : 16, 2, 2, 1])
                for input in 0..<2 {
                    assertSameBits(batchA.x[input].scalars, batchB.x[input].scalars, "batch \(index) input \(input)")
                }
                assertSameBits(batchA.y[0].scalars, batchB.y[0].scalars, "batch \(index) labels")
            }
            // Each gathered value is the byte times the scale, for the rows `left` names.
            let first = a[0].x[0].scalars, rows = Array(fromBytes.left.prefix(16))
            let expected = rows.flatMap { row in bytes.bytes[(row * 4)..<(row * 4 + 4)].map { Float($0) * scale } }
            assertSameBits(first, expected, "first left batch, scale \(scale)")
            assertSameBits(fromBytes.images(at: [3, 0]).scalars, fromFloats.images(at: [3, 0]).scalars, "images(at:)")
            XCTAssertEqual(fromBytes.images(at: [3, 0]).shape, [2, 2, 2, 1])
            XCTAssertEqual(fromBytes.x, fromFloats.x)
        }
    }

    func testShuffledPassesMatchAndTheStoredShapeIsKeptWithoutASampleShape() throws {
        let fromBytes = try SiamesePairs(images: bytes, labels: Tensor(classOf), count: 40, seed: 4)
        let fromFloats = try SiamesePairs(x: bytes.tensor(scale: 1 / 255), y: Tensor(classOf), count: 40, seed: 4)
        Random.seed(11)
        let a = Array(try fromBytes.dataset.batched(8).shuffled())
        Random.seed(11)
        let b = Array(try fromFloats.dataset.batched(8).shuffled())
        XCTAssertEqual(a[0].x[1].shape, [8, 2, 2], "no sampleShape: the stored shape")
        assertSameBits(a.flatMap { $0.x[0].scalars + $0.x[1].scalars + $0.y[0].scalars },
                       b.flatMap { $0.x[0].scalars + $0.x[1].scalars + $0.y[0].scalars }, "shuffled passes")
        Random.seed(3)
        let unseeded = try SiamesePairs(images: bytes, labels: Tensor(classOf), count: 20)
        Random.seed(3)
        XCTAssertEqual(try SiamesePairs(x: floats(scale: 1), y: Tensor(classOf), count: 20).left, unseeded.left)
    }

    func testBadInputIsADLErrorNamingIt() {
        let lone = Tensor(classOf.enumerated().map { $0.offset == 29 ? 7 : $0.element })   // class 7: one image
        XCTAssertEqual(thrownMessage { try SiamesePairs(images: bytes, labels: lone, count: 10) },
                       "SiamesePairs(images:labels:scale:sampleShape:count:seed:): class 7 has 1 sample; a same-class "
                       + "pair needs two samples of every class. Received: labels with class counts [0: 10, 1: 12, 2: 7, 7: 1]")
        XCTAssertTrue(thrownMessage { try SiamesePairs(images: bytes, labels: Tensor.zeros([29]), count: 4) }
            .hasSuffix("images and labels have different sample counts. Received: images of shape [30, 2, 2] and "
                       + "labels of shape [29]"))
        for scale in [Float.nan, .infinity, -.infinity] {
            XCTAssertTrue(thrownMessage { try SiamesePairs(images: bytes, labels: y, scale: scale, count: 4) }
                .hasSuffix("scale must be a finite number. Received: scale=\(scale)"), "\(scale)")
        }
        XCTAssertTrue(thrownMessage { try SiamesePairs(images: bytes, labels: y, sampleShape: [5], count: 4) }
            .hasSuffix("sampleShape must hold one image of shape [2, 2] (4 values). Received: sampleShape=[5]"))
        XCTAssertTrue(thrownMessage { try SiamesePairs(images: bytes, labels: y, sampleShape: [-2, -2], count: 4) }
            .contains("Received: sampleShape=[-2, -2]"))
        XCTAssertTrue(thrownMessage { try SiamesePairs(images: ByteTensor(shape: [], bytes: [1]), labels: y, count: 4) }
            .hasSuffix("images needs a sample dimension. Received: images of shape []"))
        XCTAssertTrue(thrownMessage { try SiamesePairs(images: bytes, labels: y, count: 0) }
            .hasSuffix("count must be positive. Received: count=0"))
        XCTAssertTrue(thrownMessage { try SiamesePairs(images: bytes, labels: Tensor.zeros([30]), count: 4) }
            .hasSuffix("different-class pairs need at least two classes. Received: labels with class counts [0: 30]"))
        XCTAssertTrue(thrownMessage { try SiamesePairs(images: bytes, labels: Tensor.zeros([30, 3]), count: 4) }
            .contains("labels must hold one class id a sample"))
        XCTAssertTrue(thrownMessage { try SiamesePairs(images: bytes, labels: y + 0.5, count: 4) }
            .hasSuffix("class ids must be whole numbers. Received: labels[0] = 0.5"))
    }
}
