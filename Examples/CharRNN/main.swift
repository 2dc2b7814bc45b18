// A character-level LSTM text generator: learns to predict each character of a text file from the
// 40 before it, then writes new text, sampling each character with a temperature (low: safe and
// repetitive; high: inventive and noisy).
//
//     swift run -c release CharRNN FILE.txt [epochs] [temperature]
//
// Any plain text works; a few hundred kilobytes (a novel from Project Gutenberg) gives readable
// words after some epochs. Only the first 200,000 characters are used, to keep epochs short.
import DL
import Foundation

let arguments = Array(CommandLine.arguments.dropFirst())
guard let path = arguments.first else {
    print("usage: CharRNN FILE.txt [epochs=10] [temperature=0.5]")
    exit(2)
}
let epochs = arguments.count > 1 ? Int(arguments[1]) ?? 10 : 10
let temperature = arguments.count > 2 ? Float(arguments[2]) ?? 0.5 : 0.5
let window = 40, step = 3

/// Draws an index from `probabilities` sharpened (temperature < 1) or flattened (> 1), as Keras's
/// text-generation example does: p^(1/T), renormalized.
func sample(_ probabilities: [Float], temperature: Float, using generator: inout SplitMix64) -> Int {
    let logits = probabilities.map { Foundation.log(Swift.max($0, 1e-8)) / Swift.max(temperature, 1e-3) }
    let largest = logits.max() ?? 0
    let weights = logits.map { Foundation.exp($0 - largest) }
    var draw = Float.random(in: 0..<weights.reduce(0, +), using: &generator)
    for (index, weight) in weights.enumerated() {
        draw -= weight
        if draw < 0 { return index }
    }
    return weights.count - 1
}

do {
    guard let text = try? String(contentsOfFile: path, encoding: .utf8), text.unicodeScalars.count > window + 1 else {
        print("CharRNN: cannot read \(path) as UTF-8 text of more than \(window + 1) characters")
        exit(1)
    }
    let corpus = String(String.UnicodeScalarView(text.unicodeScalars.prefix(200_000)))
    let tokenizer = Tokenizer(lower: false, charLevel: true)
    tokenizer.fitOnTexts([corpus])
    let ids = tokenizer.textsToSequences([corpus])[0]
    let vocabulary = tokenizer.wordIndex.count + 1   // id 0 is padding
    print("\(ids.count) characters, \(vocabulary - 1) distinct")

    let starts = Array(stride(from: 0, to: ids.count - window, by: step))
    let x = padSequences(starts.map { Array(ids[$0..<($0 + window)]) })
    let y = Tensor(starts.map { Float(ids[$0 + window]) })

    Random.seed(1)
    let model = Sequential([
        Embedding(inputDim: vocabulary, outputDim: 32, inputShape: [window]),
        LSTM(128),
        Dense(vocabulary, activation: .softmax),
    ], name: "char_rnn")
    model.compile(optimizer: Adam(learningRate: 0.005), loss: .sparseCategoricalCrossentropy)
    model.summary()

    var generator = SplitMix64(seed: 7)
    let seedStart = Int.random(in: 0..<(ids.count - window), using: &generator)
    for epoch in 1...epochs {
        print("Epoch \(epoch)/\(epochs)")
        try model.fit(x: x, y: y, batchSize: 128, epochs: 1)
        // Generate 300 characters from a window of the text.
        var context = Array(ids[seedStart..<(seedStart + window)])
        var generated = ""
        for _ in 0..<300 {
            let input = padSequences([context])
            let probabilities = try model.predict(input, batchSize: 1).scalars
            let next = sample(probabilities, temperature: temperature, using: &generator)
            generated += next == 0 ? "" : tokenizer.indexWord[next] ?? ""
            context = Array(context.dropFirst()) + [next]
        }
        let prompt = ids[seedStart..<(seedStart + window)].map { tokenizer.indexWord[$0] ?? "" }.joined()
        print("--- temperature \(temperature), from \"\(prompt)\"")
        print(generated)
    }
} catch {
    print("CharRNN: \(error)")
    exit(1)
}
