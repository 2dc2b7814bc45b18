import Foundation

/// Tiles images into one picture, `columns` to a row (samples of a data set, an autoencoder's
/// reconstructions, a VAE's generations), shown enlarged with sharp pixels. In a notebook the
/// grid shows below the cell; `write(to:)` saves it.
///
/// `[N, H, W, C] → one PNG of ceil(N / columns) rows`, C = 1 (gray) or 3 (RGB); `[N, H, W]` is
/// taken as gray. Values are read as [0, 255] when any exceeds 1, otherwise as [0, 1]; values
/// outside the range are clipped. Tiles are 2 white pixels apart. The PNG is embedded in the
/// SVG (`data:image/png;base64`), scaled by a whole factor (×3 for 28×28 images) with
/// `image-rendering: pixelated`.
/// - Parameters:
///   - images: the images, `[N, H, W, C]`; a wrong rank or channel count stops the program
///     with a message naming the shape.
///   - columns: images per row (fewer when there are fewer images).
public func imageGrid(_ images: Tensor, columns: Int = 8) -> SVG {
    let svg = ImageGrid.plot(images, columns: columns)
    display(svg)
    return svg
}

/// The drawing of `imageGrid(_:columns:)`.
package enum ImageGrid {
    /// White pixels between tiles.
    package static let gap = 2

    /// The images tiled into one 8-bit picture (rows of `columns`, `gap` white pixels between
    /// tiles and in unused slots).
    package static func tiled(_ images: Tensor, columns: Int) -> (pixels: [UInt8], width: Int, height: Int, channels: Int) {
        let shape = images.shape
        check(shape.count == 4 || shape.count == 3,
              "imageGrid: images must be [N, H, W, C] (or [N, H, W] for gray). Received: shape \(shape)")
        let channels = shape.count == 4 ? shape[3] : 1
        check(channels == 1 || channels == 3, "imageGrid: images must have 1 (gray) or 3 (RGB) channels. Received: shape \(shape)")
        check(columns >= 1, "imageGrid: columns must be at least 1. Received: columns \(columns)")
        let (count, tileHeight, tileWidth) = (shape[0], shape[1], shape[2])
        check(count > 0 && tileHeight > 0 && tileWidth > 0, "imageGrid: no images to draw. Received: shape \(shape)")
        let columnCount = min(columns, count), rowCount = (count + columnCount - 1) / columnCount
        let width = columnCount * tileWidth + (columnCount - 1) * gap
        let height = rowCount * tileHeight + (rowCount - 1) * gap
        var pixels = [UInt8](repeating: 255, count: width * height * channels)
        images.withUnsafeBufferPointer { values in
            let largest = values.lazy.filter(\.isFinite).max() ?? 0
            let factor: Float = largest > 1 ? 1 : 255
            pixels.withUnsafeMutableBufferPointer { out in
                let rowLength = tileWidth * channels
                for image in 0..<count {
                    let originX = (image % columnCount) * (tileWidth + gap), originY = (image / columnCount) * (tileHeight + gap)
                    for row in 0..<tileHeight {
                        let source = (image * tileHeight + row) * rowLength
                        let target = ((originY + row) * width + originX) * channels
                        for index in 0..<rowLength {
                            let value = values[source + index] * factor
                            out[target + index] = value.isNaN ? 0 : UInt8(min(max(value, 0), 255).rounded())
                        }
                    }
                }
            }
        }
        return (pixels, width, height, channels)
    }

    /// The whole factor the grid is enlarged by: tiles about 84 pixels across (×3 for 28×28),
    /// at least ×1, and the grid at most 1,200 pixels wide where it can.
    package static func scale(tileSide: Int, gridWidth: Int) -> Int {
        var scale = max(1, 84 / max(tileSide, 1))
        while scale > 1 && gridWidth * scale > 1200 { scale -= 1 }
        return scale
    }

    /// The SVG: one `<image>` holding the tiled PNG.
    package static func plot(_ images: Tensor, columns: Int) -> SVG {
        let grid = tiled(images, columns: columns)
        let png: [UInt8]
        do {
            png = try PNG.encode(pixels: grid.pixels, width: grid.width, height: grid.height, channels: grid.channels)
        } catch {
            trap("imageGrid: the grid of \(grid.width) × \(grid.height) pixels cannot be encoded: \(error). "
                 + "Received: shape \(images.shape)")
        }
        let factor = Double(scale(tileSide: max(images.shape[1], images.shape[2]), gridWidth: grid.width))
        let width = Double(grid.width) * factor, height = Double(grid.height) * factor
        var canvas = SVGCanvas(width: width, height: height)
        let uri = "data:image/png;base64," + Data(png).base64EncodedString()
        canvas.append("<image" + SVGCanvas.attributes([
            ("x", "0"), ("y", "0"), ("width", svgNumber(width)), ("height", svgNumber(height)),
            ("preserveAspectRatio", "none"), ("image-rendering", "optimizeSpeed"),
            ("style", "image-rendering: pixelated"), ("href", uri), ("xlink:href", uri),
        ]) + "/>")
        return canvas.finish()
    }
}
