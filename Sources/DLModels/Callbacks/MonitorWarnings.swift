#if canImport(Glibc)
import Glibc
#endif

/// Keras's warning when a monitoring callback (`EarlyStopping`, `ReduceLROnPlateau`) watches a
/// key that the epoch logs do not have: the message names the key and the available keys, and
/// is written to standard error as Python writes a `UserWarning`, once per message and training
/// run (Python shows a warning once per place and text).
struct MonitorWarnings {
    private var shown = Set<String>()

    /// `logs[monitor]`, or nil after warning with `message(availableKeys)`.
    mutating func value(of monitor: String, in logs: [String: Float], message: (String) -> String) -> Float? {
        if let value = logs[monitor] { return value }
        let text = message(Self.availableKeys(logs))
        if shown.insert(text).inserted { fputs("UserWarning: \(text)\n", stderr) }
        return nil
    }

    /// The keys as Keras lists them: sorted (Keras sorts the logs it hands to callbacks), with
    /// `learning_rate`, which the learning-rate callbacks add to the epoch's logs, last.
    static func availableKeys(_ logs: [String: Float]) -> String {
        let added = ["learning_rate"]
        let keys = logs.keys.filter { !added.contains($0) }.sorted() + added.filter { logs[$0] != nil }
        return keys.joined(separator: ",")
    }
}
