#if canImport(Glibc)
import Glibc
#endif

/// A guard, run before libhdf5 opens a file to read it, against a hang inside libhdf5 1.10 (Debian's): reading a
/// variable-length string (Keras's JSON and name attributes) loads the global heap collection holding it, and
/// libhdf5 walks the collection's objects by their declared sizes. A damaged collection whose object declares
/// a size of 0 makes that walk stand still forever; one whose object runs past the collection's end, or whose
/// object index is out of range or repeated, sends it to read outside its buffers (found by `Fuzz/run.sh`). Valid
/// files never hold any of these, so such a file is refused up front.
///
/// A collection is "GCOL", version 1, three reserved bytes, its size (8 bytes), then objects: index (2),
/// reference count (2), reserved (4), size (8), data padded to 8 bytes; index 0 is the free space, whose size
/// counts its header. Collections are found by their signature (8 fixed bytes: "GCOL", 1, 0, 0, 0).
package enum HDF5GlobalHeapCheck {
    /// Throws when the file at `path` holds a global heap collection that libhdf5 would walk forever or out of
    /// bounds; returns quietly when the file cannot be mapped (libhdf5 then reports what is wrong).
    /// - Throws: `DLError.invalidFile` naming the file and the collection's offset.
    package static func check(_ path: String) throws {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_size >= 16 else { return }
        let size = Int(status.st_size)
        guard let map = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0), map != MAP_FAILED else { return }
        defer { munmap(map, size) }
        if let offset = firstMalformedCollection(in: UnsafeRawBufferPointer(start: map, count: size)) {
            throw DLError.invalidFile(path: path, reason: "the global heap collection at byte \(offset) is damaged (an "
                                      + "object's size or index is out of range), so its strings "
                                      + "cannot be read. Received: a damaged HDF5 file of \(size) bytes")
        }
    }

    /// The offset of the first collection in `bytes` (a whole file) that libhdf5 would walk forever or out of
    /// bounds, or nil.
    package static func firstMalformedCollection(in bytes: UnsafeRawBufferPointer) -> Int? {
        guard let base = bytes.baseAddress else { return nil }
        let signature: [UInt8] = [0x47, 0x43, 0x4F, 0x4C, 1, 0, 0, 0]   // "GCOL", version 1, reserved
        var searchFrom = 0
        while searchFrom + 16 <= bytes.count {
            guard let hit = memchr(base + searchFrom, Int32(signature[0]), bytes.count - searchFrom) else { return nil }
            let offset = base.distance(to: UnsafeRawPointer(hit))
            searchFrom = offset + 1
            guard offset + 16 <= bytes.count else { return nil }
            guard signature.withUnsafeBytes({ memcmp(hit, $0.baseAddress!, $0.count) }) == 0 else { continue }
            guard offset + 16 <= bytes.count else { return nil }
            let declared = word(bytes, offset + 8)
            // A collection smaller than its header or running past the end of the file is damaged too.
            guard declared >= 16, declared <= UInt64(bytes.count - offset) else { return offset }
            if !walks(bytes, from: offset + 16, to: offset + Int(declared)) { return offset }
        }
        return nil
    }

    /// Whether libhdf5's walk over the objects of `bytes[start..<end]` ends: each step moves forward and stays
    /// inside the collection.
    private static func walks(_ bytes: UnsafeRawBufferPointer, from start: Int, to end: Int) -> Bool {
        // libhdf5 numbers a collection's objects from 1, each at least a 16-byte header: an index the collection
        // cannot hold, or one seen twice, sends its reader to objects that are not there.
        let indexLimit = (end - start) / 16 + 2
        var seen = Set<UInt16>()
        var position = start
        while position < end {
            if position + 16 > end { return true }   // too small for an object header: libhdf5 takes it as free space
            let index = UInt16(bytes[position]) | UInt16(bytes[position + 1]) << 8
            guard index == 0 || (Int(index) < indexLimit && seen.insert(index).inserted) else { return false }
            let size = word(bytes, position + 8)
            let remaining = UInt64(end - position)
            guard size <= remaining else { return false }
            let step = index > 0 ? 16 + (size + 7) / 8 * 8 : size
            guard step > 0, step <= remaining else { return false }
            position += Int(step)
        }
        return true
    }

    /// The little-endian 8-byte number at `offset`.
    private static func word(_ bytes: UnsafeRawBufferPointer, _ offset: Int) -> UInt64 {
        UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }
}
