import DL
import Foundation

/// Writes a real image folder from Fashion-MNIST for the image-folder tests: one sub-folder per
/// chosen class (named by Keras's class names), the first `perClass` training images of each class
/// as files, alternately PNG (grayscale) and JPEG (RGB, the gray replicated, quality 90), so that a
/// folder exercises both decoders and a colour conversion.
public enum FashionImageFolder {
    /// Fashion-MNIST's class names, by label.
    public static let classNames = ["t_shirt", "trouser", "pullover", "dress", "coat",
                                    "sandal", "shirt", "sneaker", "bag", "ankle_boot"]

    /// Writes the images into `folder` (created if needed) and returns how many files of each format it wrote.
    /// - Parameters:
    ///   - images: Fashion-MNIST images `[N, 28, 28]` (or `[N, 28, 28, 1]`), 0...255, as `FashionMNIST.loadData()` gives them.
    ///   - labels: their labels `[N]`.
    ///   - classes: the labels to write (each a sub-folder).
    ///   - perClass: how many images of each class.
    /// - Throws: `DLError` when an encoder refuses an image, or the file system's error.
    @discardableResult
    public static func write(into folder: String, images: Tensor, labels: Tensor, classes: [Int], perClass: Int) throws
        -> (png: Int, jpeg: Int) {
        let side = images.shape[1], pixelsPerImage = side * images.shape[2]
        let pixels = images.scalars, ids = labels.scalars.map { Int($0) }
        var written = [Int: Int](), formats = (png: 0, jpeg: 0)
        for name in classes.map({ classNames[$0] }) {
            try FileManager.default.createDirectory(atPath: folder + "/" + name, withIntermediateDirectories: true)
        }
        for (i, label) in ids.enumerated() where classes.contains(label) && written[label, default: 0] < perClass {
            let index = written[label, default: 0]
            written[label] = index + 1
            let gray = pixels[(i * pixelsPerImage)..<((i + 1) * pixelsPerImage)].map { UInt8(Swift.max(0, Swift.min(255, $0.rounded()))) }
            let path = folder + "/\(classNames[label])/\(String(format: "%04d", index))"
            if index % 2 == 0 {
                try Data(PNG.encode(pixels: gray, width: side, height: side, channels: 1)).write(to: URL(fileURLWithPath: path + ".png"))
                formats.png += 1
            } else {
                let rgb = gray.flatMap { [$0, $0, $0] }
                try Data(JPEG.encode(pixels: rgb, width: side, height: side, channels: 3, quality: 90))
                    .write(to: URL(fileURLWithPath: path + ".jpg"))
                formats.jpeg += 1
            }
        }
        return formats
    }
}
