#!/usr/bin/env python3
"""make bench: SwiftDL against Keras (on TensorFlow and on JAX), PyTorch and ONNX Runtime, side by side on the
same machine in one run.

Builds DLBench in release, then runs each workload once per framework per repetition (one process
each, so that peak memory and start-up belong to that run), rotating the frameworks' order,
collects the JSON each one writes, and prints the table of figures and SwiftDL/peer ratios with
each target (table.py). With --baseline, a second SwiftDL build (another commit's DLBench) runs in the
same rotation, so that a change is measured before and after, paired in one run. Writes Benchmarks/results/<mode>-<UTC time>.md and .json and
latest-<mode>.md; a full run of every workload also puts its table in README.md and, where valgrind is
installed, counts each workload's instructions (callgrind.py) into callgrind-<same time>.md and .json,
compared with the callgrind run before it: figures that the machine's noise cannot move.

Python 3 standard library only: it runs with the system python3; the peers run with
Benchmarks/.venv/bin/python (make bench-peers) and are skipped, marked "not installed", without it.
"""
import argparse
import datetime
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import table

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
VENV_PYTHON = BENCH / ".venv" / "bin" / "python"
WORKLOADS = ("mlp", "lenet5", "vgg", "autoencoder", "resnet", "siamese", "lstm")
FRAMEWORKS = ("swiftdl", "keras", "keras-jax", "pytorch", "onnxruntime")
# The other SwiftDL build of --baseline; not a peer: no target looks at it.
BASELINE = "baseline"
PEER_SCRIPTS = {"keras": "keras_bench.py", "keras-jax": "keras_bench.py", "pytorch": "torch_bench.py",
                "onnxruntime": "onnx_bench.py"}
# Keras runs twice: on TensorFlow and on JAX (its backend is chosen by KERAS_BACKEND when it loads).
PEER_ENV = {"keras": {"KERAS_BACKEND": "tensorflow"}, "keras-jax": {"KERAS_BACKEND": "jax"}}
PEER_PROBES = {
    "keras": "import tensorflow as tf, keras; print(f'{keras.__version__} (TF {tf.__version__})')",
    "keras-jax": "import jax, keras; print(f'{keras.__version__} (JAX {jax.__version__})')",
    "pytorch": "import torch; print(torch.__version__)",
    # ONNX Runtime runs the PyTorch models, exported with torch.onnx (which needs the onnx package).
    "onnxruntime": "import onnxruntime, onnx, torch; print(onnxruntime.__version__)",
}
# OMP_WAIT_POLICY=PASSIVE: PyTorch's OpenMP threads otherwise spin at every barrier, which on these
# shared 2-core machines made its epochs 4 to 20 times slower than its own speed when the other
# core is busy (seen with autoencoder, lenet5); it sleeps instead, as TensorFlow's and
# OpenBLAS's pools do sooner. Its single-image latency rises a little with it (0.2 to 0.28 ms, lenet5).
THREAD_ENV = {"OPENBLAS_NUM_THREADS": "2", "OMP_NUM_THREADS": "2", "MKL_NUM_THREADS": "2",
              "OMP_WAIT_POLICY": "PASSIVE", "TF_NUM_INTRAOP_THREADS": "2", "TF_NUM_INTEROP_THREADS": "1",
              "TF_CPP_MIN_LOG_LEVEL": "2"}
