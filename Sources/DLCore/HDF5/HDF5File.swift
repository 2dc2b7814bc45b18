import CHDF5
#if canImport(Glibc)
import Glibc
#endif

/// An HDF5 file on disk, opened read-only, read-write, or created (truncating an existing file).
/// Reach its content through `root`; handles close when the last object using them is released,
/// or use `HDF5File.withFile(_:mode:_:)` to scope them.
///
/// libhdf5 is loaded on first use (`HDF5Library`); every failure is a `DLError` naming the file and
/// the HDF5 path, and HDF5's own error printing is off.
package final class HDF5File {
    /// How a file is opened.
    package enum Mode {
        /// An existing file, read-only.
        case readOnly
        /// An existing file, for reading and writing.
        case readWrite
        /// A new file (an existing one is truncated).
        case create
    }

    /// The root group `/`.
    package let root: HDF5Group
    private let handle: HDF5FileHandle

    /// Opens or creates the file at `path`.
    /// - Throws: `DLError.fileAccess` when libhdf5 cannot be loaded or the file does not exist;
    ///   `DLError.invalidFile` when an existing file is not HDF5 (empty, text, truncated before its
    ///   superblock); `DLError.hdf5` when libhdf5 fails otherwise.
    package init(_ path: String, mode: Mode) throws {
        let library = try HDF5Library.shared(for: path)
        let id: hid_t
        switch mode {
        case .create:
            id = library.H5Fcreate(path, dl_H5F_ACC_TRUNC(), dl_H5P_DEFAULT(), dl_H5P_DEFAULT())
        case .readOnly, .readWrite:
            try Self.checkReadable(path, library: library)
            id = library.H5Fopen(path, mode == .readOnly ? dl_H5F_ACC_RDONLY() : dl_H5F_ACC_RDWR(), dl_H5P_DEFAULT())
        }
        guard id >= 0 else {
            let reason = library.lastErrorDescription()
            throw DLError.hdf5(file: path, path: "/", reason: "cannot \(mode == .create ? "create" : "open") the file"
                               + (reason.isEmpty ? "" : " (\(reason))"))
        }
        handle = HDF5FileHandle(library: library, id: id, path: path)
        let rootID = library.H5Gopen2(id, "/", dl_H5P_DEFAULT())
        guard rootID >= 0 else {
            throw DLError.hdf5(file: path, path: "/", reason: "cannot open the root group (\(library.lastErrorDescription()))")
        }
        root = HDF5Group(file: handle, id: rootID, path: "/")
    }

    /// Opens the file at `path`, runs `body` on its root group, then flushes (when writable) and
    /// closes it, checking every status; the file is closed on every path out.
    @discardableResult
    package static func withFile<R>(_ path: String, mode: Mode, _ body: (HDF5Group) throws -> R) throws -> R {
        let file = try HDF5File(path, mode: mode)
        let result = try body(file.root)
        if mode != .readOnly { try file.flush() }
        return result
    }

    /// Writes everything buffered to disk.
    /// - Throws: `DLError.hdf5` naming the file when libhdf5 cannot write (a full disk).
    package func flush() throws {
        try root.check(handle.library.H5Fflush(handle.id, H5F_SCOPE_GLOBAL), "flushing the file to disk")
    }

    /// Whether the file at `path` exists and starts with an HDF5 signature.
    private static func checkReadable(_ path: String, library: HDF5Library) throws {
        var status = stat()
        guard stat(path, &status) == 0 else {
            throw DLError.fileAccess(path: path, reason: "no such file")
        }
        guard status.st_size > 0 else {
            throw DLError.invalidFile(path: path, reason: "the file is empty, not an HDF5 file. Received: 0 bytes")
        }
        guard library.H5Fis_hdf5(path) > 0 else {
            throw DLError.invalidFile(path: path, reason: "not an HDF5 file (no HDF5 signature found). Received: "
                                      + "\(status.st_size) bytes")
        }
        try HDF5GlobalHeapCheck.check(path)
    }
}

/// The file handle shared by every object of one open file; closes it when the last is released.
final class HDF5FileHandle {
    let library: HDF5Library
    let id: hid_t
    let path: String

    init(library: HDF5Library, id: hid_t, path: String) {
        self.library = library
        self.id = id
        self.path = path
    }

    deinit { _ = library.H5Fclose(id) }
}
