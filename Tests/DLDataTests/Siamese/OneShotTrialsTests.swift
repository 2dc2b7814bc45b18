import DLData
import DLTestSupport
import XCTest

/// `oneShotTrials`: each trial shows one support image of each of `ways` distinct classes and a
/// different image of the answer's class as the query; repeatable with a seed; bad input is a
/// `DLError` naming it.
final class OneShotTrialsTests: XCTestCase {
    /// 5 classes of 6 samples each (sample `i` has class `i % 5`); every value of sample `i` is `i`.
    private let x = Tensor(shape: [30, 3, 1], scalars: (0..<30).flatMap { Array(repeating: Float($0), count: 3) })
    private let y = Tensor((0..<30).map { Float($0 % 5) })

    func testEachTrialHasOneSupportPerDistinctClassAndAQueryOfTheAnswersClass() throws {
        let trials = try oneShotTrials(x: x, y: y, ways: 4, trials: 400, seed: 1)
        XCTAssertEqual(trials.count, 400)
        var answers = [Int](repeating: 0, count: 4), classesSeen = Set<Int>()
        for trial in trials {
            XCTAssertEqual(trial.support.shape, [4, 3, 1])
            XCTAssertEqual(trial.query.shape, [1, 3, 1])
            let support = stride(from: 0, to: 12, by: 3).map { Int(trial.support.scalars[$0]) }
            let query = Int(trial.query.scalars[0])
            let classes = support.map { $0 % 5 }
            XCTAssertEqual(Set(classes).count, 4, "distinct classes")
            XCTAssertEqual(query % 5, classes[trial.answer], "the query shows the answer's class")
            XCTAssertNotEqual(query, support[trial.answer], "the query is another image")
            answers[trial.answer] += 1
            classesSeen.formUnion(classes)
        }
        XCTAssertTrue(answers.allSatisfy { $0 > 60 }, "answers spread over the positions: \(answers)")
        XCTAssertEqual(classesSeen, [0, 1, 2, 3, 4])
    }

    func testASeedRepeatsTheTrials() throws {
        let a = try oneShotTrials(x: x, y: y, ways: 3, trials: 20, seed: 8)
        let b = try oneShotTrials(x: x, y: y, ways: 3, trials: 20, seed: 8)
        XCTAssertEqual(a.map(\.answer), b.map(\.answer))
        XCTAssertEqual(a.map(\.support.scalars), b.map(\.support.scalars))
        XCTAssertEqual(a.map(\.query.scalars), b.map(\.query.scalars))
        XCTAssertNotEqual(try oneShotTrials(x: x, y: y, ways: 3, trials: 20, seed: 9).map(\.query.scalars), a.map(\.query.scalars))
    }

    func testBadInputIsADLErrorNamingIt() {
        func message(_ ways: Int, _ trials: Int, y labels: Tensor? = nil) -> String {
            do { _ = try oneShotTrials(x: x, y: labels ?? y, ways: ways, trials: trials); return "no error" } catch { return "\(error)" }
        }
        XCTAssertEqual(message(6, 10), "oneShotTrials(x:y:ways:trials:seed:): 6-way trials need at least 6 classes. "
                       + "Received: y with 5 (class counts [0: 6, 1: 6, 2: 6, 3: 6, 4: 6])")
        XCTAssertTrue(message(1, 10).hasSuffix("ways must be at least 2. Received: ways=1"))
        XCTAssertTrue(message(3, 0).hasSuffix("trials must be positive. Received: trials=0"))
        let lone = Tensor((0..<30).map { Float($0 == 29 ? 9 : $0 % 5) })
        XCTAssertTrue(message(3, 5, y: lone).contains("class 9 has 1 sample; every class needs two"))
        XCTAssertTrue(message(3, 5, y: Tensor.zeros([4])).contains("different sample counts"))
    }
}
