import DL
import XCTest

final class KNearestNeighborsTests: XCTestCase {
    /// By hand on a line: points 0, 1, 2 (classes 0, 0, 1) and 10, 11 (class 1).
    /// Query 1.4 with k = 3: neighbours 1 (0.4), 2 (0.6), 0 (1.4), classes 0, 1, 0 → 0.
    /// Query 1.6 with k = 1: neighbour 2 → 1. Query 1.4 with k = 5: three votes for 1 → 1.
    func testLineExampleByHand() throws {
        let x = Tensor([[0], [1], [2], [10], [11]]), y = Tensor([0, 0, 1, 1, 1])
        let three = KNearestNeighbors(k: 3)
        try three.tryFit(x: x, y: y)
        XCTAssertEqual(try three.tryPredict(Tensor([[1.4]])), Tensor([0]))
        let found = try three.neighbors(Tensor([[1.4]]))
        XCTAssertEqual(found.indices, Tensor([[1, 2, 0]]))
        for (a, e) in zip(found.distances.scalars, [0.4, 0.6, 1.4] as [Float]) { XCTAssertEqual(a, e, accuracy: 1e-5) }

        let one = KNearestNeighbors(k: 1)
        try one.tryFit(x: x, y: y)
        XCTAssertEqual(try one.tryPredict(Tensor([[1.6], [-5], [9]])), Tensor([1, 0, 1]))
        let all = KNearestNeighbors(k: 5)
        try all.tryFit(x: x, y: y)
        XCTAssertEqual(try all.tryPredict(Tensor([[1.4]])), Tensor([1]))
    }

    /// Euclidean, not another norm: from (0, 0), the point (3, 4) is at 5, (6, 0) at 6.
    func testDistancesAreEuclidean() throws {
        let knn = KNearestNeighbors(k: 2)
        try knn.tryFit(x: Tensor([[6, 0], [3, 4]]), y: Tensor([0, 1]))
        let found = try knn.neighbors(Tensor([[0, 0]]))
        XCTAssertEqual(found.distances, Tensor([[5, 6]]))
        XCTAssertEqual(found.indices, Tensor([[1, 0]]))
    }

    /// Ties: samples at equal distances rank by training row (the earlier nearer), whatever their
    /// class; an even vote goes to the smallest class id, whichever neighbour is nearer.
    func testTiesAreBrokenDeterministically() throws {
        let one = KNearestNeighbors(k: 1)
        try one.tryFit(x: Tensor([[-1], [1], [0], [0]]), y: Tensor([9, 4, 7, 2]))
        XCTAssertEqual(try one.tryPredict(Tensor([[0]])), Tensor([7]), "duplicates at 0: row 2 before row 3")
        XCTAssertEqual(try one.tryPredict(Tensor([[0.5]])), Tensor([4]), "rows 1, 2 and 3 are all 0.5 away: row 1")
        let three = KNearestNeighbors(k: 3)
        try three.tryFit(x: Tensor([[-1], [1], [0], [0]]), y: Tensor([9, 4, 7, 2]))
        XCTAssertEqual(try three.neighbors(Tensor([[0.5]])).indices, Tensor([[1, 2, 3]]))

        let two = KNearestNeighbors(k: 2)
        try two.tryFit(x: Tensor([[0], [1], [5]]), y: Tensor([3, 1, 1]))
        XCTAssertEqual(try two.tryPredict(Tensor([[0.1]])), Tensor([1]), "one vote each for 3 (nearer) and 1: 1 wins")
    }

