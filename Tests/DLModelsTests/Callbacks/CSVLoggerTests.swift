import DL
import Foundation
import XCTest

final class CSVLoggerTests: XCTestCase {
    private var path: String = ""

    override func setUp() {
        path = NSTemporaryDirectory() + "csvlogger-\(UUID().uuidString).csv"
    }

    override func tearDown() {
        try? FileManager.default.removeItem(atPath: path)
    }

    private func contents() -> String { (try? String(contentsOfFile: path, encoding: .utf8)) ?? "<missing>" }

    func testHeaderAndRowsAsKeras() {
        let logger = CSVLogger(path)
        logger.onTrainBegin(logs: [:])
        logger.onEpochEnd(0, logs: ["loss": 0.5234, "accuracy": 0.75, "val_loss": 0.5, "val_accuracy": 0.5])
        logger.onEpochEnd(1, logs: ["loss": 0.25, "accuracy": 1, "val_loss": 0.125, "val_accuracy": 1])
        logger.onTrainEnd(logs: [:])
        XCTAssertEqual(contents(), """
            epoch,accuracy,loss,val_accuracy,val_loss
            0,0.75,0.5234000086784363,0.5,0.5
            1,1.0,0.25,1.0,0.125

            """)
        XCTAssertNil(logger.error)
    }

    func testAddsValidationColumnsAndSeparator() {
        // Without val_ keys Keras adds them, written as NA.
        let logger = CSVLogger(path, separator: ";")
        logger.onTrainBegin(logs: [:])
        logger.onEpochEnd(0, logs: ["loss": 0.5])
        logger.onTrainEnd(logs: [:])
        XCTAssertEqual(contents(), "epoch;loss;val_loss\n0;0.5;NA\n")
    }

    func testAppendWritesHeaderOnlyOnce() {
        for epoch in 0..<2 {
            let logger = CSVLogger(path, append: true)
            logger.onTrainBegin(logs: [:])
            logger.onEpochEnd(epoch, logs: ["loss": 2, "val_loss": 3])
            logger.onTrainEnd(logs: [:])
        }
        XCTAssertEqual(contents(), "epoch,loss,val_loss\n0,2.0,3.0\n1,2.0,3.0\n")
        // Without append, the file is replaced.
        let logger = CSVLogger(path)
        logger.onTrainBegin(logs: [:])
        logger.onEpochEnd(0, logs: ["loss": 1, "val_loss": 1])
        logger.onTrainEnd(logs: [:])
        XCTAssertEqual(contents(), "epoch,loss,val_loss\n0,1.0,1.0\n")
    }

    func testUnwritablePathIsReported() {
        let logger = CSVLogger("/nonexistent-dir/sub/log.csv")
        logger.onTrainBegin(logs: [:])
        logger.onEpochEnd(0, logs: ["loss": 1])
        logger.onTrainEnd(logs: [:])
        let message = logger.error.map { "\($0)" } ?? ""
        XCTAssertTrue(message.contains("/nonexistent-dir/sub/log.csv") && message.contains("No such file"), message)
    }

    func testAFileThatCannotBeOpenedIsAnErrorFromFit() throws {
        let missing = NSTemporaryDirectory() + "no-such-folder-\(UUID().uuidString)/log.csv"
        let logger = CSVLogger(missing)
        XCTAssertThrowsError(try logger.validateArguments()) { error in
            XCTAssertEqual(error as? DLError, .fileAccess(path: missing, reason: "CSVLogger cannot open it for writing: No such file or directory"))
        }
        let model = Sequential([Dense(1, inputShape: [2])])
        model.compile(optimizer: SGD(), loss: .meanSquaredError)
        let x = Tensor(shape: [2, 2], scalars: [1, 2, 3, 4])
        XCTAssertThrowsError(try model.fit(x: x, y: Tensor(shape: [2, 1], scalars: [1, 2]), verbose: 0, callbacks: [logger])) { error in
            XCTAssertTrue("\(error)".contains("cannot access '\(missing)'"), "\(error)")
        }
        XCTAssertNoThrow(try CSVLogger(path).validateArguments())
        XCTAssertEqual(contents(), "", "the check creates the file empty")
    }
}
