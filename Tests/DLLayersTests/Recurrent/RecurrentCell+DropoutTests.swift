import DL
import DLLayers
import DLTestSupport
import XCTest

/// `dropout` and `recurrent_dropout` of SimpleRNN, LSTM and GRU: Keras's outputs with Keras's
/// masks, gradients through fixed masks, the identity at inference, masks fixed across steps.
final class RecurrentCellDropoutTests: XCTestCase {
    private func random(_ shape: [Int], _ seed: UInt64) -> Tensor { .randomUniform(shape, min: -1, max: 1, seed: seed) }

    /// The layer's output from the cell's packed states with the given masks (what `callOutputs`
    /// returns in training, with these masks instead of drawn ones).
    private func output(_ layer: RecurrentLayer, _ x: Tensor, mask: Tensor? = nil, _ masks: RecurrentDropoutMasks) -> Tensor {
        let (batch, steps) = (x.shape[0], x.shape[1])
        let packed = layer.cell.sequence(x, goBackwards: layer.goBackwards, mask: mask, dropoutMasks: masks)
        return layer.returnSequences ? packed.slice(axis: 1, 0..<steps)
                                     : packed.slice(axis: 1, (steps - 1)..<steps).reshaped([batch, layer.units])
    }

    private func ones(_ layer: RecurrentLayer, batch: Int, features: Int) -> RecurrentDropoutMasks {
        let gates = layer.cell.weights[0].shape[1] / layer.units
        return RecurrentDropoutMasks(input: (0..<gates).map { _ in .ones([batch, features]) },
                                     recurrent: (0..<gates).map { _ in .ones([batch, layer.units]) })
    }

    func testTrainingOutputsEqualKerasWithKerasMasks() throws {
        let names = try KerasLayerOutputFixture.names(withPrefix: "recurrent_dropout_")
        XCTAssertEqual(names.count, 6)
        for name in names {
            let fixture = try KerasLayerOutputFixture(name)
            // At inference the layer is Keras's without dropout.
            let layer = try XCTUnwrap(try fixture.assertLayerMatchesKeras() as? RecurrentLayer, name)
            let json = try KerasFixtures.load("outputs", name + ".json")
            let masks = try XCTUnwrap(json["dropout_masks"], name)
            func tensors(_ key: String) throws -> [Tensor] {
                try XCTUnwrap(masks[key]?.arrayValue, name).map { try KerasFixtures.tensor($0, in: name) }
            }
            let found = output(layer, fixture.input, RecurrentDropoutMasks(input: try tensors("input"), recurrent: try tensors("recurrent")))
            KerasFixtures.assertMatchesKeras(found, try KerasFixtures.tensor(json["training_output"], in: name), name)
        }
    }

    func testUnrolledStepsEqualTheFusedKernels() {
        let x = random([3, 5, 4], 1)
        let padding = Tensor([[1, 1, 1, 1, 1], [0, 0, 1, 1, 1], [1, 1, 1, 0, 0]])
        let layers: [RecurrentLayer] = [SimpleRNN(3, returnSequences: true), LSTM(3, returnSequences: true),
                                        LSTM(2, goBackwards: true), GRU(3, returnSequences: true),
                                        GRU(2, returnSequences: true, goBackwards: true, resetAfter: false)]
        for layer in layers {
            _ = layer(x)
            for mask in [nil, padding] {
                // Masks of ones send the steps through the unrolled path; no masks through the fused kernels.
                let unrolled = layer.cell.sequence(x, goBackwards: layer.goBackwards, mask: mask,
                                                   dropoutMasks: ones(layer, batch: 3, features: 4))
                let fused = layer.cell.sequence(x, goBackwards: layer.goBackwards, mask: mask,
                                                dropoutMasks: RecurrentDropoutMasks(input: [], recurrent: []))
                assertTensorsClose(unrolled, fused, accuracy: 2e-6, "\(layer.name) mask \(mask != nil)")
            }
        }
    }

    func testGradientsThroughFixedMasks() {
        let x = Variable(random([2, 4, 3], 2), name: "x")
        let padding = Tensor([[1, 1, 1, 1], [0, 1, 1, 1]])
        let layers: [RecurrentLayer] = [SimpleRNN(3, dropout: 0.3, recurrentDropout: 0.4, seed: 1),
                                        LSTM(2, dropout: 0.5, seed: 2, returnSequences: true),
                                        LSTM(2, dropout: 0.3, recurrentDropout: 0.3, seed: 3, goBackwards: true),
                                        GRU(2, dropout: 0.3, recurrentDropout: 0.4, seed: 4, returnSequences: true),
                                        GRU(2, recurrentDropout: 0.5, seed: 5, resetAfter: false)]
        for layer in layers {
            _ = layer(x.value)
            let masks = layer.cell.drawDropoutMasks(batch: 2, features: 3)
            let probe = Tensor.randomUniform(output(layer, x.value, masks).shape, min: 0.5, max: 1.5, seed: 9)
            for mask in [nil, padding] {
                GradientCheck.assertGradientsMatch(of: { self.output(layer, x.value, mask: mask, masks) * probe },
                                                   wrt: layer.trainableWeights + [x], "\(layer.name) mask \(mask != nil)")
            }
        }
    }

