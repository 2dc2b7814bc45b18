import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Shows `svg` below the running notebook cell; outside Jupyter it does nothing.
///
/// The plots call it themselves (`history.plot()`, `imageGrid`, ...); call it to show an `SVG`
/// again. In the SwiftDL Jupyter kernel (which sets `SWIFTDL_DISPLAY=jupyter`) it writes one
/// display record to standard output, between flushes:
/// `"\u{1E}SWIFTDL-DISPLAY image/svg+xml <base64 of the UTF-8 text>\u{1E}\n"`; the kernel takes
/// it out of the cell's text and sends it to the notebook as `display_data`.
public func display(_ svg: SVG) {
    DisplayChannel.send(mimeType: "image/svg+xml", payload: Array(svg.text.utf8))
}

/// The display channel from Swift to the notebook (the kernel reads its records).
package enum DisplayChannel {
    /// The environment variable the kernel sets, and the value that turns the channel on.
    package static let variable = "SWIFTDL_DISPLAY"
    package static let jupyter = "jupyter"

    /// One display record: record separator (U+001E), `SWIFTDL-DISPLAY`, the MIME type, the
    /// payload in base64, record separator, newline.
    package static func record(mimeType: String, payload: [UInt8]) -> String {
        "\u{1E}SWIFTDL-DISPLAY \(mimeType) \(Data(payload).base64EncodedString())\u{1E}\n"
    }

    /// Writes the record with `write` when `environment` (the variable's value) is `jupyter`;
    /// returns whether it did.
    @discardableResult
    package static func send(mimeType: String, payload: [UInt8], environment: String?,
                             write: (String) -> Void) -> Bool {
        guard environment == jupyter else { return false }
        write(record(mimeType: mimeType, payload: payload))
        return true
    }

    /// Sends the record to standard output when the process runs under the Jupyter kernel: what
    /// was printed before comes first (flushed), and the record leaves at once (flushed).
    package static func send(mimeType: String, payload: [UInt8]) {
        let environment = getenv(variable).map { String(cString: $0) }
        send(mimeType: mimeType, payload: payload, environment: environment) { record in
            fflush(stdout)
            fputs(record, stdout)
            fflush(stdout)
        }
    }
}
