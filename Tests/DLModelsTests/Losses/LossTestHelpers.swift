import DL
import DLTestSupport
import XCTest

/// A loss given by its static member (`lossNamed(.meanSquaredError)`), as `compile(loss:)` takes it.
func lossNamed(_ loss: Loss) -> Loss { loss }

/// The mean loss as a Float. (Calling an `any Loss` directly inside an XCTAssert autoclosure
/// crashes the Swift 6.3 compiler's SILGen, so tests go through this function.)
func lossValue(_ loss: Loss, _ yTrue: Tensor, _ yPred: Tensor) -> Float { loss(yTrue, yPred).scalar }

/// The labels of the element-wise value tests: 3 samples of 2 outputs.
var sampleLabels: Tensor { Tensor([[0, 1], [1, 0], [1, 1]]) }
/// The predictions of the element-wise value tests.
var samplePredictions: Tensor { Tensor([[0.2, 0.7], [0.9, 0.4], [0.5, 0.8]]) }

/// Class probabilities, one-hot labels and logits of the categorical gradient checks.
var checkProbabilities: Tensor { Tensor([[0.2, 0.7, 0.1], [0.1, 0.3, 0.6]]) }
var checkOneHot: Tensor { Tensor([[0, 1, 0], [1, 0, 0]]) }
var checkLogits: Tensor { Tensor([[1.0, 3.0, -2.0], [0.5, 0.0, 4.0]]) }

/// Finite-difference check of `loss`'s gradient with respect to the predictions.
func checkLossGradient(_ loss: Loss, yTrue: Tensor, yPred: Tensor, file: StaticString = #filePath, line: UInt = #line) {
    let prediction = Variable(yPred, name: "yPred")
    GradientCheck.assertGradientsMatch(of: { loss(yTrue, prediction.value) }, wrt: [prediction],
                                       epsilon: 1e-3, tolerance: 2e-2, loss.name, file: file, line: line)
}

/// The text of the error a validation throws ("" when it throws none).
func validationMessage(_ body: () throws -> Void) -> String {
    do { try body() } catch { return "\(error)" }
    return ""
}

/// Asserts that `loss`'s configuration is `expected` (Keras's JSON) and round-trips, also
/// through `Losses.serialize`/`deserialize`, to a loss with the same values.
func assertLossConfig<L: Loss>(_ loss: L, _ expected: LayerConfig, file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(loss.getConfig(), expected, file: file, line: line)
    do {
        let rebuilt = try L.fromConfig(expected)
        XCTAssertEqual(rebuilt.getConfig(), expected, file: file, line: line)
        XCTAssertEqual(try Losses.deserialize(Losses.serialize(loss)).getConfig(), expected, file: file, line: line)
        let (t, p) = (Tensor([[0, 1, 0], [1, 0, 0]]), Tensor([[0.2, 0.7, 0.1], [0.5, 0.3, 0.2]]))
        XCTAssertEqual(lossValue(rebuilt, t, p), lossValue(loss, t, p), file: file, line: line)
    } catch {
        XCTFail("\(error)", file: file, line: line)
    }
}
