import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif

/// Keras's `Progbar`: the per-epoch progress line of `fit`.
///
/// - verbose 1 on a terminal: one line redrawn in place with `\r` (at most every `interval`
///   seconds, and always for the final update):
///   ` 12/469 [>.............................] - ETA: 9s - accuracy: 0.5012 - loss: 1.2034`, ending as
///   `469/469 [==============================] - 3s 6ms/step - accuracy: 0.8123 - loss: 0.5234`.
/// - verbose 1 in a Jupyter notebook (`SWIFTDL_DISPLAY=jupyter`, set by the SwiftDL kernel): as on a
///   terminal, redrawn with `\r` at most every `interval` seconds, as Keras's `Progbar` draws in notebooks.
/// - verbose 1 when the output is not a terminal: only the final line of each epoch.
/// - verbose 2: one line per epoch, `469/469 - 3s - 6ms/step - accuracy: 0.8123 - loss: 0.5234`.
/// - verbose 0: nothing.
/// The caller prints the `Epoch 1/5` line (`ProgressBar.epochHeader`). Values are shown as given
/// (the training loop passes running means), in the given order, with 4 decimals.
public final class ProgressBar {
    /// The number of steps in the epoch (nil when unknown).
    public let target: Int?
    /// 0, 1 or 2, as Keras's `verbose`.
    public let verbose: Int
    /// The bar's width in characters.
    public let width: Int
    /// The shortest time between two redraws, in seconds.
    public let interval: Double
    /// Whether the output is a terminal (lines are redrawn in place).
    public let isTerminal: Bool

    private let write: (String) -> Void
    private let clock: () -> Double
    private let start: Double
    private var lastUpdate = -Double.infinity
    private var timeAfterFirstStep: Double?
    private var previousWidth = 0

    /// A progress bar for an epoch of `target` steps.
    /// - Parameters:
    ///   - target: the number of steps in the epoch (nil when unknown).
    ///   - verbose: 0 nothing, 1 the bar (redrawn in place on a terminal), 2 one line per epoch.
    ///   - width: the bar's width in characters.
    ///   - interval: the least time in seconds between two redraws.
    ///   - isTerminal: defaults to whether standard output is a terminal (`isatty`) or a Jupyter notebook
    ///     (`SWIFTDL_DISPLAY=jupyter`): see `drawsInPlace(display:outputIsTerminal:)`.
    ///   - output: receives the text (no newline added); defaults to standard output, flushed.
    ///   - clock: the current time in seconds; defaults to a monotonic clock.
    public init(target: Int?, verbose: Int = 1, width: Int = 30, interval: Double = 0.05, isTerminal: Bool? = nil,
                output: ((String) -> Void)? = nil, clock: (() -> Double)? = nil) {
        self.target = target
        self.verbose = verbose
        self.width = width
        self.interval = interval
        self.isTerminal = isTerminal ?? ProgressBar.drawsInPlace(
            display: getenv("SWIFTDL_DISPLAY").map { String(cString: $0) }, outputIsTerminal: isatty(STDOUT_FILENO) != 0)
        self.write = output ?? { text in
            fputs(text, stdout)
            fflush(stdout)
        }
        self.clock = clock ?? ProgressBar.monotonicSeconds
        self.start = self.clock()
    }

    /// Whether verbose-1 progress redraws one line in place with `\r`: on a terminal, and in a Jupyter
    /// notebook, whose output areas interpret `\r` (the SwiftDL kernel sets `SWIFTDL_DISPLAY=jupyter` in
    /// its Swift process; Keras's `Progbar` also draws dynamically under `ipykernel`).
    /// - Parameters:
    ///   - display: the value of the `SWIFTDL_DISPLAY` environment variable (nil when unset).
    ///   - outputIsTerminal: whether standard output is a terminal.
    public static func drawsInPlace(display: String?, outputIsTerminal: Bool) -> Bool {
        outputIsTerminal || display == "jupyter"
    }

    /// Shows progress after `current` steps with `values` (name, value) in order. The update is
    /// final when `finalize` is true, or by default when `current` reaches `target`.
    public func update(_ current: Int, values: [(String, Float)] = [], finalize: Bool? = nil) {
        let final = finalize ?? (target.map { current >= $0 } ?? false)
        let now = clock()
        let timePerStep = estimateStepDuration(current, now: now)
        switch verbose {
        case 1:
            if !final && (!isTerminal || now - lastUpdate < interval) { return }
            lastUpdate = now
            let line = progressLine(current, values: values, final: final, now: now, timePerStep: timePerStep)
            guard isTerminal else {
                write(line + "\n")
                return
            }
            let padding = String(repeating: " ", count: Swift.max(previousWidth - line.count, 0))
            previousWidth = line.count
            write("\r" + line + padding + (final ? "\n" : ""))
        case 2 where final:
            var line = target.map { "\(ProgressBar.counter(current, of: $0))" } ?? "\(current)"
            line += " - " + ProgressBar.formatDuration(now - start)
            line += " - " + ProgressBar.formatStepTime(timePerStep)
            write(line + ProgressBar.formatValues(values) + "\n")
        default:
            return
        }
    }

    /// The verbose-1 line: counter, bar, ETA or elapsed time, values.
    private func progressLine(_ current: Int, values: [(String, Float)], final: Bool, now: Double,
                              timePerStep: Double) -> String {
        var line: String
        if let target, target > 0 {
            line = ProgressBar.counter(current, of: target) + " " + ProgressBar.bar(current, of: target, width: width)
        } else {
            line = String(repeating: " ", count: Swift.max(0, 7 - String(current).count)) + "\(current)/Unknown"
        }
        if let target, !final {
            line += " - ETA: " + ProgressBar.formatETA(timePerStep * Double(target - current))
        } else {
            line += " - " + ProgressBar.formatDuration(now - start) + " " + ProgressBar.formatStepTime(timePerStep)
        }
        return line + ProgressBar.formatValues(values)
    }

    /// Keras's estimate: the mean time of the steps after the first (which includes warm-up).
    private func estimateStepDuration(_ current: Int, now: Double) -> Double {
        guard current > 0 else { return 0 }
        let perStep: Double
        if let after = timeAfterFirstStep, current > 1 {
            perStep = (now - after) / Double(current - 1)
        } else {
            perStep = (now - start) / Double(current)
        }
        if current == 1 { timeAfterFirstStep = now }
        return perStep
    }

    private static func monotonicSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
    }
}
