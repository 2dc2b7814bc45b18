#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// Persistent worker threads that run one parallel loop at a time (`Parallel.run`).
///
/// A loop is posted by bumping `generation`; idle workers poll it for about `spinLimit` reads
/// (tens of microseconds) before sleeping on a condition variable, so the loops of one training
/// step (a few dozen GEMMs, convolutions, pooling passes, each 20 µs – 1 ms) find the other core
/// awake. `DispatchQueue.concurrentPerform` woke a sleeping worker for every loop instead: with
/// OpenBLAS on one thread, the MLP workload's epoch took 0.90–0.95 s against 0.76–0.79 s with
/// OpenBLAS's own spinning threads. The calling thread takes iterations too.
///
/// One loop at a time: a call made while the pool is running another loop (from a worker, or
/// from a second thread) runs serially on its own thread instead of waiting.
final class WorkerPool: @unchecked Sendable {
    /// The pool of `Parallel.workers − 1` threads (the calling thread is the last worker).
    static let shared = WorkerPool(threads: Parallel.workers - 1)

    /// Reads of `generation` an idle worker makes before it sleeps (about 30 µs).
    static let spinLimit = 1 << 15

    private let threads: Int
    private let busy = Atomic<Bool>(false)
    private let generation = Atomic<Int>(0)
    private let next = Atomic<Int>(0)
    private let pending = Atomic<Int>(0)
    private let active = Atomic<Int>(0)
    /// The posted loop; read and written under `mutex`.
    private var job: (count: Int, body: (Int) -> Void)?
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

    private init(threads: Int) {
        self.threads = max(0, threads)
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(condition, nil)
        for _ in 0..<self.threads {
            var thread = pthread_t()
            // The pool lives as long as the process (`shared`): each thread keeps a reference.
            let created = pthread_create(&thread, nil, { context in
                Unmanaged<WorkerPool>.fromOpaque(context!).takeUnretainedValue().workerLoop()
                return nil
            }, Unmanaged.passRetained(self).toOpaque())
            if created == 0 { pthread_detach(thread) }
        }
    }

    /// Calls `body(i)` for every `i` in `0..<count`, on the calling thread and the pool's threads,
    /// and returns when all calls have returned. Iterations are handed out one at a time.
    func run(_ count: Int, _ body: (Int) -> Void) {
        guard threads > 0, count > 1,
              busy.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged else {
            for i in 0..<count { body(i) }
            return
        }
        withoutActuallyEscaping(body) { body in
            pthread_mutex_lock(mutex)
            job = (count, body)
            next.store(0, ordering: .sequentiallyConsistent)
            pending.store(count, ordering: .sequentiallyConsistent)
            generation.wrappingAdd(1, ordering: .sequentiallyConsistent)
            pthread_cond_broadcast(condition)
            pthread_mutex_unlock(mutex)
            work(count, body)
            wait { pending.load(ordering: .sequentiallyConsistent) > 0 }
            // No worker may still hold `body` once this returns.
            pthread_mutex_lock(mutex)
            job = nil
            pthread_mutex_unlock(mutex)
            wait { active.load(ordering: .sequentiallyConsistent) > 0 }
        }
        busy.store(false, ordering: .releasing)
    }

    /// Takes iterations of the posted loop until none are left.
    private func work(_ count: Int, _ body: (Int) -> Void) {
        while true {
            let i = next.wrappingAdd(1, ordering: .sequentiallyConsistent).oldValue
            guard i < count else { return }
            body(i)
            pending.wrappingSubtract(1, ordering: .sequentiallyConsistent)
        }
    }

    /// Polls `condition` while it holds, yielding the core now and then (another process, or a
    /// worker not yet scheduled, may need it).
    private func wait(while condition: () -> Bool) {
        var spins = 0
        while condition() {
            spins &+= 1
            if spins & 1023 == 0 { sched_yield() }
        }
    }

    private func workerLoop() {
        var seen = 0
        while true {
            var spins = 0
            while generation.load(ordering: .sequentiallyConsistent) == seen && spins < Self.spinLimit { spins &+= 1 }
            if generation.load(ordering: .sequentiallyConsistent) == seen {
                pthread_mutex_lock(mutex)
                while generation.load(ordering: .sequentiallyConsistent) == seen { pthread_cond_wait(condition, mutex) }
                pthread_mutex_unlock(mutex)
            }
            seen = generation.load(ordering: .sequentiallyConsistent)
            // Registered before reading the job, so that `run` cannot return while this thread
            // holds its body; a job read after that `run` cleared it is nil or a newer one.
            active.wrappingAdd(1, ordering: .sequentiallyConsistent)
            workOnPostedJob()
            active.wrappingSubtract(1, ordering: .sequentiallyConsistent)
        }
    }

    /// Works on the posted loop, if any. A function of its own, so that this thread's reference
    /// to the loop's body is released before the caller sees it leave (`active`).
    @inline(never)
    private func workOnPostedJob() {
        pthread_mutex_lock(mutex)
        let job = self.job
        pthread_mutex_unlock(mutex)
        if let job { work(job.count, job.body) }
    }
}
