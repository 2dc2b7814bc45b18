import DLCore

// Sequences of ids (`Tokenizer.textsToSequences`) as the `[N, steps]` tensor that `Embedding`
// and `fit` read: the rows must have one length. Keras's `fit` refuses such lists too
// (TensorFlow: "Can't convert non-rectangular Python sequence to Tensor"); here the error says
// which rows differ and how to pad them.

extension Tensor {
    /// `[N, steps]` ids as `Float` from `N` sequences of one length (ragged sequences need
    /// `padSequences` first).
    /// ```swift
    /// let x = try Tensor(sequences: padded)   // or padSequences(tokenizer.textsToSequences(texts), maxLength: 100)
    /// ```
    /// - Throws: `DLError.invalidArgument` when two sequences differ in length, naming both rows,
    ///   or when there are none (no length to take).
    public init(sequences: [[Int]]) throws {
        try self.init(rows: sequences.map { $0.map(Float.init) }, what: "Tensor(sequences:)")
    }

    /// `[N, steps]` from `N` rows of floats of one length (as `Tensor(_ matrix:)`, throwing).
    /// - Throws: `DLError.invalidArgument` when two rows differ in length, naming both, or when there are none.
    public init(sequences: [[Float]]) throws {
        try self.init(rows: sequences, what: "Tensor(sequences:)")
    }

    private init(rows: [[Float]], what: String) throws {
        guard let first = rows.first else {
            throw DLError.invalidArgument(context: what, message: "expected at least one sequence. Received: 0 sequences")
        }
        if let row = rows.firstIndex(where: { $0.count != first.count }) {
            throw DLError.invalidArgument(
                context: what,
                message: "the sequences have different lengths (sequence 0 has \(first.count) steps, sequence \(row) has "
                    + "\(rows[row].count)); pad them to one length with padSequences(_:maxLength:padding:truncating:) first. "
                    + "Received: rows of lengths \(first.count) and \(rows[row].count)")
        }
        self.init(shape: [rows.count, first.count], scalars: rows.flatMap { $0 })
    }
}
