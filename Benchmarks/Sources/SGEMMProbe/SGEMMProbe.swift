import COpenBLAS
#if canImport(Glibc)
import Glibc
#endif

/// `SGEMMProbe`: how fast OpenBLAS's `cblas_sgemm` multiplies large matrices on this machine right
/// now, in GFLOP/s, with the threads `OPENBLAS_NUM_THREADS` gives it.
///
/// BENCHMARKS.md derives each workload's limit (the least time an epoch can take) from sgemm's speed
/// on these machines, 190 GFLOP/s on two cores. The machines' speed drifts from hour to hour, so
/// `Benchmarks/run.py` runs this probe beside the frameworks in every repetition and also reports the
/// limit at the speed measured then. Prints one JSON object: `{"sgemm_gflops": …, "size": …}`.
@main
enum SGEMMProbe {
    /// Square products of this size: large enough for OpenBLAS's peak, about 0.1 s each at 190 GFLOP/s.
    static let size = 2048
    /// Timed products; the fastest counts (the machine's speed, not its interruptions).
    static let repetitions = 7

    static func main() {
        let n = size
        let a = [Float](unsafeUninitializedCapacity: n * n) { buffer, count in
            for i in 0..<(n * n) { buffer[i] = Float(i % 7 + 1) / 8 }
            count = n * n
        }
        let b = [Float](unsafeUninitializedCapacity: n * n) { buffer, count in
            for i in 0..<(n * n) { buffer[i] = Float(i % 5 + 1) / 8 }
            count = n * n
        }
        var c = [Float](repeating: 0, count: n * n)
        var best = Double.infinity
        for _ in 0...repetitions {  // one more: the first warms up threads and caches
            let start = seconds()
            c.withUnsafeMutableBufferPointer { cp in
                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(n), Int32(n), Int32(n),
                            1, a, Int32(n), b, Int32(n), 0, cp.baseAddress, Int32(n))
            }
            best = min(best, seconds() - start)
        }
        // The product's first element, checked so the work cannot be skipped or wrong unnoticed.
        let expected = (0..<n).reduce(Float(0)) { $0 + a[$1] * b[$1 * n] }
        guard abs(c[0] - expected) <= 1e-3 * abs(expected) else {
            fputs("SGEMMProbe: wrong product (\(c[0]) instead of \(expected))\n", stderr)
            exit(1)
        }
        let gflops = 2 * Double(n) * Double(n) * Double(n) / best / 1e9
        print("{\"sgemm_gflops\": \(gflops), \"size\": \(n)}")
    }

    private static func seconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
    }
}
