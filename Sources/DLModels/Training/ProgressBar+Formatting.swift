import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif

// The text pieces of the progress line, as pure functions (tested exactly).
extension ProgressBar {
    /// The line printed before each epoch's bar: `Epoch 1/5` (epoch is 0-based).
    public static func epochHeader(_ epoch: Int, of epochs: Int) -> String { "Epoch \(epoch + 1)/\(epochs)" }

    /// `current/target` with `current` right-aligned to the width of `target`: ` 12/469`.
    public static func counter(_ current: Int, of target: Int) -> String {
        let digits = String(target).count
        let text = String(current)
        return String(repeating: " ", count: Swift.max(0, digits - text.count)) + text + "/\(target)"
    }

    /// The bar `[=====>........]`: `=` for steps done, `>` at the head while running, `.` for the rest.
    public static func bar(_ current: Int, of target: Int, width: Int = 30) -> String {
        let progress = Double(Swift.min(Swift.max(current, 0), target)) / Double(Swift.max(target, 1))
        let filled = Int(Double(width) * progress)
        var bar = "["
        if filled > 0 {
            bar += String(repeating: "=", count: filled - 1)
            bar += current < target ? ">" : "="
        }
        bar += String(repeating: ".", count: width - filled)
        return bar + "]"
    }

    /// Time per step as Keras prints it: `1s/step` (≥ 1 s or 0), `6ms/step`, `120us/step`.
    public static func formatStepTime(_ seconds: Double, unit: String = "step") -> String {
        if seconds >= 1 || seconds == 0 { return "\(rounded(seconds))s/\(unit)" }
        if seconds >= 1e-3 { return "\(rounded(seconds * 1e3))ms/\(unit)" }
        return "\(rounded(seconds * 1e6))us/\(unit)"
    }

    /// Elapsed time: `3s`, `1m 05s`, `1h 02m 03s`.
    public static func formatDuration(_ seconds: Double) -> String {
        let total = rounded(seconds)
        if total < 60 { return "\(total)s" }
        let (hours, minutes, secs) = (total / 3600, (total % 3600) / 60, total % 60)
        return hours > 0 ? "\(hours)h " + twoDigits(minutes) + "m " + twoDigits(secs) + "s"
                         : "\(minutes)m " + twoDigits(secs) + "s"
    }

    /// Remaining time as Keras prints it: `2s`, `1:05`, `1:01:05`.
    public static func formatETA(_ seconds: Double) -> String {
        let total = Int(Swift.max(seconds, 0))
        if seconds > 3600 { return "\(total / 3600):" + twoDigits((total % 3600) / 60) + ":" + twoDigits(total % 60) }
        if seconds > 60 { return "\(total / 60):" + twoDigits(total % 60) }
        return "\(total)s"
    }

    /// A value with 4 decimals (`0.5234`), or in scientific notation when |v| ≤ 1e-3 (`1.2340e-04`), as Keras.
    public static func formatValue(_ value: Float) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value > 0 ? "inf" : "-inf" }
        return formatted(Double(value), Swift.abs(value) > 1e-3 ? "%.4f" : "%.4e")
    }

    /// `value` through a C `printf` format with one conversion of its type (`%f` for a `Double`, `%lld` for an
    /// `Int64`), by `vsnprintf`.
    public static func formatted(_ value: CVarArg, _ format: String) -> String {
        var buffer = [CChar](repeating: 0, count: 64)
        let length = withVaList([value]) { arguments in
            buffer.withUnsafeMutableBufferPointer { vsnprintf($0.baseAddress, $0.count, format, arguments) }
        }
        if length >= buffer.count {
            buffer = [CChar](repeating: 0, count: Int(length) + 1)
            _ = withVaList([value]) { arguments in
                buffer.withUnsafeMutableBufferPointer { vsnprintf($0.baseAddress, $0.count, format, arguments) }
            }
        }
        return String(cString: buffer)
    }

    /// ` - name: value` for each value, in order.
    static func formatValues(_ values: [(String, Float)]) -> String {
        values.map { " - \($0.0): " + formatValue($0.1) }.joined()
    }

    /// Rounds half to even, as Python's `%.0f`.
    private static func rounded(_ value: Double) -> Int {
        guard value.isFinite else { return 0 }
        return Int(value.rounded(.toNearestOrEven))
    }

    private static func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
