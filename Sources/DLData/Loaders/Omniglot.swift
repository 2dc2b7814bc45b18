import DLCore
import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif

/// Omniglot (Lake et al., 2015): 105×105 drawings of the characters of 50 alphabets, 20 drawings a
/// character, for one-shot learning; read from the folders its archives unpack to
/// (`images_background/<alphabet>/<character>/*.png`).
public enum Omniglot {
    /// The folder name searched for under each data set root.
    public static let folderName = "omniglot"

    /// Loads every drawing under `directory/<alphabet>/<character>/`, alphabets, characters and
    /// files in sorted order.
    ///
    /// Images `x` `[N, 105, 105, 1]` with values 0...255 (the PNGs are black strokes on white);
    /// labels `y` `[N]`: one class id per character (alphabet by alphabet), as `Float`.
    /// - Parameter directory: the folder holding the alphabet folders (for example
    ///   `images_background`); when `nil`, `$DL_DATASETS/omniglot`, `/usr/share/datasets/omniglot`
    ///   and `~/.swiftdl/datasets/omniglot` are searched in that order.
    /// - Throws: `DLError.datasetNotFound` when no folder exists; `DLError.invalidArgument` when the
    ///   folder holds no alphabet/character/PNG tree or an image is not 105 × 105;
    ///   `DLError.invalidFile` or `DLError.fileAccess` for an unreadable image.
    public static func loadData(from directory: String? = nil) throws -> (x: Tensor, y: Tensor) {
        let locator = DatasetLocator(name: folderName, requiredFiles: [],
                                     hint: "Unpack images_background.zip from https://github.com/brendenlake/omniglot "
                                         + "into ~/.swiftdl/datasets/omniglot (alphabet folders directly inside).")
        let folders = locator.candidateFolders(explicit: directory)
        guard let root = folders.first(where: isDirectory) else {
            throw DLError.datasetNotFound(name: folderName, triedFolders: folders, hint: locator.hint)
        }
        let context = "Omniglot.loadData(from: '\(root)')"
        var paths: [String] = [], labels: [Float] = []
        var character = 0
        for alphabet in try sortedEntries(root).filter({ isDirectory(root + "/" + $0) }) {
            let alphabetPath = root + "/" + alphabet
            for name in try sortedEntries(alphabetPath).filter({ isDirectory(alphabetPath + "/" + $0) }) {
                let folder = alphabetPath + "/" + name
                let files = try sortedEntries(folder).filter { $0.lowercased().hasSuffix(".png") }
                guard !files.isEmpty else { continue }
                paths += files.map { folder + "/" + $0 }
                labels += Array(repeating: Float(character), count: files.count)
                character += 1
            }
        }
        guard !paths.isEmpty else {
            throw DLError.invalidArgument(context: context, message: "no drawing found: expected "
                + "<alphabet>/<character>/*.png folders. Received: a folder without such PNG files")
        }
        let size = 105 * 105
        var x = [Float](repeating: 0, count: paths.count * size)
        for (i, path) in paths.enumerated() {
            let image = try ImageDecoder.decode(path: path, channels: 1)
            guard image.width == 105, image.height == 105 else {
                throw DLError.invalidArgument(context: context, message: "Omniglot drawings are 105 × 105; '\(path)' is not. "
                    + "Received: \(image.height) × \(image.width)")
            }
            for j in 0..<size { x[i * size + j] = Float(image.pixels[j]) }
        }
        return (Tensor(shape: [paths.count, 105, 105, 1], scalars: x), Tensor(shape: [paths.count], scalars: labels))
    }

    private static func sortedEntries(_ folder: String) throws -> [String] {
        do {
            return try FileManager.default.contentsOfDirectory(atPath: folder).sorted(by: ImageFolderIndex.pythonOrder)
        } catch {
            throw DLError.fileAccess(path: folder, reason: "cannot list the folder: \(error)")
        }
    }

    private static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }
}
