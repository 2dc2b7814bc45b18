import ArgumentParser
import DL
import Foundation

extension DLCommand {
    /// `dl train`: trains a zoo model on a data set with the progress bar, then reports test loss and accuracy.
    struct Train: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Train a model from the zoo on a data set and report its test loss and accuracy.")

        @Argument(help: "The model to train: \(ZooModel.allCases.map(\.rawValue).joined(separator: ", ")).")
        var model: ZooModel

        @Option(help: "The data set: \(DatasetName.allCases.map(\.rawValue).joined(separator: ", ")).")
        var dataset: DatasetName = .fashionMNIST

        @Option(help: "A folder holding the data set's IDX files (default: the standard search path).")
        var dataDir: String?

        // `parsing: .unconditional`: a value that starts with a dash (`--seed -1`, `--epochs -3`)
        // is taken as the option's value, not as another option.
        @Option(parsing: .unconditional, help: "Number of passes over the training data.")
        var epochs: Int = 3

        @Option(parsing: .unconditional, help: "Samples per gradient step.")
        var batchSize: Int = 128

        @Option(parsing: .unconditional, help: "Adam's learning rate.")
        var learningRate: Float = 0.001

        @Option(parsing: .unconditional,
                help: "Fraction of the training data (taken from its end) used for validation after each epoch.")
        var validationSplit: Float = 0

        @Option(parsing: .unconditional,
                help: "Seed of the random generator (weights, shuffling); the same seed gives the same run. A negative seed stands for its 64-bit pattern (-1 = 2^64 - 1).",
                transform: parseSeed)
        var seed: UInt64 = 42

        @Option(parsing: .unconditional, help: "0 = silent, 1 = progress bar, 2 = one line per epoch.")
        var verbose: Int = 1

        @Option(help: "Save the trained model: .keras (Keras 3's archive) or .h5 (Keras's legacy file), or its weights alone (.weights.h5).")
        var save: String?

        @Option(help: "Write the training curves (loss and accuracy per epoch, with the validation ones under --validation-split) to this .svg file.")
        var plot: String?

        /// Rejects settings that cannot train, naming the option and the value received.
        func validate() throws {
            guard epochs >= 1 else { throw ValidationError("--epochs must be a positive integer. Received: \(epochs)") }
            guard batchSize >= 1 else {
                throw ValidationError("--batch-size must be a positive integer. Received: \(batchSize)")
            }
            guard learningRate.isFinite, learningRate > 0 else {
                throw ValidationError("--learning-rate must be a positive number. Received: \(learningRate)")
            }
            guard validationSplit.isFinite, validationSplit >= 0, validationSplit < 1 else {
                throw ValidationError("--validation-split must be in [0, 1). Received: \(validationSplit)")
            }
            guard (0...2).contains(verbose) else {
                throw ValidationError("--verbose must be 0, 1 or 2. Received: \(verbose)")
            }
            if let save, !save.hasSuffix(".keras"), !save.hasSuffix(".h5") {
                throw ValidationError("--save must end in .keras, .h5 or .weights.h5. Received: \(save)")
            }
            if let plot, !plot.hasSuffix(".svg") {
                throw ValidationError("--plot must end in .svg. Received: \(plot)")
            }
        }

        func run() throws {
            // Under `mpirun -np N dl train ...`: N ranks train one model, data-parallel; rank 0 prints and writes.
            try Distributed.initialize()
            let chief = Distributed.isChief
            Random.seed(seed)
            let data = try dataset.load(from: dataDir)
            let network = model.make(classes: 10)
            network.compile(optimizer: Adam(learningRate: learningRate), loss: .sparseCategoricalCrossentropy,
                            metrics: [.accuracy])
            if verbose > 0 && chief { network.summary() }
            let start = Date(), allReduceStart = Distributed.allReduceSeconds
            var train = data.train
            var validation: Dataset? = nil
            if validationSplit > 0 {
                let count = train.y.shape[0]
                guard let splitAt = ValidationSplit.trainingCount(samples: count, fraction: validationSplit) else {
                    throw ValidationError("--validation-split must leave training and validation samples. Received: \(validationSplit)")
                }
                validation = try imageDataset((train.x[splitAt..<count], train.y[splitAt..<count]), batchSize: batchSize, shuffled: false)
                train = (train.x[0..<splitAt], train.y[0..<splitAt])
            }
            let history = try network.fit(try imageDataset(train, batchSize: batchSize, shuffled: true), epochs: epochs,
                                          verbose: verbose, validationData: validation)
            let seconds = Date().timeIntervalSince(start)
            let allReduce = Distributed.allReduceSeconds - allReduceStart
            let results = try network.evaluate(try imageDataset(data.test, batchSize: 256, shuffled: false))
            guard chief else { return }
            if Distributed.size > 1 {
                let images = Double(train.y.shape[0] * epochs) / seconds
                print(String(format: "Data-parallel on %d ranks: %.0f training images/s, %.0f%% of the time in all-reduce (rank 0)",
                             Distributed.size, images, 100 * allReduce / seconds))
            }
            print(String(format: "Training time: %.1f s (%.2f s/epoch)", seconds, seconds / Double(max(epochs, 1))))
            print(String(format: "Test loss: %.4f", results["loss"] ?? .nan))
            print(String(format: "Test accuracy: %.4f", results["accuracy"] ?? .nan))
            if let save {   // save and saveWeights write on rank 0 only
                if save.hasSuffix(".weights.h5") { try network.saveWeights(to: save) } else { try network.save(to: save) }
                print("Saved to \(save)")
            }
            if let plot {
                try history.plot().write(to: plot)
                print("Training curves written to \(plot)")
            }
        }
    }
}
