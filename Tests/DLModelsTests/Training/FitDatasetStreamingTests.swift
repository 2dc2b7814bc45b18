import DL
import XCTest

/// Training from prefetched and failing data sets, and models with several inputs and outputs fed
/// by a `Dataset`: the same results as the tensor paths, errors naming the batch, no thread left.
final class FitDatasetStreamingTests: XCTestCase {
    private let x = Tensor(shape: [24, 3], scalars: (0..<72).map { Float(($0 * 7) % 11) / 10 })
    private let y = Tensor((0..<24).map { Float($0 % 3) })

    private func classifier(seed: UInt64) -> Sequential {
        Random.seed(seed)
        let model = Sequential([Dense(8, activation: .relu, inputShape: [3]), Dropout(0.25), Dense(3, activation: .softmax)])
        model.compile(optimizer: Adam(learningRate: 0.05), loss: .sparseCategoricalCrossentropy, metrics: [.accuracy])
        return model
    }

    /// A two-input, two-output functional model: Dense on each input, concatenated.
    private func twoInputModel(seed: UInt64) -> Model {
        Random.seed(seed)
        let left = Input(shape: [3], name: "left"), right = Input(shape: [2], name: "right")
        let merged = Concatenate()([Dense(4, activation: .tanh)(left), Dense(4, activation: .tanh)(right)])
        let classes = Dense(3, activation: .softmax, name: "classes")(merged)
        let value = Dense(1, name: "value")(merged)
        let model = Model(inputs: [left, right], outputs: [classes, value])
        model.compile(optimizer: SGD(learningRate: 0.1), loss: [.sparseCategoricalCrossentropy, .meanSquaredError],
                      metrics: [[.accuracy], []])
        return model
    }

    /// A data set of `x`, `y` whose source throws for the batch holding sample `failing` on pass
    /// `pass` (0-based), counting the passes by the gathers of batch 0.
    private func failingSource(failing: Int, pass: Int) -> Dataset {
        var passes = -1
        let (x, y) = (x, y)
        return Dataset(count: x.shape[0]) { rows in
            if rows.first == 0 { passes += 1 }
            if passes == pass && rows.contains(failing) {
                throw DLError.invalidFile(path: "batch-\(failing).png", reason: "truncated")
            }
            return ([x.gathering(rows: rows)], [y.gathering(rows: rows)])
        }
    }

    func testPrefetchedTrainingIsBitIdentical() throws {
        let plain = classifier(seed: 21)
        let data = try Dataset(x: x, y: y).batched(5).shuffled()
        let validation = try Dataset(x: x[0..<10], y: y[0..<10]).batched(4)
        let plainHistory = try plain.fit(data, epochs: 3, verbose: 0, validationData: validation)
        let prefetched = classifier(seed: 21)
        let prefetchedHistory = try prefetched.fit(try data.prefetched(), epochs: 3, verbose: 0,
                                                   validationData: try validation.prefetched(2))
        XCTAssertEqual(prefetchedHistory.history, plainHistory.history)
        XCTAssertEqual(try prefetched.predict(try Dataset(x: [x]).batched(7).prefetched()).scalars,
                       try plain.predict(x, batchSize: 7).scalars)
        XCTAssertEqual(Dataset.prefetchingThreads, 0)
    }

    func testStoppingEarlyLeavesNoPrefetchingThread() throws {
        let model = classifier(seed: 2)
        var seen = 0
        let stopper = LambdaCallback(onBatchEnd: { batch, _ in
            seen += 1
            XCTAssertEqual(Dataset.prefetchingThreads, 1, "the pass prefetches")
            if batch == 1 { model.stopTraining = true }
        })
        let history = try model.fit(try Dataset(x: x, y: y).batched(2).prefetched(3), epochs: 5, verbose: 0,
                                    callbacks: [stopper])
        XCTAssertEqual(seen, 2)
        XCTAssertEqual(history.history["loss"]?.count, 1)
        XCTAssertEqual(Dataset.prefetchingThreads, 0)
    }

