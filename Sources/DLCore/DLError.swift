/// The one error type of SwiftDL: every throwing call throws a `DLError` whose description names
/// what was wrong and where (layer, shapes, file, HDF5 path).
public enum DLError: Error, CustomStringConvertible, Equatable {
    /// An argument or configuration value is not acceptable. `context` names where (a layer, a call).
    case invalidArgument(context: String, message: String)
    /// A tensor's shape does not fit where it is used.
    case shapeMismatch(context: String, expected: String, received: [Int])
    /// A file exists but its content is wrong (truncated, corrupt, unexpected layout).
    case invalidFile(path: String, reason: String)
    /// A file could not be opened, read or written.
    case fileAccess(path: String, reason: String)
    /// A data set was not found in any of the folders searched.
    case datasetNotFound(name: String, triedFolders: [String], hint: String)
    /// A model was used for training or evaluation before `compile`.
    case notCompiled(model: String, call: String)
    /// An HDF5 object is missing or does not fit (file and path inside the file).
    case hdf5(file: String, path: String, reason: String)

    /// A readable message naming what was wrong and where.
    public var description: String {
        switch self {
        case let .invalidArgument(context, message):
            return "\(context): \(message)"
        case let .shapeMismatch(context, expected, received):
            return "\(context): expected shape \(expected), received shape \(received)"
        case let .invalidFile(path, reason):
            return "invalid file '\(path)': \(reason)"
        case let .fileAccess(path, reason):
            return "cannot access '\(path)': \(reason)"
        case let .datasetNotFound(name, triedFolders, hint):
            return "data set '\(name)' not found; folders tried: \(triedFolders.joined(separator: ", ")). \(hint)"
        case let .notCompiled(model, call):
            return "model '\(model)': \(call) called before compile(optimizer:loss:metrics:); compile the model first"
        case let .hdf5(file, path, reason):
            return "HDF5 file '\(file)', object '\(path)': \(reason)"
        }
    }
}
