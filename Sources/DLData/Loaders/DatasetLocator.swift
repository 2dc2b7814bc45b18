import DLCore
import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif

/// Finds the folder that holds a data set's files, in SwiftDL's search order:
///
/// 1. the folder passed as `from:` (when given, it is the only folder searched);
/// 2. `$DL_DATASETS/<name>`;
/// 3. `/usr/share/datasets/<name>` (where Debian's `dataset-*` packages install);
/// 4. `~/.swiftdl/datasets/<name>`.
///
/// Each required file may be present under any of its accepted names (for IDX files, gzip and
/// uncompressed: `train-labels-idx1-ubyte.gz` or `train-labels-idx1-ubyte`).
public struct DatasetLocator {
    /// The data set's folder name, for example `"fashion-mnist"`.
    public let name: String
    /// The files the folder must hold; each entry lists the accepted names of one file, preferred first.
    public let requiredFiles: [[String]]
    /// Said after the list of folders tried when the data set is not found (how to install it).
    public let hint: String

    /// Creates a locator for the data set `name` whose folder must hold every one of `requiredFiles`.
    /// - Parameters:
    ///   - name: the folder name under each search root.
    ///   - requiredFiles: for each file, its accepted names, preferred first.
    ///   - hint: how to install the data set, for the not-found error.
    public init(name: String, requiredFiles: [[String]], hint: String) {
        self.name = name
        self.requiredFiles = requiredFiles
        self.hint = hint
    }

    /// The folders searched, in order: only `directory` when it is given, otherwise
    /// `$DL_DATASETS/<name>` (when the variable is set and not empty), `/usr/share/datasets/<name>`
    /// and `$HOME/.swiftdl/datasets/<name>`.
    public func candidateFolders(explicit directory: String? = nil) -> [String] {
        if let directory { return [directory] }
        var folders: [String] = []
        if let root = environmentValue("DL_DATASETS"), !root.isEmpty {
            folders.append(joined(root, name))
        }
        folders.append(joined("/usr/share/datasets", name))
        let home = environmentValue("HOME").flatMap { $0.isEmpty ? nil : $0 }
            ?? FileManager.default.homeDirectoryForCurrentUser.path
        folders.append(joined(joined(home, ".swiftdl/datasets"), name))
        return folders
    }

    /// The paths of the required files, in the order of `requiredFiles`, from the first folder
    /// that holds all of them.
    /// - Parameter directory: the caller's `from:` folder, if any (then the only folder searched).
    /// - Throws: `DLError.datasetNotFound` listing every folder tried, with `hint`.
    public func locate(explicit directory: String? = nil) throws -> [String] {
        let folders = candidateFolders(explicit: directory)
        for folder in folders {
            let found = requiredFiles.compactMap { names in
                names.lazy.map { joined(folder, $0) }.first(where: isReadableFile)
            }
            if found.count == requiredFiles.count { return found }
        }
        throw DLError.datasetNotFound(name: name, triedFolders: folders, hint: hint)
    }

    private func isReadableFile(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) != S_IFDIR
    }

    /// Reads the process environment as it is now (also after `setenv`).
    private func environmentValue(_ key: String) -> String? {
        getenv(key).map { String(cString: $0) }
    }

    private func joined(_ folder: String, _ component: String) -> String {
        folder.hasSuffix("/") ? folder + component : folder + "/" + component
    }
}
