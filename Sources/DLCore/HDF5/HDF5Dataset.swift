import CHDF5

/// An HDF5 dataset: an n-dimensional array of numbers or strings (Keras stores weights as float32
/// datasets, counters as int64 scalars). Read it whole; numbers convert to the type asked for.
package final class HDF5Dataset: HDF5Object {
    /// What a dataset's elements are.
    package enum ElementClass { case float, integer, string, other }

    /// The dataset's shape (`[]` for a scalar).
    package private(set) var shape: [Int] = []
    /// Whether the elements are floats, integers, strings or something else.
    package private(set) var elementClass = ElementClass.other

    init(file: HDF5FileHandle, id: hid_t, path: String) throws {
        let library = file.library
        let space = library.H5Dget_space(id)
        let type = library.H5Dget_type(id)
        defer {
            if space >= 0 { _ = library.H5Sclose(space) }
            if type >= 0 { _ = library.H5Tclose(type) }
        }
        // The handle is owned (and closed) by `super` from here on, even when reading the shape fails.
        super.init(file: file, id: id, path: path, close: library.H5Dclose)
        try check(space, "reading the dataspace")
        try check(type, "reading the element type")
        shape = try dimensions(ofSpace: space, at: path)
        switch library.H5Tget_class(type) {
        case H5T_FLOAT: elementClass = .float
        case H5T_INTEGER: elementClass = .integer
        case H5T_STRING: elementClass = .string
        default: elementClass = .other
        }
    }

    /// The number of elements.
    package var count: Int { shape.reduce(1, *) }

    /// The numbers as a float32 tensor of the dataset's shape (float64 and integers are converted).
    /// - Throws: `DLError.hdf5` naming the dataset when it holds strings or libhdf5 cannot read it.
    package func readTensor() throws -> Tensor {
        try requireNumbers()
        try requireStoredData(bytesPerElement: MemoryLayout<Float>.size)
        var failed: Int32 = 0
        let tensor = Tensor(shape: shape) { buffer in
            guard let base = buffer.baseAddress, !buffer.isEmpty else { return }
            failed = library.H5Dread(id, library.nativeFloat, dl_H5S_ALL(), dl_H5S_ALL(), dl_H5P_DEFAULT(), base)
        }
        try check(failed, "reading the data as float32")
        return tensor
    }

    /// The numbers as int64 (floats are converted), in row-major order.
    /// - Throws: `DLError.hdf5` naming the dataset when it holds strings or libhdf5 cannot read it.
    package func readInt64s() throws -> [Int64] {
        try requireNumbers()
        try requireStoredData(bytesPerElement: MemoryLayout<Int64>.size)
        var values = [Int64](repeating: 0, count: count)
        if !values.isEmpty {
            try check(library.H5Dread(id, library.nativeInt64, dl_H5S_ALL(), dl_H5S_ALL(), dl_H5P_DEFAULT(), &values),
                      "reading the data as int64")
        }
        return values
    }

    /// The strings (fixed- or variable-length), in row-major order.
    /// - Throws: `DLError.hdf5` naming the dataset when it does not hold strings or cannot be read.
    package func readStrings() throws -> [String] {
        guard elementClass == .string else { throw contentError("expected strings, found \(elementClass) elements") }
        try requireStoredData(bytesPerElement: MemoryLayout<UnsafeRawPointer>.size)
        let type = try check(library.H5Dget_type(id), "reading the element type")
        defer { _ = library.H5Tclose(type) }
        return try readStrings(fileType: type, count: count) { memoryType, buffer in
            library.H5Dread(id, memoryType, dl_H5S_ALL(), dl_H5S_ALL(), dl_H5P_DEFAULT(), buffer)
        }
    }

    /// Refuses, before anything is allocated, a dataset whose declared shape the bytes stored in the file cannot
    /// fill: a damaged or hostile file may declare gigabytes in a few bytes. Keras writes its datasets
    /// uncompressed (stored size = declared size); deflate expands at most about 1,032 times; datasets never
    /// written (read as fill values) are allowed up to `unstoredReadLimit`.
    private func requireStoredData(bytesPerElement: Int) throws {
        let declared = count.multipliedReportingOverflow(by: bytesPerElement)
        let stored = Int(clamping: library.H5Dget_storage_size(id))
        let limit = max(Self.unstoredReadLimit, stored > Int.max / 1_100 ? Int.max : stored * 1_100)
        guard !declared.overflow, declared.partialValue <= limit else {
            throw contentError("its shape declares \(count) elements but the file stores only \(stored) bytes "
                               + "of data (a damaged file?). Received: shape \(shape)")
        }
    }

    /// The most bytes read from a dataset whatever the file stores (fill values of a dataset never written).
    static let unstoredReadLimit = 64 << 20

    private func requireNumbers() throws {
        guard elementClass == .float || elementClass == .integer else {
            throw contentError("expected numbers, found \(elementClass) elements of shape \(shape)")
        }
    }
}

