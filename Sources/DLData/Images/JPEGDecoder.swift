import CJPEG
import DLCore

/// JPEG decoding through libjpeg-turbo (baseline and progressive; grayscale and YCbCr/RGB), with
/// libjpeg's accurate integer IDCT (`JDCT_ISLOW`) and its fancy upsampling, as Pillow decodes.
enum JPEGDecoder {
    /// Width, height and stored channels (1 for grayscale, 3 for colour) from the header alone.
    /// - Throws: `DLError.invalidFile` naming `path` when libjpeg cannot read the header.
    static func header(_ data: [UInt8], path: String) throws -> (width: Int, height: Int, channels: Int) {
        var width: Int32 = 0, height: Int32 = 0, stored: Int32 = 0
        var message = [CChar](repeating: 0, count: Int(cjpeg_message_length()))
        let status = data.withUnsafeBufferPointer { bytes in
            cjpeg_decode(bytes.baseAddress, UInt(bytes.count), 0, nil, &width, &height, &stored, &message)
        }
        guard status == 0 else { throw corrupt(path, message) }
        return (Int(width), Int(height), Int(stored))
    }

    /// Decodes to 8-bit pixels, `height × width × channels` bytes, row-major and interleaved.
    /// `channels` is `nil` (as stored), 1 (libjpeg's grayscale: the luma of YCbCr images) or 3
    /// (RGB; grayscale images replicated), as TensorFlow's `decode_jpeg(channels:)`.
    /// - Throws: `DLError.invalidFile` naming `path` when the data is not a JPEG image libjpeg can
    ///   decode, is truncated or is CMYK.
    static func decode(_ data: [UInt8], channels: Int?, path: String) throws
        -> (pixels: [UInt8], width: Int, height: Int, channels: Int)
    {
        let info = try header(data, path: path)
        guard info.width * info.height <= 1 << 28 else {
            throw DLError.invalidFile(path: path, reason: "JPEG image of \(info.width) × \(info.height) pixels is too large")
        }
        let wanted = channels ?? info.channels
        var pixels = [UInt8](repeating: 0, count: info.width * info.height * wanted)
        var width: Int32 = 0, height: Int32 = 0, stored: Int32 = 0
        var message = [CChar](repeating: 0, count: Int(cjpeg_message_length()))
        let status = pixels.withUnsafeMutableBufferPointer { output in
            data.withUnsafeBufferPointer { bytes in
                cjpeg_decode(bytes.baseAddress, UInt(bytes.count), Int32(wanted), output.baseAddress,
                             &width, &height, &stored, &message)
            }
        }
        guard status == 0 else { throw corrupt(path, message) }
        return (pixels, info.width, info.height, wanted)
    }

    private static func corrupt(_ path: String, _ message: [CChar]) -> DLError {
        let text = String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return DLError.invalidFile(path: path, reason: "corrupt or truncated JPEG image: \(text)")
    }
}
