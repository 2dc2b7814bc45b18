"""The benchmark workloads in PyTorch (CPU), same command line and JSON as DLBench:
python torch_bench.py --workload lenet5 --mode quick --json out.json

As in Keras: Glorot-uniform (Xavier) kernels and zero biases, Adam's epsilon 1e-7, a new random
order of the training set each epoch, batches gathered from tensors held in memory. Classifiers
end in logits and train with CrossEntropyLoss (log-softmax fused into the loss, PyTorch's idiom);
inference applies the softmax so that it returns what the Keras model returns. Images are NCHW.
2 threads (torch.set_num_threads(2), inter-op 1).
"""
import time

import common  # first: pins the threads before PyTorch loads

import torch  # noqa: E402
from torch import nn  # noqa: E402

torch.set_num_threads(common.THREADS)
torch.set_num_interop_threads(1)


class ResidualBlock(nn.Module):
    """Zoo.residualBlock: Conv-BN-ReLU-Conv-BN plus the input (or its 1×1 conv-BN projection), ReLU."""

    def __init__(self, channels, filters, stride):
        super().__init__()
        self.body = nn.Sequential(nn.Conv2d(channels, filters, 3, stride, 1), batch_norm(filters), nn.ReLU(),
                                  nn.Conv2d(filters, filters, 3, 1, 1), batch_norm(filters))
        self.shortcut = nn.Identity() if stride == 1 and channels == filters else \
            nn.Sequential(nn.Conv2d(channels, filters, 1, stride), batch_norm(filters))

    def forward(self, x):
        return torch.relu(self.body(x) + self.shortcut(x))


def batch_norm(channels):
    """Keras's BatchNormalization defaults: epsilon 1e-3, moving averages kept at 0.99."""
    return nn.BatchNorm2d(channels, eps=1e-3, momentum=0.01)


def resnet(blocks=(2, 2)):
    """Zoo.resNet(inputShape: [28, 28, 1], classes: 10, blocks: [2, 2]), ending in logits."""
    layers, channels = [nn.Conv2d(1, 16, 3, padding=1), batch_norm(16), nn.ReLU()], 16
    for stage, count in enumerate(blocks):
        for block in range(count):
            layers.append(ResidualBlock(channels, 16 << stage, 2 if stage > 0 and block == 0 else 1))
            channels = 16 << stage
    return layers + [nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(channels, 10)]


class SiameseSmall(nn.Module):
    """Zoo.siameseSmall(inputShape: [28, 28, 1], embedding: 128): the twin on both images, |a - b|,
    then the head, ending in a logit."""

    def __init__(self, embedding=128):
        super().__init__()
        self.twin = nn.Sequential(nn.Conv2d(1, 32, 5), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(32, 64, 3), nn.ReLU(),
                                  nn.MaxPool2d(2), nn.Flatten(), nn.Linear(64 * 5 * 5, embedding), nn.Sigmoid())
        self.head = nn.Linear(embedding, 1)

    def forward(self, left, right):
        return self.head(torch.abs(self.twin(left) - self.twin(right)))


class RowLSTM(nn.Module):
    """LSTM(128) over the 28 rows of 28 pixels, then Dense(10), ending in logits. Initialized as
    Keras's LSTM: Glorot-uniform input kernel, orthogonal recurrent kernel, zero bias but 1 for the
    forget gate (PyTorch's gates are Keras's order: input, forget, cell, output)."""

    def __init__(self, units=128):
        super().__init__()
        self.lstm = nn.LSTM(28, units, batch_first=True)
        self.head = nn.Linear(units, 10)
        nn.init.xavier_uniform_(self.lstm.weight_ih_l0)
        nn.init.orthogonal_(self.lstm.weight_hh_l0)
        nn.init.zeros_(self.lstm.bias_ih_l0)
        nn.init.zeros_(self.lstm.bias_hh_l0)
        with torch.no_grad():
            self.lstm.bias_ih_l0[units:2 * units] = 1

    def forward(self, x):
        _, (h, _) = self.lstm(x)
        return self.head(h[-1])


def make_model(workload):
    if workload == "mlp":
        layers = [nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(), nn.Linear(128, 10)]
    elif workload == "lenet5":
        layers = [nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(6, 16, 5), nn.ReLU(),
                  nn.MaxPool2d(2), nn.Flatten(), nn.Linear(16 * 5 * 5, 120), nn.ReLU(), nn.Linear(120, 84),
                  nn.ReLU(), nn.Linear(84, 10)]
    elif workload == "vgg":
        layers = [nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(), nn.Conv2d(32, 32, 3, padding=1), nn.ReLU(),
                  nn.MaxPool2d(2), nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.Conv2d(64, 64, 3, padding=1),
                  nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(64 * 7 * 7, 128), nn.ReLU(),
                  nn.Dropout(0.5), nn.Linear(128, 10)]
    elif workload == "resnet":
        layers = resnet()
    elif workload == "autoencoder":
        layers = [nn.Linear(784, 32), nn.ReLU(), nn.Linear(32, 784), nn.Sigmoid()]
    elif workload == "lstm":
        layers = None
    model = SiameseSmall() if workload == "siamese" else RowLSTM() if workload == "lstm" else nn.Sequential(*layers)
    for module in model.modules():
        if isinstance(module, (nn.Linear, nn.Conv2d)):
            nn.init.xavier_uniform_(module.weight)
            nn.init.zeros_(module.bias)
    if workload == "autoencoder":
        return model, torch.optim.SGD(model.parameters(), lr=0.01), nn.MSELoss(), model
    optimizer = torch.optim.Adam(model.parameters(), lr=0.001, eps=1e-7)
    if workload == "siamese":
        return model, optimizer, nn.BCEWithLogitsLoss(), lambda left, right: torch.sigmoid(model(left, right))
    return model, optimizer, nn.CrossEntropyLoss(), lambda x: torch.softmax(model(x), dim=1)


