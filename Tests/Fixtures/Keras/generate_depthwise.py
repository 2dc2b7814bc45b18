"""Writes the Keras-made fixtures of DepthwiseConv2D, SeparableConv2D, ELU, PReLU and SpatialDropout2D.

Run from anywhere (KERAS_BACKEND may stay tensorflow):
    /work/main/Benchmarks/.venv/bin/python Tests/Fixtures/Keras/generate_depthwise.py
It writes, in the style of generate_layer_configs.py:
  - layers/<model>.<layer name>.json: each layer's entry of a saved Sequential model's `layers`
    list (the configuration Keras writes, with `build_config`), for two small models;
  - outputs/<case>.json: a layer's arguments (for the reader), a seeded input, the layer's weights
    in Keras's order ({"name", "shape", "values"}) and Keras's output on that input. For
    SpatialDropout2D also Keras's output in training (its random mask is not ours: the tests check
    the channel-wise pattern and the scale, not the values).
The tests read these files and never need Python.
"""
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from fixture_common import HERE, saved_config, tensor, write, write_layers  # noqa: E402
import numpy as np  # noqa: E402
import keras  # noqa: E402
from keras import initializers, layers, regularizers  # noqa: E402


def models():
    keras.utils.clear_session()
    depthwise = keras.Sequential([
        keras.Input((9, 8, 3)),
        layers.DepthwiseConv2D(3, strides=2, padding="same", depth_multiplier=2,
                               depthwise_initializer=initializers.HeNormal(),
                               bias_regularizer=regularizers.L2(0.01)),
        layers.SeparableConv2D(4, (3, 2), activation="relu", depth_multiplier=2,
                               pointwise_initializer="he_uniform",
                               depthwise_regularizer=regularizers.L1(0.001),
                               pointwise_regularizer=regularizers.L2(0.02),
                               bias_initializer=initializers.Constant(0.1)),
        layers.ELU(alpha=0.5),
        layers.PReLU(alpha_initializer=initializers.Constant(0.25), shared_axes=[1, 2]),
        layers.SpatialDropout2D(0.3, seed=7),
    ], name="depthwise")
    separable = keras.Sequential([
        keras.Input((6, 6, 2)),
        layers.DepthwiseConv2D((2, 3), strides=(1, 2), use_bias=False, activation="tanh"),
        layers.SeparableConv2D(3, 2, strides=2, padding="same", use_bias=False),
        layers.ELU(),
        layers.PReLU(alpha_regularizer=regularizers.L1(0.01)),
        layers.SpatialDropout2D(0.5),
    ], name="separable")
    return [depthwise, separable]


def output_case(name, arguments, layer, input_shape, seed, training_too=False):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=input_shape).astype(np.float32)
    layer.build(input_shape)
    weights = []
    for w in layer.weights:
        value = rng.normal(scale=0.5, size=tuple(w.shape)).astype(np.float32)
        w.assign(value)
        weights.append({"name": w.name, **tensor(value)})
    case = {"arguments": arguments, "input": tensor(x), "weights": weights,
            "output": tensor(keras.ops.convert_to_numpy(layer(x)))}
    if training_too:
        case["training_output"] = tensor(keras.ops.convert_to_numpy(layer(x, training=True)))
    write(HERE / "outputs" / f"{name}.json", case)


def outputs():
    output_case("depthwise_conv2d.valid", "kernelSize: 3",
                layers.DepthwiseConv2D(3), (2, 6, 5, 3), 1)
    output_case("depthwise_conv2d.same_strides2_multiplier2", "kernelSize: (3, 2), strides: (2, 2), padding: same, "
                "depthMultiplier: 2, activation: tanh",
                layers.DepthwiseConv2D((3, 2), strides=2, padding="same", depth_multiplier=2, activation="tanh"),
                (2, 7, 6, 3), 2)
    output_case("separable_conv2d.same_strides2_multiplier2", "4, kernelSize: 3, strides: 2, padding: same, "
                "depthMultiplier: 2, activation: relu",
                layers.SeparableConv2D(4, 3, strides=2, padding="same", depth_multiplier=2, activation="relu"),
                (2, 7, 6, 3), 3)
    output_case("separable_conv2d.valid_no_bias", "5, kernelSize: (2, 3), useBias: false",
                layers.SeparableConv2D(5, (2, 3), use_bias=False), (1, 5, 6, 2), 4)
    output_case("elu", "alpha: 0.7", layers.ELU(alpha=0.7), (2, 3, 4), 5)
    output_case("prelu", "", layers.PReLU(), (2, 3, 4, 2), 6)
    output_case("prelu.shared_axes", "sharedAxes: [1, 2]", layers.PReLU(shared_axes=[1, 2]), (2, 3, 4, 2), 7)
    output_case("spatial_dropout2d", "0.4", layers.SpatialDropout2D(0.4, seed=1), (3, 4, 5, 6), 8, training_too=True)


def main():
    for model in models():
        write_layers(saved_config(model), model.name, keep=lambda entry: entry["class_name"] != "InputLayer")
    outputs()
    print(f"keras {keras.__version__}: wrote {HERE / 'layers'} and {HERE / 'outputs'}")


if __name__ == "__main__":
    main()
