import DLCore
import FoundationEssentials

/// Decodes a PNG or JPEG file into a `[height, width, channels]` tensor of values 0...255, with the
/// channels the file stores (1 gray, 2 gray + alpha, 3 RGB, 4 RGBA). The format is found from the
/// content, not the file name. 16-bit PNG samples become 8-bit as TensorFlow's `decode_png` does
/// (the high byte). JPEGs are decoded by libjpeg-turbo with its accurate integer IDCT.
/// - Parameter path: the image file.
/// - Throws: `DLError.fileAccess` when the file cannot be read; `DLError.invalidFile` naming the
///   file when it is neither PNG nor JPEG, or is corrupt or truncated.
public func decodeImage(_ path: String) throws -> Tensor {
    let image = try ImageDecoder.decode(path: path, channels: nil)
    return Tensor(shape: [image.height, image.width, image.channels], scalars: image.pixels.map(Float.init))
}

/// Reads image files by content (PNG or JPEG) and converts channels as TensorFlow's
/// `decode_image(channels:)` does.
package enum ImageDecoder {
    /// The formats known by their first bytes.
    enum Format { case png, jpeg }

    /// The format of `data` from its signature, or `nil`.
    static func format(of data: [UInt8]) -> Format? {
        if data.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if data.starts(with: [0xFF, 0xD8, 0xFF]) { return .jpeg }
        return nil
    }

    /// The whole file.
    /// - Throws: `DLError.fileAccess` when it cannot be read.
    static func read(_ path: String) throws -> [UInt8] {
        do {
            return try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw DLError.fileAccess(path: path, reason: "\(error)")
        }
    }

    /// Checks that the file is a PNG or JPEG whose header its decoder reads and whose end is there
    /// (PNG's IEND chunk, JPEG's end-of-image marker), without decoding the pixels: what `ImageFolder` does for every file when it is created.
    /// - Throws: `DLError.fileAccess` or `DLError.invalidFile` naming the file.
    package static func checkHeader(path: String) throws {
        let data = try read(path)
        switch format(of: data) {
        case .png:
            _ = try PNGDecoder.header(data, path: path)
            // The last chunk, IEND: length 0, type, CRC.
            guard data.suffix(12).elementsEqual([0, 0, 0, 0, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82]) else {
                throw DLError.invalidFile(path: path, reason: "truncated PNG image: it does not end with the IEND chunk")
            }
        case .jpeg:
            _ = try JPEGDecoder.header(data, path: path)
            // The end-of-image marker FF D9, allowing a little padding after it.
            guard data.suffix(64).indices.contains(where: { $0 + 1 < data.count && data[$0] == 0xFF && data[$0 + 1] == 0xD9 }) else {
                throw DLError.invalidFile(path: path, reason: "truncated JPEG image: no end-of-image marker (FF D9)")
            }
        case nil: throw unknownFormat(path)
        }
    }

    /// Decodes the file with `channels` channels (1 or 3), or as stored when `nil`.
    /// - Throws: `DLError.fileAccess` or `DLError.invalidFile` naming the file.
    package static func decode(path: String, channels: Int?) throws -> (pixels: [UInt8], width: Int, height: Int, channels: Int) {
        let data = try read(path)
        switch format(of: data) {
        case .jpeg:
            return try JPEGDecoder.decode(data, channels: channels, path: path)
        case .png:
            let image = try PNGDecoder.decode(data, path: path)
            guard let channels, channels != image.channels else { return image }
            let pixels = convert(image.pixels, from: image.channels, to: channels, pixelCount: image.width * image.height)
            return (pixels, image.width, image.height, channels)
        case nil:
            throw unknownFormat(path)
        }
    }

    /// Converts interleaved 8-bit pixels between channel counts as TensorFlow's `decode_png` does:
    /// alpha dropped, gray replicated to RGB, RGB to gray with the fixed-point weights libpng derives
    /// from TensorFlow's `png_set_rgb_to_gray(0.299, 0.587)`: 9797, 19235 and 3736 in 1/32768ths,
    /// truncated.
    static func convert(_ pixels: [UInt8], from source: Int, to target: Int, pixelCount: Int) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: pixelCount * target)
        pixels.withUnsafeBufferPointer { input in
            output.withUnsafeMutableBufferPointer { out in
                for p in 0..<pixelCount {
                    let s = p * source, t = p * target
                    if source <= 2 {
                        let gray = input[s]
                        for c in 0..<target { out[t + c] = gray }
                    } else if target == 1 {
                        let weighted = 9797 * UInt32(input[s]) + 19235 * UInt32(input[s + 1]) + 3736 * UInt32(input[s + 2])
                        out[t] = UInt8(truncatingIfNeeded: weighted >> 15)
                    } else {
                        out[t] = input[s]; out[t + 1] = input[s + 1]; out[t + 2] = input[s + 2]
                    }
                }
            }
        }
        return output
    }

    private static func unknownFormat(_ path: String) -> DLError {
        DLError.invalidFile(path: path, reason: "not a PNG or JPEG image (unknown signature)")
    }
}
