"""Writes the Keras fixtures of SwiftDL's `VAE` (Keras's own example, examples/generative/vae.py).

Run from anywhere (KERAS_BACKEND may stay tensorflow):
    /work/main/Benchmarks/.venv/bin/python Tests/Fixtures/Keras/generate_vae.py
It writes zoo/vae.json with:
  - "encoder" / "decoder": the example's two functional models for 28x28x1 and latent_dim 2, as
    layer lists (name, class, output shape without the batch axis, parameter count) and totals;
  - "losses": a small batch (data, reconstruction, z_mean, z_log_var) and the example's
    `train_step` loss terms on it (reconstruction_loss, kl_loss, total_loss), computed with the
    example's own expressions;
  - "fashion_mnist": Keras's example VAE trained as VAETests trains SwiftDL's (the first 6,000
    Fashion-MNIST training images / 255, Adam(), batch 128, 3 epochs, shuffled): its epoch logs,
    a reference for the test's output (other initial weights and draws: not bit-comparable).
The tests read the file and never need Python.
"""
import json
import os
import pathlib

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import numpy as np  # noqa: E402
import keras  # noqa: E402
from keras import layers, ops  # noqa: E402

HERE = pathlib.Path(__file__).resolve().parent


class Sampling(layers.Layer):
    """The example's reparameterization layer: z = z_mean + exp(0.5 * z_log_var) * epsilon."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.seed_generator = keras.random.SeedGenerator(1337)

    def call(self, inputs):
        z_mean, z_log_var = inputs
        batch = ops.shape(z_mean)[0]
        dim = ops.shape(z_mean)[1]
        epsilon = keras.random.normal(shape=(batch, dim), seed=self.seed_generator)
        return z_mean + ops.exp(0.5 * z_log_var) * epsilon


def example_models(latent_dim=2):
    """The encoder and decoder exactly as the Keras example builds them."""
    encoder_inputs = keras.Input(shape=(28, 28, 1))
    x = layers.Conv2D(32, 3, activation="relu", strides=2, padding="same")(encoder_inputs)
    x = layers.Conv2D(64, 3, activation="relu", strides=2, padding="same")(x)
    x = layers.Flatten()(x)
    x = layers.Dense(16, activation="relu")(x)
    z_mean = layers.Dense(latent_dim, name="z_mean")(x)
    z_log_var = layers.Dense(latent_dim, name="z_log_var")(x)
    z = Sampling()([z_mean, z_log_var])
    encoder = keras.Model(encoder_inputs, [z_mean, z_log_var, z], name="encoder")

    latent_inputs = keras.Input(shape=(latent_dim,))
    x = layers.Dense(7 * 7 * 64, activation="relu")(latent_inputs)
    x = layers.Reshape((7, 7, 64))(x)
    x = layers.Conv2DTranspose(64, 3, activation="relu", strides=2, padding="same")(x)
    x = layers.Conv2DTranspose(32, 3, activation="relu", strides=2, padding="same")(x)
    decoder_outputs = layers.Conv2DTranspose(1, 3, activation="sigmoid", padding="same")(x)
    decoder = keras.Model(latent_inputs, decoder_outputs, name="decoder")
    return encoder, decoder


def describe(model):
    rows = []
    for layer in model.layers:
        if isinstance(layer, keras.layers.InputLayer):
            continue
        shape = layer.output.shape if not isinstance(layer.output, list) else layer.output[0].shape
        rows.append({"name": layer.name, "class_name": type(layer).__name__,
                     "output_shape": list(shape[1:]), "params": int(layer.count_params())})
    return {"name": model.name, "params": int(model.count_params()),
            "trainable_params": int(sum(np.prod(w.shape) for w in model.trainable_weights)),
            "layers": rows}


def example_losses():
    """The example train_step's loss expressions on a fixed small batch (2 images of 4x4x1)."""
    rng = np.random.default_rng(9)
    data = rng.uniform(0, 1, (2, 4, 4, 1)).astype("float32")
    data[0, 0, 0, 0], data[1, 3, 3, 0] = 0.0, 1.0
    reconstruction = rng.uniform(0.02, 0.98, (2, 4, 4, 1)).astype("float32")
    reconstruction[0, 1, 1, 0], reconstruction[1, 2, 2, 0] = 0.0, 1.0   # clipped by Keras's epsilon
    z_mean = rng.normal(0, 1, (2, 3)).astype("float32")
    z_log_var = rng.normal(0, 0.5, (2, 3)).astype("float32")
    reconstruction_loss = ops.mean(ops.sum(keras.losses.binary_crossentropy(data, reconstruction), axis=(1, 2)))
    kl_loss = -0.5 * (1 + z_log_var - ops.square(z_mean) - ops.exp(z_log_var))
    kl_loss = ops.mean(ops.sum(kl_loss, axis=1))
    total_loss = reconstruction_loss + kl_loss
    return {"data": data.reshape(-1).tolist(), "data_shape": list(data.shape),
            "reconstruction": reconstruction.reshape(-1).tolist(),
            "z_mean": z_mean.reshape(-1).tolist(), "z_log_var": z_log_var.reshape(-1).tolist(),
            "latent_shape": list(z_mean.shape),
            "reconstruction_loss": float(reconstruction_loss), "kl_loss": float(kl_loss),
            "total_loss": float(total_loss)}


