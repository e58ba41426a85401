"""Writes Keras files in the formats only older Keras writes, for the Java tests (run by hand;
the output is committed). Run it once under each older Keras:

    python3 -m venv /tmp/tf && /tmp/tf/bin/pip install -r requirements-tf-keras.txt
    /tmp/tf/bin/python generate_older_fixtures.py ../resources/keras/files
    python3 -m venv /tmp/k35 && /tmp/k35/bin/pip install -r requirements-keras35.txt
    KERAS_BACKEND=jax /tmp/k35/bin/python generate_older_fixtures.py ../resources/keras/files

Under TensorFlow 2.15's tf.keras (Keras 2): legacy ``.h5`` full models (``model_config`` attribute, Keras 2
layer configs and ``:0`` weight names) and tf.keras's ``.keras`` archive. Under Keras 3.5 (before
3.6's saving changes): ``.keras`` archives. Each file ``<prefix>_<model>`` has a ``.json`` beside it
with the inputs and that Keras's predictions, named like the Keras 3.12 fixtures.
"""

import json
import os
import sys

import numpy as np

try:
    import tensorflow as tf

    keras = tf.keras
    PREFIX = "tf_keras_" + tf.__version__.replace(".", "_")
    VERSION = tf.__version__
    KERAS2 = True
except ImportError:
    import keras

    PREFIX = "keras_" + keras.__version__.replace(".", "_")
    VERSION = keras.__version__
    KERAS2 = False


def tensor(a):
    a = np.asarray(a)
    return {"shape": list(a.shape), "data": [float(v) for v in a.reshape(-1)]}


def models():
    L = keras.layers
    rng = np.random.default_rng(7)
    ids = np.array([[3, 1, 7, 2, 0, 0], [5, 11, 4, 9, 8, 6], [2, 0, 0, 0, 0, 0]], dtype="int32")
    steps = rng.normal(size=(3, 5, 4)).astype("float32")
    keras.utils.set_random_seed(21)
    yield (
        "stacked_lstm_gru",
        keras.Sequential(
            [
                keras.Input((None,), dtype="int32"),
                L.Embedding(12, 4, mask_zero=True),
                L.Bidirectional(L.LSTM(3, return_sequences=True)),
                L.Bidirectional(L.GRU(2)),
                L.Dense(3, activation="softmax"),
            ]
        ),
        ids,
    )
    keras.utils.set_random_seed(22)
    x = keras.Input((None, 4))
    fwd, bwd = L.Bidirectional(L.SimpleRNN(3, return_sequences=True), merge_mode=None)(x)
    y = L.Dense(2)(L.GlobalAveragePooling1D()(L.Add()([fwd, bwd])))
    yield ("functional_simple_rnn_merge_none", keras.Model(x, y), steps)


def variants(out_dir, name):
    """Files derived from tf.keras's, for layouts no Keras on PyPI for this Python writes, each
    made by the change that Keras's own readers undo:

    - ``tf_keras_2_13_layout_<model>.keras``: TF 2.13's archive layout, the top group named
      ``_layer_checkpoint_dependencies`` (what ``H5IOStore.get`` falls back to);
    - ``<prefix>_<model>_split.h5``: the legacy file with every ``weight_names`` attribute split
      into ``weight_names0``, ``weight_names1`` (as Keras 2 splits attributes past 64 KiB);
    - ``broken_missing_var.keras``: one variable of the first layer's forward cell deleted.
    """
    import io
    import shutil
    import zipfile

    import h5py

    base = os.path.join(out_dir, PREFIX + "_" + name)

    def rewrite_archive(src, dst, change):
        with zipfile.ZipFile(src) as z:
            entries = {n: z.read(n) for n in z.namelist()}
        buf = io.BytesIO(entries["model.weights.h5"])
        with h5py.File(buf, "a") as f:
            change(f)
        entries["model.weights.h5"] = buf.getvalue()
        with zipfile.ZipFile(dst, "w") as z:
            for n, data in entries.items():
                z.writestr(n, data)

    rewrite_archive(
        base + ".keras",
        os.path.join(out_dir, "tf_keras_2_13_layout_" + name + ".keras"),
        lambda f: f.move("layers", "_layer_checkpoint_dependencies"),
    )
    shutil.copy(base + ".json", os.path.join(out_dir, "tf_keras_2_13_layout_" + name + ".json"))
    rewrite_archive(
        base + ".keras",
        os.path.join(out_dir, "broken_missing_var.keras"),
        lambda f: f.__delitem__("layers/bidirectional/forward_layer/cell/vars/2"),
    )
    shutil.copy(base + ".h5", base + "_split.h5")
    with h5py.File(base + "_split.h5", "a") as f:
        for group in f["model_weights"].values():
            names = group.attrs.get("weight_names")
            if names is not None and len(names) > 1:
                half = len(names) // 2
                del group.attrs["weight_names"]
                group.attrs["weight_names0"] = names[:half]
                group.attrs["weight_names1"] = names[half:]


def main(out_dir):
    os.makedirs(out_dir, exist_ok=True)
    for name, model, x in models():
        base = os.path.join(out_dir, PREFIX + "_" + name)
        model.compile(loss="mse", optimizer="adam")
        if KERAS2:
            model.save(base + ".h5")
        model.save(base + ".keras")
        with open(base + ".json", "w") as out:
            json.dump(
                {
                    "id": PREFIX + "_" + name,
                    "keras_version": VERSION,
                    "input": tensor(x),
                    "expected_predictions": tensor(model.predict(x, verbose=0)),
                },
                out,
                indent=1,
            )
            out.write("\n")
    if KERAS2:
        variants(out_dir, "stacked_lstm_gru")


if __name__ == "__main__":
    main(sys.argv[1])