    func testASourceErrorIsThrownByFitNamingTheBatch() throws {
        for prefetch in [false, true] {
            let model = classifier(seed: 3)
            var data = try failingSource(failing: 14, pass: 2).batched(5)
            if prefetch { data = try data.prefetched(2) }
            var steps: [Int] = []
            let counter = LambdaCallback(onBatchEnd: { batch, _ in steps.append(batch) })
            XCTAssertThrowsError(try model.fit(data, epochs: 3, verbose: 0, callbacks: [counter])) { error in
                let message = "\(error)"
                XCTAssertTrue(error is DLError)
                XCTAssertTrue(message.contains("fit (epoch 2), batch 2"), message)
                XCTAssertTrue(message.contains("batch-14.png"), message)
                XCTAssertTrue(message.contains("truncated"), message)
            }
            // Pass 0 is prepare's first batch; epoch 1 trains 5 batches, epoch 2 fails at batch 2.
            XCTAssertEqual(steps, [0, 1, 2, 3, 4, 0, 1], "prefetch \(prefetch)")
            XCTAssertEqual(Dataset.prefetchingThreads, 0)
        }
    }

    func testASourceErrorIsThrownByEvaluateAndPredict() throws {
        let model = classifier(seed: 4)
        let failing = try failingSource(failing: 7, pass: 1).batched(4).prefetched()
        XCTAssertThrowsError(try model.evaluate(failing)) { error in
            XCTAssertTrue("\(error)".contains("evaluate, batch 1"), "\(error)")
        }
        XCTAssertThrowsError(try model.predict(try failingSource(failing: 20, pass: 1).batched(4))) { error in
            XCTAssertTrue("\(error)".contains("predict, batch 5"), "\(error)")
        }
        XCTAssertThrowsError(try model.fit(failingSource(failing: 0, pass: 0), verbose: 0)) { error in
            XCTAssertTrue("\(error)".contains("fit, batch 0: the data set failed"), "\(error)")
        }
    }

    func testTwoInputsAndTwoOutputsThroughADataset() throws {
        let right = Tensor(shape: [24, 2], scalars: (0..<48).map { Float(($0 * 5) % 7) / 7 })
        let value = Tensor(shape: [24, 1], scalars: (0..<24).map { Float($0 % 4) / 4 })
        let onTensors = twoInputModel(seed: 6)
        let tensorHistory = try onTensors.fit(x: [x, right], y: [y, value], batchSize: 5, epochs: 2, verbose: 0)
        let onDataset = twoInputModel(seed: 6)
        let data = try Dataset(x: [x, right], y: [y, value]).batched(5).shuffled().prefetched()
        let datasetHistory = try onDataset.fit(data, epochs: 2, verbose: 0)
        XCTAssertEqual(datasetHistory.history, tensorHistory.history)
        XCTAssertNotNil(datasetHistory.history["classes_accuracy"])

        let evaluation = try Dataset(x: [x, right], y: [y, value]).batched(7)
        XCTAssertEqual(try onDataset.evaluate(evaluation), try onDataset.evaluate(x: [x, right], y: [y, value], batchSize: 7))
        let inputsOnly = try Dataset(x: [x, right]).batched(7).prefetched()
        XCTAssertEqual(try onDataset.predictOutputs(inputsOnly), try onDataset.predictOutputs([x, right], batchSize: 7))
        XCTAssertEqual(try onDataset.predict(inputsOnly), try onDataset.predict([x, right], batchSize: 7))
    }

    func testSiamesePairsTrainATwoInputModel() throws {
        let images = Tensor(shape: [12, 4], scalars: (0..<48).map { Float(($0 * 3) % 5) / 5 })
        let classes = Tensor((0..<12).map { Float($0 % 3) })
        let pairs = try SiamesePairs(x: images, y: classes, count: 20, seed: 5)
        Random.seed(8)
        let left = Input(shape: [4]), right = Input(shape: [4])
        let twin = Dense(3, activation: .sigmoid)
        let distance = L1Distance()([twin(left), twin(right)])
        let model = Model(inputs: [left, right], outputs: Dense(1, activation: .sigmoid)(distance))
        model.compile(optimizer: Adam(learningRate: 0.05), loss: .binaryCrossentropy)
        let history = try model.fit(try pairs.dataset.batched(4).prefetched(), epochs: 4, verbose: 0)
        let losses = try XCTUnwrap(history.history["loss"])
        XCTAssertEqual(losses.count, 4)
        XCTAssertLessThan(losses[3], losses[0])
        let batches = Array(try pairs.dataset.batched(4))
        let x = [concatenate(batches.map { $0.x[0] }, axis: 0), concatenate(batches.map { $0.x[1] }, axis: 0)]
        XCTAssertEqual(try model.predict(pairs.dataset.batched(6)), try model.predict(x, batchSize: 6))
    }
}
