import DLData
import DL
import DLTestSupport
import Foundation
import XCTest

/// Resizing against TensorFlow's `tf.image.resize` and Keras's `image_dataset_from_directory` of the same pixels.
final class ImageResizeTests: XCTestCase {
    func testBilinearResizeMatchesTensorFlow() throws {
        let image = try ImageDecoder.decode(path: ImageFixtures.path("rgb8.png"), channels: 3)
        for (height, width) in [(3, 9), (11, 2), (6, 4)] {
            var output = [Float](repeating: .nan, count: height * width * 3)
            output.withUnsafeMutableBufferPointer { out in
                ImageResize.resize(image.pixels, height: image.height, width: image.width, channels: 3,
                                   outHeight: height, outWidth: width, into: out.baseAddress!)
            }
            let reference = try ImageFixtures.reference("rgb8.png:resize\(height)x\(width)")
            XCTAssertEqual(reference.shape, [height, width, 3])
            assertTensorsClose(Tensor(shape: [height, width, 3], scalars: output), reference, accuracy: 1e-4)
        }
    }

    /// `ImageFolder(interpolation:cropToAspectRatio:)` on Tests/Fixtures/Images/folder against Keras's
    /// `image_dataset_from_directory` (resize_methods.json, written by generate_folder_interpolations.py;
    /// values rounded to 4 decimals there), every interpolation, down and up, with and without the crop.
    func testEveryInterpolationMatchesKerasImageDatasetFromDirectory() throws {
        let data = try XCTUnwrap(FileManager.default.contents(atPath: ImageFixtures.path("resize_methods.json")))
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let cases = try XCTUnwrap(json["cases"] as? [[String: Any]])
        XCTAssertEqual(cases.count, 24)
        for item in cases {
            let text = try XCTUnwrap(item["interpolation"] as? String)
            let interpolation = try XCTUnwrap(ResizeInterpolation(rawValue: text))
            let height = try XCTUnwrap(item["height"] as? Int), width = try XCTUnwrap(item["width"] as? Int)
            let crop = try XCTUnwrap(item["crop_to_aspect_ratio"] as? Bool)
            let expected = Tensor(shape: try XCTUnwrap(item["shape"] as? [Int]),
                                  scalars: try XCTUnwrap(item["values"] as? [Double]).map(Float.init))
            let images = try ImageFolder(directory: ImageFixtures.path("folder"), imageSize: (height: height, width: width),
                                         batchSize: 8, shuffle: false, interpolation: interpolation, cropToAspectRatio: crop)
            let x = try XCTUnwrap(Array(images.dataset).first?.x[0])
            // Pixels are 0...255: 2e-4 is float32 rounding of TensorFlow's different order of sums plus the fixture's rounding.
            assertTensorsClose(x, expected, accuracy: 2e-4, "\(text) \(height)×\(width) crop=\(crop)")
        }
    }
}
