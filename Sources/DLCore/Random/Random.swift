#if canImport(Glibc)
import Glibc
#endif

/// The one seeded random generator of SwiftDL (initializers, dropout, shuffling, augmentation).
/// The same seed gives bit-identical training runs.
public enum Random {
    /// The global generator; seeded from the clock until `seed(_:)` is called.
    public static var generator = SplitMix64(seed: UInt64(truncatingIfNeeded: time(nil)))

    /// Seeds the global generator, making everything after it repeatable.
    public static func seed(_ value: UInt64) { generator = SplitMix64(seed: value) }

    /// A generator for an op with its own `seed`, or the global one's next state when `seed` is nil.
    public static func makeGenerator(seed: UInt64?) -> SplitMix64 {
        SplitMix64(seed: seed ?? generator.next())
    }

    /// A uniform `Float` in `[0, 1)` from the global generator.
    public static func uniform() -> Float { generator.nextUniform() }

    /// A random permutation of `0..<count` from the global generator (Fisher–Yates).
    public static func permutation(_ count: Int) -> [Int] {
        var indices = Array(0..<count)
        guard count > 1 else { return indices }
        for i in stride(from: count - 1, to: 0, by: -1) {
            let j = Int(generator.next() % UInt64(i + 1))
            indices.swapAt(i, j)
        }
        return indices
    }
}

/// SplitMix64: a small, fast, well-mixed 64-bit generator (Steele, Lea & Flood, 2014).
public struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    /// A generator starting from `seed`.
    public init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform `Float` in `[0, 1)` (24 random bits).
    public mutating func nextUniform() -> Float { Float(next() >> 40) * (1.0 / 16_777_216.0) }

    /// A standard normal `Float` (Box–Muller).
    public mutating func nextNormal() -> Float {
        let u1 = Swift.max(nextUniform(), 1e-12), u2 = nextUniform()
        return (-2 * logf(u1)).squareRoot() * cosf(2 * Float.pi * u2)
    }
}

extension Tensor {
    /// Normally distributed scalars; `seed` makes it repeatable on its own, otherwise the global generator is used.
    public static func randomNormal(_ shape: [Int], mean: Float = 0, stddev: Float = 1, seed: UInt64? = nil) -> Tensor {
        var rng = Random.makeGenerator(seed: seed)
        return Tensor(shape: shape) { out in for i in 0..<out.count { out[i] = mean + stddev * rng.nextNormal() } }
    }

    /// Uniformly distributed scalars in `[min, max)`.
    public static func randomUniform(_ shape: [Int], min: Float = 0, max: Float = 1, seed: UInt64? = nil) -> Tensor {
        var rng = Random.makeGenerator(seed: seed)
        return Tensor(shape: shape) { out in for i in 0..<out.count { out[i] = min + (max - min) * rng.nextUniform() } }
    }

    /// Normal scalars re-drawn until within two standard deviations (Keras's truncated normal).
    public static func truncatedNormal(_ shape: [Int], mean: Float = 0, stddev: Float = 1, seed: UInt64? = nil) -> Tensor {
        var rng = Random.makeGenerator(seed: seed)
        return Tensor(shape: shape) { out in
            for i in 0..<out.count {
                var v = rng.nextNormal()
                while Swift.abs(v) > 2 { v = rng.nextNormal() }
                out[i] = mean + stddev * v
            }
        }
    }
}
