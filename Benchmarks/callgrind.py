#!/usr/bin/env python3
"""make callgrind: instruction counts of one training step and one single-image prediction per workload.

Wall-clock times on the shared 2-core machines drift by tens of percent from run to run; the
instructions a step executes do not. Each workload runs once under
`valgrind --tool=callgrind --collect-atstart=no` with DLBench's `--callgrind` probe, which builds the
model, runs one warm-up training step on the first batch of 128 (the optimizer's slots, plans and
buffer pools made as in fit), then one marked step (`callgrindTrainStepMarker`), a warm-up
prediction of the first test image (pair for siamese) and one marked prediction
(`callgrindPredictMarker`); only the marked calls are counted, each in its own part. OpenBLAS runs on
one thread (`OPENBLAS_NUM_THREADS=1`), and valgrind's CPU has no AVX-512, so OpenBLAS takes its AVX2
kernels: the counts compare one build with another, not with the wall-clock figures.

Writes Benchmarks/results/callgrind-<UTC time>.md and .json: the totals, and the functions with the
most instructions of their own (Swift names demangled). With --baseline <an earlier .json>, the
table also gives each total's ratio to that run's. Instruction counts are a proxy: GEMM time is not
proportional to instructions, so a change to GEMM-heavy code also needs a timed run.

Python 3 standard library only; needs valgrind (Debian's `valgrind` package).
"""
import argparse
import datetime
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import run  # the machine's description, shared with make bench

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
WORKLOADS = ("mlp", "lenet5", "vgg", "autoencoder", "resnet", "siamese", "lstm")
PARTS = ("train", "predict")
TOTAL_LINE = re.compile(r"^\s*([\d,]+)\s+\(.*\)\s+PROGRAM TOTALS")
# "Ir (share)  file:function [object]"; the object is left out on the lines of a function's code
# inlined from other files (the same function again, under another file).
FUNCTION_LINE = re.compile(r"^\s*([\d,]+)\s+\(\s*([\d.]+)%\)\s+(.*?):(\S+)(?:\s+\[(.*)\])?\s*$")


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workloads", default=",".join(WORKLOADS))
    parser.add_argument("--top", type=int, default=12, help="functions listed per training step (half as many per prediction)")
    parser.add_argument("--baseline", help="an earlier callgrind-*.json to compare the totals with")
    parser.add_argument("--no-build", action="store_true", help="use the DLBench already built")
    parser.add_argument("--binary", help="another DLBench to profile (a copy of an earlier build); implies --no-build")
    parser.add_argument("--label", help="the build's name in the tables (default: this checkout's commit; give one with --binary)")
    parser.add_argument("--render", help="write the Markdown of an earlier callgrind-*.json again (with --baseline) instead of running")
    parser.add_argument("--output", help="the Markdown file to write (default Benchmarks/results/callgrind-<stamp>.md)")
    return parser.parse_args()


def build():
    print("Building DLBench (release)...", flush=True)
    subprocess.run(["swift", "build", "-c", "release", "--product", "DLBench"], cwd=ROOT, check=True)


def bin_path():
    result = subprocess.run(["swift", "build", "-c", "release", "--show-bin-path"], cwd=ROOT,
                            capture_output=True, text=True, check=True)
    return Path(result.stdout.strip()) / "DLBench"


def demangle(names):
    """Swift symbols demangled (simplified, without module prefixes of closures' contexts)."""
    if not names or shutil.which("swift") is None:
        return {name: name for name in names}
    result = subprocess.run(["swift", "demangle", "--simplified", "--compact"], input="\n".join(names),
                            capture_output=True, text=True)
    lines = result.stdout.splitlines()
    if result.returncode != 0 or len(lines) != len(names):
        return {name: name for name in names}
    return dict(zip(names, lines))


def annotate(path):
    """(total, [(instructions, function, object)]) of one callgrind part, by self cost."""
    result = subprocess.run(["callgrind_annotate", "--threshold=100", str(path)], capture_output=True,
                            text=True, check=True)
    total, functions = 0, []
    for line in result.stdout.splitlines():
        if match := TOTAL_LINE.match(line):
            total = int(match.group(1).replace(",", ""))
        elif match := FUNCTION_LINE.match(line):
            functions.append((int(match.group(1).replace(",", "")), match.group(4),
                              Path(match.group(5)).name if match.group(5) else None))
    # The same function appears once per source file it has lines in (inlined code): merge them.
    merged, objects = {}, {}
    for count, name, obj in functions:
        merged[name] = merged.get(name, 0) + count
        if obj:
            objects[name] = obj
    # The frames above the marker (main, DLBench.run()...) can come out with the whole part as
    # their own cost in the prediction's part: no function that ran inside has that much.
    ranked = sorted(((count, name, objects.get(name, "?")) for name, count in merged.items()
                     if count < total or len(merged) == 1), reverse=True)
    return total, ranked


def without_debug_info(binary, workdir):
    """A copy of `binary` without its DWARF sections (the symbol table, all callgrind needs, kept), or
    `binary` itself without objcopy: valgrind 3.19 gives up on the DWARF 5 that Clang writes for the
    C kernels (Sources/CKernels) ("unhandled dwarf2 abbrev form code 0x25"). The counts are the same."""
    if shutil.which("objcopy") is None:
        return binary
    copy = Path(workdir) / binary.name
    result = subprocess.run(["objcopy", "--strip-debug", str(binary), str(copy)], capture_output=True, text=True)
    return copy if result.returncode == 0 else binary