README_BEGIN, README_END = "<!-- bench:begin -->", "<!-- bench:end -->"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mode", choices=("quick", "full"), default="quick",
                        help="quick: 60 steps per epoch, 2000 test images; full: whole epochs and test set")
    parser.add_argument("--repeats", type=int, default=1,
                        help="repetitions of every run; figures are their medians (default 1: a full vgg "
                             "run takes minutes per framework)")
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--workloads", default=",".join(WORKLOADS))
    parser.add_argument("--frameworks", default=",".join(FRAMEWORKS))
    parser.add_argument("--timeout", type=float, default=3600, help="seconds allowed to one run")
    parser.add_argument("--no-build", action="store_true", help="use the DLBench already built")
    parser.add_argument("--baseline", metavar="DLBENCH",
                        help="another SwiftDL build's DLBench (e.g. the branch point's, built with --static-swift-stdlib) "
                             "to run beside this one in every repetition: the table adds SwiftDL / baseline ratios")
    parser.add_argument("--baseline-label", default="baseline", help="what the baseline is (a commit), for the table")
    parser.add_argument("--no-readme", action="store_true", help="leave README.md alone after a full run")
    parser.add_argument("--no-callgrind", action="store_true",
                        help="skip the instruction counts a full run otherwise takes (callgrind.py, needs valgrind)")
    parser.add_argument("--render", metavar="JSON", help="only print again the table of a results JSON (alone)")
    args = parser.parse_args()
    args.workloads = [w for w in args.workloads.split(",") if w]
    args.frameworks = [f for f in args.frameworks.split(",") if f]
    for name, allowed in ((args.workloads, WORKLOADS), (args.frameworks, FRAMEWORKS)):
        unknown = set(name) - set(allowed)
        if unknown:
            parser.error(f"unknown {sorted(unknown)}; choose from {', '.join(allowed)}")
    if args.repeats < 1 or args.epochs < 1:
        parser.error("--repeats and --epochs must be at least 1")
    if args.baseline:
        if not Path(args.baseline).is_file():
            parser.error(f"--baseline: no DLBench at {args.baseline}")
        args.frameworks.insert(args.frameworks.index("swiftdl") + 1 if "swiftdl" in args.frameworks else 0, BASELINE)
    return args


def command_output(command, timeout=120, **keywords):
    """What a command prints, stripped, or None when it fails."""
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=timeout, **keywords)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return result.stdout.strip() if result.returncode == 0 else None


