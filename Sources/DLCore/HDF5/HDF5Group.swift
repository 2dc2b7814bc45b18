import CHDF5

/// An HDF5 group: named links to groups and datasets, plus attributes. Names may be paths
/// relative to the group (`dense/kernel:0`).
package final class HDF5Group: HDF5Object {
    /// What a link in a group points at.
    package enum MemberKind { case group, dataset, other }

    init(file: HDF5FileHandle, id: hid_t, path: String) {
        super.init(file: file, id: id, path: path, close: file.library.H5Gclose)
    }

    /// Whether the group holds a link called `name` (every component of a relative path checked).
    package func contains(_ name: String) -> Bool {
        var prefix = ""
        for component in name.split(separator: "/", omittingEmptySubsequences: true) {
            prefix += prefix.isEmpty ? String(component) : "/" + component
            guard library.H5Lexists(id, prefix, dl_H5P_DEFAULT()) > 0 else { return false }
        }
        return !prefix.isEmpty
    }

    /// The names of the group's members, in name order (as h5py lists them).
    /// - Throws: `DLError.hdf5` naming the group when libhdf5 cannot list it.
    package func memberNames() throws -> [String] {
        var info = H5G_info_t()
        try check(library.H5Gget_info(id, &info), "reading the group's members")
        return try (0..<info.nlinks).map { index in
            let length = try check(library.H5Lget_name_by_idx(id, ".", H5_INDEX_NAME, H5_ITER_INC, index, nil, 0,
                                                              dl_H5P_DEFAULT()), "reading member \(index)'s name")
            var buffer = [CChar](repeating: 0, count: length + 1)
            try check(library.H5Lget_name_by_idx(id, ".", H5_INDEX_NAME, H5_ITER_INC, index, &buffer, length + 1,
                                                  dl_H5P_DEFAULT()), "reading member \(index)'s name")
            return String(decoding: buffer.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
    }

    /// Whether the member `name` is a group, a dataset or something else.
    /// - Throws: `DLError.hdf5` naming the member when it does not exist.
    package func kind(of name: String) throws -> MemberKind {
        guard contains(name) else { throw contentError("no such group or dataset", at: childPath(name)) }
        let object = try check(library.H5Oopen(id, name, dl_H5P_DEFAULT()), "opening the object", at: childPath(name))
        defer { _ = library.H5Oclose(object) }
        switch library.H5Iget_type(object) {
        case H5I_GROUP: return .group
        case H5I_DATASET: return .dataset
        default: return .other
        }
    }

    /// Opens the existing group `name`.
    /// - Throws: `DLError.hdf5` naming the group's path when it is missing or not a group.
    package func openGroup(_ name: String) throws -> HDF5Group {
        let path = childPath(name)
        guard contains(name) else { throw contentError("the group is missing", at: path) }
        guard try kind(of: name) == .group else { throw contentError("expected a group, found a dataset", at: path) }
        let group = try check(library.H5Gopen2(id, name, dl_H5P_DEFAULT()), "opening the group", at: path)
        return HDF5Group(file: file, id: group, path: path)
    }

    /// Creates the group `name` (and any missing group on its path); an existing group is opened.
    /// - Throws: `DLError.hdf5` naming the path when libhdf5 cannot create it.
    @discardableResult
    package func createGroup(_ name: String) throws -> HDF5Group {
        var group: HDF5Group = self
        for component in name.split(separator: "/", omittingEmptySubsequences: true).map(String.init) {
            if group.contains(component) {
                group = try group.openGroup(component)
            } else {
                let path = group.childPath(component)
                let child = try check(library.H5Gcreate2(group.id, component, dl_H5P_DEFAULT(), dl_H5P_DEFAULT(),
                                                         dl_H5P_DEFAULT()), "creating the group", at: path)
                group = HDF5Group(file: file, id: child, path: path)
            }
        }
        return group
    }

    /// Opens the existing dataset `name`.
    /// - Throws: `DLError.hdf5` naming the dataset's path when it is missing or not a dataset.
    package func openDataset(_ name: String) throws -> HDF5Dataset {
        let path = childPath(name)
        guard contains(name) else { throw contentError("the dataset is missing", at: path) }
        guard try kind(of: name) == .dataset else { throw contentError("expected a dataset, found a group", at: path) }
        let dataset = try check(library.H5Dopen2(id, name, dl_H5P_DEFAULT()), "opening the dataset", at: path)
        return try HDF5Dataset(file: file, id: dataset, path: path)
    }

    /// Removes the link `name` (a group or dataset) when it exists.
    package func removeMember(_ name: String) throws {
        guard contains(name) else { return }
        try check(library.H5Ldelete(id, name, dl_H5P_DEFAULT()), "removing the link", at: childPath(name))
    }

    /// Opens the group holding `name`'s last component, creating missing groups (for `a/b:0`-style names).
    func parentForNewMember(_ name: String) throws -> (parent: HDF5Group, leaf: String) {
        var components = name.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        guard let leaf = components.popLast() else {
            throw contentError("an object name cannot be empty. Received: '\(name)'", at: childPath(name))
        }
        return (components.isEmpty ? self : try createGroup(components.joined(separator: "/")), leaf)
    }
}
