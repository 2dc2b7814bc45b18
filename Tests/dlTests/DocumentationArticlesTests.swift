import Foundation
import XCTest

/// The DocC catalogs' code (`Sources/<Module>/<Module>.docc/*.md`) is compiled against SwiftDL by
/// `dl run --compile-only`, one script per page, so that the articles cannot drift from the API. Each
/// page's ```swift blocks keep their lines (the rest of the page becomes blank lines), so a compile
/// error names the page's own line. A package manifest block (`// swift-tools-version`) is not compiled.
/// The pages whose code trains on small made-up data in seconds are also run.
final class DocumentationArticlesTests: XCTestCase {
    private let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// Every catalog page, as (module, page file name, path).
    private func pages() -> [(catalog: String, name: String, path: String)] {
        var pages: [(String, String, String)] = []
        for module in ["DL", "DLCore", "DLLayers", "DLModels", "DLData"] {
            let catalog = packageRoot.appendingPathComponent("Sources/\(module)/\(module).docc").path
            for file in ((try? FileManager.default.contentsOfDirectory(atPath: catalog)) ?? []).sorted()
            where file.hasSuffix(".md") {
                pages.append((module, file, catalog + "/" + file))
            }
        }
        return pages
    }

    /// The page's Swift code at its own line numbers; nil when the page has none.
    static func script(fromPage text: String) -> String? {
        var lines: [String] = [], inSwift = false, firstLine = false, skipping = false, found = false
        for line in text.components(separatedBy: "\n") {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if !inSwift && trimmed == "```swift" {
                inSwift = true
                firstLine = true
                skipping = false
                lines.append("")
            } else if inSwift && trimmed == "```" {
                inSwift = false
                lines.append("")
            } else if inSwift {
                if firstLine && line.hasPrefix("// swift-tools-version") { skipping = true }
                firstLine = false
                lines.append(skipping ? "" : line)
                found = found || !skipping
            } else {
                lines.append("")
            }
        }
        return found ? lines.joined(separator: "\n") : nil
    }

    /// The five catalogs exist, each with a landing page, and the DL catalog has the four articles.
    func testEveryModuleHasACatalogWithItsArticles() {
        let names = Set(pages().map { "\($0.catalog)/\($0.name)" })
        for module in ["DL", "DLCore", "DLLayers", "DLModels", "DLData"] {
            XCTAssertTrue(names.contains("\(module)/\(module).md"), "no landing page for \(module): \(names.sorted())")
        }
        for article in ["GettingStarted", "WritingACustomLayer", "TrainingLoopAndCallbacks", "KerasFiles"] {
            XCTAssertTrue(names.contains("DL/\(article).md"), "no article \(article): \(names.sorted())")
        }
    }

    /// Pages whose code is run, not only compiled (the others train on all of Fashion-MNIST or read files
    /// that the page assumes).
    private static let runnable: Set<String> = ["WritingACustomLayer.md", "TrainingLoopAndCallbacks.md"]

    func testEveryPagesCodeCompilesAndTheQuickOnesRun() throws {
        let dl = try ChildProcess.dlBinary()
        let folder = NSTemporaryDirectory() + "swiftdl-articles-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var compiled = 0
        for page in pages() {
            guard let script = Self.script(fromPage: try String(contentsOfFile: page.path, encoding: .utf8)) else { continue }
            // Named after the page, so that an error reads "<catalog>/<page>.md.swift:LINE" with the page's line.
            let path = folder + "/\(page.catalog).docc-\(page.name).swift"
            try script.write(toFile: path, atomically: true, encoding: .utf8)
            let run = Self.runnable.contains(page.name) && page.catalog == "DL"
            var environment = ProcessInfo.processInfo.environment
            environment["XDG_CACHE_HOME"] = folder + "/cache"
            let result = try ChildProcess.run(dl, run ? ["run", path] : ["run", "--compile-only", path],
                                              environment: environment, in: folder, timeout: 600)
            XCTAssertEqual(result.status, 0, "\(page.catalog).docc/\(page.name) does not \(run ? "run" : "compile"):\n\(result.error)")
            compiled += 1
        }
        XCTAssertGreaterThanOrEqual(compiled, 9, "pages with Swift code")
    }
}
