import ArgumentParser
import DL

extension DLCommand {
    /// `dl convert IN OUT`: a saved model in another Keras format.
    struct Convert: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Convert a saved model between Keras formats (.h5, .keras), or extract its weights (.weights.h5).",
            discussion: "IN is a whole model (.keras or legacy .h5). OUT ending in .keras or .h5 gets the whole model, "
                + "architecture and weights (and the optimizer when IN has one); OUT ending in .weights.h5 gets the weights "
                + "alone, in Keras 3's layout.")

        @Argument(help: "The model file to read: .keras or .h5.")
        var input: String

        @Argument(help: "The file to write: .keras, .h5 or .weights.h5.")
        var output: String

        func validate() throws {
            guard [".keras", ".h5"].contains(where: output.hasSuffix) else {
                throw ValidationError("OUT must end in .keras, .h5 or .weights.h5. Received: \(output)")
            }
        }

        func run() throws {
            let model = try Model.load(from: input)
            if output.hasSuffix(".weights.h5") { try model.saveWeights(to: output) } else { try model.save(to: output) }
            print("\(input) -> \(output): \(model.name), \(model.countParams()) parameters")
        }
    }
}
