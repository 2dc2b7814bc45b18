"""What the Keras and PyTorch benchmarks share with DLBench: the command line, the data, the
clocks, the figures and the JSON schema (see Benchmarks/Sources/DLBench/Report.swift).

Import this module before numpy, TensorFlow or PyTorch: it pins the math libraries to 2 threads
through the environment, which they read when they load.
"""
import argparse
import gzip
import json
import os
import resource
import sys
import time

THREADS = 2
for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS",
              "TF_NUM_INTRAOP_THREADS", "TF_NUM_INTEROP_THREADS"):
    os.environ.setdefault(_name, "1" if _name == "TF_NUM_INTEROP_THREADS" else str(THREADS))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
# PyTorch's OpenMP threads sleep instead of spinning at barriers (see THREAD_ENV in run.py).
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import numpy as np  # noqa: E402  (after the thread settings)

WORKLOADS = ("mlp", "lenet5", "vgg", "autoencoder", "resnet", "siamese", "lstm")
# The seeds of the siamese workload's training and test pairs (Workload.trainPairSeed, testPairSeed).
TRAIN_PAIR_SEED, TEST_PAIR_SEED = 42, 43
BATCH_SIZE = 128
INFERENCE_BATCH_SIZE = 256
SEED = 42
QUICK_STEPS = 60
QUICK_TEST_SAMPLES = 2000
THROUGHPUT_RUNS = 3
WARM_UP_CALLS = 20  # before the timed predict() calls; the direct call's latency has no warm-up
LATENCY_CALLS = 200
DATA_DIRS = (os.path.join(os.environ.get("DL_DATASETS", ""), "fashion-mnist"),
             "/usr/share/datasets/fashion-mnist")


def parse_args(description):
    """The command line of DLBench: --workload, --mode, --epochs, --steps, --json, --verbose."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--workload", required=True, choices=WORKLOADS)
    parser.add_argument("--mode", default="quick", choices=("quick", "full"))
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--steps", type=int, default=QUICK_STEPS, help="steps per epoch in quick mode")
    parser.add_argument("--json", help="where to write the JSON figures")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    if args.epochs < 1 or args.steps < 1:
        parser.error("--epochs and --steps must be at least 1")
    return args


def predict_latency_calls(mode):
    """Keras's predict() costs about 40 ms a call, so quick mode calls it less."""
    return 50 if mode == "quick" else 200


def log(args, message):
    if args.verbose:
        print(f"[{os.path.basename(sys.argv[0])}] {message}", file=sys.stderr, flush=True)


def _idx(name, offset):
    for folder in DATA_DIRS:
        for path in (os.path.join(folder, name + ".gz"), os.path.join(folder, name)):
            if os.path.exists(path):
                opener = gzip.open if path.endswith(".gz") else open
                with opener(path, "rb") as file:
                    return np.frombuffer(file.read(), dtype=np.uint8, offset=offset)
    raise FileNotFoundError(f"{name} not found in {DATA_DIRS}: apt-get install dataset-fashion-mnist")


def load_data(args):
    """Fashion-MNIST from Debian's IDX files: images float32 [N, 28, 28] scaled to [0, 1] in
    place, labels int64 [N]. Quick mode keeps the first steps × 128 training and the first 2000
    test images, as DLBench does."""
    train_count = args.steps * BATCH_SIZE if args.mode == "quick" else None
    test_count = QUICK_TEST_SAMPLES if args.mode == "quick" else None

    def images(name, count):
        raw = _idx(name, 16).reshape(-1, 28, 28)[:count]
        x = raw.astype(np.float32)
        x /= 255
        return x

    def labels(name, count):
        return _idx(name, 8)[:count].astype(np.int64)

    return (images("train-images-idx3-ubyte", train_count), labels("train-labels-idx1-ubyte", train_count),
            images("t10k-images-idx3-ubyte", test_count), labels("t10k-labels-idx1-ubyte", test_count))


class SplitMix64:
    """SwiftDL's seeded generator (Sources/DLCore/Random), so that the pairs are SwiftDL's own."""
    MASK = (1 << 64) - 1

    def __init__(self, seed):
        self.state = seed & self.MASK

    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & self.MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & self.MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & self.MASK
        return z ^ (z >> 31)

    def draw(self, bound):
        return self.next() % bound

    def draw_two(self, bound):
        first = self.draw(bound)
        return first, (first + 1 + self.draw(bound - 1)) % bound


