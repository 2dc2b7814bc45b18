// How the convolution kernels spread a batch over the workers: contiguous chunks of samples, each
// worker with its own scratch, in an order that does not depend on thread timing.

extension ConvolutionKernels {
    /// Runs `body(samples, scratch, worker)` over chunks of `samplesPerChunk` samples of `0..<batch`,
    /// on up to `Parallel.workers` threads, each with its own `scratchCount` scalars of scratch.
    static func forEachChunk(_ batch: Int, _ samplesPerChunk: Int, scratchCount: Int,
                             _ body: (Range<Int>, UnsafeMutablePointer<Float>, Int) -> Void) {
        let chunks = (batch + samplesPerChunk - 1) / samplesPerChunk
        let workers = Swift.min(Parallel.workers, chunks)
        func run(_ worker: Int, _ next: () -> Int) {
            var scratch = ScratchPool.take(Swift.max(scratchCount, 1))
            scratch.withUnsafeMutableBufferPointer { buffer in
                while true {
                    let chunk = next()
                    guard chunk < chunks else { break }
                    let start = chunk * samplesPerChunk
                    body(start..<Swift.min(batch, start + samplesPerChunk), buffer.baseAddress!, worker)
                }
            }
            ScratchPool.recycle(scratch)
        }
        // Worker w takes the contiguous chunks [w·chunks/workers, (w+1)·chunks/workers) in order,
        // whichever thread runs it: its partial sums (dKernel, dBias) then add up in the same order
        // on every run, so a seeded training run gives the same numbers every time. (Chunks drawn
        // from a shared counter balanced load a little better, but made the sums, and the test
        // accuracy after LeNet-5's 3 epochs, vary by ±0.3 points between runs.)
        Parallel.run(workers) { worker in
            var chunk = worker * chunks / workers
            let end = (worker + 1) * chunks / workers
            run(worker) { defer { chunk += 1 }; return chunk < end ? chunk : chunks }
        }
    }

    /// Runs `body(samples, scratch)` over chunks (forward: no per-worker results).
    static func forEachChunk(_ batch: Int, _ samplesPerChunk: Int, scratchCount: Int,
                             _ body: (Range<Int>, UnsafeMutablePointer<Float>) -> Void) {
        forEachChunk(batch, samplesPerChunk, scratchCount: scratchCount) { samples, scratch, _ in body(samples, scratch) }
    }
}
