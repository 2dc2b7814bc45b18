import DL
import Foundation
import XCTest

/// scikit-learn's results on two small fixed problems (`Tests/Fixtures/KerasFiles/classical.json`,
/// written by `generate_classical.py` there): "multiclass" (ids 0, 2, 5 in 4 features) and "binary"
/// (ids −1 and 1 in 3 features).
struct ScikitLearnFixture: Decodable {
    struct Problem: Decodable {
        struct Linear: Decodable {
            let coef: [[Double]]
            let intercept: [Double]
            let decision: [[Double]]?
            let proba: [[Double]]?
            let predict: [Float]
            let trainPredict: [Float]
            enum CodingKeys: String, CodingKey { case coef, intercept, decision, proba, predict, trainPredict = "train_predict" }
        }
        struct Neighbors: Decodable {
            let predict: [Float]
            let distances: [[Double]]
            let indices: [[Int]]
        }
        struct Dummy: Decodable { let predict: [Float] }
        let x: [[Float]], y: [Float], queries: [[Float]]
        let svm: Linear, logistic: Linear, dummy: Dummy
        let knn1: Neighbors, knn3: Neighbors, knn5: Neighbors
    }
    let multiclass: Problem, binary: Problem

    static func load() throws -> ScikitLearnFixture {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Fixtures/KerasFiles/classical.json")
        return try JSONDecoder().decode(ScikitLearnFixture.self, from: Data(contentsOf: url))
    }
}

enum ClassicalTestData {
    /// `perClass` samples around each of `centers` (each a point in feature space) with standard
    /// deviation `spread`, labelled with the center's index, interleaved class by class.
    static func blobs(centers: [[Float]], perClass: Int, spread: Float, seed: UInt64) -> (x: Tensor, y: Tensor) {
        let features = centers[0].count
        let noise = Tensor.randomNormal([perClass * centers.count, features], stddev: spread, seed: seed).scalars
        var x = [Float](), y = [Float]()
        for i in 0..<(perClass * centers.count) {
            let label = i % centers.count
            x += (0..<features).map { centers[label][$0] + noise[i * features + $0] }
            y.append(Float(label))
        }
        return (Tensor(shape: [y.count, features], scalars: x), Tensor(y))
    }

    /// The fraction of equal entries.
    static func accuracy(_ predicted: Tensor, _ truth: Tensor) -> Float {
        let hits = zip(predicted.scalars, truth.scalars).filter { $0 == $1 }.count
        return Float(hits) / Float(truth.scalarCount)
    }
}

/// Asserts that `body` throws a `DLError` whose description contains every string of `mentions`.
func assertThrowsDLError(_ mentions: [String], file: StaticString = #filePath, line: UInt = #line,
                         _ body: () throws -> Void) {
    do {
        try body()
        XCTFail("no error thrown; expected one mentioning \(mentions)", file: file, line: line)
    } catch let error as DLError {
        for mention in mentions where !error.description.contains(mention) {
            XCTFail("'\(error.description)' does not mention '\(mention)'", file: file, line: line)
        }
    } catch {
        XCTFail("not a DLError: \(error)", file: file, line: line)
    }
}