def siamese_pairs(y, seed):
    """The pairs SwiftDL's SiamesePairs(x:y:count:seed:) makes, one per sample of `y`: rows
    `left`, `right` (int64) and labels float32 [N, 1], alternately same class (1: a class drawn
    uniformly, two different samples of it) and different classes (0: two distinct classes drawn
    uniformly, a sample of each)."""
    classes = sorted(set(int(label) for label in y))
    members = [np.flatnonzero(y == label).tolist() for label in classes]
    generator, left, right = SplitMix64(seed), [], []
    for i in range(len(y)):
        if i % 2 == 0:
            rows = members[generator.draw(len(classes))]
            a, b = generator.draw_two(len(rows))
            left.append(rows[a])
            right.append(rows[b])
        else:
            a, b = generator.draw_two(len(classes))
            left.append(members[a][generator.draw(len(members[a]))])
            right.append(members[b][generator.draw(len(members[b]))])
    labels = np.array([1 - i % 2 for i in range(len(y))], dtype=np.float32).reshape(-1, 1)
    return np.array(left, dtype=np.int64), np.array(right, dtype=np.int64), labels


def process_age():
    """Seconds since this process started: from the runner's spawn time (DLBENCH_LAUNCH_NS,
    precise) and from /proc/self/stat's start time (to a clock tick, 10 ms)."""
    launcher = None
    if "DLBENCH_LAUNCH_NS" in os.environ:
        launcher = (time.time_ns() - int(os.environ["DLBENCH_LAUNCH_NS"])) * 1e-9
    proc_stat = None
    try:
        with open("/proc/self/stat") as file:
            fields = file.read().rsplit(")", 1)[1].split()
        proc_stat = time.clock_gettime(time.CLOCK_BOOTTIME) - int(fields[19]) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        pass
    return launcher, proc_stat


def median(values):
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


class Report(dict):
    """The figures of one run, keyed as DLBench's JSON."""

    def __init__(self, framework, version, args, params, train_count, test_count):
        super().__init__(
            framework=framework, framework_version=version, workload=args.workload, mode=args.mode,
            seed=SEED, threads=THREADS, params=int(params), epochs=args.epochs, batch_size=BATCH_SIZE,
            train_samples=train_count, steps_per_epoch=-(-train_count // BATCH_SIZE), test_samples=test_count,
            quality_metric="mse" if args.workload == "autoencoder" else "accuracy",
            latency_calls=LATENCY_CALLS, predict_latency_calls=predict_latency_calls(args.mode),
            epoch_times_s=[], throughput_runs_ips=[])

    def set_startup(self, age, age_with_data, data_load_s):
        launcher, proc_stat = age
        self["startup_clock"] = "launcher" if launcher is not None else "proc-stat"
        self["startup_ms"] = _ms(launcher if launcher is not None else proc_stat)
        self["startup_proc_stat_ms"] = _ms(proc_stat)
        self["startup_with_data_ms"] = _ms(age_with_data[0] if age_with_data[0] is not None else age_with_data[1])
        self["data_load_s"] = data_load_s

    def set_epochs(self, times, quality, quality_epoch):
        self["epoch_times_s"] = times
        self["first_epoch_s"] = times[0] if times else None
        self["epoch_s"] = median(times[1:] if len(times) > 1 else times)
        self["quality"] = quality
        self["quality_after_epoch"] = quality_epoch

    def set_throughput(self, runs):
        self["throughput_runs_ips"] = runs
        self["throughput_ips"] = median(runs)

    def finish(self, args):
        """Adds the peak RSS and writes the JSON (to --json and standard output)."""
        self["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        text = json.dumps(self, indent=2, sort_keys=True)
        if args.json:
            with open(args.json, "w") as file:
                file.write(text)
        print(text)


def _ms(seconds):
    return None if seconds is None else seconds * 1000


def timed(function, *arguments, **keywords):
    """Seconds taken by one call."""
    start = time.perf_counter()
    function(*arguments, **keywords)
    return time.perf_counter() - start
