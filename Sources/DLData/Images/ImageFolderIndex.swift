import DLCore
import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif

/// The files of a folder with one sub-folder per class, listed as Keras's `index_directory` does:
/// class folders in sorted order, and in each the image files (by extension, case-insensitive) of
/// the folder and its sub-folders, folders sorted by path and files sorted by name.
struct ImageFolderIndex {
    /// The extensions Keras lists (`ALLOWLIST_FORMATS`); BMP and GIF are listed but not decoded.
    static let extensions = [".bmp", ".gif", ".jpeg", ".jpg", ".png"]

    var classNames: [String] = []
    var paths: [String] = []
    var labels: [Int] = []

    /// Lists `directory`.
    /// - Throws: `DLError.fileAccess` when it cannot be read; `DLError.invalidArgument` when it has
    ///   no class sub-folder, a class folder has no image, or there is no image at all.
    init(directory: String, context: String) throws {
        let manager = FileManager.default
        let entries: [String]
        do { entries = try manager.contentsOfDirectory(atPath: directory) } catch {
            throw DLError.fileAccess(path: directory, reason: "cannot list the folder: \(error)")
        }
        classNames = entries.filter { isDirectory(join(directory, $0)) }.sorted(by: Self.pythonOrder)
        guard !classNames.isEmpty else {
            throw DLError.invalidArgument(context: context, message: "the folder '\(directory)' has no class sub-folder "
                + "(one sub-folder of images per class expected). Received: \(entries.count) entries, none a folder")
        }
        for (label, name) in classNames.enumerated() {
            let files = try Self.imageFiles(in: join(directory, name))
            guard !files.isEmpty else {
                throw DLError.invalidArgument(context: context, message: "the class folder '\(join(directory, name))' has no "
                    + "image (.png, .jpg, .jpeg). Received: an empty class folder")
            }
            paths += files
            labels += Array(repeating: label, count: files.count)
        }
    }

    /// The image files under `folder`, in Keras's order (`os.walk` sorted by folder path, then names).
    private static func imageFiles(in folder: String) throws -> [String] {
        var folders = [folder], pending = [folder]
        var filesByFolder: [String: [String]] = [:]
        while let current = pending.popLast() {
            let entries: [String]
            do { entries = try FileManager.default.contentsOfDirectory(atPath: current) } catch {
                throw DLError.fileAccess(path: current, reason: "cannot list the folder: \(error)")
            }
            var files: [String] = []
            for entry in entries {
                let path = join(current, entry)
                if isDirectory(path) {
                    folders.append(path)
                    pending.append(path)
                } else if extensions.contains(where: { entry.lowercased().hasSuffix($0) }) {
                    files.append(entry)
                }
            }
            filesByFolder[current] = files.sorted(by: pythonOrder)
        }
        return folders.sorted(by: pythonOrder).flatMap { dir in (filesByFolder[dir] ?? []).map { join(dir, $0) } }
    }

    /// Python's string order (by code point, which UTF-8 byte order preserves).
    static func pythonOrder(_ a: String, _ b: String) -> Bool {
        a.utf8.lexicographicallyPrecedes(b.utf8)
    }

    private static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }
    private func isDirectory(_ path: String) -> Bool { Self.isDirectory(path) }

    private static func join(_ folder: String, _ name: String) -> String {
        folder.hasSuffix("/") ? folder + name : folder + "/" + name
    }
    private func join(_ folder: String, _ name: String) -> String { Self.join(folder, name) }
}
