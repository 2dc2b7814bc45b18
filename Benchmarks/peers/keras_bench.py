"""The benchmark workloads in Keras 3 (CPU), same command line and JSON as DLBench:
python keras_bench.py --workload lenet5 --mode quick --json out.json

The backend is KERAS_BACKEND's: `tensorflow` (the default; framework "keras") or `jax` (framework
"keras-jax": Keras 3 on JAX, its train step jit-compiled by XLA). Keras's defaults are the workloads'
initializers (Glorot-uniform kernels, zero biases); fit() shuffles the training set before each epoch;
2 threads (TensorFlow intra-op 2, inter-op 1; XLA's intra_op_parallelism_threads=2).
"""
import os
import time

import common  # first: pins the threads before TensorFlow or JAX loads

BACKEND = os.environ.setdefault("KERAS_BACKEND", "tensorflow")
if BACKEND == "jax":
    os.environ.setdefault("XLA_FLAGS", f"--xla_cpu_multi_thread_eigen=true "
                                       f"intra_op_parallelism_threads={common.THREADS}")
    import jax  # noqa: E402

    FRAMEWORK, BACKEND_VERSION = "keras-jax", f"JAX {jax.__version__}"
else:
    import tensorflow as tf  # noqa: E402

    tf.config.threading.set_intra_op_parallelism_threads(common.THREADS)
    tf.config.threading.set_inter_op_parallelism_threads(1)
    FRAMEWORK, BACKEND_VERSION = "keras", f"TF {tf.__version__}"

import keras  # noqa: E402
from keras import layers  # noqa: E402


def make_model(workload):
    if workload == "mlp":
        stack = [keras.Input((28, 28, 1)), layers.Flatten(), layers.Dense(256, activation="relu"),
                 layers.Dense(128, activation="relu"), layers.Dense(10, activation="softmax")]
    elif workload == "lenet5":
        stack = [keras.Input((28, 28, 1)), layers.Conv2D(6, 5, padding="same", activation="relu"),
                 layers.MaxPooling2D(2), layers.Conv2D(16, 5, padding="valid", activation="relu"),
                 layers.MaxPooling2D(2), layers.Flatten(), layers.Dense(120, activation="relu"),
                 layers.Dense(84, activation="relu"), layers.Dense(10, activation="softmax")]
    elif workload == "vgg":
        stack = [keras.Input((28, 28, 1)),
                 layers.Conv2D(32, 3, padding="same", activation="relu"),
                 layers.Conv2D(32, 3, padding="same", activation="relu"), layers.MaxPooling2D(2),
                 layers.Conv2D(64, 3, padding="same", activation="relu"),
                 layers.Conv2D(64, 3, padding="same", activation="relu"), layers.MaxPooling2D(2),
                 layers.Flatten(), layers.Dense(128, activation="relu"), layers.Dropout(0.5),
                 layers.Dense(10, activation="softmax")]
    elif workload == "lstm":  # each image read row by row: 28 steps of 28 features
        stack = [keras.Input((28, 28)), layers.LSTM(128), layers.Dense(10, activation="softmax")]
    elif workload == "autoencoder":
        stack = [keras.Input((784,)), layers.Dense(32, activation="relu"), layers.Dense(784, activation="sigmoid")]
    model = resnet() if workload == "resnet" else siamese_small() if workload == "siamese" else \
        keras.Sequential(stack, name=workload)
    if workload == "autoencoder":
        model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.01), loss="mse")
    elif workload == "siamese":
        model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.001), loss="binary_crossentropy",
                      metrics=["accuracy"])
    else:
        model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.001),
                      loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


def residual_block(x, filters, strides=1):
    """Zoo.residualBlock: Conv-BN-ReLU-Conv-BN plus the input (or its 1×1 conv-BN projection), ReLU."""
    y = layers.Conv2D(filters, 3, strides=strides, padding="same")(x)
    y = layers.ReLU()(layers.BatchNormalization()(y))
    y = layers.BatchNormalization()(layers.Conv2D(filters, 3, padding="same")(y))
    shortcut = x
    if strides != 1 or x.shape[-1] != filters:
        shortcut = layers.BatchNormalization()(layers.Conv2D(filters, 1, strides=strides)(x))
    return layers.ReLU()(layers.Add()([y, shortcut]))


def resnet(blocks=(2, 2)):
    """Zoo.resNet(inputShape: [28, 28, 1], classes: 10, blocks: [2, 2]): 43,658 parameters."""
    image = keras.Input((28, 28, 1))
    x = layers.ReLU()(layers.BatchNormalization()(layers.Conv2D(16, 3, padding="same")(image)))
    for stage, count in enumerate(blocks):
        for block in range(count):
            x = residual_block(x, 16 << stage, strides=2 if stage > 0 and block == 0 else 1)
    output = layers.Dense(10, activation="softmax")(layers.GlobalAveragePooling2D()(x))
    return keras.Model(image, output, name="resnet")


