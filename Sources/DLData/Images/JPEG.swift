import CJPEG
import DLCore

/// JPEG encoding through libjpeg-turbo (baseline, libjpeg's standard quantisation tables scaled to
/// `quality`, 4:2:0 chroma for colour), the counterpart of `PNG.encode` for writing image folders.
/// Decoding goes through `decodeImage(_:)`, which reads PNG and JPEG alike.
public enum JPEG {
    /// Encodes 8-bit pixels, row-major and interleaved (`height × width × channels` bytes), as a JPEG file.
    /// - Parameters:
    ///   - pixels: the pixels, `height × width × channels` bytes.
    ///   - width: the width, 1 to 65,500.
    ///   - height: the height, 1 to 65,500.
    ///   - channels: 1 (gray) or 3 (RGB).
    ///   - quality: libjpeg's quality, 1 to 100 (default 95).
    /// - Throws: `DLError.invalidArgument` when the sizes do not fit the pixels, a setting is out of
    ///   range, or libjpeg refuses the image.
    public static func encode(pixels: [UInt8], width: Int, height: Int, channels: Int, quality: Int = 95) throws -> [UInt8] {
        let context = "JPEG.encode(pixels:width:height:channels:quality:)"
        func fail(_ message: String) -> DLError { DLError.invalidArgument(context: context, message: message) }
        guard channels == 1 || channels == 3 else { throw fail("channels must be 1 or 3. Received: \(channels)") }
        guard (1...65_500).contains(width), (1...65_500).contains(height) else {
            throw fail("width and height must be between 1 and 65500 (JPEG's limit). Received: \(width) × \(height)")
        }
        guard (1...100).contains(quality) else { throw fail("quality must be between 1 and 100. Received: \(quality)") }
        guard pixels.count == width * height * channels else {
            throw fail("\(width) × \(height) × \(channels) = \(width * height * channels) bytes expected. Received: \(pixels.count)")
        }
        var output: UnsafeMutablePointer<UInt8>?
        var size: UInt = 0
        var message = [CChar](repeating: 0, count: Int(cjpeg_message_length()))
        let status = pixels.withUnsafeBufferPointer { bytes in
            cjpeg_encode(bytes.baseAddress, Int32(width), Int32(height), Int32(channels), Int32(quality), &output, &size, &message)
        }
        defer { if let output { cjpeg_free(output) } }
        guard status == 0, let output else {
            let text = String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            throw fail("libjpeg could not encode the image: \(text). Received: \(width) × \(height) × \(channels)")
        }
        return Array(UnsafeBufferPointer(start: output, count: Int(size)))
    }
}
