import DLLayers
import DLTestSupport
import XCTest

final class DropoutTests: XCTestCase {
    func testConformance() {
        assertLayerConforms({ Dropout(0.5) }, inputShape: [3, 4])
    }

    func testConfigKeepsTheSeed() throws {
        XCTAssertEqual(Dropout(0.3, seed: 42, name: "d").getConfig()["seed"], 42)
        XCTAssertEqual(Dropout(0.3).getConfig()["seed"], LayerConfig.null)
        XCTAssertEqual(Dropout(0.3).getConfig()["rate"], 0.3)
        for seed: UInt64 in [0, 42, .max] {
            let rebuilt = try XCTUnwrap(try Dropout.fromConfig(Dropout(0.3, seed: seed).getConfig()) as? Dropout)
            XCTAssertEqual(rebuilt.seed, seed)
        }
        // The same seed gives the same masks after a round trip.
        let x = Tensor.ones([2, 50])
        let rebuilt = try Dropout.fromConfig(Dropout(0.5, seed: 9).getConfig())
        XCTAssertEqual(rebuilt(x, training: true), Dropout(0.5, seed: 9)(x, training: true))
    }

    func testIdentityAtInference() {
        let x = Tensor.randomNormal([4, 10], seed: 1)
        XCTAssertEqual(Dropout(0.5)(x, training: false), x)
        XCTAssertEqual(Dropout(0)(x, training: true), x)
    }

    func testTrainingZeroesAboutRateAndScalesTheRest() {
        let rate: Float = 0.3
        let y = Dropout(rate, seed: 11)(Tensor.ones([100, 100]), training: true)
        let zeros = y.scalars.filter { $0 == 0 }.count
        XCTAssertEqual(Float(zeros) / 10_000, rate, accuracy: 0.02)
        XCTAssertTrue(y.scalars.allSatisfy { $0 == 0 || Swift.abs($0 - 1 / (1 - rate)) < 1e-6 })
        XCTAssertEqual(y.mean().scalar, 1, accuracy: 0.03)
    }

    func testSameSeedSameMask() {
        let x = Tensor.ones([8, 16])
        let a = Dropout(0.5, seed: 42), b = Dropout(0.5, seed: 42)
        let first = a(x, training: true)
        XCTAssertEqual(first, b(x, training: true))
        XCTAssertNotEqual(first, a(x, training: true), "a new mask on each call")

        Random.seed(3)
        let c = Dropout(0.5)(x, training: true)
        Random.seed(3)
        XCTAssertEqual(c, Dropout(0.5)(x, training: true), "unseeded layers follow Random.seed")
    }

    func testGradientIsTheMask() {
        let x = Variable(Tensor.ones([4, 6]), name: "x")
        let dropout = Dropout(0.5, seed: 9)
        var output = Tensor(0)
        let (_, gradients) = valueWithGradient(wrt: [x]) {
            output = dropout(x.value, training: true)
            return output.sum()
        }
        XCTAssertEqual(gradients[0].scalars, output.scalars)
    }

    func testRateOutsideRangeThrowsAtBuild() {
        for rate: Float in [-0.1, 1, 1.5] {
            XCTAssertThrowsError(try Dropout(rate).buildIfNeeded([[3]])) { error in
                XCTAssertTrue("\(error)".hasSuffix("Received: rate=\(rate)"), "\(error)")
            }
        }
    }
}