def profile(workload, binary, workdir):
    """Runs the probe of one workload under callgrind; returns {part: (total, functions)}."""
    out = Path(workdir) / f"{workload}.out"
    command = ["valgrind", "--tool=callgrind", "--collect-atstart=no",
               "--toggle-collect=*callgrindTrainStepMarker*", "--toggle-collect=*callgrindPredictMarker*",
               "--dump-before=*callgrindDumpPoint*", f"--callgrind-out-file={out}",
               str(binary), "--workload", workload, "--callgrind"]
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}
    result = subprocess.run(command, capture_output=True, text=True, env=env)
    if result.returncode != 0:
        print(f"{workload}: valgrind failed ({result.returncode}):\n{result.stderr[-2000:]}", file=sys.stderr)
        return None
    # The dumps before callgrindDumpPoint: part 1 is the training step, part 2 the prediction.
    # (A DLBench built before the second dump point leaves the prediction in the final dump.)
    predict = Path(f"{out}.2")
    return {"train": annotate(Path(f"{out}.1")), "predict": annotate(predict if predict.exists() else out)}


def machine():
    """run.py's machine description (CPU, commit) with valgrind's version."""
    info = run.machine()
    return {"cpu": info["cpu"], "swiftdl_commit": info["swiftdl_commit"],
            "valgrind": run.command_output(["valgrind", "--version"]) or "unknown"}


def markdown(stamp, info, results, baseline, top):
    lines = [f"### Callgrind instruction counts, {stamp.strftime('%Y-%m-%d %H:%M:%S')} UTC", "",
             f"- SwiftDL {info['swiftdl_commit']}, {info['valgrind']} on {info['cpu']} (valgrind's CPU: AVX2, no AVX-512; "
             "OpenBLAS on 1 thread). `make callgrind` (Benchmarks/callgrind.py).",
             "- One training step on a batch of 128 (after a warm-up step) and one single-image prediction "
             "(`model(x, training: false)`, a pair for siamese, after a warm-up call): instructions executed (Ir).",
             ""]
    header = "| workload | train step (Ir) | predict, batch 1 (Ir) |"
    rule = "| --- | --- | --- |"
    if baseline:
        header += f" train / {baseline['info']['swiftdl_commit']} | predict / {baseline['info']['swiftdl_commit']} |"
        rule += " --- | --- |"
    lines += [header, rule]
    for workload, parts in results.items():
        row = f"| {workload} | {parts['train']['total']:,} | {parts['predict']['total']:,} |"
        if baseline:
            for part in PARTS:
                before = baseline["results"].get(workload, {}).get(part, {}).get("total")
                row += f" {parts[part]['total'] / before:.3f} |" if before else " - |"
        lines.append(row)
    for workload, parts in results.items():
        for part, count in (("train", top), ("predict", max(top // 2, 1))):
            total = parts[part]["total"]
            lines += ["", f"#### {workload}: {'training step' if part == 'train' else 'prediction'}, "
                          f"{total:,} Ir, top functions by their own instructions", "",
                      "| Ir | share | function | object |", "| --- | --- | --- | --- |"]
            for entry in parts[part]["functions"][:count]:
                share = 100 * entry["ir"] / total if total else 0
                name = entry["function"].replace("|", "\\|")
                lines.append(f"| {entry['ir']:,} | {share:.1f}% | {name} | {entry['object']} |")
    return "\n".join(lines) + "\n"


def main():
    args = parse_args()
    if shutil.which("valgrind") is None:
        sys.exit("valgrind is not installed (Debian: apt-get install valgrind)")
    workloads = [w for w in args.workloads.split(",") if w]
    unknown = [w for w in workloads if w not in WORKLOADS]
    if unknown:
        sys.exit(f"unknown workloads: {', '.join(unknown)}. Known: {', '.join(WORKLOADS)}")
    baseline = json.loads(Path(args.baseline).read_text()) if args.baseline else None
    if args.render:
        earlier = json.loads(Path(args.render).read_text())
        stamp = datetime.datetime.fromisoformat(earlier["stamp"])
        for parts in earlier["results"].values():
            for part in parts.values():
                part["functions"] = [entry for entry in part["functions"] if entry["ir"] < part["total"]]
        text = markdown(stamp, earlier["info"], earlier["results"], baseline, args.top)
        output = Path(args.output) if args.output else Path(args.render).with_suffix(".md")
        output.write_text(text)
        print(text)
        return
    if not (args.no_build or args.binary):
        build()
    binary = Path(args.binary).resolve() if args.binary else bin_path()
    stamp = datetime.datetime.now(datetime.timezone.utc)
    raw = {}
    with tempfile.TemporaryDirectory() as workdir:
        binary = without_debug_info(binary, workdir)
        for workload in workloads:
            print(f"callgrind: {workload}...", flush=True)
            if (parts := profile(workload, binary, workdir)) is not None:
                raw[workload] = parts
    if not raw:
        sys.exit("no workload ran")
    names = sorted({name for parts in raw.values() for _, functions in parts.values() for _, name, _ in functions})
    readable = demangle(names)
    results = {workload: {part: {"total": total,
                                 "functions": [{"ir": count, "function": readable.get(name, name), "object": obj}
                                               for count, name, obj in functions[:max(args.top, 12)]]}
                          for part, (total, functions) in parts.items()}
               for workload, parts in raw.items()}
    info = machine()
    if args.label or args.binary:
        info["swiftdl_commit"] = args.label or f"{binary} (--binary)"
    text = markdown(stamp, info, results, baseline, args.top)
    output = Path(args.output) if args.output else BENCH / "results" / f"callgrind-{stamp.strftime('%Y%m%dT%H%M%SZ')}.md"
    output.write_text(text)
    output.with_suffix(".json").write_text(json.dumps({"info": info, "stamp": stamp.isoformat(), "results": results},
                                                      indent=1) + "\n")
    print(text)
    print(f"Written: {output} and {output.with_suffix('.json').name}")


if __name__ == "__main__":
    main()