extension HDF5Group {
    /// Writes `tensor` as the float32 dataset `name` of its shape (`a/b:0` creates the group `a`);
    /// an existing dataset of that name is replaced.
    /// - Throws: `DLError.hdf5` naming the dataset's path when libhdf5 cannot write it.
    package func writeDataset(_ name: String, tensor: Tensor) throws {
        try writeDataset(name, shape: tensor.shape, fileType: library.fileFloat32) { dataset in
            tensor.withUnsafeBufferPointer { buffer in
                library.H5Dwrite(dataset, library.nativeFloat, dl_H5S_ALL(), dl_H5S_ALL(), dl_H5P_DEFAULT(), buffer.baseAddress)
            }
        }
    }

    /// Writes `values` as the int64 dataset `name` of `shape` (`[]`: a scalar, as Keras's counters).
    /// - Throws: `DLError.hdf5` naming the dataset's path when the count does not fit or libhdf5 fails.
    package func writeDataset(_ name: String, int64s values: [Int64], shape: [Int]) throws {
        guard values.count == shape.reduce(1, *) else {
            throw contentError("\(values.count) values do not fill shape \(shape). Received: \(values.count) values",
                               at: childPath(name))
        }
        try writeDataset(name, shape: shape, fileType: library.fileInt64) { dataset in
            values.withUnsafeBufferPointer { buffer in
                library.H5Dwrite(dataset, library.nativeInt64, dl_H5S_ALL(), dl_H5S_ALL(), dl_H5P_DEFAULT(), buffer.baseAddress)
            }
        }
    }

    /// Writes `values` as the string dataset `name` of shape `[count]` (variable-length UTF-8, or
    /// NUL-padded fixed-length bytes as numpy's `S` arrays).
    /// - Throws: `DLError.hdf5` naming the dataset's path when libhdf5 cannot write it.
    package func writeDataset(_ name: String, strings values: [String], fixedLength: Bool = false) throws {
        try withStringType(for: values, fixedLength: fixedLength, at: childPath(name)) { type, bytes in
            try writeDataset(name, shape: [values.count], fileType: type) { dataset in
                library.H5Dwrite(dataset, type, dl_H5S_ALL(), dl_H5S_ALL(), dl_H5P_DEFAULT(), bytes)
            }
        }
    }

    private func writeDataset(_ name: String, shape: [Int], fileType: hid_t, write: (hid_t) -> herr_t) throws {
        let path = childPath(name)
        let (parent, leaf) = try parentForNewMember(name)
        try parent.removeMember(leaf)
        let space = try makeSpace(shape, at: path)
        defer { _ = library.H5Sclose(space) }
        let dataset = try check(library.H5Dcreate2(parent.id, leaf, fileType, space, dl_H5P_DEFAULT(), dl_H5P_DEFAULT(),
                                                   dl_H5P_DEFAULT()), "creating the dataset", at: path)
        defer { _ = library.H5Dclose(dataset) }
        if shape.reduce(1, *) > 0 { try check(write(dataset), "writing the data", at: path) }
    }
}
