/// Records every epoch's logs (Keras `History`); `fit` returns it.
public final class History: Callback {
    /// Each log key's values, one per epoch: `history["loss"]`, `history["val_accuracy"]`, ...
    public private(set) var history: [String: [Float]] = [:]
    /// The epoch indices recorded (0-based), in order.
    public private(set) var epoch: [Int] = []

    /// An empty history.
    override public init() {}

    /// Starts a new list of epochs (values recorded by earlier `fit` calls are kept, as in Keras).
    override public func onTrainBegin(logs: [String: Float]) {
        epoch = []
    }

    /// Appends the epoch's logs.
    override public func onEpochEnd(_ epoch: Int, logs: [String: Float]) {
        self.epoch.append(epoch)
        for (key, value) in logs { history[key, default: []].append(value) }
    }
}
