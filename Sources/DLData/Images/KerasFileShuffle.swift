/// The file order of Keras's `image_dataset_from_directory`: `np.random.RandomState(seed).shuffle`
/// (NumPy's legacy MT19937 seeded with `init_genrand`, Fisher–Yates from the end with masked
/// rejection sampling), reproduced so that the same seed splits the same files into training and
/// validation as Keras.
package struct KerasFileShuffle {
    private var state = [UInt32](repeating: 0, count: 624)
    private var index = 624

    /// NumPy's `RandomState(seed)` for a seed below 2^32.
    package init(seed: UInt32) {
        state[0] = seed
        for i in 1..<624 {
            state[i] = 1_812_433_253 &* (state[i - 1] ^ (state[i - 1] >> 30)) &+ UInt32(i)
        }
    }

    /// The next 32 random bits (MT19937).
    private mutating func next() -> UInt32 {
        if index >= 624 {
            for i in 0..<624 {
                let y = (state[i] & 0x8000_0000) | (state[(i + 1) % 624] & 0x7FFF_FFFF)
                state[i] = state[(i + 397) % 624] ^ (y >> 1) ^ ((y & 1) != 0 ? 0x9908_B0DF : 0)
            }
            index = 0
        }
        var y = state[index]
        index += 1
        y ^= y >> 11
        y ^= (y << 7) & 0x9D2C_5680
        y ^= (y << 15) & 0xEFC6_0000
        y ^= y >> 18
        return y
    }

    /// A uniform integer in `0...max` (NumPy's legacy `random_interval`; `max` below 2^32).
    private mutating func interval(_ max: Int) -> Int {
        if max == 0 { return 0 }
        var mask = UInt32(max)
        mask |= mask >> 1; mask |= mask >> 2; mask |= mask >> 4; mask |= mask >> 8; mask |= mask >> 16
        while true {
            let value = next() & mask
            if value <= UInt32(max) { return Int(value) }
        }
    }

    /// Shuffles `items` in place as `RandomState.shuffle` does.
    package mutating func shuffle<T>(_ items: inout [T]) {
        guard items.count > 1 else { return }
        for i in stride(from: items.count - 1, to: 0, by: -1) {
            items.swapAt(i, interval(i))
        }
    }
}
