import DLCore
import DLModels
import DLTestSupport
import Foundation
import XCTest

final class EventFileWriterTests: XCTestCase {
    private var folder = ""

    override func setUp() { folder = NSTemporaryDirectory() + "eventfilewriter-\(UUID().uuidString)" }
    override func tearDown() { try? FileManager.default.removeItem(atPath: folder) }

    func testNameFirstEventAndRecords() throws {
        let writer = try EventFileWriter(folder: folder + "/run", wallTime: 1_796_000_000.75)
        let name = (writer.path as NSString).lastPathComponent
        let pattern = #"^events\.out\.tfevents\.1796000000\.[^.]+\.\#(getpid())\.\d+\.v2$"#
        XCTAssertNotNil(name.range(of: pattern, options: .regularExpression), name)
        try writer.write(TensorBoardEvent(wallTime: 2.5, step: 7, content: .summary([.scalar("loss", 0.5)])))
        try writer.close()
        let events = try EventFileDecoder.events(atPath: writer.path)
        XCTAssertEqual(events.count, 2)
        XCTAssertEqual(events[0].fileVersion, "brain.Event:2")
        XCTAssertEqual(events[0].sourceWriter, "swiftdl")
        XCTAssertEqual(events[0].wallTime, 1_796_000_000)
        XCTAssertEqual(events[0].step, 0)
        XCTAssertEqual(events[1].wallTime, 2.5)
        XCTAssertEqual(events[1].step, 7)
        XCTAssertEqual(events[1].values.map(\.tag), ["loss"])
        XCTAssertEqual(events[1].values.first?.float, 0.5)
        XCTAssertEqual(events[1].values.first?.pluginName, "scalars")
    }

    func testEachWriterGetsItsOwnFile() throws {
        let first = try EventFileWriter(folder: folder, wallTime: 1)
        let second = try EventFileWriter(folder: folder, wallTime: 1)
        XCTAssertNotEqual(first.path, second.path)
        try first.close()
        try second.close()
    }

    func testWriteAfterCloseThrows() throws {
        let writer = try EventFileWriter(folder: folder)
        try writer.close()
        XCTAssertThrowsError(try writer.write(TensorBoardEvent(wallTime: 1, content: .summary([.scalar("a", 1)]))))
    }

    func testFolderThatIsAFileIsNamed() throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let file = folder + "/plain"
        _ = FileManager.default.createFile(atPath: file, contents: Data())
        XCTAssertThrowsError(try EventFileWriter(folder: file + "/run")) { error in
            guard case let DLError.fileAccess(path, reason)? = error as? DLError else { return XCTFail("\(error)") }
            XCTAssertEqual(path, file + "/run")
            XCTAssertTrue(reason.contains("TensorBoard cannot create the log folder"), reason)
        }
    }
}
