import DLCore

/// Which end of a sequence `padSequences` pads or truncates (Keras's `"pre"` / `"post"`).
public enum SequenceEnd: String, Sendable {
    /// The start of the sequence.
    case pre
    /// The end of the sequence.
    case post
}

/// Pads (or truncates) id sequences to one length, as Keras's `pad_sequences`.
///
/// `[N]` sequences → `[N, maxLength]`, the ids as `Float` (what `Embedding` reads), 0 where padded.
/// A sequence longer than `maxLength` loses ids at its `truncating` end; a shorter one gets zeros
/// at its `padding` end.
/// ```swift
/// padSequences([[1, 2, 3], [4]], maxLength: 2)   // [[2, 3], [0, 4]]
/// ```
/// - Parameters:
///   - sequences: the id sequences, ids not negative.
///   - maxLength: the length of every row; nil: the longest sequence's length.
///   - padding: where the zeros go.
///   - truncating: where ids are removed from too-long sequences.
/// - Returns: `[N, maxLength]` ids as `Float`.
/// - Precondition: `maxLength` is at least 1 when given and no id is negative; a trap names what was
///   received (`checkedPadSequences` throws the same errors as `DLError`).
public func padSequences(_ sequences: [[Int]], maxLength: Int? = nil, padding: SequenceEnd = .pre,
                         truncating: SequenceEnd = .pre) -> Tensor {
    do {
        return try checkedPadSequences(sequences, maxLength: maxLength, padding: padding, truncating: truncating)
    } catch {
        trap("\(error)")
    }
}

/// `padSequences` that throws on bad input instead of trapping.
/// - Parameters:
///   - sequences: the id sequences.
///   - maxLength: the length of every row; nil: the longest sequence's length.
///   - padding: where the zeros go.
///   - truncating: where ids are removed from too-long sequences.
///   - value: the padding value (Keras's `value`; 0 by default).
/// - Returns: `[N, maxLength]` ids as `Float`.
/// - Throws: `DLError.invalidArgument` when `maxLength` is below 1 or an id is negative.
public func checkedPadSequences(_ sequences: [[Int]], maxLength: Int? = nil, padding: SequenceEnd = .pre,
                                truncating: SequenceEnd = .pre, value: Float = 0) throws -> Tensor {
    if let maxLength, maxLength < 1 {
        throw DLError.invalidArgument(context: "padSequences",
                                      message: "maxLength must be at least 1. Received: maxLength=\(maxLength)")
    }
    for (row, sequence) in sequences.enumerated() {
        if let position = sequence.firstIndex(where: { $0 < 0 }) {
            throw DLError.invalidArgument(
                context: "padSequences",
                message: "ids must not be negative; sequence \(row) holds \(sequence[position]) at position \(position). "
                    + "Received: sequences[\(row)][\(position)]=\(sequence[position])")
        }
    }
    let length = maxLength ?? sequences.map(\.count).max() ?? 0
    return Tensor(shape: [sequences.count, length]) { output in
        output.initialize(repeating: value)
        for (row, sequence) in sequences.enumerated() {
            let kept = min(sequence.count, length)
            let source = truncating == .pre ? sequence.count - kept : 0
            let target = row * length + (padding == .pre ? length - kept : 0)
            for offset in 0..<kept { output[target + offset] = Float(sequence[source + offset]) }
        }
    }
}