    /// Every query block (1,024 rows) and every row: the same neighbours and votes as a naive search
    /// over exact distances, on 2,500 queries.
    func testMatchesNaiveSearchAcrossQueryBlocks() throws {
        let train = ClassicalTestData.blobs(centers: [[0, 0, 0], [3, 0, 1], [0, 3, -1]], perClass: 40, spread: 1.5, seed: 8)
        let queries = Tensor.randomNormal([2500, 3], stddev: 3, seed: 9)
        let k = 4
        let knn = KNearestNeighbors(k: k)
        try knn.tryFit(x: train.x, y: train.y)
        let found = try knn.neighbors(queries)
        let predictions = try knn.tryPredict(queries).scalars
        let (t, q, labels) = (train.x.scalars, queries.scalars, train.y.scalars)
        for row in 0..<2500 {
            let distances = (0..<120).map { j in (0..<3).reduce(Float(0)) { $0 + (q[row * 3 + $1] - t[j * 3 + $1]) * (q[row * 3 + $1] - t[j * 3 + $1]) } }
            let nearest = (0..<120).sorted { (distances[$0], $0) < (distances[$1], $1) }.prefix(k)
            XCTAssertEqual(found.indices[row].scalars.map { Int($0) }, Array(nearest), "query \(row)")
            var votes = [Float: Int]()
            for j in nearest { votes[labels[j], default: 0] += 1 }
            let top = votes.values.max()!
            XCTAssertEqual(predictions[row], votes.filter { $0.value == top }.keys.min(), "query \(row)")
        }
    }

    /// scikit-learn's KNeighborsClassifier for k = 1, 3, 5: the same neighbours, distances and predictions.
    func testAgreesWithScikitLearn() throws {
        let fixture = try ScikitLearnFixture.load()
        for (name, problem) in [("multiclass", fixture.multiclass), ("binary", fixture.binary)] {
            for (k, expected) in [(1, problem.knn1), (3, problem.knn3), (5, problem.knn5)] {
                let knn = KNearestNeighbors(k: k)
                try knn.tryFit(x: Tensor(problem.x), y: Tensor(problem.y))
                let queries = Tensor(problem.queries)
                XCTAssertEqual(try knn.tryPredict(queries).scalars, expected.predict, "\(name), k = \(k)")
                let found = try knn.neighbors(queries)
                XCTAssertEqual(found.indices.scalars.map { Int($0) }, expected.indices.flatMap { $0 }, "\(name), k = \(k)")
                XCTAssertEqual(found.distances.shape, [problem.queries.count, k])
                for (a, e) in zip(found.distances.scalars, expected.distances.flatMap { $0 }) {
                    XCTAssertEqual(Double(a), e, accuracy: 1e-4, "\(name), k = \(k)")
                }
            }
        }
    }

    /// Three separated classes: k = 5 classifies every test sample right.
    func testSeparableClassesReachFullAccuracy() throws {
        let centers: [[Float]] = [[5, 0], [0, 5], [-5, -5]]
        let train = ClassicalTestData.blobs(centers: centers, perClass: 30, spread: 0.7, seed: 10)
        let test = ClassicalTestData.blobs(centers: centers, perClass: 30, spread: 0.7, seed: 11)
        let knn = KNearestNeighbors()
        try knn.tryFit(x: train.x, y: train.y)
        XCTAssertEqual(ClassicalTestData.accuracy(try knn.tryPredict(test.x), test.y), 1)
    }

    func testBadInputThrowsNamingTheClassifierAndShapes() throws {
        assertThrowsDLError(["KNearestNeighbors.predict", "not fitted"]) { _ = try KNearestNeighbors().tryPredict(Tensor.zeros([1, 2])) }
        assertThrowsDLError(["KNearestNeighbors.fit", "k=0", "[3, 2]"]) {
            try KNearestNeighbors(k: 0).tryFit(x: Tensor.zeros([3, 2]), y: Tensor([0, 1, 2]))
        }
        assertThrowsDLError(["KNearestNeighbors.fit", "k=5", "[3, 2]"]) {
            try KNearestNeighbors().tryFit(x: Tensor.zeros([3, 2]), y: Tensor([0, 1, 2]))
        }
        assertThrowsDLError(["KNearestNeighbors.fit", "[3, 2]", "[2, 1]"]) {
            try KNearestNeighbors(k: 1).tryFit(x: Tensor.zeros([3, 2]), y: Tensor.zeros([2, 1]))
        }
        let knn = KNearestNeighbors(k: 1)
        try knn.tryFit(x: Tensor.zeros([3, 2]), y: Tensor([0, 1, 2]))
        assertThrowsDLError(["KNearestNeighbors.predict", "[samples, 2]", "[3, 3]"]) { _ = try knn.tryPredict(Tensor.zeros([3, 3])) }
        assertThrowsDLError(["KNearestNeighbors.neighbors", "[2]"]) { _ = try knn.neighbors(Tensor.zeros([2])) }
    }
}
