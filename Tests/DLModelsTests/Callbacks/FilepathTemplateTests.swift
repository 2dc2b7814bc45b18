import XCTest
import DLModels
import DLCore

/// Expected names are Python's `str.format` of the same template (epoch 7, val_loss the float32 0.5234).
final class FilepathTemplateTests: XCTestCase {
    private let values: [String: FilepathTemplate.Value] = ["epoch": .int(7), "val_loss": .float(0.5234)]

    private func assertFormats(_ template: String, _ expected: String, line: UInt = #line) {
        XCTAssertEqual(try FilepathTemplate(template: template).format(values), expected, line: line)
    }

    func testKerasDocumentationExample() {
        assertFormats("w.{epoch:02d}-{val_loss:.2f}.keras", "w.07-0.52.keras")
    }

    func testBareFieldsPrintLikePython() {
        assertFormats("{epoch}", "7")
        assertFormats("{val_loss}", "0.5234000086784363")  // Python's repr of the float64 Keras holds
    }

    func testAlignmentFillAndWidth() {
        assertFormats("{epoch:>4}|{epoch:<4}|{epoch:^5}|{epoch:*^5}", "   7|7   |  7  |**7**")
        assertFormats("{{epoch}}-{epoch:03}", "{epoch}-007")
    }

    func testFloatTypes() {
        assertFormats("{val_loss:e}", "5.234000e-01")
        assertFormats("{val_loss:.3g}", "0.523")
        assertFormats("{val_loss:+.1f}", "+0.5")
        assertFormats("{val_loss:08.3f}", "0000.523")
        assertFormats("{val_loss:.1%}", "52.3%")
        assertFormats("{val_loss:.3}", "0.523")
        assertFormats("{epoch:.2f}", "7.00")
    }

    func testAMissingKeyNamesTheTemplateAndTheKey() {
        XCTAssertThrowsError(try FilepathTemplate(template: "m-{val_acc:.2f}.keras").format(values)) { error in
            XCTAssertEqual("\(error)", #"ModelCheckpoint: Failed to format this callback filepath: "#
                + #""m-{val_acc:.2f}.keras". Reason: 'val_acc'"#)
        }
    }

    func testBadSpecificationsAreErrors() {
        for template in ["{val_loss:d}", "{epoch:.2d}", "m-{epoch", "m}", "{epoch:.f}", "{epoch:5x2}"] {
            XCTAssertThrowsError(try FilepathTemplate(template: template).format(values), template) { error in
                XCTAssertTrue("\(error)".contains("Failed to format this callback filepath"), "\(error)")
            }
        }
    }
}
