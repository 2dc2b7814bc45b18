// swift-tools-version:5.9
import Foundation
import PackageDescription

let package = Package(
    name: "SwiftDL",
    // MARK: - Public products
    products: [
        .library(name: "DL", targets: ["DL"]),
        .library(name: "DLCore", targets: ["DLCore"]),
        .library(name: "DLLayers", targets: ["DLLayers"]),
        .library(name: "DLModels", targets: ["DLModels"]),
        .library(name: "DLData", targets: ["DLData"]),
        // One shared library with every module, for what loads SwiftDL at run time: the Jupyter kernel's
        // REPL (`import DL` after dlopen) and scripts compiled by `dl run`.
        .library(name: "SwiftDL", type: .dynamic, targets: ["DL"]),
        .executable(name: "dl", targets: ["dl"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        // `swift package generate-documentation` (make docs) for the DocC catalogs; no target depends on it.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        // MARK: - C libraries from Debian (implementation details)
        .systemLibrary(name: "COpenBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
        // Headers only, never linked (so no pkgConfig, whose flags would link it): libhdf5 brings ~35
        // shared libraries (curl, OpenSSL, Kerberos, LDAP, GnuTLS...) whose loading every process would
        // pay at start-up. DLCore dlopens it on first use (Sources/DLCore/HDF5/HDF5Library.swift).
        .systemLibrary(name: "CHDF5", providers: [.apt(["libhdf5-dev"])]),
        // Not "CZlib": ZIPFoundation has a module of that name, and Clang's module names must be unique.
        .systemLibrary(name: "CZlibSystem", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CPNG", pkgConfig: "libpng", providers: [.apt(["libpng-dev"])]),
        .systemLibrary(name: "CJPEG", pkgConfig: "libjpeg", providers: [.apt(["libjpeg62-turbo-dev"])]),
        .systemLibrary(name: "CMalloc"),
        // SwiftDL's own C kernels: per-function AVX2 and AVX-512 variants beside a portable one, chosen at
        // run time (no -march: the build runs on any x86-64 CPU).
        .target(name: "CKernels"),

        // MARK: - Framework modules
        .target(name: "DLCore", dependencies: ["CKernels", "COpenBLAS", "CMalloc", "CHDF5", "CPNG"]),
        .target(name: "DLLayers", dependencies: ["DLCore", "COpenBLAS"]),
        .target(name: "DLModels", dependencies: [
            "DLCore", "DLLayers", "DLData", .product(name: "ZIPFoundation", package: "ZIPFoundation"),
        ]),
        .target(name: "DLData", dependencies: ["DLCore", "CZlibSystem", "CPNG", "CJPEG"]),
        .target(name: "DL", dependencies: ["DLCore", "DLLayers", "DLModels", "DLData"]),

        // MARK: - Command-line tool
        .executableTarget(name: "dl", dependencies: [
            "DL", .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        // MARK: - Benchmarks
        .executableTarget(name: "DLBench", dependencies: [
            "DL", .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ], path: "Benchmarks/Sources/DLBench"),
        .executableTarget(name: "SGEMMProbe", dependencies: ["COpenBLAS"], path: "Benchmarks/Sources/SGEMMProbe"),

        // MARK: - Examples (`swift run -c release <Name>`; built by `swift build`/`make test` with the rest)
        // ImageFolderClassifier joins them once ImageFolder and the augmentation layers are merged.
        .executableTarget(name: "FashionRowLSTM", dependencies: ["DL"], path: "Examples/FashionRowLSTM"),
        .executableTarget(name: "CharRNN", dependencies: ["DL"], path: "Examples/CharRNN"),
        .executableTarget(name: "ImageFolderClassifier", dependencies: ["DL"], path: "Examples/ImageFolderClassifier"),

        // MARK: - Tests
        .target(name: "DLTestSupport", dependencies: ["DL"], path: "Tests/DLTestSupport"),
        .testTarget(name: "DLCoreTests", dependencies: ["DLCore", "DLTestSupport"]),
        .testTarget(name: "DLLayersTests", dependencies: ["DLLayers", "DLTestSupport"]),
        .testTarget(name: "DLModelsTests", dependencies: [
            "DL", "DLTestSupport", .product(name: "ZIPFoundation", package: "ZIPFoundation"),
        ]),
        .testTarget(name: "DLDataTests", dependencies: ["DLData", "DLTestSupport"]),
        // Runs the built `dl` binary as a child process (the dependency only builds it first).
        .testTarget(name: "dlTests", dependencies: ["dl"]),
        // A user's own module: imports only `DL` (custom layers through the public API).
        .testTarget(name: "UserModuleTests", dependencies: ["DL"]),
    ]
)

// The libFuzzer target over the model file readers, only when Fuzz/run.sh asks for it (SWIFTDL_FUZZ=1):
// it has no main of its own (libFuzzer's), so normal builds and `make test` must not link it.
if ProcessInfo.processInfo.environment["SWIFTDL_FUZZ"] != nil {
    package.targets.append(.executableTarget(name: "FuzzModelFiles", dependencies: ["DL"], path: "Fuzz/Sources/FuzzModelFiles"))
}