    func testInferenceIsTheLayerWithoutDropoutBitForBit() {
        let x = random([4, 6, 3], 3)
        let pairs: [(RecurrentLayer, RecurrentLayer)] = [
            (SimpleRNN(3, dropout: 0.5, recurrentDropout: 0.5, returnSequences: true), SimpleRNN(3, returnSequences: true)),
            (LSTM(3, dropout: 0.5, recurrentDropout: 0.2, seed: 1), LSTM(3)),
            (GRU(3, dropout: 0.5, recurrentDropout: 0.2, returnSequences: true), GRU(3, returnSequences: true)),
        ]
        for (dropped, plain) in pairs {
            _ = dropped(x)
            _ = plain(x)
            for (a, b) in zip(plain.weights, dropped.weights) { a.value = b.value }
            XCTAssertEqual(dropped(x, training: false).scalars, plain(x, training: false).scalars, dropped.name)
            XCTAssertNotEqual(dropped(x, training: true).scalars, plain(x, training: true).scalars, dropped.name)
        }
    }

    func testMasksAreFixedAcrossStepsWithKerasRateAndScale() {
        let units = 64, rate: Float = 0.3, scale = 1 / (1 - rate)
        let identity = Tensor(shape: [units, units], scalars: (0..<(units * units)).map { $0 % (units + 1) == 0 ? 1 : 0 })
        // Input dropout: h_t = x_t ⊙ m with x all ones, so every step shows the same mask.
        let input = SimpleRNN(units, activation: .linear, useBias: false, dropout: rate, seed: 5, returnSequences: true)
        let x = Tensor.ones([8, 5, units])
        _ = input(x)
        input.weights[0].value = identity
        input.weights[1].value = .zeros([units, units])
        let dropped = input(x, training: true)
        let first = dropped.slice(axis: 1, 0..<1)
        for t in 1..<5 { XCTAssertEqual(dropped.slice(axis: 1, t..<(t + 1)).scalars, first.scalars, "step \(t)") }
        XCTAssertTrue(first.scalars.allSatisfy { $0 == 0 || $0 == scale }, "0 or 1 / (1 − rate)")
        XCTAssertEqual(Float(first.scalars.filter { $0 == 0 }.count) / Float(first.scalarCount), rate, accuracy: 0.06)
        XCTAssertNotEqual(input(x, training: true).scalars, dropped.scalars, "new masks on each call")

        // Recurrent dropout: h_t = 1 + h_{t−1} ⊙ m, so a dropped unit stays 1 and a kept one grows.
        let recurrent = SimpleRNN(units, activation: .linear, useBias: false, recurrentDropout: rate, seed: 6, returnSequences: true)
        _ = recurrent(x)
        recurrent.weights[0].value = identity
        recurrent.weights[1].value = identity
        let states = recurrent(x, training: true)
        let last = states.slice(axis: 1, 2..<3).scalars   // 1 + m + m²
        XCTAssertTrue(last.allSatisfy { abs($0 - 1) < 1e-6 || abs($0 - (1 + scale + scale * scale)) < 1e-4 }, "\(last.prefix(4))")
        XCTAssertEqual(Float(last.filter { abs($0 - 1) < 1e-6 }.count) / Float(last.count), rate, accuracy: 0.06)
    }

    func testKerasMaskCountsPerGate() {
        for (layer, counts) in [(LSTM(2, dropout: 0.2) as RecurrentLayer, (1, 0)), (LSTM(2, dropout: 0.2, recurrentDropout: 0.1), (4, 4)),
                                (LSTM(2, recurrentDropout: 0.1), (0, 4)), (GRU(2, dropout: 0.2, recurrentDropout: 0.1), (3, 3)),
                                (GRU(2, dropout: 0.2), (1, 0)), (SimpleRNN(2, dropout: 0.2, recurrentDropout: 0.1), (1, 1))] {
            _ = layer(Tensor.zeros([3, 2, 5]))
            let masks = layer.cell.drawDropoutMasks(batch: 3, features: 5)
            XCTAssertEqual(masks.input.count, counts.0, layer.name)
            XCTAssertEqual(masks.recurrent.count, counts.1, layer.name)
            XCTAssertTrue(masks.input.allSatisfy { $0.shape == [3, 5] } && masks.recurrent.allSatisfy { $0.shape == [3, 2] })
        }
    }

    func testSeededLayersRepeatTheirMasks() {
        let x = random([3, 4, 2], 4)
        let a = GRU(3, dropout: 0.4, recurrentDropout: 0.4, seed: 21), b = GRU(3, dropout: 0.4, recurrentDropout: 0.4, seed: 21)
        _ = a(x)
        _ = b(x)
        for (p, q) in zip(a.weights, b.weights) { q.value = p.value }
        XCTAssertEqual(a(x, training: true).scalars, b(x, training: true).scalars)
    }

    func testConfigurationAndBadRates() throws {
        let layer = LSTM(3, dropout: 0.2, recurrentDropout: 0.1, seed: 7)
        let config = layer.getConfig()
        XCTAssertEqual(config["dropout"], .double(0.2))
        XCTAssertEqual(config["recurrent_dropout"], .double(0.1))
        XCTAssertEqual(config["seed"], .int(7))
        let back = try XCTUnwrap(try LSTM.fromConfig(config) as? LSTM)
        XCTAssertEqual(back.settings, layer.settings)
        XCTAssertNil(SimpleRNN(2, dropout: 0.5, seed: 3).getConfig()["seed"], "Keras's SimpleRNN does not write its seed")
        for bad in [LSTM(2, dropout: 1) as Layer, GRU(2, recurrentDropout: -0.1)] {
            XCTAssertThrowsError(try bad.buildIfNeeded([[3, 2]])) { error in
                XCTAssertTrue("\(error)".contains("must be a float in [0, 1). Received:"), "\(error)")
            }
        }
    }
}
