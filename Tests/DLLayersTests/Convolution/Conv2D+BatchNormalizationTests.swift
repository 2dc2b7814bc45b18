import DLLayers
import DLTestSupport
import XCTest

/// `Conv2D.callFolding`: the convolution with a following `BatchNormalization` folded into its
/// kernel and bias equals the two layers called one after the other (up to rounding) on strided,
/// 1×1, 'same' and 'valid' windows, with and without a bias, `center` or `scale`; it declines
/// (nil) whenever the normalization would use the batch's statistics or gradients are recorded;
/// its kept weights follow every write of the six variables they come from.
final class Conv2DBatchNormalizationTests: XCTestCase {
    /// A built convolution and normalization with random weights and statistics (variance positive).
    private func makeLayers(inputShape: [Int], filters: Int, kernelSize: (Int, Int), strides: (Int, Int),
                            padding: Padding, useBias: Bool = true, center: Bool = true, scale: Bool = true,
                            axis: Int = -1, seed: UInt64) throws -> (Conv2D, BatchNormalization) {
        let conv = Conv2D(filters, kernelSize: kernelSize, strides: strides, padding: padding, useBias: useBias)
        try conv.buildIfNeeded([inputShape])
        let normalization = BatchNormalization(axis: axis, center: center, scale: scale)
        try normalization.buildIfNeeded([try conv.computeOutputShape(inputShape)])
        conv.bias?.value = Tensor.randomNormal([filters], seed: seed)
        normalization.gamma?.value = Tensor.randomUniform([filters], min: 0.5, max: 2, seed: seed + 1)
        normalization.beta?.value = Tensor.randomNormal([filters], seed: seed + 2)
        normalization.movingMean?.value = Tensor.randomNormal([filters], seed: seed + 3)
        normalization.movingVariance?.value = Tensor.randomUniform([filters], min: 0.2, max: 3, seed: seed + 4)
        return (conv, normalization)
    }

    /// The two layers unfused, at inference, then ReLU with `relu`.
    private func unfused(_ conv: Conv2D, _ normalization: BatchNormalization, _ x: Tensor, relu withReLU: Bool) -> Tensor {
        let y = normalization(conv(x, training: false), training: false)
        return withReLU ? relu(y) : y
    }

    /// Asserts `actual` ≈ `expected`: every difference within 2e-5 of the largest |expected| (the
    /// two round differently: the folded kernel's products, and Winograd's transforms of either).
    private func assertClose(_ actual: Tensor?, _ expected: Tensor, _ what: String,
                             file: StaticString = #filePath, line: UInt = #line) throws {
        let actual = try XCTUnwrap(actual, what, file: file, line: line)
        XCTAssertEqual(actual.shape, expected.shape, what, file: file, line: line)
        let largest = expected.scalars.map(abs).max() ?? 0
        let worst = zip(actual.scalars, expected.scalars).map { abs($0 - $1) }.max() ?? 0
        XCTAssertLessThanOrEqual(worst, 2e-5 * largest, what, file: file, line: line)
        XCTAssertGreaterThan(largest, 0, what, file: file, line: line)
    }

    func testFoldedCallEqualsTheTwoLayersOnOddShapes() throws {
        let cases: [(shape: [Int], filters: Int, kernel: (Int, Int), strides: (Int, Int), padding: Padding,
                     useBias: Bool, center: Bool, scale: Bool, axis: Int)] = [
            ([9, 7, 3], 5, (3, 3), (2, 2), .same, true, true, true, -1),
            ([6, 5, 4], 6, (1, 1), (1, 1), .valid, false, true, true, 3),
            ([8, 8, 16], 16, (3, 3), (1, 1), .same, true, false, true, -1),   // Winograd
            ([10, 7, 2], 4, (3, 3), (2, 1), .valid, true, true, false, -1),
            ([7, 9, 3], 3, (5, 3), (1, 2), .valid, false, false, false, -1),
            ([5, 5, 8], 7, (1, 1), (2, 2), .same, true, true, true, -1),
        ]
        for (index, c) in cases.enumerated() {
            let (conv, normalization) = try makeLayers(inputShape: c.shape, filters: c.filters, kernelSize: c.kernel,
                                                       strides: c.strides, padding: c.padding, useBias: c.useBias,
                                                       center: c.center, scale: c.scale, axis: c.axis, seed: UInt64(10 * index))
            XCTAssertTrue(conv.canFold(normalization), "case \(index)")
            let x = Tensor.randomNormal([3] + c.shape, seed: UInt64(10 * index + 7))
            for withReLU in [false, true] {
                let folded = conv.callFolding(normalization, x, relu: withReLU, training: false)
                try assertClose(folded, unfused(conv, normalization, x, relu: withReLU), "case \(index), relu \(withReLU)")
            }
        }
    }

    func testFoldingIsRefusedForAnActivationBetweenOrAnotherAxis() throws {
        let relu = Conv2D(4, kernelSize: 3, activation: .relu)
        XCTAssertFalse(relu.canFold(BatchNormalization()))
        let conv = Conv2D(4, kernelSize: 3)
        XCTAssertFalse(conv.canFold(BatchNormalization(axis: 1)))
        XCTAssertFalse(conv.canFold(BatchNormalization(axis: 2)))
        XCTAssertTrue(conv.canFold(BatchNormalization(axis: 3)))
    }

