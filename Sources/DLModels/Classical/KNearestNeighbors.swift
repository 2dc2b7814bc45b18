import DLCore

/// The k-nearest-neighbours classifier, scikit-learn's `KNeighborsClassifier(n_neighbors: k)` with its
/// defaults: Euclidean distance, uniform votes, brute-force search.
///
/// `fit` keeps the training samples; `predict` finds, for each query, the `k` training samples at the
/// smallest Euclidean distance and returns the class most of them hold.
///
/// Ties, broken deterministically:
/// - among training samples at the same distance, the one fitted earlier (lower row index) is nearer;
/// - among classes with the same number of votes, the smallest class id wins (scikit-learn's
///   uniform vote, a mode, does the same).
///
/// Speed: squared distances come from ‖q‖² − 2⟨q, t⟩ + ‖t‖², the products ⟨q, t⟩ through one BLAS
/// matrix product per block of 1,024 queries. Float32 rounding in that expansion can swap two
/// training samples whose distances differ by less than it; exactly equal points (duplicates) always
/// tie exactly.
///
/// Shapes: `fit(x:y:)` takes `x` `[samples, features]` and `y` `[samples]` class ids; `predict(_:)`
/// gives `[queries]` class ids.
public final class KNearestNeighbors: ClassicalClassifier {
    /// How many neighbours vote.
    public let k: Int
    /// The distinct class ids seen by `fit`, increasing; empty before.
    public private(set) var classes: [Float] = []
    private var samples: Tensor?
    private var samplesSquaredNorms: [Float] = []
    private var labels: [Int] = []
    /// Queries per matrix product, bounding the distance block at 1,024 × samples floats.
    private let blockRows = 1024

    /// Creates an unfitted classifier where `k` neighbours vote (checked by `fit`: 1 ≤ k ≤ samples).
    public init(k: Int = 5) {
        self.k = k
    }

    /// Keeps `x` `[samples, features]` and its class ids `y` `[samples]`.
    /// - Throws: `DLError.invalidArgument` naming `KNearestNeighbors.fit` when `x` is not a non-empty
    ///   finite matrix, `y` does not hold one whole-number id per row, or `k` is not in 1...samples.
    public func tryFit(x: Tensor, y: Tensor) throws {
        let context = "KNearestNeighbors.fit"
        let (classes, labels) = try ClassifierInput.training(x: x, y: y, context: context)
        guard k >= 1, k <= x.shape[0] else {
            throw DLError.invalidArgument(context: context, message: "k must be between 1 and the number of "
                + "samples, \(x.shape[0]). Received: k=\(k) with x of shape \(x.shape)")
        }
        self.classes = classes
        self.labels = labels
        samples = x
        samplesSquaredNorms = Self.squaredRowNorms(x)
    }

    /// The `k` nearest training samples of each query, nearest first (scikit-learn's `kneighbors`):
    /// `[queries, features]` → distances `[queries, k]` (Euclidean) and row indices `[queries, k]`.
    /// - Throws: `DLError.invalidArgument` before `fit` or when `x` is not `[queries, features]`.
    public func neighbors(_ x: Tensor) throws -> (distances: Tensor, indices: Tensor) {
        let found = try search(x, context: "KNearestNeighbors.neighbors")
        let shape = [x.shape[0], k]
        return (Tensor(shape: shape, scalars: found.squaredDistances.map { $0.squareRoot() }),
                Tensor(shape: shape, scalars: found.indices.map { Float($0) }))
    }

    /// The class most of each query's `k` nearest training samples hold: `[queries, features]` →
    /// `[queries]` class ids.
    /// - Throws: `DLError.invalidArgument` naming `KNearestNeighbors.predict` before `fit` or when `x`
    ///   is not `[queries, features]` with the fitted feature count.
    public func tryPredict(_ x: Tensor) throws -> Tensor {
        let found = try search(x, context: "KNearestNeighbors.predict")
        var votes = [Int](repeating: 0, count: classes.count)
        var predictions = [Float](repeating: 0, count: x.shape[0])
        for query in 0..<x.shape[0] {
            for slot in 0..<classes.count { votes[slot] = 0 }
            for neighbor in found.indices[(query * k)..<((query + 1) * k)] { votes[labels[neighbor]] += 1 }
            var winner = 0
            for slot in 1..<classes.count where votes[slot] > votes[winner] { winner = slot }
            predictions[query] = classes[winner]
        }
        return Tensor(predictions)
    }

    /// The `k` nearest samples of each query, row-major `[queries, k]`, nearest first.
    private func search(_ x: Tensor, context: String) throws -> (squaredDistances: [Float], indices: [Int]) {
        try ClassifierInput.queries(x, features: samples?.shape[1], context: context)
        guard let samples else { return ([], []) }
        let (queries, count) = (x.shape[0], samples.shape[0])
        var distances = [Float](repeating: 0, count: queries * k)
        var indices = [Int](repeating: 0, count: queries * k)
        let queryNorms = Self.squaredRowNorms(x)
        var start = 0
        while start < queries {
            let end = Swift.min(start + blockRows, queries)
            let products = matmul(x[start..<end], transposeA: false, samples, transposeB: true)   // [block, count]
            products.withUnsafeBufferPointer { dots in
                samplesSquaredNorms.withUnsafeBufferPointer { norms in
                    for query in start..<end {
                        let row = dots.baseAddress! + (query - start) * count
                        let base = query * k
                        var filled = 0
                        for j in 0..<count {
                            let d = Swift.max(queryNorms[query] - 2 * row[j] + norms[j], 0)
                            if filled == k && d >= distances[base + k - 1] { continue }
                            // Insert after every kept sample at a distance ≤ d (earlier rows win ties).
                            var slot = filled < k ? filled : k - 1
                            while slot > 0 && distances[base + slot - 1] > d {
                                distances[base + slot] = distances[base + slot - 1]
                                indices[base + slot] = indices[base + slot - 1]
                                slot -= 1
                            }
                            distances[base + slot] = d
                            indices[base + slot] = j
                            filled = Swift.min(filled + 1, k)
                        }
                    }
                }
            }
            start = end
        }
        return (distances, indices)
    }

    /// ‖row‖² of each row of `x` `[rows, features]`.
    private static func squaredRowNorms(_ x: Tensor) -> [Float] {
        let (rows, features) = (x.shape[0], x.shape[1])
        return x.withUnsafeBufferPointer { values in
            (0..<rows).map { row in
                var sum: Float = 0
                for j in 0..<features { sum += values[row * features + j] * values[row * features + j] }
                return sum
            }
        }
    }
}