def train_epoch(model, optimizer, loss_function, x, y, generator):
    """One epoch; `x` is the list of the model's inputs (one, or a pair's two)."""
    model.train()
    order = torch.randperm(len(y), generator=generator)
    for start in range(0, len(y), common.BATCH_SIZE):
        rows = order[start:start + common.BATCH_SIZE]
        optimizer.zero_grad(set_to_none=True)
        loss = loss_function(model(*(part[rows] for part in x)), y[rows])
        loss.backward()
        optimizer.step()
    return loss.item()


def predict(model, infer, x):
    """Predictions in batches of 256, in inference mode; `x` is the list of the model's inputs."""
    model.eval()
    batch = common.INFERENCE_BATCH_SIZE
    with torch.inference_mode():
        return torch.cat([infer(*(part[start:start + batch] for part in x)) for start in range(0, len(x[0]), batch)])


def quality(model, infer, workload, x, y):
    predictions = predict(model, infer, x)
    if workload == "autoencoder":
        return float(((predictions - x[0]) ** 2).mean())
    if workload == "siamese":  # Keras's binary accuracy: same when the probability is above 0.5
        return float(((predictions > 0.5).float() == y).float().mean())
    return float((predictions.argmax(dim=1) == y).float().mean())


def main():
    args = common.parse_args(__doc__)
    torch.manual_seed(common.SEED)
    generator = torch.Generator().manual_seed(common.SEED)
    model, optimizer, loss_function, infer = make_model(args.workload)
    age = common.process_age()

    start = time.perf_counter()
    x_train, y_train, x_test, y_test = common.load_data(args)
    shape = {"autoencoder": (-1, 784), "lstm": (-1, 28, 28)}.get(args.workload, (-1, 1, 28, 28))
    x_train, x_test = torch.from_numpy(x_train).reshape(shape), torch.from_numpy(x_test).reshape(shape)
    y_train, y_test = torch.from_numpy(y_train), torch.from_numpy(y_test)
    if args.workload == "autoencoder":
        y_train = x_train
    if args.workload == "siamese":  # the pairs' images gathered into tensors, as for Keras
        left, right, labels = common.siamese_pairs(y_train.numpy(), common.TRAIN_PAIR_SEED)
        x_train, y_train = [x_train[left], x_train[right]], torch.from_numpy(labels)
        left, right, labels = common.siamese_pairs(y_test.numpy(), common.TEST_PAIR_SEED)
        x_test, y_test = [x_test[left], x_test[right]], torch.from_numpy(labels)
    else:
        x_train, x_test = [x_train], [x_test]
    data_load = time.perf_counter() - start
    # Keras counts BatchNormalization's moving statistics (PyTorch's running buffers) as parameters.
    statistics = sum(b.numel() for b in model.buffers() if b.is_floating_point())
    report = common.Report("pytorch", torch.__version__, args,
                           sum(p.numel() for p in model.parameters()) + statistics, len(y_train), len(y_test))
    report.set_startup(age, common.process_age(), data_load)
    common.log(args, f"ready in {report['startup_ms']:.1f} ms, data in {data_load:.3f} s")

    quality_epoch, times, test_quality = min(3, args.epochs), [], None
    for epoch in range(args.epochs):
        start = time.perf_counter()
        loss = train_epoch(model, optimizer, loss_function, x_train, y_train, generator)
        times.append(time.perf_counter() - start)
        common.log(args, f"epoch {epoch + 1}: {times[-1]:.3f} s, loss {loss}")
        if epoch + 1 == quality_epoch:
            test_quality = quality(model, infer, args.workload, x_test, y_test)
    report.set_epochs(times, test_quality, quality_epoch)

    predict(model, infer, [part[:common.INFERENCE_BATCH_SIZE] for part in x_test])
    report.set_throughput([len(y_test) / common.timed(predict, model, infer, x_test)
                           for _ in range(common.THROUGHPUT_RUNS)])
    common.log(args, f"throughput: {report['throughput_ips']:.0f} images/s")

    image = [part[:1].clone() for part in x_test]
    model.eval()
    # As users call it: no warm-up, every call counts (the median of LATENCY_CALLS).
    with torch.inference_mode():
        direct = [common.timed(infer, *image) for _ in range(common.LATENCY_CALLS)]
    report["latency_ms"] = common.median(direct) * 1000
    report["predict_latency_ms"] = None  # PyTorch has no predict(); the direct call is its way
    report["predict_latency_calls"] = 0
    common.log(args, f"latency: {report['latency_ms']:.3f} ms direct")
    report.finish(args)


if __name__ == "__main__":
    main()
