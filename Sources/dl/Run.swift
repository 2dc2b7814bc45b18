import ArgumentParser
import DL
import Foundation

extension DLCommand {
    /// `dl run SCRIPT.swift [ARGS...]`: compiles a one-file Swift script against SwiftDL (release, `-O`),
    /// caches the program by the script's content, and runs it with the arguments in place of `dl`.
    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Compile a one-file Swift script against SwiftDL (release, cached) and run it.",
            discussion: """
                The script writes `import DL` and uses the whole framework; no package is needed. The program \
                is cached under $XDG_CACHE_HOME/swiftdl/run (default ~/.cache/swiftdl/run) by the script's \
                content, the toolchain and the SwiftDL build, so the next run of the same script starts at once. \
                The script's arguments follow its name; its output and exit status are the program's own. \
                As a shebang line: `#!/usr/bin/env -S dl run`, or `#!/usr/bin/env dl run` where the `dl run` \
                link that `make build` puts beside dl is on PATH.
                """)

        /// Bumped whenever the compiler flags change, so that older cached programs are not used.
        static let flagsVersion = "dl-run-1 -O -diagnostic-style llvm"

        @Flag(name: .shortAndLong, help: "Say whether the script is compiled or taken from the cache, and how.")
        var verbose = false

        @Flag(help: "Compile the script (and cache the program) without running it.")
        var compileOnly = false

        @Argument(help: "The Swift script to run (any file name; a first `#!` line is skipped).")
        var script: String

        @Argument(parsing: .captureForPassthrough, help: "Arguments passed to the script.")
        var arguments: [String] = []

        func run() throws {
            let path = URL(fileURLWithPath: script).standardizedFileURL.path
            guard let data = FileManager.default.contents(atPath: path) else {
                throw DLError.fileAccess(path: script, reason: "no script to run there")
            }
            let build = try SwiftDLBuild.locate()
            let swiftc = try Self.tool("swiftc")
            if build.libraryIsStale() { try build.buildLibrary(swift: try Self.tool("swift")) }

            let source = ScriptCache.compiledSource(script: [UInt8](data), path: path)
            let key = [Self.flagsVersion, Self.toolchainIdentity(swiftc), build.libraryIdentity()].joined(separator: "\n")
            let cache = ScriptCache.standard()
            let program: String
            if let cached = cache.program(source: source, key: key) {
                if verbose { note("cached \(path) (\(cached))") }
                program = cached
            } else {
                if verbose { note("compiling \(path)") }
                let compiled = try cache.add(source: source, key: key) { sourcePath, programPath in
                    try compile(swiftc: swiftc, flags: build.compilerFlags(), source: sourcePath, program: programPath)
                }
                guard let compiled else {
                    note("\(script) did not compile")
                    throw ExitCode(1)
                }
                program = compiled
            }
            if compileOnly { return }
            try Self.exec(program, arguments: [script] + arguments)
        }

        /// Runs swiftc (its diagnostics straight to standard error); true when it wrote the program.
        private func compile(swiftc: String, flags: [String], source: String, program: String) throws -> Bool {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: swiftc)
            process.arguments = ["-O", "-diagnostic-style", "llvm", "-module-name", "main"] + flags + [source, "-o", program]
            if verbose { note("swiftc " + process.arguments!.joined(separator: " ")) }
            process.standardOutput = FileHandle.standardError
            try process.run()
            process.waitUntilExit()
            return process.terminationStatus == 0 && FileManager.default.isExecutableFile(atPath: program)
        }

        private func note(_ message: String) {
            FileHandle.standardError.write(Data("dl run: \(message)\n".utf8))
        }

        /// A tool of the toolchain, found on `PATH` (the toolchain that built SwiftDL must compile its scripts).
        static func tool(_ name: String) throws -> String {
            let folders = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":")
            for folder in folders where FileManager.default.isExecutableFile(atPath: folder + "/" + name) {
                return folder + "/" + name
            }
            throw DLError.invalidArgument(context: "dl run", message: "\(name) is not on PATH; dl run needs the Swift "
                + "toolchain that built SwiftDL. Received: PATH=\(folders.joined(separator: ":"))")
        }

        /// The compiler's resolved path, size and modification time: a new toolchain makes new programs.
        static func toolchainIdentity(_ swiftc: String) -> String {
            let resolved = URL(fileURLWithPath: swiftc).resolvingSymlinksInPath().path
            let attributes = (try? FileManager.default.attributesOfItem(atPath: resolved)) ?? [:]
            let size = (attributes[.size] as? NSNumber)?.int64Value ?? -1
            let time = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
            return "toolchain \(resolved) \(size) \(time)"
        }

        /// Replaces this process with `program` (standard streams, signals and exit status become the script's).
        static func exec(_ program: String, arguments: [String]) throws -> Never {
            fflush(stdout)
            fflush(stderr)
            var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) }
            argv.append(nil)
            execv(program, argv)
            throw DLError.fileAccess(path: program, reason: "cannot run the compiled script: \(String(cString: strerror(errno)))")
        }
    }

    /// `dl`'s entry point. A `#!/usr/bin/env dl run` line makes Linux run env with the single argument
    /// "dl run" (the kernel does not split a shebang's argument), which finds the `dl run` link beside
    /// `dl`: started under that name, `dl` runs its `run` subcommand.
    static func main() {
        let arguments = CommandLine.arguments
        if let name = arguments.first, URL(fileURLWithPath: name).lastPathComponent == "dl run" {
            main(["run"] + arguments.dropFirst())
        } else {
            main(nil)
        }
    }
}
