import DL
import XCTest

/// Initializers to and from Keras's serialized form.
final class InitializerConfigTests: XCTestCase {
    private let all: [Initializer] = [
        .glorotUniform, .glorotNormal, .heNormal, .heUniform, .lecunNormal, .lecunUniform, .zeros, .ones,
        .constant(0.3), .randomNormal(mean: 0.5, stddev: 0.02), .randomUniform(min: -0.1, max: 0.2), .orthogonal,
    ]

    func testEveryInitializerRoundTrips() throws {
        for initializer in all {
            let config = initializer.kerasConfig
            XCTAssertEqual(config["module"], "keras.initializers")
            XCTAssertEqual(config["class_name"]?.stringValue, initializer.kerasClassName)
            XCTAssertEqual(try Initializer(kerasConfig: config, owner: "Dense", key: "kernel_initializer"), initializer)
            XCTAssertEqual(try Initializer(kerasConfig: LayerConfig(json: config.json), owner: "Dense", key: "k"), initializer)
        }
    }

    func testKerasValuesAreWrittenExactly() {
        XCTAssertEqual(Initializer.glorotUniform.kerasConfig.json,
                       #"{"class_name":"GlorotUniform","config":{"input_axes":null,"output_axes":null,"seed":null},"module":"keras.initializers","registered_name":null}"#)
        XCTAssertEqual(Initializer.randomNormal(mean: 0, stddev: 0.05).kerasConfig["config"],
                       ["seed": nil, "mean": 0.0, "stddev": 0.05])
        XCTAssertEqual(Initializer.constant(0.1).kerasConfig["config"], ["value": 0.1])
        XCTAssertEqual(Initializer.zeros.kerasConfig["config"], [:])
    }

    func testKerasShorthandsClassNamesAndVarianceScaling() throws {
        let read = { (value: LayerConfig) in try Initializer(kerasConfig: value, owner: "Dense", key: "kernel_initializer") }
        XCTAssertEqual(try read("he_normal"), .heNormal)
        XCTAssertEqual(try read("GlorotUniform"), .glorotUniform)
        XCTAssertEqual(try read("uniform"), .randomUniform(min: -0.05, max: 0.05))
        XCTAssertEqual(try read("zero"), .zeros)
        XCTAssertEqual(try read(["class_name": "RandomNormal", "config": ["seed": 7]]), .randomNormal(mean: 0, stddev: 0.05))
        let scaling = { (scale: Double, mode: String, distribution: String) -> LayerConfig in
            ["class_name": "VarianceScaling", "config": ["scale": .double(scale), "mode": .string(mode),
                                                         "distribution": .string(distribution), "seed": nil]]
        }
        XCTAssertEqual(try read(scaling(2, "fan_in", "truncated_normal")), .heNormal)
        XCTAssertEqual(try read(scaling(1, "fan_avg", "uniform")), .glorotUniform)
        XCTAssertEqual(try read(scaling(1, "fan_in", "normal")), .lecunNormal)
        XCTAssertThrowsError(try read(scaling(3, "fan_out", "uniform"))) { XCTAssertTrue("\($0)".contains("scale"), "\($0)") }
        XCTAssertThrowsError(try read(["class_name": "Orthogonal", "config": ["gain": 2.0]])) {
            XCTAssertTrue("\($0)".contains("'gain'"), "\($0)")
        }
        XCTAssertThrowsError(try read(["class_name": "Zeros", "config": ["value": 1]])) {
            XCTAssertTrue("\($0)".contains("Dense kernel_initializer (Zeros)") && "\($0)".contains("'value'"), "\($0)")
        }
        XCTAssertThrowsError(try read("truncated_normal")) {
            XCTAssertTrue("\($0)".contains("'kernel_initializer'") && "\($0)".contains("truncated_normal"), "\($0)")
        }
    }
}
