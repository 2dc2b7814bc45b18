import CHDF5

/// An open HDF5 object (a group or a dataset) of one file: its handle, closed when the object is
/// released, and where it is (file and HDF5 path) for error messages. Attributes are in
/// `HDF5Object+Attributes.swift`.
package class HDF5Object {
    let library: HDF5Library
    /// The file this object belongs to (kept open while the object lives).
    let file: HDF5FileHandle
    /// The HDF5 handle.
    let id: hid_t
    /// The object's path inside the file (`/`, `/layers/dense/vars`).
    package let path: String
    private let close: HDF5Library.Status

    init(file: HDF5FileHandle, id: hid_t, path: String, close: HDF5Library.Status) {
        self.library = file.library
        self.file = file
        self.id = id
        self.path = path
        self.close = close
    }

    deinit { _ = close(id) }

    /// The file's path on disk.
    package var filePath: String { file.path }

    /// The path of the child `name` (`/a` + `b` → `/a/b`).
    package func childPath(_ name: String) -> String {
        path.hasSuffix("/") ? path + name : path + "/" + name
    }

    /// A `DLError.hdf5` naming this file and `objectPath`: `what` failed, with libhdf5's own reason.
    func failure(_ what: String, at objectPath: String? = nil) -> DLError {
        let reason = library.lastErrorDescription()
        return .hdf5(file: filePath, path: objectPath ?? path, reason: reason.isEmpty ? what : "\(what) (\(reason))")
    }

    /// Throws `failure(what, at:)` when `status` is negative (HDF5's error convention).
    @discardableResult
    func check<T: BinaryInteger>(_ status: T, _ what: String, at objectPath: String? = nil) throws -> T {
        if status < 0 { throw failure(what, at: objectPath) }
        return status
    }

    /// A `DLError.hdf5` at `objectPath` for content that is not what the caller expects (no HDF5 call failed).
    package func contentError(_ reason: String, at objectPath: String? = nil) -> DLError {
        .hdf5(file: filePath, path: objectPath ?? path, reason: reason)
    }

    /// The shape of the dataspace `space` (`[]` for a scalar, `[0]`-style dims for empty ones).
    func dimensions(ofSpace space: hid_t, at objectPath: String) throws -> [Int] {
        if library.H5Sget_simple_extent_type(space) == H5S_SCALAR { return [] }
        if library.H5Sget_simple_extent_type(space) == H5S_NULL { return [0] }
        let rank = Int(try check(library.H5Sget_simple_extent_ndims(space), "reading the rank", at: objectPath))
        var dims = [hsize_t](repeating: 0, count: rank)
        try check(library.H5Sget_simple_extent_dims(space, &dims, nil), "reading the dimensions", at: objectPath)
        // A damaged file can declare dimensions whose element count does not fit in an Int.
        var elements = 1
        for dimension in dims {
            let product = elements.multipliedReportingOverflow(by: Int(clamping: dimension))
            guard dimension <= hsize_t(Int.max), !product.overflow else {
                throw contentError("the dimensions hold more elements than memory can. Received: dimensions \(dims)",
                                   at: objectPath)
            }
            elements = product.partialValue
        }
        return dims.map { Int($0) }
    }

    /// A new dataspace of `shape` (scalar for `[]`); the caller closes it.
    func makeSpace(_ shape: [Int], at objectPath: String) throws -> hid_t {
        if shape.isEmpty { return try check(library.H5Screate(H5S_SCALAR), "creating a scalar dataspace", at: objectPath) }
        guard shape.allSatisfy({ $0 >= 0 }) else {
            throw contentError("a dataspace cannot have a negative dimension. Received: shape \(shape)", at: objectPath)
        }
        let dims = shape.map { hsize_t($0) }
        return try check(library.H5Screate_simple(Int32(dims.count), dims, nil), "creating a dataspace of shape \(shape)",
                         at: objectPath)
    }
}

extension HDF5Library {
    /// libhdf5's description of the last error on the default error stack: the outermost and the
    /// innermost messages ("unable to open file: file signature not found"), or "" when there is none.
    func lastErrorDescription() -> String {
        var messages: [String] = []
        let walk: H5E_walk2_t = { _, error, data in
            guard let error, let data, let description = error.pointee.desc else { return 0 }
            data.assumingMemoryBound(to: [String].self).pointee.append(String(cString: description))
            return 0
        }
        _ = withUnsafeMutablePointer(to: &messages) { H5Ewalk2(dl_H5E_DEFAULT(), H5E_WALK_DOWNWARD, walk, $0) }
        guard let first = messages.first, let last = messages.last else { return "" }
        return first == last ? first : "\(first): \(last)"
    }
}
