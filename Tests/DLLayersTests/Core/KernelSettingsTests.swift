import DL
import XCTest

/// The settings Dense, Conv1D and Conv2D share, their keys and the layers' forwarding properties.
final class KernelSettingsTests: XCTestCase {
    func testKeysRoundTripAndDefaults() throws {
        let settings = KernelSettings(activation: .tanh, useBias: false, kernelInitializer: .heUniform,
                                      biasInitializer: .constant(0.5), kernelRegularizer: .l2(0.02), biasRegularizer: .l1(0.1))
        let members = settings.configMembers
        XCTAssertEqual(Set(members.keys), ["activation", "use_bias", "kernel_initializer", "bias_initializer",
                                           "kernel_regularizer", "bias_regularizer", "kernel_constraint", "bias_constraint"])
        var reader = try ConfigReader(.object(members), owner: "Dense")
        XCTAssertEqual(try KernelSettings(reading: &reader), settings)
        XCTAssertNoThrow(try reader.finish())
        var empty = try ConfigReader([:], owner: "Dense")
        XCTAssertEqual(try KernelSettings(reading: &empty), KernelSettings())
    }

    func testLayersForwardTheirSettings() {
        let settings = KernelSettings(activation: .relu, useBias: false, kernelRegularizer: .l1(0.01))
        let dense = Dense(3, activation: .relu, useBias: false, kernelRegularizer: .l1(0.01))
        let conv1 = Conv1D(3, kernelSize: 2, activation: .relu, useBias: false, kernelRegularizer: .l1(0.01))
        let conv2 = Conv2D(3, kernelSize: 2, activation: .relu, useBias: false, kernelRegularizer: .l1(0.01))
        XCTAssertEqual([dense.settings, conv1.settings, conv2.settings], [settings, settings, settings])
        XCTAssertEqual(dense.activation, .relu)
        XCTAssertFalse(conv1.useBias)
        XCTAssertEqual(conv2.kernelRegularizer, .l1(0.01))
        XCTAssertEqual(conv2.kernelInitializer, .glorotUniform)
    }
}
