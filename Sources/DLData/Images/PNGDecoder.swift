import CPNG
import DLCore

/// PNG decoding to the file's own channels through libpng's simplified API, with 16-bit samples
/// reduced to 8 bits as TensorFlow's `decode_png` does (the high byte: 65535 → 255, 32768 → 128).
enum PNGDecoder {
    /// Width, height and channels (1 gray, 2 gray + alpha, 3 RGB, 4 RGBA; palettes as their
    /// entries) from the header alone, and whether samples are 16-bit.
    /// - Throws: `DLError.invalidFile` naming `path` when libpng cannot read the header.
    static func header(_ data: [UInt8], path: String) throws -> (width: Int, height: Int, channels: Int, sixteenBit: Bool) {
        var image = png_image()
        image.version = png_uint_32(PNG_IMAGE_VERSION)
        let opened = data.withUnsafeBytes { png_image_begin_read_from_memory(&image, $0.baseAddress, $0.count) }
        guard opened != 0 else { throw DLError.invalidFile(path: path, reason: "not a PNG image: \(message(&image))") }
        defer { png_image_free(&image) }
        let format = image.format
        let channels = (format & png_uint_32(PNG_FORMAT_FLAG_COLOR) != 0 ? 3 : 1)
            + (format & png_uint_32(PNG_FORMAT_FLAG_ALPHA) != 0 ? 1 : 0)
        return (Int(image.width), Int(image.height), channels, format & png_uint_32(PNG_FORMAT_FLAG_LINEAR) != 0)
    }

    /// Decodes to the file's channels as 8-bit pixels, `height × width × channels` bytes.
    /// - Throws: `DLError.invalidFile` naming `path` when the data is not a PNG image libpng can
    ///   decode (corrupt or truncated).
    static func decode(_ data: [UInt8], path: String) throws -> (pixels: [UInt8], width: Int, height: Int, channels: Int) {
        let info = try header(data, path: path)
        guard info.width * info.height <= 1 << 28 else {
            throw DLError.invalidFile(path: path, reason: "PNG image of \(info.width) × \(info.height) pixels is too large")
        }
        if !info.sixteenBit {
            let decoded = try PNG.decode(data, channels: info.channels, path: path)
            return (decoded.pixels, info.width, info.height, info.channels)
        }
        // 16-bit: read the samples as they are (linear, no gamma step) and keep the high byte.
        var image = png_image()
        image.version = png_uint_32(PNG_IMAGE_VERSION)
        let opened = data.withUnsafeBytes { png_image_begin_read_from_memory(&image, $0.baseAddress, $0.count) }
        guard opened != 0 else { throw DLError.invalidFile(path: path, reason: "not a PNG image: \(message(&image))") }
        let count = info.width * info.height * info.channels
        image.format = (info.channels >= 3 ? png_uint_32(PNG_FORMAT_FLAG_COLOR) : 0)
            | (info.channels % 2 == 0 ? png_uint_32(PNG_FORMAT_FLAG_ALPHA) : 0) | png_uint_32(PNG_FORMAT_FLAG_LINEAR)
        var samples = [UInt16](repeating: 0, count: count)
        let finished = samples.withUnsafeMutableBytes { bytes in
            png_image_finish_read(&image, nil, bytes.baseAddress, png_int_32(info.width * info.channels), nil)
        }
        guard finished != 0 else { throw DLError.invalidFile(path: path, reason: "corrupt PNG image: \(message(&image))") }
        var pixels = [UInt8](repeating: 0, count: count)
        samples.withUnsafeBufferPointer { source in
            pixels.withUnsafeMutableBufferPointer { target in
                for i in 0..<count { target[i] = UInt8(truncatingIfNeeded: source[i] >> 8) }
            }
        }
        return (pixels, info.width, info.height, info.channels)
    }

    /// libpng's own message, kept in the image's fixed-size `message` field.
    private static func message(_ image: inout png_image) -> String {
        withUnsafeBytes(of: &image.message) { bytes in
            String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
        }
    }
}
