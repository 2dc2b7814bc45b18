import DLData
import DL
import DLTestSupport
import XCTest

/// Bilinear resizing against TensorFlow's `tf.image.resize` of the same pixels.
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
}
