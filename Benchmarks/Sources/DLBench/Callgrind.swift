import DL

/// The deterministic probe of `Benchmarks/callgrind.py` (`make callgrind`): one training step and
/// one single-image prediction of a workload, each run once to warm up and then once inside a
/// marker function that `valgrind --tool=callgrind --collect-atstart=no
/// --toggle-collect='*callgrindTrainStepMarker*'` (and the predict marker) counts alone. Instruction
/// counts do not drift with the shared machine's load, so a change's effect shows in them.
enum CallgrindProbe {
    /// Builds the workload's model, loads one batch of 128 training samples and the first test
    /// sample, and runs the warm-up and the marked step and prediction.
    /// - Throws: `DLError` when the data set is missing or the step fails.
    static func run(_ workload: Workload, batchSize: Int) throws {
        Random.seed(DLBench.seed)
        let model = workload.makeModel()
        workload.compile(model)
        let data = try BenchData.load(for: workload, trainSamples: batchSize, testSamples: 100,
                                      batchSize: batchSize, testBatchSize: 1)
        guard let batch = try data.train.makeFirstBatch() else {
            throw DLError.invalidArgument(context: "DLBench --callgrind", message: "no training batch. Received: 0 samples")
        }
        // Warm-up: builds the optimizer's slots, the plans and the buffer pools as fit's first step does.
        _ = try model.trainOnBatch(x: batch.x, y: batch.y)
        try callgrindTrainStepMarker(model, batch.x, batch.y)
        callgrindDumpPoint()
        let inputs = data.firstTestInputs
        _ = inputs.count == 1 ? model(inputs[0], training: false) : model(inputs, training: false)
        callgrindPredictMarker(model, inputs)
        callgrindDumpPoint()
    }
}

/// One training step, the only code counted by `--toggle-collect='*callgrindTrainStepMarker*'`
/// (no closure inside: a closure's symbol contains this name and would toggle collection off).
@inline(never)
func callgrindTrainStepMarker(_ model: Model, _ x: [Tensor], _ y: [Tensor]) throws {
    callgrindSink &+= try model.trainStep(x: x, y: y).count
}

/// One prediction of one image (or one pair) as users call the model, `model(x, training: false)`,
/// after a warm-up call outside it; counted by `--toggle-collect='*callgrindPredictMarker*'`.
@inline(never)
func callgrindPredictMarker(_ model: Model, _ inputs: [Tensor]) {
    let output = inputs.count == 1 ? model(inputs[0], training: false) : model(inputs, training: false)
    callgrindSink &+= output.shape.count
}

/// Called after each marker: `--dump-before='*callgrindDumpPoint*'` writes the marked call's
/// counts to their own part, 1 for the training step and 2 for the prediction (callgrind keeps
/// one option per function, so the markers cannot carry both the toggle and the dump).
@inline(never)
func callgrindDumpPoint() {
    callgrindSink &+= 1
}

/// Where the markers store a figure of their result after the call, so that the call is not a
/// tail jump (callgrind would take the jump for the marker's return and stop counting there).
nonisolated(unsafe) var callgrindSink = 0
