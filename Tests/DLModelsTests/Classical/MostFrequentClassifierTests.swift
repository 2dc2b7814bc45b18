import DL
import XCTest

final class MostFrequentClassifierTests: XCTestCase {
    /// Counted by hand: y = 3, 3, 1, 0, 3 → 3 (three of five), whatever the features.
    func testPredictsTheMostFrequentClass() throws {
        let baseline = MostFrequentClassifier()
        try baseline.tryFit(x: Tensor.randomNormal([5, 2], seed: 1), y: Tensor([3, 3, 1, 0, 3]))
        XCTAssertEqual(baseline.classes, [0, 1, 3])
        XCTAssertEqual(baseline.classCounts, [1, 1, 3])
        XCTAssertEqual(baseline.mostFrequentClass, 3)
        XCTAssertEqual(try baseline.tryPredict(Tensor.zeros([4, 2])), Tensor([3, 3, 3, 3]))
    }

    /// Two classes twice each: the smaller id, 1, as scikit-learn's DummyClassifier.
    func testTieGoesToTheSmallestClassId() throws {
        let baseline = MostFrequentClassifier()
        try baseline.tryFit(x: Tensor.zeros([5, 1]), y: Tensor([2, 1, 2, 1, 0]))
        XCTAssertEqual(try baseline.tryPredict(Tensor.zeros([2, 1])), Tensor([1, 1]))
    }

    /// scikit-learn's DummyClassifier() on the fixture's problems (balanced classes: a tie each time).
    func testAgreesWithScikitLearn() throws {
        let fixture = try ScikitLearnFixture.load()
        for problem in [fixture.multiclass, fixture.binary] {
            let baseline = MostFrequentClassifier()
            try baseline.tryFit(x: Tensor(problem.x), y: Tensor(problem.y))
            XCTAssertEqual(try baseline.tryPredict(Tensor(problem.queries)).scalars, problem.dummy.predict)
        }
    }

    func testBadInputThrowsNamingTheClassifierAndShapes() throws {
        let baseline = MostFrequentClassifier()
        assertThrowsDLError(["MostFrequentClassifier.predict", "not fitted"]) { _ = try baseline.tryPredict(Tensor.zeros([1, 1])) }
        assertThrowsDLError(["MostFrequentClassifier.fit", "[0, 2]"]) { try baseline.tryFit(x: Tensor.zeros([0, 2]), y: Tensor.zeros([0])) }
        assertThrowsDLError(["MostFrequentClassifier.fit", "[2, 2]", "[3]"]) { try baseline.tryFit(x: Tensor.zeros([2, 2]), y: Tensor.zeros([3])) }
        try baseline.tryFit(x: Tensor.zeros([2, 2]), y: Tensor([0, 1]))
        assertThrowsDLError(["MostFrequentClassifier.predict", "[samples, 2]", "[2, 5]"]) { _ = try baseline.tryPredict(Tensor.zeros([2, 5])) }
    }
}
