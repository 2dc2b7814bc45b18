/// Whether a monitored quantity should go down or up (Keras's `mode` of `EarlyStopping`,
/// `ReduceLROnPlateau` and `ModelCheckpoint`).
public enum MonitorMode: String {
    /// Decided from the name: up for accuracies (names containing "acc") and for precision,
    /// recall, F1 and AUC; down otherwise (losses, errors).
    case auto
    /// Lower is better.
    case min
    /// Higher is better.
    case max

    /// Whether higher values of `monitor` are better under this mode.
    public func maximizes(_ monitor: String) -> Bool {
        switch self {
        case .min: return false
        case .max: return true
        case .auto:
            let metric = monitor.hasPrefix("val_") ? String(monitor.dropFirst(4)) : monitor
            if metric == "loss" { return false }
            return metric.contains("acc") || ["precision", "recall", "f1_score", "auc"].contains { metric.hasPrefix($0) }
        }
    }
}