def machine():
    """The machine, the toolchain and SwiftDL's commit, for the table's header."""
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as file:
            cpu = next((line.split(":", 1)[1].strip() for line in file if line.startswith("model name")), cpu)
    except OSError:
        pass
    memory = None
    try:
        with open("/proc/meminfo") as file:
            memory = next(int(line.split()[1]) // (1024 * 1024) for line in file if line.startswith("MemTotal"))
    except (OSError, StopIteration):
        pass
    commit = command_output(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT) or "unknown"
    if command_output(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT):
        commit += "+changes"
    swift = (command_output(["swift", "--version"]) or "unknown").splitlines()[0]
    return {"cpu": cpu, "cores": os.cpu_count(), "memory_gib": memory, "kernel": platform.release(),
            "swift": swift, "swiftdl_commit": commit, "branch": command_output(["git", "branch", "--show-current"], cwd=ROOT),
            "python": platform.python_version()}


def kernels(binary):
    """The vector kernels SwiftDL takes on this CPU ("portable", "avx2", "avx512"; DLBench --kernels)."""
    output = command_output([str(binary), "--workload", "mlp", "--kernels"], timeout=60) or ""
    return next((line.split(":", 1)[1].strip() for line in output.splitlines() if line.startswith("kernels:")), "unknown")


def probe_peers(frameworks):
    """Each peer's version, or None when its virtual environment or package is missing."""
    versions = {}
    for framework in frameworks:
        if framework in ("swiftdl", BASELINE):
            continue
        versions[framework] = None
        if VENV_PYTHON.exists():
            versions[framework] = command_output([str(VENV_PYTHON), "-c", PEER_PROBES[framework]], timeout=300,
                                                 env={**os.environ, **THREAD_ENV, **PEER_ENV.get(framework, {})})
    return versions


def build():
    # The Swift runtime linked in statically, as Swift executables are deployed on Linux: one file
    # to load instead of a dozen libraries. Cold (page cache dropped), start-up to a ready vgg
    # model took 90-120 ms with the shared runtime and 45-70 ms with the static one.
    print("Building DLBench (release, static Swift runtime)...", flush=True)
    for product in ("DLBench", "SGEMMProbe"):
        subprocess.run(["swift", "build", "-c", "release", "--product", product, "--static-swift-stdlib"],
                       cwd=ROOT, check=True)
    path = command_output(["swift", "build", "-c", "release", "--show-bin-path"], cwd=ROOT)
    return Path(path) / "DLBench"


def run_once(framework, workload, args, binary, commit):
    """One process: its JSON figures, or {"error": ...}. The baseline is the --baseline DLBench."""
    with tempfile.TemporaryDirectory() as folder:
        output = Path(folder) / "figures.json"
        options = ["--workload", workload, "--mode", args.mode, "--epochs", str(args.epochs), "--json", str(output)]
        if framework in ("swiftdl", BASELINE):
            command = [str(binary if framework == "swiftdl" else args.baseline)] + options
            commit = commit if framework == "swiftdl" else args.baseline_label
        else:
            command = [str(VENV_PYTHON), str(BENCH / "peers" / PEER_SCRIPTS[framework])] + options
        env = {**os.environ, **THREAD_ENV, **PEER_ENV.get(framework, {}), "DLBENCH_VERSION": commit,
               "DLBENCH_LAUNCH_NS": str(time.time_ns())}
        try:
            result = subprocess.run(command, env=env, cwd=BENCH, capture_output=True, text=True, timeout=args.timeout)
        except subprocess.TimeoutExpired:
            return {"error": f"timed out after {args.timeout:.0f} s"}
        if result.returncode != 0 or not output.exists():
            lines = [line for line in result.stderr.splitlines() if line.strip()][-5:]
            return {"error": f"exit {result.returncode}: " + " | ".join(lines)}
        return json.loads(output.read_text())


def evict_from_page_cache(binary):
    """Drops the page cache of DLBench and the shared libraries it loads (posix_fadvise DONTNEED: pages no
    other process maps), so that its next start reads them from disk: a cold start, as after a reboot."""
    files = [str(binary)]
    for line in (command_output(["ldd", str(binary)]) or "").splitlines():
        parts = line.split("=>")
        path = (parts[1] if len(parts) > 1 else parts[0]).split("(")[0].strip()
        if path.startswith("/"):
            files.append(path)
    for path in files:
        try:
            descriptor = os.open(path, os.O_RDONLY)
        except OSError:
            continue
        try:
            os.posix_fadvise(descriptor, 0, 0, os.POSIX_FADV_DONTNEED)
        finally:
            os.close(descriptor)


def probe_startup(binary, workload):
    """SwiftDL's start-up to a ready model launched again as it is (`startup_again_ms`), then cold (its files
    evicted from the page cache first) and warm (at once again): {"startup_again_ms", "startup_cold_ms",
    "startup_warm_ms"}, or {} when a probe fails."""
    figures = {}
    for key in ("startup_again_ms", "startup_cold_ms", "startup_warm_ms"):
        if key == "startup_cold_ms":
            evict_from_page_cache(binary)
        env = {**os.environ, **THREAD_ENV, "DLBENCH_LAUNCH_NS": str(time.time_ns())}
        output = command_output([str(binary), "--workload", workload, "--startup-only"], timeout=60, env=env)
        try:
            figures[key] = json.loads(output)["startup_ms"]
        except (TypeError, ValueError, KeyError):
            return {}
    return figures


def settle_startup(figures):
    """Round one's start-up as BENCHMARKS.md takes every figure, the median of several repetitions: of the
    training launch's and the two launches made as they are (again, and warm after the cold probe). The
    training launch alone stays as `startup_launch_ms`; on these shared machines it took 7 to 126 ms
    across runs (warm 7 to 19 ms) with the page cache in whatever state the peers' runs left it."""
    launches = [figures[key] for key in ("startup_ms", "startup_again_ms", "startup_warm_ms") if figures.get(key) is not None]
    if len(launches) == 3:
        figures["startup_launch_ms"] = figures["startup_ms"]
        figures["startup_ms"] = statistics.median(launches)


def probe_sgemm(binary):
    """OpenBLAS's sgemm speed now, in GFLOP/s with 2 threads (SGEMMProbe beside DLBench), or None
    when the probe is missing or fails."""
    output = command_output([str(binary.with_name("SGEMMProbe"))], timeout=120, env={**os.environ, **THREAD_ENV})
    try:
        return json.loads(output)["sgemm_gflops"] if output else None
    except (ValueError, KeyError):
        return None


def aggregate(runs):
    """Per workload and framework: the median of each figure over the repetitions."""
    merged = {}
    for run in runs:
        merged.setdefault(run["workload"], {}).setdefault(run["framework"], []).append(run["figures"])
    result = {}
    for workload, frameworks in merged.items():
        for framework, figures in frameworks.items():
            good = [f for f in figures if "error" not in f]
            if not good:
                result.setdefault(workload, {})[framework] = {"error": figures[-1]["error"]}
                continue
            combined = dict(good[-1])
            for key in table.FIGURE_KEYS:
                values = [f[key] for f in good if isinstance(f.get(key), (int, float))]
                combined[key] = statistics.median(values) if values else None
            combined["repetitions"] = len(good)
            result.setdefault(workload, {})[framework] = combined
    return result


def summary_line(figures):
    if "error" in figures:
        return "FAILED: " + figures["error"]
    quality = figures.get("quality")
    quality = "-" if quality is None else f"{quality:.4f}"
    return (f"epoch {table.number(figures.get('epoch_s'))} s, {figures.get('quality_metric')} {quality}, "
            f"{table.number(figures.get('throughput_ips'))} img/s, latency {table.number(figures.get('latency_ms'))} ms, "
            f"RSS {table.number(figures.get('peak_rss_mb'))} MiB, start-up {table.number(figures.get('startup_ms'))} ms")


def update_readme(markdown):
    readme = ROOT / "README.md"
    text = readme.read_text()
    if README_BEGIN not in text or README_END not in text:
        print(f"README.md has no {README_BEGIN} … {README_END} markers: table not copied there.")
        return
    head, rest = text.split(README_BEGIN, 1)
    tail = rest.split(README_END, 1)[1]
    readme.write_text(f"{head}{README_BEGIN}\n{markdown.strip()}\n{README_END}{tail}")
    print("README.md: Benchmarks table updated.")


def count_instructions(binary, workloads, stamp, label):
    """A full run's instruction counts: callgrind.py on the same DLBench, written beside the run's
    results under the same time stamp and compared with the latest earlier callgrind run. Returns the
    Markdown file's name, or None (valgrind missing, or the profile failed: the timed run stands alone)."""
    if shutil.which("valgrind") is None:
        print("valgrind is not installed: no instruction counts with this run (apt-get install valgrind).")
        return None
    folder = BENCH / "results"
    earlier = sorted(folder.glob("callgrind-*Z.json"))
    output = folder / f"callgrind-{stamp}.md"
    command = [sys.executable, str(BENCH / "callgrind.py"), "--binary", str(binary),
               "--label", label,
               "--workloads", ",".join(workloads), "--output", str(output)]
    if earlier:
        command += ["--baseline", str(earlier[-1])]
    print(f"callgrind: counting instructions ({', '.join(workloads)})...", flush=True)
    completed = subprocess.run(command, cwd=ROOT, stdout=subprocess.DEVNULL)
    if completed.returncode != 0 or not output.exists():
        print(f"callgrind.py failed (status {completed.returncode}): no instruction counts with this run.")
        return None
    return output.name


def report(meta, results, runs, workloads, frameworks):
    """The paired ratios, the targets' verdicts and the Markdown table of a run (table.py)."""
    paired = table.paired_ratios(runs, workloads)
    evaluation = table.evaluate(results, workloads, meta["mode"], paired)
    round_one = table.evaluate(results, workloads, meta["mode"], paired, round_two=False)
    return paired, evaluation, table.render(meta, results, evaluation, workloads, frameworks, paired, round_one)


def rerender(path):
    """Prints the table of a results JSON again (after a change to table.py), updating the
    Markdown files beside it and, for a full run, README.md."""
    saved = json.loads(Path(path).read_text())
    meta, results = saved["meta"], saved["results"]
    workloads = [w for w in WORKLOADS if w in results]
    frameworks = list(FRAMEWORKS) + ([BASELINE] if any(BASELINE in row for row in results.values()) else [])
    _, _, markdown = report(meta, results, saved.get("runs", []), workloads, frameworks)
    print(markdown)
    Path(path).with_suffix(".md").write_text(markdown)
    if Path(path).name == sorted(Path(path).parent.glob(f"{meta['mode']}-*.json"))[-1].name:
        (Path(path).parent / f"latest-{meta['mode']}.md").write_text(markdown)
        if meta["mode"] == "full" and set(workloads) == set(WORKLOADS):
            update_readme(markdown)
    return 0


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--render":
        return rerender(sys.argv[2])
    args = parse_args()
    binary = build() if "swiftdl" in args.frameworks and not args.no_build else \
        Path(command_output(["swift", "build", "-c", "release", "--show-bin-path"], cwd=ROOT) or ".") / "DLBench"
    started = datetime.datetime.now(datetime.timezone.utc)
    meta = {"mode": args.mode, "repeats": args.repeats, "epochs": args.epochs, "date": started.isoformat(timespec="seconds"),
            "machine": machine(), "threads": 2, "versions": probe_peers(args.frameworks)}
    meta["versions"]["swiftdl"] = meta["machine"]["swiftdl_commit"]
    if "swiftdl" in args.frameworks:
        meta["machine"]["kernels"] = kernels(binary)
        print(f"CPU: {meta['machine']['cpu']}; SwiftDL's vector kernels: {meta['machine']['kernels']}", flush=True)
    if args.baseline:
        meta["versions"][BASELINE] = args.baseline_label
    available = [f for f in args.frameworks if f in ("swiftdl", BASELINE) or meta["versions"].get(f)]
    for framework in args.frameworks:
        if framework not in available:
            print(f"{framework}: not installed (make bench-peers)")

    runs = []
    for repetition in range(args.repeats):
        for index, workload in enumerate(args.workloads):
            shift = (repetition + index) % len(available)
            # The machine's speed when this workload runs: its GEMM limit is scaled to it (table.py).
            gflops = probe_sgemm(binary)
            for framework in available[shift:] + available[:shift]:
                start = time.monotonic()
                figures = run_once(framework, workload, args, binary, meta["machine"]["swiftdl_commit"])
                if gflops and "error" not in figures:
                    figures["sgemm_gflops"] = gflops
                if framework == "swiftdl" and "error" not in figures:
                    figures.update(probe_startup(binary, workload))
                    settle_startup(figures)
                runs.append({"repetition": repetition + 1, "workload": workload, "framework": framework,
                             "figures": figures})
                print(f"[{repetition + 1}/{args.repeats}] {workload:<11} {framework:<11} "
                      f"({time.monotonic() - start:5.1f} s) {summary_line(figures)}", flush=True)

    results = aggregate(runs)
    paired, evaluation, markdown = report(meta, results, runs, args.workloads, args.frameworks)
    print()
    print(markdown)

    folder = BENCH / "results"
    folder.mkdir(exist_ok=True)
    stamp = started.strftime("%Y%m%dT%H%M%SZ")
    (folder / f"{args.mode}-{stamp}.json").write_text(json.dumps(
        {"meta": meta, "results": results, "paired_ratios": paired, "targets": evaluation, "runs": runs}, indent=2, sort_keys=True))
    if args.mode == "full" and "swiftdl" in available and not args.no_callgrind:
        if (counts := count_instructions(binary, args.workloads, stamp, meta["machine"]["swiftdl_commit"])) is not None:
            print(f"Written: Benchmarks/results/{counts} and .json")
            markdown = (f"{markdown.rstrip()}\n\nInstruction counts of this build (one training step and one single-image "
                        f"prediction per workload, callgrind): `Benchmarks/results/{counts}`.\n")
    (folder / f"{args.mode}-{stamp}.md").write_text(markdown)
    (folder / f"latest-{args.mode}.md").write_text(markdown)
    print(f"Written: Benchmarks/results/{args.mode}-{stamp}.md, .json and latest-{args.mode}.md")
    if args.mode == "full" and not args.no_readme and set(args.workloads) == set(WORKLOADS):
        update_readme(markdown)
    return 0


if __name__ == "__main__":
    sys.exit(main())