class VAE(keras.Model):
    """The example's model: its own train_step with two loss terms logged through Mean trackers."""

    def __init__(self, encoder, decoder, **kwargs):
        super().__init__(**kwargs)
        self.encoder, self.decoder = encoder, decoder
        self.total_loss_tracker = keras.metrics.Mean(name="total_loss")
        self.reconstruction_loss_tracker = keras.metrics.Mean(name="reconstruction_loss")
        self.kl_loss_tracker = keras.metrics.Mean(name="kl_loss")

    @property
    def metrics(self):
        return [self.total_loss_tracker, self.reconstruction_loss_tracker, self.kl_loss_tracker]

    def train_step(self, data):
        import tensorflow as tf
        with tf.GradientTape() as tape:
            z_mean, z_log_var, z = self.encoder(data)
            reconstruction = self.decoder(z)
            reconstruction_loss = ops.mean(ops.sum(keras.losses.binary_crossentropy(data, reconstruction), axis=(1, 2)))
            kl_loss = -0.5 * (1 + z_log_var - ops.square(z_mean) - ops.exp(z_log_var))
            kl_loss = ops.mean(ops.sum(kl_loss, axis=1))
            total_loss = reconstruction_loss + kl_loss
        grads = tape.gradient(total_loss, self.trainable_weights)
        self.optimizer.apply_gradients(zip(grads, self.trainable_weights))
        self.total_loss_tracker.update_state(total_loss)
        self.reconstruction_loss_tracker.update_state(reconstruction_loss)
        self.kl_loss_tracker.update_state(kl_loss)
        return {m.name: m.result() for m in self.metrics}


def fashion_mnist_run():
    """Keras's example VAE on the first 6,000 Fashion-MNIST training images, 3 epochs of batch 128."""
    import gzip
    path = pathlib.Path("/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz")
    images = np.frombuffer(gzip.open(path).read(), np.uint8, offset=16).reshape(-1, 28, 28, 1)
    x = images[:6000].astype("float32") / 255
    keras.utils.set_random_seed(2026)
    encoder, decoder = example_models()
    vae = VAE(encoder, decoder)
    vae.compile(optimizer=keras.optimizers.Adam())
    history = vae.fit(x, epochs=3, batch_size=128, verbose=2)
    logs = history.history
    return {"loss": logs["total_loss"], "reconstruction_loss": logs["reconstruction_loss"], "kl_loss": logs["kl_loss"]}


def main():
    keras.utils.clear_session()
    encoder, decoder = example_models()
    fixture = {"keras_version": keras.__version__, "encoder": describe(encoder), "decoder": describe(decoder),
               "losses": example_losses(), "fashion_mnist": fashion_mnist_run()}
    out = HERE / "zoo" / "vae.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(fixture, indent=1) + "\n")
    print(f"wrote {out}: encoder {fixture['encoder']['params']}, decoder {fixture['decoder']['params']} parameters")


if __name__ == "__main__":
    main()
