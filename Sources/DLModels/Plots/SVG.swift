import DLCore
import Foundation

/// An SVG image made by SwiftDL's plots (`history.plot()`, `imageGrid`, `confusionMatrixPlot`,
/// `scatterPlot`, `model.plot()`): shown inline in a Jupyter notebook (`display`), written to a
/// `.svg` file from a script (`write(to:)`).
public struct SVG: CustomStringConvertible, Sendable {
    /// The SVG document (UTF-8 text, starting with `<svg`).
    public let text: String

    /// An SVG image holding `text`, a complete SVG document.
    public init(text: String) {
        self.text = text
    }

    /// The image's size and length, not its text (an SVG is shown, not printed).
    public var description: String {
        let size = [" width=\"", " height=\""].map { key -> String in
            guard let start = text.range(of: key)?.upperBound,
                  let end = text[start...].firstIndex(of: "\"") else { return "?" }
            return String(text[start..<end])
        }
        return "SVG(\(size[0]) × \(size[1]), \(text.utf8.count) bytes)"
    }

    /// Writes the SVG document to `path` (UTF-8); the file only ever holds a complete document
    /// (written to a temporary file beside it, then renamed).
    /// - Throws: `DLError.fileAccess` naming `path` when the file cannot be written (a missing
    ///   folder, no permission).
    public func write(to path: String) throws {
        try AtomicFile.write(to: path) { temporary in
            guard FileManager.default.createFile(atPath: temporary, contents: Data(text.utf8)) else {
                throw DLError.fileAccess(path: path, reason: "cannot write the SVG image. Received: the file "
                                         + "'\(temporary)' could not be created (is the folder there and writable?)")
            }
        }
    }
}
