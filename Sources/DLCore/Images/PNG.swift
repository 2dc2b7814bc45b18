import CPNG

/// PNG encoding and decoding through libpng's simplified API (`png_image_*`), for plots, TensorBoard
/// image summaries and image folders.
public enum PNG {
    /// Encodes 8-bit pixels, row-major and interleaved (`height × width × channels` bytes), as a PNG file.
    /// `channels` is 1 (gray), 2 (gray + alpha), 3 (RGB) or 4 (RGBA).
    /// - Throws: `DLError.invalidArgument` when the sizes do not fit the pixels or libpng refuses them.
    public static func encode(pixels: [UInt8], width: Int, height: Int, channels: Int) throws -> [UInt8] {
        let context = "PNG.encode(pixels:width:height:channels:)"
        guard let format = pixelFormat(channels: channels) else {
            throw DLError.invalidArgument(context: context, message: "channels must be 1, 2, 3 or 4. Received: \(channels)")
        }
        guard width > 0, height > 0, width < 1 << 24, height < 1 << 24 else {
            throw DLError.invalidArgument(context: context, message: "width and height must be positive and below 2^24. Received: \(width) × \(height)")
        }
        guard pixels.count == width * height * channels else {
            throw DLError.invalidArgument(
                context: context,
                message: "\(width) × \(height) × \(channels) = \(width * height * channels) bytes expected. Received: \(pixels.count)")
        }
        var image = png_image()
        image.version = png_uint_32(PNG_IMAGE_VERSION)
        image.width = png_uint_32(width)
        image.height = png_uint_32(height)
        image.format = format
        var size: png_alloc_size_t = 0
        // A first call with no buffer measures; the second writes.
        let measured = pixels.withUnsafeBytes { bytes in
            png_image_write_to_memory(&image, nil, &size, 0, bytes.baseAddress, png_int_32(width * channels), nil)
        }
        guard measured != 0, size > 0 else { throw failure(&image, context: context) }
        var output = [UInt8](repeating: 0, count: Int(size))
        let written = output.withUnsafeMutableBytes { outputBytes in
            pixels.withUnsafeBytes { bytes in
                png_image_write_to_memory(&image, outputBytes.baseAddress, &size, 0, bytes.baseAddress, png_int_32(width * channels), nil)
            }
        }
        guard written != 0 else { throw failure(&image, context: context) }
        return Array(output.prefix(Int(size)))
    }

    /// Decodes a PNG file's bytes into 8-bit pixels with `channels` channels (1, 2, 3 or 4; libpng converts
    /// gray, palette, 16-bit and alpha as needed).
    /// - Throws: `DLError.invalidFile` naming `path` when the bytes are not a PNG image libpng can read.
    public static func decode(_ data: [UInt8], channels: Int, path: String = "<memory>") throws -> (pixels: [UInt8], width: Int, height: Int) {
        guard let format = pixelFormat(channels: channels) else {
            throw DLError.invalidArgument(context: "PNG.decode(_:channels:)", message: "channels must be 1, 2, 3 or 4. Received: \(channels)")
        }
        var image = png_image()
        image.version = png_uint_32(PNG_IMAGE_VERSION)
        let opened = data.withUnsafeBytes { png_image_begin_read_from_memory(&image, $0.baseAddress, $0.count) }
        guard opened != 0 else { throw DLError.invalidFile(path: path, reason: "not a PNG image: \(message(&image))") }
        image.format = format
        let width = Int(image.width), height = Int(image.height)
        guard width * height <= 1 << 28 else {
            png_image_free(&image)
            throw DLError.invalidFile(path: path, reason: "PNG image of \(width) × \(height) pixels is too large")
        }
        var pixels = [UInt8](repeating: 0, count: width * height * channels)
        let finished = pixels.withUnsafeMutableBytes { bytes in
            data.withUnsafeBytes { _ in
                png_image_finish_read(&image, nil, bytes.baseAddress, png_int_32(width * channels), nil)
            }
        }
        guard finished != 0 else { throw DLError.invalidFile(path: path, reason: "corrupt PNG image: \(message(&image))") }
        return (pixels, width, height)
    }

    private static func pixelFormat(channels: Int) -> png_uint_32? {
        switch channels {
        // PNG_FORMAT_GA and PNG_FORMAT_RGBA are compound macros Swift does not import: their flags.
        case 1: return 0
        case 2: return png_uint_32(PNG_FORMAT_FLAG_ALPHA)
        case 3: return png_uint_32(PNG_FORMAT_FLAG_COLOR)
        case 4: return png_uint_32(PNG_FORMAT_FLAG_COLOR | PNG_FORMAT_FLAG_ALPHA)
        default: return nil
        }
    }

    private static func failure(_ image: inout png_image, context: String) -> DLError {
        let reason = message(&image)
        png_image_free(&image)
        return DLError.invalidArgument(context: context, message: "libpng could not encode the image: \(reason)")
    }

    /// libpng's own message, kept in the image's fixed-size `message` field.
    private static func message(_ image: inout png_image) -> String {
        withUnsafeBytes(of: &image.message) { bytes in
            String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
        }
    }
}
