import DL
import DLTestSupport
import XCTest

/// API.md's `fit(x:y:)` and `predict(_:)` of the classical classifiers do not throw: they give what
/// `tryFit`/`tryPredict` give, and bad input stops the program with the message those would throw.
final class ClassicalClassifierTests: XCTestCase {
    private let x = Tensor([[0, 0], [0, 1], [1, 0], [1, 1], [2, 2], [2, 3]])
    private let y = Tensor([0, 0, 1, 1, 2, 2])

    func testTheNonThrowingCallsGiveTheThrowingOnesResults() throws {
        let pairs: [(plain: (Tensor, Tensor) -> Tensor, throwing: (Tensor, Tensor) throws -> Tensor)] = [
            ({ let c = LinearSVM(); c.fit(x: $0, y: $1); return c.predict($0) },
             { let c = LinearSVM(); try c.tryFit(x: $0, y: $1); return try c.tryPredict($0) }),
            ({ let c = LogisticRegression(); c.fit(x: $0, y: $1); return c.predict($0) },
             { let c = LogisticRegression(); try c.tryFit(x: $0, y: $1); return try c.tryPredict($0) }),
            ({ let c = KNearestNeighbors(k: 3); c.fit(x: $0, y: $1); return c.predict($0) },
             { let c = KNearestNeighbors(k: 3); try c.tryFit(x: $0, y: $1); return try c.tryPredict($0) }),
            ({ let c = MostFrequentClassifier(); c.fit(x: $0, y: $1); return c.predict($0) },
             { let c = MostFrequentClassifier(); try c.tryFit(x: $0, y: $1); return try c.tryPredict($0) }),
        ]
        for (index, pair) in pairs.enumerated() {
            XCTAssertEqual(pair.plain(x, y).scalars, try pair.throwing(x, y).scalars, "classifier \(index)")
        }
    }

    func testLinearSVMFitStopsWithTheShapes() {
        assertTraps(stderrContains: ["LinearSVM.fit", "[6, 2]", "[4]"]) {
            LinearSVM().fit(x: x, y: Tensor([0, 1, 0, 1]))
        }
    }

    func testLogisticRegressionPredictStopsBeforeFit() {
        assertTraps(stderrContains: ["LogisticRegression.predict", "not fitted"]) { _ = LogisticRegression().predict(x) }
    }

    func testKNearestNeighborsStopsOnATooLargeK() {
        assertTraps(stderrContains: ["KNearestNeighbors.fit", "k=9"]) { KNearestNeighbors(k: 9).fit(x: x, y: y) }
    }

    func testMostFrequentClassifierPredictStopsOnOtherFeatures() {
        assertTraps(stderrContains: ["MostFrequentClassifier.predict", "[1, 3]"]) {
            let classifier = MostFrequentClassifier()
            classifier.fit(x: x, y: y)
            _ = classifier.predict(Tensor.zeros([1, 3]))
        }
    }
}
