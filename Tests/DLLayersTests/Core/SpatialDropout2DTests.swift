import DL
import DLTestSupport
import XCTest

final class SpatialDropout2DTests: XCTestCase {
    func testConformance() {
        assertLayerConforms({ SpatialDropout2D(0.3, seed: 1) }, inputShape: [3, 4, 2])
    }

    /// In training the gradient is the mask: `d/dx Σ r ⊙ y = r ⊙ y / x` for the mask drawn in that call.
    func testTrainingGradientIsTheMask() {
        let layer = SpatialDropout2D(0.5, seed: 2)
        let x = Variable(Tensor.randomNormal([3, 3, 3, 4], mean: 4, seed: 1), name: "x")
        let r = Tensor.randomNormal([3, 3, 3, 4], seed: 2)
        var y = Tensor.zeros([1])
        let (_, gradients) = valueWithGradient(wrt: [x]) {
            y = layer(x.value, training: true)
            return (y * r).sum()
        }
        let expected = zip(zip(y.scalars, x.value.scalars), r.scalars).map { $0.0 / $0.1 * $1 }
        assertTensorsClose(gradients[0], Tensor(shape: x.value.shape, scalars: expected), accuracy: 1e-5)
    }

    /// Each (sample, channel) map is either zero or the input scaled by 1 / (1 − rate).
    private func assertChannelPattern(_ x: Tensor, _ y: Tensor, rate: Float, file: StaticString = #filePath,
                                      line: UInt = #line) -> (kept: Int, dropped: Int) {
        let (n, h, w, c) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        var kept = 0, dropped = 0
        for sample in 0..<n {
            for channel in 0..<c {
                let indices = (0..<(h * w)).map { (sample * h * w + $0) * c + channel }
                if indices.allSatisfy({ y.scalars[$0] == 0 }) {
                    dropped += 1
                } else {
                    kept += 1
                    for i in indices {
                        XCTAssertEqual(y.scalars[i], x.scalars[i] / (1 - rate), accuracy: 1e-5, "sample \(sample) channel \(channel)",
                                       file: file, line: line)
                    }
                }
            }
        }
        return (kept, dropped)
    }

    func testTrainingDropsWholeChannelsAndScales() {
        let layer = SpatialDropout2D(0.4, seed: 3)
        let x = Tensor.randomNormal([16, 3, 4, 8], mean: 5, seed: 1)   // no zero inputs
        let (kept, dropped) = assertChannelPattern(x, layer(x, training: true), rate: 0.4)
        XCTAssertEqual(kept + dropped, 128)
        XCTAssertGreaterThan(dropped, 128 * 2 / 10)
        XCTAssertLessThan(dropped, 128 * 6 / 10)
        XCTAssertEqual(layer(x), x, "inference is the identity")
    }

    func testSeededMasksRepeatAndAdvance() {
        let x = Tensor.ones([4, 2, 2, 6])
        let a = SpatialDropout2D(0.5, seed: 9), b = SpatialDropout2D(0.5, seed: 9)
        let first = a(x, training: true)
        XCTAssertEqual(first, b(x, training: true))
        XCTAssertNotEqual(first, a(x, training: true), "the generator advances")
    }

    func testKerasOutputs() throws {
        let fixture = try KerasOutputCase("spatial_dropout2d")
        fixture.assertMatches(SpatialDropout2D(0.4, seed: 1))   // inference: the identity
        XCTAssertEqual(fixture.output, fixture.input)
        // Keras's training output has the same channel-wise pattern and scale as ours (its mask differs).
        let training = try XCTUnwrap(fixture.trainingOutput)
        let (kept, dropped) = assertChannelPattern(fixture.input, training, rate: 0.4)
        XCTAssertGreaterThan(kept, 0)
        XCTAssertGreaterThan(dropped, 0)
        let ours = assertChannelPattern(fixture.input, SpatialDropout2D(0.4, seed: 1)(fixture.input, training: true), rate: 0.4)
        XCTAssertEqual(ours.kept + ours.dropped, kept + dropped)
    }

    func testKerasConfig() throws {
        let entry = try KerasFixtures.load("layers", "depthwise.spatial_dropout2d.json")
        let layer = try XCTUnwrap(try SpatialDropout2D.fromConfig(try XCTUnwrap(entry["config"])) as? SpatialDropout2D)
        XCTAssertEqual(layer.rate, 0.3)
        XCTAssertEqual(layer.seed, 7)
        XCTAssertEqual(layer.getConfig(), entry["config"])
    }

    func testBadArgumentsAreDLErrors() {
        XCTAssertThrowsError(try SpatialDropout2D(1).computeOutputShape([3, 3, 2])) {
            XCTAssertTrue("\($0)".contains("Received: rate=1"), "\($0)")
        }
        XCTAssertThrowsError(try SpatialDropout2D(0.5).computeOutputShape([3, 2]))
        XCTAssertThrowsError(try SpatialDropout2D.fromConfig(["rate": 0.5, "data_format": "channels_first"]))
        let output = SpatialDropout2D(0.2, name: "sd")(InputLayer(shape: [5]).makeOutput())
        XCTAssertNotNil(output.error)
    }
}
