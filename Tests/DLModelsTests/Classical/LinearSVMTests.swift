import DL
import XCTest

final class LinearSVMTests: XCTestCase {
    /// By hand, two points x = 0 (class 0) and x = 2 (class 1), C = 1, the intercept penalized as
    /// liblinear does: minimize ½(w² + b²) + (1 + b)² + (1 − 2w − b)² (both margins active);
    /// ∂w: 9w + 4b = 4, ∂b: 4w + 5b = 0, so w = 20/29 and b = −16/29.
    func testTwoPointExampleByHand() throws {
        let svm = LinearSVM(tolerance: 1e-6)
        try svm.tryFit(x: Tensor([[0], [2]]), y: Tensor([0, 1]))
        XCTAssertEqual(svm.classes, [0, 1])
        XCTAssertEqual(svm.coefficients.shape, [1, 1])
        XCTAssertEqual(svm.coefficients.scalar, 20 / 29, accuracy: 1e-5)
        XCTAssertEqual(svm.intercepts.scalar, -16 / 29, accuracy: 1e-5)
        XCTAssertEqual(try svm.decisionFunction(Tensor([[1]])).scalars[0], 4 / 29, accuracy: 1e-5)
        XCTAssertEqual(try svm.tryPredict(Tensor([[0], [0.7], [0.9], [2]])), Tensor([0, 0, 1, 1]))
    }

    /// By hand, symmetric points ±1 with C = 1/4: b = 0 and ½w² + ¼ · 2(1 − w)² is least at w = 1/2.
    /// The ids need not start at 0 or be contiguous.
    func testSymmetricExampleWithSmallerC() throws {
        let svm = LinearSVM(c: 0.25, tolerance: 1e-6)
        try svm.tryFit(x: Tensor([[-1], [1]]), y: Tensor([7, 3]))
        XCTAssertEqual(svm.classes, [3, 7])
        XCTAssertEqual(svm.coefficients.scalar, -0.5, accuracy: 1e-5, "scores the second class, 7, at x = −1")
        XCTAssertEqual(svm.intercepts.scalar, 0, accuracy: 1e-6)
        XCTAssertEqual(try svm.tryPredict(Tensor([[-3], [-0.1], [0.1], [5]])), Tensor([7, 7, 3, 3]))
    }

    /// Four well separated classes in 5 features: every training and test sample classified right.
    func testSeparableClassesReachFullAccuracy() throws {
        let centers: [[Float]] = [[4, 0, 0, 0, 0], [0, 4, 0, 0, 0], [0, 0, 4, 0, 0], [-4, -4, -4, 0, 0]]
        let train = ClassicalTestData.blobs(centers: centers, perClass: 50, spread: 0.5, seed: 1)
        let test = ClassicalTestData.blobs(centers: centers, perClass: 50, spread: 0.5, seed: 2)
        let svm = LinearSVM()
        try svm.tryFit(x: train.x, y: train.y)
        XCTAssertEqual(svm.coefficients.shape, [4, 5])
        XCTAssertEqual(ClassicalTestData.accuracy(try svm.tryPredict(train.x), train.y), 1)
        XCTAssertEqual(ClassicalTestData.accuracy(try svm.tryPredict(test.x), test.y), 1)
    }

    /// scikit-learn's LinearSVC (C = 1, solved to convergence) on overlapping classes: the same
    /// weights, scores and predictions.
    func testAgreesWithScikitLearn() throws {
        let fixture = try ScikitLearnFixture.load()
        for (name, problem) in [("multiclass", fixture.multiclass), ("binary", fixture.binary)] {
            let svm = LinearSVM(tolerance: 1e-6)
            try svm.tryFit(x: Tensor(problem.x), y: Tensor(problem.y))
            let coefficients = svm.coefficients.scalars, expected = problem.svm.coef.flatMap { $0 }
            XCTAssertEqual(svm.coefficients.shape, [problem.svm.coef.count, problem.x[0].count], name)
            for (a, e) in zip(coefficients, expected) { XCTAssertEqual(Double(a), e, accuracy: 1e-3, name) }
            for (a, e) in zip(svm.intercepts.scalars, problem.svm.intercept) { XCTAssertEqual(Double(a), e, accuracy: 1e-3, name) }
            let queries = Tensor(problem.queries)
            let scores = try svm.decisionFunction(queries).scalars
            XCTAssertEqual(scores.count, problem.queries.count * problem.svm.coef.count, name)
            for (a, e) in zip(scores, try XCTUnwrap(problem.svm.decision).flatMap { $0 }) {
                XCTAssertEqual(Double(a), e, accuracy: 1e-3, name)
            }
            XCTAssertEqual(try svm.tryPredict(queries).scalars, problem.svm.predict, name)
            XCTAssertEqual(try svm.tryPredict(Tensor(problem.x)).scalars, problem.svm.trainPredict, name)
        }
    }

    func testBadInputThrowsNamingTheClassifierAndShapes() throws {
        let svm = LinearSVM()
        assertThrowsDLError(["LinearSVM.predict", "not fitted", "[2, 3]"]) { _ = try svm.tryPredict(Tensor.zeros([2, 3])) }
        assertThrowsDLError(["LinearSVM.fit", "[6]"]) { try svm.tryFit(x: Tensor.zeros([6]), y: Tensor.zeros([6])) }
        assertThrowsDLError(["LinearSVM.fit", "[3, 2]", "[4]"]) {
            try svm.tryFit(x: Tensor.zeros([3, 2]), y: Tensor([0, 1, 0, 1]))
        }
        assertThrowsDLError(["LinearSVM.fit", "at least 2 classes"]) { try svm.tryFit(x: Tensor.ones([3, 2]), y: Tensor([1, 1, 1])) }
        assertThrowsDLError(["LinearSVM.fit", "whole-number", "0.5"]) { try svm.tryFit(x: Tensor.ones([2, 2]), y: Tensor([0, 0.5])) }
        assertThrowsDLError(["LinearSVM.fit", "c=-1.0"]) {
            try LinearSVM(c: -1).tryFit(x: Tensor([[0], [1]]), y: Tensor([0, 1]))
        }
        try svm.tryFit(x: Tensor([[0, 1], [1, 0]]), y: Tensor([0, 1]))
        assertThrowsDLError(["LinearSVM.predict", "[samples, 2]", "[1, 3]"]) { _ = try svm.tryPredict(Tensor.zeros([1, 3])) }
        assertThrowsDLError(["LinearSVM.decisionFunction", "[2]"]) { _ = try svm.decisionFunction(Tensor.zeros([2])) }
    }
}
