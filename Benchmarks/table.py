"""The benchmark table: figures, SwiftDL/peer ratios, and the targets with pass/fail marks.

Ratios are always SwiftDL / peer from the same run. For times and memory below 1 means SwiftDL
is better; for throughput above 1 does. Each ratio is taken within a repetition, SwiftDL against
the peers run beside it, and the table shows the median of those ratios over the repetitions
(BENCHMARKS.md): the machines' speed drifts between repetitions, so a ratio of medians taken at
different times would mix the drift into it. Python 3 standard library only.
"""
import statistics

FRAMEWORK_NAMES = {"swiftdl": "SwiftDL", "keras": "Keras", "keras-jax": "Keras (JAX)", "pytorch": "PyTorch",
                   "onnxruntime": "ONNX Runtime", "baseline": "baseline"}
PEERS = ("keras", "keras-jax", "pytorch", "onnxruntime")
# The first round's peers (issue 9's targets are against these two).
ROUND_ONE_PEERS = ("keras", "pytorch")
# ONNX Runtime only serves a model (no training, no training data in its process): it takes part in the
# inference and latency figures, not in memory or start-up.
INFERENCE_ONLY = ("onnxruntime",)
# The single-image latency is compared with the direct calls a user serving a model would make.
LATENCY_PEERS = ("pytorch", "onnxruntime")
# What SwiftDL is compared with in the table: the peers and, with run.py --baseline, another SwiftDL
# build (not a peer: no target and no "best peer" counts it).
COMPARED = PEERS + ("baseline",)
REFERENCE_SGEMM_GFLOPS = 190.0
# Multiply-adds of one image's forward pass (convolutions counted as direct ones): the single-image
# latency cannot take less than 2 × these FLOP at sgemm's speed. mlp 784·256 + 256·128 + 128·10;
# lenet5 28·28·6·25 + 10·10·16·150 + 400·120 + 120·84 + 84·10; vgg 28·28·32·9 + 28·28·32·288 +
# 14·14·64·288 + 14·14·64·576 + 3136·128 + 128·10; autoencoder 784·32 + 32·784; resnet 28·28·16·9 +
# 4 × 28·28·16·144 + 14·14·32·144 + 3 × 14·14·32·288 + 14·14·32·16 + 32·10; siamese (one pair, both twins)
# 2 × (24·24·32·25 + 10·10·64·288 + 1600·128) + 128; lstm 28 steps × (28 + 128)·512 + 128·10.
FORWARD_MULTIPLY_ADDS = {"mlp": 234_752, "lenet5": 416_520, "vgg": 18_691_840, "autoencoder": 50_176,
                         "resnet": 13_761_088, "siamese": 5_017_728, "lstm": 2_237_696}
# The epoch cannot take less on these machines (BENCHMARKS.md, "The limit"): forward + backward ≈ 3 × the
# forward multiply-adds, 2 FLOP each, for 60,000 images at the sgemm speed BENCHMARKS.md gives for two
# cores (mlp 0.45 s, lenet5 0.79 s, vgg 35 s); the table also scales it to the speed measured in the run.
GEMM_LIMIT_S = {w: 3 * 2 * macs * 60000 / (REFERENCE_SGEMM_GFLOPS * 1e9) for w, macs in FORWARD_MULTIPLY_ADDS.items()}
# Round one (issue 9), against Keras on TensorFlow and PyTorch.
EPOCH_TARGET = {"mlp": 0.7, "lenet5": 0.5, "vgg": 1.0, "autoencoder": 0.7, "resnet": 0.7, "siamese": 0.7, "lstm": 0.7}
LIMIT_TARGET = {"vgg": 1.3}
THROUGHPUT_TARGET = 1.5
LATENCY_TARGET = 0.5
MEMORY_TARGET = 0.3
STARTUP_TARGET_MS = 50
# Round two (issue 13), against the best of all four peers: epoch ≤ 0.5 × the best peer or ≤ 1.2 × the GEMM
# limit, whichever is larger; throughput ≥ 1.5 × the best or ≥ 0.8 × its GEMM limit, whichever is smaller;
# latency ≤ 0.5 × the best of PyTorch's direct call and ONNX Runtime.
ROUND_TWO_EPOCH = 0.5
ROUND_TWO_EPOCH_LIMIT = 1.2
ROUND_TWO_THROUGHPUT_LIMIT = 0.8
ROUND_TWO_STARTUP_COLD_MS = 50
ROUND_TWO_STARTUP_WARM_MS = 15
ACCURACY_POINTS = 1.0
MSE_RELATIVE = 0.01
FULL_EPOCH_IMAGES = 60000

