import DL
import DLTestSupport
import XCTest

final class RandomFlipTests: XCTestCase {
    /// Flips by definition: reversed along the width, the height, or both, for the images drawn.
    func testFlipsByDefinition() {
        let x = Tensor(shape: [2, 2, 3, 1], scalars: (0..<12).map(Float.init))
        XCTAssertEqual(RandomFlip(.horizontal).apply(x, flips: [true, false]).scalars, [2, 1, 0, 5, 4, 3, 6, 7, 8, 9, 10, 11])
        XCTAssertEqual(RandomFlip(.vertical).apply(x, flips: [false, true]).scalars, [0, 1, 2, 3, 4, 5, 9, 10, 11, 6, 7, 8])
        XCTAssertEqual(RandomFlip().apply(x, flips: [true, true]).scalars, [5, 4, 3, 2, 1, 0, 11, 10, 9, 8, 7, 6])
        // Channels move together.
        let rgb = Tensor(shape: [1, 1, 2, 2], scalars: [1, 2, 3, 4])
        XCTAssertEqual(RandomFlip(.horizontal).apply(rgb, flips: [true]).scalars, [3, 4, 1, 2])
    }

    func testSeededAndIdentityOutsideTraining() {
        PreprocessingFixtures.assertSeededAndIdentity { RandomFlip(seed: 9) }
        // Every output image is the input or its flip.
        let x = PreprocessingFixtures.images([8, 3, 4, 1]), layer = RandomFlip(.horizontal, seed: 2)
        let y = layer(x, training: true)
        var flipped = 0
        for b in 0..<8 {
            let image = x.slice(axis: 0, b..<(b + 1)), out = y.slice(axis: 0, b..<(b + 1)).scalars
            let mirror = RandomFlip(.horizontal).apply(image, flips: [true]).scalars
            XCTAssertTrue(out == image.scalars || out == mirror)
            if out == mirror { flipped += 1 }
        }
        XCTAssertTrue((1...7).contains(flipped), "\(flipped) of 8 flipped")
    }

    func testConfigAndErrors() throws {
        let layer = try XCTUnwrap(try RandomFlip.fromConfig(["mode": "vertical", "seed": 3]) as? RandomFlip)
        XCTAssertEqual(layer.mode, .vertical)
        XCTAssertEqual(layer.seed, 3)
        XCTAssertThrowsError(try RandomFlip.fromConfig(["mode": "diagonal"])) { error in
            XCTAssertTrue("\(error)".hasSuffix("Received: mode=diagonal"), "\(error)")
        }
    }

    /// In `Dataset.map`, called with `training: true`: every image comes out as itself or its mirror.
    func testInDatasetMap() throws {
        let x = PreprocessingFixtures.images([12, 3, 4, 1]), y = Tensor(repeating: 0, shape: [12, 1])
        let flip = RandomFlip(.horizontal, seed: 4)
        let data = try Dataset(x: x, y: y).batched(4).map { batch in ([flip(batch.x[0], training: true)], batch.y) }
        var flipped = 0, seen = 0
        for batch in data {
            for b in 0..<batch.x[0].shape[0] {
                let out = batch.x[0].slice(axis: 0, b..<(b + 1)).scalars
                let image = x.slice(axis: 0, (seen + b)..<(seen + b + 1))
                let mirror = RandomFlip(.horizontal).apply(image, flips: [true]).scalars
                XCTAssertTrue(out == image.scalars || out == mirror)
                if out == mirror && out != image.scalars { flipped += 1 }
            }
            seen += batch.x[0].shape[0]
        }
        XCTAssertEqual(seen, 12)
        XCTAssertTrue((1...11).contains(flipped), "\(flipped) of 12 flipped")
    }

    /// `fit` calls the layer with `training: true`: its seeded generator has moved on afterwards.
    func testFitDrawsFromTheLayer() throws {
        let flip = RandomFlip(seed: 11)
        let model = Sequential([InputLayer(shape: [3, 4, 1]), flip, Flatten(), Dense(1)])
        model.compile(optimizer: SGD(learningRate: 0.01), loss: .meanSquaredError)
        let x = PreprocessingFixtures.images([16, 3, 4, 1])
        _ = try model.fit(x: x, y: Tensor(repeating: 0, shape: [16, 1]), batchSize: 16, epochs: 1, verbose: 0)
        let fresh = RandomFlip(seed: 11)
        XCTAssertNotEqual(flip(x, training: true).scalars, fresh(x, training: true).scalars)
        XCTAssertEqual(flip(x, training: false).scalars, x.scalars)
    }
}
