#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// A thread that gathers a data set's next batches ahead of the thread that uses them, at most
/// `depth` waiting at a time (a bounded producer–consumer queue).
///
/// The thread starts with the prefetcher and calls `produce` until it returns `nil` (the pass is
/// over) or throws (the error is queued in its place and the thread ends). When the prefetcher
/// goes away the thread is told to stop, finishes the batch it may be gathering, and is joined:
/// none outlives its pass.
final class Prefetcher {
    /// The prefetching threads running now (started and not yet returned), for tests.
    static let liveThreads = Atomic<Int>(0)

    private let queue: Queue
    private var thread = pthread_t()
    /// Whether the thread was started; if not, `next()` gathers on the calling thread.
    private let started: Bool

    /// Starts a thread that calls `produce` ahead of `next()`, at most `depth` batches ahead.
    init(depth: Int, produce: @escaping () throws -> Dataset.Batch?) {
        queue = Queue(depth: depth, produce: produce)
        Self.liveThreads.wrappingAdd(1, ordering: .sequentiallyConsistent)
        let context = Unmanaged.passRetained(queue).toOpaque()
        let created = pthread_create(&thread, nil, { context in
            let queue = Unmanaged<Queue>.fromOpaque(context!).takeRetainedValue()
            queue.run()
            Prefetcher.liveThreads.wrappingSubtract(1, ordering: .sequentiallyConsistent)
            return nil
        }, context)
        started = created == 0
        if !started {
            Unmanaged<Queue>.fromOpaque(context).release()
            Self.liveThreads.wrappingSubtract(1, ordering: .sequentiallyConsistent)
        }
    }

    deinit {
        queue.cancel()
        if started { pthread_join(thread, nil) }
    }

    /// The next batch or the source's error, in order; `nil` after the last. Waits for the
    /// thread when it has not gathered the batch yet.
    func next() -> Result<Dataset.Batch, Error>? {
        started ? queue.take() : queue.produceHere()
    }

    /// The queue shared by the two threads, guarded by one mutex.
    private final class Queue {
        let depth: Int
        let produce: () throws -> Dataset.Batch?
        /// Gathered batches (or one error, last) waiting for `take`, oldest first; at most `depth`.
        private var ready: [Result<Dataset.Batch, Error>] = []
        /// Set by the producer when nothing more will come.
        private var finished = false
        /// Set when the consumer no longer wants batches.
        private var cancelled = false
        private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
        private let changed = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

        init(depth: Int, produce: @escaping () throws -> Dataset.Batch?) {
            self.depth = depth
            self.produce = produce
            ready.reserveCapacity(depth)
            pthread_mutex_init(mutex, nil)
            pthread_cond_init(changed, nil)
        }

        deinit {
            pthread_cond_destroy(changed)
            pthread_mutex_destroy(mutex)
            changed.deallocate()
            mutex.deallocate()
        }

        /// The producer's loop: gather while there is room, until the end, an error or `cancel`.
        func run() {
            pthread_mutex_lock(mutex)
            while !cancelled && !finished {
                if ready.count >= depth {
                    pthread_cond_wait(changed, mutex)
                    continue
                }
                pthread_mutex_unlock(mutex)
                let result = Result { try produce() }
                pthread_mutex_lock(mutex)
                if cancelled { break }
                switch result {
                case .success(let batch?): ready.append(.success(batch))
                case .success(nil): finished = true
                case .failure(let error): ready.append(.failure(error)); finished = true
                }
                pthread_cond_broadcast(changed)
            }
            finished = true
            pthread_cond_broadcast(changed)
            pthread_mutex_unlock(mutex)
        }

        /// The oldest waiting result, after waiting for one; `nil` once the producer finished and
        /// everything was taken.
        func take() -> Result<Dataset.Batch, Error>? {
            pthread_mutex_lock(mutex)
            defer { pthread_mutex_unlock(mutex) }
            while ready.isEmpty && !finished { pthread_cond_wait(changed, mutex) }
            guard !ready.isEmpty else { return nil }
            let result = ready.removeFirst()
            pthread_cond_broadcast(changed)
            return result
        }

        /// Gathers the next batch on the calling thread (when no thread could be started).
        func produceHere() -> Result<Dataset.Batch, Error>? {
            guard !finished else { return nil }
            switch Result(catching: { try produce() }) {
            case .success(let batch?): return .success(batch)
            case .success(nil): finished = true; return nil
            case .failure(let error): finished = true; return .failure(error)
            }
        }

        /// Tells the producer to stop and drops the waiting batches.
        func cancel() {
            pthread_mutex_lock(mutex)
            cancelled = true
            ready.removeAll(keepingCapacity: true)
            pthread_cond_broadcast(changed)
            pthread_mutex_unlock(mutex)
        }
    }
}