    func testTheCallDeclinesWhereTheNormalizationUsesTheBatchOrGradientsAreRecorded() throws {
        let (conv, normalization) = try makeLayers(inputShape: [6, 6, 3], filters: 4, kernelSize: (3, 3), strides: (1, 1),
                                                   padding: .same, seed: 3)
        let x = Tensor.randomNormal([2, 6, 6, 3], seed: 4)
        let mean = try XCTUnwrap(normalization.movingMean).storedValue
        XCTAssertNil(conv.callFolding(normalization, x, relu: false, training: true))
        XCTAssertEqual(try XCTUnwrap(normalization.movingMean).storedValue, mean, "a declined call changes nothing")
        let kernel = try XCTUnwrap(conv.kernel)
        _ = valueWithGradient(wrt: [kernel]) {
            XCTAssertNil(conv.callFolding(normalization, x, relu: false, training: false), "recording gradients")
            return conv(x, training: false).sum()
        }
        // A frozen normalization runs on its moving statistics even in training (Keras), so it folds.
        normalization.trainable = false
        try assertClose(conv.callFolding(normalization, x, relu: true, training: true),
                        relu(normalization(conv(x, training: true), training: true)), "frozen, training")
        XCTAssertEqual(try XCTUnwrap(normalization.movingMean).storedValue, mean)
    }

    func testTheCallDeclinesWhereAFoldedWeightWouldNotBeFinite() throws {
        let conv = Conv2D(2, kernelSize: 1)
        try conv.buildIfNeeded([[3, 3, 2]])
        let normalization = BatchNormalization(epsilon: 0)
        try normalization.buildIfNeeded([[3, 3, 2]])
        normalization.movingVariance?.value = Tensor([1, 0])
        XCTAssertNil(conv.callFolding(normalization, Tensor.randomNormal([1, 3, 3, 2], seed: 1), relu: false, training: false))
    }

    /// Each of the six variables written after a folded call (by `value =` and by `assign`) shows
    /// in the next folded call.
    func testTheKeptFoldedWeightsFollowEveryWrite() throws {
        let (conv, normalization) = try makeLayers(inputShape: [8, 8, 16], filters: 16, kernelSize: (3, 3), strides: (1, 1),
                                                   padding: .same, seed: 20)
        let x = Tensor.randomNormal([2, 8, 8, 16], seed: 21)
        let variables = [conv.kernel, conv.bias, normalization.gamma, normalization.beta, normalization.movingMean,
                         normalization.movingVariance].compactMap { $0 }
        XCTAssertEqual(variables.count, 6)
        var seed: UInt64 = 30
        for variable in variables {
            for useAssign in [false, true] {
                let before = try XCTUnwrap(conv.callFolding(normalization, x, relu: true, training: false))
                try assertClose(before, unfused(conv, normalization, x, relu: true), "before writing \(variable.name)")
                seed += 1
                let newValue = variable === conv.kernel ? Tensor.randomNormal(variable.shape, stddev: 0.1, seed: seed)
                    : Tensor.randomUniform(variable.shape, min: 0.5, max: 1.5, seed: seed)
                if useAssign { variable.assign(newValue) } else { variable.value = newValue }
                let after = conv.callFolding(normalization, x, relu: true, training: false)
                try assertClose(after, unfused(conv, normalization, x, relu: true), "after writing \(variable.name)")
                XCTAssertNotEqual(after, before, "\(variable.name) changed the output")
            }
        }
    }

    /// With a residual (a block's `Add`): bit for bit the `Add` (and ReLU) of the folded call's
    /// output and the residual, in either order; declined for a residual of another shape.
    func testTheResidualFoldEqualsAddAndReLUAfterTheFoldedCall() throws {
        for (index, (shape, strides, kernel)) in [([8, 8, 16], 1, 3), ([9, 7, 4], 2, 1), ([6, 6, 3], 2, 3)].enumerated() {
            let (conv, normalization) = try makeLayers(inputShape: shape, filters: 8, kernelSize: (kernel, kernel),
                                                       strides: (strides, strides), padding: .same, seed: 50 + UInt64(index))
            let x = Tensor.randomNormal([3] + shape, seed: 60 + UInt64(index))
            let y = try XCTUnwrap(conv.callFolding(normalization, x, relu: false, training: false))
            let residual = Tensor.randomNormal(y.shape, seed: 70 + UInt64(index))
            let add = Add()
            XCTAssertEqual(conv.callFolding(normalization, x, adding: residual, relu: true, training: false),
                           add.callFollowedByReLU([y, residual], training: false), "case \(index)")
            XCTAssertEqual(conv.callFolding(normalization, x, adding: residual, relu: true, training: false),
                           add.callFollowedByReLU([residual, y], training: false), "case \(index), residual first")
            XCTAssertEqual(conv.callFolding(normalization, x, adding: residual, relu: false, training: false),
                           add([y, residual]), "case \(index), no ReLU")
            XCTAssertNil(conv.callFolding(normalization, x, adding: residual, relu: true, training: true))
            let broadcast = Tensor.randomNormal([3, 1, 1, 8], seed: 1)
            XCTAssertNil(conv.callFolding(normalization, x, adding: broadcast, relu: true, training: false))
        }
    }
}
