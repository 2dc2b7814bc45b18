import DL
import DLTestSupport
import Foundation
import XCTest

/// Data-parallel `fit`, `evaluate` and `predict` on 2 ranks started by `mpirun` (the test bundle
/// itself, see `MPIJob`): both ranks end with bit-identical weights equal to one process's with the
/// same seed and global batch, and get one process's logs, validation logs, evaluation and
/// predictions; files are written by rank 0 only; mismatched models and a rank's error end every
/// rank with the same `DLError`.
final class ModelDataParallelFitTests: XCTestCase {
    /// A training configuration: samples, global batch size, epochs, shuffling.
    struct Case {
        var name: String, samples: Int, batch: Int, epochs: Int, shuffled: Bool
    }

    /// 20 steps of 8 (4 per rank); 10 steps of 5 split 3/2 with a last batch of 3 (2/1); 6 steps of
    /// 4 with a last batch of one sample, which leaves rank 1 without any.
    static let cases = [Case(name: "even", samples: 80, batch: 8, epochs: 2, shuffled: true),
                         Case(name: "uneven", samples: 23, batch: 5, epochs: 2, shuffled: true),
                         Case(name: "emptyShard", samples: 9, batch: 4, epochs: 2, shuffled: false)]

    static func data(_ samples: Int) throws -> Dataset {
        let x = Tensor(shape: [samples, 4], scalars: (0..<(samples * 4)).map { sin(Float($0) * 0.37) })
        let y = Tensor((0..<samples).map { Float(($0 * 7) % 3) })
        return try Dataset(x: x, y: y)
    }

    static func model(seed: UInt64, units: Int = 6) -> Sequential {
        Random.seed(seed)
        let model = Sequential([Dense(units, activation: .relu, inputShape: [4]), Dense(3, activation: .softmax)])
        model.compile(optimizer: SGD(learningRate: 0.1, momentum: 0.9), loss: .sparseCategoricalCrossentropy,
                      metrics: [.accuracy])
        return model
    }

    /// 7 validation samples in batches of 3: 2/1, 2/1, 1/0 on 2 ranks.
    static func validation() throws -> Dataset { try data(7).batched(3) }

    static func fit(_ model: Sequential, _ c: Case, callbacks: [Callback] = []) throws -> History {
        try model.fit(try data(c.samples).batched(c.batch).shuffled(c.shuffled), epochs: c.epochs, verbose: 0,
                      callbacks: callbacks, validationData: try validation())
    }

    /// What `evaluate` and `predict` give on the validation data: loss, accuracy, then the predictions.
    static func evaluation(_ model: Sequential) throws -> [Float] {
        let logs = try model.evaluate(try validation())
        return [logs["loss"] ?? .nan, logs["accuracy"] ?? .nan] + (try model.predict(try validation())).scalars
    }

    /// `a` equals `b` within `tolerance` relative to the largest magnitude of `b`.
    static func assertClose(_ a: [Float], _ b: [Float], tolerance: Float = 1e-5, _ message: String) {
        XCTAssertEqual(a.count, b.count, message)
        let scale = max(b.map(abs).max() ?? 1, 1e-6)
        let worst = zip(a, b).map { abs($0 - $1) }.max() ?? 0
        XCTAssertLessThanOrEqual(worst / scale, tolerance, "\(message): largest difference \(worst), scale \(scale)")
    }

