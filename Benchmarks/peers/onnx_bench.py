"""Inference of the benchmark workloads in ONNX Runtime (CPU), same command line and JSON as DLBench:
python onnx_bench.py --workload lenet5 --mode quick --json out.json

What a user serving a trained model would reach for: each workload's PyTorch model (torch_bench.py, in
inference mode, ending in the softmax or sigmoid the Keras model ends in) exported to ONNX with a dynamic
batch size, then run by `onnxruntime` with 2 intra-op threads (inter-op 1, sequential execution, all graph
optimizations). Only the inference figures: throughput at batch 256, single-image latency (a direct
`session.run` per image, no warm-up, as the other peers' direct calls), peak memory. The export runs in a
child process, so that PyTorch is not in this process's memory or start-up; start-up is the time to a
ready session. Weights are PyTorch's initial ones (inference speed does not depend on them).
"""
import os
import subprocess
import sys
import tempfile
import time

import common  # first: pins the threads before the libraries load

EXPORT_FLAG = "--export-to"


def export(workload, path):
    """In the child: writes the workload's model as ONNX to `path`; prints its parameter count."""
    import torch  # noqa: E402  (only the child loads PyTorch)
    import torch_bench

    model, _, _, infer = torch_bench.make_model(workload)
    model.eval()

    class Inference(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.model = model

        def forward(self, *inputs):
            return infer(*inputs)

    shape = {"mlp": (1, 1, 28, 28), "autoencoder": (1, 784), "lstm": (1, 28, 28)}.get(workload, (1, 1, 28, 28))
    count = 2 if workload == "siamese" else 1
    names = [f"input_{i}" for i in range(count)]
    examples = tuple(torch.zeros(shape) for _ in range(count))
    torch.onnx.export(Inference(), examples, path, input_names=names, output_names=["output"],
                      dynamic_axes={name: {0: "batch"} for name in names + ["output"]}, dynamo=False)
    statistics = sum(b.numel() for b in model.buffers() if b.is_floating_point())
    print(sum(p.numel() for p in model.parameters()) + statistics)


def main():
    if EXPORT_FLAG in sys.argv:
        index = sys.argv.index(EXPORT_FLAG)
        path = sys.argv.pop(index + 1)
        sys.argv.pop(index)
        return export(common.parse_args(__doc__).workload, path)
    args = common.parse_args(__doc__)
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, f"{args.workload}.onnx")
        exporting = time.perf_counter()
        exported = subprocess.run([sys.executable, __file__, "--workload", args.workload, EXPORT_FLAG, path],
                                  capture_output=True, text=True, check=False)
        if exported.returncode != 0:
            sys.exit(f"export to ONNX failed: {exported.stderr.strip().splitlines()[-1:]}")
        params = int(exported.stdout.strip().splitlines()[-1])
        export_s = time.perf_counter() - exporting
        import onnxruntime  # noqa: E402

        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = common.THREADS
        options.inter_op_num_threads = 1
        options.execution_mode = onnxruntime.ExecutionMode.ORT_SEQUENTIAL
        options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
        ready = time.perf_counter()
        session = onnxruntime.InferenceSession(path, options, providers=["CPUExecutionProvider"])
        session_s = time.perf_counter() - ready

    start = time.perf_counter()
    _, _, x_test, y_test = common.load_data(args)
    shape = {"autoencoder": (-1, 784), "lstm": (-1, 28, 28)}.get(args.workload, (-1, 1, 28, 28))
    x_test = x_test.reshape(shape)
    if args.workload == "siamese":
        left, right, y_test = common.siamese_pairs(y_test, common.TEST_PAIR_SEED)
        inputs = [x_test[left], x_test[right]]
    else:
        inputs = [x_test]
    data_load = time.perf_counter() - start
    names = [i.name for i in session.get_inputs()]
    report = common.Report("onnxruntime", onnxruntime.__version__, args, params, 0, len(y_test))
    report.set_startup((None, None), (None, None), data_load)
    report["startup_ms"] = session_s * 1000   # the session's creation from the file
    report["startup_clock"] = "session"
    report["export_s"] = export_s
    report.set_epochs([], None, 0)

    batch = common.INFERENCE_BATCH_SIZE

    def predict():
        for begin in range(0, len(y_test), batch):
            session.run(None, {name: part[begin:begin + batch] for name, part in zip(names, inputs)})

    session.run(None, {name: part[:batch] for name, part in zip(names, inputs)})
    report.set_throughput([len(y_test) / common.timed(predict) for _ in range(common.THROUGHPUT_RUNS)])
    common.log(args, f"throughput: {report['throughput_ips']:.0f} images/s")

    image = {name: part[:1].copy() for name, part in zip(names, inputs)}
    direct = [common.timed(session.run, None, image) for _ in range(common.LATENCY_CALLS)]
    report["latency_ms"] = common.median(direct) * 1000
    report["predict_latency_ms"] = None
    report["predict_latency_calls"] = 0
    common.log(args, f"latency: {report['latency_ms']:.3f} ms direct")
    report.finish(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
