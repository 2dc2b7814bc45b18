import DLCore

/// N-way one-shot episodes from labelled samples (Koch, Zemel and Salakhutdinov, 2015): each shows
/// one support image of each of `ways` distinct classes and a query, another image of one of those
/// classes; a model answers by picking the support image most like the query.
///
/// Each trial draws `ways` distinct classes in random order, a random answer among them, one
/// sample of each class as its support and a different sample of the answer's class as the query.
/// The draws come from `seed` when given (the same seed gives the same trials), else from `Random`.
///
/// ```swift
/// for trial in try oneShotTrials(x: test.x, y: test.y, ways: 4, trials: 1_000, seed: 3) {
///     let queries = concatenate(Array(repeating: trial.query, count: 4), axis: 0)
///     let scores = try model.predict([queries, trial.support]).scalars   // 4 similarities
///     correct += scores.indices.max { scores[$0] < scores[$1] } == trial.answer ? 1 : 0
/// }
/// ```
/// - Parameters:
///   - x: the samples, `[samples, ...]`.
///   - y: one whole-number class id a sample, `[samples]` or `[samples, 1]`.
///   - ways: the classes in each trial (at least 2).
///   - trials: the number of trials (positive).
///   - seed: makes the trials repeatable; `nil` draws from `Random`.
/// - Returns: `trials` episodes: `support` `[ways, ...]` (row `k` shows the trial's `k`-th class),
///   `query` `[1, ...]`, and `answer`, the row of `support` whose class the query shows.
/// - Throws: `DLError.invalidArgument` when `ways` or `trials` is out of range, `x` and `y` do not
///   match, there are fewer classes than `ways`, or a class has a single sample (it could not give
///   both a support image and a different query).
public func oneShotTrials(x: Tensor, y: Tensor, ways: Int, trials: Int, seed: UInt64? = nil) throws
    -> [(support: Tensor, query: Tensor, answer: Int)] {
    try OneShotEpisodes(x: x, y: y, ways: ways, trials: trials, seed: seed).episodes.map { episode in
        (x.gathering(rows: episode.support), x.gathering(rows: [episode.query]), episode.answer)
    }
}

/// The row indices of one-shot episodes, drawn as `oneShotTrials` documents.
struct OneShotEpisodes {
    /// One episode: the support rows (one per class), the query row and the answer's position.
    typealias Episode = (support: [Int], query: Int, answer: Int)

    let episodes: [Episode]

    init(x: Tensor, y: Tensor, ways: Int, trials: Int, seed: UInt64?) throws {
        let context = "oneShotTrials(x:y:ways:trials:seed:)"
        guard ways >= 2 else {
            throw DLError.invalidArgument(context: context, message: "ways must be at least 2. Received: ways=\(ways)")
        }
        guard trials > 0 else {
            throw DLError.invalidArgument(context: context, message: "trials must be positive. Received: trials=\(trials)")
        }
        let index = try ClassMembers(x: x, y: y, context: context)
        guard index.classes.count >= ways else {
            throw DLError.invalidArgument(context: context, message: "\(ways)-way trials need at least \(ways) classes. "
                + "Received: y with \(index.classes.count) (class counts \(index.countsDescription))")
        }
        if let lone = zip(index.classes, index.members).first(where: { $0.1.count < 2 }) {
            throw DLError.invalidArgument(context: context, message: "class \(lone.0) has \(lone.1.count) sample; every "
                + "class needs two (a support image and a different query). Received: y with class counts "
                + index.countsDescription)
        }
        var generator = Random.makeGenerator(seed: seed)
        var order = Array(index.classes.indices)
        episodes = (0..<trials).map { _ in
            // The first `ways` places of a partial Fisher–Yates shuffle: distinct classes, random order.
            for k in 0..<ways {
                order.swapAt(k, k + ClassMembers.draw(order.count - k, &generator))
            }
            let answer = ClassMembers.draw(ways, &generator)
            let support = order.prefix(ways).map { index.members[$0][ClassMembers.draw(index.members[$0].count, &generator)] }
            let members = index.members[order[answer]]
            let position = members.firstIndex(of: support[answer]) ?? 0
            let query = members[(position + 1 + ClassMembers.draw(members.count - 1, &generator)) % members.count]
            return (support, query, answer)
        }
    }
}
