#if canImport(Glibc)
import Glibc
#endif
import DLCore

/// Which of Keras's whole-model formats a file holds, found from its first bytes (never its name):
/// a zip archive (`.keras`) or an HDF5 file (legacy `.h5`).
enum SavedModelFormat {
    /// A Keras 3 `.keras` zip archive.
    case kerasArchive
    /// A legacy full-model HDF5 file.
    case hdf5

    /// The format of the file at `path`.
    /// - Throws: `DLError.fileAccess` for a file that cannot be read; `DLError.invalidFile` for an empty
    ///   file or one that is neither a zip archive nor an HDF5 file.
    static func detect(_ path: String) throws -> SavedModelFormat {
        guard let file = fopen(path, "rb") else {
            throw DLError.fileAccess(path: path, reason: "the model file cannot be opened: \(String(cString: strerror(errno)))")
        }
        defer { fclose(file) }
        var head = [UInt8](repeating: 0, count: 8)
        let count = fread(&head, 1, head.count, file)
        if count == 0 {
            throw DLError.invalidFile(path: path, reason: "the file is empty; a saved model is a .keras archive or an "
                + "HDF5 .h5 file")
        }
        if count >= 4, head[0] == 0x50, head[1] == 0x4B, [0x03, 0x05].contains(head[2]) { return .kerasArchive }
        if count == 8, head == [0x89, 0x48, 0x44, 0x46, 0x0D, 0x0A, 0x1A, 0x0A] { return .hdf5 }
        throw DLError.invalidFile(path: path, reason: "not a saved model: a model file is a .keras zip archive or an "
            + "HDF5 .h5 file, and this one starts with neither signature. Received: first bytes "
            + head.prefix(count).map { String($0, radix: 16) }.joined(separator: " "))
    }
}
