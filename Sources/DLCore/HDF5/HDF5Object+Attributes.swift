import CHDF5

// Attributes of groups and datasets: strings (variable-length UTF-8 or fixed-length bytes), string
// arrays and numbers, read whatever way h5py (and so Keras) wrote them.
extension HDF5Object {
    /// Whether the object has the attribute `name`.
    package func hasAttribute(_ name: String) -> Bool { library.H5Aexists(id, name) > 0 }

    /// The path used in errors about the attribute `name` (`/model_weights@layer_names`).
    package func attributePath(_ name: String) -> String { "\(path)@\(name)" }

    // MARK: - Reading

    /// The string attribute `name` (a scalar, or an array of one string).
    /// - Throws: `DLError.hdf5` naming the attribute when it is missing or is not one string.
    package func stringAttribute(_ name: String) throws -> String {
        let strings = try stringArrayAttribute(name)
        guard strings.count == 1 else {
            throw contentError("expected one string, found \(strings.count)", at: attributePath(name))
        }
        return strings[0]
    }

    /// The string array attribute `name` (fixed- or variable-length); an empty numeric array (h5py
    /// writes an empty Python list as float64 with shape [0]) reads as no strings.
    /// - Throws: `DLError.hdf5` naming the attribute when it is missing or does not hold strings.
    package func stringArrayAttribute(_ name: String) throws -> [String] {
        try withAttribute(name) { attribute, type, count, path in
            guard library.H5Tget_class(type) == H5T_STRING else {
                if count == 0 { return [] }
                throw contentError("expected strings, found another element type", at: path)
            }
            return try readStrings(fileType: type, count: count) { library.H5Aread(attribute, $0, $1) }
        }
    }

    /// The numeric attribute `name`, converted to `Double` (integers and floats; any shape, row-major).
    /// - Throws: `DLError.hdf5` naming the attribute when it is missing or does not hold numbers.
    package func numberAttribute(_ name: String) throws -> [Double] {
        try withAttribute(name) { attribute, type, count, path in
            let elementClass = library.H5Tget_class(type)
            guard elementClass == H5T_FLOAT || elementClass == H5T_INTEGER else {
                throw contentError("expected numbers, found another element type", at: path)
            }
            var values = [Double](repeating: 0, count: count)
            if count > 0 { try check(library.H5Aread(attribute, library.nativeDouble, &values), "reading the numbers", at: path) }
            return values
        }
    }

    private func withAttribute<R>(_ name: String, _ body: (hid_t, hid_t, Int, String) throws -> R) throws -> R {
        let path = attributePath(name)
        guard hasAttribute(name) else { throw contentError("the attribute is missing", at: path) }
        let attribute = try check(library.H5Aopen(id, name, dl_H5P_DEFAULT()), "opening the attribute", at: path)
        defer { _ = library.H5Aclose(attribute) }
        let space = try check(library.H5Aget_space(attribute), "reading the attribute's dataspace", at: path)
        defer { _ = library.H5Sclose(space) }
        let type = try check(library.H5Aget_type(attribute), "reading the attribute's type", at: path)
        defer { _ = library.H5Tclose(type) }
        let count = try dimensions(ofSpace: space, at: path).reduce(1, *)
        return try body(attribute, type, count, path)
    }

    // MARK: - Writing (an existing attribute of the same name is replaced)

    /// Writes `value` as a scalar variable-length UTF-8 string (h5py's `str`).
    package func setAttribute(_ name: String, string value: String) throws {
        try setAttribute(name, strings: [value], shape: [], fixedLength: false)
    }

    /// Writes `values` as a string array: fixed-length NUL-padded bytes (numpy `S`, as Keras 2's
    /// `layer_names` and `weight_names`) or variable-length UTF-8. An empty array is written as h5py
    /// writes an empty list: float64 of shape [0].
    package func setAttribute(_ name: String, strings values: [String], fixedLength: Bool) throws {
        if values.isEmpty {
            try setAttribute(name, numbers: [], shape: [0])
        } else {
            try setAttribute(name, strings: values, shape: [values.count], fixedLength: fixedLength)
        }
    }

    /// Writes `values` as a float64 attribute of `shape` (`[]` for one number).
    package func setAttribute(_ name: String, numbers values: [Double], shape: [Int]) throws {
        let path = attributePath(name)
        guard values.count == shape.reduce(1, *) else {
            throw contentError("\(values.count) numbers do not fill shape \(shape). Received: \(values)", at: path)
        }
        try createAttribute(name, shape: shape, fileType: library.fileFloat64) { attribute in
            values.withUnsafeBytes { library.H5Awrite(attribute, library.nativeDouble, $0.baseAddress) }
        }
    }

    private func setAttribute(_ name: String, strings values: [String], shape: [Int], fixedLength: Bool) throws {
        try withStringType(for: values, fixedLength: fixedLength, at: attributePath(name)) { type, bytes in
            try createAttribute(name, shape: shape, fileType: type) { library.H5Awrite($0, type, bytes) }
        }
    }

    private func createAttribute(_ name: String, shape: [Int], fileType: hid_t, write: (hid_t) -> herr_t) throws {
        let path = attributePath(name)
        if hasAttribute(name) { try check(library.H5Adelete(id, name), "replacing the attribute", at: path) }
        let space = try makeSpace(shape, at: path)
        defer { _ = library.H5Sclose(space) }
        let attribute = try check(library.H5Acreate2(id, name, fileType, space, dl_H5P_DEFAULT(), dl_H5P_DEFAULT()),
                                  "creating the attribute", at: path)
        defer { _ = library.H5Aclose(attribute) }
        if shape.reduce(1, *) > 0 { try check(write(attribute), "writing the attribute", at: path) }
    }
}
