import DLCore
import DLModels
import DLTestSupport
import XCTest

final class SummaryValueImageTests: XCTestCase {
    /// TensorFlow's PNGs of the fixture images hold the pixels `pixelByte` computes.
    func testImagePixelsMatchTensorFlow() throws {
        let file = try TensorBoardFixtures.bytes("tf_summaries.tfevents")
        let cases = try XCTUnwrap(TensorBoardFixtures.json("tf_summaries.json") as? [[String: Any]])
        let events = try EventFileDecoder.records(file).dropFirst().map(EventFileDecoder.event)
        var checked = 0
        for (testCase, event) in zip(cases, events) where testCase["kind"] as? String == "image" {
            let shape = try XCTUnwrap(testCase["shape"] as? [Int])
            let values = try XCTUnwrap(testCase["values"] as? [Double]).map { Float($0) }
            let strings = try XCTUnwrap(event.values.first?.strings)
            XCTAssertEqual(strings.count, 2 + min(shape[0], 3))  // max_outputs = 3
            let size = shape[1] * shape[2] * shape[3]
            for (index, png) in strings.dropFirst(2).enumerated() {
                let decoded = try PNG.decode(png, channels: shape[3])
                XCTAssertEqual([decoded.width, decoded.height], [shape[2], shape[1]])
                XCTAssertEqual(decoded.pixels, values[(index * size)..<((index + 1) * size)].map(SummaryValue.pixelByte))
                checked += 1
            }
            // Ours: the same sizes and pixels through libpng.
            let ours = try SummaryValue.images("x", Tensor(shape: shape, scalars: values), maxOutputs: 3, context: "test")
            XCTAssertEqual(ours.tensor.strings.count, strings.count)
            XCTAssertEqual(Array(ours.tensor.strings.prefix(2)), Array(strings.prefix(2)))
            for (mine, theirs) in zip(ours.tensor.strings.dropFirst(2), strings.dropFirst(2)) {
                XCTAssertEqual(try PNG.decode(mine, channels: shape[3]).pixels, try PNG.decode(theirs, channels: shape[3]).pixels)
            }
        }
        XCTAssertEqual(checked, 4)
    }

    func testImagesRejectBadShapes() {
        XCTAssertThrowsError(try SummaryValue.images("x", Tensor(shape: [2, 3, 2], scalars: Array(repeating: 0, count: 12)),
                                                     maxOutputs: 3, context: "TensorBoard.logImages(\"x\")")) { error in
            XCTAssertEqual("\(error)", "TensorBoard.logImages(\"x\"): images must have shape [N, height, width, channels] "
                           + "with 1, 3 or 4 channels. Received: shape [2, 3, 2]")
        }
        XCTAssertThrowsError(try SummaryValue.images("x", Tensor(shape: [1, 2, 2, 2], scalars: Array(repeating: 0, count: 8)),
                                                     maxOutputs: 3, context: "t"))
    }

    func testPixelConversionEdges() {
        // x * 255.5, clamped, truncated: 1/255.5 is the first value giving 1.
        XCTAssertEqual([-1, 0, 0.0039, 0.00392, 0.5, 0.998, 0.999, 1, 2, .nan].map(SummaryValue.pixelByte),
                       [0, 0, 0, 1, 127, 254, 255, 255, 255, 0])
    }
}
