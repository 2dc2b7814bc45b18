import DL
import XCTest

/// Regularizers to and from Keras's serialized form.
final class RegularizerConfigTests: XCTestCase {
    func testEveryRegularizerRoundTrips() throws {
        for regularizer in [Regularizer.l1(0.001), .l2(0.01), .l1l2(l1: 0.01, l2: 0.3)] {
            let config = regularizer.kerasConfig
            XCTAssertEqual(config["module"], "keras.regularizers")
            XCTAssertEqual(config["class_name"]?.stringValue, regularizer.kerasClassName)
            XCTAssertEqual(try Regularizer(kerasConfig: config, owner: "Dense", key: "kernel_regularizer"), regularizer)
            XCTAssertEqual(try Regularizer(kerasConfig: LayerConfig(json: config.json), owner: "Dense", key: "k"), regularizer)
        }
    }

    func testFactorsAreWrittenAsKeras3Writes() {
        XCTAssertEqual(Regularizer.l2(0.01).kerasConfig.json,
                       #"{"class_name":"L2","config":{"l2":0.01},"module":"keras.regularizers","registered_name":null}"#)
        XCTAssertEqual(Regularizer.l1l2(l1: 0.01, l2: 0.001).kerasConfig["config"], ["l1": 0.01, "l2": 0.001])
        // Keras's L1 keeps its factor as a float32 tensor and writes it widened.
        XCTAssertEqual(Regularizer.l1(0.001).kerasConfig["config"], ["l1": 0.0010000000474974513])
    }

    func testKerasShorthandsAndErrors() throws {
        let read = { (value: LayerConfig) in try Regularizer(kerasConfig: value, owner: "Conv2D", key: "bias_regularizer") }
        XCTAssertEqual(try read("l2"), .l2(0.01))
        XCTAssertEqual(try read("l1"), .l1(0.01))
        XCTAssertEqual(try read("L1L2"), .l1l2(l1: 0, l2: 0))
        XCTAssertEqual(try read(["class_name": "L2", "config": ["l2": 0.009999999776482582]]), .l2(0.01))
        XCTAssertThrowsError(try read("l3")) { XCTAssertTrue("\($0)".contains("'bias_regularizer'"), "\($0)") }
        XCTAssertThrowsError(try read(["class_name": "L2", "config": ["l2": "big"]])) {
            XCTAssertTrue("\($0)".contains("'l2'") && "\($0)".contains("Conv2D"), "\($0)")
        }
    }
}