# (key, label, lower is better); the numbers aggregated as medians over repetitions.
ROWS = (
    ("epoch_s", "epoch (s), median of epochs after the 1st", True),
    ("first_epoch_s", "first epoch (s)", True),
    ("limit", "epoch / GEMM limit", True),
    ("limit_measured", "epoch / GEMM limit at this run's sgemm speed", True),
    ("quality", "test quality after epoch 3", None),
    ("throughput_ips", "inference, batch 256 (images/s)", False),
    ("latency_ms", "latency, direct call (ms)", True),
    ("latency_limit", "latency / FLOP limit", True),
    ("predict_latency_ms", "latency, predict() (ms)", True),
    ("peak_rss_mb", "peak RSS (MiB)", True),
    ("startup_ms", "start-up to a ready model (ms); SwiftDL: median of 3 launches", True),
    ("startup_launch_ms", "start-up, the training launch alone (ms)", True),
    ("startup_with_data_ms", "start-up with data loaded (ms)", True),
    ("startup_cold_ms", "start-up, cold: its files dropped from the page cache (ms)", True),
    ("startup_warm_ms", "start-up, warm: at once again (ms)", True),
)
LIMIT_KEYS = ("limit", "limit_measured", "latency_limit")
EPOCH_LIMIT_KEYS = ("limit", "limit_measured")
LOWER_IS_BETTER = {key: lower for key, _, lower in ROWS}
# The figures compared as SwiftDL / peer ratios.
RATIO_KEYS = ("epoch_s", "first_epoch_s", "throughput_ips", "latency_ms", "predict_latency_ms", "peak_rss_mb",
              "startup_ms", "startup_with_data_ms")
FIGURE_KEYS = tuple(key for key, _, _ in ROWS if key not in LIMIT_KEYS) + ("data_load_s", "sgemm_gflops")


def number(value):
    """A figure with 3 significant digits (thousands grouped), or '-'."""
    if value is None:
        return "-"
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    if abs(value) >= 100:
        return f"{value:.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    if abs(value) >= 1:
        return f"{value:.2f}"
    return f"{value:.3g}"


def limit_ratio(figures, workload, measured=False):
    """Epoch time over the GEMM limit, the limit scaled to the epoch's images (quick mode) and, when
    `measured`, to the sgemm speed the probe measured in this run (SGEMMProbe, `sgemm_gflops`)."""
    limit = GEMM_LIMIT_S.get(workload)
    if limit is None or not figures.get("epoch_s") or not figures.get("train_samples"):
        return None
    if measured:
        if not figures.get("sgemm_gflops"):
            return None
        limit *= REFERENCE_SGEMM_GFLOPS / figures["sgemm_gflops"]
    return figures["epoch_s"] / (limit * figures["train_samples"] / FULL_EPOCH_IMAGES)


def latency_limit_ratio(figures, workload):
    """Single-image latency over its FLOP limit: the forward pass's multiply-adds (2 FLOP each) at
    the sgemm speed the probe measured in this run, or BENCHMARKS.md's 190 GFLOP/s without a probe."""
    macs = FORWARD_MULTIPLY_ADDS.get(workload)
    if macs is None or not figures.get("latency_ms"):
        return None
    gflops = figures.get("sgemm_gflops") or REFERENCE_SGEMM_GFLOPS
    return figures["latency_ms"] * 1e-3 / (2 * macs / (gflops * 1e9))


