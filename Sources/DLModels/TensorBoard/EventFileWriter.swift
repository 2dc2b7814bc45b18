import DLCore
import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Writes one TensorBoard event file (TensorFlow's `EventsWriter`): the folder is created if needed,
/// the file is named as TensorFlow names it,
/// `events.out.tfevents.<seconds, 10 digits>.<hostname>.<pid>.<n>.v2` (`n` counts the files this
/// process opened), and starts with the event `file_version: "brain.Event:2"`.
///
/// Each event is a TFRecord (`TFRecord.frame`). Writes are buffered: `flush()` hands them to the
/// system, `close()` ends the file.
package final class EventFileWriter {
    /// The file's version, which TensorBoard checks in the first event.
    package static let fileVersion = "brain.Event:2"
    /// `source_metadata.writer` of the first event.
    package static let writerName = "swiftdl"
    /// Files opened by this process so far (TensorFlow's global writer id).
    private static let openedFiles = Atomic<Int>(0)

    /// The file's path.
    package let path: String
    private var file: UnsafeMutablePointer<FILE>?

    /// Creates `folder` (and its parents) and opens a new event file in it.
    /// - Throws: `DLError.fileAccess` naming the folder or file when either cannot be created.
    package init(folder: String, wallTime: Double = Date().timeIntervalSince1970) throws {
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw DLError.fileAccess(path: folder, reason: "TensorBoard cannot create the log folder: \(EventFileWriter.reason(error))")
        }
        let seconds = Int64(wallTime.rounded(.down))
        let number = EventFileWriter.openedFiles.add(1, ordering: .relaxed).oldValue
        let name = "events.out.tfevents." + String(format: "%010lld", seconds)
            + ".\(EventFileWriter.hostname()).\(getpid()).\(number).v2"
        path = (folder as NSString).appendingPathComponent(name)
        guard let opened = fopen(path, "wb") else {
            throw DLError.fileAccess(path: path, reason: "TensorBoard cannot open the event file for writing: \(String(cString: strerror(errno)))")
        }
        file = opened
        // TensorFlow stamps the first event with whole seconds.
        try write(TensorBoardEvent(wallTime: Double(seconds), content: .fileVersion(EventFileWriter.fileVersion, writer: EventFileWriter.writerName)))
    }

    /// Appends `event` as one record.
    /// - Throws: `DLError.fileAccess` when the file is closed or the write fails.
    package func write(_ event: TensorBoardEvent) throws {
        guard let file else {
            throw DLError.fileAccess(path: path, reason: "TensorBoard cannot write an event: the file is closed")
        }
        let record = TFRecord.frame(event.encoded())
        let written = record.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
        guard written == record.count else {
            throw DLError.fileAccess(path: path, reason: "TensorBoard cannot write an event: \(String(cString: strerror(errno)))")
        }
    }

    /// Hands buffered events to the system.
    /// - Throws: `DLError.fileAccess` when flushing fails.
    package func flush() throws {
        guard let file else { return }
        guard fflush(file) == 0 else {
            throw DLError.fileAccess(path: path, reason: "TensorBoard cannot flush the event file: \(String(cString: strerror(errno)))")
        }
    }

    /// Flushes and closes the file; later writes throw.
    /// - Throws: `DLError.fileAccess` when the last flush fails.
    package func close() throws {
        guard let file else { return }
        self.file = nil
        guard fclose(file) == 0 else {
            throw DLError.fileAccess(path: path, reason: "TensorBoard cannot close the event file: \(String(cString: strerror(errno)))")
        }
    }

    deinit {
        if let file { fclose(file) }
    }

    /// The machine's host name, as TensorFlow puts it in file names ("localhost" if unknown).
    private static func hostname() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "localhost" }
        return String(cString: buffer)
    }

    private static func reason(_ error: Error) -> String {
        (error as NSError).localizedFailureReason ?? (error as NSError).localizedDescription
    }
}
