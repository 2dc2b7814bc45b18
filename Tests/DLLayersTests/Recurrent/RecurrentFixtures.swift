import DL
import DLTestSupport
import XCTest

/// Checks shared by the recurrent layers' tests.
enum RecurrentFixtures {
    /// Every `outputs/recurrent_<prefix>*.json` case: the layer rebuilt from Keras's entry with
    /// Keras's weights gives Keras's output, and its final states (`callOutputs`) when the case has them.
    static func assertMatchKeras(prefix: String, atLeast count: Int, file: StaticString = #filePath, line: UInt = #line) throws {
        let names = try KerasLayerOutputFixture.names(withPrefix: "recurrent_" + prefix)
        XCTAssertGreaterThanOrEqual(names.count, count, "fixtures for \(prefix)", file: file, line: line)
        for name in names {
            let fixture = try KerasLayerOutputFixture(name)
            let layer = try fixture.assertLayerMatchesKeras(file: file, line: line)
            let json = try KerasFixtures.load("outputs", name + ".json")
            guard let states = json["states"]?.arrayValue else { continue }
            let outputs = layer.callOutputs([fixture.input], training: false)
            XCTAssertEqual(outputs.count, states.count + 1, "\(name): outputs", file: file, line: line)
            for (index, (actual, expected)) in zip(outputs.dropFirst(), states).enumerated() {
                KerasFixtures.assertMatchesKeras(actual, try KerasFixtures.tensor(expected, in: name), "\(name) state \(index)",
                                                 file: file, line: line)
            }
        }
    }

    /// The tape's gradients of every output of `layer` (weighted, summed) match central
    /// differences for the input and every weight: the states' backward paths included.
    static func assertAllOutputGradients(_ layer: Layer, input: Tensor, file: StaticString = #filePath, line: UInt = #line) {
        let x = Variable(input, name: "input")
        _ = layer(input)
        let probes = layer.callOutputs([input], training: false).enumerated().map {
            Tensor.randomUniform($0.element.shape, min: 0.5, max: 1.5, seed: UInt64(40 + $0.offset))
        }
        GradientCheck.assertGradientsMatch(of: {
            let outputs = layer.callOutputs([x.value], training: false)
            return zip(outputs, probes).map { ($0 * $1).sum() }.reduce(Tensor(0), +)
        }, wrt: layer.trainableWeights + [x], layer.errorContext, file: file, line: line)
    }
}