def value(figures, key, workload):
    if figures is None or "error" in figures:
        return None
    if key == "latency_limit":
        return latency_limit_ratio(figures, workload)
    if key in LIMIT_KEYS:
        return limit_ratio(figures, workload, measured=key == "limit_measured")
    return figures.get(key)


def _best_among(frameworks, key, peers):
    """The best figure of `key` among `peers` present in `frameworks` (one repetition), or None."""
    theirs = [frameworks[p].get(key) for p in peers if p in frameworks and frameworks[p].get(key)]
    if not theirs:
        return None
    return (min if LOWER_IS_BETTER[key] else max)(theirs)


def comparable_peers(key, peers=PEERS):
    """The peers a figure is compared with: ONNX Runtime serves a model only, so not memory or start-up."""
    if key in ("peak_rss_mb", "startup_ms", "startup_with_data_ms"):
        return tuple(p for p in peers if p not in INFERENCE_ONLY)
    return peers


def paired_ratios(runs, workloads):
    """Per workload, the median over the repetitions of SwiftDL's figure over each peer's and over
    the best peer's in the same repetition: {workload: {peer | "best" | "best_round_one" |
    "latency_reference": {key: ratio}}}; "best" is the best of all peers that ran, "best_round_one" of
    Keras (TensorFlow) and PyTorch, "latency_reference" of PyTorch and ONNX Runtime.
    `runs` are run.py's records ({"repetition", "workload", "framework", "figures"})."""
    paired = {}
    for workload in workloads:
        repetitions = {}
        for run in runs:
            if run["workload"] == workload and "error" not in run["figures"]:
                repetitions.setdefault(run["repetition"], {})[run["framework"]] = run["figures"]
        ratios = {}
        for frameworks in repetitions.values():
            swift = frameworks.get("swiftdl")
            for key in RATIO_KEYS:
                mine = swift.get(key) if swift else None
                if not mine:
                    continue
                for peer in COMPARED:
                    if peer in frameworks and frameworks[peer].get(key):
                        ratios.setdefault(peer, {}).setdefault(key, []).append(mine / frameworks[peer][key])
                for who, peers in (("best", comparable_peers(key)), ("best_round_one", ROUND_ONE_PEERS),
                                   ("latency_reference", LATENCY_PEERS)):
                    best = _best_among(frameworks, key, peers)
                    if best:
                        ratios.setdefault(who, {}).setdefault(key, []).append(mine / best)
        paired[workload] = {who: {key: statistics.median(values) for key, values in keys.items()}
                            for who, keys in ratios.items()}
    return paired


def _check(name, ratio, threshold, at_most, detail, passed=None):
    if ratio is None:
        return {"target": name, "ratio": None, "status": "n/a", "detail": detail}
    if passed is None:
        passed = ratio <= threshold if at_most else ratio >= threshold
    return {"target": name, "ratio": ratio, "status": "pass" if passed else "FAIL", "detail": detail}


def throughput_limit(figures, workload):
    """Images per second the forward pass's multiply-adds allow at the sgemm speed measured in the run."""
    macs = FORWARD_MULTIPLY_ADDS.get(workload)
    gflops = (figures or {}).get("sgemm_gflops") or REFERENCE_SGEMM_GFLOPS
    return gflops * 1e9 / (2 * macs) if macs else None


