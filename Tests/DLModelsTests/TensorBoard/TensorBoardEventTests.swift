import DLCore
import DLModels
import DLTestSupport
import XCTest

final class TensorBoardEventTests: XCTestCase {
    func testWorkedScalarEventBytes() {
        let event = TensorBoardEvent(wallTime: 1.5, step: 3, content: .summary([.scalar("loss", 0.25)]))
        let expected: [UInt8] = [
            0x09, 0, 0, 0, 0, 0, 0, 0xF8, 0x3F,          // wall_time = 1.5 (field 1, fixed64)
            0x10, 0x03,                                   // step = 3 (field 2, varint)
            0x2A, 0x21,                                   // summary (field 5), 33 bytes
            0x0A, 0x1F,                                   //   value (field 1), 31 bytes
            0x0A, 0x04, 0x6C, 0x6F, 0x73, 0x73,           //     tag = "loss"
            0x42, 0x0A,                                   //     tensor (field 8), 10 bytes
            0x08, 0x01,                                   //       dtype = DT_FLOAT
            0x12, 0x00,                                   //       tensor_shape = {} (a scalar)
            0x22, 0x04, 0x00, 0x00, 0x80, 0x3E,           //       tensor_content = 0.25f
            0x4A, 0x0B,                                   //     metadata (field 9), 11 bytes
            0x0A, 0x09,                                   //       plugin_data, 9 bytes
            0x0A, 0x07, 0x73, 0x63, 0x61, 0x6C, 0x61, 0x72, 0x73,  // plugin_name = "scalars"
        ]
        XCTAssertEqual(event.encoded(), expected)
    }

    /// Every record TensorFlow's writer made through `tf.summary` (scalars, images, histograms) is
    /// rebuilt from the inputs in `tf_summaries.json` and framed to the same bytes.
    func testRecordsMatchTensorFlowsByteForByte() throws {
        let file = try TensorBoardFixtures.bytes("tf_summaries.tfevents")
        let cases = try XCTUnwrap(TensorBoardFixtures.json("tf_summaries.json") as? [[String: Any]])
        let records = try EventFileDecoder.records(file)
        XCTAssertEqual(records.count, cases.count + 1)
        let first = try EventFileDecoder.event(records[0])
        XCTAssertEqual(first.fileVersion, "brain.Event:2")
        XCTAssertEqual(first.wallTime, first.wallTime.rounded(.down))

        var offset = TFRecord.frame(records[0]).count
        for (index, testCase) in cases.enumerated() {
            let record = records[index + 1]
            let decoded = try EventFileDecoder.event(record)
            let tag = try XCTUnwrap(testCase["tag"] as? String)
            let step = try XCTUnwrap(testCase["step"] as? Int)
            let value: SummaryValue
            switch testCase["kind"] as? String {
            case "scalar":
                value = .scalar(tag, Float(try XCTUnwrap(testCase["value"] as? Double)))
            case "histogram":
                value = .histogram(tag, try XCTUnwrap(testCase["values"] as? [Double]).map { Float($0) })
            default:
                // PNG bytes differ between encoders: rebuild the message around TensorFlow's PNGs.
                let strings = try XCTUnwrap(decoded.values.first?.strings)
                value = .images(tag, pngs: Array(strings.dropFirst(2)),
                                width: Int(String(decoding: strings[0], as: UTF8.self)) ?? -1,
                                height: Int(String(decoding: strings[1], as: UTF8.self)) ?? -1)
            }
            let event = TensorBoardEvent(wallTime: decoded.wallTime, step: Int64(step), content: .summary([value]))
            XCTAssertEqual(event.encoded(), record, "\(tag)")
            let framed = TFRecord.frame(event.encoded())
            XCTAssertEqual(framed, Array(file[offset..<offset + framed.count]), "\(tag) framing")
            offset += framed.count
        }
        XCTAssertEqual(offset, file.count)
    }
}
