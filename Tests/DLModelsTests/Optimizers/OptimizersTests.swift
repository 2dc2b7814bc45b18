import DL
import DLTestSupport
import XCTest

/// `Optimizers.serialize`/`deserialize` against the JSON Keras 3.15 wrote
/// (`Tests/Fixtures/Keras/optimizers.json`, `compile_config.json`), and compile's strings.
final class OptimizersTests: XCTestCase {
    func testReadsAndWritesWhatKerasWrote() throws {
        _ = try assertKerasFixtureRoundTrips("optimizers.json", count: 13, { try Optimizers.deserialize($0) }, Optimizers.serialize)
    }

    func testKerasSettingsArrive() throws {
        let fixtures = try kerasFixture("optimizers.json")
        let sgd = try XCTUnwrap(try Optimizers.deserialize(fixtures[1]) as? SGD)
        XCTAssertEqual([sgd.learningRate, sgd.momentum, sgd.clipNorm], [0.1, 0.9, 1])
        XCTAssertTrue(sgd.nesterov)
        let adam = try XCTUnwrap(try Optimizers.deserialize(fixtures[5]) as? Adam)
        XCTAssertTrue(adam.amsgrad)
        XCTAssertEqual(adam.globalClipNorm, 2)
        let schedule = try XCTUnwrap(adam.learningRateSchedule as? ExponentialDecay)
        XCTAssertEqual(schedule.decayRate, 0.96)
        XCTAssertTrue(schedule.staircase)
        let adamW = try XCTUnwrap(try Optimizers.deserialize(fixtures[7]) as? AdamW)
        XCTAssertEqual(adamW.weightDecay, 0.01)
    }

    func testCompileConfigOptimizers() throws {
        let compiled = try kerasFixture("compile_config.json")
        let adam = try Optimizers.deserialize(try XCTUnwrap(compiled[0]["optimizer"]))
        XCTAssertTrue(adam is Adam)
        XCTAssertEqual(adam.learningRate, 0.001)
        let sgd = try XCTUnwrap(try Optimizers.deserialize(try XCTUnwrap(compiled[1]["optimizer"])) as? SGD)
        XCTAssertEqual([sgd.learningRate, sgd.momentum], [0.05, 0.9])
    }

    func testCompileStrings() throws {
        let names = ["sgd", "rmsprop", "adagrad", "adadelta", "adam", "adamw", "nadam", "Adam", "SGD"]
        let classes = try names.map { String(describing: type(of: try Optimizers.deserialize(.string($0)))) }
        XCTAssertEqual(classes, ["SGD", "RMSprop", "Adagrad", "Adadelta", "Adam", "AdamW", "Nadam", "Adam", "SGD"])
        XCTAssertEqual(try Optimizers.deserialize("adam").getConfig(), Adam().getConfig())
    }

    func testKeras2FormAndCustomObjects() throws {
        let keras2: LayerConfig = ["class_name": "SGD", "config": ["learning_rate": 0.5]]
        XCTAssertEqual(try Optimizers.deserialize(keras2).learningRate, 0.5)
        let custom: LayerConfig = ["module": "my_module", "class_name": "Lion", "config": ["learning_rate": 0.5], "registered_name": "Custom>Lion"]
        let built = try Optimizers.deserialize(custom, customObjects: ["Custom>Lion": { config in
            SGD(learningRate: Float(config["learning_rate"]?.doubleValue ?? 0))
        }])
        XCTAssertEqual(built.learningRate, 0.5)
    }

    func testUnknownOptimizersAreNamed() {
        assertThrowsMentioning(["optimizer 'Lion'", "Adam"]) { try Optimizers.deserialize(["class_name": "Lion", "config": [:]]) }
        assertThrowsMentioning(["optimizer 'adamax'"]) { try Optimizers.deserialize("adamax") }
        assertThrowsMentioning(["class_name"]) { try Optimizers.deserialize(["config": [:]]) }
        assertThrowsMentioning(["extra"]) { try Optimizers.deserialize(["class_name": "SGD", "config": [:], "extra": 1]) }
    }
}
