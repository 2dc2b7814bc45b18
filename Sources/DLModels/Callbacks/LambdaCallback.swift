/// A callback made of closures (Keras `LambdaCallback`); each one is optional.
public final class LambdaCallback: Callback {
    /// Hooks taking an index (epoch or batch) and the logs.
    public typealias IndexHook = (_ index: Int, _ logs: [String: Float]) -> Void
    /// Hooks taking the logs.
    public typealias LogsHook = (_ logs: [String: Float]) -> Void

    private let epochBegin: IndexHook?, epochEnd: IndexHook?
    private let batchBegin: IndexHook?, batchEnd: IndexHook?
    private let trainBegin: LogsHook?, trainEnd: LogsHook?

    /// A callback running the given closures at the matching hooks.
    public init(onEpochBegin: IndexHook? = nil, onEpochEnd: IndexHook? = nil,
                onBatchBegin: IndexHook? = nil, onBatchEnd: IndexHook? = nil,
                onTrainBegin: LogsHook? = nil, onTrainEnd: LogsHook? = nil) {
        epochBegin = onEpochBegin
        epochEnd = onEpochEnd
        batchBegin = onBatchBegin
        batchEnd = onBatchEnd
        trainBegin = onTrainBegin
        trainEnd = onTrainEnd
    }

    /// Runs `onTrainBegin`.
    override public func onTrainBegin(logs: [String: Float]) { trainBegin?(logs) }
    /// Runs `onTrainEnd`.
    override public func onTrainEnd(logs: [String: Float]) { trainEnd?(logs) }
    /// Runs `onEpochBegin`.
    override public func onEpochBegin(_ epoch: Int, logs: [String: Float]) { epochBegin?(epoch, logs) }
    /// Runs `onEpochEnd`.
    override public func onEpochEnd(_ epoch: Int, logs: [String: Float]) { epochEnd?(epoch, logs) }
    /// Runs `onBatchBegin`.
    override public func onBatchBegin(_ batch: Int, logs: [String: Float]) { batchBegin?(batch, logs) }
    /// Runs `onBatchEnd`.
    override public func onBatchEnd(_ batch: Int, logs: [String: Float]) { batchEnd?(batch, logs) }
}
