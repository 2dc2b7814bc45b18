import ArgumentParser
import DL
import Foundation

extension DLCommand {
    /// `dl summary`: prints the Keras-style summary of a zoo model or of a saved model file.
    struct Summary: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print a model's layers, output shapes and parameter counts.")

        @Argument(help: "A zoo model (\(ZooModel.allCases.map(\.rawValue).joined(separator: ", "))) or a saved model file (.keras, .h5).")
        var model: String

        func run() throws {
            if let zoo = ZooModel(rawValue: model) {
                zoo.make(classes: 10).summary()
                return
            }
            guard FileManager.default.fileExists(atPath: model) else {
                throw ValidationError("no zoo model and no file named '\(model)'. Zoo models: "
                    + ZooModel.allCases.map(\.rawValue).joined(separator: ", "))
            }
            try Model.load(from: model).summary()
        }
    }
}