def siamese_small(embedding=128):
    """Zoo.siameseSmall(inputShape: [28, 28, 1], embedding: 128), as Tests/Fixtures/Keras/oneshot_keras.py."""
    image = keras.Input((28, 28, 1))
    h = layers.MaxPooling2D(2)(layers.Conv2D(32, 5, activation="relu")(image))
    h = layers.Flatten()(layers.MaxPooling2D(2)(layers.Conv2D(64, 3, activation="relu")(h)))
    twin = keras.Model(image, layers.Dense(embedding, activation="sigmoid")(h), name="twin")
    left, right = keras.Input((28, 28, 1), name="left"), keras.Input((28, 28, 1), name="right")
    distance = layers.Lambda(lambda t: keras.ops.abs(t[0] - t[1]), name="l1_distance")([twin(left), twin(right)])
    return keras.Model([left, right], layers.Dense(1, activation="sigmoid")(distance), name="siamese_small")


def head(x, count):
    """The first `count` samples of `x`, one array or a pair's two."""
    return [part[:count] for part in x] if isinstance(x, list) else x[:count]


class EpochTimer(keras.callbacks.Callback):
    """Times each epoch and evaluates on the test set after `quality_epoch` (outside the timing)."""

    def __init__(self, args, x_test, y_test, quality_epoch):
        super().__init__()
        self.args, self.x_test, self.y_test, self.quality_epoch = args, x_test, y_test, quality_epoch
        self.times, self.quality, self.start = [], None, 0.0

    def on_epoch_begin(self, epoch, logs=None):
        self.start = time.perf_counter()

    def on_epoch_end(self, epoch, logs=None):
        self.times.append(time.perf_counter() - self.start)
        common.log(self.args, f"epoch {epoch + 1}: {self.times[-1]:.3f} s, loss {logs.get('loss')}")
        if epoch + 1 == self.quality_epoch:
            results = self.model.evaluate(self.x_test, self.y_test, batch_size=common.INFERENCE_BATCH_SIZE,
                                          verbose=0, return_dict=True)
            self.quality = float(results["accuracy"] if "accuracy" in results else results["loss"])


def main():
    args = common.parse_args(__doc__)
    keras.utils.set_random_seed(common.SEED)
    model = make_model(args.workload)
    age = common.process_age()

    start = time.perf_counter()
    x_train, y_train, x_test, y_test = common.load_data(args)
    shape = {"autoencoder": (-1, 784), "lstm": (-1, 28, 28)}.get(args.workload, (-1, 28, 28, 1))
    x_train, x_test = x_train.reshape(shape), x_test.reshape(shape)
    if args.workload == "autoencoder":
        y_train, y_test = x_train, x_test
    elif args.workload == "siamese":  # the pairs' images gathered into arrays, as Keras users feed them
        left, right, y_train = common.siamese_pairs(y_train, common.TRAIN_PAIR_SEED)
        x_train = [x_train[left], x_train[right]]
        left, right, y_test = common.siamese_pairs(y_test, common.TEST_PAIR_SEED)
        x_test = [x_test[left], x_test[right]]
    data_load = time.perf_counter() - start
    report = common.Report(FRAMEWORK, f"{keras.__version__} ({BACKEND_VERSION})", args, model.count_params(),
                           len(y_train), len(y_test))
    report.set_startup(age, common.process_age(), data_load)
    common.log(args, f"ready in {report['startup_ms']:.1f} ms, data in {data_load:.3f} s")

    quality_epoch = min(3, args.epochs)
    timer = EpochTimer(args, x_test, y_test, quality_epoch)
    model.fit(x_train, y_train, batch_size=common.BATCH_SIZE, epochs=args.epochs, shuffle=True, verbose=0,
              callbacks=[timer])
    report.set_epochs(timer.times, timer.quality, quality_epoch)

    batch = common.INFERENCE_BATCH_SIZE
    model.predict(head(x_test, batch), batch_size=batch, verbose=0)
    report.set_throughput([len(y_test) / common.timed(model.predict, x_test, batch_size=batch, verbose=0)
                           for _ in range(common.THROUGHPUT_RUNS)])
    common.log(args, f"throughput: {report['throughput_ips']:.0f} images/s")

    tensor = keras.ops.convert_to_tensor
    image = [tensor(part) for part in head(x_test, 1)] if args.workload == "siamese" else tensor(x_test[:1])
    # As users call it: no warm-up, every call counts (the median of LATENCY_CALLS).
    direct = [common.timed(model, image, training=False) for _ in range(common.LATENCY_CALLS)]
    report["latency_ms"] = common.median(direct) * 1000
    calls = common.predict_latency_calls(args.mode)
    predicted = [common.timed(model.predict, head(x_test, 1), verbose=0)
                 for _ in range(common.WARM_UP_CALLS + calls)][common.WARM_UP_CALLS:]
    report["predict_latency_ms"] = common.median(predicted) * 1000
    common.log(args, f"latency: {report['latency_ms']:.3f} ms direct, {report['predict_latency_ms']:.3f} ms predict()")
    report.finish(args)


if __name__ == "__main__":
    main()
