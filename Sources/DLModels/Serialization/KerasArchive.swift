#if canImport(Glibc)
import Glibc
#endif
import Foundation
import ZIPFoundation
import DLCore

/// The parts of a Keras 3 `.keras` file: a zip archive holding `config.json` (the model's serialized
/// configuration), `metadata.json` (Keras version, date saved) and `model.weights.h5` (the weights in Keras 3's
/// `.weights.h5` layout). Keras stores the entries uncompressed; any zip that holds them is read.
package struct KerasArchive {
    /// The entry names Keras writes.
    package static let configEntry = "config.json", metadataEntry = "metadata.json", weightsEntry = "model.weights.h5"

    /// `config.json`'s text.
    package var config: String
    /// `metadata.json`'s text (empty when the archive has none: Keras itself does not need it).
    package var metadata: String
    /// The bytes of `model.weights.h5` (nil when the archive has no weights, as a model never built).
    package var weights: [UInt8]?

    /// An archive of these parts.
    package init(config: String, metadata: String, weights: [UInt8]?) {
        self.config = config
        self.metadata = metadata
        self.weights = weights
    }

    /// The archive of `path`, every entry checked: an archive that is not a zip, an entry whose path would
    /// escape the folder it is extracted into (an absolute path or a `..` component, "zip slip") or a missing
    /// `config.json` throws `DLError.invalidFile` naming the file and the entry.
    package static func read(from path: String) throws -> KerasArchive {
        guard access(path, R_OK) == 0 else {
            throw DLError.fileAccess(path: path, reason: "the file cannot be read: \(String(cString: strerror(errno)))")
        }
        // Read from the file, not from memory: ZIPFoundation's in-memory reader traps on some malformed
        // archives (a range check in Archive.MemoryFile.readData, found by Fuzz/run.sh).
        let archive: Archive
        do {
            archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
        } catch {
            throw DLError.invalidFile(path: path, reason: "not a .keras file: a .keras file is a zip archive, and "
                + "this one cannot be read as one (\(error))")
        }
        var contents: [String: [UInt8]] = [:]
        for entry in archive {
            try checkEntryStaysInside(entry.path, archive: path)
            guard entry.type == .file, [configEntry, metadataEntry, weightsEntry].contains(entry.path) else { continue }
            var data = [UInt8]()
            // The declared size is only a hint: a damaged archive may claim exabytes (found by Fuzz/run.sh), and
            // reserving that aborts the process. Past 64 MiB the array grows as the real bytes arrive.
            data.reserveCapacity(Int(clamping: min(entry.uncompressedSize, 1 << 26)))
            do {
                _ = try archive.extract(entry) { chunk in data.append(contentsOf: chunk) }
            } catch {
                throw DLError.invalidFile(path: path, reason: "the entry '\(entry.path)' of the .keras archive is "
                    + "damaged (\(error))")
            }
            contents[entry.path] = data
        }
        guard let config = contents[configEntry] else {
            throw DLError.invalidFile(path: path, reason: "the .keras archive has no '\(configEntry)' entry, so it "
                + "holds no model. Received entries: \(archive.map(\.path))")
        }
        return KerasArchive(config: String(decoding: config, as: UTF8.self),
                            metadata: contents[metadataEntry].map { String(decoding: $0, as: UTF8.self) } ?? "",
                            weights: contents[weightsEntry])
    }

    /// Refuses an entry path that would land outside the folder an archive is extracted into.
    package static func checkEntryStaysInside(_ entryPath: String, archive path: String) throws {
        let components = entryPath.split(separator: "/", omittingEmptySubsequences: false)
        if entryPath.hasPrefix("/") || entryPath.hasPrefix("\\") || components.contains("..")
            || entryPath.contains("\\..") || entryPath.contains("..\\") {
            throw DLError.invalidFile(path: path, reason: "the .keras archive's entry '\(entryPath)' points outside "
                + "the archive's folder (an absolute path or '..'); refusing to read an archive made to overwrite "
                + "other files")
        }
    }

    /// Writes the archive to `path` at once: the zip is built in memory, written to a temporary file in the same
    /// folder and renamed over `path`, so an interrupted save never leaves a half-written file under that name.
    package func write(to path: String) throws {
        let archive: Archive
        do {
            archive = try Archive(accessMode: .create)
            let fixedDate = Date(timeIntervalSince1970: 315_532_800)  // 1980-01-01, as Keras writes its JSON entries
            var entries = [(Self.metadataEntry, Array(metadata.utf8)), (Self.configEntry, Array(config.utf8))]
            if let weights { entries.append((Self.weightsEntry, weights)) }
            for (name, bytes) in entries {
                try archive.addEntry(with: name, type: .file, uncompressedSize: Int64(bytes.count),
                                     modificationDate: fixedDate, compressionMethod: .none) { position, size in
                    Data(bytes[Int(position)..<Int(position) + size])
                }
            }
        } catch {
            throw DLError.fileAccess(path: path, reason: "the .keras archive could not be built (\(error))")
        }
        guard let data = archive.data else {
            throw DLError.fileAccess(path: path, reason: "the .keras archive could not be built")
        }
        do {
            try data.write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw DLError.fileAccess(path: path, reason: "the .keras file cannot be written "
                + "(\(error.localizedDescription))")
        }
    }
}
