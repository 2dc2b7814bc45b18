import CHDF5
#if canImport(Glibc)
import Glibc
#endif

// Strings in HDF5, as h5py writes them: variable-length UTF-8 (Python `str`) or fixed-length,
// NUL-padded byte strings (numpy `S`, Keras 2's `layer_names`/`weight_names`). Shared by datasets
// and attributes, which differ only in the call that reads or writes the bytes.
extension HDF5Object {
    /// Reads `count` strings stored with `fileType` through `read(memoryType, buffer)`.
    func readStrings(fileType: hid_t, count: Int, read: (hid_t, UnsafeMutableRawPointer?) -> herr_t) throws -> [String] {
        guard count > 0 else { return [] }
        let memoryType = try check(library.H5Tcopy(fileType), "copying the string type")
        defer { _ = library.H5Tclose(memoryType) }
        if try check(library.H5Tis_variable_str(fileType), "reading the string type") > 0 {
            var pointers = [UnsafeMutablePointer<CChar>?](repeating: nil, count: count)
            try check(pointers.withUnsafeMutableBytes { read(memoryType, $0.baseAddress) }, "reading the strings")
            defer { for pointer in pointers where pointer != nil { _ = library.H5free_memory(pointer) } }
            return pointers.map { $0.map { String(cString: $0) } ?? "" }
        }
        let size = try check(library.H5Tget_size(fileType), "reading the string size")
        guard size > 0 else { return [String](repeating: "", count: count) }
        var bytes = [UInt8](repeating: 0, count: size * count)
        try check(bytes.withUnsafeMutableBytes { read(memoryType, $0.baseAddress) }, "reading the strings")
        let spacePadded = library.H5Tget_strpad(fileType) == H5T_STR_SPACEPAD
        return (0..<count).map { index in
            var text = bytes[(index * size)..<((index + 1) * size)]
            if let end = text.firstIndex(of: 0) { text = text[..<end] }
            if spacePadded { while text.last == 0x20 { text = text.dropLast() } }
            return String(decoding: text, as: UTF8.self)
        }
    }

    /// Calls `body` with a string type for `strings` and their bytes as libhdf5 takes them: one
    /// variable-length UTF-8 pointer each, or (`fixedLength`) one NUL-padded ASCII field each, as
    /// long as the longest string (at least 1 byte).
    func withStringType<R>(for strings: [String], fixedLength: Bool, at objectPath: String,
                           _ body: (hid_t, UnsafeRawPointer?) throws -> R) throws -> R {
        let type = try check(library.H5Tcopy(library.cString), "copying the string type", at: objectPath)
        defer { _ = library.H5Tclose(type) }
        if fixedLength {
            let size = max(1, strings.map(\.utf8.count).max() ?? 1)
            try check(library.H5Tset_size(type, size), "setting the string size", at: objectPath)
            try check(library.H5Tset_strpad(type, H5T_STR_NULLPAD), "setting the string padding", at: objectPath)
            var bytes = [UInt8](repeating: 0, count: size * max(1, strings.count))
            for (index, string) in strings.enumerated() {
                bytes.replaceSubrange((index * size)..<(index * size + string.utf8.count), with: string.utf8)
            }
            return try bytes.withUnsafeBytes { try body(type, $0.baseAddress) }
        }
        try check(library.H5Tset_size(type, dl_H5T_VARIABLE()), "setting a variable string size", at: objectPath)
        try check(library.H5Tset_cset(type, H5T_CSET_UTF8), "setting the UTF-8 character set", at: objectPath)
        let copies = strings.map { strdup($0) }
        defer { for copy in copies { free(copy) } }
        let pointers: [UnsafePointer<CChar>?] = copies.map { $0.map { UnsafePointer($0) } }
        return try pointers.withUnsafeBytes { try body(type, $0.baseAddress) }
    }
}
