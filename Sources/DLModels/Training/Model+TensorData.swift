// The tensor versions of `fit`, `evaluate` and `predict`: each checks its own arguments
// (batch size, validation split), wraps the tensors in a `Dataset` and hands on to the data set
// version, which validates the data and runs.

extension Model {
    /// Trains the model (Keras `fit`) on one input tensor. See `fit(x: [Tensor], y: [Tensor], ...)`.
    @discardableResult
    public func fit(x: Tensor, y: Tensor, batchSize: Int = 32, epochs: Int = 1, verbose: Int = 1,
                    callbacks: [Callback] = [], validationSplit: Float = 0,
                    validationData: (x: Tensor, y: Tensor)? = nil, shuffle: Bool = true,
                    initialEpoch: Int = 0) throws -> History {
        try fit(x: [x], y: [y], batchSize: batchSize, epochs: epochs, verbose: verbose, callbacks: callbacks,
                validationSplit: validationSplit, validationData: validationData.map { ([$0.x], [$0.y]) },
                shuffle: shuffle, initialEpoch: initialEpoch)
    }

    /// Trains a model with several inputs (Keras `fit`). See `fit(x: [Tensor], y: [Tensor], ...)`.
    @discardableResult
    public func fit(x: [Tensor], y: Tensor, batchSize: Int = 32, epochs: Int = 1, verbose: Int = 1,
                    callbacks: [Callback] = [], validationSplit: Float = 0,
                    validationData: (x: [Tensor], y: Tensor)? = nil, shuffle: Bool = true,
                    initialEpoch: Int = 0) throws -> History {
        try fit(x: x, y: [y], batchSize: batchSize, epochs: epochs, verbose: verbose, callbacks: callbacks,
                validationSplit: validationSplit, validationData: validationData.map { ($0.x, [$0.y]) },
                shuffle: shuffle, initialEpoch: initialEpoch)
    }

    /// Trains the model (Keras `fit`) for `epochs - initialEpoch` epochs of mini-batches.
    ///
    /// - Parameters:
    ///   - x: one tensor per model input, `[samples, ...]`.
    ///   - y: one tensor of labels per model output, `[samples, ...]`, as the loss expects them.
    ///   - batchSize: samples per gradient step.
    ///   - epochs: the epoch to stop after (1-based: trains epochs `initialEpoch + 1 ... epochs`).
    ///   - verbose: 0 silent, 1 a progress bar, 2 one line per epoch.
    ///   - callbacks: called at the start and end of training, of each epoch and of each batch.
    ///   - validationSplit: the fraction of samples taken from the END of `x`/`y` (before
    ///     shuffling, as Keras does) to validate on after each epoch; ignored with `validationData`.
    ///   - shuffle: reshuffle the training samples before each epoch.
    ///   - validationData: inputs and targets evaluated after each epoch, logged with the `"val_"` prefix.
    ///   - initialEpoch: the epoch to start from (0-based), to resume a run.
    /// - Returns: the `History` of the epoch logs (`"loss"`, metrics, `"val_..."`).
    /// - Throws: `DLError` when an argument is out of range, the model is not compiled or the
    ///   data does not fit it.
    @discardableResult
    public func fit(x: [Tensor], y: [Tensor], batchSize: Int = 32, epochs: Int = 1, verbose: Int = 1,
                    callbacks: [Callback] = [], validationSplit: Float = 0,
                    validationData: (x: [Tensor], y: [Tensor])? = nil, shuffle: Bool = true,
                    initialEpoch: Int = 0) throws -> History {
        let context = "model '\(name)'.fit"
        try checkBatchSize(batchSize, call: "fit")
        guard validationSplit >= 0 && validationSplit < 1 else {
            throw DLError.invalidArgument(context: context, message: "validationSplit must be in [0, 1). Received: validationSplit=\(validationSplit)")
        }
        var training = try Dataset(x: x, y: y, context: context)
        var validation: Dataset? = nil
        if let validationData {
            validation = try Dataset(x: validationData.x, y: validationData.y, context: context + " (validationData)")
        } else if validationSplit > 0 {
            let count = training.count
            guard let splitAt = ValidationSplit.trainingCount(samples: count, fraction: validationSplit) else {
                throw DLError.invalidArgument(context: context,
                                              message: "validationSplit=\(validationSplit) of \(count) samples leaves no training or no validation samples")
            }
            training = try Dataset(x: x.map { $0[0..<splitAt] }, y: y.map { $0[0..<splitAt] }, context: context)
            validation = try Dataset(x: x.map { $0[splitAt..<count] }, y: y.map { $0[splitAt..<count] }, context: context)
        }
        return try fit(training.batched(batchSize).shuffled(shuffle), epochs: epochs, verbose: verbose, callbacks: callbacks,
                       validationData: validation?.batched(batchSize), initialEpoch: initialEpoch)
    }

    /// Trains a model whose own `trainStep` needs no targets (Keras `fit(x)`, as for a VAE
    /// compiled with `compile(optimizer:)`): each step gets `y` empty. See `fit(x: [Tensor], y: [Tensor], ...)`.
    @discardableResult
    public func fit(x: Tensor, batchSize: Int = 32, epochs: Int = 1, verbose: Int = 1, callbacks: [Callback] = [],
                    validationSplit: Float = 0, validationData: Tensor? = nil, shuffle: Bool = true,
                    initialEpoch: Int = 0) throws -> History {
        try fit(x: [x], batchSize: batchSize, epochs: epochs, verbose: verbose, callbacks: callbacks,
                validationSplit: validationSplit, validationData: validationData.map { [$0] }, shuffle: shuffle,
                initialEpoch: initialEpoch)
    }

