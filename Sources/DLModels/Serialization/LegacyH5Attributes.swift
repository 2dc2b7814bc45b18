import DLCore

/// Keras 2's string-list attributes (`layer_names`, `weight_names`): fixed-length byte strings, as
/// h5py writes a numpy `S` array, split into `name0`, `name1`, ... when the array would not fit
/// in an HDF5 object header (Keras's `save_attributes_to_hdf5_group` / `load_attributes_from_hdf5_group`).
package enum LegacyH5Attributes {
    /// The most bytes Keras puts in one attribute (`HDF5_OBJECT_HEADER_LIMIT`).
    package static let headerLimit = 64512

    /// The list `name` of `object`, joined from its chunks when Keras split it.
    /// - Throws: `DLError.hdf5` naming the attribute when it is missing or not strings.
    package static func read(_ name: String, of object: HDF5Object) throws -> [String] {
        if object.hasAttribute(name) { return try object.stringArrayAttribute(name) }
        var strings: [String] = []
        var chunk = 0
        while object.hasAttribute("\(name)\(chunk)") {
            strings += try object.stringArrayAttribute("\(name)\(chunk)")
            chunk += 1
        }
        guard chunk > 0 else { return try object.stringArrayAttribute(name) }   // throws "missing"
        return strings
    }

    /// Writes `strings` as the list `name` of `object`, in as few chunks as keep each under
    /// `headerLimit` bytes (numpy's `array_split`: the first `count % chunks` chunks one longer).
    /// - Throws: `DLError.hdf5` naming the attribute when one string alone is over the limit.
    package static func write(_ strings: [String], as name: String, to object: HDF5Object) throws {
        let width = max(1, strings.map(\.utf8.count).max() ?? 1)
        guard width <= headerLimit else {
            throw object.contentError("a name is longer than \(headerLimit) bytes, which HDF5 cannot hold in an "
                                      + "attribute. Received: \(width) bytes", at: object.path + "@" + name)
        }
        var chunks = 1
        while (strings.count + chunks - 1) / chunks * width > headerLimit { chunks += 1 }
        guard chunks > 1 else { return try object.setAttribute(name, strings: strings, fixedLength: true) }
        var start = 0
        for chunk in 0..<chunks {
            let size = strings.count / chunks + (chunk < strings.count % chunks ? 1 : 0)
            try object.setAttribute("\(name)\(chunk)", strings: Array(strings[start..<(start + size)]), fixedLength: true)
            start += size
        }
    }
}
