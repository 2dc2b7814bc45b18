import DL
import DLTestSupport
import XCTest

/// `Lambda`: runs its closure, infers the output shape from a batch of one zero sample, and
/// round-trips its configuration by the function's registered name (Keras's named-function form).
final class LambdaTests: XCTestCase {
    override func setUp() {
        Lambda.register(name: "swiftdl>double") { $0 * 2 }
        Lambda.register(name: "row_sums") { $0.sum(axis: -1, keepDims: true) }
        Lambda.register(name: "squash") { tanh($0) * 0.5 }
    }

    func testConforms() {
        assertLayerConforms({ Lambda(registered: "squash") }, inputShape: [3, 2])
        assertLayerConforms({ Lambda(registered: "row_sums") }, inputShape: [4])
        assertLayerConforms({ Lambda(registered: "swiftdl>double", outputShape: [2, 3]) }, inputShape: [2, 3])
    }

    func testRunsTheClosureAndInfersTheShape() throws {
        let lambda = Lambda { x in x.reshaped([x.shape[0], -1]) * 3 }
        XCTAssertEqual(try lambda.computeOutputShape([2, 3]), [6])
        XCTAssertEqual(lambda(Tensor(shape: [1, 2, 1], scalars: [1, 2])), Tensor([[3, 6]]))
        let out = Lambda(registered: "row_sums")(Input(shape: [5]))
        XCTAssertNil(out.error)
        XCTAssertEqual(out.shape, [1])
    }

    func testConfigurationUsesKerasKeysAndTheRegisteredName() throws {
        let config = Lambda(registered: "swiftdl>double", name: "doubled").getConfig()
        XCTAssertEqual(config, ["name": "doubled", "trainable": true, "dtype": .float32Policy, "arguments": [:],
                                "function": ["module": "builtins", "class_name": "function", "config": "swiftdl>double",
                                             "registered_name": "function"]])
        let rebuilt = try XCTUnwrap(try Lambda.fromConfig(config) as? Lambda)
        XCTAssertEqual(rebuilt.functionName, "swiftdl>double")
        XCTAssertEqual(rebuilt(Tensor([[1, 2]])), Tensor([[2, 4]]))
        // The name alone is accepted too.
        XCTAssertEqual((try Lambda.fromConfig(["name": "l", "function": "row_sums"]) as? Lambda)?.functionName, "row_sums")
        // Keras's file, written for a function registered in Python as package "swiftdl", name "double".
        let keras = try KerasFixtures.load("layers", "merges.doubled.json")
        let fromKeras = try XCTUnwrap(try Lambda.fromConfig(try XCTUnwrap(keras["config"])) as? Lambda)
        XCTAssertEqual(fromKeras.outputShape, [2, 3])
    }

    func testUnregisteredFunctionsAndPythonLambdasAreDLErrors() {
        XCTAssertThrowsError(try Lambda.fromConfig(["name": "l", "function": "nobody"])) { error in
            XCTAssertTrue("\(error)".contains("no function is registered under the name 'nobody'"), "\(error)")
            XCTAssertTrue("\(error)".contains("Received: function=\"nobody\""), "\(error)")
        }
        let python: LayerConfig = ["name": "l", "function": ["class_name": "__lambda__", "config": ["code": "4wEAAA..."]]]
        XCTAssertThrowsError(try Lambda.fromConfig(python)) { error in
            XCTAssertTrue("\(error)".contains("a serialized Python lambda cannot run in Swift"), "\(error)")
        }
        XCTAssertThrowsError(try Lambda.fromConfig(["name": "l", "function": "row_sums", "arguments": ["k": 1]]))
        XCTAssertThrowsError(try Lambda.fromConfig(["name": "l", "function": nil]))
        let unknown = Lambda(registered: "not_yet", name: "later")(Input(shape: [2]))
        XCTAssertEqual("\(unknown.error!)", "layer 'later' (Lambda): no function is registered under the name 'not_yet'. "
                       + "Received: function=\"not_yet\"")
    }
}
