/// Stops training as soon as a batch's loss is NaN or infinite (Keras `TerminateOnNaN`).
public final class TerminateOnNaN: Callback {
    /// The batch at which training was stopped, if it was.
    public private(set) var terminatedAtBatch: Int?

    /// A NaN guard.
    override public init() {}

    /// Checks the batch's `"loss"`.
    override public func onBatchEnd(_ batch: Int, logs: [String: Float]) {
        guard let loss = logs["loss"], !loss.isFinite else { return }
        print("Batch \(batch): Invalid loss, terminating training")
        terminatedAtBatch = batch
        model?.stopTraining = true
    }
}
