import DL
import Foundation

/// The SwiftDL build that this `dl` binary belongs to, which `dl run` compiles scripts against:
/// `<package>/.build/<triple>/release/` holds `dl`, `Modules/` (the `.swiftmodule` files) and
/// `libSwiftDL.so`; the package root above it holds the C modules' module maps.
struct SwiftDLBuild {
    /// The folder of the `dl` binary (`.build/<triple>/release`).
    let binFolder: String
    /// The package root (the folder with `Package.swift`).
    let packageRoot: String
    /// SwiftPM's scratch folder (`.build`), where `checkouts/` holds the dependencies' sources.
    let scratchFolder: String

    /// The modules whose objects make up `libSwiftDL.so`.
    private static let libraryModules = ["CKernels", "DLCore", "DLLayers", "DLModels", "DLData", "DL", "ZIPFoundation"]

    var library: String { binFolder + "/libSwiftDL.so" }

    /// Finds the build from `/proc/self/exe` (the binary itself, whatever link or `PATH` entry started it).
    static func locate() throws -> SwiftDLBuild {
        let executable = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        let bin = URL(fileURLWithPath: executable).deletingLastPathComponent()
        let scratch = bin.deletingLastPathComponent().deletingLastPathComponent()
        let root = scratch.deletingLastPathComponent()
        let build = SwiftDLBuild(binFolder: bin.path, packageRoot: root.path, scratchFolder: scratch.path)
        let needed = [build.binFolder + "/Modules/DL.swiftmodule", build.packageRoot + "/Package.swift"]
        for path in needed where !FileManager.default.fileExists(atPath: path) {
            throw DLError.invalidArgument(context: "dl run", message: "dl runs scripts against the SwiftDL build it "
                + "belongs to, and \(path) is missing: run the dl of a built SwiftDL package (.build/release/dl, "
                + "or a link to it). Received: \(executable)")
        }
        return build
    }

    /// The compiler flags that make `import DL` work: module search path, the C modules' module maps
    /// (SwiftDL's own and its dependencies'), HDF5's headers, and linking `libSwiftDL.so` with an rpath.
    func compilerFlags() -> [String] {
        var moduleMaps = Self.moduleMaps(in: packageRoot + "/Sources")
        let checkouts = scratchFolder + "/checkouts"
        for dependency in Self.sortedContents(of: checkouts) {
            moduleMaps += Self.moduleMaps(in: checkouts + "/" + dependency + "/Sources")
        }
        var flags = ["-I", binFolder + "/Modules"]
        for map in moduleMaps { flags += ["-Xcc", "-fmodule-map-file=" + map] }
        for headers in ["/usr/include/hdf5/serial"] where FileManager.default.fileExists(atPath: headers) {
            flags += ["-Xcc", "-I" + headers]
        }
        return flags + ["-L", binFolder, "-lSwiftDL", "-Xlinker", "-rpath", "-Xlinker", binFolder]
    }

    /// Whether `libSwiftDL.so` is missing or older than an object file of the modules linked into it (as
    /// after `swift build --product dl` alone): then scripts would link against an out-of-date library.
    func libraryIsStale() -> Bool {
        guard let built = Self.modificationDate(library) else { return true }
        for module in Self.libraryModules {
            let folder = binFolder + "/" + module + ".build"
            for file in Self.sortedContents(of: folder) where file.hasSuffix(".o") {
                if let date = Self.modificationDate(folder + "/" + file), date > built { return true }
            }
        }
        return false
    }

    /// Builds `libSwiftDL.so` with SwiftPM (its output on standard error, so that a script's standard output
    /// stays its own), then marks the library as checked: SwiftPM leaves an up-to-date file untouched.
    func buildLibrary(swift: String) throws {
        FileHandle.standardError.write(Data("dl run: building libSwiftDL.so (swift build -c release --product SwiftDL in \(packageRoot))\n".utf8))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: swift)
        process.arguments = ["build", "-c", "release", "--product", "SwiftDL", "--scratch-path", scratchFolder]
        process.currentDirectoryURL = URL(fileURLWithPath: packageRoot)
        process.standardOutput = FileHandle.standardError
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0, FileManager.default.fileExists(atPath: library) else {
            throw DLError.invalidArgument(context: "dl run", message: "building libSwiftDL.so failed. "
                + "Received: exit status \(process.terminationStatus) from swift build in \(packageRoot)")
        }
        try FileManager.default.setAttributes([.modificationDate: Date()], ofItemAtPath: library)
    }

    /// The identity of the library a cached program was linked against: path, size and modification time.
    func libraryIdentity() -> String {
        let attributes = (try? FileManager.default.attributesOfItem(atPath: library)) ?? [:]
        let size = (attributes[.size] as? NSNumber)?.int64Value ?? -1
        let time = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
        return "library \(library) \(size) \(time)"
    }

    /// The module maps of the C targets in `sources`: `<target>/module.modulemap` (system libraries) or
    /// `<target>/include/module.modulemap` (C targets built by SwiftPM, such as CKernels).
    private static func moduleMaps(in sources: String) -> [String] {
        sortedContents(of: sources).flatMap { ["\(sources)/\($0)/module.modulemap", "\(sources)/\($0)/include/module.modulemap"] }
            .filter { FileManager.default.fileExists(atPath: $0) }
    }

    static func sortedContents(of folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
    }

    static func modificationDate(_ path: String) -> Date? {
        (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date
    }
}