def evaluate(results, workloads, mode, paired=None, round_two=True):
    """Every target for each workload: {workload: {row key: check}}: round two's (issue 13, against the
    best of all peers, with the GEMM-limit alternatives) or, with `round_two` false, round one's (issue 9,
    against Keras on TensorFlow and PyTorch). Ratios come from `paired` (`paired_ratios`) where it has them,
    else from the medians in `results`."""
    evaluation = {}
    for workload in workloads:
        frameworks = results.get(workload, {})
        ratios = (paired or {}).get(workload, {})
        swift = frameworks.get("swiftdl")
        pool = PEERS if round_two else ROUND_ONE_PEERS
        peers = {p: frameworks.get(p) for p in pool if frameworks.get(p) and "error" not in frameworks[p]}
        best = "best" if round_two else "best_round_one"

        def peer_values(key, among=None):
            among = comparable_peers(key, tuple(peers)) if among is None else among
            return [v for v in (value(peers[p], key, workload) for p in among if p in peers) if v is not None]

        def mine(key):
            return value(swift, key, workload)

        def paired_or(who, key, fallback):
            return ratios.get(who, {}).get(key, fallback)

        checks = {}
        epochs = peer_values("epoch_s")
        ratio = paired_or(best, "epoch_s", mine("epoch_s") / min(epochs) if mine("epoch_s") and epochs else None)
        if round_two:
            limit = mine("limit_measured")
            passed = None if ratio is None else ratio <= ROUND_TWO_EPOCH or \
                (limit is not None and limit <= ROUND_TWO_EPOCH_LIMIT)
            checks["epoch_s"] = _check("epoch time", ratio, ROUND_TWO_EPOCH, True,
                                       f"≤ {ROUND_TWO_EPOCH} × best peer or ≤ {ROUND_TWO_EPOCH_LIMIT} × GEMM limit",
                                       passed)
        else:
            checks["epoch_s"] = _check("epoch time", ratio, EPOCH_TARGET[workload], True,
                                       f"≤ {EPOCH_TARGET[workload]} × best peer")
        if not round_two and workload in LIMIT_TARGET:
            # The limit at the sgemm speed measured in this run when the probe ran (BENCHMARKS.md
            # derives the limit from that speed, and its figures drift with the machine), else the
            # fixed one.
            key = "limit_measured" if mine("limit_measured") is not None else "limit"
            checks[key] = _check("epoch / GEMM limit", mine(key), LIMIT_TARGET[workload], True,
                                 f"≤ {LIMIT_TARGET[workload]} × limit")
        qualities = peer_values("quality")
        if workload == "autoencoder":
            ratio = mine("quality") / min(qualities) if mine("quality") is not None and qualities else None
            checks["quality"] = _check("test MSE", ratio, 1 + MSE_RELATIVE, True,
                                       f"≤ {1 + MSE_RELATIVE} × better peer's MSE")
        else:
            gap = (mine("quality") - max(qualities)) * 100 if mine("quality") is not None and qualities else None
            checks["quality"] = _check("test accuracy", gap, -ACCURACY_POINTS, False,
                                       f"≥ better peer − {ACCURACY_POINTS:g} pt")
        throughputs = peer_values("throughput_ips")
        ratio = paired_or(best, "throughput_ips",
                          mine("throughput_ips") / max(throughputs) if mine("throughput_ips") and throughputs else None)
        if round_two:
            ceiling = throughput_limit(swift, workload)
            passed = None if ratio is None else ratio >= THROUGHPUT_TARGET or \
                (ceiling is not None and mine("throughput_ips") >= ROUND_TWO_THROUGHPUT_LIMIT * ceiling)
            checks["throughput_ips"] = _check("throughput", ratio, THROUGHPUT_TARGET, False,
                                              f"≥ {THROUGHPUT_TARGET} × best peer or ≥ "
                                              f"{ROUND_TWO_THROUGHPUT_LIMIT} × GEMM limit", passed)
        else:
            checks["throughput_ips"] = _check("throughput", ratio, THROUGHPUT_TARGET, False,
                                              f"≥ {THROUGHPUT_TARGET} × best peer")
        if round_two:
            latencies = peer_values("latency_ms", LATENCY_PEERS)
            ratio = paired_or("latency_reference", "latency_ms",
                              mine("latency_ms") / min(latencies) if mine("latency_ms") and latencies else None)
            detail = f"≤ {LATENCY_TARGET} × best of PyTorch and ONNX Runtime"
        else:
            torch_latency = value(peers.get("pytorch"), "latency_ms", workload)
            ratio = paired_or("pytorch", "latency_ms",
                              mine("latency_ms") / torch_latency if mine("latency_ms") and torch_latency else None)
            detail = f"≤ {LATENCY_TARGET} × PyTorch"
        checks["latency_ms"] = _check("latency", ratio, LATENCY_TARGET, True, detail)
        memories = peer_values("peak_rss_mb")
        ratio = paired_or(best, "peak_rss_mb",
                          mine("peak_rss_mb") / min(memories) if mine("peak_rss_mb") and memories else None)
        checks["peak_rss_mb"] = _check("peak memory", ratio, MEMORY_TARGET, True, f"≤ {MEMORY_TARGET} × smaller peer")
        if round_two:
            checks["startup_cold_ms"] = _check("start-up, cold", mine("startup_cold_ms"), ROUND_TWO_STARTUP_COLD_MS,
                                               True, f"< {ROUND_TWO_STARTUP_COLD_MS} ms")
            checks["startup_warm_ms"] = _check("start-up, warm", mine("startup_warm_ms"), ROUND_TWO_STARTUP_WARM_MS,
                                               True, f"< {ROUND_TWO_STARTUP_WARM_MS} ms")
        else:
            checks["startup_ms"] = _check("start-up", mine("startup_ms"), STARTUP_TARGET_MS, True,
                                          f"< {STARTUP_TARGET_MS} ms")
        evaluation[workload] = checks
    return evaluation


