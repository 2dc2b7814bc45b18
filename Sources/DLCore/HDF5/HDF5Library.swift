import CHDF5
#if canImport(Glibc)
import Glibc
#endif

/// libhdf5, loaded with `dlopen` on first use and called through one table of typed C function
/// pointers. No module links libhdf5 (it brings ~35 shared libraries that every process would
/// load and relocate at start-up): only programs that read or write an HDF5 file load it.
///
/// libhdf5 (serial) is not thread-safe: use HDF5 files from one thread at a time.
package final class HDF5Library: @unchecked Sendable {
    /// The file names tried in order: Debian's libhdf5-103-1 (HDF5 1.10), then the development links.
    package static let candidates = ["libhdf5_serial.so.103", "libhdf5_serial.so", "libhdf5.so"]

    /// The library, loaded once by the first caller; the load error is kept and thrown to every caller.
    private static let loaded: Result<HDF5Library, DLError> = Result { try HDF5Library(candidates: candidates) }
        .mapError { $0 as? DLError ?? .invalidArgument(context: "HDF5", message: "\($0)") }

    /// The loaded library.
    /// - Throws: `DLError.fileAccess` naming `file` when libhdf5 cannot be loaded (install libhdf5-dev).
    package static func shared(for file: String) throws -> HDF5Library {
        switch loaded {
        case .success(let library): return library
        case .failure(let error):
            guard case let .fileAccess(_, reason) = error else { throw error }
            throw DLError.fileAccess(path: file, reason: reason)
        }
    }

    // MARK: - Functions (signatures of HDF5 1.10's C API)

    typealias Status = @convention(c) (hid_t) -> herr_t
    typealias Void2Status = @convention(c) () -> herr_t

    let H5open: Void2Status
    let H5Eset_auto2: @convention(c) (hid_t, UnsafeMutableRawPointer?, UnsafeMutableRawPointer?) -> herr_t
    let H5Ewalk2: @convention(c) (hid_t, H5E_direction_t, H5E_walk2_t?, UnsafeMutableRawPointer?) -> herr_t
    let H5free_memory: @convention(c) (UnsafeMutableRawPointer?) -> herr_t
    let H5Iget_type: @convention(c) (hid_t) -> H5I_type_t

    let H5Fis_hdf5: @convention(c) (UnsafePointer<CChar>) -> htri_t
    let H5Fopen: @convention(c) (UnsafePointer<CChar>, UInt32, hid_t) -> hid_t
    let H5Fcreate: @convention(c) (UnsafePointer<CChar>, UInt32, hid_t, hid_t) -> hid_t
    let H5Fflush: @convention(c) (hid_t, H5F_scope_t) -> herr_t
    let H5Fclose: Status

    let H5Gcreate2: @convention(c) (hid_t, UnsafePointer<CChar>, hid_t, hid_t, hid_t) -> hid_t
    let H5Gopen2: @convention(c) (hid_t, UnsafePointer<CChar>, hid_t) -> hid_t
    let H5Gget_info: @convention(c) (hid_t, UnsafeMutablePointer<H5G_info_t>) -> herr_t
    let H5Gclose: Status
    let H5Lexists: @convention(c) (hid_t, UnsafePointer<CChar>, hid_t) -> htri_t
    let H5Lget_name_by_idx: @convention(c) (hid_t, UnsafePointer<CChar>, H5_index_t, H5_iter_order_t, hsize_t,
                                            UnsafeMutablePointer<CChar>?, Int, hid_t) -> Int
    let H5Ldelete: @convention(c) (hid_t, UnsafePointer<CChar>, hid_t) -> herr_t
    let H5Oopen: @convention(c) (hid_t, UnsafePointer<CChar>, hid_t) -> hid_t
    let H5Oclose: Status

    let H5Dcreate2: @convention(c) (hid_t, UnsafePointer<CChar>, hid_t, hid_t, hid_t, hid_t, hid_t) -> hid_t
    let H5Dopen2: @convention(c) (hid_t, UnsafePointer<CChar>, hid_t) -> hid_t
    let H5Dread: @convention(c) (hid_t, hid_t, hid_t, hid_t, hid_t, UnsafeMutableRawPointer?) -> herr_t
    let H5Dwrite: @convention(c) (hid_t, hid_t, hid_t, hid_t, hid_t, UnsafeRawPointer?) -> herr_t
    let H5Dget_space: Status2ID
    let H5Dget_type: Status2ID
    let H5Dget_storage_size: @convention(c) (hid_t) -> hsize_t
    let H5Dclose: Status

    let H5Acreate2: @convention(c) (hid_t, UnsafePointer<CChar>, hid_t, hid_t, hid_t, hid_t) -> hid_t
    let H5Aopen: @convention(c) (hid_t, UnsafePointer<CChar>, hid_t) -> hid_t
    let H5Aexists: @convention(c) (hid_t, UnsafePointer<CChar>) -> htri_t
    let H5Adelete: @convention(c) (hid_t, UnsafePointer<CChar>) -> herr_t
    let H5Aread: @convention(c) (hid_t, hid_t, UnsafeMutableRawPointer?) -> herr_t
    let H5Awrite: @convention(c) (hid_t, hid_t, UnsafeRawPointer?) -> herr_t
    let H5Aget_space: Status2ID
    let H5Aget_type: Status2ID
    let H5Aclose: Status

    typealias Status2ID = @convention(c) (hid_t) -> hid_t
    let H5Screate: @convention(c) (H5S_class_t) -> hid_t
    let H5Screate_simple: @convention(c) (Int32, UnsafePointer<hsize_t>?, UnsafePointer<hsize_t>?) -> hid_t
    let H5Sget_simple_extent_type: @convention(c) (hid_t) -> H5S_class_t
    let H5Sget_simple_extent_ndims: @convention(c) (hid_t) -> Int32
    let H5Sget_simple_extent_dims: @convention(c) (hid_t, UnsafeMutablePointer<hsize_t>?,
                                                   UnsafeMutablePointer<hsize_t>?) -> Int32
    let H5Sclose: Status

    let H5Tcopy: Status2ID
    let H5Tget_class: @convention(c) (hid_t) -> H5T_class_t
    let H5Tget_size: @convention(c) (hid_t) -> Int
    let H5Tget_cset: @convention(c) (hid_t) -> H5T_cset_t
    let H5Tget_strpad: @convention(c) (hid_t) -> H5T_str_t
    let H5Tis_variable_str: @convention(c) (hid_t) -> htri_t
    let H5Tset_size: @convention(c) (hid_t, Int) -> herr_t
    let H5Tset_cset: @convention(c) (hid_t, H5T_cset_t) -> herr_t
    let H5Tset_strpad: @convention(c) (hid_t, H5T_str_t) -> herr_t
    let H5Tclose: Status

    // MARK: - Predefined types (library globals, read after H5open)

    /// Memory types.
    let nativeFloat: hid_t, nativeDouble: hid_t, nativeInt64: hid_t, cString: hid_t
    /// File types, as h5py writes numpy's little-endian float32, float64 and int64.
    let fileFloat32: hid_t, fileFloat64: hid_t, fileInt64: hid_t

    /// Loads the first of `candidates` that `dlopen` finds and looks up every function.
    /// - Throws: `DLError.fileAccess` saying to install libhdf5-dev when none loads or a symbol is missing.
    package init(candidates: [String]) throws {
        var handle: UnsafeMutableRawPointer?
        var failures: [String] = []
        for name in candidates {
            handle = dlopen(name, RTLD_NOW | RTLD_LOCAL)
            if handle != nil { break }
            failures.append(dlerror().map { String(cString: $0) } ?? name)
        }
        guard let handle else {
            throw DLError.fileAccess(path: "", reason: "libhdf5 could not be loaded; install libhdf5-dev (Debian/Ubuntu: "
                                     + "apt-get install libhdf5-dev). Received: \(failures.joined(separator: "; "))")
        }
        let symbols = HDF5Symbols(handle: handle)
        H5open = try symbols.function("H5open")
        H5Eset_auto2 = try symbols.function("H5Eset_auto2")
        H5Ewalk2 = try symbols.function("H5Ewalk2")
        H5free_memory = try symbols.function("H5free_memory")
        H5Iget_type = try symbols.function("H5Iget_type")
        H5Fis_hdf5 = try symbols.function("H5Fis_hdf5")
        H5Fopen = try symbols.function("H5Fopen")
        H5Fcreate = try symbols.function("H5Fcreate")
        H5Fflush = try symbols.function("H5Fflush")
        H5Fclose = try symbols.function("H5Fclose")
        H5Gcreate2 = try symbols.function("H5Gcreate2")
        H5Gopen2 = try symbols.function("H5Gopen2")
        H5Gget_info = try symbols.function("H5Gget_info")
        H5Gclose = try symbols.function("H5Gclose")
        H5Lexists = try symbols.function("H5Lexists")
        H5Lget_name_by_idx = try symbols.function("H5Lget_name_by_idx")
        H5Ldelete = try symbols.function("H5Ldelete")
        H5Oopen = try symbols.function("H5Oopen")
        H5Oclose = try symbols.function("H5Oclose")
        H5Dcreate2 = try symbols.function("H5Dcreate2")
        H5Dopen2 = try symbols.function("H5Dopen2")
        H5Dread = try symbols.function("H5Dread")
        H5Dwrite = try symbols.function("H5Dwrite")
        H5Dget_space = try symbols.function("H5Dget_space")
        H5Dget_type = try symbols.function("H5Dget_type")
        H5Dget_storage_size = try symbols.function("H5Dget_storage_size")
        H5Dclose = try symbols.function("H5Dclose")
        H5Acreate2 = try symbols.function("H5Acreate2")
        H5Aopen = try symbols.function("H5Aopen")
        H5Aexists = try symbols.function("H5Aexists")
        H5Adelete = try symbols.function("H5Adelete")
        H5Aread = try symbols.function("H5Aread")
        H5Awrite = try symbols.function("H5Awrite")
        H5Aget_space = try symbols.function("H5Aget_space")
        H5Aget_type = try symbols.function("H5Aget_type")
        H5Aclose = try symbols.function("H5Aclose")
        H5Screate = try symbols.function("H5Screate")
        H5Screate_simple = try symbols.function("H5Screate_simple")
        H5Sget_simple_extent_type = try symbols.function("H5Sget_simple_extent_type")
        H5Sget_simple_extent_ndims = try symbols.function("H5Sget_simple_extent_ndims")
        H5Sget_simple_extent_dims = try symbols.function("H5Sget_simple_extent_dims")
        H5Sclose = try symbols.function("H5Sclose")
        H5Tcopy = try symbols.function("H5Tcopy")
        H5Tget_class = try symbols.function("H5Tget_class")
        H5Tget_size = try symbols.function("H5Tget_size")
        H5Tget_cset = try symbols.function("H5Tget_cset")
        H5Tget_strpad = try symbols.function("H5Tget_strpad")
        H5Tis_variable_str = try symbols.function("H5Tis_variable_str")
        H5Tset_size = try symbols.function("H5Tset_size")
        H5Tset_cset = try symbols.function("H5Tset_cset")
        H5Tset_strpad = try symbols.function("H5Tset_strpad")
        H5Tclose = try symbols.function("H5Tclose")

        // The predefined type ids are set by H5open; HDF5's own error printing is turned off for good.
        guard H5open() >= 0, H5Eset_auto2(dl_H5E_DEFAULT(), nil, nil) >= 0 else {
            throw DLError.fileAccess(path: "", reason: "libhdf5 failed to initialize (H5open or H5Eset_auto2 returned an error)")
        }
        nativeFloat = try symbols.global("H5T_NATIVE_FLOAT_g")
        nativeDouble = try symbols.global("H5T_NATIVE_DOUBLE_g")
        nativeInt64 = try symbols.global("H5T_NATIVE_INT64_g")
        cString = try symbols.global("H5T_C_S1_g")
        fileFloat32 = try symbols.global("H5T_IEEE_F32LE_g")
        fileFloat64 = try symbols.global("H5T_IEEE_F64LE_g")
        fileInt64 = try symbols.global("H5T_STD_I64LE_g")
    }
}

/// Looks up libhdf5's symbols in a `dlopen` handle.
private struct HDF5Symbols {
    let handle: UnsafeMutableRawPointer

    /// The function `symbol`, as the C function pointer type `T`.
    func function<T>(_ symbol: String) throws -> T {
        unsafeBitCast(try address(symbol), to: T.self)
    }

    /// The value of the `hid_t` global `symbol`.
    func global(_ symbol: String) throws -> hid_t {
        try address(symbol).load(as: hid_t.self)
    }

    private func address(_ symbol: String) throws -> UnsafeMutableRawPointer {
        guard let pointer = dlsym(handle, symbol) else {
            throw DLError.fileAccess(path: "", reason: "the loaded libhdf5 has no symbol '\(symbol)'; install libhdf5-dev "
                                     + "(HDF5 1.10 or later). Received: \(dlerror().map { String(cString: $0) } ?? symbol)")
        }
        return pointer
    }
}