    /// Trains a model with several inputs whose own `trainStep` needs no targets.
    /// - Throws: `DLError` when an argument is out of range, the model is not compiled or the
    ///   data does not fit it (a model compiled with a loss needs `y`).
    @discardableResult
    public func fit(x: [Tensor], batchSize: Int = 32, epochs: Int = 1, verbose: Int = 1, callbacks: [Callback] = [],
                    validationSplit: Float = 0, validationData: [Tensor]? = nil, shuffle: Bool = true,
                    initialEpoch: Int = 0) throws -> History {
        let context = "model '\(name)'.fit"
        try checkBatchSize(batchSize, call: "fit")
        guard validationSplit >= 0 && validationSplit < 1 else {
            throw DLError.invalidArgument(context: context, message: "validationSplit must be in [0, 1). Received: validationSplit=\(validationSplit)")
        }
        var training = try Dataset(x: x, context: context)
        var validation = try validationData.map { try Dataset(x: $0, context: context + " (validationData)") }
        if validationData == nil && validationSplit > 0 {
            let count = training.count
            guard let splitAt = ValidationSplit.trainingCount(samples: count, fraction: validationSplit) else {
                throw DLError.invalidArgument(context: context,
                                              message: "validationSplit=\(validationSplit) of \(count) samples leaves no training or no validation samples")
            }
            training = try Dataset(x: x.map { $0[0..<splitAt] }, context: context)
            validation = try Dataset(x: x.map { $0[splitAt..<count] }, context: context)
        }
        return try fit(training.batched(batchSize).shuffled(shuffle), epochs: epochs, verbose: verbose, callbacks: callbacks,
                       validationData: validation?.batched(batchSize), initialEpoch: initialEpoch)
    }

    /// The logs of a model whose own `testStep` needs no targets (Keras `evaluate(x)`).
    /// - Throws: `DLError` when the model is not compiled or the data does not fit it.
    public func evaluate(x: [Tensor], batchSize: Int = 32, verbose: Int = 0) throws -> [String: Float] {
        try checkBatchSize(batchSize, call: "evaluate")
        return try evaluate(Dataset(x: x, context: "model '\(name)'.evaluate").batched(batchSize), verbose: verbose)
    }

    /// The loss and metrics on `x`, `y` (Keras `evaluate`), in batches, without training.
    /// - Returns: `["loss": …, "accuracy": …, ...]`.
    /// - Throws: `DLError` when the model is not compiled or the data does not fit it.
    public func evaluate(x: Tensor, y: Tensor, batchSize: Int = 32, verbose: Int = 0) throws -> [String: Float] {
        try evaluate(x: [x], y: [y], batchSize: batchSize, verbose: verbose)
    }

    /// The loss and metrics for a model with several inputs.
    public func evaluate(x: [Tensor], y: Tensor, batchSize: Int = 32, verbose: Int = 0) throws -> [String: Float] {
        try evaluate(x: x, y: [y], batchSize: batchSize, verbose: verbose)
    }

    /// The loss and metrics for a model with several inputs, one target tensor per output.
    public func evaluate(x: [Tensor], y: [Tensor], batchSize: Int = 32, verbose: Int = 0) throws -> [String: Float] {
        try checkBatchSize(batchSize, call: "evaluate")
        return try evaluate(Dataset(x: x, y: y, context: "model '\(name)'.evaluate").batched(batchSize), verbose: verbose)
    }

    /// Predictions for `x` (Keras `predict`), computed in batches in inference mode.
    /// - Throws: `DLError` when `x` does not fit the model's input.
    public func predict(_ x: Tensor, batchSize: Int = 32) throws -> Tensor {
        try predict([x], batchSize: batchSize)
    }

    /// Predictions for a model with several inputs (the first output).
    public func predict(_ x: [Tensor], batchSize: Int = 32) throws -> Tensor {
        try checkBatchSize(batchSize, call: "predict")
        return try predict(Dataset(x: x, context: "model '\(name)'.predict").batched(batchSize))
    }

    /// Predictions of every output (Keras `predict` on a model with several outputs), one tensor
    /// per output, `[samples] + outputShape`, in the outputs' order.
    /// - Throws: `DLError` when `x` does not fit the model's inputs.
    public func predictOutputs(_ x: [Tensor], batchSize: Int = 32) throws -> [Tensor] {
        try checkBatchSize(batchSize, call: "predictOutputs")
        return try predictOutputs(Dataset(x: x, context: "model '\(name)'.predictOutputs").batched(batchSize))
    }

    /// Runs one training step on one batch (Keras `train_on_batch`, metrics reset first) and
    /// returns its logs.
    /// - Throws: `DLError` when the model is not compiled or the data does not fit it.
    public func trainOnBatch(x: Tensor, y: Tensor) throws -> [String: Float] {
        try trainOnBatch(x: [x], y: [y])
    }

    /// Runs one training step on one batch of a model with several inputs and outputs.
    /// - Throws: `DLError` when the model is not compiled or the data does not fit it.
    public func trainOnBatch(x: [Tensor], y: [Tensor]) throws -> [String: Float] {
        let batch = try Dataset(x: x, y: y, context: "model '\(name)'.trainOnBatch")
        _ = try requirePlan("trainOnBatch")
        let first = try prepare(for: batch.batched(Swift.max(batch.count, 1)), training: true, call: "trainOnBatch")
        let plan = try requirePlan("trainOnBatch")
        try validate(first, step: 0, plan: plan, call: "trainOnBatch")
        resetMetrics()
        return try trainStep(x: first.x, y: first.y)
    }

    /// Throws unless `batchSize` is positive.
    private func checkBatchSize(_ batchSize: Int, call: String) throws {
        guard batchSize > 0 else {
            throw DLError.invalidArgument(context: "model '\(name)'.\(call)", message: "batchSize must be positive. Received: batchSize=\(batchSize)")
        }
    }
}