def _cell(figures, key, workload):
    if figures is None:
        return "not installed"
    if "error" in figures:
        return "failed"
    found = value(figures, key, workload)
    if key == "quality" and found is not None and figures.get("quality_metric") == "accuracy":
        return f"{found * 100:.2f}%"
    if key == "quality" and found is not None:
        return f"{found:.4f}"
    return number(found)


def _ratio(swift, peer, key, workload, paired):
    """The SwiftDL/peer cell: the median of the paired ratios where there are some (`paired`:
    this peer's ratios by key), else the ratio of the medians."""
    mine, theirs = value(swift, key, workload), value(peer, key, workload)
    if mine is None or theirs is None or key in LIMIT_KEYS:
        return ""
    if key == "quality" and swift.get("quality_metric") == "accuracy":
        return f"{(mine - theirs) * 100:+.2f} pt"
    if key in paired:
        return number(paired[key])
    return number(mine / theirs) if theirs else ""


def _mark(check):
    if check is None:
        return "", ""
    if check["ratio"] is None:
        shown = ""
    elif check["target"] == "test accuracy":
        shown = f"{check['ratio']:+.2f} pt "
    else:
        shown = f"{number(check['ratio'])} "
    return check["detail"], f"{shown}{check['status']}"


def render(meta, results, evaluation, workloads, frameworks, paired=None, round_one=None):
    """The Markdown report: header, one table per workload (with round two's targets, `evaluation`), then
    the targets at a glance: round two's and, when given, round one's (`round_one`, issue 9's targets against
    Keras on TensorFlow and PyTorch). Ratios from `paired` (`paired_ratios`) where it has them."""
    machine = meta["machine"]
    versions = meta["versions"]
    quick = meta["mode"] == "quick"
    lines = [
        f"### {'Quick' if quick else 'Full'} benchmark, {meta['date'].replace('T', ' ').replace('+00:00', ' UTC')}",
        "",
        f"- Machine: {machine['cpu']}, {machine['cores']} cores, {machine['memory_gib']} GiB, Linux {machine['kernel']};"
        + (f" SwiftDL's vector kernels: {machine['kernels']};" if machine.get("kernels") else "")
        + " 2 threads for every framework. Shared machine: compare the ratios, taken side by side in this run.",
        f"- SwiftDL {machine['swiftdl_commit']} ({machine['swift']}); "
        + "; ".join(f"{FRAMEWORK_NAMES[f]} {versions.get(f) or 'not installed'}" for f in COMPARED if f in frameworks) + ".",
        ("- Quick mode: 60 steps of 128 images per epoch (7,680 images), test figures on the first 2,000 test "
         "images; GEMM limits scaled to 7,680 images. Not the README's figures: `make bench MODE=full`."
         if quick else "- Full mode: epochs of all 60,000 training images, test figures on all 10,000 test images."),
        f"- {meta['epochs']} epochs, batch 128, seed 42; {meta['repeats']} repetition(s), figures are medians over them. "
        "Ratios are SwiftDL / peer, taken within each repetition, then their median: below 1 is better for times "
        "and memory, above 1 for throughput; accuracy gaps in points.",
        "",
    ]
    peers = [f for f in COMPARED if f in frameworks]
    for workload in workloads:
        row = results.get(workload, {})
        swift = row.get("swiftdl")
        header = ["figure", "SwiftDL"] + [FRAMEWORK_NAMES[p] for p in peers] + \
                 [f"SwiftDL/{FRAMEWORK_NAMES[p]}" for p in peers] + ["target", "result"]
        lines += [f"#### {workload}", "", "| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
        for key, label, _ in ROWS:
            if key in EPOCH_LIMIT_KEYS and workload not in GEMM_LIMIT_S:
                continue
            if key == "latency_limit":
                if workload not in FORWARD_MULTIPLY_ADDS:
                    continue
                speeds = [f.get("sgemm_gflops") for f in row.values() if f and f.get("sgemm_gflops")]
                speed = f"this run's sgemm speed, {number(speeds[0])}" if speeds else f"{REFERENCE_SGEMM_GFLOPS:g}"
                label = (f"latency / FLOP limit (forward {number(2 * FORWARD_MULTIPLY_ADDS[workload] / 1e6)} MFLOP "
                         f"at {speed} GFLOP/s)")
            if key == "limit_measured":
                speeds = [f.get("sgemm_gflops") for f in row.values() if f and f.get("sgemm_gflops")]
                if not speeds:
                    continue
                label = f"epoch / GEMM limit at this run's sgemm speed ({number(speeds[0])} GFLOP/s, 2 threads)"
            if key == "quality":
                label = "test accuracy after epoch 3" if workload != "autoencoder" else "test MSE after epoch 3"
            cells = [label, _cell(swift, key, workload)] + [_cell(row.get(p), key, workload) for p in peers]
            cells += [_ratio(swift, row.get(p), key, workload, (paired or {}).get(workload, {}).get(p, {}))
                      if swift and row.get(p) else "" for p in peers]
            cells += list(_mark(evaluation.get(workload, {}).get(key)))
            lines.append("| " + " | ".join(cells) + " |")
        for framework, figures in row.items():
            if figures and "error" in figures:
                lines.append(f"\n{FRAMEWORK_NAMES[framework]} failed: {figures['error']}")
        lines.append("")
    lines += _summary(evaluation, workloads, "Targets, round two (issue 13: against the best of all peers)")
    if round_one:
        lines += [""] + _summary(round_one, workloads,
                                 "Targets, round one (issue 9: against Keras on TensorFlow and PyTorch)")
    return "\n".join(lines) + "\n"


def _summary(evaluation, workloads, title):
    lines = [f"#### {title}", "",
             "| target | " + " | ".join(workloads) + " |", "|" + " --- |" * (len(workloads) + 1)]
    for key, _, _ in ROWS:
        checks = [evaluation.get(workload, {}).get(key) for workload in workloads]
        first = next((check for check in checks if check), None)
        if first is None:
            continue
        details = {check["detail"] for check in checks if check}
        if key == "quality":
            label = "test quality (accuracy ≥ better peer − 1 pt; MSE ≤ 1.01 × better peer)"
        elif len(details) == 1:
            label = f"{first['target']} ({first['detail']})"
        else:
            label = first["target"] + " (" + "; ".join(f"{w} {c['detail']}" for w, c in zip(workloads, checks) if c) + ")"
        lines.append(f"| {label} | " + " | ".join(_mark(check)[1] if check else "" for check in checks) + " |")
    passed = sum(c["status"] == "pass" for checks in evaluation.values() for c in checks.values())
    failed = sum(c["status"] == "FAIL" for checks in evaluation.values() for c in checks.values())
    missing = sum(c["status"] == "n/a" for checks in evaluation.values() for c in checks.values())
    lines += ["", f"{passed} targets pass, {failed} fail, {missing} not measured (a peer missing or failed)."]
    return lines
