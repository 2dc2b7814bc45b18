import DL
import FoundationXML
import Foundation
import XCTest

/// Image grids: the embedded PNG decodes back to the tiles, in place, with white gaps; ranges,
/// channels and the enlargement.
final class ImageGridTests: XCTestCase {
    /// The `<image>` element and its PNG decoded with `channels` channels.
    private func image(_ svg: SVG, channels: Int) throws -> (element: XMLElement, pixels: [UInt8], width: Int, height: Int) {
        let root = try PlotXML.parse(svg)
        let images = PlotXML.all("image", in: root)
        XCTAssertEqual(images.count, 1)
        let hrefs = PlotXML.values(images[0], localName: "href")
        XCTAssertEqual(hrefs.count, 2, "href and xlink:href")
        let href = hrefs[0]
        XCTAssertEqual(hrefs[1], href)
        let prefix = "data:image/png;base64,"
        XCTAssertTrue(href.hasPrefix(prefix))
        let data = try XCTUnwrap(Data(base64Encoded: String(href.dropFirst(prefix.count))))
        let decoded = try PNG.decode(Array(data), channels: channels)
        return (images[0], decoded.pixels, decoded.width, decoded.height)
    }

    /// Three 2×2 gray images in [0, 1], two to a row: a 6×6 grid (2-pixel gaps), the fourth slot
    /// white. Image k's pixel (r, c) is (4k + 2r + c) / 11, stored as round(255 v).
    func testTilesDecodeToTheirPixelsInPlace() throws {
        let images = Tensor(shape: [3, 2, 2, 1], scalars: (0..<12).map { Float($0) / 11 })
        let grid = try image(imageGrid(images, columns: 2), channels: 1)
        XCTAssertEqual(grid.width, 6)
        XCTAssertEqual(grid.height, 6)
        let byte = { (value: Int) in UInt8((Float(value) / 11 * 255).rounded()) }
        var expected = [UInt8](repeating: 255, count: 36)
        for k in 0..<3 {
            for r in 0..<2 {
                for c in 0..<2 { expected[((k / 2) * 4 + r) * 6 + (k % 2) * 4 + c] = byte(4 * k + 2 * r + c) }
            }
        }
        XCTAssertEqual(grid.pixels, expected)
        XCTAssertEqual(Array(grid.pixels[0..<6]), [0, byte(1), 255, 255, byte(4), byte(5)])
        // 2×2 tiles are enlarged 42 times (84 / 2): 252 × 252.
        XCTAssertEqual(PlotXML.value(grid.element, "width"), "252")
        XCTAssertEqual(PlotXML.value(grid.element, "style"), "image-rendering: pixelated")
    }

    func testValuesAbove1AreReadAs0To255AndClipped() throws {
        let images = Tensor(shape: [1, 1, 4, 1], scalars: [0, 100.4, 300, -5])
        XCTAssertEqual(try image(imageGrid(images), channels: 1).pixels, [0, 100, 255, 0])
        let unit = Tensor(shape: [1, 1, 3], scalars: [0.5, 1, -0.2])   // [N, H, W]: gray
        XCTAssertEqual(try image(imageGrid(unit), channels: 1).pixels, [128, 255, 0])
    }

    func testColourImagesKeepTheirChannels() throws {
        let images = Tensor(shape: [2, 1, 1, 3], scalars: [1, 0, 0, 0, 0, 1])
        let grid = try image(imageGrid(images, columns: 8), channels: 3)
        XCTAssertEqual(grid.width, 4, "two tiles and a gap: fewer images than columns")
        XCTAssertEqual(grid.pixels, [255, 0, 0, 255, 255, 255, 255, 255, 255, 0, 0, 255])
    }

    func testDigitsAreEnlargedThreeTimes() throws {
        let svg = imageGrid(Tensor.zeros([16, 28, 28, 1]), columns: 8)
        let root = try PlotXML.parse(svg)
        XCTAssertEqual(PlotXML.value(root, "width"), "714")   // (8 × 28 + 7 × 2) × 3
        XCTAssertEqual(PlotXML.value(root, "height"), "174")  // (2 × 28 + 2) × 3
        XCTAssertEqual(ImageGrid.scale(tileSide: 105, gridWidth: 105), 1)
        XCTAssertEqual(ImageGrid.scale(tileSide: 28, gridWidth: 16 * 30), 2, "at most 1,200 pixels wide")
    }

    func testWrongChannelsStop() {
        assertTraps(stderrContains: ["imageGrid: images must have 1 (gray) or 3 (RGB) channels", "[2, 4, 4, 2]"]) {
            _ = imageGrid(Tensor.zeros([2, 4, 4, 2]))
        }
    }
}
