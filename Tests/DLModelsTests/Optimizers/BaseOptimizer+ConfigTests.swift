import DL
import DLTestSupport
import XCTest

/// The keys every optimizer shares: Keras's defaults when absent, and Keras's settings that this
/// framework does not implement accepted only at their neutral values.
final class BaseOptimizerConfigTests: XCTestCase {
    func testMissingKeysTakeKerasDefaults() throws {
        let sgd = try SGD.fromConfig([:])
        XCTAssertEqual(sgd.getConfig(), SGD().getConfig())
        let adam = try Adam.fromConfig(["learning_rate": 0.01])
        XCTAssertEqual(adam.learningRate, 0.01)
        XCTAssertEqual(adam.beta1, 0.9)
        XCTAssertEqual(adam.name, "adam")
    }

    func testDefaultNamesAreKerasSnakeCase() {
        XCTAssertEqual([SGD().name, Adam().name, AdamW().name, RMSprop().name, Adagrad().name, Adadelta().name, Nadam().name],
                       ["sgd", "adam", "adam_w", "rm_sprop", "adagrad", "adadelta", "nadam"])
    }

    func testNameAndScheduleAreKept() throws {
        let schedule: LayerConfig = ["class_name": "PiecewiseConstantDecay", "config": ["boundaries": [5], "values": [0.1, 0.01]]]
        let optimizer = try Adam.fromConfig(["name": "adam_3", "learning_rate": schedule])
        XCTAssertEqual(optimizer.name, "adam_3")
        XCTAssertEqual(optimizer.learningRate, 0.1, accuracy: 1e-7)
        XCTAssertEqual((optimizer.learningRateSchedule as? PiecewiseConstantDecay)?.boundaries, [5])
    }

    func testUnsupportedSettingsAreRefusedUnlessNeutral() {
        let neutral = Adam().getConfig()
        XCTAssertNoThrow(try Adam.fromConfig(replacing(neutral, "ema_momentum", with: 0.5)))
        XCTAssertNoThrow(try Adam.fromConfig(replacing(neutral, "decay", with: 0.0)))   // Keras 2
        XCTAssertNoThrow(try Adam.fromConfig(replacing(neutral, "jit_compile", with: true)))
        assertThrowsMentioning(["Adam", "use_ema", "true"]) { try Adam.fromConfig(replacing(neutral, "use_ema", with: true)) }
        assertThrowsMentioning(["Adam", "loss_scale_factor", "128"]) {
            try Adam.fromConfig(replacing(neutral, "loss_scale_factor", with: 128.0))
        }
        assertThrowsMentioning(["SGD", "gradient_accumulation_steps", "4"]) {
            try SGD.fromConfig(replacing(SGD().getConfig(), "gradient_accumulation_steps", with: 4))
        }
        assertThrowsMentioning(["Adam", "decay", "0.1"]) { try Adam.fromConfig(replacing(neutral, "decay", with: 0.1)) }
    }

    func testUnknownAndIllTypedKeysNameTheClassAndTheKey() {
        assertThrowsMentioning(["RMSprop", "unknown configuration key 'beta_1'"]) {
            try RMSprop.fromConfig(replacing(RMSprop().getConfig(), "beta_1", with: 0.9))
        }
        assertThrowsMentioning(["Adagrad", "epsilon", "\"small\""]) {
            try Adagrad.fromConfig(replacing(Adagrad().getConfig(), "epsilon", with: "small"))
        }
        assertThrowsMentioning(["Nadam", "learning_rate", "true"]) {
            try Nadam.fromConfig(replacing(Nadam().getConfig(), "learning_rate", with: true))
        }
        assertThrowsMentioning(["Adam", "clipnorm"]) { try Adam.fromConfig(replacing(Adam().getConfig(), "clipnorm", with: [1])) }
    }
}