    func testTwoRanksHoldIdenticalWeightsEqualToOneProcess() throws {
        if ChildProcess.isChild(self) {
            try Distributed.initialize()
            XCTAssertEqual(Distributed.size, 2)
            let rank = Distributed.rank
            for c in Self.cases {
                // Each rank starts from other weights: fit broadcasts rank 0's.
                let model = Self.model(seed: 42 + UInt64(rank))
                let logger = CSVLogger(MPIJob.outputFolder + "/\(c.name)-rank\(rank).csv")
                let history = try Self.fit(model, c, callbacks: [logger])
                try MPIJob.write("\(c.name)-weights-rank\(rank)", tensors: model.trainableWeights.map(\.value))
                try MPIJob.write("\(c.name)-loss-rank\(rank)", tensors: [Tensor(history.history["loss"] ?? []),
                                                                         Tensor(history.history["val_loss"] ?? [])])
                try MPIJob.write("\(c.name)-evaluation-rank\(rank)", tensors: [Tensor(try Self.evaluation(model))])
                try model.saveWeights(to: MPIJob.outputFolder + "/\(c.name)-rank\(rank).weights.h5")
            }
            return
        }
        try Self.checkTwoRanks(try MPIJob.run(self, #function, ranks: 2, timeout: 120))
    }

    /// Checks what the ranks of `testTwoRanksHoldIdenticalWeightsEqualToOneProcess` wrote (also
    /// run across two network namespaces by `TwoHostsTests`) against one process.
    static func checkTwoRanks(_ outcome: MPIJob.Outcome, file: StaticString = #filePath, line: UInt = #line) throws {
        XCTAssertFalse(outcome.timedOut, outcome.output, file: file, line: line)
        XCTAssertEqual(outcome.status, 0, outcome.output, file: file, line: line)
        XCTAssertTrue(outcome.output.contains("Executed 1 test"), outcome.output, file: file, line: line)
        for c in cases {
            let single = model(seed: 42)
            let history = try fit(single, c)
            let rank0 = outcome.files["\(c.name)-weights-rank0"], rank1 = outcome.files["\(c.name)-weights-rank1"]
            XCTAssertNotNil(rank0, c.name)
            XCTAssertEqual(rank0, rank1, "\(c.name): the ranks' weights differ")
            assertClose(MPIJob.floats(rank0), single.trainableWeights.flatMap(\.value.scalars), "\(c.name): weights")
            assertClose(MPIJob.floats(outcome.files["\(c.name)-loss-rank0"]),
                        (history.history["loss"] ?? []) + (history.history["val_loss"] ?? []), "\(c.name): loss, val_loss")
            XCTAssertEqual(outcome.files["\(c.name)-loss-rank0"], outcome.files["\(c.name)-loss-rank1"], c.name)
            // evaluate and predict: each rank its part, every rank the whole result.
            let evaluation = MPIJob.floats(outcome.files["\(c.name)-evaluation-rank0"])
            XCTAssertEqual(outcome.files["\(c.name)-evaluation-rank0"], outcome.files["\(c.name)-evaluation-rank1"], c.name)
            assertClose(evaluation, try Self.evaluation(single), "\(c.name): evaluate and predict")
            XCTAssertEqual(evaluation.count, 2 + 7 * 3, c.name)
            // Files are written by rank 0 only.
            XCTAssertNotNil(outcome.files["\(c.name)-rank0.csv"], c.name)
            XCTAssertNil(outcome.files["\(c.name)-rank1.csv"], c.name)
            XCTAssertNotNil(outcome.files["\(c.name)-rank0.weights.h5"], c.name)
            XCTAssertNil(outcome.files["\(c.name)-rank1.weights.h5"], c.name)
        }
    }

    /// Models of different sizes, a data source that fails on rank 1 mid-epoch, and a callback that
    /// fails on rank 0 only: every rank throws the same `DLError` and the job goes on.
    func testMismatchedModelsAndARanksErrorEndEveryRankWithTheSameError() throws {
        if ChildProcess.isChild(self) {
            try Distributed.initialize()
            let rank = Distributed.rank
            do {
                _ = try Self.fit(Self.model(seed: 1, units: 6 + rank), Self.cases[0])
                try MPIJob.write("mismatch-rank\(rank)", Data("no error".utf8))
            } catch {
                try MPIJob.write("mismatch-rank\(rank)", Data(Distributed.encode(error).utf8))
            }
            // Rank 1's data source fails at its 4th batch; rank 0's never does.
            var gathered = 0
            let x = Tensor(shape: [40, 4], scalars: (0..<160).map { cos(Float($0)) })
            let y = Tensor((0..<40).map { Float($0 % 3) })
            let failing = Dataset(count: 40) { rows in
                gathered += 1
                if rank == 1 && gathered == 4 { throw DLError.fileAccess(path: "shard-1.bin", reason: "the disk went away") }
                return ([x.gathering(rows: rows)], [y.gathering(rows: rows)])
            }
            do {
                try Self.model(seed: 1).fit(try failing.batched(8), epochs: 3, verbose: 0)
                try MPIJob.write("throw-rank\(rank)", Data("no error".utf8))
            } catch {
                try MPIJob.write("throw-rank\(rank)", Data(Distributed.encode(error).utf8))
            }
            // A CSVLogger that cannot open its file fails on rank 0 alone (rank 1 runs no file-writing callback).
            do {
                let logger = CSVLogger("/nonexistent-swiftdl-folder/log.csv")
                _ = try Self.fit(Self.model(seed: 1), Self.cases[0], callbacks: [logger])
                try MPIJob.write("callback-rank\(rank)", Data("no error".utf8))
            } catch {
                try MPIJob.write("callback-rank\(rank)", Data(Distributed.encode(error).utf8))
            }
            return
        }
        let outcome = try MPIJob.run(self, #function, ranks: 2, timeout: 120)
        XCTAssertFalse(outcome.timedOut, outcome.output)
        XCTAssertEqual(outcome.status, 0, outcome.output)
        let callback = outcome.text("callback-rank0")
        XCTAssertEqual(callback, outcome.text("callback-rank1"))
        XCTAssertTrue(callback.contains("/nonexistent-swiftdl-folder/log.csv"), callback)
        let mismatch = outcome.text("mismatch-rank0")
        XCTAssertEqual(mismatch, outcome.text("mismatch-rank1"))
        guard case let .invalidArgument(mismatchContext, mismatchMessage) = Distributed.decode(mismatch, rank: 0) else {
            return XCTFail("not the mismatch error: \(mismatch)")
        }
        XCTAssertTrue(mismatchContext.hasPrefix("model 'sequential") && mismatchContext.hasSuffix(".fit"), mismatchContext)
        // 4·6 + 6 + 6·3 + 3 = 51 parameters on rank 0, 4·7 + 7 + 7·3 + 3 = 59 on rank 1.
        XCTAssertEqual(mismatchMessage, "data-parallel training needs the same model and data set size on every rank "
            + "(2 ranks). Received: parameters from 51 to 59, trainable parameters from 51 to 59")
        let thrown = outcome.text("throw-rank0")
        XCTAssertEqual(thrown, outcome.text("throw-rank1"))
        guard case let .invalidArgument(context, message) = Distributed.decode(thrown, rank: 0) else {
            return XCTFail("not the data set's error: \(thrown)")
        }
        XCTAssertTrue(context.contains(".fit (epoch 1), batch "), context)
        XCTAssertTrue(message.contains("the disk went away"), message)
    }

    /// Ends the process on rank 1 at its third batch: by `exit(3)` (atexit handlers run), or killed
    /// (SIGKILL, as a crash or an out-of-memory kill would).
    final class DieOnRankOne: Callback {
        let killed: Bool
        init(killed: Bool) { self.killed = killed }
        override func onBatchEnd(_ batch: Int, logs: [String: Float]) throws {
            guard Distributed.rank == 1 && batch == 2 else { return }
            if killed { kill(getpid(), SIGKILL) } else { exit(3) }
        }
    }

    /// A rank that exits in the middle of training ends the whole job within seconds, with a failing status:
    /// the other rank does not wait forever in its next all-reduce.
    func testARankThatExitsEndsTheJobWithinSeconds() throws {
        try checkARankThatDies(killed: false, function: #function)
    }

    /// A rank killed in the middle of training (a crash) ends the whole job within seconds (Open MPI's default).
    func testARankThatIsKilledEndsTheJobWithinSeconds() throws {
        try checkARankThatDies(killed: true, function: #function)
    }

    private func checkARankThatDies(killed: Bool, function: String) throws {
        if ChildProcess.isChild(self, function: function) {
            try Distributed.initialize()
            _ = try Self.fit(Self.model(seed: 1), Case(name: "dies", samples: 800, batch: 8, epochs: 50, shuffled: true),
                             callbacks: [DieOnRankOne(killed: killed)])
            return
        }
        let start = Date()
        let outcome = try MPIJob.run(self, function, ranks: 2, timeout: 60)
        XCTAssertFalse(outcome.timedOut, "the job hung after a rank died: \(outcome.output)")
        XCTAssertNotEqual(outcome.status, 0, outcome.output)
        if !killed {
            XCTAssertTrue(outcome.output.contains("rank 1 exits in the middle of data-parallel training"), outcome.output)
        }
        XCTAssertLessThan(Date().timeIntervalSince(start), 45, outcome.output)
    }
}
