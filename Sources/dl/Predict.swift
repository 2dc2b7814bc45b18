import ArgumentParser
import DL
import Foundation

extension DLCommand {
    /// `dl predict FILE --images IDX`: a saved model's top classes for each image of an IDX file.
    struct Predict: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a saved model's most likely classes for each image of an IDX file.")

        @Argument(help: "The model file: .keras or .h5 (a whole model, as model.save writes it).")
        var file: String

        @Option(help: "An IDX file of images ([N, H, W] or [N, H, W, C]; raw or .gz), such as t10k-images-idx3-ubyte.gz.")
        var images: String

        @Option(parsing: .unconditional, help: "How many classes to print per image, most likely first.")
        var top: Int = 3

        @Option(parsing: .unconditional, help: "The factor applied to the pixels before prediction (default 1/255).")
        var scale: Float = 1 / 255

        @Option(parsing: .unconditional, help: "Print at most this many images (default: all).")
        var limit: Int?

        func validate() throws {
            guard top >= 1 else { throw ValidationError("--top must be a positive integer. Received: \(top)") }
            guard scale.isFinite else { throw ValidationError("--scale must be a finite number. Received: \(scale)") }
            if let limit, limit < 1 { throw ValidationError("--limit must be a positive integer. Received: \(limit)") }
        }

        func run() throws {
            let model = try Model.load(from: file)
            var x = try IDX.read(images)
            if let limit, limit < x.shape[0] { x = x[0..<limit] }
            x = try Self.shaped(x, for: model, file: file, images: images) * scale
            let probabilities = try model.predict(x, batchSize: 256)
            let classes = probabilities.shape.last ?? 1
            let rows = probabilities.scalars
            for image in 0..<x.shape[0] {
                let row = Array(rows[(image * classes)..<((image + 1) * classes)])
                let best = row.indices.sorted { row[$0] > row[$1] || (row[$0] == row[$1] && $0 < $1) }.prefix(top)
                let text = best.map { String(format: "%d (%.4f)", $0, row[$0]) }.joined(separator: ", ")
                print("\(image): \(text)")
            }
        }

        /// The images in the model's input shape: [N, H, W] gains a channel axis when the model wants one.
        static func shaped(_ x: Tensor, for model: Model, file: String, images: String) throws -> Tensor {
            guard model.inputs.count == 1, let expected = model.inputs.first?.shape else {
                throw DLError.invalidArgument(context: "dl predict", message: "the model in '\(file)' takes "
                    + "\(model.inputs.count) inputs; dl predict feeds one image each. Received: \(model.inputs.count) inputs")
            }
            let sample = Array(x.shape.dropFirst())
            if sample == expected { return x }
            if sample.reduce(1, *) == expected.reduce(1, *) { return x.reshaped([x.shape[0]] + expected) }
            throw DLError.shapeMismatch(context: "dl predict: the images of '\(images)' do not fit the model in '\(file)'",
                                        expected: "\([nil as Int?] + expected.map { $0 })", received: x.shape)
        }
    }
}
