import DL
import XCTest

final class LogisticRegressionTests: XCTestCase {
    /// By hand, symmetric points x = −1 (class 0) and x = 1 (class 1), C = 1: scikit-learn's binary
    /// model minimizes ½w² + 2 log(1 + e^(−w)) (b = 0 by symmetry), whose optimum solves
    /// w = 2σ(−w): w ≈ 0.67475 (fixed point: 0.67475 → 2/(1 + e^0.67475) = 0.67475). The
    /// probabilities are σ(±w·x), exactly ½ each at x = 0.
    func testSymmetricBinaryExampleByHand() throws {
        let model = LogisticRegression(tolerance: 1e-6)
        try model.tryFit(x: Tensor([[-1], [1]]), y: Tensor([0, 1]))
        XCTAssertEqual(model.coefficients.shape, [2, 1])
        let w = model.coefficients.scalars[1] - model.coefficients.scalars[0]
        XCTAssertEqual(w, 2 / (1 + exp(w)), accuracy: 1e-5, "w = 2σ(−w)")
        XCTAssertEqual(w, 0.67475, accuracy: 1e-4)
        XCTAssertEqual(model.intercepts.scalars[1] - model.intercepts.scalars[0], 0, accuracy: 1e-6)
        let p = try model.predictProbabilities(Tensor([[0], [1]])).scalars
        XCTAssertEqual(p[0], 0.5, accuracy: 1e-6)
        XCTAssertEqual(p[3], 1 / (1 + exp(-w)), accuracy: 1e-6)
        XCTAssertEqual(try model.tryPredict(Tensor([[-2], [0.5]])), Tensor([0, 1]))
    }

    /// The optimality conditions of the multinomial problem, which hold only at the optimum:
    /// W = C · Xᵀ(Y − P) (the penalty's gradient balances the loss's) and Σᵢ (Y − P) = 0 (the
    /// intercepts are not penalized), on three overlapping classes.
    func testMultinomialOptimumSatisfiesStationarity() throws {
        let data = ClassicalTestData.blobs(centers: [[1, 0], [0, 1], [-1, -1]], perClass: 20, spread: 1, seed: 5)
        let c: Float = 0.5
        let model = LogisticRegression(c: c, tolerance: 1e-6)
        try model.tryFit(x: data.x, y: data.y)
        let p = try model.predictProbabilities(data.x)
        let residual = toCategorical(data.y, numClasses: 3) - p                        // Y − P, [60, 3]
        let balance = c * matmul(residual, transposeA: true, data.x, transposeB: false)  // [3, 2]
        for (w, g) in zip(model.coefficients.scalars, balance.scalars) { XCTAssertEqual(w, g, accuracy: 1e-4) }
        for total in residual.sum(axis: 0).scalars { XCTAssertEqual(total, 0, accuracy: 1e-4) }
        XCTAssertGreaterThan(model.iterationsRun, 0)
    }

    /// Four well separated classes in 5 features: every training and test sample classified right,
    /// and the probabilities sum to 1.
    func testSeparableClassesReachFullAccuracy() throws {
        let centers: [[Float]] = [[4, 0, 0, 0, 0], [0, 4, 0, 0, 0], [0, 0, 4, 0, 0], [-4, -4, -4, 0, 0]]
        let train = ClassicalTestData.blobs(centers: centers, perClass: 50, spread: 0.5, seed: 3)
        let test = ClassicalTestData.blobs(centers: centers, perClass: 50, spread: 0.5, seed: 4)
        let model = LogisticRegression()
        try model.tryFit(x: train.x, y: train.y)
        XCTAssertEqual(ClassicalTestData.accuracy(try model.tryPredict(train.x), train.y), 1)
        XCTAssertEqual(ClassicalTestData.accuracy(try model.tryPredict(test.x), test.y), 1)
        for total in try model.predictProbabilities(test.x).sum(axis: 1).scalars { XCTAssertEqual(total, 1, accuracy: 1e-5) }
    }

    /// scikit-learn's LogisticRegression (C = 1, solved to convergence): the same weights (for two
    /// classes, row 1 minus row 0 is its single row), intercepts (up to the shift softmax ignores),
    /// probabilities and predictions.
    func testAgreesWithScikitLearn() throws {
        let fixture = try ScikitLearnFixture.load()
        for (name, problem) in [("multiclass", fixture.multiclass), ("binary", fixture.binary)] {
            let model = LogisticRegression(tolerance: 1e-6)
            try model.tryFit(x: Tensor(problem.x), y: Tensor(problem.y))
            var coefficients = model.coefficients, intercepts = model.intercepts
            if problem.logistic.coef.count == 1 {
                coefficients = coefficients[1] - coefficients[0]
                intercepts = intercepts[1] - intercepts[0]
            } else {
                intercepts = intercepts - intercepts.mean()
            }
            let expectedIntercepts = problem.logistic.intercept
            let shift = problem.logistic.coef.count == 1 ? 0 : expectedIntercepts.reduce(0, +) / Double(expectedIntercepts.count)
            XCTAssertEqual(coefficients.scalarCount, problem.logistic.coef.flatMap { $0 }.count, name)
            XCTAssertEqual(intercepts.scalarCount, expectedIntercepts.count, name)
            for (a, e) in zip(coefficients.scalars, problem.logistic.coef.flatMap { $0 }) {
                XCTAssertEqual(Double(a), e, accuracy: 1e-3, name)
            }
            for (a, e) in zip(intercepts.scalars, expectedIntercepts) { XCTAssertEqual(Double(a), e - shift, accuracy: 1e-3, name) }
            let queries = Tensor(problem.queries)
            let probabilities = try model.predictProbabilities(queries)
            XCTAssertEqual(probabilities.shape, [problem.queries.count, Set(problem.y).count], name)
            for (a, e) in zip(probabilities.scalars, try XCTUnwrap(problem.logistic.proba).flatMap { $0 }) {
                XCTAssertEqual(Double(a), e, accuracy: 1e-4, name)
            }
            XCTAssertEqual(try model.tryPredict(queries).scalars, problem.logistic.predict, name)
            XCTAssertEqual(try model.tryPredict(Tensor(problem.x)).scalars, problem.logistic.trainPredict, name)
        }
    }

    func testBadInputThrowsNamingTheClassifierAndShapes() throws {
        let model = LogisticRegression()
        assertThrowsDLError(["LogisticRegression.predict", "not fitted"]) { _ = try model.tryPredict(Tensor.zeros([2, 3])) }
        assertThrowsDLError(["LogisticRegression.fit", "[2, 2, 1]"]) {
            try model.tryFit(x: Tensor.zeros([2, 2, 1]), y: Tensor([0, 1]))
        }
        assertThrowsDLError(["LogisticRegression.fit", "[3, 2]", "[2]"]) { try model.tryFit(x: Tensor.zeros([3, 2]), y: Tensor([0, 1])) }
        assertThrowsDLError(["LogisticRegression.fit", "at least 2 classes"]) {
            try model.tryFit(x: Tensor.ones([2, 2]), y: Tensor([4, 4]))
        }
        assertThrowsDLError(["LogisticRegression.fit", "finite"]) {
            try model.tryFit(x: Tensor([[0, .nan], [1, 1]]), y: Tensor([0, 1]))
        }
        try model.tryFit(x: Tensor([[0, 1], [1, 0]]), y: Tensor([0, 1]))
        assertThrowsDLError(["LogisticRegression.predictProbabilities", "[samples, 2]", "[4, 1]"]) {
            _ = try model.predictProbabilities(Tensor.zeros([4, 1]))
        }
    }
}
