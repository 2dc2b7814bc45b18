#if canImport(Glibc)
import Glibc
#endif

/// Writes one CSV row per epoch (Keras `CSVLogger`): a header `epoch,<sorted log keys>` and then
/// the 0-based epoch and each value as Python prints a float (`0.5234000086784363`).
///
/// As Keras does, the columns are fixed by the first epoch's keys; when those hold no `val_`
/// key, `val_`-prefixed columns are added (filled with `NA` when absent), and with `append` the
/// header is written only when the file is empty. Callback hooks cannot throw: an error opening
/// or writing the file is kept in `error` and printed to stderr once.
public final class CSVLogger: Callback {
    /// The file written.
    public let path: String
    /// The column separator.
    public let separator: String
    /// Whether to append to an existing file instead of replacing it.
    public let append: Bool
    /// The first error met opening or writing the file, if any.
    public private(set) var error: DLError?

    private var file: UnsafeMutablePointer<FILE>?
    private var keys: [String]?
    private var writeHeader = true

    /// A logger writing to `path`.
    public init(_ path: String, separator: String = ",", append: Bool = false) {
        self.path = path
        self.separator = separator
        self.append = append
    }

    /// Throws `DLError.fileAccess` when the file cannot be opened for writing (Keras raises when
    /// it opens the file at the start of training); it is created if absent, left as it is
    /// otherwise.
    override public func validateArguments() throws {
        guard let opened = fopen(path, "a") else {
            throw DLError.fileAccess(path: path, reason: "CSVLogger cannot open it for writing: \(String(cString: strerror(errno)))")
        }
        fclose(opened)
    }

    /// Opens the file (truncating it unless appending).
    override public func onTrainBegin(logs: [String: Float]) {
        keys = nil
        writeHeader = true
        if append, let existing = fopen(path, "r") {
            writeHeader = fgetc(existing) == EOF
            fclose(existing)
        }
        guard let opened = fopen(path, append ? "a" : "w") else {
            record(.fileAccess(path: path, reason: "CSVLogger cannot open it for writing: \(String(cString: strerror(errno)))"))
            return
        }
        file = opened
    }

    /// Writes the epoch's row (and the header before the first one).
    override public func onEpochEnd(_ epoch: Int, logs: [String: Float]) {
        guard let file else { return }
        let columns: [String]
        if let keys {
            columns = keys
        } else {
            var sorted = logs.keys.sorted()
            if !sorted.isEmpty && !sorted.contains(where: { $0.hasPrefix("val_") }) {
                sorted += sorted.map { "val_" + $0 }
            }
            keys = sorted
            columns = sorted
        }
        var text = ""
        if writeHeader {
            text += (["epoch"] + columns).joined(separator: separator) + "\n"
            writeHeader = false
        }
        let values = columns.map { key in logs[key].map { CSVLogger.format($0) } ?? "NA" }
        text += (["\(epoch)"] + values).joined(separator: separator) + "\n"
        if fputs(text, file) < 0 || fflush(file) != 0 {
            record(.fileAccess(path: path, reason: "CSVLogger cannot write to it: \(String(cString: strerror(errno)))"))
        }
    }

    /// Closes the file.
    override public func onTrainEnd(logs: [String: Float]) {
        if let file { fclose(file) }
        file = nil
    }

    deinit {
        if let file { fclose(file) }
    }

    /// A float as Python's `repr(float(value))` writes it (shortest round-trip of the double).
    static func format(_ value: Float) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value > 0 ? "inf" : "-inf" }
        return "\(Double(value))"
    }

    private func record(_ failure: DLError) {
        guard error == nil else { return }
        error = failure
        fputs("\(failure)\n", stderr)
    }
}
