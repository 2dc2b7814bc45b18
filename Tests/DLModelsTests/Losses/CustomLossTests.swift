import DL
import DLTestSupport
import XCTest

/// `CustomLoss`: values, gradient, batch check and configuration.
final class CustomLossTests: XCTestCase {
    func testCustomLoss() {
        let perSample = CustomLoss(name: "sse") { t, p in square(p - t).sum(axis: 1) }
        XCTAssertEqual(perSample.name, "sse")
        assertTensorsClose(perSample.perSampleLoss(yTrue: sampleLabels, yPred: samplePredictions), Tensor([0.13, 0.17, 0.29]))
        let scalar = CustomLoss { t, p in abs(p - t).mean() }
        XCTAssertEqual(scalar(sampleLabels, samplePredictions).scalar, 0.2833333, accuracy: 1e-6)
    }

    func testGradient() {
        checkLossGradient(CustomLoss(name: "cube") { t, p in (p - t) * square(p - t) }, yTrue: checkOneHot, yPred: checkProbabilities)
    }

    func testCustomLossChecksBatch() {
        XCTAssertThrowsError(try CustomLoss { t, _ in t }.validate(yTrueShape: [4, 2], yPredShape: [5, 2]))
    }

    func testConfigHasTheNameButCannotRebuildTheClosure() {
        let loss = CustomLoss(name: "sse") { t, p in square(p - t) }
        XCTAssertEqual(loss.getConfig(), ["name": "sse", "reduction": "sum_over_batch_size"])
        XCTAssertEqual(Losses.serialize(loss)["registered_name"], "CustomLoss")
        assertThrowsMentioning(["CustomLoss", "customObjects"]) { try CustomLoss.fromConfig(loss.getConfig()) }
        let rebuilt = try? Losses.deserialize(Losses.serialize(loss), customObjects: ["CustomLoss": { _ in loss }])
        XCTAssertEqual(rebuilt?.name, "sse")
    }
}
