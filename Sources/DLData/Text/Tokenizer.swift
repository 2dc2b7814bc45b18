import DLCore

/// Keras 2's text tokenizer (`keras.preprocessing.text.Tokenizer`): turns texts into sequences of
/// word ids, the most frequent word first.
///
/// Each text is lower-cased (`lower`), every character of `filters` becomes `split`, and the text
/// is split on `split`, empty pieces dropped (with `charLevel`, each Unicode scalar of the
/// lower-cased text is a token and `filters` is not applied, as in Keras). `fitOnTexts(_:)` counts
/// the words; ids start at 1 (0 is left for padding), by descending count, ties in the order the
/// words were first seen; `oovToken`, when given, takes id 1. `textsToSequences(_:)` keeps only
/// the ids below `numWords` (when set; words beyond it become `oovToken`'s id or are dropped) and
/// unknown words likewise.
///
/// ```swift
/// let tokenizer = Tokenizer(numWords: 1000)
/// tokenizer.fitOnTexts(["The cat sat.", "The dog sat!"])
/// tokenizer.textsToSequences(["the cat"])   // [[1, 3]]
/// ```
public final class Tokenizer {
    /// Keras's default `filters`: punctuation, tab and newline.
    public static let defaultFilters = "!\"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\t\n"

    /// The largest number of words kept by `textsToSequences(_:)`: ids `1..<numWords` (nil: all).
    public let numWords: Int?
    /// The characters replaced by `split` before splitting.
    public let filters: String
    /// Whether texts are lower-cased first.
    public let lower: Bool
    /// The separator words are split on.
    public let split: String
    /// Whether every character (Unicode scalar) is a token.
    public let charLevel: Bool
    /// The token standing for words not in `wordIndex` (or beyond `numWords`); id 1 when set.
    public let oovToken: String?

    /// Each word's count over the texts fitted, in first-seen order (Keras's `word_counts`).
    public private(set) var wordCounts: [(word: String, count: Int)] = []
    /// Each word's id, 1 for the most frequent (Keras's `word_index`).
    public private(set) var wordIndex: [String: Int] = [:]
    /// The word of each id (Keras's `index_word`).
    public private(set) var indexWord: [Int: String] = [:]
    /// The number of texts fitted (Keras's `document_count`).
    public private(set) var documentCount = 0

    private let filterSet: Set<Unicode.Scalar>
    private var countIndex: [String: Int] = [:]   // word → position in wordCounts

    /// A tokenizer with Keras 2's defaults.
    /// - Parameters:
    ///   - numWords: the number of ids kept by `textsToSequences(_:)` (ids below it); nil or 0 keeps all.
    ///   - filters: characters turned into `split` (ignored with `charLevel`).
    ///   - lower: lower-case the texts.
    ///   - split: the word separator (not empty).
    ///   - charLevel: every character is a token.
    ///   - oovToken: a token for out-of-vocabulary words (id 1), or nil to drop them.
    /// - Precondition: `numWords` is not negative and `split` is not empty (a trap names what was received).
    public init(numWords: Int? = nil, filters: String = Tokenizer.defaultFilters, lower: Bool = true,
                split: String = " ", charLevel: Bool = false, oovToken: String? = nil) {
        check((numWords ?? 0) >= 0, "Tokenizer: numWords must be nil or at least 0. Received: numWords=\(numWords ?? 0)")
        check(!split.isEmpty, "Tokenizer: split must not be empty. Received: split=\"\"")
        self.numWords = numWords
        self.filters = filters
        self.lower = lower
        self.split = split
        self.charLevel = charLevel
        self.oovToken = oovToken
        filterSet = Set(filters.unicodeScalars)
    }

    /// The tokens of `text` (Keras's `text_to_word_sequence`, or its characters with `charLevel`).
    /// - Parameter text: one text.
    /// - Returns: its words (or characters), in order.
    public func tokens(of text: String) -> [String] {
        let text = lower ? text.lowercased() : text
        if charLevel { return text.unicodeScalars.map { String($0) } }
        var filtered = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if filterSet.contains(scalar) { filtered.append(contentsOf: split.unicodeScalars) } else { filtered.append(scalar) }
        }
        return splitWords(String(filtered))
    }

    /// Splits on every occurrence of `split` (Python's `str.split(sep)`), dropping empty pieces.
    private func splitWords(_ text: String) -> [String] {
        let separator = Array(split.unicodeScalars), scalars = Array(text.unicodeScalars)
        var words: [String] = [], current = String.UnicodeScalarView(), index = 0
        while index < scalars.count {
            if scalars[index] == separator[0], index + separator.count <= scalars.count,
               Array(scalars[index..<(index + separator.count)]) == separator {
                if !current.isEmpty { words.append(String(current)) }
                current = String.UnicodeScalarView()
                index += separator.count
            } else {
                current.append(scalars[index])
                index += 1
            }
        }
        if !current.isEmpty { words.append(String(current)) }
        return words
    }

    /// Counts the words of `texts` (adding to earlier calls) and rebuilds `wordIndex`.
    /// - Parameter texts: the texts to learn the vocabulary from.
    public func fitOnTexts(_ texts: [String]) {
        for text in texts {
            documentCount += 1
            for word in tokens(of: text) {
                if let position = countIndex[word] {
                    wordCounts[position].count += 1
                } else {
                    countIndex[word] = wordCounts.count
                    wordCounts.append((word, 1))
                }
            }
        }
        // Python's sort is stable: equal counts keep their first-seen order.
        let ordered = wordCounts.enumerated().sorted { a, b in
            a.element.count != b.element.count ? a.element.count > b.element.count : a.offset < b.offset
        }
        let vocabulary = (oovToken.map { [$0] } ?? []) + ordered.map(\.element.word)
        wordIndex = [:]
        indexWord = [:]
        // Keras's dict(zip(...)): a word repeated (the OOV token also a word) keeps its last id.
        for (offset, word) in vocabulary.enumerated() { wordIndex[word] = offset + 1 }
        for (offset, word) in vocabulary.enumerated() { indexWord[offset + 1] = word }
    }

    /// The id sequence of each text: its known words' ids (those below `numWords` when set), the
    /// others replaced by `oovToken`'s id or dropped.
    /// - Parameter texts: the texts to convert.
    /// - Returns: one id sequence per text, ids in `1...`.
    public func textsToSequences(_ texts: [String]) -> [[Int]] {
        let limit = (numWords ?? 0) > 0 ? numWords : nil
        let oovIndex = oovToken.flatMap { wordIndex[$0] }
        return texts.map { text in
            tokens(of: text).compactMap { word -> Int? in
                guard let id = wordIndex[word] else { return oovIndex }
                if let limit, id >= limit { return oovIndex }
                return id
            }
        }
    }

    /// The texts of id sequences (Keras's `sequences_to_texts`): the words joined by spaces, ids
    /// at or beyond `numWords` and unknown ids replaced by `oovToken` or dropped.
    /// - Parameter sequences: id sequences, as `textsToSequences(_:)` returns them.
    /// - Returns: one text per sequence.
    public func sequencesToTexts(_ sequences: [[Int]]) -> [String] {
        let limit = (numWords ?? 0) > 0 ? numWords : nil
        let oovIndex = oovToken.flatMap { wordIndex[$0] }
        return sequences.map { sequence in
            sequence.compactMap { id -> String? in
                if let limit, id >= limit { return oovIndex.flatMap { indexWord[$0] } }
                return indexWord[id] ?? oovIndex.flatMap { indexWord[$0] }
            }.joined(separator: " ")
        }
    }
}
