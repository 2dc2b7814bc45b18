/// How an error raised on one rank reaches every rank: the collective that the ranks meet at
/// next carries a status word (how many ranks failed); when it is not zero, every rank calls
/// `sharedFailure(_:)`, which finds the lowest failing rank and broadcasts its error, so that all
/// ranks throw the same `DLError` instead of waiting for a rank that left.
extension Distributed {
    /// The error of the lowest rank whose `localError` is not nil, on every rank. Collective: every
    /// rank calls it, after a status word said that some rank failed.
    package static func sharedFailure(_ localError: Error?) -> DLError {
        let candidate = localError == nil ? Int64.min : -Int64(rank)
        let best = allReduceMax([candidate])[0]
        guard best != Int64.min else {
            return .invalidArgument(context: "Distributed", message: "a rank reported a failure but none sent its error. "
                + "Received: a status word without an error")
        }
        let root = Int(-best)
        let encoded = broadcast(localError.map(encode) ?? "", root: root)
        return decode(encoded, rank: root)
    }

    /// `error` as text that `decode` turns back into the same `DLError` (any other error as its description).
    package static func encode(_ error: Error) -> String {
        let fields: [String]
        switch error as? DLError {
        case let .invalidArgument(context, message)?: fields = ["invalidArgument", context, message]
        case let .shapeMismatch(context, expected, received)?:
            fields = ["shapeMismatch", context, expected] + received.map(String.init)
        case let .invalidFile(path, reason)?: fields = ["invalidFile", path, reason]
        case let .fileAccess(path, reason)?: fields = ["fileAccess", path, reason]
        case let .datasetNotFound(name, tried, hint)?: fields = ["datasetNotFound", name, hint] + tried
        case let .notCompiled(model, call)?: fields = ["notCompiled", model, call]
        case let .hdf5(file, path, reason)?: fields = ["hdf5", file, path, reason]
        case nil: fields = ["other", "\(error)"]
        }
        return fields.joined(separator: "\u{0}")
    }

    /// The `DLError` that `encode` wrote; another error becomes `invalidArgument` naming `rank`.
    package static func decode(_ text: String, rank: Int) -> DLError {
        let fields = text.split(separator: "\u{0}", omittingEmptySubsequences: false).map(String.init)
        let rest = Array(fields.dropFirst())
        switch (fields.first, rest.count) {
        case ("invalidArgument", 2): return .invalidArgument(context: rest[0], message: rest[1])
        case ("shapeMismatch", 2...):
            return .shapeMismatch(context: rest[0], expected: rest[1], received: rest.dropFirst(2).compactMap { Int($0) })
        case ("invalidFile", 2): return .invalidFile(path: rest[0], reason: rest[1])
        case ("fileAccess", 2): return .fileAccess(path: rest[0], reason: rest[1])
        case ("datasetNotFound", 2...):
            return .datasetNotFound(name: rest[0], triedFolders: Array(rest.dropFirst(2)), hint: rest[1])
        case ("notCompiled", 2): return .notCompiled(model: rest[0], call: rest[1])
        case ("hdf5", 3): return .hdf5(file: rest[0], path: rest[1], reason: rest[2])
        default:
            return .invalidArgument(context: "rank \(rank)", message: rest.first ?? text)
        }
    }
}
